"""The audit trail (audit.py): append-only, beside the data and never inside a version, only the
selection's named parts (never a client id), newest first for the data team."""

import sqlite3

import pytest

from jeugdhulpmonitor import audit
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.store import resolve


def test_events_are_kept_newest_first_with_their_selection(tmp_path):
    log = audit.Log(tmp_path / "audit.sqlite")
    who, group = "a@aalsmeer.nl", "jhm-gemeente-aalsmeer"
    log.record(who, group, "sign_in")
    log.record(
        "a@aalsmeer.nl",
        "jhm-gemeente-aalsmeer",
        "view",
        "overzicht",
        {"regio": "amsterdam-amstelland", "gemeente": "GM0358"},
    )
    log.record(
        "a@aalsmeer.nl", "jhm-gemeente-aalsmeer", "export", "overzicht", {"gemeente": "GM0358"}, "kerncijfers.csv"
    )
    latest = log.latest()
    assert [e.event for e in latest] == ["export", "view", "sign_in"]
    assert latest[1].selection == "regio=amsterdam-amstelland;gemeente=GM0358"
    assert latest[0].what == "kerncijfers.csv" and log.revision() == 3


def test_the_log_refuses_changes_and_deletions(tmp_path):
    log = audit.Log(tmp_path / "audit.sqlite")
    log.record("x", "jhm-databeheer", "view", "data")
    con = sqlite3.connect(log.path)
    for statement in ("UPDATE events SET who = 'y'", "DELETE FROM events"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute(statement)
    assert [e.who for e in log.latest()] == ["x"]


@pytest.mark.parametrize("part", ["client_id", "bsn", "jeugdige"])
def test_a_selection_part_outside_the_filters_is_refused_and_nothing_written(tmp_path, part):
    log = audit.Log(tmp_path / "audit.sqlite")
    with pytest.raises(ValueError, match=part):
        log.record("x", "g", "view", "overzicht", {"gemeente": "GM0358", part: "C000123"})
    assert log.latest() == []


def test_the_table_has_no_column_for_a_client(tmp_path):
    log = audit.Log(tmp_path / "audit.sqlite")
    columns = {r[1] for r in sqlite3.connect(log.path).execute("PRAGMA table_info(events)")}
    assert columns == {"id", "at", "who", "role", "event", "page", "selection", "what"}


def test_an_unknown_event_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown audit event"):
        audit.Log(tmp_path / "audit.sqlite").record("x", "g", "peek")


def test_a_managed_data_directory_keeps_the_log_beside_its_versions(published_generated, monkeypatch):
    monkeypatch.delenv("JHM_AUDIT_DB", raising=False)
    extract = resolve(published_generated)
    assert audit.location(extract) == published_generated / audit.DB_FILE
    assert not audit.location(extract).is_relative_to(extract.path)  # never inside a version


def test_a_plain_extract_uses_the_configured_file(generated, tmp_path, monkeypatch):
    monkeypatch.setenv("JHM_AUDIT_DB", str(tmp_path / "elders.sqlite"))
    assert audit.location(resolve(generated)) == tmp_path / "elders.sqlite"


def test_a_sign_out_is_recorded(tmp_path):
    log = audit.Log(tmp_path / "audit.sqlite")
    log.record("a@aalsmeer.nl", "jhm-gemeente-aalsmeer", "sign_in")
    log.record("a@aalsmeer.nl", "jhm-gemeente-aalsmeer", "sign_out")
    log.record("a@aalsmeer.nl", "jhm-gemeente-aalsmeer", "sign_out", what=audit.EXPIRED)
    assert [(e.event, e.what) for e in log.latest()] == [("sign_out", "verlopen"), ("sign_out", ""), ("sign_in", "")]


def test_a_refused_link_value_is_kept_only_when_it_is_a_known_code(tmp_path):
    """A provider's staff asking another provider by link: the code is kept; a client id typed in
    the same place is not, only that a value for 'aanbieder' was refused."""
    log = audit.Log(tmp_path / "audit.sqlite")
    providers = {"AA01", "AA02"}
    log.refused("c@altra.nl", "jhm-aanbieder-altra", "clientstromen", "aanbieder", "AA02", providers)
    log.refused("c@altra.nl", "jhm-aanbieder-altra", "clientstromen", "aanbieder", "P7edd003dccdd262b", providers)
    log.refused("b@aalsmeer.nl", "jhm-gemeente-aalsmeer", "overzicht", "gemeente", "GM0362", GEO().municipalities)
    log.refused("b@aalsmeer.nl", "jhm-gemeente-aalsmeer", "overzicht", "gemeente", "123456789", GEO().municipalities)
    assert [e.what for e in reversed(log.latest())] == ["aanbieder=AA02", "aanbieder", "gemeente=GM0362", "gemeente"]
    assert all(e.event == "refused" and e.selection == "" for e in log.latest())


@pytest.mark.parametrize("parameter", ["P7edd003dccdd262b", "gemeente=GM0362", "", "a" * 31])
def test_a_refused_parameter_must_be_a_plain_name(tmp_path, parameter):
    log = audit.Log(tmp_path / "audit.sqlite")
    with pytest.raises(ValueError, match="not a link parameter"):
        log.refused("x", "g", "overzicht", parameter, "GM0362", GEO().municipalities)
    assert log.latest() == []


# The events table as it was made before sign-outs were recorded (issue 15), to open such a log.
BEFORE_SIGN_OUT = """
CREATE TABLE events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    who       TEXT NOT NULL,
    role      TEXT NOT NULL,
    event     TEXT NOT NULL CHECK (event IN ('sign_in', 'view', 'export', 'document', 'refused')),
    page      TEXT NOT NULL DEFAULT '',
    selection TEXT NOT NULL DEFAULT '',
    what      TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


def test_a_log_made_before_sign_outs_takes_them_and_keeps_no_typed_refused_value(tmp_path):
    path = tmp_path / "audit.sqlite"
    con = sqlite3.connect(path)
    con.executescript(BEFORE_SIGN_OUT)
    rows = [
        ("b@aalsmeer.nl", "sign_in", "", ""),
        ("b@aalsmeer.nl", "view", "regio=amsterdam-amstelland", ""),
        ("b@aalsmeer.nl", "refused", "", "gemeente=GM0362"),
        ("c@altra.nl", "refused", "", "aanbieder=P7edd003dccdd262b"),  # a client id, as it was kept
        ("c@altra.nl", "refused", "", "aanbieder=AA02"),  # a provider's code cannot be told from it here
        ("c@altra.nl", "export", "", "kerncijfers.csv"),
    ]
    insert = "INSERT INTO events (at, who, role, event, selection, what) VALUES (?, ?, 'g', ?, ?, ?)"
    for who, event, selection, what in rows:
        con.execute(insert, ("2026-11-25T14:00:00+00:00", who, event, selection, what))
    con.commit()
    con.close()

    log = audit.Log(path)
    log.record("b@aalsmeer.nl", "g", "sign_out")
    kept = [(e.id, e.event, e.selection, e.what) for e in reversed(log.latest())]
    assert kept == [
        (1, "sign_in", "", ""),
        (2, "view", "regio=amsterdam-amstelland", ""),
        (3, "refused", "", "gemeente=GM0362"),
        (4, "refused", "", "aanbieder"),
        (5, "refused", "", "aanbieder"),
        (6, "export", "", "kerncijfers.csv"),
        (7, "sign_out", "", ""),
    ]
    con = sqlite3.connect(path)
    for statement in ("UPDATE events SET who = 'y'", "DELETE FROM events"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute(statement)
    assert audit.Log(path).revision() == 7  # opened again: nothing copied twice
