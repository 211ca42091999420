"""Navigation as in any web application: the filters stay when moving between pages, the back
button steps through filter changes, links between pages open in the same tab with the filters."""

import pytest

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text
from jeugdhulpmonitor.periods import Period
from tests.e2e.conftest import assert_no_exception, choose, kpi_text, open_page, wait_for_rerun

pytestmark = pytest.mark.e2e


def _selected(page, key: str) -> str:
    """The option a selectbox shows."""
    return page.locator(f".st-key-{key} [role='combobox']").input_value()


def _inflow(engine, period: str, selection: Selection) -> str:
    fig = engine.compute("inflow", period, selection)[0]
    return figure_text(fig, engine.catalogue["inflow"].format)


def test_filters_stay_when_moving_to_another_page(page, app_url):
    open_page(page, app_url, "/overzicht?gemeente=GM0362&periode=2027-M8")
    page.get_by_role("link", name="Gemeenten en gebieden").click()
    page.wait_for_url("**/gemeenten?**")
    wait_for_rerun(page)
    assert "gemeente=GM0362" in page.url and "periode=2027-M8" in page.url
    assert "Amstelveen" in _selected(page, "f_gemeente")
    assert Period.parse("2027-M8").label in _selected(page, "f_periode")
    assert page.locator('[data-testid="stAlert"]', has_text="is onbekend").count() == 0
    assert_no_exception(page)


def test_a_period_this_page_does_not_offer_falls_back_without_a_notice(page, app_url):
    open_page(page, app_url, "/overzicht?periode=2027-Q2")
    page.get_by_role("link", name="Prestatiedialoog").click()
    page.wait_for_url("**/prestatiedialoog**")
    wait_for_rerun(page)
    assert page.locator('[data-testid="stAlert"]', has_text="is onbekend").count() == 0
    assert_no_exception(page)


def test_the_back_button_restores_the_previous_filter(page, app_url, engine):
    open_page(page, app_url, "/overzicht?periode=2027-M4")
    region = Selection(region="amsterdam-amstelland")
    assert kpi_text(page, "inflow") == _inflow(engine, "2027-M4", region)
    choose(page, "f_gemeente", "Amstelveen")
    amstelveen = Selection(region="amsterdam-amstelland", municipalities=("GM0362",))
    assert kpi_text(page, "inflow") == _inflow(engine, "2027-M4", amstelveen)
    page.go_back()
    page.wait_for_url(lambda url: "gemeente=" not in url)
    wait_for_rerun(page)
    assert "Alle gemeenten" in _selected(page, "f_gemeente")
    assert kpi_text(page, "inflow") == _inflow(engine, "2027-M4", region)
    page.go_forward()
    page.wait_for_url("**gemeente=GM0362**")
    wait_for_rerun(page)
    assert kpi_text(page, "inflow") == _inflow(engine, "2027-M4", amstelveen)


def test_a_theme_link_opens_in_the_same_tab_with_the_filters(page, app_url):
    open_page(page, app_url, "/overzicht?periode=2027-M8")
    tabs = len(page.context.pages)
    page.locator(".st-key-theme-B").get_by_role("link", name="Naar thema B").click()
    page.wait_for_url("**/themas?**")
    wait_for_rerun(page)
    assert len(page.context.pages) == tabs
    assert "thema=B" in page.url and "periode=2027-M8" in page.url
    assert_no_exception(page)


def test_overzicht_opens_cleanly_at_its_documented_url(page, app_url):
    open_page(page, app_url, "/overzicht")
    assert page.get_by_role("heading", name="Overzicht").count() == 1
    assert page.locator('[data-testid="stAlert"]', has_text="onbekend").count() == 0
    assert "Page not found" not in page.content()
