"""Overzicht: the region at a glance for the chosen period, with a status tile per theme, or
for a region without themes its own KPIs (IJmond/Zuid-Kennemerland; issue 28, item 9)."""

from __future__ import annotations

from jeugdhulpmonitor.catalogue import CATALOGUE, THEME_LABELS
from jeugdhulpmonitor.engine import STATUSES, Engine
from jeugdhulpmonitor.formatting import STATUS_ICONS, STATUS_LABELS, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import Columns, Link, PageModel, PageView, Section, Text, Tile
from jeugdhulpmonitor.sentences import not_measurable_note
from jeugdhulpmonitor.views import kpis, signals
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


def key_figures(region: str | None) -> list[str]:
    """The general key figures of the region's framework: out-of-home placements per 1,000 are
    Amsterdam-Amstelland's (theme B), not IJmond/Zuid-Kennemerland's (issue 28, item 9); a KPI
    of the region's own framework stands with its group below, not twice."""
    own = {i.id for _k, _l, members in CATALOGUE().kpis(region) for i in members} if region else set()
    return [i for i in KEY_FIGURES if (region is None or region in CATALOGUE()[i].regions) and i not in own]


def overzicht(engine: Engine, view: PageView) -> PageModel:
    sel, period = view.selection, view.period
    shown = key_figures(sel.region)
    figs = {f.indicator: f for f in engine.compute([*shown, "budget_eur"], period, sel)}
    top = [Columns([[key_figure(figs[i], sel, engine)] for i in shown])]
    budget = figs["budget_eur"]
    if budget.value:
        top.append(
            Text(
                f"Het budget voor {period.year} is {number(budget.value, '€ mln')}; als de uitgaven in dit tempo "
                f"doorgaan, komt het hele jaar uit op {number(figs['forecast_year_end_eur'].value, '€ mln')} "
                "(eindejaarsprognose).",
                caption=True,
            )
        )
    # What needs attention before the year is out comes first (issue 29, item 3).
    model = PageModel(
        "Overzicht",
        f"{describe(sel, engine)} · {period.label}",
        [*signals.section(engine, sel, period), Section(None, top, key="key-figures")],
    )
    if GEO().regions[sel.region].has_themes:
        tiles = [_theme_tile(engine, view, theme) for theme in "ABCD"]
        model.sections.append(Section("Thema's", [Columns([[t] for t in tiles])], key="themes"))
    elif kpis.has_framework(sel.region):
        model.sections += _kpi_sections(engine, view)
    suppression_note(model)
    return model


KPI_COLUMNS = 3  # the widest group; narrower groups keep the same column widths


def _kpi_sections(engine: Engine, view: PageView) -> list[Section]:
    """The region's KPIs per group of its framework, each with its value against the baseline
    and what it is judged against there (a limit, or no target in the framework)."""
    sel, period = view.selection, view.period
    framework = CATALOGUE().frameworks[sel.region]
    sections = [
        Section(
            framework.name,
            [Text(framework.source, caption=True, key="kpis-source"), kpis.figures_link(view)],
            key="kpis",
        )
    ]
    for key, label, members in CATALOGUE().kpis(sel.region):
        cells = [
            [
                kpis.kpi_figure(engine, f, sel),
                Text(kpis.target_line(f, sel.region), caption=True, key=f"target-{f.indicator}"),
            ]
            for f in engine.compute([i.id for i in members], period, sel)
        ]
        cells += [[] for _ in range(KPI_COLUMNS - len(cells))]
        sections.append(Section(label, [Columns(cells)], key=f"kpi-group-{key}", border=True))
    return sections


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
    if status == "not_measurable":  # why: the baseline year, or figures not known here (issue 28, item 13)
        lines.append(not_measurable_note([(CATALOGUE()[f.indicator], f) for f in figs]) or "")
    link = Link(f"Naar thema {theme} →", "themas", {"thema": theme, "regio": sel.region, "periode": str(period)})
    return Tile(THEME_LABELS[theme], f"{STATUS_ICONS[status]} {STATUS_LABELS[status]}", lines, link, f"theme-{theme}")
