"""The KPI framework of a region without themes A-D (IJmond/Zuid-Kennemerland; issue 28, item 9):
its KPIs per group, each judged by the region's own targets (catalogue.yaml `kpi`), with where
that target comes from or why there is none. Overzicht, Thema's and the council report show it."""

from __future__ import annotations

from jeugdhulpmonitor.catalogue import CATALOGUE, Indicator
from jeugdhulpmonitor.engine import Engine, Figure, Selection
from jeugdhulpmonitor.formatting import STATUS_ICONS, STATUS_LABELS, number
from jeugdhulpmonitor.pagemodel import KeyFigure, Link, PageView
from jeugdhulpmonitor.views.common import key_figure

NO_TARGET = "Geen streefwaarde in het kader"


def has_framework(region: str | None) -> bool:
    return region in CATALOGUE().frameworks


def judged(ident: str, region: str | None) -> Indicator:
    """The indicator as the region's framework judges it (its targets and status rule there)."""
    return CATALOGUE().in_region(ident, region)


def target_line(fig: Figure, region: str | None) -> str:
    """What a KPI is judged against in the region, with its status: "Grens: hooguit 100,0% · ●
    Op koers", or "Geen streefwaarde in het kader" where the framework sets none."""
    ind = judged(fig.indicator, region)
    status = f"{STATUS_ICONS[fig.status]} {STATUS_LABELS[fig.status]}"
    if ind.status.rule == "ceiling":
        return f"Grens: hooguit {number(ind.status.limit, ind.format)} · {ceiling_status(ind, fig)}"
    if ind.status.rule == "target_path" and fig.target_2028 is not None:
        return f"Doel 2028: {number(fig.target_2028, ind.format)} · {status}"
    if ind.status.rule == "target_path":
        return f"Doel 2028 ten opzichte van de nulmeting · {status}"
    return NO_TARGET


def ceiling_status(ind: Indicator, fig: Figure) -> str:
    """A figure's status against a limit, with how far under or over it: "● Op koers, 5,6
    procentpunt onder de grens" (a limit is no path, so no "afstand tot doelpad")."""
    status = f"{STATUS_ICONS[fig.status]} {STATUS_LABELS[fig.status]}"
    if fig.distance is None:
        return status
    unit = " procentpunt" if ind.format == "0,0%" else ""
    size = number(abs(fig.distance), "0,0" if ind.format == "0,0%" else ind.format)
    return f"{status}, {size}{unit} {'onder' if fig.distance >= 0 else 'boven'} de grens"


def kpi_figure(engine: Engine, fig: Figure, selection: Selection) -> KeyFigure:
    """A KPI as a key figure: its ⓘ also says where its target comes from (the framework's own
    words), or why there is none. Keyed "kader-<id>": a page may show the same indicator among
    its general key figures too."""
    kf = key_figure(fig, selection, engine, key=f"kader-{fig.indicator}")
    basis = CATALOGUE().target_basis(fig.indicator, selection.region)
    if basis:
        kf.help = f"{kf.help}\n\n{basis}"
    return kf


def figures_link(view: PageView, label: str = "Verloop en streefwaarde per KPI op Thema's →") -> Link:
    """To the KPIs with their trend on Thema's, keeping the selection."""
    sel = view.selection
    params = {"regio": sel.region, "periode": str(view.period)}
    if sel.municipalities:
        params["gemeente"] = sel.municipalities[0]
    if sel.area:
        params["gebied"] = sel.area
    return Link(label, "themas", params)
