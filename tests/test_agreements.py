"""Issue 14 items 1 and 2 on hand-computed tiny extracts: the budget in force at a period's end
(revisions with valid_from), agreements per provider and year (validation, realised vs agreed)."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.ingest import ingest
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.validation import validate
from tests import extracts
from tests.extracts import flows

D = date
AALSMEER = Selection(region="amsterdam-amstelland", municipalities=("GM0358",))
REGION = Selection(region="amsterdam-amstelland")

# Aalsmeer: 1,000,000 from 1 January (no valid_from), raised to 1,200,000 from 1 May and to
# 1,500,000 from 1 September. Amstelveen: 3,000,000 from 1 January (a row with the date given).
REVISED = [
    {"municipality_code": "GM0358", "year": 2027, "budget_eur": 1_000_000.0},
    {"municipality_code": "GM0358", "year": 2027, "budget_eur": 1_200_000.0, "valid_from": D(2027, 5, 1)},
    {"municipality_code": "GM0358", "year": 2027, "budget_eur": 1_500_000.0, "valid_from": D(2027, 9, 1)},
    {"municipality_code": "GM0362", "year": 2027, "budget_eur": 3_000_000.0, "valid_from": D(2027, 1, 1)},
]
# 100,000 a month in Aalsmeer from January.
SPEND = [
    {"provider_id": "AA01", "municipality_code": "GM0358", "month": D(2027, m, 1), "amount_eur": 100_000.0}
    for m in range(1, 13)
]


def value(engine, indicator, period, selection, by=None, key=None):
    figures = engine.unprotected().compute(indicator, period, selection, by=by)
    return next(f.value for f in figures if f.group_key == key)


@pytest.fixture(scope="module")
def revised(tmp_path_factory):
    """Direct and stored (ingested) engines on the revised budgets."""
    tmp = tmp_path_factory.mktemp("revised")
    extract = extracts.write(tmp / "x", flows({}), budgets=REVISED, spend=SPEND)
    assert ingest(extract, tmp / "data").published
    return Engine(Runner(extract)), Engine(Runner(tmp / "data"))


@pytest.mark.parametrize(
    ("period", "aalsmeer"),
    [
        ("2027-M4", 1_000_000),  # ends 30 April: before the first revision
        ("2027-Q2", 1_200_000),  # ends 30 June: the May revision
        ("2027-M8", 1_200_000),  # ends 31 August: the day before the second revision
        ("2027-Q3", 1_500_000),  # ends 30 September
        ("2027", 1_500_000),  # the year: the last revision
    ],
)
def test_the_budget_of_a_period_is_the_one_in_force_at_its_end(revised, period, aalsmeer):
    for engine in revised:  # direct, then stored
        assert value(engine, "budget_eur", period, AALSMEER) == aalsmeer
        assert value(engine, "budget_eur", period, REGION, by="municipality", key="GM0358") == aalsmeer
        # The region adds Amstelveen's 3,000,000, which applies from 1 January.
        assert value(engine, "budget_eur", period, REGION) == aalsmeer + 3_000_000


def test_utilisation_is_against_the_budget_in_force(revised):
    for engine in revised:
        # Jan-Aug: 800,000 spent of the 1,200,000 in force on 31 August.
        assert value(engine, "budget_utilisation_pct", "2027-M8", AALSMEER) == pytest.approx(100 * 800 / 1200)
        # The year: 1,200,000 of 1,500,000.
        assert value(engine, "budget_utilisation_pct", "2027", AALSMEER) == pytest.approx(80.0)


def test_a_budget_applying_only_after_the_period_is_not_in_force(tmp_path):
    budgets = [{"municipality_code": "GM0358", "year": 2027, "budget_eur": 9.0, "valid_from": D(2027, 7, 1)}]
    engine = Engine(Runner(extracts.write(tmp_path / "x", flows({}), budgets=budgets)))
    assert value(engine, "budget_eur", "2027-H1", AALSMEER) is None
    assert value(engine, "budget_eur", "2027-H2", AALSMEER) == 9.0


def _budgets_without_valid_from(directory):
    """budgets.parquet as the contract's floor has it: no valid_from column at all."""
    rows = pa.table(
        {"municipality_code": ["GM0358", "GM0358"], "year": [2027, 2027], "budget_eur": [600_000.0, 400_000.0]}
    )
    pq.write_table(rows, directory / "budgets.parquet")


def test_a_delivery_without_valid_from_stays_valid_and_its_rows_add_up(tmp_path):
    extract = extracts.write(tmp_path / "x", flows({}))
    _budgets_without_valid_from(extract)
    assert validate(extract).ok
    assert ingest(extract, tmp_path / "data").published
    for engine in (Engine(Runner(extract)), Engine(Runner(tmp_path / "data"))):
        assert value(engine, "budget_eur", "2027-M4", AALSMEER) == 1_000_000


def test_valid_from_must_lie_in_the_budgets_year(tmp_path):
    budgets = [{"municipality_code": "GM0358", "year": 2027, "budget_eur": 1.0, "valid_from": D(2026, 12, 1)}]
    result = validate(extracts.write(tmp_path / "x", flows({}), budgets=budgets))
    assert [p.line() for p in result.row_problems] == [
        "budgets.parquet:1:valid_from: valid_from must lie in the budget's year"
    ]


# --- agreements per provider and year --------------------------------------------------------

# Eleven young people of AA01 in Aalsmeer, each in foster care all through 2027: 11 places in use.
ELEVEN = flows(*({"client_id": f"c{i}", "care_form": "pleegzorg"} for i in range(11)))
AGREED = [
    {"provider_id": "AA01", "year": 2027, "item": "young_people_in_care", "value": 12.0},
    {"provider_id": "AA01", "year": 2027, "municipality_code": "GM0358", "item": "residential_places", "value": 10.0},
    {"provider_id": "AA01", "year": 2027, "item": "lump_sum_eur", "value": 1_200_000.0},
    {"provider_id": "AA01", "year": 2027, "theme": "B", "item": "lump_sum_eur", "value": 500_000.0},
    {"provider_id": "AA02", "year": 2027, "item": "young_people_in_care", "value": 40.0},
    {"provider_id": "AA01", "year": 2028, "item": "young_people_in_care", "value": 99.0},
]
# 110,000 a month: at M4 the forecast is 440,000 x 12 / 4 = 1,320,000.
SPEND_110 = [
    {"provider_id": "AA01", "municipality_code": "GM0358", "month": D(2027, m, 1), "amount_eur": 110_000.0}
    for m in range(1, 13)
]
AA01 = Selection(region="amsterdam-amstelland", provider="AA01")


@pytest.fixture(scope="module")
def agreed_engine(tmp_path_factory):
    directory = tmp_path_factory.mktemp("agreed") / "x"
    # the rules on the true figures (the protection is tested in tests/test_disclosure.py)
    return Engine(Runner(extracts.write(directory, ELEVEN, agreements=AGREED, spend=SPEND_110))).unprotected()


def _by_item(engine, period, selection=AA01):
    from jeugdhulpmonitor.agreements import agreements

    return {(a.item, a.theme): a for a in agreements(engine, Period.parse(period), selection)}


def test_realised_against_agreed_with_status_by_the_target_rules(agreed_engine):
    year = _by_item(agreed_engine, "2027")
    # Only AA01's agreements for 2027.
    assert set(year) == {
        ("young_people_in_care", None),
        ("residential_places", None),
        ("lump_sum_eur", None),
        ("lump_sum_eur", "B"),
    }
    # 11 young people helped, 12 agreed: 1 short, within 10 % of 12 (1.2): behind.
    young = year[("young_people_in_care", None)]
    assert (young.realised, young.status, young.distance) == (11, "behind", -1)
    # 11 places in use on average, 10 agreed: 1 over, within 10 % of 10 (1.0): behind.
    places = year[("residential_places", None)]
    assert places.municipality_code == "GM0358"
    assert places.realised == pytest.approx(11.0) and places.status == "behind"
    # Spending 1,320,000 in the year against a lump sum of 1,200,000: 120,000 over, exactly 10 %.
    money = year[("lump_sum_eur", None)]
    assert money.realised == pytest.approx(1_320_000) and money.status == "behind"
    # Spending is not known per theme: the theme's lump sum has no realised value.
    theme = year[("lump_sum_eur", "B")]
    assert theme.realised is None and theme.status == "not_measurable" and "thema" in theme.note


def test_within_the_year_counts_wait_for_the_year_and_the_rest_is_judged(agreed_engine):
    m4 = _by_item(agreed_engine, "2027-M4")
    young = m4[("young_people_in_care", None)]
    assert young.status == "not_measurable" and young.note == "telt pas over het hele jaar"
    # Jan-Apr: still 11 places in use on average; the forecast 440,000 x 3 = 1,320,000.
    assert m4[("residential_places", None)].realised == pytest.approx(11.0)
    assert m4[("lump_sum_eur", None)].realised == pytest.approx(1_320_000)


def test_a_municipality_filter_keeps_its_own_and_the_general_agreements(agreed_engine):
    amstelveen = Selection(region="amsterdam-amstelland", municipalities=("GM0362",), provider="AA01")
    assert ("residential_places", None) not in _by_item(agreed_engine, "2027", amstelveen)
    assert ("young_people_in_care", None) in _by_item(agreed_engine, "2027", amstelveen)


def test_agreements_are_optional(tmp_path):
    engine = Engine(Runner(extracts.write(tmp_path / "x", flows({}))))
    assert _by_item(engine, "2027") == {}


def test_agreement_rows_are_validated(tmp_path):
    rows = [
        {"provider_id": "AA01", "year": 2027, "item": "young_people_in_care", "value": 12.0},
        {"provider_id": "AA01", "year": 2027, "item": "young_people_in_care", "value": 13.0},  # same key
        {"provider_id": "ZZ99", "year": 2027, "item": "lump_sum_eur", "value": 1.0},
        {"provider_id": "AA01", "year": 2027, "item": "beds", "value": 1.0},
        {"provider_id": "AA01", "year": 2027, "municipality_code": "GM9999", "item": "lump_sum_eur", "value": 1.0},
        {"provider_id": "AA01", "year": 2027, "theme": "E", "item": "lump_sum_eur", "value": 1.0},
        # A negative value is fine: an agreed change can be a decrease.
        {"provider_id": "AA01", "year": 2027, "item": "residential_days_change_vs_2026", "value": -10.0},
        {
            "provider_id": "AA01",
            "year": 2027,
            "municipality_code": "GM0358",
            "theme": "A",
            "item": "inflow",
            "value": 7.0,
        },
    ]
    result = validate(extracts.write(tmp_path / "x", flows({}), agreements=rows))
    by_row = {}
    for p in result.row_problems:
        assert p.file == "agreements.parquet"
        by_row.setdefault(p.row, set()).add(p.column)
    # A duplicate key (provider, year, municipality, theme, item) sets both rows aside.
    assert {"provider_id", "item"} <= by_row.pop(1) and {"provider_id", "item"} <= by_row.pop(2)
    assert by_row == {3: {"provider_id"}, 4: {"item"}, 5: {"municipality_code"}, 6: {"theme"}}


def test_the_sample_carries_agreements_for_every_provider_and_budget_revisions(generated):
    from jeugdhulpmonitor.generator import providers_table

    agreed = pq.read_table(generated / "agreements.parquet").to_pylist()
    providers = set(providers_table()["provider_id"].to_pylist())
    for year in (2027, 2028, 2029):
        assert {r["provider_id"] for r in agreed if r["year"] == year} == providers
    assert {r["item"] for r in agreed} >= {"young_people_in_care", "residential_places", "lump_sum_eur"}
    assert any(r["theme"] for r in agreed if r["item"] == "lump_sum_eur")  # a lump sum per theme
    budgets = pq.read_table(generated / "budgets.parquet").to_pylist()
    assert {(r["municipality_code"], r["valid_from"].year) for r in budgets if r["valid_from"]} == {
        ("GM0362", 2027),
        ("GM0451", 2029),
    }
    assert validate(generated).ok
