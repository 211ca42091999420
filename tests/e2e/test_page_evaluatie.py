"""Evaluatie (/evaluatie): the evaluation moments and the results per contract year as the model
has them, with a chart per agreement; the page is in the navigation."""

import pytest

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.views.evaluation import evaluatie
from tests.e2e.conftest import assert_no_exception, open_page, static_table

pytestmark = pytest.mark.e2e
ALTRA = Selection(region="amsterdam-amstelland", provider="AA01")


def _expected(engine, key: str) -> dict[str, dict[str, str]]:
    shown = evaluatie(engine, PageView.make(ALTRA, "2029-M8")).table(key).shown().astype(str)
    return {r[0]: dict(zip(shown.columns[1:], r[1:], strict=True)) for r in shown.values.tolist()}


def test_the_evaluation_of_a_provider_equals_the_model(page, app_url, engine):
    open_page(page, app_url, "/evaluatie?periode=2029-M8&aanbieder=AA01")
    assert page.get_by_role("link", name="Evaluatie").count() == 1  # in the navigation
    assert page.get_by_role("heading", name="Evaluatie").count() >= 1
    moments = static_table(page, "evaluation-moments")
    assert moments == _expected(engine, "evaluation-moments")
    assert moments["na jaar 3"]["Stand"] == "bereikt" and moments["na jaar 6"]["Stand"] == "nog niet bereikt"
    assert static_table(page, "evaluation-years") == _expected(engine, "evaluation-years")
    assert page.locator(".js-plotly-plot").count() >= 3
    assert_no_exception(page)
