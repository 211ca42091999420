"""The audit trail (audit.py): append-only, beside the data and never inside a version, only the
selection's named parts (never a client id), newest first for the data team."""

import sqlite3

import pytest

from jeugdhulpmonitor import audit
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
