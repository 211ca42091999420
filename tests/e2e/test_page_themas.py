"""Thema's (/themas): every level of the chosen theme with figures equal to the engine's."""

import pytest

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text
from jeugdhulpmonitor.periods import Period
from tests.e2e.conftest import assert_no_exception, choose, kpi_text, open_page

pytestmark = pytest.mark.e2e


def test_theme_b_shows_its_indicators_with_engine_values(page, app_url, engine):
    open_page(page, app_url, "/themas?thema=B&periode=2028")
    for level in ("Outcome 2050", "Doel AJH 2034", "AJH 2028", "Kritische succesfactoren"):
        assert page.get_by_role("heading", name=level).count() == 1
    for ident in ("out_of_home_per_1000", "residential_days_change_vs_2026"):
        f = engine.compute(ident, Period.parse("2028"), Selection(region="amsterdam-amstelland"))[0]
        assert kpi_text(page, ident) == figure_text(f, CATALOGUE()[ident].format)
    choose(page, "f_thema", "Thema D")
    assert page.locator(".st-key-ind-safety_trained_pct").count() == 1
    assert_no_exception(page)


def test_hostile_theme_gets_a_notice(page, app_url):
    open_page(page, app_url, "/themas?thema=%3Cimg%20src%3Dx%3E")
    # Other notices (the sample's) may come first: the unknown value's notice is among them.
    assert page.locator('[data-testid="stAlert"]').filter(has_text="is onbekend en is genegeerd").count() == 1
    assert_no_exception(page)


def test_a_milestone_gives_the_same_answer_for_an_area_and_its_municipalities(page, app_url):
    shown = []
    for query in ("gebied=duo", "gemeente=GM0384", "gemeente=GM0451"):
        open_page(page, app_url, f"/themas?thema=A&periode=2028&{query}")
        shown.append(page.locator(".st-key-milestone-plan_school_expertise_approved").inner_text())
    assert shown[0] == shown[1] == shown[2]
    assert "bereikt op 15 november 2027" in shown[0]
    assert_no_exception(page)


def test_ijmonds_themas_show_its_kpis_instead_of_a_dead_end(page, app_url, engine):
    """Issue 28, item 9: "zie de KPI's op het overzicht" led nowhere. A region without themes sees
    its own KPIs here, each with its trend and what it is judged by in that region."""
    region = "ijmond-zuid-kennemerland"
    open_page(page, app_url, f"/themas?regio={region}&periode=2028-M8")
    assert page.get_by_text("zie de KPI's op het overzicht").count() == 0
    assert "werkt niet met thema's A–D" in page.locator(".st-key-kpi-note").inner_text()
    assert page.locator(".st-key-f_thema").count() == 0  # no theme to choose
    for key, label, members in CATALOGUE().kpis(region):
        assert page.locator(f".st-key-kpi-group-{key}").get_by_role("heading", name=label).count() == 1
        for ind in members:
            fig = engine.compute(ind.id, Period.parse("2028-M8"), Selection(region=region))[0]
            assert kpi_text(page, ind.id) == figure_text(fig, ind.format), ind.id
            status = page.locator(f".st-key-status-{ind.id}").inner_text()
            if ind.id == "forecast_budget_pct":
                assert "van hooguit 100,0%" in status
            else:
                assert status.startswith("Geen streefwaarde in het kader"), ind.id
    # Every KPI's trend is drawn (Plotly draws after the script has run).
    page.locator(".st-key-ind-forecast_budget_pct .js-plotly-plot").wait_for()
    assert page.locator(".st-key-ind-forecast_budget_pct .js-plotly-plot").get_by_text("Grens").count() >= 1
    assert_no_exception(page)
