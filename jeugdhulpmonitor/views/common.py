"""What every page model says the same way: a selection in words, a figure as a key figure with
its provenance, a status line, figures per group as a table."""

from __future__ import annotations

import pandas as pd

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import PROTECTED_KINDS, Engine, Figure, Selection
from jeugdhulpmonitor.formatting import STATUS_ICONS, STATUS_LABELS, derived_text, figure_text, is_count, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import (
    NOT_KNOWN,
    SUPPRESSED,
    SUPPRESSED_VALUE,
    KeyFigure,
    PageModel,
    Table,
    is_hidden,
    is_not_known,
)
from jeugdhulpmonitor.periods import BASELINE_YEAR, Period
from jeugdhulpmonitor.suppression import PERTURBED_EXPLANATION, SUPPRESSED_EXPLANATION


def describe(selection: Selection, engine: Engine | None = None) -> str:
    """The selection in words, as every caption and label says it (provider by name)."""
    geo = GEO()
    parts = [geo.name(selection.region)] if selection.region else ["alle regio's"]
    parts += [geo.name(m) for m in selection.municipalities]
    if selection.area:
        parts.append(f"gebied {geo.name(selection.area)}")
    if selection.theme:
        parts.append(theme_words(selection.theme))
    if selection.provider:
        name = engine.providers.get(selection.provider, (selection.provider,))[0] if engine else selection.provider
        parts.append(f"aanbieder {name}")
    return ", ".join(parts)


def theme_words(theme: str) -> str:
    """A theme filter in words: it selects trajectories, so it says so. "Thema B" alone is the
    label of the region's theme-B indicators (Thema's), which no filter narrows (issue 28)."""
    return f"trajecten met thema {theme}"


def provenance(fig: Figure, selection: Selection, engine: Engine | None = None) -> str:
    """Definition, period, selection, query and data version of a figure (the metric's ⓘ)."""
    ind = CATALOGUE()[fig.indicator]
    source = f"queries/{ind.source}.sql" if ind.from_flows else "theme_indicators.parquet"
    lines = [
        ind.explanation,
        f"Periode: {Period.parse(fig.period).label}"
        + (f" (gemeten over {Period.parse(fig.measured_period).words})" if fig.measured_period else ""),
        f"Selectie: {describe(selection, engine)}",
        f"Bron: {source}; gegevensversie {fig.data_version}",
    ]
    if fig.suppressed or fig.baseline_suppressed:
        lines.append(SUPPRESSED_EXPLANATION)
    if fig.note:
        lines.append(fig.note)
    return "\n\n".join(lines)


def key_figure(
    fig: Figure, selection: Selection, engine: Engine | None = None, label: str | None = None, key: str | None = None
) -> KeyFigure:
    ind = CATALOGUE()[fig.indicator]
    delta, arrow, colour = None, "off", "gray"
    if (
        (fig.baseline is not None or fig.baseline_suppressed)
        and fig.value is not None
        and ind.kind != "amount"
        and Period.parse(fig.measured_period or fig.period).year > BASELINE_YEAR  # never against itself
    ):
        delta = f"nulmeting {BASELINE_YEAR}: {derived_text(fig, fig.baseline, ind.format)}"
        arrow, colour = change_mark(fig)
    return KeyFigure(
        label=label or ind.name,
        text=figure_text(fig, ind.format),
        figure=fig,
        delta=delta,
        help=provenance(fig, selection, engine),
        key=key or f"kpi-{fig.indicator}",
        delta_arrow=arrow,
        delta_color=colour,
    )


def change_mark(fig: Figure) -> tuple[str, str]:
    """The arrow and colour of a figure's change against its baseline: up or down as the shown
    numbers differ (none where they read the same or the baseline is hidden), green where that
    is the indicator's better direction, red where worse, gray where it has none."""
    ind = CATALOGUE()[fig.indicator]
    if fig.value is None or fig.baseline is None:
        return "off", "gray"
    if figure_text(fig, ind.format) == derived_text(fig, fig.baseline, ind.format):
        return "off", "gray"
    up = fig.value > fig.baseline
    if ind.direction == "none":
        return ("up" if up else "down"), "gray"
    return ("up" if up else "down"), ("green" if up == (ind.direction == "higher_is_better") else "red")


def status_line(fig: Figure) -> str:
    ind = CATALOGUE()[fig.indicator]
    text = f"{STATUS_ICONS[fig.status]} {STATUS_LABELS[fig.status]}"
    if fig.distance is not None:
        text += f" (afstand tot doelpad {number(fig.distance, ind.format if ind.format != '0' else '0,0')})"
    return text


def value(fig: Figure):
    """A figure's value for a table cell: its suppression mark where the small-count rule hides
    it, "n.v.t. per ..." where it does not exist at the level asked."""
    if fig.not_known_at:
        return NOT_KNOWN[fig.not_known_at]
    return hidden(fig) if fig.suppressed else fig.value


def derived(fig: Figure, x):
    """A baseline or target for a table cell: the mark where it rests on a hidden baseline."""
    return hidden(fig) if x is None and fig.baseline_suppressed else x


def hidden(fig: Figure):
    return SUPPRESSED if is_count(fig) else SUPPRESSED_VALUE


def judged_year(fig: Figure) -> int:
    """The year whose target path a figure's status is judged against (its measured period's)."""
    return Period.parse(fig.measured_period or fig.period).year


def path_label(figs: list[Figure]) -> str:
    """The heading of the path values a status is judged against: "Doelpad 2029"."""
    years = sorted({judged_year(f) for f in figs})
    return f"Doelpad {years[0]}" if len(years) == 1 else "Doelpad (jaar van de meting)"


def figures_table(figs: list[Figure], group_label: str, name: str, key: str | None = None) -> Table:
    """Figures per group: value, baseline, 2028 target, the path value the status is judged
    against (a status beside only the 2028 target would contradict it in another year) and status."""
    fmt = CATALOGUE()[figs[0].indicator].format if figs else "0"
    path = path_label(figs)
    frame = pd.DataFrame(
        {
            group_label: [GEO().name(f.group_key) for f in figs],
            "Waarde": [value(f) for f in figs],
            "Nulmeting 2026": [derived(f, f.baseline) for f in figs],
            "Doel 2028": [derived(f, f.target_2028) for f in figs],
            path: [derived(f, f.target_path) for f in figs],
            "Status": [status_cell(f) for f in figs],
            "Periode": [Period.parse(f.period).label for f in figs],
        }
    )
    formats = {"Waarde": fmt, "Nulmeting 2026": fmt, "Doel 2028": fmt, path: fmt}
    return Table(name, frame, formats, key=key)


def status_cell(fig: Figure) -> str:
    """A figure's status for a table: "–" where its region's framework does not judge it (no
    target there), never "Nog niet meetbaar", which says a judgement is still to come (issue 28,
    item 9: IJmond/Zuid-Kennemerland's KPIs without a target in its framework)."""
    geo = GEO()
    region = fig.region_code or (
        geo.municipalities[fig.municipality_code].region
        if fig.municipality_code in geo.municipalities
        else geo.areas[fig.area_code].region
        if fig.area_code in geo.areas
        else None
    )
    judged = CATALOGUE().in_region(fig.indicator, region).status.rule != "none"
    return STATUS_LABELS[fig.status] if judged else "–"


def filter_words(selection: Selection, engine: Engine | None = None) -> str:
    """The theme, provider or area filter in words ("" without one), for the label or heading
    of a figure it narrows: one label never shows two numbers for the same geography and period."""
    parts = []
    if selection.provider:
        name = engine.providers.get(selection.provider, (selection.provider,))[0] if engine else selection.provider
        parts.append(f"aanbieder {name}")
    if selection.theme:
        parts.append(theme_words(selection.theme))
    if selection.area:
        parts.append(f"gebied {GEO().name(selection.area)}")
    return ", ".join(parts)


def filtered(label: str, selection: Selection, engine: Engine | None = None) -> str:
    """A label with the filter that narrows its figure: "Instroom (aanbieder X)"."""
    words = filter_words(selection, engine)
    return f"{label} ({words})" if words else label


NOT_KNOWN_EXPLANATION = (
    "{marks}: dit cijfer bestaat niet op dat niveau, bijvoorbeeld omdat het alleen voor de hele regio "
    "wordt aangeleverd. Het cijfer van een ander niveau staat er niet onder, omdat het dan voor de "
    "gekozen selectie zou worden gelezen; de toelichting van de indicator zegt waar het wel bekend is."
)


def suppression_note(model: PageModel) -> None:
    """Add the footnotes that explain the marks when any key figure or table cell is hidden or
    not known at its level, and that counts of people may deviate a few units (the cell key
    method) wherever a figure resting on them is shown (not under money alone, which is exact)."""
    figures = [k.figure for k in model.blocks(KeyFigure)]
    cells = [v for t in model.blocks(Table) for column in t.frame.columns for v in t.frame[column] if is_hidden(v)]
    hidden_figure = any(f.suppressed or f.baseline_suppressed for f in figures)
    if (hidden_figure or cells) and SUPPRESSED_EXPLANATION not in model.notes:
        model.notes.append(SUPPRESSED_EXPLANATION)
    not_known_note(model)
    counted = [i for i in model.indicators() if CATALOGUE()[i].about_people and CATALOGUE()[i].kind in PROTECTED_KINDS]
    if (counted or cells) and PERTURBED_EXPLANATION not in model.notes:
        model.notes.append(PERTURBED_EXPLANATION)


def not_known_note(model: PageModel) -> None:
    """The footnote of the "n.v.t. per ..." marks a page shows (issue 28)."""
    values = [v for t in model.blocks(Table) for column in t.frame.columns for v in t.frame[column]]
    levels = {k.figure.not_known_at for k in model.blocks(KeyFigure) if k.figure.not_known_at} | {
        level for level, mark in NOT_KNOWN.items() if any(v is mark for v in values if is_not_known(v))
    }
    if levels:
        marks = " / ".join(f'"{NOT_KNOWN[level].mark}"' for level in NOT_KNOWN if level in levels)
        note = NOT_KNOWN_EXPLANATION.format(marks=marks)
        if note not in model.notes:
            model.notes.append(note)
