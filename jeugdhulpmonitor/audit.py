"""The audit trail: who signed in and out, viewed which page for which selection, downloaded a
table, produced a document or asked a link for something outside their access (issue 15, item 5;
issue 27, item 9).

Like the dialogue log (dialogue_log.py) it is the monitor's own data, in SQLite beside the
published data and never inside a version:

    DATA_DIR/audit.sqlite           for a managed data directory
    $JHM_AUDIT_DB                   for a plain extract (and to override the above), else
    .cache/audit.sqlite             in the repository (or in $JHM_CACHE_DIR when that is set)

Append-only (triggers refuse UPDATE and DELETE). A row holds who, their role, the page, the
selection as the filters name it (region, municipality, area, provider, theme, period) and
what was done: never a client id, and nothing a caller did not name from the allowlist below.
A refused link value is kept only when it is a code the monitor knows (`refusal`): a link can
carry anything, a client id typed into it too.

One "sign_in" per sign-in and one "sign_out" per sign-in that ended (signed out, or found past its
maximum age: what="verlopen"); jeugdhulpmonitor/sessions.py tells which sign-in is new or ended.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jeugdhulpmonitor.contract import THEMES
from jeugdhulpmonitor.extract_cache import beside_data
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.sqlite_log import SqliteLog, now
from jeugdhulpmonitor.store import Extract

DB_FILE = "audit.sqlite"
EVENTS = ("sign_in", "sign_out", "view", "export", "document", "refused")
EXPIRED = "verlopen"  # the `what` of a sign-out the monitor made because the session was too old
NO_ROLE = "geen rol"  # the `what` of a refused sign-in: the person has no role in roles.yaml
# The selection's parts that may be written, by their filter names (ui/filters.py): none of
# them can hold a client id, and anything else a caller passes is refused.
SELECTION = ("regio", "gemeente", "gebied", "aanbieder", "thema", "periode")

TABLE = """
CREATE TABLE IF NOT EXISTS events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,   -- ISO timestamp, UTC
    who       TEXT NOT NULL,
    role      TEXT NOT NULL,
    event     TEXT NOT NULL CHECK (event IN ('sign_in', 'sign_out', 'view', 'export', 'document', 'refused')),
    page      TEXT NOT NULL DEFAULT '',
    selection TEXT NOT NULL DEFAULT '',  -- 'regio=...;gemeente=...;periode=...'
    what      TEXT NOT NULL DEFAULT ''   -- the file downloaded, document produced, parameter refused
)"""
TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
)
SCHEMA = ";\n".join((TABLE, *TRIGGERS)) + ";"


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


_PARAMETER = re.compile(r"[a-z_]{1,30}")


def refusal(parameter: str, value: str, known: Collection[str]) -> str:
    """What a link value refused as outside the person's access is recorded as: 'gemeente=GM0362'
    when the value is one of `known` (codes the monitor itself defines: a region, municipality,
    area or theme, a provider of the data), else the parameter alone ('aanbieder'): that a value
    was refused, not what was typed."""
    if not _PARAMETER.fullmatch(parameter):
        raise ValueError(f"not a link parameter for the audit log: {parameter[:40]!r}")
    return f"{parameter}={value}" if value in known else parameter


class Log(SqliteLog):
    SCHEMA = SCHEMA

    def __init__(self, path: Path | str):
        super().__init__(path)
        self._migrate()

    def _migrate(self) -> None:
        """A log made before sign-outs were recorded refuses them (its CHECK names the events of
        then) and may hold refused link values as typed, a client id among them. SQLite cannot
        change a CHECK, so the table is copied once into the current one: every row kept, a
        refused value only when it is a code of the geography or a theme (a provider's code
        cannot be told from a client id here, so only the parameter is kept of it)."""
        with closing(self._connect()) as con:
            if self._current(con):
                return
            con.isolation_level = None  # one explicit transaction; BEGIN IMMEDIATE takes the write lock first
            con.execute("BEGIN IMMEDIATE")
            try:
                if not self._current(con):  # another process may have copied it meanwhile
                    self._copy(con)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    @staticmethod
    def _current(con) -> bool:
        table = con.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone()
        return "'sign_out'" in table[0]

    @staticmethod
    def _copy(con) -> None:
        geo = GEO()
        known = {*geo.regions, *geo.municipalities, *geo.areas, *THEMES}
        con.execute("DROP TRIGGER IF EXISTS events_no_update")
        con.execute("DROP TRIGGER IF EXISTS events_no_delete")
        con.execute("ALTER TABLE events RENAME TO events_before_sign_out")
        con.execute(TABLE)
        rows = con.execute(
            "SELECT id, at, who, role, event, page, selection, what FROM events_before_sign_out ORDER BY id"
        ).fetchall()
        for row in rows:
            what = row[7]
            if row[4] == "refused":
                parameter, _, value = what.partition("=")
                what = refusal(parameter, value, known) if _PARAMETER.fullmatch(parameter) else ""
            con.execute("INSERT INTO events VALUES (?,?,?,?,?,?,?,?)", (*row[:7], what))
        con.execute("DROP TABLE events_before_sign_out")
        for trigger in TRIGGERS:
            con.execute(trigger)

    def record(
        self, who: str, role: str, event: str, page: str = "", selection: dict | None = None, what: str = ""
    ) -> None:
        if event not in EVENTS:
            raise ValueError(f"unknown audit event {event!r}")
        row = (now(), who or "onbekend", role, event, page, selection_text(selection or {}), what)
        with closing(self._connect()) as con, con:
            con.execute("INSERT INTO events (at, who, role, event, page, selection, what) VALUES (?,?,?,?,?,?,?)", row)

    def refused(self, who: str, role: str, page: str, parameter: str, value: str, known: Collection[str]) -> None:
        """A link asked for something outside the person's access: the parameter, and the value only
        when it is one of `known` (`refusal`)."""
        self.record(who, role, "refused", page, what=refusal(parameter, value, known))

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
