"""Ingest publishes atomically, rejects unusable deliveries whole, and quarantines bad rows."""

import json
import shutil
from pathlib import Path

import psutil
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jeugdhulpmonitor.cli import main
from jeugdhulpmonitor.ingest import ingest, rollback
from jeugdhulpmonitor.runner import INGEST_MEMORY_ENV, ingest_memory
from jeugdhulpmonitor.store import latest_report, resolve
from tests.test_validation import _break


@pytest.fixture
def published(published_generated, tmp_path):
    """A private copy of a data directory with the generated extract published (ingested once)."""
    return Path(shutil.copytree(published_generated, tmp_path / "data", symlinks=True))


def _snapshot(data_dir):
    current = resolve(data_dir)
    return current.version, {p.name: p.read_bytes() for p in current.path.glob("*.parquet")}


@pytest.mark.parametrize("breakage", ["missing_file", "corrupt_file", "missing_column", "wrong_type"])
def test_unusable_delivery_leaves_the_published_data_unchanged(published, delivery, breakage):
    before = _snapshot(published)
    if breakage == "missing_file":
        (delivery / "population.parquet").unlink()
    elif breakage == "corrupt_file":
        (delivery / "spend.parquet").write_bytes(b"garbage")
    elif breakage == "missing_column":
        path = delivery / "client_flows.parquet"
        pq.write_table(pq.read_table(path).drop_columns(["client_id"]), path)
    else:
        path = delivery / "budgets.parquet"
        t = pq.read_table(path)
        pq.write_table(t.set_column(2, "budget_eur", t.column(2).cast(pa.string())), path)
    assert main(["ingest", str(delivery), "--data-dir", str(published)]) == 1
    assert _snapshot(published) == before
    report = latest_report(published)
    assert report["published"] is False and report["file_problems"]


def test_bad_rows_are_quarantined_with_reasons_and_the_rest_published(published, delivery):
    _break(delivery, "client_flows", "care_form", "kamp", row=3)
    _break(delivery, "client_flows", "municipality_code", "GM9999", row=7)
    total = pq.read_metadata(delivery / "client_flows.parquet").num_rows
    report = ingest(delivery, published)
    assert report.published and report.rejected_rows["client_flows.parquet"] == 2
    current = resolve(published)
    assert current.version == report.version
    assert pq.read_metadata(current.path / "client_flows.parquet").num_rows == total - 2
    quarantine = pq.read_table(current.path / "quarantine" / "client_flows.parquet").to_pylist()
    assert [(r["_row"], r["care_form"]) for r in quarantine] == [(4, "kamp"), (8, quarantine[1]["care_form"])]
    assert "unknown care form" in quarantine[0]["_reasons"]
    assert "unknown municipality code" in quarantine[1]["_reasons"]
    assert "2 set aside" in report.render()


def test_rows_referring_to_a_quarantined_provider_are_set_aside_too(published, delivery):
    _break(delivery, "providers", "region_code", "mars", row=0)  # provider AA01 becomes invalid
    report = ingest(delivery, published)
    flows = pq.read_table(resolve(published).path / "client_flows.parquet")
    assert "AA01" not in set(flows.column("provider_id").to_pylist())
    assert report.rejected_rows["client_flows.parquet"] > 0


def test_published_flows_are_sorted_by_start_date(published):
    starts = pq.read_table(resolve(published).path / "client_flows.parquet").column("start_date").to_pylist()
    assert starts == sorted(starts)


def test_previous_version_stays_available_to_roll_back_to(published, generated_small):
    first = resolve(published).version
    second = ingest(generated_small, published).version
    assert resolve(published).version == second != first
    assert rollback(published) == first
    assert resolve(published).version == first
    manifest = json.loads((resolve(published).path / "manifest.json").read_text())
    assert manifest["version"] == first


def test_the_pre_aggregation_takes_half_the_memory_or_what_the_environment_says(monkeypatch):
    monkeypatch.delenv(INGEST_MEMORY_ENV, raising=False)
    half = psutil.virtual_memory().total // 2**31
    assert ingest_memory() == f"{max(1, half)}GB"
    monkeypatch.setenv(INGEST_MEMORY_ENV, "6GB")
    assert ingest_memory() == "6GB"
    monkeypatch.setenv(INGEST_MEMORY_ENV, "6GB; drop table x")
    with pytest.raises(ValueError, match=INGEST_MEMORY_ENV):
        ingest_memory()
