"""Navigation as in any web application: the filters stay when moving between pages, the back
button steps through filter changes, links between pages open in the same tab with the filters.

Issue 28, item 10: a page that cannot show the selection opens on the nearest view it can show
and says what changed; moving on adds one entry to the browser's history, the view shown, so
that the back button returns to exactly the view seen before (its URL and its filters)."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text
from jeugdhulpmonitor.periods import Period
from tests.e2e.conftest import assert_no_exception, choose, kpi_text, open_page, wait_for_rerun

pytestmark = pytest.mark.e2e


# Per region: its URL parameter, a small municipality and its name.
REGIONS = {
    "amsterdam-amstelland": ({}, "GM0358", "Aalsmeer"),
    "ijmond-zuid-kennemerland": ({"regio": "ijmond-zuid-kennemerland"}, "GM0377", "Bloemendaal"),
}


def _selected(page, key: str) -> str:
    """The option a selectbox shows."""
    return page.locator(f".st-key-{key} [role='combobox']").input_value()


def _query(page) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(page.url).query))


def _path(query: dict[str, str], page: str) -> str:
    return f"/{page}?" + "&".join(f"{k}={v}" for k, v in query.items())


def _move(page, title: str, slug: str) -> None:
    """Open another page as a person does: its entry in the sidebar's menu."""
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=title, exact=True).click()
    page.wait_for_url(f"**/{slug}**")
    wait_for_rerun(page)


def _back(page, path: str) -> None:
    """The browser's back button lands on exactly `path` (no view in between that nobody saw)."""
    page.go_back()
    wait_for_rerun(page)
    assert (urlsplit(page.url).path, _query(page)) == (urlsplit(path).path, _query_of(path))


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


def test_a_period_this_page_does_not_offer_becomes_the_nearest_with_a_notice(page, app_url):
    open_page(page, app_url, "/overzicht?periode=2027-Q2")
    _move(page, "Prestatiedialoog", "prestatiedialoog")
    assert _query(page) == {"periode": "2027-M8"}  # April to June lies within January to August
    assert Period.parse("2027-M8").label in _selected(page, "f_periode")
    notice = page.locator(".st-key-arrival-notice").inner_text()
    assert "In plaats van het tweede kwartaal 2027 ziet u de 8-maandsrapportage 2027" in notice
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
    open_page(page, app_url, "/overzicht?gemeente=GM0358&periode=2027-M8")
    tabs = len(page.context.pages)
    page.locator(".st-key-theme-B").get_by_role("link", name="Naar thema B").click()
    page.wait_for_url("**/themas?**")
    wait_for_rerun(page)
    assert len(page.context.pages) == tabs
    assert _query(page) == {"gemeente": "GM0358", "thema": "B", "periode": "2027-M8"}  # Aalsmeer kept
    _back(page, "/overzicht?gemeente=GM0358&periode=2027-M8")
    assert_no_exception(page)


def test_overzicht_opens_cleanly_at_its_documented_url(page, app_url):
    open_page(page, app_url, "/overzicht")
    assert page.get_by_role("heading", name="Overzicht").count() == 1
    assert page.locator('[data-testid="stAlert"]', has_text="onbekend").count() == 0
    assert "Page not found" not in page.content()


@pytest.mark.parametrize("region", REGIONS)
def test_a_council_half_year_opens_financien_on_the_report_that_holds_it_and_says_so(page, app_url, region):
    regio, code, name = REGIONS[region]
    council = _path({**regio, "gemeente": code, "periode": "2026-H1"}, "raadsrapportage")
    open_page(page, app_url, council)
    _move(page, "Financiën", "financien")
    assert _query(page) == {**regio, "gemeente": code, "periode": "2026-M8"}
    assert name in _selected(page, "f_gemeente")
    assert Period.parse("2026-M8").label in _selected(page, "f_periode")
    notice = page.locator(".st-key-arrival-notice").inner_text()
    assert "Raadsrapportage" in notice
    assert "In plaats van het eerste halfjaar 2026 ziet u de 8-maandsrapportage 2026" in notice
    assert_no_exception(page)

    _back(page, council)  # the half year, as it was seen
    assert name in _selected(page, "f_gemeente")
    assert Period.parse("2026-H1").label in _selected(page, "f_periode")
    assert page.locator(".st-key-arrival-notice").count() == 0
    assert_no_exception(page)


@pytest.mark.parametrize("region", REGIONS)
def test_a_municipality_chosen_on_gemeenten_stays_on_overzicht_and_back_steps_through_what_was_seen(
    page, app_url, engine, region
):
    regio, code, name = REGIONS[region]
    first = _path({**regio, "periode": "2027-Q2"}, "gemeenten")
    open_page(page, app_url, first)
    choose(page, "f_gemeente", name)
    chosen = _path({**regio, "periode": "2027-Q2", "gemeente": code}, "gemeenten")
    assert _query(page) == _query_of(chosen)

    _move(page, "Overzicht", "overzicht")
    assert _query(page) == {**regio, "gemeente": code, "periode": "2027-Q2"}
    assert name in _selected(page, "f_gemeente")
    assert kpi_text(page, "inflow") == _inflow(engine, "2027-Q2", Selection(region=region, municipalities=(code,)))
    assert page.locator(".st-key-arrival-notice").count() == 0  # nothing had to change

    _back(page, chosen)
    assert name in _selected(page, "f_gemeente")
    assert Period.parse("2027-Q2").label in _selected(page, "f_periode")
    _back(page, first)
    assert "Alle gemeenten" in _selected(page, "f_gemeente")
    assert_no_exception(page)


def test_the_notice_goes_once_the_person_changes_the_view(page, app_url):
    open_page(page, app_url, "/themas?gemeente=GM0358&thema=B&periode=2027-Q2")
    _move(page, "Financiën", "financien")
    assert page.locator(".st-key-arrival-notice").count() == 1
    notice = page.locator(".st-key-arrival-notice").inner_text()
    assert "Thema: Financiën toont geen keuze per thema" in notice and "Periode:" in notice
    choose(page, "f_gemeente", "Uithoorn")
    assert page.locator(".st-key-arrival-notice").count() == 0
    assert _query(page) == {"gemeente": "GM0451", "periode": "2027-M8"}


def test_the_selection_waits_on_the_data_page_for_the_next_page(page, app_url):
    open_page(page, app_url, "/gemeenten?gebied=noord&periode=2028-Q2")
    _move(page, "Data en definities", "data")
    assert _query(page) == {}  # the data page is about all the loaded data
    _move(page, "Cliëntstromen", "clientstromen")
    assert _query(page) == {"gebied": "noord", "periode": "2028-Q2"}
    assert "Noord" in _selected(page, "f_gebied")
    _back(page, "/data")
    _back(page, "/gemeenten?gebied=noord&periode=2028-Q2")
    assert "Noord" in _selected(page, "f_gebied")
    assert_no_exception(page)


def _query_of(path: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(path).query))


def test_a_region_without_themes_keeps_no_theme(page, app_url):
    """IJmond/Zuid-Kennemerland has no themes A-D: theme B chosen in Amsterdam-Amstelland stayed
    in the URL and the selection after switching region, and went along to the next page."""
    open_page(page, app_url, "/themas?thema=B&periode=2027-M8")
    choose(page, "f_regio", "IJmond/Zuid-Kennemerland")
    assert _query(page) == {"regio": "ijmond-zuid-kennemerland", "periode": "2027-M8"}
    _move(page, "Cliëntstromen", "clientstromen")
    assert page.locator(".st-key-arrival-notice").count() == 0
    assert _query(page) == {"regio": "ijmond-zuid-kennemerland", "periode": "2027-M8"}
