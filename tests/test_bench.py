"""The benchmark's own arithmetic and judgement, on made-up result dicts (the full run is the
`bench` command: minutes, not seconds). The browser side of settling: tests/e2e/test_bench_settle.py."""

import os
import subprocess
import sys

import pytest

from jeugdhulpmonitor.bench import PeakRss, percentile, settle_misses, settle_summary, table, targets


def test_percentile_is_nearest_rank():
    assert percentile(list(range(1, 101)), 0.95) == 95
    assert percentile(list(range(20, 0, -1)), 0.95) == 19
    assert percentile([300.0, 100.0, 200.0], 0.95) == 300.0  # few changes: the slowest
    assert percentile([7.0], 0.5) == 7.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.0


def _change(ms: float, run: float, draw: float = 10.0, key: str = "f_gemeente") -> dict:
    waited = ms - run - draw
    return {"filter": key, "option": "Amstelveen", "ms": ms, "to_run_ms": waited, "run_ms": run, "draw_ms": draw}


def _result(scale: float, settle_ms: list[float], query_p95: float = 12.0) -> dict:
    changes = [_change(ms, run=ms - 60) for ms in settle_ms]
    return {
        "scale": scale,
        "machine": {"cores": 2, "memory_gb": 8.0, "python": "3.11", "duckdb": "1.3"},
        "data": {"trajectories": 88_470, "clients": 62_290},
        "pages": {
            "overzicht": {"p50_ms": 5.0, "p95_ms": query_p95, "max_ms": 20.0, "runs": 10},
            "data": {"p50_ms": 9.0, "p95_ms": 9.0, "max_ms": 9.0, "runs": 1},
        },
        "browser_settle_ms": {"overzicht": settle_summary(changes), "data": settle_summary([])},
        "cold_ms": 40.0,
        "open_s": 0.5,
        "ratio_vs_pandas": 900.0,
        "pandas_core_ms": 300.0,
        "engine_core_ms": 0.3,
        "first_page_s": 3.2,
        "rss_peak_mb": 400.0,
        "ingest_s": 20.0,
        "aggregates_s": 15.0,
    }


def test_settle_summary_keeps_the_change_at_the_p95():
    s = settle_summary([_change(200, 150), _change(650, 600, key="f_periode"), _change(300, 250)])
    assert (s["p50_ms"], s["p95_ms"], s["max_ms"], s["changes"]) == (300, 650, 650, 3)
    assert s["at_p95"]["filter"] == "f_periode"
    assert settle_summary([]) == {"changes": 0}


@pytest.mark.parametrize(
    ("scale", "settle_ms", "met"),
    [(1, [300, 450], True), (1, [300, 600], False), (25, [300, 600], True), (25, [300, 750], False)],
)
def test_settle_target_is_500_ms_on_the_sample_and_700_at_scale(scale, settle_ms, met):
    judged = targets(_result(scale, settle_ms))
    (label,) = [k for k in judged if k.startswith("settle_p95_ms")]
    assert judged[label] is met
    assert label == ("settle_p95_ms<=500" if scale <= 1 else "settle_p95_ms<=700")


def test_query_target_is_30_ms():
    assert targets(_result(1, [100], query_p95=29.0))["page_p95_ms<=30"] is True
    assert targets(_result(1, [100], query_p95=31.0))["page_p95_ms<=30"] is False


def test_a_missed_settle_target_says_which_change_and_which_part():
    r = _result(25, [400, 2_000])
    (line,) = settle_misses(r)
    assert line.startswith("overzicht: f_gemeente -> 'Amstelveen' settled in 2000 ms (target 700)")
    assert "the script run 1940 ms" in line and "most is the script run" in line
    assert "page model's queries take 12.0 ms" in line
    assert settle_misses(_result(25, [400, 600])) == []


def test_a_slow_script_run_is_split_into_the_servers_run_and_the_browsers_share():
    r = _result(25, [400, 2_000])
    r["browser_settle_ms"]["overzicht"]["at_p95"]["server_ms"] = 240.0
    (line,) = settle_misses(r)
    assert "the script run 1940 ms" in line
    assert "the server ran the page in 240 ms, its model included" in line
    assert "the other 1700 ms the browser was taking in the page's elements" in line
    assert "(the page model's queries take 12.0 ms at their p95 over every view, above)" in line


def test_table_shows_queries_and_settling_per_page_and_the_misses():
    r = _result(1, [300, 400, 900])
    r["targets"] = targets(r)
    text = table(r)
    assert "| overzicht | 5.0 | 12.0 | 20.0 | 400 | 900 | 3 |" in text
    assert "| data | 9.0 | 9.0 | 9.0 | – | – | 0 |" in text  # no filters on Data en definities
    assert "settle_p95_ms<=500 MISSED" in text and "page_p95_ms<=30 met" in text
    assert "missed: overzicht: f_gemeente" in text
    assert "first settled page 3.2 s after start · dashboard peak RSS 400 MB" in text


def test_peak_rss_counts_the_children():
    """A child holding 200 MB for a moment raises the parent's peak by about that much."""
    child = [sys.executable, "-c", "import time; b = b'x' * (200 * 2**20); time.sleep(1.5)"]
    with PeakRss(os.getpid()) as rss:
        subprocess.run(child, check=True)
    with PeakRss(os.getpid()) as alone:
        pass
    assert rss.peak_mb > alone.peak_mb + 150
