"""python -m tests.load [--sessions 5,10,20] [--rounds 3] [--think 5] [--scale 25 | --data-dir DIR] [--json PATH]

For each number of sessions: a fresh dashboard on loopback (127.0.0.1, a free port), one
unmeasured warm-up walk, then the sessions at once; figures as JSON (bench/results/load-*.json
unless --json) and a Markdown table beside it (.md) and on stdout. The run is bounded: each level
stops starting new pages after --time-limit seconds, each step after two minutes.

--scale S generates the extract (`python -m jeugdhulpmonitor generate --scale S`) and ingests it
into .cache/load/scale-S/ once; later runs reuse it. --data-dir serves a directory as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

from jeugdhulpmonitor import REPO_ROOT, logs
from jeugdhulpmonitor.bench import machine
from jeugdhulpmonitor.devserver import dashboard
from tests.load.sessions import SERVER_CORES, log_path, measure, pinned, summary, table, warm_up

TARGET = {"sessions": 20, "settle_p95_ms": 2000.0, "errors": 0}  # issue 16


def prepared(scale: float, say=print) -> Path:
    """A published data directory at this scale, generated and ingested once."""
    from jeugdhulpmonitor.generator import generate
    from jeugdhulpmonitor.ingest import ingest

    work = REPO_ROOT / ".cache" / "load" / f"scale-{scale:g}"
    data_dir = work / "published"
    if (data_dir / "current").exists():
        return data_dir
    say(f"generating the extract at scale {scale:g} and ingesting it into {work} (once) …")
    extract = generate(work / "extract", seed=42, scale=scale)
    report = ingest(extract, data_dir)
    if not report.published:
        sys.exit(f"the generated extract was not published: {report.error or report.file_problems}")
    return data_dir


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.load", description=__doc__.splitlines()[0])
    p.add_argument("--sessions", default="5,10,20", help="numbers of concurrent sessions, comma-separated")
    p.add_argument("--rounds", type=int, default=3, help="walks over every page per session")
    p.add_argument("--changes", type=int, default=3, help="filter changes per page and walk")
    p.add_argument(
        "--think", type=float, default=5.0, help="seconds a person reads a page before the next step (0: stress)"
    )
    p.add_argument("--scale", type=float, default=25.0, help="generated data at this scale (default 25)")
    p.add_argument("--data-dir", type=Path, help="serve this directory instead of generated data")
    p.add_argument("--time-limit", type=float, default=1200.0, help="seconds per number of sessions")
    p.add_argument("--json", type=Path, help="where to write the figures (default bench/results/load-*.json)")
    args = p.parse_args(argv)
    levels = [int(n) for n in args.sessions.split(",")]

    data_dir = args.data_dir or prepared(args.scale)
    if not (data_dir / "current").exists():
        print(f"note: {data_dir} is a plain extract; the dashboard prepares it on first start (in the measure)")
    # Once sign-in is required, development mode serves data other than the sample without it:
    # the load test runs on loopback only.
    os.environ.setdefault("JHM_DEV_ALLOW_ANY_DATA", "1")
    started = datetime.now()
    path = args.json or REPO_ROOT / "bench" / "results" / f"load-{started:%Y%m%dT%H%M%S}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "started": started.isoformat(timespec="seconds"),
        "data_dir": str(data_dir),
        "scale": None if args.data_dir else args.scale,
        "machine": machine(),
        "target": TARGET,
        "levels": [],
    }
    for n in levels:
        print(f"{n} sessions × {args.rounds} rounds on {data_dir} …", flush=True)
        log = log_path(path.parent, n)
        # The dashboard logs every completed run with its time on the server (logs.rerun_done).
        with ExitStack() as running:
            with pinned(SERVER_CORES):  # the server on its cores; the harness itself stays free
                proc, url = running.enter_context(dashboard(data_dir, log, timeout=600, env={logs.RUNS_ENV: "1"}))
            warm_up(url)
            measured_from = log.stat().st_size  # the warm-up's runs are not measured
            level = measure(url, proc.pid, n, args.rounds, args.changes, args.time_limit, args.think)
        with log.open(errors="replace") as f:
            f.seek(measured_from)
            level["server_run_ms"] = summary(logs.run_times(f))
        result["levels"].append(level)
        s, run = level["settle_ms"], level["server_run_ms"]
        print(
            f"  settle p50 {s.get('p50_ms')} ms, p95 {s.get('p95_ms')} ms, max {s.get('max_ms')} ms "
            f"(a run on the server p50 {run.get('p50_ms')} ms, p95 {run.get('p95_ms')} ms); "
            f"errors {level['errors']['total']}; server peak {level['server']['rss_peak_mb']:.0f} MB, "
            f"{level['server']['cpu_s_per_run']} CPU s per run",
            flush=True,
        )
        path.write_text(json.dumps(result, indent=1))  # after every level: a cut run keeps what it has
    at_target = [r for r in result["levels"] if r["sessions"] == TARGET["sessions"]]
    result["target_met"] = (
        bool(at_target)
        and at_target[0]["errors"]["total"] == TARGET["errors"]
        and at_target[0]["settle_ms"].get("p95_ms", float("inf")) <= TARGET["settle_p95_ms"]
    )
    path.write_text(json.dumps(result, indent=1))
    markdown = table(result["levels"])
    path.with_suffix(".md").write_text(markdown + "\n")
    print(markdown)
    print(f"written to {path} and {path.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
