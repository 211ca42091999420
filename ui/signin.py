"""Sign-in (st.login, OpenID Connect) or development mode, and the audit of what a person does.

dashboard.py calls `require()` before any page runs: it returns the person's Access
(jeugdhulpmonitor/access.py) or stops the run with a Dutch message and no figures. The Access is
kept in the session, where ui/data.py reads its scope for the engine and every cache key.

With `[auth]` in .streamlit/secrets.toml a person signs in with the municipality's identity
provider. Without it the dashboard runs in development mode with a chosen role (JHM_DEV_ROLE),
marked on every page, and only on the bundled sample unless JHM_DEV_ALLOW_ANY_DATA=1.

Every run checks the sign-in against jeugdhulpmonitor/sessions.py: a sign-in older than its
maximum age, or one signed out (from any copy of its cookie), gets the sign-in page again. The
role comes from the sign-in's own claims, so a role removed at the identity provider is gone at
the next sign-in (issue 27, item 6).
"""

from __future__ import annotations

import sqlite3
import sys
import threading

import streamlit as st

from jeugdhulpmonitor import access, audit, sessions
from jeugdhulpmonitor.access import Access
from jeugdhulpmonitor.contract import THEMES
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.store import Extract, is_bundled_sample

ACCESS = "_access"  # the signed-in person's Access, in the session
_SIGN_IN = "_sign_in"  # this session's sessions.SignIn, for signing out
_PROVIDERS = "_audit_providers"  # the data's provider codes: the values of 'aanbieder' the log may hold
_LAST_VIEW = "_audit_last_view"
SELECTION = "_audit_selection"  # the page's selection as ui/filters.py resolved it
_EXTRACT = "_audit_extract"
_ROLE = "_access_role"  # the role in words, for the sidebar


def auth_configured() -> bool:
    """Whether .streamlit/secrets.toml holds an [auth] section (sign-in is then required)."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


def current() -> Access | None:
    return st.session_state.get(ACCESS)


def require(engine) -> Access:
    """The person's Access; stops the run (Dutch message, no figures) without one. `engine` is
    the whole data's (ui/data.whole): its extract and its providers' names."""
    extract = engine.runner.extract
    st.session_state[_EXTRACT] = extract
    st.session_state[_PROVIDERS] = frozenset(engine.providers)
    try:
        found = _signed_in(extract) if auth_configured() else _development(extract)
    except (access.RolesError, sessions.SessionSettingError) as exc:  # a wrong setting: nobody gets in
        print(f"jeugdhulpmonitor: {exc}", file=sys.stderr, flush=True)
        st.title("Jeugdhulpmonitor")
        st.error("De instellingen voor toegang zijn onjuist; er worden geen cijfers getoond.", icon="🔒")
        st.stop()
    st.session_state[ACCESS] = found
    st.session_state[SELECTION] = {}  # until the page's filters say otherwise
    st.session_state[_ROLE] = describe(found, engine.providers)
    if found.development:  # an info box: warnings are kept for what went wrong
        st.info(
            f"Ontwikkelmodus zonder inloggen: u ziet de monitor als **{st.session_state[_ROLE]}**. "
            "Alleen voor de fictieve voorbeeldgegevens; niet voor gebruik met echte gegevens.",
            icon="🛠️",
        )
    return found


def _sign_in_page(notice: str | None = None) -> None:
    st.session_state.pop(ACCESS, None)
    st.session_state.pop(_SIGN_IN, None)
    st.title("Jeugdhulpmonitor")
    if notice:
        st.info(notice, icon="🔒")
    st.write("Log in met het account van uw organisatie om de monitor te gebruiken.")
    st.button("Inloggen", on_click=st.login, type="primary", key="signin")
    st.stop()


def _signed_in(extract: Extract) -> Access:
    """The signed-in person's Access: a sign-in within its maximum age, not signed out, with a
    role. Each sign-in is audited once, whichever process or browser tab sees it first."""
    if not st.user.is_logged_in:
        _sign_in_page()
    claims = st.user.to_dict()
    sign_in = sessions.sign_in(claims)
    if sign_in is None:  # an ID token has both; without them there is no sign-in to check
        print("jeugdhulpmonitor: the identity cookie has no 'sub' or 'iat' claim; refused", file=sys.stderr, flush=True)
        _sign_in_page("Uw inlogsessie kon niet worden gecontroleerd. Log opnieuw in.")
    limit = sessions.max_age()
    try:
        session = sessions.for_extract(extract).look(sign_in)
        state = session.state(sessions.now(), limit)
        if state == "expired" and sessions.for_extract(extract).end(sign_in, "expired"):
            _audit_end(extract, claims, audit.EXPIRED)
    except sqlite3.Error as exc:  # the record of sessions cannot be read: let nobody in
        print(f"jeugdhulpmonitor: the sessions record cannot be read: {exc}", file=sys.stderr, flush=True)
        st.title("Jeugdhulpmonitor")
        st.error("Uw inlogsessie kan nu niet worden gecontroleerd; er worden geen cijfers getoond.", icon="🔒")
        st.stop()
    if state == "expired":
        _sign_in_page(f"Uw sessie is verlopen: een sessie duurt ten hoogste {_duration(limit)}. Log opnieuw in.")
    if state == "signed_out":
        _sign_in_page("U bent uitgelogd. Log opnieuw in om de monitor te gebruiken.")
    st.session_state[_SIGN_IN] = sign_in
    found = access.from_claims(claims)
    if found is None:
        if session.first:
            log(extract).record(access.who(claims), "", "refused", what=audit.NO_ROLE)
        st.title("Jeugdhulpmonitor")
        st.error(
            "U bent ingelogd, maar uw account heeft geen rol in de Jeugdhulpmonitor. Vraag de beheerder van de "
            "monitor in uw organisatie om u toegang te geven.",
            icon="🔒",
        )
        st.button("Uitloggen", on_click=sign_out, key="signout")
        st.stop()
    if session.first:
        log(extract).record(found.who, found.group, "sign_in")
    return found


def _duration(limit) -> str:
    """A session's maximum age in Dutch: '8 uur', '90 minuten', '5 seconden'."""
    seconds = int(limit.total_seconds())
    if seconds % 3600 == 0:
        return f"{seconds // 3600} uur"
    if seconds % 60 == 0:
        return f"{seconds // 60} {'minuut' if seconds == 60 else 'minuten'}"
    return f"{seconds} {'seconde' if seconds == 1 else 'seconden'}"


def sign_out() -> None:
    """The "Uitloggen" button: end this sign-in for every copy of its cookie (sessions.py), record
    it, then Streamlit's sign-out (the cookie deleted, the identity provider's session ended)."""
    sign_in, extract = st.session_state.get(_SIGN_IN), st.session_state.get(_EXTRACT)
    if sign_in is not None and extract is not None:
        try:
            if sessions.for_extract(extract).end(sign_in, "signed_out"):
                _audit_end(extract, st.user.to_dict(), "")
        except sqlite3.Error as exc:  # still signed out in this browser; the operator must know
            print(f"jeugdhulpmonitor: a sign-out could not be recorded: {exc}", file=sys.stderr, flush=True)
    st.session_state.pop(ACCESS, None)
    st.session_state.pop(_SIGN_IN, None)
    st.logout()


def _audit_end(extract: Extract, claims, what: str) -> None:
    found = access.from_claims(claims)
    log(extract).record(access.who(claims), found.group if found else "", "sign_out", what=what)


def _development(extract: Extract) -> Access:
    if not access.development_allowed(is_bundled_sample(extract)):
        print(
            "jeugdhulpmonitor: sign-in is not configured ([auth] in .streamlit/secrets.toml) and the data is not "
            f"the bundled sample; development mode refused (set {access.DEV_ANY_DATA_ENV}=1 to allow it)",
            file=sys.stderr,
            flush=True,
        )
        st.title("Jeugdhulpmonitor")
        st.error(
            "Inloggen is niet ingesteld. Zonder inloggen toont de monitor alleen de fictieve voorbeeldgegevens; "
            "deze gegevens worden daarom niet getoond. De beheerder stelt het inloggen in (zie de handleiding).",
            icon="🔒",
        )
        st.stop()
    found = access.development()
    if found is None:
        st.title("Jeugdhulpmonitor")
        st.error("De gekozen rol voor de ontwikkelmodus is onbekend; er worden geen cijfers getoond.", icon="🔒")
        st.stop()
    return found


def describe(found: Access, providers: dict[str, tuple[str, str]]) -> str:
    """The role and what it covers in plain Dutch: 'gemeente (Aalsmeer)'."""
    geo, scope = GEO(), found.scope
    if scope.providers is not None:
        covers = ", ".join(providers.get(p, (p,))[0] for p in scope.providers)
    elif scope.municipalities is not None:
        regions = [r for r in geo.regions if set(geo.municipalities_of(r)) <= set(scope.municipalities)]
        covers = ", ".join(map(geo.name, regions or scope.municipalities))
    else:
        covers = "alle regio's"
    return f"{found.label} ({covers})"


def sidebar() -> None:
    """Who is signed in, with which role, and the way out (below the data status)."""
    found = current()
    with st.sidebar:
        st.caption(f"Ingelogd als {found.who} · rol: {st.session_state[_ROLE]}")
        if not found.development:
            st.button("Uitloggen", on_click=sign_out, key="signout")


# --- the audit trail ------------------------------------------------------------------------
def log(extract: Extract) -> audit.Log:
    return audit.for_extract(extract)


def viewed(extract: Extract, page: str) -> None:
    """A page view with its selection, once per change of page or selection in a session."""
    found = current()
    if found is None or not page:  # the hidden start page only passes "/" on
        return
    selection = st.session_state.get(SELECTION, {})
    seen = (page, tuple(sorted(selection.items())))
    if st.session_state.get(_LAST_VIEW) == seen:
        return
    st.session_state[_LAST_VIEW] = seen
    log(extract).record(found.who, found.group, "view", page, selection)


def refused(name: str, value: str) -> None:
    """A link asked for something outside the person's scope: recorded with the filter's name, and
    with the value only when it is a code the monitor knows (audit.refusal): the filters call a
    provider's staff's every other value of 'aanbieder' outside their scope, a client id too."""
    found, extract = current(), st.session_state.get(_EXTRACT)
    if found is not None and extract is not None:
        page = st.session_state.get("_filters_page", "")
        log(extract).refused(found.who, found.group, page, name, value, _known(name))


def _known(name: str) -> frozenset[str]:
    """The codes a link parameter may be recorded with: the geography's, the themes, the data's
    providers; none for any other parameter (a page's own choice is recorded by name only)."""
    geo = GEO()
    codes = {
        "regio": geo.regions,
        "gemeente": geo.municipalities,
        "gebied": geo.areas,
        "thema": THEMES,
        "aanbieder": st.session_state.get(_PROVIDERS, ()),
    }.get(name, ())
    return frozenset(codes)


def audited(event: str, what: str, make):
    """Wrap a download's data function so that producing it is recorded (who, page, selection,
    file). Captured now: the download runs outside the script run, without the session."""
    found, extract = current(), st.session_state.get(_EXTRACT)
    page = st.session_state.get("_filters_page", "")
    selection = dict(st.session_state.get(SELECTION, {}))

    def produce():
        data = make()
        if found is not None and extract is not None:
            log(extract).record(found.who, found.group, event, page, selection, what)
        _sweep_downloads()
        return data

    return produce


# --- how long a download answers -------------------------------------------------------------
# Streamlit keeps a download made by a click in memory and serves it at /media/<fingerprint>.<ext>
# to anyone holding that address, without a cookie. No session refers to it once made: its media
# manager marks it at its next cleanup and drops it at the one after. The cleanup runs at the end
# of every script run on the server and when a session closes, so on a quiet server a download
# would answer until someone's next click, maybe hours later. This thread runs the same cleanup
# every SWEEP_SECONDS, so a download answers at most about twice that (docs/security.md, issue 27).
SWEEP_SECONDS = 60
_sweeper: threading.Thread | None = None
_sweeper_lock = threading.Lock()


def _sweep_downloads() -> None:
    """Start the cleanup thread once per process (at the first download)."""
    global _sweeper
    with _sweeper_lock:
        if _sweeper is None or not _sweeper.is_alive():
            _sweeper = threading.Thread(target=sweep, args=(SWEEP_SECONDS,), name="jhm-download-sweeper", daemon=True)
            _sweeper.start()


def sweep(seconds: float, stop: threading.Event | None = None, cleanup=None) -> None:
    """Run `cleanup` (Streamlit's cleanup of the media no session refers to) every `seconds`,
    until `stop` is set."""
    stop = stop or threading.Event()
    cleanup = cleanup or _remove_orphaned_media
    while not stop.wait(seconds):
        try:
            cleanup()
        except Exception as exc:  # the next round tries again; the operator is told
            print(f"jeugdhulpmonitor: removing old downloads failed: {exc!r}", file=sys.stderr, flush=True)


def _remove_orphaned_media() -> None:
    from streamlit import runtime

    if runtime.exists():
        runtime.get_instance().media_file_mgr.remove_orphaned_files()
