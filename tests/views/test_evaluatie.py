"""The Evaluatie model (seed 002): a provider's agreements per contract year beside what was
realised, and the evaluation moments after years 3 and 6, on a hand-computed tiny extract and
against the engine on the sample."""

from datetime import date

import pytest

from jeugdhulpmonitor import agreements, contract_years
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.formatting import STATUS_LABELS, number
from jeugdhulpmonitor.pagemodel import Chart, Notice, PageView, Text
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.views.evaluation import NOT_REACHED, evaluatie
from tests import extracts
from tests.extracts import flows

REGION = "amsterdam-amstelland"
AA01 = Selection(region=REGION, provider="AA01")

# Eleven young people of AA01 in foster care (residential) from 1 January 2026, never ended: 11
# places in use in every year. A twelfth starts ambulant care on 31 August 2028, the data's last day.
TINY = flows(
    *({"client_id": f"c{i}", "care_form": "pleegzorg", "start_date": date(2026, 1, 1)} for i in range(11)),
    {"client_id": "c99", "start_date": date(2028, 8, 31)},
)
AGREED = [
    # 2026 (contract year 1): 10 places agreed, 11 in use: 1 over, exactly 10 %: behind.
    {"provider_id": "AA01", "year": 2026, "item": "residential_places", "value": 10.0},
    # 2027 (year 2): 12 places, 11 in use: on track; 11 young people, 11 helped: on track.
    {"provider_id": "AA01", "year": 2027, "item": "residential_places", "value": 12.0},
    {"provider_id": "AA01", "year": 2027, "item": "young_people_in_care", "value": 11.0},
    # Spending is not known per theme: never measured, so not in the evaluation.
    {"provider_id": "AA01", "year": 2027, "theme": "B", "item": "lump_sum_eur", "value": 5.0},
    # 2028 (year 3, running at 2028-M8): 5 places, 11 in use: off track; a count waits for the year.
    {"provider_id": "AA01", "year": 2028, "item": "residential_places", "value": 5.0},
    {"provider_id": "AA01", "year": 2028, "item": "young_people_in_care", "value": 20.0},
    {"provider_id": "AA02", "year": 2027, "item": "young_people_in_care", "value": 40.0},
]


# The tiny case pins the mechanics on terms of its own (a contract from 2026 of nine years,
# evaluated after years 3 and 6), whatever the region's configured terms are.
TINY_TERMS = {"regions": {REGION: {"start_year": 2026, "length_years": 9, "evaluation_after_years": [3, 6]}}}


@pytest.fixture(autouse=True)
def tiny_terms(request, monkeypatch):
    if "tiny" in request.fixturenames:
        monkeypatch.setattr(contract_years, "_config", lambda: TINY_TERMS)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Engine:
    directory = tmp_path_factory.mktemp("evaluation") / "x"
    # the rules on the true figures (the protection is tested in tests/test_disclosure.py)
    return Engine(Runner(extracts.write(directory, TINY, agreements=AGREED))).unprotected()


def statuses(year: contract_years.ContractYear) -> dict[str, str]:
    return {a.item: a.status for a in year.results}


def test_contract_years_hand_computed(tiny):
    terms, years = contract_years.contract_years(tiny, "AA01", Period.parse("2028-M8"))
    assert (terms.start, terms.length, terms.evaluations) == (2026, 9, (3, 6))
    assert [(y.number, y.year, y.state) for y in years[:4]] == [
        (1, 2026, "done"),
        (2, 2027, "done"),
        (3, 2028, "running"),
        (4, 2029, "future"),
    ]
    assert [y.state for y in years[3:]] == ["future"] * 6
    assert statuses(years[0]) == {"residential_places": "behind"}
    assert statuses(years[1]) == {"residential_places": "on_track", "young_people_in_care": "on_track"}
    # The running year is measured over the report so far: 11 places against 5; the count waits.
    assert years[2].measured == Period.parse("2028-M8")
    assert statuses(years[2]) == {"residential_places": "off_track", "young_people_in_care": "not_measurable"}
    places = next(a for a in years[2].results if a.item == "residential_places")
    assert places.realised == pytest.approx(11.0)


def test_an_evaluation_moment_is_reached_when_its_last_year_is_whole(tiny):
    terms, years = contract_years.contract_years(tiny, "AA01", Period.parse("2028-M8"))
    after3, after6 = contract_years.moments(terms, years)
    assert (after3.after, after3.on, after3.reached) == (3, date(2028, 12, 31), False)
    assert (after6.on, after6.reached) == (date(2031, 12, 31), False)
    # An evaluation after year 2 would be reached: years 1 and 2, three agreements judged.
    (after2,) = contract_years.moments(contract_years.Terms(2026, 9, (2,)), years)
    assert after2.reached
    assert [after2.count(s) for s in ("on_track", "behind", "off_track")] == [2, 1, 0]


def test_the_model_of_the_tiny_case(tiny):
    model = evaluatie(tiny, PageView.make(AA01, "2028-M8"))
    moments = model.table("evaluation-moments").shown()
    assert list(moments["Stand"]) == [NOT_REACHED, NOT_REACHED]
    assert list(moments["Peildatum"]) == ["31 december 2028", "31 december 2031"]
    per_year = model.table("evaluation-years").shown()
    assert list(per_year["Stand"][:4]) == [
        "afgerond",
        "afgerond",
        "lopend, tot en met de 8-maandsrapportage 2028",
        NOT_REACHED,
    ]
    assert list(per_year["Afspraken"][:4]) == ["1", "2", "2", "–"]
    results = model.table("evaluation-results").frame
    assert len(results) == 5  # AA02's and the theme's lump sum are not AA01's evaluation
    assert list(results["Status"]) == [
        STATUS_LABELS[s] for s in ("behind", "on_track", "on_track", "off_track", "not_measurable")
    ]
    assert list(results["Gerealiseerd"])[:2] == [number(11.0, "0,0"), number(11.0, "0,0")]
    charts = {c.key: c for c in model.blocks(Chart)}
    places = charts["chart-evaluation-residential_places"]
    assert places.data["series"]["Afgesproken"] == [10.0, 12.0, 5.0]
    assert places.data["series"]["Gerealiseerd"] == pytest.approx([11.0, 11.0, 11.0])
    # A year's count still grows in a running year: not drawn.
    assert charts["chart-evaluation-young_people_in_care"].data["series"]["Gerealiseerd"] == [None, 11, None]


def test_without_a_provider_the_page_asks_for_one(tiny):
    model = evaluatie(tiny, PageView.make(Selection(region=REGION), "2028-M8"))
    assert [type(b) for b in model.blocks()] == [Notice]


def test_each_region_has_the_contract_terms_of_its_seed():
    # Seed 001: from 1 January 2028, initially six years to 31 December 2033, two options of two
    # years to 31 December 2037; the providers' functioning evaluated once every two years.
    aa = contract_years.terms("amsterdam-amstelland", "AA01")
    assert (aa.start, aa.length, aa.last, aa.options, aa.final) == (2028, 6, 2033, (2, 2), 2037)
    assert aa.evaluations == (2, 4, 6)
    # Seed 002: from 1 January 2022 for nine years, evaluated after years 3 and 6.
    ij = contract_years.terms("ijmond-zuid-kennemerland", "IJ01")
    assert (ij.start, ij.length, ij.last, ij.options, ij.evaluations) == (2022, 9, 2030, (), (3, 6))


IJ01 = Selection(region="ijmond-zuid-kennemerland", provider="IJ01")


def terms_text(model) -> str:
    return next(b.text for b in model.blocks(Text) if b.key == "evaluation-terms")


def test_the_amsterdam_amstelland_page_says_2028_to_2033_with_options_to_2037(sample_engine):
    model = evaluatie(sample_engine, PageView.make(AA01, "2029-M8"))
    assert terms_text(model) == (
        "Het contract met Altra loopt 6 jaar, van 2028 tot en met 2033, met twee opties tot verlenging van elk "
        "2 jaar (uiterlijk tot en met 2037). Na jaar 2, na jaar 4 en na jaar 6 wordt de aanbieder geëvalueerd op "
        "de afspraken van de jaren tot dan."
    )
    per_year = model.table("evaluation-years").shown()
    assert list(per_year["Jaar"]) == [str(y) for y in range(2028, 2034)]
    assert list(per_year["Stand"][:3]) == ["afgerond", "lopend, tot en met de 8-maandsrapportage 2029", NOT_REACHED]
    moments = model.table("evaluation-moments").shown()
    assert list(moments["Peildatum"]) == ["31 december 2029", "31 december 2031", "31 december 2033"]
    assert list(moments["Stand"]) == [NOT_REACHED] * 3
    # Agreements of 2027 were made under the contracts before these: not this contract's years.
    assert set(model.table("evaluation-results").frame["Jaar"]) == {"2028", "2029"}


def test_the_ijmond_page_says_2022_to_2030_and_after_year_6_is_reached(sample_engine):
    model = evaluatie(sample_engine, PageView.make(IJ01, "2029-M8"))
    assert terms_text(model).startswith(
        "Het contract met Kenter Kennemerland loopt 9 jaar, van 2022 tot en met 2030. Na jaar 3 en na jaar 6 "
    )
    per_year = model.table("evaluation-years").shown()
    assert list(per_year["Jaar"]) == [str(y) for y in range(2022, 2031)]
    moments = model.table("evaluation-moments").frame
    assert list(moments["Peildatum"]) == ["31 december 2024", "31 december 2027"]
    assert list(moments["Over de jaren"]) == ["2022–2024", "2022–2027"]
    # At 2029-M8 the years 2022-2027 are whole: both moments are reached; the sample's agreements
    # begin in 2027 (contract year 6), so after year 6 judges those of 2027.
    assert list(moments["Stand"]) == ["bereikt", "bereikt"]
    judged = [
        a
        for a in agreements.agreements(sample_engine, Period(2027, "Y"), IJ01)
        if contract_years.measured(a) and a.status in contract_years.JUDGED
    ]
    after6 = moments.iloc[1]
    assert judged and after6["Beoordeelde afspraken"] == len(judged)
    for status in contract_years.JUDGED:
        assert after6[STATUS_LABELS[status]] == sum(a.status == status for a in judged)


@pytest.fixture(scope="module")
def sample(sample_engine):
    return evaluatie(sample_engine, PageView.make(AA01, "2029-M8"))


def test_the_sample_equals_the_agreements(sample_engine, sample):
    results = sample.table("evaluation-results").frame
    in_2028 = results[results["Jaar"] == "2028"]
    expected = [a for a in agreements.agreements(sample_engine, Period(2028, "Y"), AA01) if a.theme is None]
    assert list(in_2028["Status"]) == [STATUS_LABELS[a.status] for a in expected]
    assert list(in_2028["Afgesproken"]) == [number(a.agreed, a.format) for a in expected]
    assert sum(1 for c in sample.blocks(Chart) if not c.empty) >= 3
