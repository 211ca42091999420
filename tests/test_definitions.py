"""Every core definition of CONTRACT.md §3 pinned on small hand-made extracts.

Each test writes a handful of trajectories, runs the real engine on real Parquet and DuckDB,
and checks the number worked out in the comments. Figures are unsuppressed unless the test is
about suppression.
"""

from datetime import date

import pytest

from jeugdhulpmonitor.engine import Engine, Selection, path_status, path_value
from jeugdhulpmonitor.runner import Runner
from tests import extracts
from tests.extracts import flows

D = date
AALSMEER = Selection(municipalities=("GM0358",))


def engine_for(tmp_path, client_flows, **others) -> Engine:
    return Engine(Runner(extracts.write(tmp_path / "x", client_flows, **others)))


def value(engine, indicator, period, selection=Selection(), by=None, key=None):
    figures = engine.unprotected().compute(indicator, period, selection, by=by)
    return next(f.value for f in figures if f.group_key == key)


@pytest.fixture
def counts(tmp_path):
    return engine_for(
        tmp_path,
        flows(
            # c1 ends on the period's first day: active; all its active trajectories end inside: outflow.
            {"client_id": "c1", "start_date": D(2026, 6, 1), "end_date": D(2027, 1, 1)},
            # c2 starts on the period's last day: active and inflow, not outflow (open end).
            {"client_id": "c2", "start_date": D(2027, 12, 31)},
            # c3 starts and ends (on the last day) inside: inflow and outflow.
            {"client_id": "c3", "start_date": D(2027, 3, 1), "end_date": D(2027, 12, 31)},
            # c4 overlapping trajectories: one started before (no inflow), one is open (no outflow).
            {"client_id": "c4", "start_date": D(2026, 1, 1), "end_date": D(2027, 5, 1)},
            {"client_id": "c4", "start_date": D(2027, 4, 1)},
            # c5 ended the day before the period, c6 starts the day after: not active.
            {"client_id": "c5", "start_date": D(2025, 1, 1), "end_date": D(2026, 12, 31)},
            {"client_id": "c6", "start_date": D(2028, 1, 1)},
            # c7 moves from Aalsmeer to Amstelveen (same area) halfway through 2027.
            {"client_id": "c7", "start_date": D(2027, 1, 10), "end_date": D(2027, 6, 30), "end_reason": "verhuizing"},
            {"client_id": "c7", "start_date": D(2027, 7, 1), "municipality_code": "GM0362"},
        ),
    )


def test_young_people_in_care_counts_distinct_active_clients(counts):
    # c1, c2, c3, c4 in Aalsmeer; c7 in both municipalities but once in the region.
    assert value(counts, "young_people_in_care", "2027", AALSMEER) == 5
    assert value(counts, "young_people_in_care", "2027") == 5
    assert value(counts, "young_people_in_care", "2027", by="municipality", key="GM0362") == 1


def test_trajectory_starting_on_first_and_last_day_counts_as_inflow(counts):
    # Aalsmeer: c2, c3, and c7 (its only Aalsmeer trajectory starts in 2027).
    assert value(counts, "inflow", "2027", AALSMEER) == 3


def test_trajectory_ending_on_last_day_counts_as_outflow(counts):
    # Aalsmeer: c1 (ends 1 Jan), c3 (ends 31 Dec), c7 (leaves by moving).
    assert value(counts, "outflow", "2027", AALSMEER) == 3


def test_a_mover_is_outflow_in_the_old_municipality_not_in_the_area(counts):
    by_mun = {f.municipality_code: f.value for f in counts.unprotected().compute("outflow", "2027", by="municipality")}
    assert by_mun["GM0358"] == 3 and by_mun["GM0362"] == 0
    # The area holds both trajectories of c7; the second is open, so c7 is no outflow there.
    assert value(counts, "outflow", "2027", by="area", key="amstelveen-aalsmeer") == 2
    assert value(counts, "inflow", "2027", by="area", key="amstelveen-aalsmeer") == 3


def test_every_group_of_the_selection_gets_a_row(counts):
    rows = counts.unprotected().compute("inflow", "2027", Selection(region="amsterdam-amstelland"), by="municipality")
    assert [f.municipality_code for f in rows] == ["GM0358", "GM0362", "GM0363", "GM0384", "GM0437", "GM0451"]
    assert [f.value for f in rows][2:] == [0, 0, 0, 0]


@pytest.fixture
def residential(tmp_path):
    return engine_for(
        tmp_path,
        flows(
            # c10: foster care Nov 2026 - 31 Jan 2027, then family-home the next day (not new).
            {"client_id": "c10", "care_form": "pleegzorg", "start_date": D(2026, 11, 1), "end_date": D(2027, 1, 31)},
            {"client_id": "c10", "care_form": "gezinsgericht", "start_date": D(2027, 2, 1), "end_date": D(2027, 3, 31)},
            # c11: closed care from 1 June 2027, open end: runs to the period's end.
            {"client_id": "c11", "care_form": "gesloten", "start_date": D(2027, 6, 1)},
            # c12: ambulant, then one day of other residential care after a gap of a day: new.
            {"client_id": "c12", "start_date": D(2027, 1, 1), "end_date": D(2027, 2, 1)},
            {
                "client_id": "c12",
                "care_form": "verblijf_overig",
                "start_date": D(2027, 2, 3),
                "end_date": D(2027, 2, 3),
            },
            # c13: foster care 1 Mar 2026 - 28 Feb 2027 (for the same-span baseline of 2027-M4).
            {
                "client_id": "c13",
                "care_form": "pleegzorg",
                "start_date": D(2026, 3, 1),
                "end_date": D(2027, 2, 28),
                "municipality_code": "GM0363",
                "area_code": "noord",
            },
        ),
    )


def test_residential_days_count_both_ends_and_run_open_ends_to_period_end(residential):
    # c10: 31 (January) + 59 (February 28 + March 31); c11: 1 June - 31 Dec = 214; c12: 1.
    assert value(residential, "residential_days", "2027", AALSMEER) == 31 + 59 + 214 + 1


def test_residential_trajectory_following_another_the_next_day_is_not_new(residential):
    # New in 2027: c11 and c12's one day; c10's family-home follows foster care the next day.
    assert value(residential, "new_out_of_home", "2027", AALSMEER) == 2
    # 2026: c10's foster care (1 Nov) and c13's (1 Mar) are new.
    assert value(residential, "new_out_of_home", "2026") == 2


def test_change_vs_2026_uses_the_same_span(residential):
    # Aalsmeer 2026: c10 1 Nov - 31 Dec = 61 days; 2027: 305 days -> +400 %.
    assert value(residential, "residential_days_change_vs_2026", "2027", AALSMEER) == pytest.approx(400.0)
    # New placements Aalsmeer: 2027 two, 2026 one -> +100 %.
    assert value(residential, "new_out_of_home_change_vs_2026", "2027", AALSMEER) == pytest.approx(100.0)
    # Noord, 2027-M4 (Jan-Apr): c13 1 Jan - 28 Feb = 59 days; 2026-M4: 1 Mar - 30 Apr = 61 days.
    noord = Selection(area="noord")
    assert value(residential, "residential_days", "2027-M4", noord) == 59
    assert value(residential, "residential_days_change_vs_2026", "2027-M4", noord) == pytest.approx(
        100 * (59 - 61) / 61
    )
    # H1 2026: 1 Mar - 30 Jun = 122 days; H1 2027: 59 days.
    assert value(residential, "residential_days_change_vs_2026", "2027-H1", noord) == pytest.approx(
        100 * (59 - 122) / 122
    )


def test_change_vs_2026_with_a_zero_baseline_is_null(residential):
    # Aalsmeer had no new placement in Q1 2026: the change of Q1 2027 has no baseline.
    assert value(residential, "new_out_of_home_change_vs_2026", "2027-Q1", AALSMEER) is None


def test_out_of_home_per_1000_uses_the_population_rule(residential):
    # Aalsmeer 2027: 3 clients in residential care / 2,000 young people.
    assert value(residential, "out_of_home_per_1000", "2027", AALSMEER) == pytest.approx(1.5)
    by_area = {f.area_code: f for f in residential.unprotected().compute("out_of_home_per_1000", "2027", by="area")}
    # Noord has its own population row: 1 / 3,000.
    assert by_area["noord"].value == pytest.approx(1000 / 3000)
    # Amstelveen-Aalsmeer consists of whole municipalities: 3 / (2,000 + 4,000).
    assert by_area["amstelveen-aalsmeer"].denominator == 6000
    # Centrum/Zuid is part of Amsterdam and has no row: no rate.
    assert by_area["centrum-zuid"].value is None
    # The region: the municipality rows of the whole region (DUO municipalities lack rows -> null).
    assert value(
        residential, "out_of_home_per_1000", "2027", Selection(municipalities=("GM0358", "GM0362"))
    ) == pytest.approx(1000 * 3 / 6000)


@pytest.fixture
def percentages(tmp_path):
    return engine_for(
        tmp_path,
        flows(
            # Starting in 2027 with an imminent out-of-home placement: intensive ambulant (counts),
            # intensive but residential (not), ambulant not intensive (not). One from 2026: excluded.
            {"client_id": "a", "imminent_out_of_home": True, "intensive": True, "request_date": D(2026, 12, 22)},
            {
                "client_id": "b",
                "imminent_out_of_home": True,
                "intensive": True,
                "care_form": "pleegzorg",
                "request_date": D(2026, 12, 12),
            },
            {"client_id": "c", "imminent_out_of_home": True, "request_date": D(2026, 12, 2)},
            {
                "client_id": "d",
                "imminent_out_of_home": True,
                "intensive": True,
                "start_date": D(2026, 5, 1),
                "request_date": D(2023, 5, 1),
            },
            # Ending in 2027 with the four reasons and goal outcomes; one ending in 2028.
            {
                "client_id": "e",
                "start_date": D(2026, 1, 1),
                "end_date": D(2027, 2, 1),
                "goal_attained": True,
                "request_date": D(2025, 11, 12),
            },
            {
                "client_id": "f",
                "start_date": D(2026, 1, 1),
                "end_date": D(2027, 3, 1),
                "end_reason": "voortijdig_client",
                "goal_attained": False,
            },
            {
                "client_id": "g",
                "start_date": D(2026, 1, 1),
                "end_date": D(2027, 4, 1),
                "end_reason": "voortijdig_aanbieder",
            },
            {
                "client_id": "h",
                "start_date": D(2026, 1, 1),
                "end_date": D(2027, 12, 31),
                "end_reason": "verhuizing",
                "goal_attained": True,
            },
            {
                "client_id": "i",
                "start_date": D(2026, 1, 1),
                "end_date": D(2028, 1, 1),
                "end_reason": "voortijdig_client",
            },
        ),
    )


def test_intensive_at_imminent_pct(percentages):
    # 1 of the 3 imminent starts of 2027 got intensive non-residential help.
    f = percentages.unprotected().compute("intensive_at_imminent_pct", "2027")[0]
    assert (f.numerator, f.denominator) == (1, 3) and f.value == pytest.approx(100 / 3)


def test_early_termination_pct(percentages):
    # Of 4 trajectories ending in 2027, 2 ended early (client, provider).
    assert value(percentages, "early_termination_pct", "2027") == pytest.approx(50.0)


def test_goal_attainment_pct_ignores_unrecorded_goals(percentages):
    # Ending in 2027 with a recorded goal: e (true), f (false), h (true) -> 2 of 3.
    assert value(percentages, "goal_attainment_pct", "2027") == pytest.approx(200 / 3)


def test_waiting_days_median_with_an_even_count_takes_the_mean_of_the_middle_two(percentages):
    # Starts in 2027 with a request date: waits of 10, 20 and 30 days -> 20 (odd count).
    assert value(percentages, "waiting_days_median", "2027") == 20
    # 2026 starts with a request: d (1,096 days) and e (50 days) -> (50 + 1,096) / 2.
    assert value(percentages, "waiting_days_median", "2026") == pytest.approx((50 + 1096) / 2)


def test_zero_denominator_gives_null_not_zero(percentages):
    # Nothing ended in Q3 2027 and nothing started with a request in 2028.
    assert value(percentages, "early_termination_pct", "2027-Q3") is None
    assert value(percentages, "waiting_days_median", "2028") is None


def test_no_new_care_within_a_year_and_not_measurable_before_the_year_has_passed(tmp_path):
    rows = flows(
        # Ended as planned in 2027: x1 starts again within 365 days; x2 after 366 days; x3 never.
        {"client_id": "x1", "start_date": D(2026, 1, 1), "end_date": D(2027, 3, 1)},
        {"client_id": "x1", "start_date": D(2027, 12, 1), "end_date": D(2028, 1, 1)},
        {"client_id": "x2", "start_date": D(2026, 1, 1), "end_date": D(2027, 5, 1)},
        {"client_id": "x2", "start_date": D(2028, 5, 1), "end_date": D(2028, 6, 1)},
        {"client_id": "x3", "start_date": D(2026, 1, 1), "end_date": D(2027, 6, 1)},
        # Ended early: not in the denominator.
        {"client_id": "x4", "start_date": D(2026, 1, 1), "end_date": D(2027, 6, 1), "end_reason": "overig"},
        # Keeps the extract going until 2029, so that 2027 is measurable.
        {"client_id": "x5", "start_date": D(2029, 1, 1)},
    )
    e = engine_for(tmp_path, rows)
    # x2: 1 May 2027 + 365 days = 30 April 2028, its new start on 1 May 2028 is later.
    assert value(e, "no_new_care_within_year_pct", "2027") == pytest.approx(200 / 3)
    # 2028 ends on 31 Dec 2028; a year later lies beyond the extract's last date (1 Jan 2029).
    f = e.unprotected().compute("no_new_care_within_year_pct", "2028")[0]
    assert f.value is None and f.status == "not_measurable" and "nog niet meetbaar" in f.note


def test_money_budget_spend_utilisation_and_forecast(tmp_path):
    budgets = [
        {"municipality_code": "GM0358", "year": 2027, "budget_eur": 1_000_000.0},
        {"municipality_code": "GM0362", "year": 2027, "budget_eur": 3_000_000.0},
    ]
    spend = [
        {"provider_id": "AA01", "municipality_code": "GM0358", "month": D(2027, m, 1), "amount_eur": 100_000.0}
        for m in range(1, 6)
    ] + [{"provider_id": "AA01", "municipality_code": "GM0358", "month": D(2027, 2, 1), "amount_eur": -20_000.0}]
    e = engine_for(tmp_path, flows({}), budgets=budgets, spend=spend)
    # Jan-Apr: 4 x 100,000 - a correction of 20,000 = 380,000.
    assert value(e, "spend_eur", "2027-M4", AALSMEER) == 380_000
    assert value(e, "budget_utilisation_pct", "2027-M4", AALSMEER) == pytest.approx(38.0)
    assert value(e, "forecast_year_end_eur", "2027-M4", AALSMEER) == pytest.approx(380_000 * 12 / 4)
    # Q2 spend is April and May; utilisation and forecast run from 1 January (480,000 over 6 months).
    assert value(e, "spend_eur", "2027-Q2", AALSMEER) == 200_000
    assert value(e, "budget_utilisation_pct", "2027-Q2", AALSMEER) == pytest.approx(48.0)
    assert value(e, "forecast_year_end_eur", "2027-Q2", AALSMEER) == pytest.approx(480_000 * 12 / 6)
    # The area of both municipalities adds their budgets; an Amsterdam area has none of its own.
    assert value(e, "budget_eur", "2027", by="area", key="amstelveen-aalsmeer") == 4_000_000
    assert value(e, "budget_eur", "2027", by="area", key="noord") is None


def test_target_path_is_linear_from_baseline_to_2028_then_to_2034():
    assert path_value(10, 8, 5, 2026) == 10
    assert path_value(10, 8, 5, 2027) == 9
    assert path_value(10, 8, 5, 2028) == 8
    assert path_value(10, 8, 5, 2031) == pytest.approx(6.5)
    assert path_value(None, 8, 5, 2027) is None


@pytest.mark.parametrize(
    ("value", "expected"), [(8.9, "on_track"), (9.0, "on_track"), (9.4, "behind"), (9.5, "behind"), (9.6, "off_track")]
)
def test_status_by_distance_to_the_path_lower_is_better(value, expected):
    status, distance = path_status("lower_is_better", value, 9.0, 0.5)
    assert status == expected and distance == pytest.approx(9.0 - value)


def test_relative_tolerance_is_a_share_of_the_path_value():
    assert path_status("higher_is_better", 95, 100, "5%")[0] == "behind"
    assert path_status("higher_is_better", 94.9, 100, "5%")[0] == "off_track"


def test_small_counts_are_suppressed_by_default(counts):
    f = counts.compute("young_people_in_care", "2027", AALSMEER)[0]
    assert f.suppressed and f.value is None
    zero = counts.compute("young_people_in_care", "2027", Selection(municipalities=("GM0363",)))[0]
    assert not zero.suppressed and zero.value == 0


def _milestone(indicator_id, period, milestone_date, **geo):
    return (
        {"indicator_id": indicator_id, "period": period, "theme": "A", "milestone_date": milestone_date}
        | {"value": 1.0 if milestone_date else 0.0}
        | geo
    )


def _ingested(tmp_path, extract):
    from jeugdhulpmonitor.ingest import ingest

    report = ingest(extract, tmp_path / "data")
    assert report.published
    engine = Engine(Runner(tmp_path / "data"))
    assert engine.aggregates is not None
    return engine


@pytest.fixture
def milestones(tmp_path):
    """A region-wide milestone reached on 15 November 2027; Uithoorn's own row: not reached."""
    ms = "plan_school_expertise_approved"
    rows = [
        _milestone(ms, "2027", D(2027, 11, 15)),
        _milestone(ms, "2028", D(2027, 11, 15)),
        _milestone(ms, "2028", None, municipality_code="GM0451"),
    ]
    # A trajectory into 2028 so that 2027 and 2028 are whole periods of the data (and stored).
    extract = extracts.write(
        tmp_path / "x",
        flows({"client_id": "c1", "start_date": D(2027, 1, 1), "end_date": D(2028, 12, 31)}),
        theme_indicators=rows,
    )
    return Engine(Runner(extract)), _ingested(tmp_path, extract)


def test_a_region_milestone_counts_for_every_area_and_municipality_without_rows_of_their_own(milestones):
    region = Selection(region="amsterdam-amstelland")
    ms = "plan_school_expertise_approved"
    for engine in milestones:  # direct, then the stored answers
        by_area = {f.group_key: f for f in engine.compute(ms, "2027", region, by="area")}
        by_muni = {f.group_key: f for f in engine.compute(ms, "2027", region, by="municipality")}
        for area in ("amstelveen-aalsmeer", "noord", "duo"):
            one = engine.compute(ms, "2027", Selection(region=region.region, area=area))[0]
            assert by_area[area].milestone_date == one.milestone_date == D(2027, 11, 15)
            assert by_area[area].status == one.status == "on_track"
        assert {f.milestone_date for f in by_muni.values()} == {D(2027, 11, 15)}
        # Uithoorn's own 2028 row says not reached: its own rows decide, for it alone.
        by_muni = {f.group_key: f for f in engine.compute(ms, "2028", region, by="municipality")}
        assert by_muni["GM0451"].milestone_date is None
        assert by_muni["GM0384"].milestone_date == D(2027, 11, 15)
        uithoorn = engine.compute(ms, "2028", Selection(region=region.region, municipalities=("GM0451",)))[0]
        assert uithoorn.milestone_date is None and uithoorn.status == by_muni["GM0451"].status
        assert engine.compute(ms, "2028", region)[0].milestone_date == D(2027, 11, 15)


def test_a_milestone_reached_after_the_period_is_not_reached_in_it(tmp_path):
    ms = "plan_school_expertise_approved"
    # The 2027 delivery records a date in February 2028.
    rows = [_milestone(ms, "2027", D(2028, 2, 1))]
    engine = Engine(Runner(extracts.write(tmp_path / "x", flows({"client_id": "c1"}), theme_indicators=rows)))
    region = Selection(region="amsterdam-amstelland")
    assert engine.compute(ms, "2027", region)[0].milestone_date is None
    assert engine.compute(ms, "2027", region)[0].value == 0.0
    assert engine.compute(ms, "2028-M4", region)[0].milestone_date == D(2028, 2, 1)


def test_an_area_of_whole_municipalities_without_its_own_population_row_by_area_and_selected(tmp_path):
    # DUO has no row of its own; its three municipalities have theirs (1,000 each).
    population = (
        extracts.POPULATION
        + [
            {"municipality_code": m, "area_code": None, "year": y, "population_0_17": 1000}
            for y in (2026, 2027, 2028)
            for m in ("GM0384", "GM0437", "GM0451")
        ]
        + [
            {"municipality_code": m, "area_code": None, "year": 2028, "population_0_17": p}
            for m, p in (("GM0358", 2000), ("GM0362", 4000), ("GM0363", 10000))
        ]
    )
    extract = extracts.write(
        tmp_path / "x",
        flows(
            {"client_id": "c1", "care_form": "pleegzorg", "end_date": D(2028, 12, 31)},
            {"client_id": "c2", "care_form": "pleegzorg", "municipality_code": "GM0384", "area_code": "duo"},
            {"client_id": "c3", "care_form": "pleegzorg", "municipality_code": "GM0451", "area_code": "duo"},
        ),
        population=population,
    )
    region = "amsterdam-amstelland"
    for engine in (Engine(Runner(extract)), _ingested(tmp_path, extract)):
        for ident, per_1000 in (("out_of_home_per_1000", False), ("young_people_in_care", True)):
            by_area = {
                f.group_key: f
                for f in engine.unprotected().compute(ident, "2027", Selection(region=region), "area", per_1000)
            }
            duo = engine.unprotected().compute(ident, "2027", Selection(region=region, area="duo"), None, per_1000)[0]
            assert by_area["duo"].denominator == duo.denominator == 3000
            assert by_area["duo"].value == duo.value == pytest.approx(1000 * 2 / 3000)


@pytest.fixture
def money_without_spend(tmp_path):
    """Aalsmeer and Amstelveen have budgets and AA01 lump sums in 2027; only Aalsmeer has
    spending (AA01, 100,000 a month from January). Direct and stored (ingested) engines."""
    budgets = [
        {"municipality_code": "GM0358", "year": 2027, "budget_eur": 1_000_000.0},
        {"municipality_code": "GM0362", "year": 2027, "budget_eur": 3_000_000.0},
    ]
    lump_sums = [
        {"provider_id": "AA01", "municipality_code": "GM0358", "year": 2027, "amount_eur": 800_000.0},
        {"provider_id": "AA01", "municipality_code": "GM0362", "year": 2027, "amount_eur": 500_000.0},
    ]
    spend = [
        {"provider_id": "AA01", "municipality_code": "GM0358", "month": D(2027, m, 1), "amount_eur": 100_000.0}
        for m in range(1, 13)
    ]
    extract = extracts.write(
        tmp_path / "x",
        flows({"client_id": "c1", "start_date": D(2027, 1, 1), "end_date": D(2028, 12, 31)}),
        budgets=budgets,
        lump_sums=lump_sums,
        spend=spend,
    )
    return Engine(Runner(extract)), _ingested(tmp_path, extract)


def test_a_municipality_with_a_budget_and_no_spending_spent_0_in_every_selection(money_without_spend):
    region = Selection(region="amsterdam-amstelland")
    amstelveen = Selection(region="amsterdam-amstelland", municipalities=("GM0362",))
    aa01, aa02 = (Selection(region="amsterdam-amstelland", provider=p) for p in ("AA01", "AA02"))
    for engine in money_without_spend:  # direct, then the stored answers
        # Amstelveen spent nothing: 0, and 0 % of its budget, alone and per municipality.
        assert value(engine, "spend_eur", "2027-M4", amstelveen) == 0
        assert value(engine, "budget_utilisation_pct", "2027-M4", amstelveen) == 0
        assert value(engine, "forecast_year_end_eur", "2027-M4", amstelveen) == 0
        assert value(engine, "spend_eur", "2027-M4", region, by="municipality", key="GM0362") == 0
        assert value(engine, "budget_utilisation_pct", "2027-M4", region, by="municipality", key="GM0362") == 0
        # A municipality without a budget spent 0 too, but has no utilisation.
        assert value(engine, "spend_eur", "2027-M4", region, by="municipality", key="GM0363") == 0
        assert value(engine, "budget_utilisation_pct", "2027-M4", region, by="municipality", key="GM0363") is None
        # The region: Aalsmeer's 400,000 of 4,000,000 (10 %).
        assert value(engine, "spend_eur", "2027-M4", region) == 400_000
        assert value(engine, "budget_utilisation_pct", "2027-M4", region) == pytest.approx(10.0)
        # The stored path was taken where it covers the selection.
        fig = engine.compute("spend_eur", "2027-M4", amstelveen)[0]
        assert ("pre_aggregated" in fig.params) == (engine.aggregates is not None)
    for engine in money_without_spend:  # a provider: its spending against its own lump sum
        assert value(engine, "spend_eur", "2027-M4", aa01, by="municipality", key="GM0362") == 0
        assert value(engine, "lump_sum_utilisation_pct", "2027-M4", aa01, by="municipality", key="GM0362") == 0
        # Aalsmeer: 400,000 of AA01's 800,000 part (50 %); the region: of 1,300,000.
        assert value(engine, "lump_sum_utilisation_pct", "2027-M4", aa01, by="municipality", key="GM0358") == 50
        assert value(engine, "lump_sum_utilisation_pct", "2027-M4", aa01) == pytest.approx(100 * 4 / 13)
        assert value(engine, "spend_eur", "2027-M4", aa02) == 0
        assert value(engine, "spend_eur", "2027-M4", region, by="provider", key="AA02") == 0
        # The municipality's budget is for all providers: no utilisation of it for one provider.
        assert value(engine, "budget_utilisation_pct", "2027-M4", aa01) is None


def test_a_value_measured_earlier_is_judged_against_the_path_of_its_own_period(sample_engine):
    """A survey of 2028 shown on the 2029 view is judged against the 2028 path, not 2029's."""
    later = [
        f
        for ident in sample_engine.catalogue
        for f in sample_engine.compute(ident, "2029-M8", Selection(region="amsterdam-amstelland"))
        if f.measured_period and f.measured_period[:4] != "2029" and f.target_2028 is not None and f.value is not None
    ]
    assert later, "the sample has a figure measured in an earlier year"
    for fig in later:
        year = int(fig.measured_period[:4])
        assert fig.target_path == path_value(fig.baseline, fig.target_2028, fig.target_2034, year)
        ind = sample_engine.catalogue[fig.indicator]
        if ind.status.rule == "target_path" and year > 2026:
            assert (fig.status, fig.distance) == path_status(
                ind.direction, fig.value, fig.target_path, ind.status.tolerance
            )


# --- Where an indicator exists (catalogue `levels`, issue 28) --------------------------------
AA = "amsterdam-amstelland"


def test_a_figure_asked_at_a_level_where_it_does_not_exist_is_not_known_with_the_reason(sample_engine):
    """regular_education_pct is delivered per municipality: for one provider the delivery's
    rows (no provider: "all") would give the region's 61,6 % under the provider's name."""
    region = sample_engine.compute("regular_education_pct", "2029-M8", Selection(AA))[0]
    assert region.value is not None and region.not_known_at is None
    for engine in (sample_engine, sample_engine.unprotected()):
        fig = engine.compute("regular_education_pct", "2029-M8", Selection(AA, provider="AA01"))[0]
        assert fig.value is None and fig.numerator is None and fig.baseline is None
        assert not fig.suppressed and fig.status == "not_measurable" and fig.target_path is None
        assert fig.not_known_at == "provider"
        assert fig.note.startswith("niet bekend per aanbieder: ")
        assert "per gemeente" in fig.note and "aangeleverd" in fig.note


def test_every_group_of_a_grouping_where_it_does_not_exist_is_not_known(sample_engine):
    figs = sample_engine.compute("client_satisfaction_score", "2029-M8", Selection(AA), by="municipality")
    assert len(figs) == 6 and {f.municipality_code for f in figs} >= {"GM0358", "GM0363"}
    assert all(f.value is None and f.not_known_at == "municipality" for f in figs)
    budget = sample_engine.compute("budget_eur", "2029-M8", Selection(AA), by="provider")
    assert budget and all(f.value is None and f.not_known_at == "provider" for f in budget)
    assert sample_engine.compute("budget_eur", "2029-M8", Selection(AA), by="municipality")[0].value > 0


def test_a_theme_filter_is_a_filter_only_where_the_indicator_is_known_per_theme(sample_engine):
    """A delivered theme-B indicator under theme B is its own figure (the theme is its label);
    under theme A, or a theme-less delivered figure under any theme, it is not known."""
    own = sample_engine.compute("stable_perspective_pct", "2029-M8", Selection(AA, theme="B"))[0]
    plain = sample_engine.compute("stable_perspective_pct", "2029-M8", Selection(AA))[0]
    assert own.not_known_at is None and own.value == plain.value is not None
    other = sample_engine.compute("stable_perspective_pct", "2029-M8", Selection(AA, theme="A"))[0]
    assert other.value is None and other.not_known_at == "theme"
    assert other.note.startswith("niet bekend per thema: ")
    flows = sample_engine.compute("inflow", "2029-M8", Selection(AA, theme="A"))[0]
    assert flows.not_known_at is None and flows.value > 0  # trajectories have a theme


@pytest.mark.parametrize("region", ["amsterdam-amstelland", "ijmond-zuid-kennemerland"])
def test_a_waiting_list_is_not_known_until_a_year_after_its_period(sample_engine, region):
    """Issue 28, item 7: the waiting list counts requests that started after the period; at the
    data's last period (2029-M8, the data end on 31 August 2029) none can have, and it read 0
    against a baseline of 350. It is known a year after its period (catalogue)."""
    from jeugdhulpmonitor.periods import Period

    sel = Selection(region=region)
    latest = sample_engine.compute("waiting_list", Period.parse("2029-M8"), sel)[0]
    assert latest.value is None and latest.status == "not_measurable"
    assert "365 dagen" in latest.note
    # Ends on 31 August 2028: a year later is the data's last day, so it is known.
    known = sample_engine.compute("waiting_list", Period.parse("2028-M8"), sel)[0]
    assert known.value is not None and known.value > 10 and known.note is None


def test_an_area_with_its_own_population_row_stored_under_one_of_its_municipalities(tmp_path):
    # Amstelveen-Aalsmeer's own row (5,000) is stored under Aalsmeer (GM0358); the two
    # municipalities have their rows too (2,000 and 4,000, extracts.POPULATION). CONTRACT.md §3:
    # an area's rate uses its own row, so 2 placements / 5,000, not / (5,000 + Amstelveen's 4,000)
    # (issue 28, item 17). Aalsmeer within the area is Aalsmeer: its own 2,000.
    population = extracts.POPULATION + [
        {"municipality_code": "GM0358", "area_code": "amstelveen-aalsmeer", "year": y, "population_0_17": 5000}
        for y in (2026, 2027)
    ]
    extract = extracts.write(
        tmp_path / "x",
        flows(
            {"client_id": "c1", "care_form": "pleegzorg", "end_date": D(2027, 12, 31)},
            {"client_id": "c2", "care_form": "pleegzorg", "municipality_code": "GM0362", "end_date": D(2027, 12, 31)},
        ),
        population=population,
    )
    region, area = "amsterdam-amstelland", "amstelveen-aalsmeer"
    for engine in (Engine(Runner(extract)), _ingested(tmp_path, extract)):
        bare = engine.unprotected()
        for ident, per_1000 in (("out_of_home_per_1000", False), ("young_people_in_care", True)):
            by_area = {f.group_key: f for f in bare.compute(ident, "2027", Selection(region=region), "area", per_1000)}
            alone = bare.compute(ident, "2027", Selection(region=region, area=area), None, per_1000)[0]
            assert by_area[area].denominator == alone.denominator == 5000
            assert by_area[area].value == alone.value == pytest.approx(1000 * 2 / 5000)
            aalsmeer = bare.compute(ident, "2027", Selection(municipalities=("GM0358",), area=area), "area", per_1000)
            assert aalsmeer[0].denominator == 2000
            # Noord's own row is unchanged: 0 placements / 3,000.
            assert by_area["noord"].denominator == 3000
