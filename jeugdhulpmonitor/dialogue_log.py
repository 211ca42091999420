"""What was agreed at each performance dialogue: actions with an owner and a due date, recorded by
a contract manager and later marked done.

The log is the monitor's own data, not a delivery: it lives in an SQLite database beside the
published data, never inside a version (versions stay immutable, and a new ingest or a rollback
only switches `current`, so the log is never lost with them):

    DATA_DIR/dialogues.sqlite       for a managed data directory
    $JHM_DIALOGUE_DB                for a plain extract (and to override the above), else
    .cache/dialogues.sqlite         in the repository (or in $JHM_CACHE_DIR when that is set)

Every change is an inserted event (who, when); nothing is updated or deleted (triggers refuse
it), so an action's whole history is kept and its current state is its latest event. WAL mode
lets several dashboard processes read while one writes. What is recorded may be confidential:
pages and documents read it through `Log.within(scope)`, which keeps only what the person's
scope may read (region staff their regions' dialogues, a provider's staff their own PD1's;
access.reads_dialogue). "Who" is the signed-in person; in development mode the name typed in
the form, or "onbekend".
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from jeugdhulpmonitor import access
from jeugdhulpmonitor.extract_cache import beside_data
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.selection import Scope
from jeugdhulpmonitor.sqlite_log import SqliteLog, now
from jeugdhulpmonitor.store import Extract, is_bundled_sample

DB_FILE = "dialogues.sqlite"
UNKNOWN = "onbekend"
KINDS = ("pd1", "pd2")
STATUSES = ("open", "done")

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CHECK (kind IN ('pd1', 'pd2')),
    region     TEXT NOT NULL,
    subject    TEXT NOT NULL,   -- pd1: provider id; pd2: 'thema=B;gebied=noord' (either may be '*')
    period     TEXT NOT NULL,   -- the report discussed, e.g. 2028-M4
    action     INTEGER NOT NULL,  -- one action's events share this number
    text       TEXT NOT NULL,
    owner      TEXT NOT NULL,
    due        TEXT NOT NULL,   -- ISO date
    status     TEXT NOT NULL CHECK (status IN ('open', 'done')),
    who        TEXT NOT NULL,
    at         TEXT NOT NULL,   -- ISO timestamp, UTC
    fictitious INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS events_dialogue ON events (region, kind, subject);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the dialogue log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the dialogue log is append-only'); END;
CREATE VIEW IF NOT EXISTS actions AS
    SELECT e.*, (SELECT min(at) FROM events f WHERE f.action = e.action) AS recorded_at
    FROM events e
    WHERE e.id = (SELECT max(id) FROM events f WHERE f.action = e.action);
"""
COLUMNS = "action, kind, region, subject, period, text, owner, due, status, who, at, recorded_at, fictitious"


@dataclass(frozen=True)
class Dialogue:
    """One dialogue: its kind, the region, what it is about and the report it discusses."""

    kind: str
    region: str
    subject: str
    period: str

    @classmethod
    def of(cls, kind: str, region: str, period: Period | str, provider=None, theme=None, area=None) -> Dialogue | None:
        """The dialogue of a page's choices; None for PD1 without a provider (nothing to agree on)."""
        if kind == "pd1":
            return cls(kind, region, provider, str(period)) if provider else None
        return cls(kind, region, f"thema={theme or '*'};gebied={area or '*'}", str(period))

    @property
    def report(self) -> Period:
        return Period.parse(self.period)


@dataclass(frozen=True)
class Action:
    """An action's current state (its latest event)."""

    action: int
    kind: str
    region: str
    subject: str
    period: str
    text: str
    owner: str
    due: date
    status: str
    who: str  # who made the latest change
    at: datetime  # when
    recorded_at: datetime
    fictitious: bool
    # Its number within its dialogue (1 for the dialogue's first), as the meeting knows it; the
    # log's `action` numbers every dialogue's actions together (issue 28, item 12).
    number: int = 0

    @classmethod
    def row(cls, r: tuple) -> Action:
        values = list(r)
        values[7] = date.fromisoformat(values[7])
        values[10], values[11] = datetime.fromisoformat(values[10]), datetime.fromisoformat(values[11])
        values[12] = bool(values[12])
        return cls(*values)

    @property
    def dialogue(self) -> Dialogue:
        return Dialogue(self.kind, self.region, self.subject, self.period)


def _order(period: str) -> tuple:
    p = Period.parse(period)
    return (p.end, p.start)


class Log(SqliteLog):
    SCHEMA = SCHEMA

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with closing(self._connect()) as con:
            return con.execute(sql, params).fetchall()

    def _rows(self, sql: str, params: tuple = ()) -> list[Action]:
        """Actions from rows of COLUMNS, each with its number within its dialogue."""
        found = [Action.row(r) for r in self._query(sql, params)]
        if not found:
            return found
        firsts = self._query("SELECT action, kind, region, subject, period FROM events GROUP BY action ORDER BY action")
        numbers, seen = {}, {}
        for action, *dialogue in firsts:
            seen[tuple(dialogue)] = seen.get(tuple(dialogue), 0) + 1
            numbers[action] = seen[tuple(dialogue)]
        return [replace(a, number=numbers[a.action]) for a in found]

    def _append(self, con: sqlite3.Connection, values: dict) -> None:
        names = ", ".join(values)
        con.execute(f"INSERT INTO events ({names}) VALUES ({', '.join('?' * len(values))})", tuple(values.values()))

    # --- changes: each one an inserted event ------------------------------------------------
    def record(
        self, dialogue: Dialogue, text: str, owner: str, due: date, who: str = "", fictitious: bool = False
    ) -> int:
        """A new open action at a dialogue; returns its number."""
        if dialogue.kind not in KINDS:
            raise ValueError(f"unknown dialogue kind {dialogue.kind!r}")
        text, owner = text.strip(), owner.strip()
        if not text or not owner:
            raise ValueError("an action needs a text and an owner")
        Period.parse(dialogue.period)  # refuses a malformed report
        with closing(self._connect()) as con, con:
            con.execute("BEGIN IMMEDIATE")  # one writer picks the next number
            number = con.execute("SELECT coalesce(max(action), 0) + 1 FROM events").fetchone()[0]
            self._append(
                con,
                {
                    "kind": dialogue.kind,
                    "region": dialogue.region,
                    "subject": dialogue.subject,
                    "period": dialogue.period,
                    "action": number,
                    "text": text,
                    "owner": owner,
                    "due": due.isoformat(),
                    "status": "open",
                    "who": who.strip() or UNKNOWN,
                    "at": now(),
                    "fictitious": int(fictitious),
                },
            )
        return number

    def mark(self, action: int, status: str = "done", who: str = "") -> None:
        """A new state of an action (done, or open again), kept beside its earlier ones."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        with closing(self._connect()) as con, con:
            con.execute("BEGIN IMMEDIATE")
            last = con.execute(
                "SELECT kind, region, subject, period, text, owner, due, fictitious FROM actions WHERE action = ?",
                (action,),
            ).fetchone()
            if last is None:
                raise ValueError(f"no action {action}")
            keys = ("kind", "region", "subject", "period", "text", "owner", "due", "fictitious")
            self._append(
                con,
                dict(zip(keys, last, strict=True))
                | {"action": action, "status": status, "who": who.strip() or UNKNOWN, "at": now()},
            )

    # --- reading ------------------------------------------------------------------------
    def revision(self) -> int:
        """The number of the latest change: a cached page is stale when it differs."""
        return self._query("SELECT coalesce(max(id), 0) FROM events")[0][0]

    def history(self, action: int) -> list[Action]:
        rows = self._query(
            "SELECT action, kind, region, subject, period, text, owner, due, status, who, at, "
            "(SELECT min(at) FROM events f WHERE f.action = e.action), fictitious "
            "FROM events e WHERE action = ? ORDER BY id",
            (action,),
        )
        return [Action.row(r) for r in rows]

    def actions(self, dialogue: Dialogue) -> list[Action]:
        """The actions recorded at this dialogue, in their current state."""
        return self._rows(
            f"SELECT {COLUMNS} FROM actions WHERE kind = ? AND region = ? AND subject = ? AND period = ? "
            "ORDER BY action",
            (dialogue.kind, dialogue.region, dialogue.subject, dialogue.period),
        )

    def open_before(self, dialogue: Dialogue) -> list[Action]:
        """The actions of earlier dialogues about the same subject that are still open."""
        found = self._rows(
            f"SELECT {COLUMNS} FROM actions WHERE kind = ? AND region = ? AND subject = ? AND status = 'open' "
            "ORDER BY action",
            (dialogue.kind, dialogue.region, dialogue.subject),
        )
        this = _order(dialogue.period)
        return sorted((a for a in found if _order(a.period) < this), key=lambda a: (_order(a.period), a.action))

    def in_region(self, region: str, start: date, end: date) -> list[Action]:
        """The actions of the region's dialogues about reports that end within [start, end]."""
        found = self._rows(f"SELECT {COLUMNS} FROM actions WHERE region = ? ORDER BY action", (region,))
        inside = [a for a in found if start <= Period.parse(a.period).end <= end]
        return sorted(inside, key=lambda a: (_order(a.period), a.kind, a.subject, a.action))

    def within(self, scope: Scope) -> Readable:
        """The log as a person of this scope reads it (access.reads_dialogue): pages, documents
        and downloads read the log only so (issue 27)."""
        return Readable(self, scope)


class Readable:
    """The reading side of a log within a scope: every action the scope may not read is left
    out, whatever the dialogue asked for. Writing is not offered here: only region staff record
    (access.ACTIONS), through the page's forms on the log itself."""

    def __init__(self, log: Log, scope: Scope):
        self.log, self.scope = log, scope

    def reads(self, dialogue: Dialogue) -> bool:
        return access.reads_dialogue(self.scope, dialogue)

    def reads_region(self, region: str) -> bool:
        """Whether every dialogue of the region is read (region staff): its own, PD2, ones too."""
        return self.reads(Dialogue.of("pd2", region, "2024-M4"))  # who reads PD2 is not tied to a report

    def _kept(self, found: list[Action]) -> list[Action]:
        return [a for a in found if self.reads(a.dialogue)]

    def revision(self) -> int:
        return self.log.revision()

    def history(self, action: int) -> list[Action]:
        return self._kept(self.log.history(action))

    def actions(self, dialogue: Dialogue) -> list[Action]:
        return self._kept(self.log.actions(dialogue)) if self.reads(dialogue) else []

    def open_before(self, dialogue: Dialogue) -> list[Action]:
        return self._kept(self.log.open_before(dialogue)) if self.reads(dialogue) else []

    def in_region(self, region: str, start: date, end: date) -> list[Action]:
        return self._kept(self.log.in_region(region, start, end))


def location(extract: Extract) -> Path:
    """Where the log of this data lives (see the module's docstring)."""
    return beside_data(extract, DB_FILE, "JHM_DIALOGUE_DB")


def for_extract(extract: Extract) -> Log:
    """The log beside this data; the bundled sample's gets its fictitious examples once."""
    log = Log(location(extract))
    if is_bundled_sample(extract) and not log._query("SELECT 1 FROM events WHERE fictitious = 1 LIMIT 1"):
        seed(log)
    return log


def seed(log: Log) -> None:
    """A few fictitious dialogues for the bundled sample, so that a newcomer sees every part."""
    who = "voorbeeld (fictief)"
    altra_m12 = Dialogue("pd1", "amsterdam-amstelland", "AA01", "2028-M12")
    altra_m4 = Dialogue("pd1", "amsterdam-amstelland", "AA01", "2029-M4")
    theme_b = Dialogue.of("pd2", "amsterdam-amstelland", "2029-M4", theme="B")
    done = log.record(
        altra_m12, "Wachttijden per zorgvorm toelichten in de volgende dialoog", "Altra", date(2029, 5, 31), who, True
    )
    log.mark(done, "done", who)
    log.record(altra_m4, "Plan om de uitstroom naar lichtere zorg te versnellen", "Altra", date(2029, 9, 30), who, True)
    later = log.record(
        altra_m4, "Uitputting lumpsum per gemeente bespreken", "contractmanager", date(2029, 7, 31), who, True
    )
    log.mark(later, "done", who)
    log.record(
        theme_b, "Aanbieders van thema B uitnodigen voor een gezamenlijke analyse van de instroom",
        "contractmanager", date(2029, 10, 31), who, True,
    )  # fmt: skip
