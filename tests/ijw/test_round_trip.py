"""Messages -> import-ijw -> validate -> ingest -> figures: the hand-computed counts come out,
no BSN reaches the output, and the Data page says the delivery came from message traffic."""

from __future__ import annotations

import json
from datetime import date

import pyarrow.parquet as pq
import pytest

from jeugdhulpmonitor.cli import main
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.ijw.extract import origin
from jeugdhulpmonitor.ingest import ingest
from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.validation import validate
from jeugdhulpmonitor.views.data import data
from tests import extracts
from tests.ijw import generator as g

D = date


def _case() -> dict[str, bytes]:
    """Six young people of Aalsmeer (GM0358), one provider; the counts for 2025 below."""
    m = {
        # c1: ambulant from 6 Jan 2025, open; asked for by the GP on 1 Dec 2024 (36 days' wait)
        "c1/315.xml": g.jw315(g.requested("R1", "02"), client=1, dated=D(2024, 12, 1)),
        "c1/301.xml": g.jw301(g.assigned(1, "45", ref="R1"), client=1, dated=D(2024, 12, 10)),
        "c1/305.xml": g.jw305(g.started(D(2025, 1, 6), 1), client=1, dated=D(2025, 1, 6)),
        # c2: foster care 1 Mar 2024 - 30 Apr 2025, ended early by the client
        "c2/301.xml": g.jw301(g.assigned(2, "43", "43P01"), client=2, dated=D(2024, 2, 20)),
        "c2/305.xml": g.jw305(g.started(D(2024, 3, 1), 2, "43", "43P01"), client=2, dated=D(2024, 3, 1)),
        "c2/307.xml": g.jw307(g.stopped(D(2024, 3, 1), D(2025, 4, 30), "32", 2, "43", "43P01"), client=2),
        # c3: two consecutive trajectories; only the second (from 1 Sep 2024, open) is active in 2025
        "c3/301a.xml": g.jw301(g.assigned(3, "45"), client=3, dated=D(2024, 1, 20)),
        "c3/305a.xml": g.jw305(g.started(D(2024, 2, 5), 3), client=3, dated=D(2024, 2, 5)),
        "c3/307a.xml": g.jw307(g.stopped(D(2024, 2, 5), D(2024, 8, 31), "31", 3), client=3, dated=D(2024, 9, 1)),
        "c3/301b.xml": g.jw301(g.assigned(4, "45"), client=3, dated=D(2024, 8, 25)),
        "c3/305b.xml": g.jw305(g.started(D(2024, 9, 1), 4), client=3, dated=D(2024, 9, 2)),
        # c4: task-based (no assignment) 3 Feb - 30 May 2025, ended early by the provider
        "c4/305.xml": g.jw305(g.started(D(2025, 2, 3), None, "45"), client=4),
        "c4/307.xml": g.jw307(g.stopped(D(2025, 2, 3), D(2025, 5, 30), "33", None, "45"), client=4),
        # c5: closed youth care from 1 Mar 2025, open
        "c5/301.xml": g.jw301(g.assigned(5, "43", "43S01"), client=5, dated=D(2025, 2, 20)),
        "c5/305.xml": g.jw305(g.started(D(2025, 3, 1), 5, "43", "43S01"), client=5, dated=D(2025, 3, 1)),
        # c6: ambulant 10 Jan - 31 Mar 2025 as planned; requested by the youth doctor 20 Dec (21 days)
        "c6/315.xml": g.jw315(g.requested("R6", "03"), client=6, dated=D(2024, 12, 20)),
        "c6/301.xml": g.jw301(g.assigned(6, "45", ref="R6"), client=6, dated=D(2024, 12, 28)),
        "c6/305.xml": g.jw305(g.started(D(2025, 1, 10), 6), client=6, dated=D(2025, 1, 10)),
        "c6/307.xml": g.jw307(g.stopped(D(2025, 1, 10), D(2025, 3, 31), "31", 6), client=6, dated=D(2025, 4, 1)),
        # c7: transport only (not youth care), and a broken file: neither counts
        "c7/301.xml": g.jw301(g.assigned(7, "42"), client=7),
        "c7/305.xml": g.jw305(g.started(D(2025, 1, 6), 7, "42"), client=7),
        "broken.xml": b"<Bericht",
    }
    return m


# Hand-computed for 2025 (CONTRACT.md §3):
EXPECTED = {
    "young_people_in_care": 6,  # c1..c6 each have a trajectory active in 2025
    "inflow": 4,  # c1, c4, c5, c6: every active trajectory starts in 2025 (c2, c3 started in 2024)
    "outflow": 3,  # c2 (30 Apr), c4 (30 May), c6 (31 Mar): every active trajectory ended in 2025
    "out_of_home": 2,  # c2 foster care, c5 closed care
    "residential_days": 426,  # c2 1 Jan-30 Apr = 120, c5 1 Mar-31 Dec = 306
    "early_termination_pct": pytest.approx(200 / 3),  # 3 ended in 2025, 2 early (c2 client, c4 provider)
    "waiting_days_median": 28.5,  # c1 36 days, c6 21 days
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("ijw-round-trip")
    src = root / "messages"
    for name, body in _case().items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_bytes(body)
    population = extracts.write(root / "tiny", extracts.flows({})) / "population.parquet"
    out = root / "extract"
    code = main(["import-ijw", str(src), "--out", str(out), "--demo-key", "--population", str(population)])
    assert code == 0
    return out


def test_validate_accepts_the_imported_extract(imported):
    result = validate(imported)
    assert result.ok, result.render()


def test_ingest_publishes_it_and_figures_give_the_hand_computed_counts(imported, tmp_path_factory, capsys):
    data_dir = tmp_path_factory.mktemp("ijw-published") / "data"
    report = ingest(imported, data_dir)
    assert report.published and report.rejected_rows["client_flows.parquet"] == 0
    capsys.readouterr()
    args = ["figures", "--data-dir", str(data_dir), "--indicator", ",".join(EXPECTED), "--period", "2025"]
    assert main([*args, "--region", "amsterdam-amstelland", "--unsuppressed"]) == 0
    got = {row["indicator"]: row["value"] for row in json.loads(capsys.readouterr().out)}
    assert got == EXPECTED


def test_the_data_page_says_the_delivery_came_from_message_traffic(imported, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("ijw-page") / "data"
    assert ingest(imported, data_dir).published
    engine = Engine(Runner(data_dir))
    assert origin(engine.runner.extract.path)["origin"] == "ijw"  # kept through ingest
    model = data(engine, PageView.make(Selection(), "2025"))
    text = model.sections[0].blocks[0].text  # "Geladen gegevens"
    assert "berichtenverkeer iJw" in text and "demonstratiegegevens" in text


def test_a_delivered_extract_has_no_origin_line(sample_engine):
    text = data(sample_engine, PageView.make(Selection(), "2028")).sections[0].blocks[0].text
    assert "Herkomst" not in text


def test_no_bsn_anywhere_in_the_output(imported):
    bsns = [g.bsn(i).encode() for i in range(1, 8)]
    for path in imported.iterdir():
        raw = path.read_bytes()
        assert not [b for b in bsns if b in raw], path.name
        if path.suffix == ".parquet":
            table = pq.read_table(path)
            values = {str(v) for column in table.columns for v in column.to_pylist()}
            assert not values & {b.decode() for b in bsns}, path.name
            assert not any(v.isdigit() and len(v) == 9 for v in values), path.name
