"""Cliëntstromen (/clientstromen): flows, breakdowns and movements equal the engine's."""

import pytest

from jeugdhulpmonitor import breakdowns
from jeugdhulpmonitor.contract import CARE_FORM_LABELS
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text, number
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.suppression import SUPPRESSED_TEXT
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
KEYS = ["young_people_in_care", "inflow", "outflow", "waiting_days_median", "early_termination_pct"]


def _shown(v):
    return SUPPRESSED_TEXT if v is None or v != v else number(v)


def test_key_figures_and_the_breakdown_equal_the_engine(page, app_url, engine):
    open_page(page, app_url, "/clientstromen?periode=2028-H1&gemeente=GM0363")
    sel = Selection(region="amsterdam-amstelland", municipalities=("GM0363",))
    expected = {
        f.indicator: figure_text(f, engine.catalogue[f.indicator].format) for f in engine.compute(KEYS, "2028-H1", sel)
    }
    assert {k: kpi_text(page, k) for k in KEYS} == expected
    shown = static_table(page, "breakdown")
    table = breakdowns.by_dimension(engine, Period.parse("2028-H1"), sel, "care_form").frame
    for row in table.itertuples():
        assert shown[CARE_FORM_LABELS[row.dimension_value]]["Jeugdigen in zorg"] == _shown(row.in_care)
    assert_no_exception(page)


def test_changing_the_breakdown_and_the_provider(page, app_url, engine):
    open_page(page, app_url, "/clientstromen?periode=2028-H1")
    choose(page, "f_indeling", "Leeftijd")
    assert "indeling=age_group" in page.url
    sel = Selection(region="amsterdam-amstelland")
    table = breakdowns.by_dimension(engine, Period.parse("2028-H1"), sel, "age_group").frame
    assert {k: v["Jeugdigen in zorg"] for k, v in static_table(page, "breakdown").items()} == {
        r.dimension_value: _shown(r.in_care) for r in table.itertuples()
    }
    provider = next(iter(engine.providers))
    choose(page, "f_aanbieder", engine.providers[provider][0])
    assert f"aanbieder={provider}" in page.url
    fig = engine.compute(
        "young_people_in_care", "2028-H1", Selection(region="amsterdam-amstelland", provider=provider)
    )[0]
    assert kpi_text(page, "young_people_in_care") == figure_text(fig, "0")
    assert_no_exception(page)


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("param", ["indeling"])
def test_hostile_url_values_get_a_notice_and_the_default(page, app_url, param, value):
    assert_notice_and_default(page, app_url, "/clientstromen", param, value)
    assert kpi_text(page, "inflow") not in ("", "–")


def test_a_hidden_median_or_percentage_per_provider_shows_x_never_a_count_mark(page, app_url, engine):
    open_page(page, app_url, "/clientstromen?periode=2028-H1&aanbieder=AA01&thema=B")
    sel = Selection(region="amsterdam-amstelland", provider="AA01", theme="B")
    shown = static_table(page, "per-provider")
    figs = {i: engine.compute(i, "2028-H1", sel, by="provider")[0] for i in KEYS[3:]}
    assert figs["early_termination_pct"].suppressed  # the case this test is about
    row = shown[engine.providers["AA01"][0]]
    for ident, fig in figs.items():
        assert row[engine.catalogue[ident].name] == figure_text(fig, engine.catalogue[ident].format)
    assert all(v != SUPPRESSED_TEXT for v in row.values())
    assert "x" in row.values()
    # The filter is in the labels, and the footnote explains the mark.
    assert "aanbieder Altra" in page.locator(".st-key-kpi-inflow").inner_text()
    assert page.get_by_text("een percentage, verhouding, mediaan of aantal dagen als").count() >= 1
    assert_no_exception(page)
