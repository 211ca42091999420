"""Gemeenten en gebieden (/gemeenten): the compared figures equal the engine's, per 1,000 too."""

import pytest

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text
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
REGION = Selection(region="amsterdam-amstelland")
UITHOORN = Selection(region="amsterdam-amstelland", municipalities=("GM0451",))


def _text(engine, ident, period, selection, per_1000=False, by=None):
    return [
        figure_text(f, engine.catalogue[ident].format)
        for f in engine.compute(ident, period, selection, by=by, per_1000=per_1000)
    ]


def test_a_municipality_against_the_region_equals_the_engine(page, app_url, engine):
    open_page(page, app_url, "/gemeenten?gemeente=GM0451&periode=2028&indicator=young_people_in_care")
    # Counts are shown per 1,000 young people by default.
    assert kpi_text(page, "chosen") == _text(engine, "young_people_in_care", "2028", UITHOORN, per_1000=True)[0]
    assert kpi_text(page, "region") == _text(engine, "young_people_in_care", "2028", REGION, per_1000=True)[0]
    own = static_table(page, "own-page")
    expected = engine.compute("out_of_home_per_1000", "2028", UITHOORN)[0]
    assert own["Uithuisplaatsingen per 1.000 jeugdigen"]["Uithoorn"] == figure_text(expected, "0,0")
    assert_no_exception(page)


def test_switching_to_counts_and_to_areas(page, app_url, engine):
    open_page(page, app_url, "/gemeenten?periode=2028&indicator=inflow")
    choose(page, "f_per1000", "Aantal")
    assert "per1000=0" in page.url
    assert kpi_text(page, "chosen") == _text(engine, "inflow", "2028", REGION)[0]
    choose(page, "f_vergelijk", "Gebieden")
    assert "vergelijk=area" in page.url
    page.wait_for_selector(".st-key-ranked .bartext")
    bars = page.locator(".st-key-ranked .bartext").evaluate_all("els => els.map(e => e.textContent)")
    assert sorted(bars) == sorted(_text(engine, "inflow", "2028", REGION, by="area"))
    assert_no_exception(page)


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("param", ["indicator"])
def test_hostile_url_values_get_a_notice_and_the_default(page, app_url, param, value):
    assert_notice_and_default(page, app_url, "/gemeenten", param, value)
    assert kpi_text(page, "chosen") not in ("", "–")


def test_the_startfoto_2024_shows_the_seed_figures(page, app_url, engine):
    open_page(page, app_url, "/gemeenten?periode=2028")
    assert page.get_by_role("heading", name="Startfoto 2024").count() == 1
    table = static_table(page, "startfoto-table")
    in_care = engine.compute("young_people_in_care", "2024", REGION, by="municipality")
    assert table["Aalsmeer"]["Jeugdigen in zorg"] == figure_text(in_care[0], "0")  # as protected
    true = engine.unprotected().compute("young_people_in_care", "2024", REGION, by="municipality")
    assert true[0].value == 410  # the seed's figure, in the data
    assert_no_exception(page)
