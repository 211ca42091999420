"""Safe publishing (issue 18): failures leave a report and nothing behind, one writer per data
directory, staging folders are never versions, damaged versions are refused.

Real ingests of tiny extracts (about 5 s each, nearly all pre-aggregation), real processes."""

import errno
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from jeugdhulpmonitor import REPO_ROOT
from jeugdhulpmonitor import ingest as ingest_module
from jeugdhulpmonitor.cli import main
from jeugdhulpmonitor.ingest import ingest, rollback
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.store import BusyError, DataDirError, latest_report, lock, resolve, switch_current, versions
from tests import extracts

CLI = [sys.executable, "-m", "jeugdhulpmonitor"]


def _small(directory: Path) -> Path:
    return extracts.write(directory, extracts.flows({}, {"client_id": "c2", "start_date": date(2026, 3, 1)}))


def _larger(directory: Path) -> Path:
    return extracts.write(
        directory,
        extracts.flows(
            {},
            {"client_id": "c2", "start_date": date(2026, 3, 1), "end_date": date(2027, 2, 1)},
            {"client_id": "c3", "municipality_code": "GM0362", "area_code": None, "provider_id": "AA02"},
            {"client_id": "c4", "care_form": "verblijf", "start_date": date(2027, 5, 1)},
            # Another municipality with areas, themes and care forms of its own, started in many
            # months: stored answers of their own, so that the two versions' files clearly differ in
            # size (the size check on opening; a few rows more could compress to the same size).
            *(
                {
                    "client_id": f"d{i}",
                    "municipality_code": "GM0363",
                    "area_code": ("noord", "west", "oost")[i % 3],
                    "theme": "ABCD"[i % 4],
                    "care_form": ("ambulant", "pleegzorg")[i % 2],
                    "start_date": date(2026, 1 + i % 12, 1 + i),
                }
                for i in range(24)
            ),
        ),
    )


@pytest.fixture(scope="module")
def deliveries(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("deliveries")
    return _small(root / "small"), _larger(root / "larger")


@pytest.fixture(scope="module")
def two_versions(deliveries, tmp_path_factory) -> Path:
    """A data directory with two published versions of different sizes; the second is current."""
    data_dir = tmp_path_factory.mktemp("published") / "data"
    for src in deliveries:
        assert ingest(src, data_dir).published
    return data_dir


@pytest.fixture
def data(two_versions, tmp_path) -> Path:
    """A private copy of `two_versions` that a test may break."""
    return Path(shutil.copytree(two_versions, tmp_path / "data", symlinks=True))


def _state(data_dir: Path) -> tuple:
    """What a failed or refused publication must leave as it was."""
    root = data_dir / "versions"
    return (
        os.readlink(data_dir / "current") if (data_dir / "current").is_symlink() else None,
        sorted(p.name for p in root.iterdir()) if root.is_dir() else [],
    )


# 4. A failure inside ingest: a report with the reason, nothing left behind.


@pytest.mark.parametrize("fails", ["client_flows.parquet", "aggregates.parquet"])
def test_disk_full_is_reported_in_plain_words_and_leaves_nothing(data, deliveries, monkeypatch, capsys, fails):
    before = _state(data)
    real = ingest_module.pq.write_table

    def disk_full(table, where, *args, **kwargs):  # OS fault injection at the lowest write
        if Path(where).name == fails:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(table, where, *args, **kwargs)

    monkeypatch.setattr(ingest_module.pq, "write_table", disk_full)
    assert main(["ingest", str(deliveries[0]), "--data-dir", str(data)]) == 1
    out, err = capsys.readouterr()
    assert f"disk full while writing {fails}" in out
    assert "Traceback" not in out + err
    assert _state(data) == before  # no staging folder, no new version, current unchanged
    report = latest_report(data)
    assert report["published"] is False and report["version"] is None
    assert f"disk full while writing {fails}" in report["error"]
    assert report["file_problems"] == [report["error"]]


# 5. One writer per data directory.


def test_two_ingests_at_once_one_publishes_and_the_other_is_refused(deliveries, tmp_path):
    """Ordered by events, not by a race (two processes started together: on a loaded machine the
    first finished before the second began, and both published): while one ingest holds the data
    directory (here the test, through the same lock), another is refused and says who holds it;
    once it is released, the next one publishes, and only its report and version exist."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    first, second = deliveries
    run = lambda src: subprocess.run(  # noqa: E731
        [*CLI, "ingest", str(src), "--data-dir", str(data_dir)], capture_output=True, text=True, timeout=120
    )
    with lock(data_dir, "ingest"):
        refused = run(first)
    assert refused.returncode == 1
    assert f"another ingest is running in {data_dir} (pid {os.getpid()} since " in refused.stdout
    assert not list((data_dir / "reports").glob("*.json"))  # refused before anything was done
    published = run(second)
    assert published.returncode == 0
    (version,) = versions(data_dir)
    assert f"published version {version}" in published.stdout
    assert resolve(data_dir).version == version
    reports = [json.loads(p.read_text()) for p in (data_dir / "reports").glob("*.json")]
    assert [(r["published"], r["version"]) for r in reports] == [(True, version)]
    assert not list((data_dir / "versions").glob(".staging-*"))


def _switch_repeatedly(data_dir: str, seconds: float) -> int:
    failures, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        for version in ("a", "b"):
            try:
                switch_current(Path(data_dir), version)
            except OSError:
                failures += 1
    return failures


def test_concurrent_switches_of_current_never_fail(tmp_path):
    for version in ("a", "b"):
        (tmp_path / "versions" / version).mkdir(parents=True)
    with multiprocessing.get_context("fork").Pool(4) as pool:
        failures = pool.starmap(_switch_repeatedly, [(str(tmp_path), 2.0)] * 4)
    assert failures == [0, 0, 0, 0]
    assert os.readlink(tmp_path / "current") in ("versions/a", "versions/b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "versions"]  # no temporary links left


def test_rollback_is_refused_while_an_ingest_holds_the_directory(data, capsys):
    before = _state(data)
    with lock(data, "ingest"):
        with pytest.raises(BusyError, match=f"another ingest is running in {data} \\(pid {os.getpid()} since "):
            rollback(data)
        assert main(["rollback", "--data-dir", str(data)]) == 1
        assert "another ingest is running" in capsys.readouterr().err
        # and an ingest in the same directory is refused too, without a report of its own
        refused = ingest(data / "nowhere", data)
        assert not refused.published and "another ingest is running" in refused.error
    assert _state(data) == before
    assert latest_report(data, kind="rollback") is None


# 6. Staging folders are never versions; rollback writes a report.


def test_a_killed_ingest_leaves_a_staging_folder_that_is_never_a_version(data, deliveries):
    published = versions(data)
    run = subprocess.Popen(
        [*CLI, "ingest", str(deliveries[1]), "--data-dir", str(data)], stderr=subprocess.PIPE, text=True
    )
    for line in run.stderr:
        if "pre-aggregating" in line:
            run.send_signal(signal.SIGKILL)
            break
    run.wait(timeout=60)
    assert run.returncode == -signal.SIGKILL
    (killed,) = (data / "versions").glob(".staging-*")
    # A staging folder killed after its manifest was written looks complete; it is still no version.
    shutil.copy(data / "versions" / published[0] / "manifest.json", killed / "manifest.json")
    assert versions(data) == published

    switch_current(data, published[0])  # the oldest version: nothing earlier to roll back to
    with pytest.raises(ValueError, match="no version before"):
        rollback(data)
    assert resolve(data).version == published[0]

    report = ingest(deliveries[0], data)  # the next ingest removes the stale staging folder
    assert report.published
    assert not list((data / "versions").glob(".staging-*"))
    assert versions(data) == [*published, report.version]


def test_rollback_writes_a_report(data):
    first, second = versions(data)
    assert rollback(data) == first
    report = latest_report(data, kind="rollback")
    assert (report["kind"], report["from"], report["to"]) == ("rollback", second, first)
    assert report["when"]
    assert latest_report(data)["version"] == second  # the Data page's latest ingest report


# 7. Damage after publishing is refused, naming the file.


def test_figures_refuses_a_version_without_its_trajectories(data, capsys):
    (resolve(data).path / "client_flows.parquet").unlink()
    args = ["figures", "--data-dir", str(data), "--indicator", "young_people_in_care", "--period", "2027"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "client_flows.parquet ontbreekt" in err and "beschadigd" in err
    assert main(["check", "--data-dir", str(data)]) == 1


def test_another_versions_aggregates_copied_in_are_detected(data, capsys):
    first, second = versions(data)
    own, other = (data / "versions" / v / "aggregates.parquet" for v in (second, first))
    assert own.stat().st_size != other.stat().st_size  # the two deliveries differ
    shutil.copy(other, own)
    with pytest.raises(DataDirError, match="aggregates.parquet heeft"):
        resolve(data)
    assert main(["check", "--data-dir", str(data)]) == 1
    out = capsys.readouterr().out
    assert f"{second}: DAMAGED" in out and "aggregates.parquet" in out


def test_same_size_damage_is_found_by_checksum_on_opening_and_by_check(data, capsys):
    path = resolve(data).path / "aggregates.parquet"
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0xFF
    path.write_bytes(content)
    resolve(data)  # sizes only: fast enough for every rerun, blind to this
    with pytest.raises(DataDirError, match="aggregates.parquet wijkt af"):
        Runner(data)
    assert main(["check", "--data-dir", str(data)]) == 1
    assert "aggregates.parquet wijkt af van de gepubliceerde inhoud (sha256)" in capsys.readouterr().out


def test_check_passes_intact_versions_and_accepts_versions_without_checksums(data, capsys):
    first, second = versions(data)
    assert main(["check", "--data-dir", str(data), "--all"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{first}: intact", f"{second}: intact"]
    manifest_path = data / "versions" / second / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["files"]  # as published before this change
    manifest_path.write_text(json.dumps(manifest))
    assert Runner(data).extract.version == second
    assert main(["check", "--data-dir", str(data)]) == 0
    assert "no checksums" in capsys.readouterr().out
    (data / "versions" / second / "client_flows.parquet").unlink()  # presence is still checked
    with pytest.raises(DataDirError, match="client_flows.parquet ontbreekt"):
        resolve(data)


def test_check_refuses_a_plain_extract(deliveries, capsys):
    assert main(["check", "--data-dir", str(deliveries[0])]) == 1
    assert "no published version" in capsys.readouterr().err


def test_dashboard_stays_on_the_last_intact_version_with_a_dutch_warning(data, monkeypatch):
    first, second = versions(data)
    monkeypatch.setenv("DATA_DIR", str(data))
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception and not at.error and not at.warning
    (data / "versions" / second / "client_flows.parquet").unlink()
    at.run()
    assert not at.exception and not at.error
    assert "client_flows.parquet ontbreekt" in at.warning[0].value
    assert f"laatste intacte versie ({second})" in at.warning[0].value
    # A server that never opened an intact version has nothing to fall back on: the Dutch error.
    fresh = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60)
    monkeypatch.setenv("DATA_DIR", str(Path(shutil.copytree(data, data.parent / "other", symlinks=True))))
    fresh.run()
    assert "Er zijn geen bruikbare gegevens geladen" in fresh.error[0].value
    assert "client_flows.parquet ontbreekt" in fresh.error[0].value
