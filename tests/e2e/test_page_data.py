"""Data en definities (/data): the loaded version and the whole catalogue."""

import pandas as pd
import pytest

from jeugdhulpmonitor.devserver import dashboard, new_context
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text
from jeugdhulpmonitor.periods import Period
from tests.e2e.conftest import SAMPLE, assert_no_exception, open_page

pytestmark = pytest.mark.e2e


def test_data_page_shows_version_and_catalogue(page, app_url, engine):
    open_page(page, app_url, "/data")
    assert engine.runner.data_version in page.locator(".st-key-data-status").inner_text()
    assert page.get_by_role("heading", name="Indicatorcatalogus").count() == 1
    assert_no_exception(page)


def test_delivery_per_provider_download_equals_the_engine(page, app_url, engine):
    open_page(page, app_url, "/data")
    with page.expect_download() as download:
        page.locator(".st-key-freshness").get_by_role("button", name="Download CSV").click()
    frame = pd.read_csv(download.value.path(), sep=";", dtype=str, encoding="utf-8-sig")
    periods = engine.runner.run("theme_indicator_periods", indicator_ids=["delivery_on_time_pct"]).frame
    latest = max(map(Period.parse, periods["periods"][0]), key=lambda p: p.end)
    shown = frame[frame["Rapportage"] == latest.label].set_index("Aanbieder")
    on_time = [
        f
        for region in ("amsterdam-amstelland", "ijmond-zuid-kennemerland")
        for f in engine.compute("delivery_on_time_pct", latest, Selection(region=region), by="provider")
    ]
    delivered = [f for f in on_time if f.measured_period == str(latest)]
    assert delivered, "the sample has deliveries for the latest report"
    for f in delivered:
        assert shown.loc[engine.providers[f.provider_id][0], "Tijdig"] == figure_text(f, "0,0%")


def test_the_ingest_report_explains_a_directly_loaded_extract(page, app_url):
    open_page(page, app_url, "/data")
    assert page.get_by_text("niet via ingest gepubliceerd").count() == 1


def test_a_fresh_server_serves_a_page_url_through_the_navigation(tmp_path, browser):
    """The first request of a new server is a page URL: still the full app, not the bare script."""
    with dashboard(SAMPLE, tmp_path / "app.log") as (_proc, url):
        context = new_context(browser)
        page = open_page(context.new_page(), url, "/data")
        assert page.get_by_role("link", name="Gemeenten en gebieden").count() == 1
        assert page.locator(".st-key-data-status-compact").count() == 1
        assert_no_exception(page)
