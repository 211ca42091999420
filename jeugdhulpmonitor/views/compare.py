"""Gemeenten en gebieden: compare municipalities or areas on one indicator (per 1,000 young people
where a count allows it), ranked and as small multiples with their target path; the chosen
municipality or area against the region; the startfoto 2024 of the assignment."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from jeugdhulpmonitor import breakdowns
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Engine, Selection, per_1000_allowed
from jeugdhulpmonitor.formatting import STATUS_LABELS
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import Chart, Columns, PageModel, PageView, Section, Table, Text, cell_text
from jeugdhulpmonitor.periods import Period, series
from jeugdhulpmonitor.views.common import (
    derived,
    describe,
    figures_table,
    judged_year,
    key_figure,
    path_label,
    suppression_note,
    value,
)

DEFAULT_INDICATOR = "out_of_home_per_1000"
COMPARISONS = {"municipality": "Gemeenten", "area": "Gebieden"}
GROUP_LABEL = {"municipality": "Gemeente", "area": "Gebied"}
UNITS = {"1": "Per 1.000 jeugdigen", "0": "Aantal"}
FIRST_YEAR = 2024
STARTFOTO_YEAR = 2024
NOT_A_COUNT = "Deze indicator is al een verhouding of bedrag; hij wordt getoond zoals gedefinieerd."


def comparable(region: str) -> list[str]:
    """The indicators a region can compare across municipalities (milestones are not figures)."""
    return [i.id for i in CATALOGUE().values() if region in i.regions and i.kind != "milestone"]


def gemeenten(engine: Engine, view: PageView) -> PageModel:
    sel, period = view.selection, view.period
    ident = view.choice("indicator", DEFAULT_INDICATOR)
    ident = ident if ident in comparable(sel.region) else comparable(sel.region)[0]
    by = view.choice("vergelijk", "municipality")
    by = by if by in COMPARISONS else "municipality"
    ind = CATALOGUE()[ident]
    per_1000 = per_1000_allowed(ind) and view.choice("per1000", "1") == "1"
    region_sel = replace(sel, municipalities=(), area=None)
    unit = " per 1.000 jeugdigen (0–17)" if per_1000 else ""
    label = f"{ind.name}{unit}"

    model = PageModel("Gemeenten en gebieden", f"{describe(sel, engine)} · {period.label}")
    chosen, reference, groups = _chosen(engine, ident, period, sel, by, per_1000)
    top = [
        Columns(
            [
                [key_figure(chosen, sel, engine, label=f"{label} · {describe(sel, engine)}", key="kpi-chosen")],
                [
                    key_figure(
                        reference,
                        region_sel,
                        engine,
                        label=f"{label} · {GEO().name(sel.region)} (hele regio)",
                        key="kpi-region",
                    )
                ],
            ]
        )
    ]
    if not per_1000_allowed(ind):
        top.insert(0, Text(NOT_A_COUNT, caption=True))
    model.sections.append(Section(label, top, key="chosen"))

    empty = all(f.value is None and not f.suppressed for f in groups)
    ranked = [
        Chart(
            "ranked_bars",
            {"ind": ind, "figs": groups, "reference": reference},
            key="ranked",
            title=f"{label} per {GROUP_LABEL[by].lower()}, {period.label}",
            empty=empty,
            empty_text="Geen gegevens voor deze indicator en selectie.",
        )
    ]
    if not empty:
        ranked.append(figures_table(groups, GROUP_LABEL[by], f"{ident}-{by}", key="groups-table"))
    model.sections.append(Section(f"{COMPARISONS[by]} gerangschikt", ranked, key="ranked-section"))

    years = series(period.form, FIRST_YEAR, period.year)
    trend: dict[str, list] = {}
    for p in years:
        for f in engine.compute(ident, p, region_sel, by=by, per_1000=per_1000):
            trend.setdefault(f.group_key, []).append(f)
    paths = {
        k: [(Period.parse(f.period).year, f.target_path) for f in figs if f.target_path is not None]
        for k, figs in trend.items()
    }
    multiples = Chart(
        "small_multiples",
        {"ind": ind, "series_by_key": trend, "y_title": label, "paths": {k: v for k, v in paths.items() if v}},
        key="multiples",
        empty=all(f.value is None for figs in trend.values() for f in figs),
    )
    model.sections.append(Section(f"Trend per {GROUP_LABEL[by].lower()}", [multiples], key="trend"))

    if sel.municipalities or sel.area:
        model.sections.append(_against_region(engine, sel, region_sel, period))
    model.sections.append(startfoto(engine, region_sel, by))
    suppression_note(model)
    return model


def _chosen(engine: Engine, ident: str, period: Period, sel: Selection, by: str, per_1000: bool):
    """The chosen figure, the region's and each group's."""
    region_sel = replace(sel, municipalities=(), area=None)
    mine = engine.compute(ident, period, sel, per_1000=per_1000)[0]
    whole = engine.compute(ident, period, region_sel, per_1000=per_1000)[0]
    return mine, whole, engine.compute(ident, period, region_sel, by=by, per_1000=per_1000)


def _against_region(engine: Engine, sel: Selection, region_sel: Selection, period: Period) -> Section:
    """Every comparable figure of the chosen municipality or area beside the region's."""
    ids = [i for i in comparable(sel.region) if CATALOGUE()[i].kind != "amount" or CATALOGUE()[i].from_flows]
    own = {f.indicator: f for f in engine.compute(ids, period, sel)}
    whole = {f.indicator: f for f in engine.compute(ids, period, region_sel)}
    name = (
        describe(replace(sel, region=None), engine)
        if sel.area or len(sel.municipalities) > 1
        else GEO().name(sel.municipalities[0])
    )
    path = path_label(list(own.values()))
    rows = [
        {
            "Indicator": CATALOGUE()[i].name,
            name: value(own[i]),
            "Regio": value(whole[i]),
            "Doel 2028": derived(own[i], own[i].target_2028),
            path: derived(own[i], own[i].target_path),
            "Status": STATUS_LABELS[own[i].status],
        }
        for i in ids
    ]
    frame = pd.DataFrame(rows).astype(object)
    # One column holds figures of different kinds: each cell is formatted as its own indicator.
    for column in (name, "Regio", "Doel 2028", path):
        frame[column] = [cell_text(v, CATALOGUE()[i].format) for v, i in zip(frame[column], ids)]
    if not path.endswith(tuple("0123456789")):  # figures measured in different years: each says its own
        frame[path] = [
            f"{t} ({judged_year(own[i])})" if own[i].target_path is not None else t for t, i in zip(frame[path], ids)
        ]
    table = Table(f"{name}-tegenover-regio", frame, static=True, key="own-page")
    return Section(f"{name} tegenover de regio", [table], key="against-region")


STARTFOTO_TEXT = (
    "De startfoto laat zien welke jeugdhulp in {year} per gemeente of gebied is geleverd door de huidige "
    "aanbieders: het vertrekpunt van de opdracht (aanbesteding AJH). Jeugdigen in zorg en in verblijf "
    "zijn verschillende personen; zorgvormen en aanbieders tellen hoeveel er in {year} voor ten minste één "
    "jeugdige zorg leverden."
)


def startfoto(engine: Engine, region_sel: Selection, by: str) -> Section:
    """The care delivered in 2024 per municipality or area: young people in care, in residential
    care, care forms and providers in use, and spending (CONTRACT's figures, the breakdowns' rule)."""
    year = Period(STARTFOTO_YEAR, "Y")
    figs = {
        i: {f.group_key: f for f in engine.compute(i, year, region_sel, by=by)}
        for i in ("young_people_in_care", "out_of_home", "spend_eur")
    }
    rows = []
    for key in figs["young_people_in_care"]:
        one = replace(region_sel, **({"municipalities": (key,)} if by == "municipality" else {"area": key}))
        rows.append(
            {
                GROUP_LABEL[by]: GEO().name(key),
                "Jeugdigen in zorg": value(figs["young_people_in_care"][key]),
                "Jeugdigen in verblijf": value(figs["out_of_home"][key]),
                "Zorgvormen": breakdowns.in_use(engine, year, one, "care_form"),
                "Aanbieders": breakdowns.in_use(engine, year, one, "provider"),
                "Uitgaven": figs["spend_eur"][key].value,
            }
        )
    frame = pd.DataFrame(rows).astype(object)
    formats = {c: "0" for c in ("Jeugdigen in zorg", "Jeugdigen in verblijf", "Zorgvormen", "Aanbieders")}
    formats["Uitgaven"] = "€"
    table = Table(
        f"startfoto-{STARTFOTO_YEAR}-per-{GROUP_LABEL[by].lower()}", frame, formats, static=True, key="startfoto-table"
    )
    note = Text(STARTFOTO_TEXT.format(year=STARTFOTO_YEAR), caption=True)
    return Section(f"Startfoto {STARTFOTO_YEAR}", [note, table], key="startfoto")
