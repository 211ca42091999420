"""The audit trail: who signed in, viewed which page for which selection, downloaded a table or
produced a document (issue 15, item 5).

Like the dialogue log (dialogue_log.py) it is the monitor's own data, in SQLite beside the
published data and never inside a version:

    DATA_DIR/audit.sqlite           for a managed data directory
    $JHM_AUDIT_DB                   for a plain extract (and to override the above), else
    .cache/audit.sqlite             in the repository (or in $JHM_CACHE_DIR when that is set)

Append-only (triggers refuse UPDATE and DELETE). A row holds who, their role, the page, the
selection as the filters name it (region, municipality, area, provider, theme, period) and
what was done: never a client id, and nothing a caller did not name from the allowlist below.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jeugdhulpmonitor.extract_cache import beside_data
from jeugdhulpmonitor.sqlite_log import SqliteLog, now
from jeugdhulpmonitor.store import Extract

DB_FILE = "audit.sqlite"
EVENTS = ("sign_in", "view", "export", "document", "refused")
# The selection's parts that may be written, by their filter names (ui/filters.py): none of
# them can hold a client id, and anything else a caller passes is refused.
SELECTION = ("regio", "gemeente", "gebied", "aanbieder", "thema", "periode")

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,   -- ISO timestamp, UTC
    who       TEXT NOT NULL,
    role      TEXT NOT NULL,
    event     TEXT NOT NULL CHECK (event IN ('sign_in', 'view', 'export', 'document', 'refused')),
    page      TEXT NOT NULL DEFAULT '',
    selection TEXT NOT NULL DEFAULT '',  -- 'regio=...;gemeente=...;periode=...'
    what      TEXT NOT NULL DEFAULT ''   -- the file downloaded or document produced
);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


@dataclass(frozen=True)
class Event:
    id: int
    at: datetime
    who: str
    role: str
    event: str
    page: str
    selection: str
    what: str


def selection_text(selection: dict[str, str | None]) -> str:
    """The selection as one text, its parts in a fixed order; refuses a part not in SELECTION."""
    unknown = set(selection) - set(SELECTION)
    if unknown:
        raise ValueError(f"not a selection part for the audit log: {', '.join(sorted(unknown))}")
    return ";".join(f"{k}={selection[k]}" for k in SELECTION if selection.get(k))


class Log(SqliteLog):
    SCHEMA = SCHEMA

    def record(
        self, who: str, role: str, event: str, page: str = "", selection: dict | None = None, what: str = ""
    ) -> None:
        if event not in EVENTS:
            raise ValueError(f"unknown audit event {event!r}")
        row = (now(), who or "onbekend", role, event, page, selection_text(selection or {}), what)
        with closing(self._connect()) as con, con:
            con.execute("INSERT INTO events (at, who, role, event, page, selection, what) VALUES (?,?,?,?,?,?,?)", row)

    def revision(self) -> int:
        """The latest event's number: a cached page showing the log is stale when it differs."""
        with closing(self._connect()) as con:
            return con.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]

    def latest(self, limit: int = 200) -> list[Event]:
        """The latest events, newest first."""
        with closing(self._connect()) as con:
            rows = con.execute(
                "SELECT id, at, who, role, event, page, selection, what FROM events ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [Event(r[0], datetime.fromisoformat(r[1]), *r[2:]) for r in rows]


def location(extract: Extract) -> Path:
    """Where the audit log of this data lives (see the module's docstring)."""
    return beside_data(extract, DB_FILE, "JHM_AUDIT_DB")


def for_extract(extract: Extract) -> Log:
    return Log(location(extract))
