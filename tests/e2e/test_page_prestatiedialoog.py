"""Prestatiedialoog (/prestatiedialoog): the steering elements per level equal the engine's."""

import pytest
from playwright.sync_api import expect

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text
from jeugdhulpmonitor.geography import GEO
from tests.e2e.conftest import HOSTILE, assert_no_exception, assert_notice_and_default, choose, open_page, static_table

pytestmark = pytest.mark.e2e


def _text(engine, ident, period, selection):
    return figure_text(engine.compute(ident, period, selection)[0], engine.catalogue[ident].format)


def test_a_provider_sheet_shows_region_municipality_area_and_the_same_report_a_year_earlier(page, app_url, engine):
    provider = next(iter(engine.providers))
    open_page(page, app_url, f"/prestatiedialoog?aanbieder={provider}&periode=2029-M4")
    flows = static_table(page, "element-client_flows")["Jeugdigen in zorg"]
    sel = Selection(region="amsterdam-amstelland", provider=provider)
    assert flows["Regio"] == _text(engine, "young_people_in_care", "2029-M4", sel)
    assert flows["Vergeleken met"] == "4-maandsrapportage 2028"
    assert flows["Waarde toen"] == _text(engine, "young_people_in_care", "2028-M4", sel)
    for muni in ("GM0363", "GM0451"):
        expected = _text(
            engine,
            "young_people_in_care",
            "2029-M4",
            Selection(region=sel.region, municipalities=(muni,), provider=provider),
        )
        assert flows[GEO().name(muni)] == expected
    assert flows["gebied Noord"] == _text(
        engine, "young_people_in_care", "2029-M4", Selection(region=sel.region, area="noord", provider=provider)
    )
    assert "dialoog van juni 2029" in page.get_by_text("PD1").first.inner_text()
    assert_no_exception(page)


def test_the_m8_dialogue_compares_with_m8_of_the_year_before_and_pd1_shows_the_lump_sum(page, app_url, engine):
    provider = next(iter(engine.providers))
    open_page(page, app_url, f"/prestatiedialoog?aanbieder={provider}&periode=2029-M8")
    sel = Selection(region="amsterdam-amstelland", provider=provider)
    flows = static_table(page, "element-client_flows")["Instroom"]
    assert flows["Vergeleken met"] == "8-maandsrapportage 2028"
    assert flows["Waarde toen"] == _text(engine, "inflow", "2028-M8", sel)
    money = static_table(page, "element-budget")
    assert engine.catalogue["budget_eur"].name not in money  # never the region's budget beside its spending
    lump = money[engine.catalogue["lump_sum_eur"].name]
    assert lump["Regio"] == _text(engine, "lump_sum_eur", "2029-M8", sel)
    part = Selection(region=sel.region, municipalities=("GM0362",), provider=provider)
    assert lump["Amstelveen"] == _text(engine, "lump_sum_eur", "2029-M8", part)
    assert money["Uitputting lumpsum"]["Regio"] == _text(engine, "lump_sum_utilisation_pct", "2029-M8", sel)
    forecast = money["Eindejaarsprognose"]
    assert forecast["Vergeleken met"] == "prognose bij de 4-maandsrapportage 2029"
    assert forecast["Waarde toen"] == _text(engine, "forecast_year_end_eur", "2029-M4", sel)
    heading = page.locator(".st-key-section-budget h3").first.inner_text()
    assert engine.providers[provider][0] in heading
    assert_no_exception(page)


def test_a_theme_dialogue(page, app_url, engine):
    open_page(page, app_url, "/prestatiedialoog?periode=2029-M8")
    choose(page, "f_dialoog", "PD2: per thema of gebied")
    choose(page, "f_thema", "Thema B")
    assert "dialoog=pd2" in page.url and "thema=B" in page.url
    content = static_table(page, "element-content")
    sel = Selection(region="amsterdam-amstelland", theme="B")
    # Computed from the theme's trajectories, so its label says so (issue 28, item 2): "Thema B" on
    # Thema's is the region's figure without a filter, and one label never shows two numbers.
    name = f"{engine.catalogue['residential_days_change_vs_2026'].name} (trajecten met thema B)"
    assert content[name]["Regio"] == _text(engine, "residential_days_change_vs_2026", "2029-M8", sel)
    # A delivered theme-B figure is the theme's own: its plain name, the region's figure (as on Thema's).
    own = engine.catalogue["stable_perspective_pct"].name
    assert content[own]["Regio"] == _text(engine, "stable_perspective_pct", "2029-M8", Selection(sel.region))
    assert_no_exception(page)


def test_pd1_marks_the_regions_delivered_figures_not_known_for_the_provider(page, app_url, engine):
    """Issue 28, item 3: under "Alle cijfers: ... aanbieder Altra" the content and quality rows
    showed the region's regulier onderwijs and rapportcijfer; now they say "n.v.t. per aanbieder"."""
    open_page(page, app_url, "/prestatiedialoog?aanbieder=AA01&periode=2029-M8")
    region = Selection(region="amsterdam-amstelland")
    for element, ident in (("content", "regular_education_pct"), ("quality", "client_satisfaction_score")):
        row = static_table(page, f"element-{element}")[engine.catalogue[ident].name]
        assert row["Regio"] == "n.v.t. per aanbieder" != _text(engine, ident, "2029-M8", region)
    expect(page.get_by_text("bestaat niet op dat niveau", exact=False)).to_be_visible()
    assert_no_exception(page)


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("param", ["dialoog"])
def test_hostile_url_values_get_a_notice_and_the_default(page, app_url, param, value):
    assert_notice_and_default(page, app_url, "/prestatiedialoog", param, value)
    assert static_table(page, "element-client_flows")["Jeugdigen in zorg"]["Regio"] not in ("", "–")


@pytest.mark.parametrize("provider, region", [("AA01", "amsterdam-amstelland"), ("IJ01", "ijmond-zuid-kennemerland")])
def test_the_page_follows_the_meeting_and_the_form_stands_above_the_folded_definitions(
    page, app_url, engine, provider, region
):
    """Issue 28, item 12: the recording form sat below about forty definition paragraphs."""
    open_page(page, app_url, f"/prestatiedialoog?regio={region}&aanbieder={provider}&periode=2029-M8")
    order = ["dialogue-signals", "section-budget", "section-quality", "dialogue-actions", "action-forms",
             "dialogue-definitions"]  # fmt: skip
    tops = [page.locator(f".st-key-{key}").first.bounding_box()["y"] for key in order]
    assert tops == sorted(tops), dict(zip(order, tops, strict=True))
    explanation = engine.catalogue["young_people_in_care"].explanation
    definitions = page.locator(".st-key-dialogue-definitions")
    expect(definitions.get_by_text(explanation)).not_to_be_visible()  # folded away
    definitions.get_by_text("Definities van de indicatoren").click()
    expect(definitions.get_by_text(explanation)).to_be_visible()
    if provider == "AA01":  # the sample's fictitious plan, due 30 September, is late at the October dialogue
        late = static_table(page, "signals-overdue")["Plan om de uitstroom naar lichtere zorg te versnellen"]
        assert late["Status"] == "te laat sinds 30 september 2029"
    assert_no_exception(page)


@pytest.mark.parametrize("region, area", [("amsterdam-amstelland", "noord"), ("ijmond-zuid-kennemerland", "ijmond")])
def test_pd2_for_an_area_beside_the_region_and_its_money_not_known_per_area(page, app_url, engine, region, area):
    """Issue 28, item 4: a column headed "Amsterdam" repeated Noord's figures; money was "–"."""
    open_page(page, app_url, f"/prestatiedialoog?periode=2026-M8&dialoog=pd2&regio={region}&gebied={area}")
    flows = static_table(page, "element-client_flows")["Jeugdigen in zorg"]
    name, whole = GEO().name(area), f"Regio {GEO().name(region)}"
    assert flows[f"Gebied {name}"] == _text(
        engine, "young_people_in_care", "2026-M8", Selection(region=region, area=area)
    )
    assert flows[whole] == _text(engine, "young_people_in_care", "2026-M8", Selection(region=region))
    assert not {GEO().name(m) for m in GEO().municipalities_of(region)} & set(flows)
    budget = static_table(page, "element-budget")[engine.catalogue["budget_eur"].name]
    # Money is per municipality: Noord (part of Amsterdam) has none; IJmond adds its three.
    expected = (
        "n.v.t. per gebied"
        if area == "noord"
        else _text(engine, "budget_eur", "2026-M8", Selection(region=region, area=area))
    )
    assert budget[f"Gebied {name}"] == expected
    assert budget[whole] == _text(engine, "budget_eur", "2026-M8", Selection(region=region))
    assert_no_exception(page)


def test_the_projected_signals_stand_first_for_a_provider_projected_short(page, app_url, engine):
    """Issue 29, item 3: a provider whose agreed number of young people backtest projects to fall
    short at 2029-M8 sees that signal in 'Eerst: wat vraagt aandacht', with its certainty."""
    from jeugdhulpmonitor import backtest
    from jeugdhulpmonitor.periods import Period
    from jeugdhulpmonitor.views import signals

    period = Period.parse("2029-M8")
    short = [
        y.agreement.provider_id
        for y in backtest.agreements_year_end(engine, period, Selection(region="amsterdam-amstelland"))
        if y.agreement.item == "young_people_in_care" and y.value is not None and y.value < y.agreement.agreed
    ]
    assert short, "the sample has no agreed number of young people projected to fall short at 2029-M8"
    sel = Selection(region="amsterdam-amstelland", provider=short[0])
    expected = [s for s in signals.signals(engine, sel, period) if s.kind == "young_people"]
    open_page(page, app_url, f"/prestatiedialoog?aanbieder={short[0]}&periode=2029-M8")
    shown = static_table(page, "signals-projected")
    assert expected and all(shown[s.sentence]["Zekerheid"] == s.certainty for s in expected)
    assert_no_exception(page)
