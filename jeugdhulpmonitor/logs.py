"""Structured logs for operators: one JSON object per line on stderr (the dashboard's log).

Every page run that fails is logged with the page, the data version and the error, so that an
operator can find it (`grep '"event": "rerun_failed"'`) and tell which version it happened on.
With JHM_LOG_RUNS=1 every completed run is logged too, with its duration on the server (the
load test reads them: the server's share of a step, apart from the browsers').
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from datetime import UTC, datetime
from typing import TextIO

RUNS_ENV = "JHM_LOG_RUNS"


def event(name: str, out: TextIO | None = None, **fields) -> dict:
    """Write one event as a JSON line and return it; values that are not JSON become text."""
    record = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), "event": name, **fields}
    print(json.dumps(record, ensure_ascii=False, default=str), file=out or sys.stderr, flush=True)
    return record


def rerun_failed(exc: BaseException, page: str, data_version: str | None, out: TextIO | None = None) -> dict:
    """A page's script run raised: the page, the version it ran on, the error and its traceback."""
    return event(
        "rerun_failed",
        out,
        page=page,
        data_version=data_version,
        error=f"{type(exc).__name__}: {exc}",
        traceback="".join(traceback.format_exception(exc)),
    )


def runs_logged() -> bool:
    return os.environ.get(RUNS_ENV) == "1"


def rerun_done(page: str, data_version: str | None, ms: float, out: TextIO | None = None) -> dict:
    """A page's script run completed on the server in `ms` milliseconds (from the top of
    dashboard.py to its end; a run cut short by a rerun, a page switch or st.stop is not logged)."""
    return event("rerun", out, page=page, data_version=data_version, ms=round(ms, 1))


def run_times(lines) -> list[float]:
    """The durations of the completed runs among a log's lines (other lines are skipped)."""
    times = []
    for line in lines:
        if '"event": "rerun"' in line:
            try:
                times.append(float(json.loads(line)["ms"]))
            except (ValueError, KeyError):
                pass
    return times
