"""Financiën (/financien): money figures per municipality and the money rule equal the engine's."""

import openpyxl
import pytest

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.views.money import financien
from tests.e2e.conftest import (
    HOSTILE,
    assert_no_exception,
    assert_notice_and_default,
    choose,
    kpi_text,
    open_page,
    static_table,
)

pytestmark = pytest.mark.e2e
MONEY = ["budget_eur", "lump_sum_eur", "spend_eur", "budget_utilisation_pct", "forecast_year_end_eur"]
REGION = Selection(region="amsterdam-amstelland")


def _texts(engine, period, selection, by=None):
    return [
        figure_text(f, engine.catalogue[f.indicator].format) for f in engine.compute(MONEY, period, selection, by=by)
    ]


def test_region_and_municipality_figures_equal_the_engine(page, app_url, engine):
    open_page(page, app_url, "/financien?periode=2029-M8")
    assert [kpi_text(page, k) for k in MONEY] == _texts(engine, "2029-M8", REGION)
    table = static_table(page, "per-municipality")
    for muni in GEO().municipalities_of("amsterdam-amstelland"):
        shown = table[GEO().name(muni)]
        expected = _texts(engine, "2029-M8", Selection(region="amsterdam-amstelland", municipalities=(muni,)))
        assert [shown[engine.catalogue[k].name] for k in MONEY] == expected
    assert page.locator(".st-key-money-rule").count() == 1
    assert_no_exception(page)


def test_a_municipality_and_another_report(page, app_url, engine):
    open_page(page, app_url, "/financien?periode=2029-M8&gemeente=GM0358")
    choose(page, "f_periode", "2029, 4-maandsrapportage (jan–apr)")
    assert "periode=2029-M4" in page.url
    sel = Selection(region="amsterdam-amstelland", municipalities=("GM0358",))
    assert [kpi_text(page, k) for k in MONEY] == _texts(engine, "2029-M4", sel)
    assert_no_exception(page)


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("param", ["periode"])
def test_hostile_url_values_get_a_notice_and_the_default(page, app_url, param, value):
    assert_notice_and_default(page, app_url, "/financien", param, value)
    assert kpi_text(page, "budget_eur") not in ("", "–")


def test_a_provider_sees_its_own_money_and_the_workbook_holds_numbers(page, app_url, engine, tmp_path):
    open_page(page, app_url, "/financien?periode=2029-M8&aanbieder=AA01")
    sel = Selection(region="amsterdam-amstelland", provider="AA01")
    own = ["lump_sum_eur", "spend_eur", "lump_sum_utilisation_pct", "forecast_year_end_eur"]
    assert [kpi_text(page, k) for k in own] == _texts_of(engine, own, "2029-M8", sel)
    assert page.locator(".st-key-kpi-budget_eur").count() == 0
    assert page.locator(".st-key-kpi-budget_utilisation_pct").count() == 0
    table = static_table(page, "per-municipality")
    assert not any("Budget" in column for row in table.values() for column in row)
    with page.expect_download() as download:
        page.locator(".st-key-per-municipality").get_by_role("button", name="Download Excel").click()
    path = tmp_path / "per-gemeente.xlsx"
    download.value.save_as(path)
    rows = list(openpyxl.load_workbook(path).active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(GEO().municipalities_of("amsterdam-amstelland"))
    assert all(isinstance(v, int | float) for row in rows for v in row[1:])
    assert_no_exception(page)


def _texts_of(engine, ids, period, selection):
    return [figure_text(f, engine.catalogue[f.indicator].format) for f in engine.compute(ids, period, selection)]


def _rows(page, key):
    return page.locator(f".st-key-{key} table").first.evaluate(
        """t => [...t.querySelectorAll('tr')].map(r => [...r.querySelectorAll('th,td')].map(c => c.innerText.trim()))"""
    )


def test_the_years_budget_revisions_and_the_agreements_as_the_model_has_them(page, app_url, engine):
    open_page(page, app_url, "/financien?periode=2027-M8")
    model = financien(engine, PageView.make(REGION, "2027-M8"))
    assert page.get_by_text("Begrotingswijzigingen 2027", exact=True).count() >= 1
    assert page.get_by_text("Afspraken en realisatie", exact=True).count() >= 1
    for key in ("budget-revisions", "agreements-table"):
        expected = model.table(key).shown()
        assert len(expected) > 0
        rows, n = _rows(page, key), len(expected.columns)
        assert rows[0][-n:] == list(expected.columns)
        assert [r[-n:] for r in rows[1:]] == expected.values.tolist()
    # Amstelveen's revision from 1 July is the budget in force on 31 August.
    n = len(model.table("budget-revisions").frame.columns)
    revised = [r[-n:] for r in _rows(page, "budget-revisions")[1:] if r[-n:][:2] == ["Amstelveen", "1 juli 2027"]]
    assert len(revised) == 1 and revised[0][-1] == "geldt aan het einde"
    assert_no_exception(page)
