"""Issue 14 items 1 and 2 on hand-computed tiny extracts: the budget in force at a period's end
(revisions with valid_from), agreements per provider and year (validation, realised vs agreed)."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.ingest import ingest
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
    figures = engine.compute(indicator, period, selection, by=by, suppress=False)
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
