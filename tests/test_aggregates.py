"""The pre-aggregated path (aggregates.py) gives exactly the figures and breakdown tables of the
direct queries, for every indicator of the catalogue: on tiny random extracts built around month
and year edges (hypothesis), and once on the sample (slow, still in the suite)."""

import calendar
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jeugdhulpmonitor import aggregates, breakdowns
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.contract import CARE_FORMS, COMPLAINT_WITHDRAWN, END_REASONS, REFERRERS, THEMES
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.ingest import ingest
from jeugdhulpmonitor.periods import BASELINE_YEAR, Period, all_periods
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.store import resolve
from tests import extracts

# Flow indicators come from the month masks; the others from stored results of their queries.
FLOWS = [i.id for i in CATALOGUE().values() if i.source in aggregates.FLOW_QUERIES]
OTHERS = [i for i in CATALOGUE() if i not in FLOWS]
FIELDS = (
    "value",
    "numerator",
    "denominator",
    "basis",
    "keys",  # the cell keys (suppression.py): the same people give the same key on both paths
    "suppressed",
    "baseline",
    "status",
    "distance",
    "milestone_date",
)


ALL = (None, "municipality", "area", "provider", "theme")


def selections(engine, rng, only=None, groupings=ALL):
    """Each region with every grouping; then, drawn, one municipality, one area, one provider
    and one theme, each on its own and per municipality, area, provider and theme within it (the
    performance dialogue, Cliëntstromen's providers, the filter as its own one group): with these
    `groupings`, or (None) with one drawn one."""
    geo = GEO()
    drawn = {"municipality": [], "area": [], "provider": [], "theme": []}
    for region in [only] if only else geo.regions:
        yield Selection(region=region), (*ALL, "region")
        drawn["municipality"] += [Selection(region=region, municipalities=(m,)) for m in geo.municipalities_of(region)]
        drawn["area"] += [Selection(region=region, area=a) for a in geo.areas_of(region)]
        providers = [p for p, (_n, r) in engine.providers.items() if r == region]
        drawn["provider"] += [Selection(region=region, provider=p) for p in providers]
        drawn["theme"] += [Selection(region=region, theme=t) for t in "ABCD"]
    for choices in filter(None, drawn.values()):
        yield rng.choice(choices), groupings or (None, rng.choice(ALL[1:]))


def published(tmp_path, src):
    report = ingest(src, tmp_path / "published")
    assert report.published and report.aggregate_rows > 0
    runner = Runner(tmp_path / "published")
    fast = Engine(runner)  # the engine opens the version's stored rows
    assert fast.aggregates is not None
    return fast, Engine(runner, use_aggregates=False)


def assert_same(fast, direct, periods, rng, indicators=FLOWS, region=None, groupings=ALL):
    checked = 0
    for selection, asked in selections(direct, rng, region, groupings):
        for by in asked:
            for period in periods:
                stored = fast.unprotected().compute(indicators, period, selection, by=by)
                computed = direct.unprotected().compute(indicators, period, selection, by=by)
                for a, b in zip(stored, computed, strict=True):
                    for name in FIELDS:
                        x, y = getattr(a, name), getattr(b, name)
                        same = x == pytest.approx(y, rel=1e-12) if isinstance(y, float) else x == y
                        assert same, f"{a.indicator} {period} {selection} by={by} {a.group_key}: {name} {x} != {y}"
                checked += len(stored)
    return checked


def _table(table) -> pd.DataFrame:
    sort = [c for c in table.frame.columns if c not in ("clients",)]
    frame = table.frame.sort_values(sort, ignore_index=True)
    return frame.astype(
        {c: "object" for c in frame.columns if frame[c].dtype.kind in "OUT" or str(frame[c].dtype) == "str"}
    )


def assert_same_tables(fast, direct, periods, rng, region=None):
    """Flows by dimension, care-form transitions, durations and the money rule: stored equals direct."""
    checked = 0
    for selection, _groupings in selections(direct, rng, region):
        for period in periods:
            tables = [(f"by {d}", breakdowns.by_dimension, (d,)) for d in breakdowns.DIMENSIONS]
            tables += [("transitions", breakdowns.transitions, ()), ("money rule", breakdowns.money_rule, ())]
            tables += [("durations", breakdowns.durations, ())]
            for name, make, extra in tables:
                stored, computed = (make(e, period, selection, *extra) for e in (fast, direct))
                assert stored.params.get("pre_aggregated") == aggregates.FILE, f"{name} {selection} not stored"
                pd.testing.assert_frame_equal(
                    _table(stored), _table(computed), check_dtype=False, obj=f"{name} {period} {selection}"
                )
                checked += 1
    return checked


@pytest.fixture(scope="module")
def sample_paths(sample_published):
    runner = Runner(sample_published)
    return Engine(runner), Engine(runner, use_aggregates=False)


# Every period form once, in three parts so that parallel workers share the work; each part
# asks the drawn filters by two of the four groupings within them, the parts all four.
FORM_PARTS = (("Y", "H1", "H2", "M4"), ("M8", "M12", "Q1"), ("Q2", "Q3", "Q4"))
PART_GROUPINGS = ((None, "municipality", "area"), (None, "provider", "theme"), (None, "area", "provider"))


@pytest.mark.slow
@pytest.mark.parametrize("part", range(len(FORM_PARTS)))
def test_stored_flow_figures_equal_the_direct_queries_on_the_sample(sample_paths, part):
    fast, direct = sample_paths
    # Each form's period of the baseline year: its figures' baseline is the period itself, so the
    # direct path runs each query once, not again for the baseline (half the time). The year is
    # only a parameter of the month masks; the tiny extracts below vary it around year edges, and
    # the months before and after 2026 are in the sample, so carry-in and carry-out are compared.
    rng = random.Random(7 + part)
    chosen = [Period(BASELINE_YEAR, form) for form in FORM_PARTS[part]]
    assert assert_same(fast, direct, chosen, rng, groupings=PART_GROUPINGS[part]) > 1_500


def test_every_period_form_and_grouping_is_in_a_part_of_the_sample_comparison(sample_paths):
    _fast, direct = sample_paths
    forms = {p.form for p in all_periods(2024, direct.last_date)}
    assert forms == {f for part in FORM_PARTS for f in part}
    assert set(ALL) == {g for part in PART_GROUPINGS for g in part}


@pytest.mark.slow
def test_stored_money_delivered_and_tables_equal_the_direct_queries_on_the_sample(sample_paths):
    fast, direct = sample_paths
    periods = all_periods(2024, direct.last_date)
    rng = random.Random(7)
    # Money, population and delivered indicators: fewer periods (they do not depend on months).
    assert assert_same(fast, direct, rng.sample(periods, 2), rng, indicators=OTHERS) > 1_000
    # The breakdown tables and the money rule per provider and municipality.
    assert assert_same_tables(fast, direct, rng.sample(periods, 2), rng) > 50
    # The stored path was really taken: the provenance names it.
    fig = fast.compute("inflow", "2028", Selection(region="amsterdam-amstelland"))[0]
    assert fig.params.get("pre_aggregated") == aggregates.FILE
    # Money is not known per theme (the catalogue's levels): under a theme filter neither path
    # answers with the region's money under the theme's name; complaints are stored per theme.
    themed = Selection(region="amsterdam-amstelland", theme="B")
    for name in ("spend_eur", "budget_utilisation_pct"):
        for e in (fast, direct):
            figs = e.compute(name, "2027-M8", themed, by="municipality")
            assert figs and all(f.not_known_at == "theme" and f.value is None for f in figs), name
    for name in ("spend_eur", "budget_utilisation_pct", "complaints_received"):
        asked = themed if name == "complaints_received" else Selection(region="amsterdam-amstelland")
        stored, computed = (e.compute(name, "2027-M8", asked, by="municipality") for e in (fast, direct))
        answered = [f for f in stored if f.query]  # a group without rows gets an empty figure
        assert answered and all(f.params.get("pre_aggregated") == aggregates.FILE for f in answered), name
        rows = [
            [(f.group_key, f.value if f.value is None else round(f.value, 6)) for f in e] for e in (stored, computed)
        ]
        assert rows[0] == rows[1], name


REGION = "amsterdam-amstelland"
CELLS = [("GM0358", "amstelveen-aalsmeer"), ("GM0363", "noord"), ("GM0363", "west"), ("GM0384", "duo")]
# Dates at the edges of months and years: the first and last day of a month, the turn of a year.
EDGES = st.builds(
    lambda year, month, last: date(year, month, calendar.monthrange(year, month)[1] if last else 1),
    st.integers(2025, 2027),
    st.sampled_from([1, 3, 4, 6, 7, 12]),
    st.booleans(),
)
TRAJECTORY = st.fixed_dictionaries(
    {
        "client_id": st.sampled_from(["c1", "c2", "c3"]),
        "cell": st.sampled_from(CELLS),
        "provider_id": st.sampled_from(["AA01", "AA02"]),
        "theme": st.sampled_from(THEMES),
        "care_form": st.sampled_from(CARE_FORMS),
        "referrer": st.sampled_from([None, *REFERRERS[:3]]),
        "birth_year": st.sampled_from([2008, 2013, 2020]),
        "start_date": EDGES,
        "days": st.sampled_from([None, 0, 1, 30, 31, 364, 365, 400]),
        "wait": st.sampled_from([None, 0, 14, 45]),
        "end_reason": st.sampled_from(END_REASONS),
        "imminent_out_of_home": st.booleans(),
        "intensive": st.booleans(),
        "goal_attained": st.sampled_from([None, True, False]),
    }
)
MONEY = st.tuples(st.sampled_from(["AA01", "AA02"]), st.sampled_from([c[0] for c in CELLS]), EDGES)
# Complaints received at a month's edge, handled within, at or just beyond six weeks, or not yet.
COMPLAINT = st.fixed_dictionaries(
    {
        "provider_id": st.sampled_from(["AA01", "AA02"]),
        "cell": st.sampled_from(CELLS),
        "theme": st.sampled_from([None, "A", "B"]),
        "received_date": EDGES,
        "days": st.sampled_from([None, 0, 42, 43]),
        "outcome": st.sampled_from([None, "gegrond", COMPLAINT_WITHDRAWN]),
    }
)


def _extract(directory, trajectories, money, complaints=()):
    rows = []
    for t in trajectories:
        t = dict(t)
        t["municipality_code"], t["area_code"] = t.pop("cell")
        days, wait = t.pop("days"), t.pop("wait")
        t["end_date"] = None if days is None else t["start_date"] + timedelta(days)
        t["request_date"] = None if wait is None else t["start_date"] - timedelta(wait)
        if days is None:
            t["end_reason"] = t["goal_attained"] = None
        rows.append(t)
    spend = [
        {"provider_id": p, "municipality_code": m, "month": d.replace(day=1), "amount_eur": 100.0} for p, m, d in money
    ]
    lump = [{"provider_id": p, "municipality_code": m, "year": d.year, "amount_eur": 1200.0} for p, m, d in money]
    budgets = [{"municipality_code": m, "year": y, "budget_eur": 5000.0} for m, _a in CELLS[:2] for y in (2026, 2027)]
    filed = []
    for i, c in enumerate(complaints):
        c = dict(c, complaint_id=f"k{i}")
        c["municipality_code"], c["area_code"] = c.pop("cell")
        days = c.pop("days")
        c["handled_date"] = None if days is None else c["received_date"] + timedelta(days)
        filed.append(c)
    return extracts.write(
        directory, extracts.flows(*rows), spend=spend, lump_sums=lump, budgets=budgets, complaints=filed
    )


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(TRAJECTORY, min_size=1, max_size=6),
    st.lists(MONEY, max_size=4),
    st.lists(COMPLAINT, max_size=5),
    st.randoms(use_true_random=False),
)
def test_stored_answers_equal_the_direct_path_on_tiny_extracts_at_month_and_year_edges(
    trajectories, money, complaints, rng
):
    with tempfile.TemporaryDirectory() as tmp:
        src = _extract(Path(tmp) / "extract", trajectories, money, complaints)
        fast, direct = published(Path(tmp), src)
        periods = all_periods(2025, direct.last_date)
        chosen = rng.sample(periods, min(3, len(periods)))
        assert_same(fast, direct, chosen, rng, indicators=FLOWS + OTHERS, region=REGION, groupings=None)
        assert_same_tables(fast, direct, chosen, rng, region=REGION)


def test_a_place_per_provider_or_theme_and_a_filter_as_its_own_group_are_stored(sample_paths):
    """Cliëntstromen's providers within a municipality, the themes within an area, and a
    municipality or provider grouped by itself are read from the stored rows, not the
    trajectories (their equality with the direct path is tested above)."""
    fast, _ = sample_paths
    region = "amsterdam-amstelland"
    asked = [
        (Selection(region=region, municipalities=("GM0358",)), "provider"),
        (Selection(region=region, area="noord"), "theme"),
        (Selection(region=region, municipalities=("GM0363",)), "area"),
        (Selection(region=region, municipalities=("GM0358",)), "municipality"),
        (Selection(region=region, provider="AA01"), "provider"),
    ]
    for selection, by in asked:
        answered = [f for f in fast.compute("inflow", "2028", selection, by=by) if f.query]
        assert answered and all(f.params.get("pre_aggregated") == aggregates.FILE for f in answered), (selection, by)


def test_a_combined_selection_reads_the_trajectories(sample_paths):
    fast, _ = sample_paths
    # Two filters are stored where a per-geography grouping holds them (a theme in a
    # municipality); three are not.
    three = Selection(region="amsterdam-amstelland", municipalities=("GM0363",), theme="B", provider="AA01")
    assert "pre_aggregated" not in fast.compute("inflow", "2028", three)[0].params


def test_stored_rows_lie_in_group_order_and_an_unordered_file_answers_the_same(sample_published, tmp_path):
    """Opening finds a group's rows without building every row (write keeps them in order); a
    version written before that (rows in any order) is sorted on opening and answers the same."""
    stored = resolve(sample_published).path / aggregates.FILE
    ordered = pq.read_table(stored)
    keys = list(zip(*(ordered[c].to_pylist() for c in aggregates.KEY), strict=True))
    assert keys == sorted(keys)
    shuffled = ordered.take(pa.array(random.Random(3).sample(range(ordered.num_rows), ordered.num_rows)))
    pq.write_table(shuffled, tmp_path / aggregates.FILE)
    a, b = aggregates.Aggregates(stored), aggregates.Aggregates(tmp_path / aggregates.FILE)
    region = Selection(region="amsterdam-amstelland")
    asked = 0
    for name in aggregates.FLOW_QUERIES:
        for period in map(Period.parse, ("2027", "2028-H1", "2028-M8")):
            for by in (None, "municipality", "area", "provider", "theme"):
                answer = a.answer(name, period, region, by)
                assert answer == b.answer(name, period, region, by), (name, period, by)
                asked += answer is not None
    for dimension in breakdowns.DIMENSIONS:
        pd.testing.assert_frame_equal(
            a.table(f"flows_by_dimension:{dimension}", Period.parse("2028"), region),
            b.table(f"flows_by_dimension:{dimension}", Period.parse("2028"), region),
        )
    assert asked > 100
