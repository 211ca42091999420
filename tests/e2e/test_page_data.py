"""Data en definities (/data): the loaded version and the whole catalogue."""

import pytest

from tests.e2e.conftest import assert_no_exception, open_page

pytestmark = pytest.mark.e2e


def test_data_page_shows_version_and_catalogue(page, app_url, engine):
    open_page(page, app_url, "/data")
    assert engine.runner.data_version in page.locator(".st-key-data-status").inner_text()
    assert page.get_by_role("heading", name="Indicatorcatalogus").count() == 1
    assert_no_exception(page)
