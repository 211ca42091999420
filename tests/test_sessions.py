"""Sessions of signed-in people (sessions.py, issue 27 item 6): a sign-in is known by its ID
token's claims, lasts at most the configured maximum age (counted on the clock passed in, never
the test's own), ends for every process when signed out, and is new exactly once. And how long a
download answers (ui/signin.py's sweep over Streamlit's media manager, item 7)."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from jeugdhulpmonitor import sessions
from jeugdhulpmonitor.store import resolve
from ui import signin

T0 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
CLAIMS = {"iss": "https://login.example.nl", "sub": "u1", "iat": int(T0.timestamp()), "nonce": "n1", "email": "a@b.nl"}
EIGHT_HOURS = timedelta(hours=8)


def test_a_sign_in_is_known_by_its_claims_and_a_new_sign_in_differs():
    one = sessions.sign_in(CLAIMS)
    assert one == sessions.sign_in(dict(CLAIMS)) and one.issued == T0
    assert sessions.sign_in({**CLAIMS, "nonce": "n2"}).key != one.key  # the same person signing in again
    assert sessions.sign_in({**CLAIMS, "sid": "s"}).key != one.key
    assert "u1" not in one.key and "a@b.nl" not in one.key  # a hash, not the claims


@pytest.mark.parametrize(
    "claims", [{"sub": "u1"}, {"iat": 1}, {**CLAIMS, "iat": "1764838800"}, {**CLAIMS, "iat": True}]
)
def test_claims_without_a_subject_or_a_numeric_issue_time_are_no_sign_in(claims):
    assert sessions.sign_in(claims) is None


def test_the_maximum_age_is_eight_hours_unless_configured(monkeypatch):
    monkeypatch.delenv(sessions.MAX_AGE_ENV, raising=False)
    assert sessions.max_age() == EIGHT_HOURS
    monkeypatch.setenv(sessions.MAX_AGE_ENV, "5")
    assert sessions.max_age() == timedelta(seconds=5)


@pytest.mark.parametrize("value", ["0", "-5", "8h", "1.5", "acht"])
def test_a_wrong_maximum_age_is_refused_rather_than_guessed(monkeypatch, value):
    monkeypatch.setenv(sessions.MAX_AGE_ENV, value)
    with pytest.raises(sessions.SessionSettingError, match=sessions.MAX_AGE_ENV):
        sessions.max_age()


def test_a_session_is_active_until_its_maximum_age_after_the_sign_in(tmp_path):
    log, sign_in = sessions.Log(tmp_path / "s.sqlite"), sessions.sign_in(CLAIMS)
    session = log.look(sign_in, at=T0 + timedelta(seconds=3))
    assert session.started == T0
    assert session.state(T0 + EIGHT_HOURS - timedelta(seconds=1), EIGHT_HOURS) == "active"
    assert session.state(T0 + EIGHT_HOURS, EIGHT_HOURS) == "expired"
    assert session.state(T0 + timedelta(seconds=5), timedelta(seconds=5)) == "expired"


def test_an_issue_time_ahead_of_the_clock_does_not_lengthen_the_session(tmp_path):
    """A provider whose clock runs an hour ahead: the session counts from when it was first seen."""
    ahead = sessions.sign_in({**CLAIMS, "iat": int((T0 + timedelta(hours=1)).timestamp())})
    session = sessions.Log(tmp_path / "s.sqlite").look(ahead, at=T0)
    assert session.started == T0
    assert session.state(T0 + EIGHT_HOURS, EIGHT_HOURS) == "expired"


def test_a_sign_in_is_new_once_for_every_process(tmp_path):
    path, sign_in = tmp_path / "s.sqlite", sessions.sign_in(CLAIMS)
    assert sessions.Log(path).look(sign_in, at=T0).first
    assert not sessions.Log(path).look(sign_in, at=T0 + timedelta(minutes=1)).first  # another tab, another process
    assert sessions.Log(path).look(sessions.sign_in({**CLAIMS, "nonce": "n2"}), at=T0).first  # signed in again


def test_signing_out_ends_the_sign_in_for_every_process_once(tmp_path):
    path, sign_in = tmp_path / "s.sqlite", sessions.sign_in(CLAIMS)
    sessions.Log(path).look(sign_in, at=T0)
    assert sessions.Log(path).end(sign_in, "signed_out", at=T0 + timedelta(minutes=5))
    assert not sessions.Log(path).end(sign_in, "signed_out", at=T0 + timedelta(minutes=6))  # one sign-out recorded
    replayed = sessions.Log(path).look(sign_in, at=T0 + timedelta(minutes=7))  # a copy of the cookie
    assert replayed.state(T0 + timedelta(minutes=7), EIGHT_HOURS) == "signed_out" and not replayed.first
    again = sessions.Log(path).look(sessions.sign_in({**CLAIMS, "nonce": "n2"}), at=T0 + timedelta(minutes=8))
    assert again.first and again.state(T0 + timedelta(minutes=8), EIGHT_HOURS) == "active"  # signed in anew


def test_a_sign_in_never_seen_can_still_be_ended(tmp_path):
    """Signing out where the record was lost (a new sessions file): the end is recorded anyway."""
    log, sign_in = sessions.Log(tmp_path / "s.sqlite"), sessions.sign_in(CLAIMS)
    assert log.end(sign_in, "expired", at=T0 + EIGHT_HOURS)
    assert log.look(sign_in).state(T0, EIGHT_HOURS) == "expired"


def test_old_records_are_dropped_and_their_cookie_is_refused_by_its_age(tmp_path):
    log, old = sessions.Log(tmp_path / "s.sqlite"), sessions.sign_in(CLAIMS)
    log.look(old, at=T0)
    log.end(old, "signed_out", at=T0 + timedelta(hours=1))
    later = T0 + sessions.KEEP + timedelta(days=1)
    log.look(sessions.sign_in({**CLAIMS, "nonce": "n2", "iat": int(later.timestamp())}), at=later)  # drops the old
    again = log.look(old, at=later)
    assert again.first  # its record was gone
    assert again.state(later, EIGHT_HOURS) == "expired"  # and its age refuses it all the same


def test_the_sessions_live_beside_the_data_or_where_configured(published_generated, tmp_path, monkeypatch):
    monkeypatch.delenv(sessions.DB_ENV, raising=False)
    extract = resolve(published_generated)
    assert sessions.location(extract) == published_generated / sessions.DB_FILE
    monkeypatch.setenv(sessions.DB_ENV, str(tmp_path / "elders.sqlite"))
    assert sessions.location(extract) == tmp_path / "elders.sqlite"


def test_a_made_download_is_dropped_at_the_second_cleanup_after_it():
    """What docs/security.md ("Downloads") relies on in Streamlit 1.67: a download made by a click
    is referred to by no session, survives one cleanup of the media manager and not a second."""
    manager = MediaFileManager(MemoryMediaFileStorage("/media"))
    placeholder = manager.add_deferred(lambda: b"Gemeente;Aantal\nAalsmeer;410\n", "text/csv", "1.2.3", "tabel.csv")
    address = manager.execute_deferred(placeholder)
    name = address.removeprefix("/media/")
    assert manager.read_file(name).content.startswith(b"Gemeente")
    manager.remove_orphaned_files()
    assert manager.read_file(name) is not None  # marked
    manager.remove_orphaned_files()
    assert manager.read_file(name) is None  # dropped


def test_the_sweep_runs_the_cleanup_until_stopped():
    stop, ran = threading.Event(), threading.Semaphore(0)
    sweeper = threading.Thread(target=signin.sweep, args=(0.01, stop, ran.release))
    sweeper.start()
    assert ran.acquire(timeout=60) and ran.acquire(timeout=60)  # twice: a download is then gone
    stop.set()
    sweeper.join(timeout=60)
    assert not sweeper.is_alive()
