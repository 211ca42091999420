"""Sign-in (st.login, OpenID Connect) or development mode, and the audit of what a person does.

dashboard.py calls `require()` before any page runs: it returns the person's Access
(jeugdhulpmonitor/access.py) or stops the run with a Dutch message and no figures. The Access is
kept in the session, where ui/data.py reads its scope for the engine and every cache key.

With `[auth]` in .streamlit/secrets.toml a person signs in with the municipality's identity
provider. Without it the dashboard runs in development mode with a chosen role (JHM_DEV_ROLE),
marked on every page, and only on the bundled sample unless JHM_DEV_ALLOW_ANY_DATA=1.
"""

from __future__ import annotations

import sys

import streamlit as st

from jeugdhulpmonitor import access, audit
from jeugdhulpmonitor.access import Access
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.store import Extract, is_bundled_sample

ACCESS = "_access"  # the signed-in person's Access, in the session
_SIGNED_IN = "_audit_signed_in"
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
    try:
        found = _signed_in() if auth_configured() else _development(extract)
    except access.RolesError as exc:  # config/roles.yaml is wrong: nobody gets in
        print(f"jeugdhulpmonitor: {exc}", file=sys.stderr, flush=True)
        st.title("Jeugdhulpmonitor")
        st.error("De instellingen voor toegang zijn onjuist; er worden geen cijfers getoond.", icon="🔒")
        st.stop()
    st.session_state[ACCESS] = found
    st.session_state[_EXTRACT] = extract
    st.session_state[SELECTION] = {}  # until the page's filters say otherwise
    if not found.development and not st.session_state.get(_SIGNED_IN):
        st.session_state[_SIGNED_IN] = True
        log(extract).record(found.who, found.group, "sign_in")
    st.session_state[_ROLE] = describe(found, engine.providers)
    if found.development:  # an info box: warnings are kept for what went wrong
        st.info(
            f"Ontwikkelmodus zonder inloggen: u ziet de monitor als **{st.session_state[_ROLE]}**. "
            "Alleen voor de fictieve voorbeeldgegevens; niet voor gebruik met echte gegevens.",
            icon="🛠️",
        )
    return found


def _signed_in() -> Access:
    if not st.user.is_logged_in:
        st.title("Jeugdhulpmonitor")
        st.write("Log in met het account van uw organisatie om de monitor te gebruiken.")
        st.button("Inloggen", on_click=st.login, type="primary", key="signin")
        st.stop()
    found = access.from_claims(st.user.to_dict())
    if found is None:
        st.title("Jeugdhulpmonitor")
        st.error(
            "U bent ingelogd, maar uw account heeft geen rol in de Jeugdhulpmonitor. Vraag de beheerder van de "
            "monitor in uw organisatie om u toegang te geven.",
            icon="🔒",
        )
        st.button("Uitloggen", on_click=st.logout, key="signout")
        st.stop()
    return found


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
            st.button("Uitloggen", on_click=st.logout, key="signout")


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
    """A link asked for something outside the person's scope: recorded with what was asked (a
    filter's name and a value the filters know, cut short)."""
    found, extract = current(), st.session_state.get(_EXTRACT)
    if found is not None and extract is not None:
        page = st.session_state.get("_filters_page", "")
        log(extract).record(found.who, found.group, "refused", page, what=f"{name}={value[:40]}")


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
        return data

    return produce
