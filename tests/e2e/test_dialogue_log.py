"""What was agreed at a dialogue survives new data: record an action on the Prestatiedialoog page
of a managed data directory, publish a new version, and find it open at the next report."""

from datetime import date

import pytest

from jeugdhulpmonitor.devserver import DashboardStartError, dashboard, wait_for_rerun
from jeugdhulpmonitor.ingest import ingest
from tests import extracts
from tests.e2e.conftest import assert_no_exception, choose, open_page, static_table

pytestmark = pytest.mark.e2e

AGREEMENT = "Plan om de wachttijd voor ambulante hulp te halveren"


def _delivery(directory, *more):
    # Data up to September 2028, so that the 4- and 8-month reports of 2028 are offered.
    rows = [{}, {"client_id": "c2", "start_date": date(2028, 2, 1), "end_date": date(2028, 9, 30)}, *more]
    return extracts.write(directory, extracts.flows(*rows))


def test_an_agreement_recorded_at_a_dialogue_is_open_at_the_next_after_new_data_is_published(page, tmp_path):
    data_dir = tmp_path / "data"
    ingest(_delivery(tmp_path / "one"), data_dir)
    try:
        with dashboard(data_dir, tmp_path / "app.log") as (_proc, url):
            open_page(page, url, "/prestatiedialoog?aanbieder=AA01&periode=2028-M4")
            page.locator(".st-key-action-text textarea").fill(AGREEMENT)
            page.locator(".st-key-action-owner input").fill("Aanbieder 1")
            # Due by default on the day of the next dialogue (October 2028): open at both.
            page.locator(".st-key-action-who input").fill("Anna de Vries")
            page.get_by_role("button", name="Afspraak vastleggen").click()
            wait_for_rerun(page)
            page.get_by_text(f"Afspraak vastgelegd: {AGREEMENT}").wait_for()
            recorded = static_table(page, "actions-this")[AGREEMENT]
            assert recorded["Nr."] == "1"
            assert recorded["Status"] == "open"
            assert recorded["Laatst gewijzigd"].endswith("door Anna de Vries")

            report = ingest(_delivery(tmp_path / "two", {"client_id": "c3", "start_date": date(2028, 5, 1)}), data_dir)
            assert report.published
            open_page(page, url, "/prestatiedialoog?aanbieder=AA01&periode=2028-M8")
            assert page.get_by_text(f"Gegevensversie {report.version}").count() >= 1  # the new data is shown
            # The previous dialogue's action stands under it, once (issue 28, item 12).
            carried = static_table(page, "actions-previous")[AGREEMENT]
            assert carried["Nr."] == "1"
            assert (carried["Eigenaar"], carried["Status"]) == ("Aanbieder 1", "open")
            assert page.get_by_text("Er staan geen afspraken uit eerdere dialogen open.").count() == 1
            assert page.get_by_text("Bij deze dialoog zijn nog geen afspraken vastgelegd.").count() == 1

            # Marked done at the next dialogue: it leaves the open list and its own dialogue says so.
            choose(page, "action-choice", f"{AGREEMENT} (Aanbieder 1, 4-maandsrapportage 2028)")
            page.get_by_role("button", name="Markeren als afgerond").click()
            wait_for_rerun(page)
            page.get_by_text(f"Afgerond: {AGREEMENT} (Aanbieder 1, 4-maandsrapportage 2028)").wait_for()
            assert static_table(page, "actions-previous")[AGREEMENT]["Status"] == "afgerond"
            open_page(page, url, "/prestatiedialoog?aanbieder=AA01&periode=2028-M4")
            assert static_table(page, "actions-this")[AGREEMENT]["Status"] == "afgerond"
            assert_no_exception(page)
    except DashboardStartError as exc:
        pytest.fail(f"the dashboard did not start:\n{exc}")
    assert (data_dir / "dialogues.sqlite").exists()
