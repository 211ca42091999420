"""What every page model says the same way: a selection in words, a figure as a key figure with
its provenance, a status line, figures per group as a table."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Engine, Figure, Selection
from jeugdhulpmonitor.formatting import STATUS_ICONS, STATUS_LABELS, derived_text, figure_text, is_count, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import SECONDARY, SUPPRESSED, SUPPRESSED_VALUE, KeyFigure, PageModel, Table, is_hidden
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.suppression import SECONDARY_EXPLANATION, SUPPRESSED_EXPLANATION, Relation, protect


def describe(selection: Selection, engine: Engine | None = None) -> str:
    """The selection in words, as every caption and label says it (provider by name)."""
    geo = GEO()
    parts = [geo.name(selection.region)] if selection.region else ["alle regio's"]
    parts += [geo.name(m) for m in selection.municipalities]
    if selection.area:
        parts.append(f"gebied {geo.name(selection.area)}")
    if selection.theme:
        parts.append(f"thema {selection.theme}")
    if selection.provider:
        name = engine.providers.get(selection.provider, (selection.provider,))[0] if engine else selection.provider
        parts.append(f"aanbieder {name}")
    return ", ".join(parts)


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
    delta = None
    if (fig.baseline is not None or fig.baseline_suppressed) and fig.value is not None and ind.kind != "amount":
        delta = f"nulmeting 2026: {derived_text(fig, fig.baseline, ind.format)}"
    return KeyFigure(
        label=label or ind.name,
        text=figure_text(fig, ind.format),
        figure=fig,
        delta=delta,
        help=provenance(fig, selection, engine),
        key=key or f"kpi-{fig.indicator}",
    )


def status_line(fig: Figure) -> str:
    ind = CATALOGUE()[fig.indicator]
    text = f"{STATUS_ICONS[fig.status]} {STATUS_LABELS[fig.status]}"
    if fig.distance is not None:
        text += f" (afstand tot doelpad {number(fig.distance, ind.format if ind.format != '0' else '0,0')})"
    return text


def value(fig: Figure):
    """A figure's value for a table cell: its suppression mark where the small-count rule hides it."""
    return hidden(fig) if fig.suppressed else fig.value


def derived(fig: Figure, x):
    """A baseline or target for a table cell: the mark where it rests on a hidden baseline."""
    if x is None and fig.baseline_secondary:
        return SECONDARY
    return hidden(fig) if x is None and fig.baseline_suppressed else x


def hidden(fig: Figure):
    if fig.secondary:
        return SECONDARY
    return SUPPRESSED if is_count(fig) else SUPPRESSED_VALUE


def carries_counts(indicator: str) -> bool:
    """Whether an indicator's figures are counts of people that add up over groups (also when
    shown per 1,000: the population is public, so the count follows from the rate)."""
    ind = CATALOGUE()[indicator]
    return ind.kind == "count" and ind.about_people


def count_of(fig: Figure) -> int:
    """The count of people behind a figure (its numerator when shown per 1,000)."""
    x = fig.numerator if fig.per_1000 else fig.value
    return 0 if x is None else round(x)


def hide_secondary(fig: Figure) -> Figure:
    """The figure hidden as secondary suppression: no value, nothing derived from it."""
    judged = fig.status if fig.status == "not_measurable" or fig.value is None else "not_measurable"
    return replace(
        fig, value=None, numerator=None, denominator=None, distance=None, suppressed=True, secondary=True, status=judged
    )


def protect_figures(shown: dict, raw: dict, relations: list[Relation]) -> dict:
    """Secondary suppression of figures (suppression.protect): `shown` and `raw` hold the same
    cells (any key) as the engine judged them and unsuppressed; `relations` say which cell is the
    sum of which. Returns `shown` with the extra cells hidden as SECONDARY."""
    values = {k: count_of(f) for k, f in raw.items()}
    hide = protect(values, {k for k, f in shown.items() if f.suppressed}, relations)
    return {k: hide_secondary(f) if k in hide else f for k, f in shown.items()}


def total_and_parts(
    engine: Engine, indicator: str, period, total: Selection, by: str, per_1000: bool = False
) -> tuple[Figure, list[Figure]]:
    """A figure for a selection and per group of it, with the secondary suppression between the
    total and its parts; unchanged when it is not a count. For a region by municipality or area
    the cells are those of `levels`, so that every page hides the same ones."""
    whole = engine.compute(indicator, period, total, per_1000=per_1000)[0]
    parts = engine.compute(indicator, period, total, by=by, per_1000=per_1000)
    if not carries_counts(indicator):
        return whole, parts
    if by in LEVELS and not total.municipalities and total.area is None:
        protected = levels(engine, [indicator], period, total, per_1000)
        return protected[(indicator, None)], [protected[(indicator, by, f.group_key)] for f in parts]
    raw = {None: engine.compute(indicator, period, total, per_1000=per_1000, suppress=False)[0]}
    raw |= {f.group_key: f for f in engine.compute(indicator, period, total, by=by, per_1000=per_1000, suppress=False)}
    shown = {None: whole} | {f.group_key: f for f in parts}
    protected = protect_figures(shown, raw, [Relation(None, tuple(f.group_key for f in parts))])
    return protected[None], [protected[f.group_key] for f in parts]


LEVELS = ("municipality", "area")


def levels(
    engine: Engine, indicators, period, region: Selection, per_1000: bool = False, chosen: tuple | None = None
) -> dict:
    """Figures of a region (with its theme or provider filter), each of its municipalities and
    each of its areas, with the secondary suppression between them, as
    {(indicator, None) | (indicator, "municipality" | "area", code): Figure}.

    The relations: the region is the sum of its municipalities and of its areas; a municipality
    split in areas is the sum of those; an area of several municipalities the sum of those. Every
    page that shows these cells takes them from here, so that no two pages hide different ones
    (one page's shown cell would give away the other's hidden one).

    `chosen` = (selection, by, codes) adds a cell (indicator, "chosen") that is the sum of those
    groups (several municipalities chosen together); only that page then protects it with them."""
    indicators = [indicators] if isinstance(indicators, str) else list(indicators)
    geo = GEO()
    shown, raw = {}, {}
    for suppress, into in ((True, shown), (False, raw)):
        for f in engine.compute(indicators, period, region, per_1000=per_1000, suppress=suppress):
            into[(f.indicator, None)] = f
        for by in LEVELS:
            for f in engine.compute(indicators, period, region, by=by, per_1000=per_1000, suppress=suppress):
                into[(f.indicator, by, f.group_key)] = f
        if chosen is not None:
            for f in engine.compute(indicators, period, chosen[0], per_1000=per_1000, suppress=suppress):
                into[(f.indicator, "chosen")] = f
    out = dict(shown)
    for ident in indicators:
        if not carries_counts(ident):
            continue
        mine = {k: f for k, f in shown.items() if k[0] == ident}
        codes = {by: [k[2] for k in mine if len(k) == 3 and k[1] == by] for by in LEVELS}
        relations = [Relation((ident, None), tuple((ident, by, c) for c in codes[by])) for by in LEVELS]
        for code in codes["municipality"]:
            areas = geo.municipalities[code].areas
            if len(areas) > 1 and all(a in codes["area"] for a in areas):
                relations.append(Relation((ident, "municipality", code), tuple((ident, "area", a) for a in areas)))
        for code in codes["area"]:
            members = geo.areas[code].municipalities
            if len(members) > 1 and all(m in codes["municipality"] for m in members):
                relations.append(Relation((ident, "area", code), tuple((ident, "municipality", m) for m in members)))
        if chosen is not None:
            relations.append(Relation((ident, "chosen"), tuple((ident, chosen[1], c) for c in chosen[2])))
        out |= protect_figures(mine, {k: raw[k] for k in mine}, relations)
    return _baselines_as_in_2026(engine, out, indicators, period, region, per_1000)


def _baselines_as_in_2026(engine: Engine, out: dict, indicators: list[str], period, region, per_1000) -> dict:
    """A baseline is the same span's figure in 2026: hidden where the cells of 2026 hide it,
    or the region's baseline minus the shown ones would give it back."""
    period = Period.parse(period) if isinstance(period, str) else period
    ids = [i for i in indicators if carries_counts(i) and CATALOGUE()[i].baseline.rule == "same_span_2026"]
    if not ids:
        return out
    then = out if period.baseline == period else levels(engine, ids, period.baseline, region, per_1000)
    return {k: hide_baseline(f) if k in then and then[k].secondary else f for k, f in out.items()}


def hide_baseline(fig: Figure) -> Figure:
    """The figure with its baseline hidden as secondary suppression, and what derives from it:
    a target stated relative to the baseline, the target path, the distance and the status."""
    ind = CATALOGUE()[fig.indicator]
    targets = [ind.targets, *ind.overrides.values()]
    relative = any(isinstance(t, str) for each in targets for t in each.values())
    judged = "not_measurable" if ind.status.rule == "target_path" else fig.status
    return replace(
        fig,
        baseline=None,
        baseline_suppressed=True,
        baseline_secondary=True,
        target_2028=None if relative else fig.target_2028,
        target_2034=None if relative else fig.target_2034,
        target_path=None,
        distance=None,
        status=judged,
    )


def as_in_levels(engine: Engine, figs: list[Figure], period, sel: Selection) -> list[Figure]:
    """One municipality's or area's figures, hidden where `levels` hides its cell (a page that
    shows one municipality must not give away a cell that the comparison of all hides)."""
    if sel.area:
        cell = ("area", sel.area)
    elif len(sel.municipalities) == 1:
        cell = ("municipality", sel.municipalities[0])
    else:
        return figs
    counted = [f.indicator for f in figs if carries_counts(f.indicator) and not f.suppressed]
    if not counted:
        return figs
    cells = levels(engine, counted, period, replace(sel, municipalities=(), area=None))
    return [hide_secondary(f) if f.indicator in counted and cells[(f.indicator, *cell)].secondary else f for f in figs]


def figures_table(figs: list[Figure], group_label: str, name: str, key: str | None = None) -> Table:
    """Figures per group: value, baseline, 2028 target and status (one indicator)."""
    fmt = CATALOGUE()[figs[0].indicator].format if figs else "0"
    frame = pd.DataFrame(
        {
            group_label: [GEO().name(f.group_key) for f in figs],
            "Waarde": [value(f) for f in figs],
            "Nulmeting 2026": [derived(f, f.baseline) for f in figs],
            "Doel 2028": [derived(f, f.target_2028) for f in figs],
            "Status": [STATUS_LABELS[f.status] for f in figs],
            "Periode": [f.period for f in figs],
        }
    )
    formats = {"Waarde": fmt, "Nulmeting 2026": fmt, "Doel 2028": fmt}
    return Table(name, frame, formats, key=key)


def filter_words(selection: Selection, engine: Engine | None = None) -> str:
    """The theme, provider or area filter in words ("" without one), for the label or heading
    of a figure it narrows: one label never shows two numbers for the same geography and period."""
    parts = []
    if selection.provider:
        name = engine.providers.get(selection.provider, (selection.provider,))[0] if engine else selection.provider
        parts.append(f"aanbieder {name}")
    if selection.theme:
        parts.append(f"thema {selection.theme}")
    if selection.area:
        parts.append(f"gebied {GEO().name(selection.area)}")
    return ", ".join(parts)


def filtered(label: str, selection: Selection, engine: Engine | None = None) -> str:
    """A label with the filter that narrows its figure: "Instroom (aanbieder X)"."""
    words = filter_words(selection, engine)
    return f"{label} ({words})" if words else label


def suppression_note(model: PageModel) -> None:
    """Add the footnotes that explain the marks when any key figure or table cell is hidden."""
    figures = [k.figure for k in model.blocks(KeyFigure)]
    cells = [v for t in model.blocks(Table) for column in t.frame.columns for v in t.frame[column] if is_hidden(v)]
    hidden_figure = any(f.suppressed or f.baseline_suppressed for f in figures)
    if (hidden_figure or cells) and SUPPRESSED_EXPLANATION not in model.notes:
        model.notes.append(SUPPRESSED_EXPLANATION)
    secondary = any(f.secondary for f in figures) or any(v is SECONDARY for v in cells)
    if secondary and SECONDARY_EXPLANATION not in model.notes:
        model.notes.append(SECONDARY_EXPLANATION)
