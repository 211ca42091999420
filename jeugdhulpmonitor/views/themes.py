"""Thema's: per theme the framework's four levels, each indicator with its key figure, status
against the target path at the period shown (path value and tolerance beside it), its trend and
milestones. A region without themes gets its own KPI framework here, each KPI judged by its own
targets (IJmond/Zuid-Kennemerland; issue 28, item 9), where the page pointed to an Overzicht
without those KPIs."""

from __future__ import annotations

from dataclasses import replace

from jeugdhulpmonitor.catalogue import CATALOGUE, LEVEL_LABELS, THEME_LABELS, Indicator
from jeugdhulpmonitor.engine import Engine, Figure
from jeugdhulpmonitor.formatting import day, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import Chart, Columns, Link, Notice, PageModel, PageView, Section, Text
from jeugdhulpmonitor.periods import Period, series
from jeugdhulpmonitor.views import kpis
from jeugdhulpmonitor.views.common import describe, key_figure, status_line, suppression_note

FIRST_YEAR = 2024


def themas(engine: Engine, view: PageView) -> PageModel:
    sel, period = view.selection, view.period
    if not GEO().regions[sel.region].has_themes:
        return _kpi_framework(engine, view) if kpis.has_framework(sel.region) else _no_framework(engine, view)
    # The theme chooses which part of the framework is shown ("Alle thema's": every theme); the
    # indicators count all trajectories of the selection (out-of-home placements per 1,000 are
    # society-level figures).
    themes = [sel.theme] if sel.theme else [t for t in THEME_LABELS if CATALOGUE().in_theme(t)]
    sel = replace(sel, theme=None)
    shown = THEME_LABELS[themes[0]] if len(themes) == 1 else "Alle thema's"
    model = PageModel("Thema's", f"{shown} · {describe(sel, engine)} · {period.label}")
    note = THEME_NOTE.format(theme=themes[0]) if len(themes) == 1 else ALL_THEMES_NOTE
    model.sections.append(Section(None, [Text(note, caption=True)], key="theme-note"))
    years = series(period.form, FIRST_YEAR, period.year)
    for theme in themes:
        if len(themes) > 1:
            model.sections.append(Section(THEME_LABELS[theme], key=f"theme-{theme}"))
        for level, label in LEVEL_LABELS.items():
            indicators = [i for i in CATALOGUE().in_theme(theme) if i.level == level]
            if indicators:
                key = f"level-{level}" if len(themes) == 1 else f"level-{theme}-{level}"
                model.sections.append(Section(label if len(themes) == 1 else f"{theme} · {label}", key=key))
                model.sections += [
                    Section(None, [_indicator(engine, sel, period, years, i)], key=f"ind-{i.id}", border=True)
                    for i in indicators
                ]
    suppression_note(model)
    return model


NO_THEMES_NOTE = (
    "{region} werkt niet met thema's A–D zoals Amsterdam-Amstelland: het sturingskader is een set KPI's, "
    "afgesproken met de strategische partners. Hieronder elke KPI met zijn verloop sinds {first} en waaraan "
    "hij in dit kader wordt beoordeeld; waar het kader geen streefwaarde geeft, staat dat erbij."
)


def _kpi_framework(engine: Engine, view: PageView) -> PageModel:
    """The region's KPIs per group of its framework, each as a theme's indicator is shown: key
    figure, what it is judged against in this region (or no target), its trend since FIRST_YEAR."""
    sel, period = view.selection, view.period
    framework = CATALOGUE().frameworks[sel.region]
    model = PageModel("Thema's", f"KPI's · {describe(sel, engine)} · {period.label}")  # the name holds the region
    note = NO_THEMES_NOTE.format(region=GEO().name(sel.region), first=FIRST_YEAR)
    model.sections.append(
        Section(None, [Text(note, key="kpi-note"), Text(framework.source, caption=True)], key="theme-note")
    )
    years = series(period.form, FIRST_YEAR, period.year)
    for key, label, members in CATALOGUE().kpis(sel.region):
        model.sections.append(Section(label, key=f"kpi-group-{key}"))
        model.sections += [
            Section(
                None,
                [_indicator(engine, sel, period, years, kpis.judged(i.id, sel.region))],
                key=f"ind-{i.id}",
                border=True,
            )
            for i in members
        ]
    suppression_note(model)
    return model


def _no_framework(engine: Engine, view: PageView) -> PageModel:
    """A region with neither themes nor a KPI framework: say so, and lead to its figures."""
    sel, period = view.selection, view.period
    model = PageModel("Thema's", f"{describe(sel, engine)} · {period.label}")
    text = f"{GEO().name(sel.region)} werkt niet met thema's A–D en heeft in de catalogus geen eigen KPI's."
    link = Link("Naar de kerncijfers op het overzicht →", "overzicht", {"regio": sel.region, "periode": str(period)})
    model.sections.append(Section(None, [Notice(text), link]))
    return model


ALL_THEMES_NOTE = (
    "De thema's zijn delen van het sturingskader, geen filters op trajecten: elke indicator hieronder telt "
    "alle jeugdigen en trajecten van de selectie. Kies een thema in de filters om één thema te zien."
)
THEME_NOTE = (
    "Thema {theme} is een deel van het sturingskader, geen filter op trajecten: de indicatoren "
    "hieronder tellen alle jeugdigen en trajecten van de selectie, niet alleen die van thema {theme}."
)


def _indicator(engine: Engine, sel, period: Period, years: list[Period], ind: Indicator) -> Columns:
    fig = engine.compute(ind.id, period, sel)[0]
    kf = key_figure(fig, sel, engine)
    basis = CATALOGUE().target_basis(ind.id, sel.region)
    kf.help = "\n\n".join(filter(None, [kf.help, rule_text(ind), basis]))
    left = [kf, *(_change_text(ind, fig) or []), Text(judgement(ind, fig), caption=True, key=f"status-{ind.id}")]
    if ind.kind == "milestone":
        left.insert(1, Text(milestone_text(ind, fig), caption=True, key=f"milestone-{ind.id}"))
        return Columns([left, []], widths=[1, 2])
    trend = engine.series(ind.id, years, sel)
    empty = all(f.value is None for f in trend)
    chart = Chart("trend_with_path", {"ind": ind, "figs": trend}, key=f"chart-{ind.id}", empty=empty)
    return Columns([left, [chart]], widths=[1, 2])


def rule_text(ind: Indicator) -> str:
    """How the status is judged (the figure's ⓘ)."""
    if ind.status.rule == "milestone":
        return (
            f"Status: op koers als de mijlpaal uiterlijk {day(ind.status.due)} is bereikt, achter als hij later "
            "is bereikt, uit koers als hij na die datum nog niet is bereikt. Een mijlpaal van de regio geldt "
            "voor elke gemeente en elk gebied, tenzij er gegevens over die gemeente of dat gebied zelf zijn."
        )
    if ind.status.rule == "ceiling":
        return (
            f"Status: op koers als de waarde op of onder de grens van {number(ind.status.limit, ind.format)} "
            "ligt, in elk jaar; uit koers daarboven."
        )
    if ind.status.rule != "target_path":
        return "Status: deze indicator wordt gevolgd, niet beoordeeld tegen een doel."
    return (
        "Status: beoordeeld tegen het doelpad in de getoonde periode (nulmeting 2026, lineair naar het doel "
        "van 2028 en daarna naar 2034). Op koers bij of voorbij het doelpad; achter als de waarde er "
        f"hooguit {tolerance_text(ind)} naast zit; uit koers daarbuiten."
    )


def tolerance_text(ind: Indicator, path: float | None = None) -> str:
    tol = ind.status.tolerance
    fmt = ind.format if ind.format != "0" else "0,0"
    if isinstance(tol, str):
        share = f"{number(float(tol.rstrip('%')), '0,0')}% van de doelpadwaarde"
        return share + (f" ({number(abs(path) * float(tol.rstrip('%')) / 100, fmt)})" if path is not None else "")
    return number(tol, fmt)


def judgement(ind: Indicator, fig: Figure) -> str:
    """The status line, with the path value at the period shown and the tolerance; for a figure
    that does not exist at the level asked, why (no "Nog niet meetbaar")."""
    if fig.not_known_at:
        return f"{fig.note[0].upper()}{fig.note[1:]}."
    if ind.status.rule == "none":  # followed, not judged: no "Nog niet meetbaar"
        return f"{kpis.NO_TARGET}: deze indicator wordt gevolgd, niet beoordeeld."
    if ind.status.rule == "ceiling":
        return f"{kpis.ceiling_status(ind, fig)} van hooguit {number(ind.status.limit, ind.format)}"
    line = status_line(fig)
    if ind.status.rule == "target_path" and fig.target_path is not None:
        label = Period.parse(fig.period).label
        line += (
            f" · doelpad {label}: {number(fig.target_path, ind.format)} · marge: {tolerance_text(ind, fig.target_path)}"
        )
    return line


def milestone_text(ind: Indicator, fig: Figure) -> str:
    due = f"Uiterlijk {day(ind.status.due)}"
    if fig.milestone_date:
        return f"{due}; bereikt op {day(fig.milestone_date)}" + (" (te laat)" if fig.milestone_late else " (op tijd)")
    return f"{due}; nog niet bereikt" + (" (te laat)" if fig.milestone_late else "")


def _change_text(ind: Indicator, fig: Figure) -> list[Text] | None:
    """A change against the baseline in words: its direction, an arrow by its sign and a colour
    by whether that direction is good (green) or not (red)."""
    if ind.kind != "change_vs_baseline" or fig.value is None:
        return None
    return [Text(change_words(ind, fig.value), key=f"change-{ind.id}")]


def change_words(ind: Indicator, value: float) -> str:
    if value == 0:
        return "→ gelijk aan de nulmeting 2026"
    word, arrow = ("stijging", "▲") if value > 0 else ("daling", "▼")
    good = (value > 0) == (ind.direction == "higher_is_better")
    colour = "green" if good else "red"
    return f":{colour}[{arrow} {word} van {number(abs(value), '0,0%')} ten opzichte van de nulmeting 2026]"
