"""The year-end projection's arithmetic (issue 29, item 1) on hand-made series: a constant series,
a pure season and a step change, with the sums worked out in the comments."""

from __future__ import annotations

import pytest

from jeugdhulpmonitor import forecast
from jeugdhulpmonitor.forecast import Year, project, year_end_value


def history(monthly: dict[int, list[float]], months: int) -> dict[int, Year]:
    """Per year its sum over the first `months` months and over the whole year."""
    return {y: Year(sum(m[:months]), sum(m)) for y, m in monthly.items()}


# --- a constant series: 10 a month, every year ---------------------------------------------------
CONSTANT = {y: [10.0] * 12 for y in (2024, 2025, 2026)}


@pytest.mark.parametrize("method", ["linear", "seasonal_ratio"])
def test_a_constant_series_is_projected_exactly_with_a_closed_interval(method):
    # 2027 at the 4-month report: 4 x 10 = 40 so far. Linear: 40 x 12 / 4 = 120. Seasonal ratio:
    # every earlier year 120 / 40 = 3, so 40 x 3 = 120. Replayed on the earlier years, either was
    # exactly right (error 0), so the interval is the point itself.
    p = project(40.0, 4, history(CONSTANT, 4), method)
    assert (p.value, p.low, p.high) == pytest.approx((120.0, 120.0, 120.0))
    assert p.reason is None and set(p.errors) == {0.0}


def test_linear_learns_from_every_earlier_year_the_ratio_from_the_second():
    # Linear projects every year by itself (2024, 2025, 2026: three errors); the seasonal ratio
    # needs a year before the one it projects (2025 from 2024, 2026 from both: two errors).
    assert len(project(40.0, 4, history(CONSTANT, 4), "linear").errors) == 3
    p = project(40.0, 4, history(CONSTANT, 4), "seasonal_ratio")
    assert len(p.errors) == 2 and p.coverage == pytest.approx(2 / 3)


# --- a pure season: 1 a month in Jan-Apr, 2 in May-Aug, 3 in Sep-Dec, times each year's level ----
def seasonal(level: float) -> list[float]:
    return [level] * 4 + [2 * level] * 4 + [3 * level] * 4


SEASON = {2024: seasonal(100), 2025: seasonal(120), 2026: seasonal(90)}


def test_a_pure_season_is_carried_by_the_seasonal_ratio():
    # Each year: Jan-Apr 4L, Jan-Aug 4L + 8L = 12L, the year 12L + 12L = 24L, whatever its level L.
    # 2027 at level 150: 600 by April, 1,800 by August, 3,600 in the year. Ratios 24L/4L = 6 and
    # 24L/12L = 2 every year: 600 x 6 = 3,600 and 1,800 x 2 = 3,600, exactly, interval closed.
    at_m4 = project(600.0, 4, history(SEASON, 4), "seasonal_ratio")
    at_m8 = project(1800.0, 8, history(SEASON, 8), "seasonal_ratio")
    assert (at_m4.value, at_m4.low, at_m4.high) == pytest.approx((3600.0, 3600.0, 3600.0))
    assert (at_m8.value, at_m8.low, at_m8.high) == pytest.approx((3600.0, 3600.0, 3600.0))


def test_linear_misses_a_season_and_says_it_is_unreliable():
    # Linear at April: 4L x 12 / 4 = 12L against 24L: every earlier year 24L / 12L - 1 = +100 %
    # off. At August: 12L x 12 / 8 = 18L, 24L / 18L - 1 = +33 %. Both beyond 25 %: no projection.
    at_m4 = project(600.0, 4, history(SEASON, 4), "linear")
    at_m8 = project(1800.0, 8, history(SEASON, 8), "linear")
    assert at_m4.value is None and at_m4.reason == "unreliable"
    assert at_m4.errors == pytest.approx((1.0, 1.0, 1.0))
    assert at_m8.value is None and at_m8.errors == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert "25 %" in at_m4.note


# --- a step change --------------------------------------------------------------------------------
FLAT = {y: [10.0] * 12 for y in (2024, 2025, 2026)}


def test_a_step_from_january_is_carried():
    # 2027 runs at 20 a month from January: 80 by April, 240 in the year. The earlier years'
    # ratio 120 / 40 = 3 still holds: 80 x 3 = 240, exactly.
    assert project(80.0, 4, history(FLAT, 4), "seasonal_ratio").value == pytest.approx(240.0)


def test_a_step_after_the_report_is_missed_and_the_next_year_learns_it():
    # 2027: 10 a month to April, 20 a month from May: 40 by April, 40 + 4 x 20 = 120 by August,
    # 40 + 8 x 20 = 200 in the year.
    step = FLAT | {2027: [10.0] * 4 + [20.0] * 8}
    # At April 2027: 40 x 3 = 120 (linear and ratio alike), where 200 happened: off by 200/120 - 1
    # = +67 %. The earlier years were exact, so the interval was closed and missed it.
    at_april = project(40.0, 4, history(FLAT, 4), "seasonal_ratio")
    assert (at_april.value, at_april.low, at_april.high) == pytest.approx((120.0, 120.0, 120.0))
    # At August 2027: 120 x (120/80 = 1.5) = 180, off by 200/180 - 1 = +11 %.
    assert project(120.0, 8, history(FLAT, 8), "seasonal_ratio").value == pytest.approx(180.0)

    # 2028 at 20 a month all year: 80 by April, 160 by August, 240 in the year.
    # At April: ratios 3, 3, 3 and 2027's 200/40 = 5, mean 3.5: 80 x 3.5 = 280. Replayed, 2027
    # was 200/120 - 1 = +67 % off: beyond 25 %, so no projection but the reason.
    april = project(80.0, 4, history(step, 4), "seasonal_ratio")
    assert april.value is None and april.reason == "unreliable"
    assert april.errors == pytest.approx((0.0, 0.0, 2 / 3))
    # At August: ratios 1.5, 1.5, 1.5 and 200/120 = 5/3, mean (4.5 + 5/3) / 4 = 37/24: 160 x 37/24
    # = 246.67. Replayed errors 0, 0 and 2027's 200/180 - 1 = 1/9: the interval is 246.67 x (1 -/+
    # 1/9) = 219.26 .. 274.07, which holds the 240 that happened.
    august = project(160.0, 8, history(step, 8), "seasonal_ratio")
    assert august.value == pytest.approx(160 * 37 / 24)
    assert (august.low, august.high) == pytest.approx((160 * 37 / 24 * 8 / 9, 160 * 37 / 24 * 10 / 9))
    assert august.low <= 240 <= august.high


# --- too short, hidden ----------------------------------------------------------------------------
def test_too_short_a_history_gives_the_reason_not_a_projection():
    # One earlier year: the ratio projects (40 x 3) but was never tried itself; two: tried once.
    for years in ((2026,), (2025, 2026)):
        p = project(40.0, 4, history({y: CONSTANT[y] for y in years}, 4), "seasonal_ratio")
        assert p.value is None and p.reason == "too_short" and "minstens 2" in p.note
    assert project(40.0, 4, {}, "seasonal_ratio").reason == "too_short"


def test_a_hidden_figure_is_not_projected_and_a_hidden_year_teaches_nothing():
    assert project(None, 4, history(CONSTANT, 4), "seasonal_ratio").reason == "no_figure"
    # 2025 hidden (a small count): the ratio rests on 2024 and 2026; 2026 is the only year it can
    # be tried on (from 2024): one error, too short.
    hidden = history(CONSTANT, 4) | {2025: Year(None, 120.0)}
    p = project(40.0, 4, hidden, "seasonal_ratio")
    assert p.reason == "too_short" and p.errors == (0.0,)


# --- from the year's total to the indicator's value ----------------------------------------------
def test_the_year_end_value_follows_from_the_total():
    assert year_end_value("count", 240.0) == 240.0
    assert year_end_value("amount", 1.5e6, 9e9) == 1.5e6  # a total is its own value
    # 2,700 young people with out-of-home care among 180,000 inhabitants: 1000 x 2700 / 180000 = 15.
    assert year_end_value("rate_per_1000", 2700.0, 180000.0) == pytest.approx(15.0)
    # 9.5 million spent of a budget of 10 million: 95 %.
    assert year_end_value("percentage", 9.5e6, 1e7) == pytest.approx(95.0)
    # 600,000 residential days against 2026's 640,000: 100 x (600000 - 640000) / 640000 = -6.25 %.
    assert year_end_value("change_vs_baseline", 600000.0, 640000.0) == pytest.approx(-6.25)
    assert year_end_value("percentage", 5.0, None) is None and year_end_value("count", None) is None


def test_every_kind_of_measure_has_a_known_method():
    assert set(forecast.METHOD) == {"people", "events", "days", "money"}
    assert set(forecast.METHOD.values()) <= set(forecast.METHODS)
