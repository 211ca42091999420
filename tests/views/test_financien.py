"""The Financiën model: the engine's money figures; with a provider only that provider's money."""

import io

from openpyxl import load_workbook

from jeugdhulpmonitor import exports
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text
from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.views.money import MONEY, PROVIDER_MONEY, financien

REGION = Selection(region="amsterdam-amstelland")
ALTRA = Selection(region="amsterdam-amstelland", provider="AA01")


def _text(f):
    return figure_text(f, CATALOGUE()[f.indicator].format)


def test_key_figures_and_per_municipality_equal_the_engine(sample_engine):
    model = financien(sample_engine, PageView.make(REGION, "2029-M8"))
    figs = sample_engine.compute(MONEY, "2029-M8", REGION)
    assert {k: v.text for k, v in model.key_figures().items()} == {f"kpi-{f.indicator}": _text(f) for f in figs}
    table = model.table("per-municipality")
    budgets = sample_engine.compute("budget_eur", "2029-M8", REGION, by="municipality")
    assert list(table.frame["Budget AJH"]) == [f.value for f in budgets]
    assert model.table("money-rule").frame["Deel lumpsum"].notna().all()


def test_a_provider_sees_its_own_lump_sum_spending_and_utilisation_never_the_budget(sample_engine):
    model = financien(sample_engine, PageView.make(ALTRA, "2029-M8"))
    shown = model.key_figures()
    assert [k.removeprefix("kpi-") for k in shown] == PROVIDER_MONEY
    assert all("Altra" in k.label for k in shown.values())
    figs = {f.indicator: f for f in sample_engine.compute(PROVIDER_MONEY, "2029-M8", ALTRA)}
    assert shown["kpi-lump_sum_utilisation_pct"].text == _text(figs["lump_sum_utilisation_pct"])
    # Utilisation is the provider's spending (1 January to the end) against its own lump sum.
    util = figs["lump_sum_utilisation_pct"]
    assert util.value == 100 * util.numerator / figs["lump_sum_eur"].value
    table = model.table("per-municipality")
    assert not any("Budget" in c for c in table.frame.columns)
    parts = sample_engine.compute("lump_sum_eur", "2029-M8", ALTRA, by="municipality")
    assert list(table.frame["Lumpsum Altra"]) == [f.value for f in parts]
    region_lump = sample_engine.compute("lump_sum_eur", "2029-M8", REGION)[0].value
    assert sum(f.value for f in parts) < region_lump
    assert "Budget" not in " ".join(k.label for k in shown.values())


def test_the_per_municipality_workbook_holds_numbers(sample_engine):
    table = financien(sample_engine, PageView.make(REGION, "2029-M8")).table("per-municipality")
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(table))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows and all(isinstance(v, int | float) for row in rows for v in row[1:])
