"""Overzicht: the region at a glance for the chosen period, with a status tile per theme."""

from __future__ import annotations

from jeugdhulpmonitor.catalogue import CATALOGUE, THEME_LABELS
from jeugdhulpmonitor.engine import STATUSES, Engine
from jeugdhulpmonitor.formatting import STATUS_ICONS, STATUS_LABELS, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import Columns, Link, PageModel, PageView, Section, Text, Tile
from jeugdhulpmonitor.views.common import describe, key_figure, status_line, suppression_note

KEY_FIGURES = [
    "young_people_in_care",
    "inflow",
    "outflow",
    "out_of_home_per_1000",
    "budget_utilisation_pct",
    "forecast_year_end_eur",
]
WORST_FIRST = ("off_track", "behind", "on_track", "not_measurable")
# How a theme's tile gets its status, said on the tile (issue 28, item 6).
THEME_RULE = "Het thema krijgt de minst gunstige status van zijn beoordeelde indicatoren."
SETTING_SHOWN = 4  # indicators named on the tile as setting its status


def overzicht(engine: Engine, view: PageView) -> PageModel:
    sel, period = view.selection, view.period
    figs = {f.indicator: f for f in engine.compute([*KEY_FIGURES, "budget_eur"], period, sel)}
    top = [Columns([[key_figure(figs[i], sel, engine)] for i in KEY_FIGURES])]
    budget = figs["budget_eur"]
    if budget.value:
        top.append(
            Text(
                f"Budget {period.year}: {number(budget.value, '€ mln')}; eindejaarsprognose "
                f"{number(figs['forecast_year_end_eur'].value, '€ mln')}.",
                caption=True,
            )
        )
    model = PageModel("Overzicht", f"{describe(sel, engine)} · {period.label}", [Section(None, top, key="key-figures")])
    if GEO().regions[sel.region].has_themes:
        tiles = [_theme_tile(engine, view, theme) for theme in "ABCD"]
        model.sections.append(Section("Thema's", [Columns([[t] for t in tiles])], key="themes"))
    suppression_note(model)
    return model


def _theme_tile(engine: Engine, view: PageView, theme: str) -> Tile:
    sel, period = view.selection, view.period
    judged = [i.id for i in CATALOGUE().in_theme(theme) if i.status.rule != "none"]
    # A figure that does not exist for the selection (n.v.t. per gebied) is no status to count.
    figs = [f for f in engine.compute(judged, period, sel) if not f.not_known_at]
    counts = {s: sum(f.status == s for f in figs) for s in STATUSES}
    status = next(s for s in WORST_FIRST if counts[s]) if figs else "not_measurable"
    lines = [" · ".join(f"{STATUS_LABELS[s]}: {counts[s]}" for s in STATUSES), THEME_RULE]
    # The indicators that set the status, so the tile never says "Uit koers" above only "Op koers".
    setting = [f for f in figs if f.status == status and status != "not_measurable"]
    lines += [f"{CATALOGUE()[f.indicator].name}: {status_line(f)}" for f in setting[:SETTING_SHOWN]]
    if len(setting) > SETTING_SHOWN:
        lines.append(f"en {len(setting) - SETTING_SHOWN} andere indicatoren met deze status")
    link = Link(f"Naar thema {theme} →", "themas", {"thema": theme, "regio": sel.region, "periode": str(period)})
    return Tile(THEME_LABELS[theme], f"{STATUS_ICONS[status]} {STATUS_LABELS[status]}", lines, link, f"theme-{theme}")
