"""Cliëntstromen: inflow, outflow and young people in care over time; by care form, referrer, age
group and provider; movement between care forms; waiting times and early terminations per
provider. Under a provider or theme filter every label and heading says so."""

from __future__ import annotations

import pandas as pd

from jeugdhulpmonitor import breakdowns
from jeugdhulpmonitor.breakdowns import DIMENSIONS
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.contract import CARE_FORM_LABELS, REFERRER_LABELS
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.pagemodel import (
    SUPPRESSED,
    SUPPRESSED_VALUE,
    Chart,
    Columns,
    PageModel,
    PageView,
    Section,
    Table,
    Text,
)
from jeugdhulpmonitor.periods import all_periods
from jeugdhulpmonitor.suppression import MIN_COUNT
from jeugdhulpmonitor.views.common import (
    describe,
    filtered,
    key_figure,
    suppression_note,
    value,
)

KEY_FIGURES = [
    "young_people_in_care", "inflow", "outflow", "waiting_list", "waiting_days_median", "early_termination_pct",
]  # fmt: skip
FLOWS = {"young_people_in_care": "Jeugdigen in zorg", "inflow": "Instroom", "outflow": "Uitstroom"}
PER_PROVIDER = ["waiting_days_median", "early_termination_pct"]
DEFAULT_DIMENSION = "care_form"
ALL_SMALL_TRANSITIONS = (
    f"Elke overgang tussen zorgvormen in deze periode en selectie betreft minder dan {MIN_COUNT} jeugdigen: "
    "de grafiek blijft daarom leeg, de tabel hieronder noemt ze."
)


def clientstromen(engine: Engine, view: PageView) -> PageModel:
    sel, period = view.selection, view.period
    dimension = view.choice("indeling", DEFAULT_DIMENSION)
    dimension = dimension if dimension in DIMENSIONS else DEFAULT_DIMENSION
    model = PageModel("Cliëntstromen", f"{describe(sel, engine)} · {period.label}")
    figs = engine.compute(KEY_FIGURES, period, sel)
    cells = [[key_figure(f, sel, engine, label=filtered(CATALOGUE()[f.indicator].name, sel, engine))] for f in figs]
    model.sections.append(Section(None, [Columns(cells)], key="key-figures"))
    model.sections.append(_over_time(engine, sel))
    model.sections.append(_breakdown(engine, sel, period, dimension))
    model.sections.append(_transitions(engine, sel, period))
    model.sections.append(_durations(engine, sel, period))
    model.sections.append(_per_provider(engine, sel, period))
    suppression_note(model)
    return model


def _over_time(engine: Engine, sel: Selection) -> Section:
    quarters = [p for p in all_periods(2024, engine.last_date) if p.form.startswith("Q")]
    series: dict[str, list] = {label: [] for label in FLOWS.values()}
    for q in quarters:
        for f in engine.compute(list(FLOWS), q, sel):
            series[FLOWS[f.indicator]].append(None if f.suppressed else f.value)
    data = {
        "x": [f"K{q.form[1]} {q.year}" for q in quarters],
        "series": series,
        "x_title": "Kwartaal",
        "y_title": "Aantal jeugdigen",
    }
    empty = not any(v for values in series.values() for v in values)
    chart = Chart("counts_over_time", data, key="flows-over-time", empty=empty)
    caption = Text("Een aantal onder 10 staat niet in de grafiek (de lijn heeft daar een onderbreking).", caption=True)
    title = filtered("Instroom, uitstroom en jeugdigen in zorg per kwartaal", sel, engine)
    return Section(title, [chart, caption], key="over-time")


def _labels(engine: Engine, dimension: str) -> dict[str, str]:
    return {
        "care_form": CARE_FORM_LABELS,
        "referrer": REFERRER_LABELS | {"onbekend": "Onbekend"},
        "provider": {p: name for p, (name, _r) in engine.providers.items()},
    }.get(dimension, {})


def _counts(series: pd.Series) -> list:
    """Counts as numbers, a hidden one (null in breakdowns' protected tables) as SUPPRESSED."""
    return [SUPPRESSED if pd.isna(v) else int(v) for v in series]


def _breakdown(engine: Engine, sel: Selection, period, dimension: str) -> Section:
    table = breakdowns.by_dimension(engine, period, sel, dimension)
    f, labels = table.frame, _labels(engine, dimension)
    columns = {
        "in_care": "Jeugdigen in zorg",
        "started": "Met een traject gestart in de periode",
        "ended": "Met een traject beëindigd in de periode",
    }
    frame = pd.DataFrame(
        {DIMENSIONS[dimension]: [labels.get(v, v) for v in f["dimension_value"]]}
        | {label: _counts(f[c]) for c, label in columns.items()}
    )
    shown = Table(
        f"Stromen per {DIMENSIONS[dimension].lower()} {period}",
        frame,
        {label: "0" for label in columns.values()},
        static=True,
        key="breakdown",
    )
    note = Text(
        "Een jeugdige kan onder meer dan één waarde vallen (bijvoorbeeld twee zorgvormen in één periode). "
        f"Bron: queries/{table.query}.sql · gegevensversie {table.data_version}",
        caption=True,
    )
    return Section(filtered("Verdeling", sel, engine), [shown, note], key="breakdown-section")


def _transitions(engine: Engine, sel: Selection, period) -> Section:
    moves = breakdowns.transitions(engine, period, sel)
    f = moves.frame
    chart = Chart(
        "transitions_sankey",
        {"frame": f, "labels": CARE_FORM_LABELS},
        key="sankey",
        empty=f.dropna(subset=["clients"]).empty,
        # rows whose counts are all hidden are not "no transitions": the table below lists them
        empty_text=(
            ALL_SMALL_TRANSITIONS if len(f) else "Geen overgangen tussen zorgvormen in deze periode en selectie."
        ),
    )
    frame = pd.DataFrame(
        {
            "Van": [CARE_FORM_LABELS[x] for x in f["from_form"]],
            "Naar": [CARE_FORM_LABELS[x] for x in f["to_form"]],
            "Jeugdigen": _counts(f["clients"]),
        }
    )
    table = Table(f"Overgangen tussen zorgvormen {period}", frame, {"Jeugdigen": "0"}, key="transitions")
    note = Text(
        "Jeugdigen van wie een traject in de periode begon met een andere zorgvorm dan hun vorige traject "
        "binnen de selectie. Overgangen van minder dan 10 jeugdigen staan niet in de grafiek. "
        f"Bron: queries/{moves.query}.sql · gegevensversie {moves.data_version}",
        caption=True,
    )
    blocks = [chart, table, note] if len(f) else [chart]
    return Section(filtered("Overgangen tussen zorgvormen", sel, engine), blocks, key="transitions-section")


def _durations(engine: Engine, sel: Selection, period) -> Section:
    durations = breakdowns.durations(engine, period, sel)
    f = durations.frame
    frame = pd.DataFrame(
        {
            "Zorgvorm": [CARE_FORM_LABELS[x] for x in f["care_form"]],
            "Beëindigde trajecten": _counts(f["ended"]),
            "Duur in dagen (mediaan)": [SUPPRESSED_VALUE if pd.isna(v) else float(v) for v in f["median_days"]],
        }
    )
    formats = {"Beëindigde trajecten": "0", "Duur in dagen (mediaan)": CATALOGUE()["trajectory_days_median"].format}
    table = Table(f"Duur van beëindigde trajecten per zorgvorm {period}", frame, formats, static=True, key="durations")
    note = Text(
        f"{CATALOGUE()['trajectory_days_median'].explanation} "
        f"Bron: queries/{durations.query}.sql · gegevensversie {durations.data_version}",
        caption=True,
    )
    blocks = [table, note] if len(f) else [Text("Geen trajecten beëindigd in deze periode en selectie.")]
    title = filtered("Duur van beëindigde trajecten per zorgvorm", sel, engine)
    return Section(title, blocks, key="durations-section")


def _per_provider(engine: Engine, sel: Selection, period) -> Section:
    figs = {i: engine.compute(i, period, sel, by="provider") for i in PER_PROVIDER}
    names = {i: CATALOGUE()[i].name for i in PER_PROVIDER}
    frame = pd.DataFrame(
        {"Aanbieder": [engine.providers[f.provider_id][0] for f in figs[PER_PROVIDER[0]]]}
        | {names[i]: [value(f) for f in figs[i]] for i in PER_PROVIDER}
    )
    formats = {names[i]: CATALOGUE()[i].format for i in PER_PROVIDER}
    table = Table(f"Wachttijd en uitval per aanbieder {period}", frame, formats, static=True, key="per-provider")
    title = filtered("Wachttijd en uitval per aanbieder", Selection(theme=sel.theme, area=sel.area), engine)
    return Section(title, [table], key="per-provider-section")
