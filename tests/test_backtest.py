"""The year-end projection through the engine and its backtest (issue 29, items 1 and 2), on a
tiny published extract whose spending has a known season and a step change, with the backtest's
figures worked out by hand; and the command's --json keys."""

from __future__ import annotations

import json
from datetime import date

import pytest

from jeugdhulpmonitor import backtest, cli
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Engine, Figure, Selection
from jeugdhulpmonitor.ingest import ingest
from jeugdhulpmonitor.periods import Period, PeriodError
from jeugdhulpmonitor.runner import Runner
from tests import extracts
from tests.extracts import flows

REGION = Selection(region="amsterdam-amstelland")

# Spending of AA01 on Aalsmeer, per month: level L in January-April, 2L in May-August, 3L in
# September-December (the season). So by April 4L, by August 4L + 8L = 12L, the year 24L.
#   2024 L = 1,000: 4,000 / 12,000 / 24,000      2025 L = 1,100: 4,400 / 13,200 / 26,400
#   2026 L = 1,200: 4,800 / 14,400 / 28,800
#   2027 L = 1,000 to April, then 2,000 (a step after the 4-month report):
#        4,000 / 4,000 + 16,000 = 20,000 / 20,000 + 24,000 = 44,000
#   2028 L = 2,000 all year: 8,000 / 24,000 / 48,000
LEVELS = {
    2024: [1000] * 12,
    2025: [1100] * 12,
    2026: [1200] * 12,
    2027: [1000] * 4 + [2000] * 8,
    2028: [2000] * 12,
}
SEASON = [1] * 4 + [2] * 4 + [3] * 4
SPEND = [
    {"provider_id": "AA01", "municipality_code": "GM0358", "month": date(y, m, 1), "amount_eur": float(lv * s)}
    for y, levels in LEVELS.items()
    for m, lv, s in zip(range(1, 13), levels, SEASON, strict=True)
]
# The lump sum agreed with AA01 (lower is better, behind within 10 %).
AGREED = [
    {"provider_id": "AA01", "year": 2027, "item": "lump_sum_eur", "value": 42_000.0},
    {"provider_id": "AA01", "year": 2028, "item": "lump_sum_eur", "value": 50_000.0},
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """Published as ingest does (stored answers). One young person in care 2024-2028: the data run
    to 31 December 2028, and every count of people is hidden (1 < 10), so nothing of them is scored."""
    tmp = tmp_path_factory.mktemp("season")
    one = flows({"start_date": date(2024, 1, 1), "end_date": date(2028, 12, 31)})
    extract = extracts.write(tmp / "x", one, spend=SPEND, agreements=AGREED)
    assert ingest(extract, tmp / "data").published
    return tmp / "data"


@pytest.fixture(scope="module")
def engine(data_dir):
    return Engine(Runner(data_dir))


@pytest.fixture(scope="module")
def result(engine):
    return backtest.run(engine)


def test_spending_is_projected_by_the_season_with_the_learnt_interval(engine):
    # 2028 at August: 24,000 so far. Ratios whole year / Jan-Aug: 2, 2, 2 and 2027's 44,000 /
    # 20,000 = 2.2, mean 2.05: 24,000 x 2.05 = 49,200. The ratio replayed: 2025 and 2026 exact,
    # 2027 from 2 x 20,000 = 40,000 where 44,000 happened, +10 %: 49,200 -/+ 10 % = 44,280 .. 54,120.
    (fig,) = backtest.year_end(engine, "spend_eur", "2028-M8", REGION)
    assert fig.so_far == 24_000 and fig.measure == "money" and fig.projection.method == "seasonal_ratio"
    assert (fig.value, fig.low, fig.high) == pytest.approx((49_200, 44_280, 54_120))
    assert fig.projection.errors == pytest.approx((0.0, 0.0, 0.1)) and fig.reason is None
    # The forecast's year end is the year's spending: the same projection.
    (forecast,) = backtest.year_end(engine, "forecast_year_end_eur", "2028-M8", REGION)
    assert forecast.so_far == 36_000 and forecast.value == pytest.approx(49_200)


def test_a_method_once_far_off_says_so(engine):
    # 2028 at April: the ratio replayed on 2027 gave 6 x 4,000 = 24,000 where 44,000 happened,
    # +83 %: beyond 25 %, no projection.
    (fig,) = backtest.year_end(engine, "spend_eur", "2028-M4", REGION)
    assert fig.value is None and fig.reason == "unreliable" and "eerdere jaren" in fig.note
    assert fig.projection.errors == pytest.approx((0.0, 0.0, 44 / 24 - 1))


def test_hidden_figures_and_figures_that_do_not_build_up_are_not_projected(engine):
    people, budget = backtest.year_end(engine, ["young_people_in_care", "budget_eur"], "2028-M8", REGION)
    assert people.so_far is None and people.value is None and people.reason == "no_figure"
    assert budget.value is None and budget.reason == "not_cumulative"


def test_a_projection_starts_from_a_report_within_the_year(engine):
    with pytest.raises(PeriodError):
        backtest.year_end(engine, "spend_eur", "2028", REGION)
    with pytest.raises(PeriodError):
        backtest.year_end(engine, "spend_eur", "2028-Q3", REGION)


def test_an_agreement_is_projected_against_what_was_agreed(engine):
    (a,) = backtest.agreements_year_end(engine, "2028-M8", REGION)
    # 49,200 projected against 50,000 agreed, lower is better: on track.
    assert a.agreement.item == "lump_sum_eur" and a.value == pytest.approx(49_200) and a.status == "on_track"


def test_the_backtest_of_spending_by_hand(result):
    # Replayed years 2024-2028 at April and August, for the region, Aalsmeer and AA01 (every other
    # group spent nothing and is not scored): 3 x 5 x 2 = 30 year ends. The ratio needs two earlier
    # years it was tried on, so 2024-2026 are too short (3 x 6 = 18) and 2028 at April unreliable
    # (3, above). Projected, per group:
    #   2027 April: 4,000 x 6 = 24,000 (interval closed: 2025, 2026 exact) vs 44,000: 45.45 % off, missed
    #   2027 August: 20,000 x 2 = 40,000 (closed) vs 44,000: 9.09 % off, missed
    #   2028 August: 49,200 (44,280 .. 54,120) vs 48,000: 2.5 % off, within
    # Median of 45.45, 9.09, 2.5 (three times): 9.09 %; coverage 1 of 3.
    row = result.as_json()["spend_eur"]
    assert row["mape"] == pytest.approx(100 * 4_000 / 44_000, abs=0.01)
    assert row["coverage"] == pytest.approx(100 / 3, abs=0.01)
    assert row["status_hit_rate"] is None  # spending has no target of its own
    assert (row["cases"], row["projected"]) == (30, 9)
    assert row["withheld"] == {"too_short": 18, "unreliable": 3}
    assert row["method"] == "seasonal_ratio" and row["measure"] == "money"
    assert result.as_json()["forecast_year_end_eur"]["mape"] == row["mape"]


def test_the_backtest_compares_the_methods_on_the_same_year_ends(result):
    # Where both methods had two earlier years to be tried on (2027 and 2028, both reports):
    #   seasonal ratio: 45.45, 9.09, and 2028 April 8,000 x 7.25 = 58,000 vs 48,000: 20.83; 2.5
    #   linear (x 3 in April, x 1.5 in August): 12,000 vs 44,000: 72.73; 30,000 vs 44,000: 31.82;
    #   24,000 vs 48,000: 50; 36,000 vs 48,000: 25
    # Medians of four: (9.09 + 20.83) / 2 = 14.96 and (31.82 + 50) / 2 = 40.91.
    money = result.method_table()["money"]
    assert money["seasonal_ratio"] == {"mape": pytest.approx((100 / 11 + 100 * 10 / 48) / 2, abs=0.01), "cases": 12}
    assert money["linear"] == {"mape": pytest.approx((100 * 14 / 44 + 50) / 2, abs=0.01), "cases": 12}


def test_the_backtest_of_an_agreement_by_hand(result):
    # 2027: 42,000 agreed; 44,000 spent: 2,000 over, within 10 % of 42,000: behind. Projected
    # 24,000 in April and 40,000 in August: both on track, both wrong. 2028: 50,000 agreed, 48,000
    # spent: on track; April withheld (unreliable), August 49,200: on track, right.
    row = result.as_json()["agreement:lump_sum_eur"]
    assert (row["cases"], row["projected"], row["status_cases"]) == (4, 3, 3)
    assert row["mape"] == pytest.approx(100 * 4_000 / 44_000, abs=0.01)
    assert row["coverage"] == pytest.approx(100 / 3, abs=0.01)
    assert row["status_hit_rate"] == pytest.approx(100 / 3, abs=0.01)


def test_the_command_prints_and_writes_every_indicator(data_dir, tmp_path, capsys):
    out = tmp_path / "backtest.json"
    assert cli.main(["backtest", "--data-dir", str(data_dir), "--json", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert set(CATALOGUE()) <= set(written)
    assert all({"mape", "coverage", "status_hit_rate"} <= set(row) for row in written.values())
    assert written["spend_eur"]["mape"] == pytest.approx(9.09, abs=0.01)
    assert written["waiting_list"]["reason"] == "not_cumulative" and written["waiting_list"]["mape"] is None
    printed = capsys.readouterr().out
    assert "spend_eur" in printed and "seasonal_ratio" in printed and "not projected:" in printed


@pytest.mark.parametrize(
    ("indicator", "measure", "part", "reason"),
    [
        ("young_people_in_care", "people", "value", None),
        ("new_out_of_home", "events", "value", None),
        ("residential_days", "days", "value", None),
        ("spend_eur", "money", "value", None),
        ("out_of_home_per_1000", "people", "numerator", None),  # over the year's population
        ("residential_days_change_vs_2026", "days", "numerator", None),  # against 2026's year
        ("budget_utilisation_pct", "money", "numerator", None),  # over the year's budget
        ("forecast_year_end_eur", "money", "annualised", None),
        ("complaints_per_1000_clients", None, "value", "both_grow"),
        ("waiting_list", None, "value", "not_cumulative"),  # a stand on the period's last day
        ("budget_eur", None, "value", "not_cumulative"),  # a yearly amount
        ("early_termination_pct", None, "value", "not_cumulative"),
        ("effect_satisfaction_pct", None, "value", "delivered"),
    ],
)
def test_which_indicators_are_projected_and_how(indicator, measure, part, reason):
    assert backtest.plan(CATALOGUE()[indicator]) == backtest.Plan(measure, part, reason)


def test_a_hidden_figure_has_no_total():
    ind = CATALOGUE()["young_people_in_care"]
    hidden = Figure("young_people_in_care", "2028-M4", value=None, suppressed=True)
    assert backtest.total(backtest.plan(ind), ind, hidden, Period(2028, "M4")) is None
