"""The Financiën model: the engine's money figures; with a provider only that provider's money."""

import io

import pytest
from openpyxl import load_workbook

from jeugdhulpmonitor import agreements, exports
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import STATUS_LABELS, figure_text, number
from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.periods import Period
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


def test_lump_sum_agreements_beside_the_forecast_with_status(sample_engine):
    model = financien(sample_engine, PageView.make(REGION, "2029-M8"))
    table = model.table("agreements-table")
    measured = agreements.agreements(sample_engine, Period.parse("2029-M8"), REGION, agreements.MONEY_ITEMS)
    assert len(table.frame) == len(measured) > 0
    assert list(table.frame["Status"]) == [STATUS_LABELS[a.status] for a in measured]
    # A provider's total lump sum stands beside its year-end forecast, judged; a theme's is not.
    general = [a for a in measured if a.theme is None]
    assert general and all(a.status != "not_measurable" for a in general)
    aa01 = next(a for a in general if a.provider_id == "AA01")
    forecast = sample_engine.compute("forecast_year_end_eur", "2029-M8", ALTRA)[0].value
    assert aa01.realised == pytest.approx(forecast)
    row = table.frame[(table.frame["Aanbieder"] == "Altra") & (table.frame["Thema"] == "alle thema's")].iloc[0]
    assert row["Gerealiseerd"] == number(forecast, "€ mln")
    assert all(a.status == "not_measurable" for a in measured if a.theme)
    # With a provider, only its own agreements (and no provider column).
    own = financien(sample_engine, PageView.make(ALTRA, "2029-M8")).table("agreements-table").frame
    assert "Aanbieder" not in own and len(own) == sum(a.provider_id == "AA01" for a in measured)


def test_the_years_budget_revisions_and_the_one_in_force(sample_engine):
    # Amstelveen lowered its 2027 budget from 1 July (the sample's revision).
    h1, h2 = (financien(sample_engine, PageView.make(REGION, p)) for p in ("2027-H1", "2027-H2"))
    frame = h2.table("budget-revisions").frame
    amstelveen = frame[frame["Gemeente"] == "Amstelveen"]
    assert list(amstelveen["Geldt vanaf"]) == ["1 januari 2027", "1 juli 2027"]
    first, revised = amstelveen["Budget"].tolist()
    assert amstelveen["Wijziging"].iloc[1] == pytest.approx(revised - first) and revised < first
    assert list(amstelveen["In de periode"]) == ["", "geldt aan het einde"]
    first_h1 = h1.table("budget-revisions").frame
    assert list(first_h1[first_h1["Gemeente"] == "Amstelveen"]["In de periode"]) == ["geldt aan het einde", ""]
    # The budget figures use the one in force at the period's end.
    per_muni = {
        t: m.table("per-municipality").frame.set_index("Gemeente")["Budget AJH"] for t, m in (("h1", h1), ("h2", h2))
    }
    assert per_muni["h1"]["Amstelveen"] == first and per_muni["h2"]["Amstelveen"] == revised
    # Budgets are the municipalities', not a provider's: no revisions with a provider chosen.
    with pytest.raises(StopIteration):
        financien(sample_engine, PageView.make(ALTRA, "2027-H2")).section("budget-revisions-section")
