"""The indicators issue 14 (item 5) adds, pinned on hand-computed tiny extracts: the waiting list
at a date, the median duration of ended trajectories, care continuity at a handover and the
complaints with their handling; the stored path equals the direct one for the flow figures."""

from datetime import date, timedelta

import pytest

from jeugdhulpmonitor import aggregates
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.periods import all_periods
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.validation import validate
from tests import extracts
from tests.test_aggregates import assert_same, published

REGION = Selection(region="amsterdam-amstelland")
NEW_FLOWS = ["waiting_list", "trajectory_days_median", "continuity_at_handover_pct"]
D = date
CONTRACT_END = D(2027, 6, 30)
PROVIDERS = [
    {
        "provider_id": "AA01",
        "name": "Aanbieder 1",
        "region_code": "amsterdam-amstelland",
        "contract_end_date": CONTRACT_END,
    },
    {"provider_id": "AA02", "name": "Aanbieder 2", "region_code": "amsterdam-amstelland"},
    {"provider_id": "AA03", "name": "Aanbieder 3", "region_code": "amsterdam-amstelland"},
]
# Keeps the extract's last date well after 2027, so every 2027 figure is measurable.
# Data up to December 2028: the 2027 periods are measurable, also the waiting list's (a year after).
LATE = {"client_id": "late", "start_date": D(2028, 12, 1)}


def value(engine, indicator, period, selection=REGION, suppress=False):
    engine = engine if suppress else engine.unprotected()
    return engine.compute(indicator, period, selection)[0]


def direct(tmp_path, *rows, **others):
    others.setdefault("providers", PROVIDERS)
    return Engine(Runner(extracts.write(tmp_path / "extract", extracts.flows(*rows, LATE), **others)))


# --- the waiting list at a date ----------------------------------------------------------------
WAITING = [
    {"client_id": "w1", "request_date": D(2027, 3, 10), "start_date": D(2027, 4, 1)},  # waits on 31 March
    {"client_id": "w2", "request_date": D(2027, 3, 31), "start_date": D(2027, 3, 31)},  # started that day
    {"client_id": "w3", "request_date": D(2027, 3, 31), "start_date": D(2027, 4, 1)},  # asked on the day itself
    {"client_id": "w4", "request_date": None, "start_date": D(2027, 5, 1)},  # no request date: unknown
    {"client_id": "w5", "request_date": D(2027, 1, 5), "start_date": D(2027, 2, 1)},  # started before
    {"client_id": "w6", "request_date": D(2026, 12, 1), "start_date": D(2027, 6, 2)},  # waits across the year
]


def test_the_waiting_list_counts_requests_made_by_the_date_and_started_after_it(tmp_path):
    engine = direct(tmp_path, *WAITING)
    assert value(engine, "waiting_list", "2027-Q1").value == 3  # w1, w3, w6
    assert value(engine, "waiting_list", "2027-M4").value == 1  # only w6 on 30 April
    assert value(engine, "waiting_list", "2026").value == 1  # w6 on 31 December 2026
    assert value(engine, "waiting_list", "2027-H1").value == 0  # w6 started 2 June
    # A request that never led to a trajectory (withdrawn) is not in the extract: it cannot count.


def test_a_small_waiting_list_is_hidden_by_the_one_rule(tmp_path):
    fig = value(direct(tmp_path, *WAITING), "waiting_list", "2027-Q1", suppress=True)
    assert fig.suppressed and fig.value is None


# --- the duration of ended trajectories --------------------------------------------------------
def _lasting(client, days, end=D(2027, 9, 30), **extra):
    return {"client_id": client, "start_date": end - timedelta(days - 1), "end_date": end, **extra}


def test_the_duration_median_counts_ended_trajectories_only_both_days_inclusive(tmp_path):
    rows = [
        _lasting("d1", 1),
        _lasting("d2", 10),
        _lasting("d3", 31),
        {"client_id": "d4", "start_date": D(2027, 1, 1)},  # open: no duration yet
        _lasting("d5", 500, end=D(2026, 12, 31)),  # ended the year before
    ]
    engine = direct(tmp_path, *rows)
    fig = value(engine, "trajectory_days_median", "2027")
    assert (fig.value, fig.denominator) == (10, 3)
    assert value(engine, "trajectory_days_median", "2026").value == 500


def test_an_even_count_takes_the_mean_of_the_two_middle_durations(tmp_path):
    engine = direct(tmp_path, _lasting("d1", 1), _lasting("d2", 10), _lasting("d3", 31), _lasting("d4", 100))
    assert value(engine, "trajectory_days_median", "2027").value == 20.5
    assert value(engine, "trajectory_days_median", "2027", suppress=True).suppressed  # rests on 4 trajectories


# --- care continuity at a handover -------------------------------------------------------------
def _traj(client, provider, start, end=None, reason="overig"):
    row = {"client_id": client, "provider_id": provider, "start_date": start, "end_date": end}
    return row | ({"end_reason": reason} if end else {})


HANDOVERS = [
    # In care with AA01 when its contract ended; with AA02 exactly 7 days later: continued.
    _traj("c1", "AA01", D(2027, 1, 1), CONTRACT_END),
    _traj("c1", "AA02", CONTRACT_END + timedelta(7)),
    # Ran past AA01's contract end; elsewhere 8 days later: a gap.
    _traj("c2", "AA01", D(2027, 1, 1), D(2027, 7, 15), "voortijdig_aanbieder"),
    _traj("c2", "AA02", D(2027, 7, 23)),
    # Ended as planned: nothing had to continue, not a handover.
    _traj("c3", "AA01", D(2027, 1, 1), D(2027, 7, 31), "volgens_plan"),
    # A same-day switch between providers: continued.
    _traj("c4", "AA02", D(2027, 2, 1), D(2027, 8, 10)),
    _traj("c4", "AA03", D(2027, 8, 10), D(2027, 12, 31), "volgens_plan"),
    # Ended, no contract end, no care elsewhere: not a handover.
    _traj("c5", "AA02", D(2027, 3, 1), D(2027, 9, 30)),
    # Care elsewhere on the 90th day after the end: a handover with a gap; on the 91st: none.
    _traj("c6", "AA02", D(2027, 1, 1), D(2027, 5, 31), "voortijdig_client"),
    _traj("c6", "AA03", D(2027, 5, 31) + timedelta(90)),
    _traj("c7", "AA02", D(2027, 1, 1), D(2027, 5, 31)),
    _traj("c7", "AA03", D(2027, 5, 31) + timedelta(91)),
    # The next step with the same provider is no handover.
    _traj("c8", "AA02", D(2027, 1, 1), D(2027, 4, 30)),
    _traj("c8", "AA02", D(2027, 5, 1)),
    # Started at AA01 after its contract ended (not in care on that day): no contract handover.
    _traj("c9", "AA01", D(2027, 7, 1), D(2027, 8, 31)),
]


def test_continuity_counts_handovers_and_the_ones_without_a_gap(tmp_path):
    engine = direct(tmp_path, *HANDOVERS)
    fig = value(engine, "continuity_at_handover_pct", "2027")
    # Handovers: c1 (continued), c2 (gap), c4 (continued), c6 (gap).
    assert (fig.numerator, fig.denominator, fig.value) == (2, 4, 50.0)
    by_provider = {
        f.provider_id: f
        for f in engine.unprotected().compute("continuity_at_handover_pct", "2027", REGION, by="provider")
    }
    assert (by_provider["AA01"].numerator, by_provider["AA01"].denominator) == (1, 2)
    assert (by_provider["AA02"].numerator, by_provider["AA02"].denominator) == (1, 2)
    assert value(engine, "continuity_at_handover_pct", "2027", suppress=True).suppressed


def test_without_a_contract_end_only_moves_between_providers_count(tmp_path):
    engine = direct(tmp_path, *HANDOVERS, providers=extracts.PROVIDERS + PROVIDERS[2:])
    fig = value(engine, "continuity_at_handover_pct", "2027")
    # c1 and c2 still moved to AA02 (c1 in 7 days, c2 in 8): the same four handovers.
    assert (fig.numerator, fig.denominator) == (2, 4)
    # In care with AA01 across 30 June: a handover only when the contract is known to end then.
    c9 = _traj("c9", "AA01", D(2027, 1, 1), D(2027, 8, 31))
    assert value(direct(tmp_path / "with", c9), "continuity_at_handover_pct", "2027").denominator == 1
    unknown = direct(tmp_path / "without", c9, providers=extracts.PROVIDERS)
    assert value(unknown, "continuity_at_handover_pct", "2027").denominator is None


def test_continuity_is_not_measurable_until_90_days_after_the_period(tmp_path):
    rows = [_traj("c1", "AA01", D(2027, 1, 1), CONTRACT_END), _traj("c1", "AA02", D(2027, 7, 1), D(2027, 11, 30))]
    engine = Engine(Runner(extracts.write(tmp_path / "extract", extracts.flows(*rows), providers=PROVIDERS)))
    assert value(engine, "continuity_at_handover_pct", "2027-H1").value == 100.0  # 30 June + 90 days <= 30 Nov
    assert value(engine, "continuity_at_handover_pct", "2027-Q3").value is None


# --- the stored path -----------------------------------------------------------------------------
def test_the_stored_new_flow_figures_equal_the_direct_ones(tmp_path):
    import random

    src = extracts.write(tmp_path / "extract", extracts.flows(*WAITING, *HANDOVERS, LATE), providers=PROVIDERS)
    fast, slow = published(tmp_path, src)
    periods = all_periods(2026, slow.last_date)
    assert assert_same(
        fast, slow, periods, random.Random(1), indicators=NEW_FLOWS, region=REGION.region, groupings=None
    )
    fig = fast.unprotected().compute("waiting_list", "2027-Q1", REGION)[0]
    assert fig.params.get("pre_aggregated") == aggregates.FILE and fig.value == 3


# --- complaints ----------------------------------------------------------------------------------
def _complaint(i, received, handled=None, outcome=None, provider="AA01", **extra):
    if handled is not None and outcome is None:
        outcome = "ongegrond"
    return {
        "complaint_id": f"k{i}",
        "provider_id": provider,
        "municipality_code": "GM0358",
        "area_code": "amstelveen-aalsmeer",
        "theme": "B",
        "received_date": received,
        "handled_date": handled,
        "outcome": outcome,
    } | extra


COMPLAINTS = [
    _complaint(1, D(2027, 1, 10), D(2027, 1, 10) + timedelta(42)),  # exactly six weeks: in time
    _complaint(2, D(2027, 1, 10), D(2027, 1, 10) + timedelta(43)),  # a day late
    _complaint(3, D(2027, 2, 1), D(2027, 2, 20), "ingetrokken"),  # withdrawn: not handled
    _complaint(4, D(2027, 3, 1)),  # still open
    _complaint(5, D(2026, 12, 20), D(2027, 1, 5), "gegrond", provider="AA02"),  # received the year before
]


def test_complaints_received_and_handled_within_six_weeks(tmp_path):
    engine = direct(tmp_path, {"client_id": "x"}, complaints=COMPLAINTS)
    assert value(engine, "complaints_received", "2027").value == 4
    assert value(engine, "complaints_received", "2026").value == 1
    fig = value(engine, "complaints_handled_in_time_pct", "2027")
    assert (fig.numerator, fig.denominator) == (2, 3)  # k1 and k5 in time, k2 late; k3 and k4 left out
    by_provider = {
        f.provider_id: f.value
        for f in engine.unprotected().compute("complaints_received", "2027", REGION, by="provider")
    }
    assert by_provider == {"AA01": 4, "AA02": 0, "AA03": 0}
    assert value(engine, "complaints_received", "2027", suppress=True).suppressed


def test_complaints_per_1000_clients_are_the_complaints_over_the_young_people_in_care(tmp_path):
    """Issue 28, item 9: the rate was delivered in theme_indicators, in the sample only for
    Amsterdam-Amstelland's municipalities and over the young people in care of 2024, so it read
    "–" in IJmond/Zuid-Kennemerland, per area of Amsterdam and per provider. It is now the
    complaints received in the period per 1,000 young people in care in it, at every level."""
    aalsmeer = [{"client_id": f"c{i}"} for i in range(8)]  # eight young people in care in 2027, with AA01
    haarlem = {"municipality_code": "GM0392", "area_code": "zuid-kennemerland", "provider_id": "IJ01", "theme": None}
    ijmond = [{"client_id": f"h{i}"} | haarlem for i in range(4)]
    providers = [*PROVIDERS, {"provider_id": "IJ01", "name": "IJ 1", "region_code": "ijmond-zuid-kennemerland"}]
    complaint = {"municipality_code": "GM0392", "area_code": "zuid-kennemerland", "theme": None}
    complaints = [*COMPLAINTS, _complaint(6, D(2027, 5, 1), provider="IJ01", **complaint)]
    engine = direct(tmp_path, *aalsmeer, *ijmond, complaints=complaints, providers=providers)
    fig = value(engine, "complaints_per_1000_clients", "2027")
    assert (fig.numerator, fig.denominator, fig.value) == (4, 8, 500.0)  # k1-k4 received in 2027: 1000 x 4 / 8
    ij = value(engine, "complaints_per_1000_clients", "2027", Selection(region="ijmond-zuid-kennemerland"))
    assert (ij.numerator, ij.denominator, ij.value) == (1, 4, 250.0)
    by_provider = {
        f.provider_id: f.value
        for f in engine.unprotected().compute("complaints_per_1000_clients", "2027", REGION, by="provider")
    }
    assert by_provider == {"AA01": 500.0, "AA02": None, "AA03": None}  # AA02's k5 came in 2026; nobody in care
    area = value(engine, "complaints_per_1000_clients", "2027", Selection(REGION.region, area="amstelveen-aalsmeer"))
    assert area.value == 500.0
    # 2026: k5 only, and nobody in care yet: no rate rather than a division by zero.
    assert value(engine, "complaints_per_1000_clients", "2026").value is None
    assert value(engine, "complaints_per_1000_clients", "2027", suppress=True).suppressed  # 4 complaints: < 10


def test_the_stored_complaints_rate_equals_the_direct_one(tmp_path):
    import random

    rows = [{"client_id": f"c{i}", "start_date": D(2026, 3, 1) + timedelta(i)} for i in range(12)]
    src = extracts.write(tmp_path / "extract", extracts.flows(*rows, LATE), providers=PROVIDERS, complaints=COMPLAINTS)
    fast, slow = published(tmp_path, src)
    assert assert_same(
        fast, slow, all_periods(2026, slow.last_date), random.Random(2),
        indicators=["complaints_per_1000_clients"], region=REGION.region, groupings=None,
    )  # fmt: skip
    fig = fast.unprotected().compute("complaints_per_1000_clients", "2027", REGION)[0]
    assert fig.params.get("pre_aggregated") == aggregates.FILE and fig.value == pytest.approx(1000 * 4 / 12)


def test_a_delivery_without_complaints_keeps_the_rate_it_delivered(tmp_path):
    """CONTRACT.md: a delivery that was valid stays valid and means what it meant. Before issue
    28 the rate came from theme_indicators; a delivery that gives it there and has no
    complaints.parquet is read as then (catalogue or_delivered), one with complaints from them."""
    row = {"indicator_id": "complaints_per_1000_clients", "period": "2027", "area_code": None, "theme": None}
    delivered = [row | {"municipality_code": "GM0358", "provider_id": None, "numerator": 3.0, "denominator": 600.0}]
    clients = extracts.flows(*({"client_id": f"c{i}"} for i in range(8)), LATE)
    src = extracts.write(tmp_path / "rate", clients, providers=PROVIDERS, theme_indicators=delivered)
    assert validate(src).ok
    fig = value(Engine(Runner(src)), "complaints_per_1000_clients", "2027")
    assert (fig.numerator, fig.denominator, fig.value) == (3.0, 600.0, 5.0)
    assert Engine(Runner(src)).catalogue["complaints_per_1000_clients"].known_at() == ("region", "municipality", "area")
    both = extracts.write(
        tmp_path / "both", clients, providers=PROVIDERS, theme_indicators=delivered, complaints=COMPLAINTS
    )
    assert value(Engine(Runner(both)), "complaints_per_1000_clients", "2027").value == 500.0  # 1000 x 4 / 8


def test_an_extract_without_complaints_stays_valid_and_reads_as_none(tmp_path):
    src = extracts.write(tmp_path / "extract", extracts.flows({"client_id": "x"}))
    assert validate(src).ok
    engine = Engine(Runner(src))
    assert value(engine, "complaints_received", "2027").value == 0
    assert value(engine, "complaints_handled_in_time_pct", "2027").value is None


def test_complaint_rows_that_break_a_rule_are_reported(tmp_path):
    broken = [
        _complaint(1, D(2027, 2, 1), D(2027, 1, 1)),  # handled before received
        _complaint(2, D(2027, 2, 1), D(2027, 3, 1), "boos"),  # unknown outcome
        _complaint(3, D(2027, 2, 1), None, "gegrond"),  # an outcome without handling
        _complaint(4, D(2027, 2, 1), area_code="noord"),  # area of another municipality
        _complaint(5, D(2027, 2, 1), provider="ZZ99"),  # unknown provider
    ]
    src = extracts.write(tmp_path / "extract", extracts.flows({"client_id": "x"}), complaints=broken)
    lines = validate(src).render().splitlines()
    assert "complaints.parquet:1:handled_date: handled_date is before received_date" in lines
    assert any(line.startswith("complaints.parquet:2:outcome: unknown outcome") for line in lines)
    assert "complaints.parquet:3:outcome: outcome is required when handled_date is set, and empty otherwise" in lines
    assert "complaints.parquet:4:area_code: area does not contain municipality_code" in lines
    assert any(line.startswith("complaints.parquet:5:provider_id:") for line in lines)


def test_a_contract_end_date_is_an_optional_dated_column_of_providers(tmp_path):
    src = extracts.write(tmp_path / "extract", extracts.flows({"client_id": "x"}), providers=PROVIDERS)
    assert validate(src).ok


@pytest.mark.parametrize(
    "indicator",
    [
        "waiting_list",
        "trajectory_days_median",
        "continuity_at_handover_pct",
        "complaints_received",
        "complaints_handled_in_time_pct",
    ],
)
def test_the_sample_shows_each_new_indicator(sample_engine, indicator):
    # The waiting list of a period is known a year after it (catalogue): the sample runs to August 2029.
    fig = sample_engine.compute(indicator, "2028-H1" if indicator == "waiting_list" else "2028", REGION)[0]
    assert fig.value is not None and not fig.suppressed
