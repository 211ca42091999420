"""Opening data without copying it (issue 12, items 2 and 3): a published version is opened
in place, read-only, by several processes at once; a plain extract is published once into a
cache directory and reused, with its stored answers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from jeugdhulpmonitor import REPO_ROOT, extract_cache
from jeugdhulpmonitor.engine import Engine
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.store import DATABASE, MANIFEST, DataDirError, resolve
from tests import extracts


def _catalog(runner: Runner) -> tuple[set[str], set[str]]:
    """The tables and views of the runner's own (in-memory) database."""
    con = runner._con
    query = "select table_name from duckdb_tables() where database_name = 'memory'"
    tables = {r[0] for r in con.execute(query).fetchall()}
    views = {
        r[0]
        for r in con.execute(
            "select view_name from duckdb_views() where database_name = 'memory' and not internal"
        ).fetchall()
    }
    return tables, views


@pytest.fixture
def data(sample_published, tmp_path):
    return shutil.copytree(sample_published, tmp_path / "data", symlinks=True)


def test_a_published_version_is_opened_in_place_not_copied(sample_published):
    runner = Runner(sample_published)
    assert runner.in_place and (runner.extract.path / DATABASE).exists()
    tables, views = _catalog(runner)
    assert "client_flows" in views and "client_flows" not in tables
    assert tables == {"geo_municipalities", "geo_cells"}  # nothing of the extract copied in
    copied = Runner(REPO_ROOT / "sample_data")
    assert not copied.in_place and "client_flows" in _catalog(copied)[0]
    assert Engine(runner).table_rows() == Engine(copied).table_rows()


def test_a_version_without_a_database_is_copied_as_before(data):
    version = resolve(data).path
    (version / DATABASE).unlink()
    manifest = json.loads((version / MANIFEST).read_text())
    del manifest["files"][DATABASE]  # as published before the database was written
    (version / MANIFEST).write_text(json.dumps(manifest))
    runner = Runner(data)
    assert not runner.in_place and "client_flows" in _catalog(runner)[0]
    assert Engine(runner).aggregates is not None


def test_a_table_the_contract_gained_later_reads_as_empty_in_place(data):
    """A version published before agreements.parquet existed still opens in place."""
    import hashlib

    import duckdb

    version = resolve(data).path
    with duckdb.connect(str(version / DATABASE)) as con:
        con.execute("drop table if exists agreements")
    body = (version / DATABASE).read_bytes()
    manifest = json.loads((version / MANIFEST).read_text())
    manifest["files"][DATABASE] = {"bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    (version / MANIFEST).write_text(json.dumps(manifest))
    runner = Runner(data)
    assert runner.in_place
    assert runner._con.execute("select count(*) from agreements").fetchone() == (0,)


def test_checksums_once_per_version_per_process_sizes_always(data):
    Runner(data)
    path = resolve(data).path / DATABASE
    content = bytearray(path.read_bytes())
    content[-100] ^= 0xFF  # same size: only a checksum sees it, and this version's was compared
    path.write_bytes(content)
    Runner(data)
    path.write_bytes(bytes(content) + b"x")  # a size is checked on every opening
    with pytest.raises(DataDirError, match=f"{DATABASE} heeft"):
        Runner(data)


OPEN_AND_WAIT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from jeugdhulpmonitor.engine import Engine, Selection
    from jeugdhulpmonitor.runner import Runner
    data, me, other = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    engine = Engine(Runner(data))
    me.touch()
    deadline = time.monotonic() + 60
    while not other.exists():  # both hold the version open at once
        assert time.monotonic() < deadline, "the other process never opened the version"
        time.sleep(0.05)
    selection = Selection(region="amsterdam-amstelland", municipalities=("GM0363",), provider="AA01")
    [figure] = engine.compute("young_people_in_care", "2024", selection)  # the direct path
    print(engine.runner.in_place, figure.value)
    """
)


def test_two_processes_open_one_version_at_once(sample_published, tmp_path):
    marks = [tmp_path / "a", tmp_path / "b"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_AND_WAIT, str(sample_published), str(me), str(other)],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for me, other in (marks, marks[::-1])
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _out, err in outputs]
    first, second = (out.split() for out, _err in outputs)
    assert first == second and first[0] == "True" and float(first[1]) > 0


# --- a plain extract's cache ---------------------------------------------------------------


def _tiny(directory):
    return extracts.write(
        directory,
        extracts.flows(
            {"client_id": "c1", "start_date": date(2026, 2, 1)},
            {"client_id": "c2", "start_date": date(2027, 3, 1), "provider_id": "AA02"},
        ),
    )


def _reports(target):
    return sorted((target / "reports").glob("*.json"))


@pytest.fixture(scope="module")
def cached(tmp_path_factory):
    """A tiny extract whose cache two builders build at once: the dashboard's background build
    (this process, the extract read directly meanwhile) and a second process."""
    tmp = tmp_path_factory.mktemp("cached")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JHM_CACHE_DIR", str(tmp / "cache"))
        extract = _tiny(tmp / "x")
        code = "import sys; from jeugdhulpmonitor import extract_cache; sys.exit(extract_cache.main(sys.argv[1:]))"
        other = subprocess.Popen([sys.executable, "-c", code, str(extract)], cwd=REPO_ROOT)
        assert extract_cache.prepared(extract) == extract  # not built yet: read directly meanwhile
        target = extract_cache.location(resolve(extract))
        extract_cache._building[target].join(timeout=120)
        assert other.wait(timeout=120) == 0
        yield extract, target


def test_concurrent_builders_build_once_in_the_background(cached):
    extract, target = cached
    assert len(_reports(target)) == 1  # one ingest; the other waited for the lock and found it built
    assert resolve(target).version == resolve(extract).version


def test_a_plain_extract_is_published_once_into_its_cache_and_reused(cached, monkeypatch):
    extract, target = cached
    monkeypatch.setenv("JHM_CACHE_DIR", str(target.parent))
    manifest = resolve(target).path / MANIFEST
    built_at = manifest.stat().st_mtime_ns
    engine = Engine(Runner(target))
    assert engine.aggregates is not None and engine.runner.in_place
    assert engine.runner.data_version == resolve(extract).version  # the extract's, unchanged by the cache
    direct = Engine(Runner(extract))
    assert direct.aggregates is None
    for period in ("2026", "2027-Q1"):
        assert [f.value for f in engine.compute("young_people_in_care", period)] == [
            f.value for f in direct.compute("young_people_in_care", period)
        ]
    assert extract_cache.prepared(extract, wait=True) == target  # the next start reuses it
    assert manifest.stat().st_mtime_ns == built_at and len(_reports(target)) == 1


def test_the_data_page_says_a_cached_extract_was_not_ingested_but_checked(cached, monkeypatch):
    from jeugdhulpmonitor.pagemodel import Notice, PageView
    from jeugdhulpmonitor.selection import Selection
    from jeugdhulpmonitor.views.data import CHECKED_ON_OPENING, NOT_INGESTED, data

    extract, target = cached
    monkeypatch.setenv("JHM_CACHE_DIR", str(target.parent))
    view = PageView.make(Selection(region="amsterdam-amstelland"), "2026")
    notices = {n.text for n in data(Engine(Runner(target)), view).blocks(Notice)}
    assert CHECKED_ON_OPENING in notices and NOT_INGESTED not in notices
    assert NOT_INGESTED in {n.text for n in data(Engine(Runner(extract)), view).blocks(Notice)}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("JHM_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_failed_build_falls_back_to_the_extract_and_is_not_retried(cache, tmp_path, caplog):
    extract = _tiny(tmp_path / "x")
    (extract / "spend.parquet").write_bytes(b"not parquet")  # the delivery is rejected as a whole
    assert extract_cache.prepared(extract, wait=True) == extract
    assert "no cache for" in caplog.text
    target = extract_cache.location(resolve(extract))
    assert extract_cache.prepared(extract, wait=True) == extract and len(_reports(target)) == 1


def test_the_cache_can_be_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("JHM_CACHE_DIR", "off")
    extract = _tiny(tmp_path / "x")
    assert extract_cache.prepared(extract, wait=True) == extract


def test_the_bundled_sample_is_known_as_such_also_when_published(sample_published, tmp_path):
    """The fictitious-data label follows the sample into a published version or the cache. The
    sample is known by its content (issue 27): a copy of it is the sample, a changed copy is not."""
    from jeugdhulpmonitor.store import is_bundled_sample, resolve
    from tests.conftest import SAMPLE

    assert is_bundled_sample(resolve(SAMPLE))
    assert is_bundled_sample(resolve(sample_published))
    copy = Path(shutil.copytree(SAMPLE, tmp_path / "copy"))
    assert is_bundled_sample(resolve(copy))
    (copy / "providers.parquet").write_bytes((copy / "providers.parquet").read_bytes() + b"\0")
    assert not is_bundled_sample(resolve(copy))
