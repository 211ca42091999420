"""Sessions of signed-in people: how long a sign-in lasts, and which sign-ins have ended (issue 27,
item 6). No Streamlit here: ui/signin.py asks these questions on every run of a page.

Streamlit's st.login keeps the person's ID-token claims in a signed cookie that lives 30 days, and
its sign-out only asks the browser to delete that cookie: a copy taken before signing out would
sign the person in again, and a person whose groups were removed at the identity provider would
keep their role for a month. So the monitor keeps its own account of each sign-in:

- A sign-in is known by a key derived from its ID token's claims: the issuer, the subject, the
  issue time (`iat`), the nonce Authlib sent with that sign-in (new at every sign-in) and the
  provider's session id (`sid`) when it gives one. Only a hash of these is stored, never a token.
- A session lasts at most `max_age()` from the sign-in (JHM_SESSION_MAX_AGE in seconds, 8 hours
  by default), counted from the ID token's `iat` or from when a dashboard first saw the sign-in,
  whichever is earlier (a provider clock set ahead cannot lengthen it).
- Signing out ends the sign-in here, in SQLite beside the published data (like the audit log), so
  every dashboard process refuses the cookie afterwards, a copy of it too.

    DATA_DIR/sessions.sqlite        for a managed data directory
    $JHM_SESSIONS_DB                for a plain extract (and to override the above), else
    .cache/sessions.sqlite          in the repository (or in $JHM_CACHE_DIR when that is set)

The role is never kept here: it is read from the claims of the sign-in itself, so it is as fresh
as the sign-in (access.from_claims).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from jeugdhulpmonitor.extract_cache import beside_data
from jeugdhulpmonitor.sqlite_log import SqliteLog
from jeugdhulpmonitor.store import Extract

DB_FILE = "sessions.sqlite"
DB_ENV = "JHM_SESSIONS_DB"
MAX_AGE_ENV = "JHM_SESSION_MAX_AGE"
DEFAULT_MAX_AGE = timedelta(hours=8)
# A record is kept at least this long: Streamlit's cookie lives 30 days, and a record dropped
# sooner would matter only if the maximum age were raised above its age later.
KEEP = timedelta(days=31)
State = Literal["active", "signed_out", "expired"]
Reason = Literal["signed_out", "expired"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    key    TEXT PRIMARY KEY,  -- sha256 of the sign-in's issuer, subject, issue time, nonce and sid
    issued TEXT NOT NULL,     -- the ID token's iat, ISO UTC
    seen   TEXT NOT NULL,     -- when a dashboard first saw this sign-in, ISO UTC
    ended  TEXT,              -- when it ended (signed out, or found expired), ISO UTC
    reason TEXT CHECK (reason IN ('signed_out', 'expired'))
);
"""


class SessionSettingError(ValueError):
    """JHM_SESSION_MAX_AGE is not a whole number of seconds above zero."""


def max_age() -> timedelta:
    """How long a sign-in lasts: JHM_SESSION_MAX_AGE seconds, else 8 hours. A wrong value lets
    nobody in (ui/signin.py says so) rather than falling back to some length."""
    raw = os.environ.get(MAX_AGE_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_AGE
    if not raw.isdigit() or int(raw) == 0:
        raise SessionSettingError(f"{MAX_AGE_ENV}={raw!r}: give the maximum age in whole seconds above zero")
    return timedelta(seconds=int(raw))


@dataclass(frozen=True)
class SignIn:
    """One sign-in, as its ID token's claims tell it."""

    key: str
    issued: datetime


def sign_in(claims: Mapping) -> SignIn | None:
    """The sign-in of these claims (st.user), or None when they lack the subject or a numeric
    issue time, which every OpenID Connect ID token has: such claims are not signed in."""
    iat, sub = claims.get("iat"), claims.get("sub")
    if isinstance(iat, bool) or not isinstance(iat, int | float) or not sub:
        return None
    parts = [claims.get("iss"), sub, iat, claims.get("nonce"), claims.get("sid")]
    key = hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()
    return SignIn(key, datetime.fromtimestamp(iat, UTC))


@dataclass(frozen=True)
class Session:
    """What the record says of a sign-in: when it started, whether it ended, and whether this was
    the first time any dashboard saw it (the one moment its sign-in is audited)."""

    key: str
    started: datetime
    ended: datetime | None
    reason: Reason | None
    first: bool

    def state(self, at: datetime, limit: timedelta) -> State:
        """'active' until `limit` after the start; 'signed_out' or 'expired' once ended."""
        if self.reason == "signed_out":
            return "signed_out"
        if self.reason == "expired" or at >= self.started + limit:
            return "expired"
        return "active"


def now() -> datetime:
    """The sessions' clock: UTC."""
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class Log(SqliteLog):
    SCHEMA = SCHEMA

    def look(self, sign_in: SignIn, at: datetime | None = None) -> Session:
        """This sign-in's session; recorded when no dashboard has seen it before (then `first`)."""
        at = at or now()
        with closing(self._connect()) as con:
            row = self._row(con, sign_in.key)
            first = row is None
            if first:
                with con:
                    inserted = con.execute(
                        "INSERT OR IGNORE INTO sessions (key, issued, seen) VALUES (?, ?, ?)",
                        (sign_in.key, _iso(sign_in.issued), _iso(at)),
                    ).rowcount
                    # Old records, also of sessions never signed out: every one of them is
                    # older than the maximum age, so the age alone refuses its cookie.
                    con.execute("DELETE FROM sessions WHERE seen < ?", (_iso(at - KEEP),))
                first = inserted == 1  # another process may have seen it in between
                row = self._row(con, sign_in.key)
        issued, seen, ended, reason = row
        started = min(datetime.fromisoformat(issued), datetime.fromisoformat(seen))
        return Session(sign_in.key, started, ended and datetime.fromisoformat(ended), reason, first)

    def end(self, sign_in: SignIn, reason: Reason, at: datetime | None = None) -> bool:
        """End this sign-in (signed out, or found expired). True only for the call that ended it,
        so that the audit log gets one sign-out per sign-in however many processes notice it."""
        at = at or now()
        with closing(self._connect()) as con, con:
            con.execute(
                "INSERT OR IGNORE INTO sessions (key, issued, seen) VALUES (?, ?, ?)",
                (sign_in.key, _iso(sign_in.issued), _iso(at)),
            )
            return (
                con.execute(
                    "UPDATE sessions SET ended = ?, reason = ? WHERE key = ? AND ended IS NULL",
                    (_iso(at), reason, sign_in.key),
                ).rowcount
                == 1
            )

    @staticmethod
    def _row(con, key: str):
        return con.execute("SELECT issued, seen, ended, reason FROM sessions WHERE key = ?", (key,)).fetchone()


def location(extract: Extract) -> Path:
    """Where the sessions of this data's dashboards are kept (see the module's docstring)."""
    return beside_data(extract, DB_FILE, DB_ENV)


_opened: dict[Path, Log] = {}


def for_extract(extract: Extract) -> Log:
    """The sessions of this data, asked on every run of a page: the file is opened (its schema
    made, WAL set) once per process and again only if it went missing, which saves about 3 ms a run."""
    path = location(extract)
    log = _opened.get(path)
    if log is None or not path.exists():
        log = _opened[path] = Log(path)
    return log
