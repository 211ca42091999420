"""Financiën: per municipality budget, lump-sum parts, spending to date, utilisation and year-end
forecast at the 4-, 8- and 12-month reports, and the money rule per provider and municipality.

With a provider chosen (PD1) every figure is that provider's: its lump sum (its parts per
municipality), its spending, its spending against its own lump sum and its forecast. The
municipalities' budgets are for all providers together and are not shown beside it."""

from __future__ import annotations

import pandas as pd

from jeugdhulpmonitor import agreements, breakdowns
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.formatting import day, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import Columns, Notice, PageModel, PageView, Section, Table, Text
from jeugdhulpmonitor.views import agreed
from jeugdhulpmonitor.views.common import describe, key_figure, suppression_note, value

MONEY = ["budget_eur", "lump_sum_eur", "spend_eur", "budget_utilisation_pct", "forecast_year_end_eur"]
PROVIDER_MONEY = ["lump_sum_eur", "spend_eur", "lump_sum_utilisation_pct", "forecast_year_end_eur"]


def money_ids(selection: Selection) -> list[str]:
    return PROVIDER_MONEY if selection.provider else MONEY


def labels(engine: Engine, selection: Selection) -> dict[str, str]:
    """Each figure's label; with a provider, the provider's name is in it."""
    names = {i: CATALOGUE()[i].name for i in money_ids(selection)}
    if not selection.provider:
        return names
    provider = engine.providers[selection.provider][0]
    return {i: f"{name} {provider}" for i, name in (names | {"lump_sum_eur": "Lumpsum"}).items()}


def financien(engine: Engine, view: PageView) -> PageModel:
    sel, period = view.selection, view.period
    ids, label = money_ids(sel), labels(engine, sel)
    model = PageModel(
        "Financiën", f"{describe(sel, engine)} · {period.label} · uitgaven van 1 januari t/m {day(period.end)}"
    )
    figs = engine.compute(ids, period, sel)
    top: list = [Columns([[key_figure(f, sel, engine, label=label[f.indicator])] for f in figs])]
    if "budgets" not in engine.runner.available and "spend" not in engine.runner.available:
        top.append(Notice("Deze levering bevat geen budgetten en uitgaven (geen gegevens)."))
    if sel.provider:
        top.append(
            Text(
                "De budgetten van de gemeenten zijn voor alle aanbieders samen en staan daarom niet naast de "
                "lumpsum en uitgaven van één aanbieder; kies ‘Alle aanbieders’ om ze te zien.",
                caption=True,
            )
        )
    model.sections.append(Section(None, top, key="key-figures"))
    model.sections.append(_per_municipality(engine, sel, period, ids, label))
    model.sections.append(_money_rule(engine, sel, period))
    model.sections.append(agreed.section(engine, sel, period, items=agreements.MONEY_ITEMS))
    if not sel.provider:  # the municipalities' budgets are not shown beside one provider's money
        model.sections.append(_budget_revisions(engine, sel, period))
    suppression_note(model)
    return model


def _per_municipality(engine: Engine, sel: Selection, period, ids: list[str], label: dict[str, str]) -> Section:
    per_muni = {i: engine.compute(i, period, sel, by="municipality") for i in ids}
    frame = pd.DataFrame(
        {"Gemeente": [GEO().name(f.municipality_code) for f in per_muni[ids[0]]]}
        | {label[i]: [value(f) for f in per_muni[i]] for i in ids}
    )
    formats = {label[i]: CATALOGUE()[i].format for i in ids}
    name = f"Financiën per gemeente {period}" + (f" {sel.provider}" if sel.provider else "")
    table = Table(name, frame, formats, static=True, key="per-municipality")
    about = (
        f"Uitgaven: {CATALOGUE()['spend_eur'].explanation} Uitputting en prognose gaan over de uitgaven van "
        "1 januari tot het einde van de periode."
    )
    if sel.provider:
        about += " Per gemeente: het deel van de lumpsum dat die gemeente aan de aanbieder betaalt."
    return Section("Per gemeente", [table, Text(about, caption=True)], key="per-municipality-section")


def _money_rule(engine: Engine, sel: Selection, period) -> Section:
    rule = breakdowns.money_rule(engine, period, sel)
    f = rule.frame
    intro = Text(
        "Per aanbieder en gemeente: het deel van de lumpsum, de uitgaven aan jeugdigen van die gemeente tot nu toe, "
        f"en de verwachting naar rato van de tijd (lumpsum × {period.months_to_end}/12). Een afwijking van meer dan "
        f"{number(breakdowns.MONEY_RULE_TOLERANCE_PCT, '0')}% is gemarkeerd.",
        caption=True,
    )
    frame = pd.DataFrame(
        {
            "Aanbieder": [engine.providers.get(p, (p,))[0] for p in f["provider_id"]],
            "Gemeente": [GEO().name(m) for m in f["municipality_code"]],
            "Deel lumpsum": [_num(v) for v in f["lump_sum_eur"]],
            "Uitgaven tot nu toe": [_num(v) for v in f["spend_eur"]],
            "Verwacht naar rato": [_num(v) for v in f["expected_eur"]],
            "Afwijking": [_num(v) for v in f["deviation_pct"]],
            "Let op": ["⚠ afwijking" if m else "" for m in f["mismatch"]],
        }
    )
    formats = {"Deel lumpsum": "€", "Uitgaven tot nu toe": "€", "Verwacht naar rato": "€", "Afwijking": "0,0%"}
    table = Table(
        f"Geldregel {period}", frame, formats, key="money-rule",
        empty_text="Geen lumpsums of uitgaven voor deze selectie (geen gegevens).",
    )  # fmt: skip
    blocks: list = [intro]
    if len(f):
        blocks.append(Text(f"**Combinaties met een afwijking:** {int(f['mismatch'].sum())} van {len(f)}"))
    blocks.append(table)
    blocks.append(Text(f"Bron: queries/{rule.query}.sql · gegevensversie {rule.data_version}", caption=True))
    return Section("Geldregel: elke gemeente betaalt voor de eigen jeugdigen", blocks, key="money-rule-section")


def _budget_revisions(engine: Engine, sel: Selection, period) -> Section:
    """The budgets of the year in the order they came into force; the period's is the last one
    in force at its end (budgets.parquet's valid_from, an addition of issue 14)."""
    f = engine.runner.run("budget_revisions", **engine.params(sel, None, period)).frame
    frame = pd.DataFrame(
        {
            "Gemeente": [GEO().name(m) for m in f["municipality_code"]],
            "Geldt vanaf": [day(d) for d in pd.to_datetime(f["applies_from"]).dt.date],
            "Budget": [_num(v) for v in f["budget_eur"]],
            "Was": [_num(v) for v in f["previous_eur"]],
            "Wijziging": [_num(v - p) if pd.notna(p) else None for v, p in zip(f["budget_eur"], f["previous_eur"])],
            "In de periode": [
                "geldt aan het einde" if d == _in_force(f, m, period) else ""
                for m, d in zip(f["municipality_code"], pd.to_datetime(f["applies_from"]).dt.date)
            ],
        }
    )
    table = Table(
        f"Begrotingswijzigingen {period.year}", frame, {"Budget": "€", "Was": "€", "Wijziging": "€"},
        static=True, key="budget-revisions",
        empty_text=f"Geen budgetten voor {period.year} voor deze selectie (geen gegevens).",
    )  # fmt: skip
    revisions = int(f["previous_eur"].notna().sum())
    about = Text(
        f"Een gemeente kan haar budget in de loop van het jaar aanpassen. Elke periode rekent met het budget dat "
        f"aan het einde ervan geldt ({day(period.end)}). Wijzigingen in {period.year}: {revisions}.",
        caption=True,
    )
    return Section(f"Begrotingswijzigingen {period.year}", [about, table], key="budget-revisions-section")


def _in_force(f: pd.DataFrame, municipality: str, period):
    """The date from which the municipality's budget in force at the period's end applies."""
    dates = [d for m, d in zip(f["municipality_code"], pd.to_datetime(f["applies_from"]).dt.date) if m == municipality]
    return max((d for d in dates if d <= period.end), default=None)


def _num(v):
    return None if v is None or pd.isna(v) else float(v)
