"""The pre-aggregated path (aggregates.py) gives exactly the figures of the direct queries, for
every indicator of the catalogue: on the sample data, and on random extracts generated with
other seeds and sizes."""

import random

import pytest

from jeugdhulpmonitor import aggregates
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.generator import generate
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.ingest import ingest
from jeugdhulpmonitor.periods import all_periods
from jeugdhulpmonitor.runner import Runner

# Flow indicators come from the month masks; the others from stored results of their queries.
FLOWS = [i.id for i in CATALOGUE().values() if i.source in aggregates.FLOW_QUERIES]
OTHERS = [i for i in CATALOGUE() if i not in FLOWS]
FIELDS = (
    "value",
    "numerator",
    "denominator",
    "basis",
    "suppressed",
    "baseline",
    "status",
    "distance",
    "milestone_date",
)


def selections(engine, rng, restricted: int):
    """Each region with every grouping, and a random choice of one-filter selections."""
    geo = GEO()
    single = []
    for region in geo.regions:
        yield Selection(region=region), (None, "region", "municipality", "area", "provider", "theme")
        single += [(Selection(region=region, municipalities=(m,)), (None,)) for m in geo.municipalities_of(region)]
        single += [(Selection(region=region, area=a), (None, "municipality")) for a in geo.areas_of(region)]
        # A provider or theme also per municipality and area (the performance dialogue).
        per_geo = (None, "municipality", "area")
        single += [
            (Selection(region=region, provider=p), per_geo) for p, (_n, r) in engine.providers.items() if r == region
        ]
        single += [(Selection(region=region, theme=t), per_geo) for t in "ABCD"]
    yield from rng.sample(single, restricted)


def published(tmp_path, src):
    report = ingest(src, tmp_path / "published")
    assert report.published and report.aggregate_rows > 0
    runner = Runner(tmp_path / "published")
    fast = Engine(runner)  # the engine opens the version's stored rows
    assert fast.aggregates is not None
    return fast, Engine(runner, use_aggregates=False)


def assert_same(fast, direct, periods, rng, restricted, indicators=FLOWS):
    checked = 0
    for selection, groupings in selections(direct, rng, restricted):
        for by in groupings:
            for period in periods:
                stored = fast.compute(indicators, period, selection, by=by, suppress=False)
                computed = direct.compute(indicators, period, selection, by=by, suppress=False)
                for a, b in zip(stored, computed, strict=True):
                    for name in FIELDS:
                        x, y = getattr(a, name), getattr(b, name)
                        same = x == pytest.approx(y, rel=1e-12) if isinstance(y, float) else x == y
                        assert same, f"{a.indicator} {period} {selection} by={by} {a.group_key}: {name} {x} != {y}"
                checked += len(stored)
    return checked


@pytest.fixture(scope="module")
def sample_paths(published_sample):
    runner = Runner(published_sample)
    return Engine(runner), Engine(runner, use_aggregates=False)


def test_stored_figures_equal_the_direct_queries_on_the_sample(sample_paths):
    fast, direct = sample_paths
    periods = all_periods(2024, direct.last_date)
    # Every period form once, spread over the years (the baselines of 2026 come with each).
    rng = random.Random(7)
    chosen = [rng.choice([p for p in periods if p.form == form]) for form in dict.fromkeys(p.form for p in periods)]
    assert assert_same(fast, direct, chosen, rng, restricted=6) > 5_000
    # Money, population and delivered indicators: fewer periods (they do not depend on months).
    assert assert_same(fast, direct, rng.sample(periods, 2), rng, restricted=6, indicators=OTHERS) > 1_000
    # The stored path was really taken: the provenance names it.
    fig = fast.compute("inflow", "2028", Selection(region="amsterdam-amstelland"))[0]
    assert fig.params.get("pre_aggregated") == aggregates.FILE


_SEEDS = random.Random(20261123)


@pytest.mark.parametrize("seed", [_SEEDS.randrange(10**6) for _ in range(2)])
def test_stored_figures_equal_the_direct_queries_on_random_extracts(tmp_path, seed):
    rng = random.Random(seed)
    src = generate(tmp_path / f"extract-{seed}", seed=seed, scale=rng.choice([0.05, 0.1]))
    fast, direct = published(tmp_path, src)
    periods = all_periods(2024, direct.last_date)
    assert assert_same(fast, direct, rng.sample(periods, 3), rng, restricted=6) > 1_000


def test_a_combined_selection_reads_the_trajectories(sample_paths):
    fast, _ = sample_paths
    both = Selection(region="amsterdam-amstelland", municipalities=("GM0363",), theme="B")
    assert "pre_aggregated" not in fast.compute("inflow", "2028", both)[0].params
