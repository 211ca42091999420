"""Holding up (issue 16): data published under running sessions, ingest killed at every step,
damage and disappearance of the data directory while the dashboard runs, rollback to nowhere.

After each fault: the current version is complete, nothing published is lost, and a rejected
delivery's rows are kept or the message says why not. Real ingests of tiny extracts, real
processes (killed by a hook in ingest, JHM_INGEST_KILL_AT, so the point is exact)."""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import weakref
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from jeugdhulpmonitor import REPO_ROOT, logs
from jeugdhulpmonitor.cli import main
from jeugdhulpmonitor.ingest import KILL_AT, STEPS, ingest, rollback
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.store import check, latest_report, resolve, switch_current, versions
from tests import extracts

CLI = [sys.executable, "-m", "jeugdhulpmonitor"]
VERSION = re.compile(r"versie (\d{8}T\d+Z-[0-9a-f]{8})")


@pytest.fixture(scope="module")
def deliveries(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("deliveries")
    first = extracts.write(root / "first", extracts.flows({}, {"client_id": "c2", "start_date": date(2026, 3, 1)}))
    second = extracts.write(
        root / "second",
        extracts.flows(
            {},
            {"client_id": "c2", "start_date": date(2026, 3, 1), "end_date": date(2027, 2, 1)},
            {"client_id": "c3", "municipality_code": "GM0362", "area_code": None, "provider_id": "AA02"},
        ),
    )
    return first, second


@pytest.fixture(scope="module")
def two_versions(deliveries, tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("faults") / "data"
    for src in deliveries:
        assert ingest(src, data_dir).published
    return data_dir


@pytest.fixture
def data(two_versions, tmp_path) -> Path:
    """A private copy of a data directory with two versions (the second current) to break."""
    return Path(shutil.copytree(two_versions, tmp_path / "data", symlinks=True))


def _state(data_dir: Path) -> tuple:
    root = data_dir / "versions"
    return os.readlink(data_dir / "current"), sorted(p.name for p in root.iterdir())


def _intact(data_dir: Path) -> None:
    """The current version opens with its checksums, and every published version is whole."""
    Runner(data_dir).close()
    assert all(damage == [] for damage in check(data_dir, every=True).values())


def _versions_shown(at: AppTest) -> set[str]:
    """Every data version the page names: the sidebar's status and each figure's ⓘ."""
    texts = [e.value for kind in ("caption", "markdown") for e in at.get(kind) if isinstance(e.value, str)]
    return {v for t in texts for v in VERSION.findall(t)}


def _stale_notices(at: AppTest) -> list[str]:
    """The Dutch notice that an earlier intact version is served (beside others, such as sign-in's)."""
    return [w.value for w in at.warning if w.value.startswith("De nieuwste gegevens zijn niet gebruikt:")]


# 2. Publishing under running sessions.


def test_a_session_sees_one_version_per_run_and_the_new_one_on_its_next_run(data, monkeypatch):
    import ui.data
    import ui.filters

    old, new = versions(data)
    switch_current(data, old)
    monkeypatch.setenv("DATA_DIR", str(data))
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60)
    at.switch_page("pages/clientstromen.py").run()
    assert not at.exception
    assert _versions_shown(at) == {old}

    # Published while the run is between the frame (sidebar status) and the page's own figures.
    real_view = ui.filters.view

    def publish_then_view(*args, **kwargs):
        switch_current(data, new)
        monkeypatch.setattr(ui.filters, "view", real_view)
        return real_view(*args, **kwargs)

    monkeypatch.setattr(ui.filters, "view", publish_then_view)
    at.run()
    assert not at.exception
    assert _versions_shown(at) == {old}  # the whole page from the version the run began with

    at.run()  # the next rerun, same session, no restart
    assert not at.exception
    assert _versions_shown(at) == {new}


def test_the_old_versions_engine_and_cached_models_are_released_when_a_new_one_opens(data, monkeypatch):
    import ui.data
    from jeugdhulpmonitor.pagemodel import PageView
    from jeugdhulpmonitor.periods import Period
    from jeugdhulpmonitor.selection import Selection

    old, new = versions(data)
    switch_current(data, old)
    monkeypatch.setenv("DATA_DIR", str(data))
    view = PageView.make(Selection(region="amsterdam-amstelland"), Period.parse("2027"))
    opened = ui.data.engine()  # outside a script run: what a run's first call does
    assert ui.data.model("overzicht", view).title  # a cached model of the old version
    released = weakref.ref(opened)
    del opened
    switch_current(data, new)
    assert ui.data.engine().runner.data_version == new
    gc.collect()
    assert released() is None  # nothing holds the old engine: not the caches, not the fallback


# 3. Faults.


@pytest.mark.parametrize("step", ["database", "manifest", "renamed", "reported", "switched"])
def test_ingest_killed_at_a_step_leaves_a_complete_current_version(data, deliveries, step):
    before_current, published = _state(data)
    run = subprocess.run(
        [*CLI, "ingest", str(deliveries[0]), "--data-dir", str(data)],
        env=os.environ | {KILL_AT: step},
        capture_output=True,
        timeout=120,
    )
    assert run.returncode == -signal.SIGKILL
    current, after = _state(data)
    new = [v for v in versions(data) if v not in published]
    assert set(published) <= set(after)  # nothing published is lost
    if STEPS.index(step) < STEPS.index("renamed"):
        assert new == [] and current == before_current  # a staging folder at most, never a version
        assert list((data / "versions").glob(".staging-*"))
    else:  # renamed whole: a complete version; current only once switched
        assert len(new) == 1
        assert current == (f"versions/{new[0]}" if step == "switched" else before_current)
        # killed before the switch after the report: the report names a version that is not current
        # (it is complete and can be made current with rollback --to)
    _intact(data)

    if step == "manifest":  # a staging folder that looks complete: the next ingest removes it
        report = ingest(deliveries[0], data)
        assert report.published
        assert not list((data / "versions").glob(".staging-*"))
        assert versions(data) == [*published, report.version]
        _intact(data)


@pytest.fixture
def small_disk(tmp_path) -> Path:
    """A 4 MB filesystem of its own (tmpfs; needs root or CAP_SYS_ADMIN, else skipped: the
    monkeypatched ENOSPC in test_publishing.py covers the same path without one)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path, leave: int) -> None:
    """Take all but `leave` bytes of the filesystem's free space."""
    free = shutil.disk_usage(disk).free
    with (disk / "filler").open("wb") as fh:
        fh.truncate(0)
        fh.write(b"\0" * max(0, free - leave))


@pytest.mark.parametrize(
    ("leave", "writing"),
    [(0, "providers.parquet"), (200_000, "data.duckdb")],  # the first file; DuckDB's own writes
)
def test_disk_full_during_ingest_on_a_real_small_filesystem(small_disk, deliveries, leave, writing, capsys):
    data = small_disk / "data"
    assert ingest(deliveries[0], data).published
    before = _state(data)
    _fill(small_disk, leave)
    assert main(["ingest", str(deliveries[1]), "--data-dir", str(data)]) == 1
    out, err = capsys.readouterr()
    assert f"disk full while writing {writing}: no space left on the device" in out, out
    assert "nothing was published; the current data is unchanged" in out
    assert "Traceback" not in out + err
    assert _state(data) == before  # no staging folder, no half version, current unchanged
    if leave:  # room for the report once the unfinished version is removed
        assert f"disk full while writing {writing}" in latest_report(data)["error"]
    else:
        assert "the report could not be written either" in out
    (small_disk / "filler").unlink()
    _intact(data)


def test_rollback_to_a_version_that_does_not_exist_is_refused_and_changes_nothing(data, capsys):
    before = _state(data)
    assert main(["rollback", "--data-dir", str(data), "--to", "20990101T000000000000Z-deadbeef"]) == 1
    err = capsys.readouterr().err
    assert "unknown version '20990101T000000000000Z-deadbeef'; known: " in err
    assert all(v in err for v in versions(data))  # says which ones there are
    assert "Traceback" not in err
    assert _state(data) == before
    assert latest_report(data, kind="rollback") is None
    with pytest.raises(ValueError, match="unknown version '.staging-x'"):
        rollback(data, ".staging-x")
    _intact(data)


@pytest.mark.parametrize("damage", ["truncated", "deleted", "altered"])
def test_check_names_the_damaged_database_and_the_runner_refuses_it(data, damage, capsys):
    path = resolve(data).path / "data.duckdb"
    if damage == "truncated":
        os.truncate(path, path.stat().st_size // 2)
    elif damage == "deleted":
        path.unlink()
    else:
        content = bytearray(path.read_bytes())
        content[-100] ^= 0xFF
        path.write_bytes(content)
    assert main(["check", "--data-dir", str(data)]) == 1
    out = capsys.readouterr().out
    assert "DAMAGED" in out and "data.duckdb" in out
    with pytest.raises(ValueError, match="data.duckdb"):
        Runner(data)


@pytest.mark.parametrize("fault", ["removed", "current dangling"])
def test_the_dashboard_keeps_serving_when_its_data_directory_goes_away(data, monkeypatch, fault):
    monkeypatch.setenv("DATA_DIR", str(data))
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60)
    at.switch_page("pages/clientstromen.py").run()
    assert not at.exception and not _stale_notices(at)
    shown = _versions_shown(at)
    if fault == "removed":
        shutil.rmtree(data)
    else:
        (data / "current").unlink()
        (data / "current").symlink_to("versions/gone")
    at.run()
    assert not at.exception and not at.error
    (notice,) = _stale_notices(at)
    assert "laatste intacte versie" in notice
    assert str(data.parent) not in notice  # no server paths for visitors
    assert _versions_shown(at) == shown  # the figures still come from the version opened before


# 5. Health for operators.


def test_check_says_when_the_disk_has_no_room_for_the_next_delivery(small_disk, deliveries, capsys):
    data = small_disk / "data"
    version = ingest(deliveries[0], data).version
    assert main(["check", "--data-dir", str(data)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{version}: intact"]
    _fill(small_disk, 100_000)
    assert main(["check", "--data-dir", str(data)]) == 1
    intact, disk = capsys.readouterr().out.splitlines()
    assert intact == f"{version}: intact"
    assert disk.startswith(f"free disk: 0.1 MB on {data}; the next delivery needs about 2.")


def test_check_says_when_the_pre_aggregated_answers_are_missing(data, capsys):
    version_dir = resolve(data).path
    manifest = json.loads((version_dir / "manifest.json").read_text())
    del manifest["files"]  # as published before checksums, whose files are otherwise present
    (version_dir / "manifest.json").write_text(json.dumps(manifest))
    (version_dir / "aggregates.parquet").unlink()
    assert main(["check", "--data-dir", str(data)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == (
        f"{version_dir.name}: no pre-aggregated answers (aggregates.parquet); every page runs its queries "
        "directly (publish the delivery again with ingest)"
    )


def test_a_failed_page_run_is_logged_as_one_json_line_with_page_and_version(data, monkeypatch, capsys):
    import ui.render

    def broken(model):
        raise RuntimeError("a fault in drawing")

    monkeypatch.setattr(ui.render, "page", broken)
    monkeypatch.setenv("DATA_DIR", str(data))
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60)
    at.switch_page("pages/clientstromen.py").run()
    assert at.exception  # Streamlit still shows it
    events = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    (event,) = [e for e in events if e["event"] == "rerun_failed"]
    assert event["page"] == "clientstromen"
    assert event["data_version"] == resolve(data).version
    assert event["error"] == "RuntimeError: a fault in drawing"
    assert "Traceback" in event["traceback"] and event["time"]


def test_completed_runs_are_timed_in_the_log_only_when_asked(data, monkeypatch, capsys):
    """The load test's server share: with JHM_LOG_RUNS=1 a completed run is one JSON line with
    its page, version and time on the server; without it nothing is logged for a run."""
    monkeypatch.setenv("DATA_DIR", str(data))
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60)
    at.switch_page("pages/clientstromen.py").run()
    assert not logs.run_times(capsys.readouterr().err.splitlines())
    monkeypatch.setenv(logs.RUNS_ENV, "1")
    at.run()
    lines = capsys.readouterr().err.splitlines()
    (event,) = [json.loads(line) for line in lines if '"event": "rerun"' in line]
    assert event["page"] == "clientstromen" and event["data_version"] == resolve(data).version
    assert logs.run_times(["not json", *lines]) == [event["ms"]] and event["ms"] > 0
