"""Only the benchmark's "pages" part: every page's model, through the engine without Streamlit or
a browser, for the selections and period forms `jeugdhulpmonitor bench` uses, on a published data
directory made beforehand by `ingest`. For comparing two code versions on the same extract:

    cd CHECKOUT && PYTHONPATH=CHECKOUT .venv/bin/python bench/page_models.py --data-dir DIR [--json OUT]

It runs exactly as bench.run does (one engine, the Overzicht once cold, then each page for every
view its filters can express, in the registry's order) and reuses bench.py's own functions, so
that the same script measures a checkout from before the cell key method (issue 27) and after.
Per page: p50/p95/max of the page model's wall time, the same of the process's CPU time (steadier
than wall time on a busy machine), and the total time per query, slowest first. Run one version
after the other in alternation (A, B, A, B, ...) and compare within the one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import jeugdhulpmonitor
from jeugdhulpmonitor.bench import percentile, periods, selections
from jeugdhulpmonitor.engine import Engine
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.views.page import page_model
from jeugdhulpmonitor.views.reach import reachable
from jeugdhulpmonitor.views.registry import PAGES


def _stats(values: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(values), 2),
        "p95_ms": round(percentile(values, 0.95), 2),
        "max_ms": round(max(values), 2),
    }


def measure(data_dir: Path, quick: bool = False, only: list[str] | None = None, bare: bool = False) -> dict:
    t = time.perf_counter()
    engine = Engine(Runner(data_dir))
    if bare:  # the same code without the read side of the protection: its own cost, isolated
        engine = engine.unprotected()
    open_s = time.perf_counter() - t
    sels, pers = selections(engine, quick), periods(engine, quick)

    t = time.perf_counter()
    PAGES["overzicht"](engine, reachable("overzicht", sels[0], pers[0]))
    cold_ms = (time.perf_counter() - t) * 1000

    pages = {}
    for name in only or PAGES:
        wall, cpu, per_query, views = [], [], defaultdict(float), []
        for selection in sels:
            for period in pers:
                if (view := reachable(name, selection, period)) is None:
                    continue
                engine.runner.timings = []
                t, c = time.perf_counter(), time.process_time()
                page_model(name, engine, view)
                wall.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
                # Per view, so that views whose content changed between versions can be told apart
                # (Thema's without a theme drew theme A before issue 28 and every theme after it).
                views.append({"selection": str(selection), "period": str(period), "ms": wall[-1], "cpu_ms": cpu[-1]})
                for query, ms, _params in engine.runner.timings:
                    per_query[query] += ms
        engine.runner.timings = None
        pages[name] = {
            **_stats(wall),
            "cpu": _stats(cpu),
            "runs": len(wall),
            "total_ms": round(sum(wall), 1),
            "queries_ms": {q: round(ms, 1) for q, ms in sorted(per_query.items(), key=lambda kv: -kv[1])},
            "views": views,
        }
    return {
        "code": str(Path(jeugdhulpmonitor.__file__).parent.parent),
        "data_dir": str(data_dir),
        "data_version": engine.runner.data_version,
        "open_s": round(open_s, 2),
        "cold_ms": round(cold_ms, 1),
        "pages": pages,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="a data directory published by `ingest`")
    parser.add_argument("--quick", action="store_true", help="the benchmark's quick selections and periods")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--pages", help="only these pages, comma-separated (in the registry's order)")
    parser.add_argument(
        "--unprotected", action="store_true", help="without the cell key method's protection (timing only; nothing shown)"
    )
    args = parser.parse_args(argv)
    only = [p for p in PAGES if p in args.pages.split(",")] if args.pages else None
    result = measure(args.data_dir, args.quick, only, args.unprotected)
    print(f"code {result['code']} · data {result['data_version']} · opened in {result['open_s']} s")
    for name, p in result["pages"].items():
        print(
            f"  {name:<17} p50 {p['p50_ms']:>8.1f} ms   p95 {p['p95_ms']:>8.1f} ms   "
            f"(cpu p50 {p['cpu']['p50_ms']:>7.1f}, p95 {p['cpu']['p95_ms']:>7.1f})  {p['runs']} views"
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
