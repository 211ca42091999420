"""The pre-aggregated path (aggregates.py) gives exactly the figures of the direct queries: on
the sample data, and on random extracts generated with other seeds and sizes."""

import random

import pytest

from jeugdhulpmonitor import aggregates
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.generator import generate
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.ingest import ingest
from jeugdhulpmonitor.periods import all_periods
from jeugdhulpmonitor.runner import Runner
from tests.conftest import SAMPLE

FLOW_INDICATORS = [
    "young_people_in_care", "inflow", "outflow", "out_of_home", "out_of_home_per_1000", "residential_days",
    "residential_days_change_vs_2026", "new_out_of_home", "new_out_of_home_change_vs_2026",
    "intensive_at_imminent_pct", "early_termination_pct", "goal_attainment_pct", "waiting_days_median",
    "no_new_care_within_year_pct",
]  # fmt: skip
FIELDS = ("value", "numerator", "denominator", "basis", "suppressed", "baseline", "status", "distance")


def selections(engine, rng, restricted: int):
    """Each region with every grouping, and a random choice of one-filter selections."""
    geo = GEO()
    single = []
    for region in geo.regions:
        yield Selection(region=region), (None, "region", "municipality", "area", "provider", "theme")
        single += [Selection(region=region, municipalities=(m,)) for m in geo.municipalities_of(region)]
        single += [Selection(region=region, area=a) for a in geo.areas_of(region)]
        single += [Selection(region=region, provider=p) for p, (_n, r) in engine.providers.items() if r == region]
        single += [Selection(region=region, theme=t) for t in "ABCD"]
    for selection in rng.sample(single, restricted):
        yield selection, (None,)


def published(tmp_path, src):
    report = ingest(src, tmp_path / "published")
    assert report.published and report.aggregate_rows > 0
    runner = Runner(tmp_path / "published")
    assert runner.aggregates is not None
    return Engine(runner), Engine(runner, use_aggregates=False)


def assert_same(fast, direct, periods, rng, restricted):
    checked = 0
    for selection, groupings in selections(direct, rng, restricted):
        for by in groupings:
            for period in periods:
                stored = fast.compute(FLOW_INDICATORS, period, selection, by=by, suppress=False)
                computed = direct.compute(FLOW_INDICATORS, period, selection, by=by, suppress=False)
                for a, b in zip(stored, computed, strict=True):
                    for name in FIELDS:
                        x, y = getattr(a, name), getattr(b, name)
                        same = x == pytest.approx(y, rel=1e-12) if isinstance(y, float) else x == y
                        assert same, f"{a.indicator} {period} {selection} by={by} {a.group_key}: {name} {x} != {y}"
                checked += len(stored)
    return checked


def test_stored_figures_equal_the_direct_queries_on_the_sample(tmp_path):
    fast, direct = published(tmp_path, SAMPLE)
    periods = all_periods(2024, direct.last_date)
    # Every period form once, spread over the years (the baselines of 2026 come with each).
    rng = random.Random(7)
    chosen = [rng.choice([p for p in periods if p.form == form]) for form in dict.fromkeys(p.form for p in periods)]
    assert assert_same(fast, direct, chosen, rng, restricted=10) > 5_000
    # The stored path was really taken: the provenance names it.
    fig = fast.compute("inflow", "2028", Selection(region="amsterdam-amstelland"))[0]
    assert fig.params.get("pre_aggregated") == aggregates.FILE


@pytest.mark.parametrize("seed", [random.Random(20261123).randrange(10**6) for _ in range(2)])
def test_stored_figures_equal_the_direct_queries_on_random_extracts(tmp_path, seed):
    rng = random.Random(seed)
    src = generate(tmp_path / f"extract-{seed}", seed=seed, scale=rng.choice([0.05, 0.1, 0.2]))
    fast, direct = published(tmp_path, src)
    periods = all_periods(2024, direct.last_date)
    assert assert_same(fast, direct, rng.sample(periods, 4), rng, restricted=8) > 1_000


def test_a_combined_selection_reads_the_trajectories(tmp_path):
    fast, _ = published(tmp_path, SAMPLE)
    both = Selection(region="amsterdam-amstelland", municipalities=("GM0363",), theme="B")
    assert "pre_aggregated" not in fast.compute("inflow", "2028", both)[0].params
