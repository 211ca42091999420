"""The command: the key it needs, what it marks, what it leaves behind, the mappings' check."""

from __future__ import annotations

from datetime import date

import pyarrow.parquet as pq
import pytest

from jeugdhulpmonitor.cli import main
from jeugdhulpmonitor.ijw.extract import origin
from jeugdhulpmonitor.ijw.mappings import DEFAULT, MappingError, load
from jeugdhulpmonitor.ijw.pseudonym import ENV
from tests.ijw import generator as g


@pytest.fixture
def src(tmp_path):
    folder = tmp_path / "messages"
    folder.mkdir()
    (folder / "301.xml").write_bytes(g.jw301(g.assigned(1), client=1))
    (folder / "305.xml").write_bytes(g.jw305(g.started(date(2025, 1, 6), 1), client=1))
    return folder


def _client_ids(out):
    return pq.read_table(out / "client_flows.parquet").column("client_id").to_pylist()


def test_without_a_key_the_command_refuses_to_run(src, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(ENV, raising=False)
    assert main(["import-ijw", str(src), "--out", str(tmp_path / "out")]) == 2
    assert "--key-file" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_short_key_is_refused(src, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(ENV, "short")
    assert main(["import-ijw", str(src), "--out", str(tmp_path / "out")]) == 2
    assert "at least 16 bytes" in capsys.readouterr().err


def test_the_same_key_gives_the_same_client_over_deliveries(src, tmp_path, monkeypatch):
    key = tmp_path / "key"
    key.write_text("a region's secret key, kept outside the repository\n")
    monkeypatch.setenv(ENV, "another secret key of enough bytes")
    assert main(["import-ijw", str(src), "--out", str(tmp_path / "a"), "--key-file", str(key)]) == 0
    assert main(["import-ijw", str(src), "--out", str(tmp_path / "b"), "--key-file", str(key)]) == 0
    assert main(["import-ijw", str(src), "--out", str(tmp_path / "c")]) == 0  # the environment's key
    a, b, c = (_client_ids(tmp_path / x) for x in "abc")
    assert a == b and a != c
    assert origin(tmp_path / "a")["demonstration"] is False


def test_the_demo_key_marks_the_output_as_demonstration(src, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(ENV, raising=False)
    assert main(["import-ijw", str(src), "--out", str(tmp_path / "out"), "--demo-key"]) == 0
    assert "DEMONSTRATION DATA" in capsys.readouterr().out
    mark = origin(tmp_path / "out")
    assert mark["demonstration"] is True and mark["origin"] == "ijw" and mark["messages"] == 2


def test_a_failed_import_leaves_the_output_as_it_was(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "client_flows.parquet").write_bytes(b"the previous delivery")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "transport.xml").write_bytes(g.jw305(g.started(date(2025, 1, 6), 1, "42"), client=1))
    assert main(["import-ijw", str(empty), "--out", str(out), "--demo-key"]) == 1
    assert "no trajectory" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left
    assert (out / "client_flows.parquet").read_bytes() == b"the previous delivery"


def test_a_missing_source_is_invalid_input(tmp_path, capsys):
    assert main(["import-ijw", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o"), "--demo-key"]) == 1
    assert "does not exist" in capsys.readouterr().out


@pytest.mark.parametrize(
    "change, named",
    [
        (("care_form_by_category", "45", "ambulatory"), "care_form_by_category"),
        (("end_reason_by_reason", "31", "planned"), "end_reason_by_reason"),
        (("referrer_by_type", "02", "gp"), "referrer_by_type"),
        (("municipality_codes", "0457", "GM9999"), "municipality_codes"),
        (("areas_by_postcode", "GM0363", {"1011": "duo"}), "areas_by_postcode"),
    ],
)
def test_the_mappings_are_checked_on_load(tmp_path, change, named):
    import yaml

    raw = yaml.safe_load(DEFAULT.read_text())
    section, key, value = change
    raw[section][key] = value
    path = tmp_path / "mappings.yaml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(MappingError, match=named):
        load(path)


def test_the_bundled_mappings_load():
    assert load().care_form_by_category["35"] == "pleegzorg"


def test_a_failure_while_writing_leaves_nothing_half_written(src, tmp_path, monkeypatch):
    from jeugdhulpmonitor.ijw import extract

    out = tmp_path / "out"
    written, original = [], pq.write_table

    def fail_second(table, path, **kw):
        written.append(path)
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        original(table, path, **kw)

    monkeypatch.setattr(extract.pq, "write_table", fail_second)
    with pytest.raises(OSError):
        main(["import-ijw", str(src), "--out", str(out), "--demo-key"])
    assert len(written) == 2 and written[0].name == "client_flows.parquet"
    assert not out.exists() or not any(out.iterdir())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_the_benchmark_prints_its_figures_as_json(tmp_path):
    import json
    import subprocess
    import sys

    from jeugdhulpmonitor import REPO_ROOT

    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "bench_ijw.py"), "-n", "300", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout)
    assert figures["messages"] == 300 and figures["error"] is None and figures["trajectories"] > 50
    assert {"import_s", "messages_per_s", "extrapolated_1m_s", "meets_target"} <= set(figures)
