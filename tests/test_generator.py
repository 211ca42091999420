"""The sample generator reproduces the seed figures, is deterministic, starts in steady state and
shows a mix of statuses."""

import duckdb
import pytest

from jeugdhulpmonitor import store
from jeugdhulpmonitor.contract import TABLES
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.generator import RUNIN_START, generate
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import PageView, Tile
from jeugdhulpmonitor.periods import REPORTS, Period, all_periods
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.validation import validate
from jeugdhulpmonitor.views.overzicht import overzicht
from tests.conftest import SAMPLE


def sql(query: str) -> list[tuple]:
    """A plain DuckDB query on its own connection."""
    with duckdb.connect() as con:
        return con.execute(query).fetchall()


SEED_2024 = {"GM0358": 410, "GM0362": 1016, "GM0363": 14378, "GM0384": 424, "GM0437": 206, "GM0451": 508}
SEED_BUDGET_K = {
    "GM0358": (6_600, 6_600),
    "GM0362": (20_000, 20_000),
    "GM0363": (253_315, 249_370),
    "GM0384": (5_500, 5_500),
    "GM0437": (2_600, 2_600),
    "GM0451": (8_000, 8_000),
}


@pytest.mark.parametrize("source", ["generated", "bundled"])
def test_2024_client_counts_match_the_seed_by_a_plain_duckdb_query(source, generated):
    path = generated if source == "generated" else SAMPLE
    rows = sql(f"""
        select municipality_code, count(distinct client_id)
        from read_parquet('{path}/client_flows.parquet')
        where start_date <= date '2024-12-31' and (end_date is null or end_date >= date '2024-01-01')
          and municipality_code in ('GM0358','GM0362','GM0363','GM0384','GM0437','GM0451')
        group by all
    """)
    assert dict(rows) == SEED_2024
    assert sum(dict(rows).values()) == 16_942


@pytest.mark.parametrize("source", ["generated", "bundled"])
def test_budgets_2028_to_2033_match_the_seed_in_euros(source, generated):
    path = generated if source == "generated" else SAMPLE
    rows = sql(
        f"select municipality_code, year, budget_eur from read_parquet('{path}/budgets.parquet')"
        " where year between 2028 and 2033 and valid_from is null"  # the budgets from 1 January
    )
    got = {(m, y): b for m, y, b in rows}
    for m, (b2028, b2029) in SEED_BUDGET_K.items():
        assert got[(m, 2028)] == b2028 * 1000
        for y in range(2029, 2034):
            assert got[(m, y)] == b2029 * 1000
    assert sum(got[(m, 2028)] for m in SEED_BUDGET_K) == 296_015_000


def test_the_bundled_sample_is_the_generators_output_byte_for_byte(generated):
    for spec in TABLES.values():
        assert (generated / spec.file).read_bytes() == (SAMPLE / spec.file).read_bytes(), spec.file


def test_the_committed_checksums_are_the_bundled_samples():
    """Development mode knows the sample by these (store.is_bundled_sample, issue 27): a changed
    sample_data/ needs them written anew, which the generator does when it writes sample_data/
    (`python -m jeugdhulpmonitor generate --out sample_data`)."""
    assert store.sample_checksums() == store.table_checksums(SAMPLE), (
        "sample_data/ and config/sample_data.sha256 differ: regenerate the sample with "
        "`python -m jeugdhulpmonitor generate --out sample_data`"
    )


def test_the_generator_writes_the_checksums_when_it_writes_the_sample(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "SAMPLE", tmp_path / "sample_data")
    monkeypatch.setattr(store, "SAMPLE_CHECKSUMS", tmp_path / "sample_data.sha256")
    generate(tmp_path / "elders", seed=42, scale=0.05)
    assert not store.SAMPLE_CHECKSUMS.exists()  # only for the sample's own directory
    written = generate(tmp_path / "sample_data", seed=42, scale=0.05)
    assert store.sample_checksums() == store.table_checksums(written) and len(store.sample_checksums()) == len(TABLES)


def test_same_seed_same_bytes_and_another_seed_differs(tmp_path, generated):
    again = generate(tmp_path / "again", seed=42, scale=1)
    other = generate(tmp_path / "other", seed=7, scale=1)
    flows = TABLES["client_flows"].file
    assert (again / flows).read_bytes() == (generated / flows).read_bytes()
    assert (other / flows).read_bytes() != (generated / flows).read_bytes()


def test_generated_sample_is_valid_and_spans_2024_to_august_2029(generated):
    assert validate(generated).ok
    [(first, last)] = sql(
        f"select min(start_date), max(start_date) from '{generated}/client_flows.parquet'"
        " where start_date >= date '2024-01-01'"
    )
    assert first.year == 2024 and (last.year, last.month) == (2029, 8)


def test_scale_multiplies_the_young_people(tmp_path):
    half = generate(tmp_path / "half", seed=42, scale=0.5)
    [(n,)] = sql(
        f"select count(distinct client_id) from '{half}/client_flows.parquet' "
        "where municipality_code = 'GM0363' and start_date <= date '2024-12-31'"
        " and (end_date is null or end_date >= date '2024-01-01')"
    )
    assert n == round(14378 * 0.5)


def test_plausibility_at_most_20_providers_and_an_overrun(generated):
    [(n,)] = sql(f"select count(*) from '{generated}/providers.parquet' where region_code = 'amsterdam-amstelland'")
    assert n <= 20
    # Uithoorn's spending in the first 8 months of 2029, projected to a year, exceeds its budget.
    [(spend,)] = sql(
        f"select sum(amount_eur) * 12 / 8 from '{generated}/spend.parquet'"
        " where municipality_code = 'GM0451' and month >= date '2029-01-01'"
    )
    assert spend > 8_000_000


def test_sample_is_small_enough_for_a_fast_start():
    assert sum(f.stat().st_size for f in SAMPLE.glob("*.parquet")) < 20 * 1024 * 1024


@pytest.fixture(scope="module")
def generated_engine(generated) -> Engine:
    return Engine(Runner(generated))


def test_2024_to_2026_are_in_steady_state_without_a_warm_up(generated_engine):
    """Care that began before 2024 is still running in 2024: residential care does not build up
    from the first reported year (it used to grow by a third from 2024 to 2026)."""
    region = Selection(region="amsterdam-amstelland")
    for ident in ("young_people_in_care", "out_of_home", "residential_days", "new_out_of_home"):
        by_year = {y: generated_engine.compute(ident, str(y), region)[0].value for y in (2024, 2025, 2026)}
        assert max(by_year.values()) <= 1.05 * min(by_year.values()), (ident, by_year)


def test_the_extract_holds_the_trajectories_active_from_2024_with_their_true_start(generated):
    [(first_start, ended_before, running_2024)] = sql(
        f"select min(start_date), count(*) filter (where end_date < date '2024-01-01'),"
        f" count(*) filter (where start_date < date '2024-01-01')"
        f" from '{generated}/client_flows.parquet'"
    )
    assert first_start >= RUNIN_START and ended_before == 0 and running_2024 > 1000


def _default_period(engine: Engine) -> Period:
    """As ui.filters.default_period: the latest complete 4-, 8- or 12-month report."""
    return max((p for p in all_periods(2024, engine.last_date) if p.form in REPORTS), key=lambda p: (p.end, p.start))


def test_the_overzicht_tiles_show_a_mix_of_statuses_on_the_default_period(generated_engine):
    period = _default_period(generated_engine)
    assert str(period) == "2029-M8"
    model = overzicht(generated_engine, PageView.make(Selection(region="amsterdam-amstelland"), period))
    headlines = [t.headline for t in model.blocks(Tile)]
    assert len(headlines) == 4 and len(set(headlines)) >= 3, headlines


def test_the_areas_move_toward_their_targets_at_different_speeds(generated_engine):
    period = _default_period(generated_engine)
    statuses = {
        area: generated_engine.compute("out_of_home_per_1000", period, Selection("amsterdam-amstelland", area=area))[
            0
        ].status
        for area in GEO().areas_of("amsterdam-amstelland")
    }
    assert {"on_track", "off_track"} <= set(statuses.values()), statuses
    assert statuses["noord"] == "on_track" and statuses["centrum-zuid"] == "off_track"
