"""What each page asks the engine for one selection and period: the pages' key figure lists,
and their query sets for the benchmark (the engine calls a page makes, without Streamlit).

The pages import their lists from here, so the benchmark times what the pages show.
"""

from __future__ import annotations

from dataclasses import replace

from jeugdhulpmonitor import breakdowns
from jeugdhulpmonitor.catalogue import CATALOGUE, STEERING_LABELS
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import REPORTS, Period, all_periods, previous_report, series

OVERZICHT = [
    "young_people_in_care",
    "inflow",
    "outflow",
    "out_of_home_per_1000",
    "budget_utilisation_pct",
    "forecast_year_end_eur",
]
CLIENTSTROMEN = ["young_people_in_care", "inflow", "outflow", "waiting_days_median", "early_termination_pct"]
MONEY = ["budget_eur", "lump_sum_eur", "spend_eur", "budget_utilisation_pct", "forecast_year_end_eur"]
RAAD = ["young_people_in_care", "inflow", "outflow", "out_of_home_per_1000", "waiting_days_median"]
RAAD_MONEY = ["budget_eur", "spend_eur", "budget_utilisation_pct", "forecast_year_end_eur"]
FRESHNESS = ["delivery_on_time_pct", "delivery_complete_pct"]


def shows(sel: Selection, *filters: str) -> bool:
    """Whether a page with these filters (its sidebar) can show the selection at all."""
    used = {
        "municipality": bool(sel.municipalities),
        "area": bool(sel.area),
        "provider": bool(sel.provider),
        "theme": bool(sel.theme),
    }
    return all(f in filters for f, on in used.items() if on)


def judged(theme: str) -> list[str]:
    return [i.id for i in CATALOGUE().in_theme(theme) if i.status.rule != "none"]


def overzicht(e: Engine, sel: Selection, period: Period):
    if not shows(sel, "municipality", "area"):
        return False
    e.compute([*OVERZICHT, "budget_eur"], period, sel)
    if GEO().regions[sel.region].has_themes:
        for theme in "ABCD":
            e.compute(judged(theme), period, sel)


def themas(e: Engine, sel: Selection, period: Period):
    if not GEO().regions[sel.region].has_themes or not shows(sel, "municipality", "area", "theme"):
        return False
    theme, sel = sel.theme or "A", replace(sel, theme=None)
    for ind in CATALOGUE().in_theme(theme):
        e.compute(ind.id, period, sel)
        if ind.kind != "milestone":
            e.series(ind.id, series(period.form, 2024, period.year), sel)


def gemeenten(e: Engine, sel: Selection, period: Period):
    if not shows(sel, "municipality", "area"):
        return False
    whole = replace(sel, municipalities=(), area=None)
    ident = "out_of_home_per_1000"
    e.compute(ident, period, whole, by="municipality")
    e.compute(ident, period, whole)
    e.compute(ident, period, sel)
    e.series(ident, series(period.form, 2024, period.year), whole, by="municipality")
    if sel.municipalities:
        ids = [i.id for i in CATALOGUE().values() if sel.region in i.regions and i.kind != "milestone"]
        e.compute(ids, period, sel)
        e.compute(ids, period, whole)


def clientstromen(e: Engine, sel: Selection, period: Period):
    e.compute(CLIENTSTROMEN, period, sel)
    for quarter in (p for p in all_periods(2024, e.last_date) if p.form.startswith("Q")):
        e.compute(CLIENTSTROMEN[:3], quarter, sel)
    breakdowns.by_dimension(e, period, sel, "care_form")
    breakdowns.transitions(e, period, sel)
    e.compute(["waiting_days_median", "early_termination_pct"], period, sel, by="provider")


def financien(e: Engine, sel: Selection, period: Period):
    if period.form not in REPORTS or not shows(sel, "municipality", "provider"):
        return False
    e.compute(MONEY, period, sel)
    e.compute(MONEY, period, sel, by="municipality")
    breakdowns.money_rule(e, period, sel)


def prestatiedialoog(e: Engine, sel: Selection, period: Period):
    # PD1: a provider; PD2: a theme or an area (the dialogue has no municipality filter).
    if period.form not in REPORTS or not shows(sel, "provider", "area", "theme"):
        return False
    for element in STEERING_LABELS:
        ids = [i.id for i in CATALOGUE().for_steering(element, sel.region)]
        e.compute(ids, period, sel)
        e.compute(ids, period, sel, by="municipality")
        if sel.area is None:
            e.compute(ids, period, sel, by="area")
        e.compute(ids, previous_report(period), sel)


def raadsrapportage(e: Engine, sel: Selection, period: Period):
    if period.form not in ("H1", "Y") or not sel.municipalities or not shows(sel, "municipality"):
        return False
    before = period.with_year(period.year - 1)
    e.compute(RAAD, period, sel)
    e.compute(RAAD, before, sel)
    e.compute(RAAD_MONEY, period, sel)
    if GEO().regions[sel.region].has_themes:
        for theme in "ABCD":
            ids = [i.id for i in CATALOGUE().in_theme(theme) if i.status.rule == "target_path"]
            e.compute(ids, period, sel)
            e.compute(ids, before, sel)


def data(e: Engine, sel: Selection, period: Period):
    reports = [p for p in all_periods(2024, e.last_date) if p.form in REPORTS][-6:]
    for p in reports:
        for region in GEO().regions:
            e.compute(FRESHNESS, p, Selection(region=region), by="provider")


PAGE_SETS = {
    "overzicht": overzicht,
    "themas": themas,
    "gemeenten": gemeenten,
    "clientstromen": clientstromen,
    "financien": financien,
    "prestatiedialoog": prestatiedialoog,
    "raadsrapportage": raadsrapportage,
    "data": data,
}
