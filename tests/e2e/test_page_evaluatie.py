"""Evaluatie (/evaluatie): the evaluation moments and the results per contract year as the model
has them, with a chart per agreement; the page is in the navigation."""

import pytest

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.views.evaluation import evaluatie
from tests.e2e.conftest import assert_no_exception, open_page, static_table

pytestmark = pytest.mark.e2e
ALTRA = Selection(region="amsterdam-amstelland", provider="AA01")
KENTER = Selection(region="ijmond-zuid-kennemerland", provider="IJ01")


def _expected(engine, key: str, sel: Selection = ALTRA) -> dict[str, dict[str, str]]:
    shown = evaluatie(engine, PageView.make(sel, "2029-M8")).table(key).shown().astype(str)
    return {r[0]: dict(zip(shown.columns[1:], r[1:], strict=True)) for r in shown.values.tolist()}


def test_the_evaluation_of_a_provider_equals_the_model(page, app_url, engine):
    open_page(page, app_url, "/evaluatie?periode=2029-M8&aanbieder=AA01")
    assert page.get_by_role("link", name="Evaluatie").count() == 1  # in the navigation
    assert page.get_by_role("heading", name="Evaluatie").count() >= 1
    # Seed 001: from 2028, six years to 2033, two options of two years to 2037 (issue 28, item 8).
    assert page.get_by_text("van 2028 tot en met 2033, met twee opties tot verlenging van elk 2 jaar").count() == 1
    moments = static_table(page, "evaluation-moments")
    assert moments == _expected(engine, "evaluation-moments")
    assert list(moments) == ["na jaar 2", "na jaar 4", "na jaar 6"]
    assert {m["Stand"] for m in moments.values()} == {"nog niet bereikt"}
    assert static_table(page, "evaluation-years") == _expected(engine, "evaluation-years")
    page.locator(".js-plotly-plot").nth(2).wait_for()  # Plotly draws after the script has run
    assert page.locator(".js-plotly-plot").count() >= 3
    # The lump sum's axis in Dutch euros (issue 28, item 15), not Plotly's "200M".
    ticks = page.locator(".ytick text").evaluate_all("els => els.map(e => e.textContent)")
    assert any(t.startswith("€ ") and t.endswith(" mln") for t in ticks), ticks
    assert not any(t.endswith("M") for t in ticks), ticks
    assert_no_exception(page)


def test_ijmond_evaluates_its_2022_contract_after_years_3_and_6(page, app_url, engine):
    open_page(page, app_url, "/evaluatie?regio=ijmond-zuid-kennemerland&periode=2029-M8&aanbieder=IJ01")
    assert page.get_by_text("loopt 9 jaar, van 2022 tot en met 2030").count() == 1
    moments = static_table(page, "evaluation-moments")
    assert moments == _expected(engine, "evaluation-moments", KENTER)
    assert [m["Stand"] for m in moments.values()] == ["bereikt", "bereikt"]
    assert static_table(page, "evaluation-years") == _expected(engine, "evaluation-years", KENTER)
    assert_no_exception(page)
