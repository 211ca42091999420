"""An append-only log in an embedded SQLite file beside the data (dialogue_log.py, audit.py):
opened with its schema, written ahead (WAL) so readers never wait for a writer."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path


class SqliteLog:
    SCHEMA = ""  # the subclass's tables, created when missing

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as con, con:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(self.SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)


def now() -> str:
    """When an entry is written: UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")
