"""Structured logs for operators: one JSON object per line on stderr (the dashboard's log).

Every page run that fails is logged with the page, the data version and the error, so that an
operator can find it (`grep '"event": "rerun_failed"'`) and tell which version it happened on.
"""

from __future__ import annotations

import json
import sys
import traceback
from datetime import UTC, datetime
from typing import TextIO


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
