"""Overzicht (/): the landing page shows the loaded data and the engine's figures."""

import pytest
from playwright.sync_api import expect

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import day, figure_text, number
from jeugdhulpmonitor.periods import Period
from tests.e2e.conftest import HOSTILE, assert_no_exception, choose, kpi_text, open_page, static_table

pytestmark = pytest.mark.e2e
KEYS = ["young_people_in_care", "inflow", "outflow", "out_of_home_per_1000", "budget_utilisation_pct"]


def _expected(engine, period, selection):
    figs = engine.compute(KEYS, Period.parse(period), selection)
    return {f.indicator: figure_text(f, engine.catalogue[f.indicator].format) for f in figs}


def test_landing_page_shows_the_loaded_data(page, app_url, engine):
    open_page(page, app_url, "/")
    status = page.locator(".st-key-data-status-compact").inner_text()
    assert f"versie {engine.runner.data_version}" in status
    assert number(engine.summary()["trajectories"]) in status
    assert day(engine.summary()["last_date"]) in status
    assert_no_exception(page)


def test_key_figures_equal_the_engine_and_follow_a_filter(page, app_url, engine):
    open_page(page, app_url, "/?regio=amsterdam-amstelland&periode=2028-M8")
    expected = _expected(engine, "2028-M8", Selection(region="amsterdam-amstelland"))
    assert {k: kpi_text(page, k) for k in KEYS} == expected
    choose(page, "f_gemeente", "Amstelveen")
    assert "gemeente=GM0362" in page.url
    expected = _expected(engine, "2028-M8", Selection(region="amsterdam-amstelland", municipalities=("GM0362",)))
    assert {k: kpi_text(page, k) for k in KEYS} == expected
    assert_no_exception(page)


def _rgb(page, selector: str) -> tuple[int, ...]:
    colour = page.locator(selector).first.evaluate("e => getComputedStyle(e).color")
    return tuple(int(x) for x in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3])


def test_a_baseline_chip_points_and_colours_as_the_figure_moved(page, app_url, engine):
    open_page(page, app_url, "/?regio=amsterdam-amstelland&periode=2029-M8")
    placements = engine.compute("out_of_home_per_1000", Period.parse("2029-M8"), Selection("amsterdam-amstelland"))[0]
    assert placements.value < placements.baseline  # fewer placements: down, and lower is better
    down = ".st-key-kpi-out_of_home_per_1000 [data-testid='stMetricDelta']"
    # The chip's arrow is drawn a moment after the run has settled: wait for it, not for a clock.
    expect(page.locator(f"{down} [data-testid='stMetricDeltaIcon-Down']")).to_have_count(1)
    assert page.locator(f"{down} [data-testid='stMetricDeltaIcon-Up']").count() == 0
    red, green, blue = _rgb(page, down)
    assert green > red and green > blue
    # Young people in care has no better direction: its arrow follows the change, in gray.
    in_care = engine.compute("young_people_in_care", Period.parse("2029-M8"), Selection("amsterdam-amstelland"))[0]
    icon = "Up" if in_care.value > in_care.baseline else "Down"
    neutral = ".st-key-kpi-young_people_in_care [data-testid='stMetricDelta']"
    expect(page.locator(f"{neutral} [data-testid='stMetricDeltaIcon-{icon}']")).to_have_count(1)
    red, green, blue = _rgb(page, neutral)
    assert max(red, green, blue) - min(red, green, blue) < 30
    assert_no_exception(page)


def test_no_baseline_chip_in_the_baseline_year(page, app_url):
    open_page(page, app_url, "/?regio=amsterdam-amstelland&periode=2026-M8")
    assert kpi_text(page, "young_people_in_care") not in ("", "–")
    assert page.locator("[class*='st-key-kpi-'] [data-testid='stMetricDelta']").count() == 0
    assert_no_exception(page)


def test_a_link_reproduces_the_view_and_back_works(page, app_url):
    open_page(page, app_url, "/?periode=2027-M4")
    choose(page, "f_periode", Period.parse("2026").label)
    assert "periode=2026" in page.url
    page.go_back()
    page.wait_for_url("**periode=2027-M4**")


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("param", ["regio"])
def test_hostile_url_values_get_a_notice_and_the_default(page, app_url, param, value):
    open_page(page, app_url, f"/?{param}={value}")
    assert page.locator('[data-testid="stAlert"]', has_text="is onbekend en is genegeerd").count() == 1
    assert kpi_text(page, "young_people_in_care") not in ("", "–")
    assert_no_exception(page)


def test_ijmonds_overzicht_shows_its_kpis_with_its_own_targets(page, app_url, engine):
    """Issue 28, item 9: IJmond/Zuid-Kennemerland's Overzicht had none of its KPIs; complaints per
    1,000 read "–". Each KPI stands with its group and what the region judges it by."""
    from jeugdhulpmonitor.catalogue import CATALOGUE

    region = "ijmond-zuid-kennemerland"
    open_page(page, app_url, f"/?regio={region}&periode=2028-M8")
    assert page.locator(".st-key-kpi-out_of_home_per_1000").count() == 0  # Amsterdam-Amstelland's theme B
    for key, label, members in CATALOGUE().kpis(region):
        group = page.locator(f".st-key-kpi-group-{key}")
        assert group.get_by_role("heading", name=label).count() == 1
        for ind in members:
            fig = engine.compute(ind.id, Period.parse("2028-M8"), Selection(region=region))[0]
            value = group.locator(f".st-key-kader-{ind.id} [data-testid='stMetricValue']").inner_text()
            assert value == figure_text(fig, ind.format), ind.id
            target = group.locator(f".st-key-target-{ind.id}").inner_text()
            expected = "Grens: hooguit 100,0%" if ind.id == "forecast_budget_pct" else "Geen streefwaarde in het kader"
            assert target.startswith(expected), (ind.id, target)
    complaints = page.locator(".st-key-kader-complaints_per_1000_clients [data-testid='stMetricValue']").inner_text()
    assert complaints not in ("–", "x", "")
    page.locator(".st-key-kpis").get_by_role("link", name="Verloop en streefwaarde per KPI op Thema's →").click()
    page.wait_for_url("**/themas?**")
    assert f"regio={region}" in page.url
    assert_no_exception(page)


def test_signals_appear_at_the_top_for_a_view_projected_off_course(page, app_url, engine):
    """Issue 29, item 3: Uithoorn's spending at the 8-month report of 2029 is projected above its
    budget (backtest.year_end); the signal with its value, interval and budget is shown first."""
    from jeugdhulpmonitor.views import signals

    uithoorn = Selection(region="amsterdam-amstelland", municipalities=("GM0451",))
    found = signals.signals(engine, uithoorn, Period.parse("2029-M8"))
    budget = [s for s in found if s.kind == "budget"]
    assert budget, "the sample no longer projects Uithoorn's spending above its budget at 2029-M8"
    open_page(page, app_url, "/?regio=amsterdam-amstelland&gemeente=GM0451&periode=2029-M8")
    box = page.locator(".st-key-signals")
    assert box.bounding_box()["y"] < page.locator(".st-key-key-figures").bounding_box()["y"]
    shown = page.locator(".st-key-signals-list").inner_text()
    assert budget[0].sentence in shown
    assert f"{budget[0].certainty.capitalize()}: {budget[0].why}." in shown
    # Every projected signal of the region is listed, in the short list or the folded whole list.
    open_page(page, app_url, "/?regio=amsterdam-amstelland&periode=2029-M8")
    page.locator(".st-key-signals-all summary").click()
    listed = set(static_table(page, "signals-table"))
    region = signals.signals(engine, Selection(region="amsterdam-amstelland"), Period.parse("2029-M8"))
    assert region and {s.sentence for s in region} <= listed
    assert_no_exception(page)


def test_other_periods_say_when_signals_are_made(page, app_url):
    from jeugdhulpmonitor.views import signals

    open_page(page, app_url, "/?regio=ijmond-zuid-kennemerland&periode=2029-Q2")
    assert signals.NOT_AT_THIS_PERIOD in page.locator(".st-key-signals").inner_text()
    assert_no_exception(page)
