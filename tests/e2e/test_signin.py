"""Sign-in through a real OpenID Connect provider (issue 15), in Chromium.

The test starts oidc-provider-mock (a Flask OpenID Connect provider) on a free port with one
person per role, and the dashboard with a secrets.toml whose [auth] points at it (st.login,
Authlib). Each person signs in through the provider's own page and sees their scope; a link to
another municipality or provider gets a Dutch notice and the person's own figures; a person
without a known group sees no figures; a table downloaded by a municipality holds only its own
row even when the region's staff asked the same view first (the shared cache is keyed by the
scope), and a council report asked for another municipality is, in PDF and workbook, the person's
own; the data team reads the sign-ins in the audit log. A provider reaches neither PD2 nor another
provider's dialogue records, nor the whole data's counts on the Data page (issue 27, items 5 and 9).

Sessions (issue 27, item 6): after signing out, a copy of the cookie taken before is refused; a
session older than its maximum age (a second dashboard with JHM_SESSION_MAX_AGE of a few
seconds) is asked to sign in again; a group removed at the provider is gone at the next sign-in;
the audit log holds one sign-in per sign-in, the sign-outs, and no refused value that is not a
known code. A download's address answers without a cookie only until Streamlit drops it (item 7).
"""

import io
import json
import re
import secrets
import sqlite3
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from oidc_provider_mock import User, run_server_in_thread
from openpyxl import load_workbook
from pypdf import PdfReader

from jeugdhulpmonitor import REPO_ROOT, audit, dialogue_log
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.devserver import DashboardStartError, dashboard, free_port, new_context, wait_until_idle
from jeugdhulpmonitor.dialogue_log import Dialogue
from jeugdhulpmonitor.documents.build import council
from jeugdhulpmonitor.engine import Engine, Scope, Selection
from jeugdhulpmonitor.formatting import figure_text, number
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.views.data import COUNTS_WITHHELD
from jeugdhulpmonitor.views.dialogue import KINDS
from tests.e2e.conftest import assert_no_exception, kpi_text

pytestmark = pytest.mark.e2e
SAMPLE = REPO_ROOT / "sample_data"
PEOPLE = {
    "regio": ("regio@amsterdam.nl", ["jhm-regio-amsterdam-amstelland"]),
    "aalsmeer": ("beleid@aalsmeer.nl", ["medewerkers", "jhm-gemeente-aalsmeer"]),
    "altra": ("contract@altra.nl", ["jhm-aanbieder-altra"]),
    "databeheer": ("data@amsterdam.nl", ["jhm-databeheer"]),
    "gast": ("gast@example.org", ["medewerkers"]),
    "uit": ("uit@amsterdam.nl", ["jhm-regio-amsterdam-amstelland"]),  # signs out, then replays the cookie
    "wissel": ("wissel@aalsmeer.nl", ["jhm-gemeente-aalsmeer"]),  # loses the group at the provider
}
MAX_AGE = 4  # seconds: the short-lived dashboard's JHM_SESSION_MAX_AGE
COUNTS = "/gemeenten?gemeente=GM0358&periode=2028&indicator=young_people_in_care&per1000=0"
AA = "amsterdam-amstelland"
PD2_DUO = "/prestatiedialoog?dialoog=pd2&gebied=duo&periode=2029-M4"


@pytest.fixture(scope="module")
def provider():
    users = [User(sub=name, claims={"email": email, "groups": groups}) for name, (email, groups) in PEOPLE.items()]
    with run_server_in_thread(port=free_port(), user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


def _signin_dashboard(provider: str, root: Path, **env: str):
    """The dashboard on the sample with sign-in through `provider`; its audit log and sessions in
    `root`. Yields (url, audit log path)."""
    port = free_port()
    (root / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "jeugdhulpmonitor"\n'
        'client_secret = "geheim"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    env = {
        "STREAMLIT_SECRETS_FILES": str(root / "secrets.toml"),
        "JHM_AUDIT_DB": str(root / "audit.sqlite"),
        "JHM_SESSIONS_DB": str(root / "sessions.sqlite"),
        "JHM_DIALOGUE_DB": str(root / "dialogues.sqlite"),  # beside the audit log (dialogue_records)
        **env,
    }
    try:
        with dashboard(SAMPLE, root / "streamlit.log", env=env, port=port) as (_proc, url):
            yield url, root / "audit.sqlite"
    except DashboardStartError as exc:
        pytest.fail(f"the dashboard did not start:\n{exc}")


@pytest.fixture(scope="module")
def signin_app(provider, tmp_path_factory, sample_published):
    """The dashboard on the sample with sign-in configured; yields (url, audit log path)."""
    yield from _signin_dashboard(provider, tmp_path_factory.mktemp("signin"))


@pytest.fixture
def short_lived_app(provider, tmp_path_factory, sample_published):
    """A second dashboard whose sessions last MAX_AGE seconds; yields (url, audit log path)."""
    yield from _signin_dashboard(provider, tmp_path_factory.mktemp("short"), JHM_SESSION_MAX_AGE=str(MAX_AGE))


@pytest.fixture(scope="module")
def whole(sample_engine) -> Engine:
    return sample_engine


def sign_in(browser, url: str, person: str, path: str = "/"):
    """A fresh browser (no cookies) signs in as `person` on the provider's page, then opens `path`."""
    context = new_context(browser, accept_downloads=True)
    page = context.new_page()
    page.goto(url)
    wait_until_idle(page)
    assert page.locator('[data-testid="stMetric"]').count() == 0  # nothing before sign-in
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name=person, exact=True).click()  # the provider's page
    page.wait_for_url(f"{url}/**")
    wait_until_idle(page)
    if path != "/":
        page.goto(f"{url}{path}")
        wait_until_idle(page)
    return context, page


@pytest.fixture(scope="module")
def signed_in(browser, signin_app):
    """open(person, path): a page of `person` at `path`. Each person signs in once per module
    through the provider's page, in a browser context of their own that is kept (its cookie is
    the sign-in); later pages open in it. A sign-in costs three of the app's documents and the
    provider's page, and the tests ask twice as many pages as there are people."""
    url, _log = signin_app
    contexts = {}

    def open_as(person: str, path: str = "/"):
        if person not in contexts:
            contexts[person], page = sign_in(browser, url, person, path)
            return page
        page = contexts[person].new_page()
        page.goto(f"{url}{path}")
        wait_until_idle(page)
        return page

    yield open_as
    for context in contexts.values():
        context.close()


def sign_out(page, url: str) -> None:
    """Click "Uitloggen", end the session at the provider too (its confirmation page), and wait
    for the dashboard's sign-in page."""
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/oauth2/end_session**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(lambda address: address.startswith(url) and "oauth2callback" not in address)
    wait_until_idle(page)
    assert page.get_by_role("button", name="Inloggen").count() == 1


def _events(log: Path, who: str) -> list[tuple[str, str, str]]:
    """(event, role, what) of one person's audit events, oldest first."""
    return [(e.event, e.role, e.what) for e in reversed(audit.Log(log).latest(10_000)) if e.who == who]


def _status(address: str) -> int:
    """The HTTP status of a GET without any cookie."""
    try:
        with urllib.request.urlopen(address, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _in_care(engine: Engine, selection: Selection) -> str:
    return figure_text(engine.compute("young_people_in_care", "2028", selection)[0], "0")


def _notices(page) -> list[str]:
    return page.locator('[data-testid="stAlert"]').all_inner_texts()


def _download(page, key: str) -> pd.DataFrame:
    with page.expect_download() as download:
        page.locator(f".st-key-{key}").get_by_role("button", name="Download CSV").click()
    return pd.read_csv(download.value.path(), sep=";", dtype=str, encoding="utf-8-sig")


def test_each_role_signs_in_and_sees_its_scope(signed_in, signin_app, whole):
    url, _log = signin_app
    region = Selection(region="amsterdam-amstelland")

    page = signed_in("regio", "/overzicht?periode=2028")
    assert "regio@amsterdam.nl" in page.locator('[data-testid="stSidebar"]').inner_text()
    assert kpi_text(page, "young_people_in_care") == _in_care(whole, region)
    assert not any("Ontwikkelmodus" in n for n in _notices(page))
    # What region staff record at a dialogue is recorded as the signed-in person, not a typed name.
    page.goto(f"{url}/prestatiedialoog?aanbieder=AA01&periode=2029-M4")
    wait_until_idle(page)
    assert "Vastgelegd door: regio@amsterdam.nl" in page.locator(".st-key-action-forms").inner_text()
    assert page.locator(".st-key-action-who").count() == 0
    page.close()

    page = signed_in("aalsmeer", "/overzicht?periode=2028&gemeente=GM0362")
    assert any("valt buiten uw toegang" in n for n in _notices(page))  # Amstelveen asked by link
    own = whole.within(Scope(municipalities=("GM0358",)))
    aalsmeer = Selection(region="amsterdam-amstelland", municipalities=("GM0358",))
    assert kpi_text(page, "young_people_in_care") == _in_care(own, aalsmeer)
    assert "GM0362" not in page.url
    # The whole data's numbers of young people are not shown to a restricted scope.
    assert "jeugdigen," not in page.locator(".st-key-data-status-compact").inner_text()
    assert page.get_by_role("link", name="Prestatiedialoog").count() == 0  # not a municipality's page
    assert_no_exception(page)
    # A document asked for another municipality by link is the person's own.
    page.goto(f"{url}/raadsrapportage?gemeente=GM0362&periode=2026-H1")
    wait_until_idle(page)
    assert any("valt buiten uw toegang" in n for n in _notices(page))
    page.close()

    page = signed_in("altra", "/clientstromen?periode=2028&aanbieder=AA02")
    assert any("valt buiten uw toegang" in n for n in _notices(page))  # another provider asked by link
    altra = Selection(region="amsterdam-amstelland", provider="AA01")
    assert kpi_text(page, "young_people_in_care") == _in_care(whole, altra)
    assert "Arkin" not in page.locator('[data-testid="stMain"]').inner_text()  # never another provider's name
    page.close()

    page = signed_in("gast")
    assert any("geen rol in de Jeugdhulpmonitor" in n for n in _notices(page))
    assert page.locator('[data-testid="stMetric"]').count() == 0
    page.close()


@pytest.fixture(scope="module")
def dialogue_records(signin_app) -> dict[str, str]:
    """What region staff recorded at the dialogues of 2029-M4, in the dashboard's own log: a
    confidential agreement at PD2 (area DUO), and one at each of two providers' PD1."""
    _url, audit_log = signin_app
    log = dialogue_log.Log(audit_log.parent / "dialogues.sqlite")
    records = {
        "pd2": (Dialogue.of("pd2", AA, "2029-M4", area="duo"), "VERTROUWELIJK: budgetruimte DUO niet delen"),
        "arkin": (Dialogue("pd1", AA, "AA02", "2029-M4"), "Arkin Jeugd licht de wachtlijst toe"),
        "altra": (Dialogue("pd1", AA, "AA01", "2029-M4"), "Altra levert het doorstroomplan aan"),
    }
    for dialogue, text in records.values():
        log.record(dialogue, text, "contractmanager", date(2029, 9, 30), "regio@amsterdam.nl")
    return {name: text for name, (_d, text) in records.items()}


def _drawn(page) -> str:
    """The page's main part once every element is drawn: Streamlit shows a skeleton for an element
    it has not drawn yet (a table's code loads on first use), also after the run has finished,
    and a text looked for in a skeleton is absent for the wrong reason."""
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stMain"] [data-testid="stSkeleton"]')""", timeout=60_000
    )
    return page.locator('[data-testid="stMain"]').inner_text()


def test_a_provider_reaches_neither_pd2_nor_another_providers_dialogue_records(signed_in, dialogue_records):
    """Issue 27, item 5: PD2 is the region's; a provider's staff read only their own PD1."""
    page = signed_in("regio", PD2_DUO)  # region staff read the confidential record (the test can fail)
    assert dialogue_records["pd2"] in _drawn(page)
    page.close()

    page = signed_in("altra", PD2_DUO)
    assert any("valt buiten uw toegang" in n and "dialoog" in n for n in _notices(page))
    assert "dialoog=pd2" not in page.url
    shown = _drawn(page)
    assert "PD1 · Altra" in shown and dialogue_records["altra"] in shown
    assert dialogue_records["pd2"] not in shown and dialogue_records["arkin"] not in shown
    assert CATALOGUE()["budget_eur"].name not in shown and "Gebied DUO" not in shown  # the region's budget, the area
    box = page.locator(".st-key-f_dialoog [role='combobox']")
    box.click()
    assert page.get_by_role("option").all_inner_texts() == [KINDS["pd1"]]  # PD2 is not offered
    assert_no_exception(page)
    page.close()

    page = signed_in("altra", "/prestatiedialoog?aanbieder=AA02&periode=2029-M4")  # another provider's
    assert any("valt buiten uw toegang" in n and "aanbieder" in n for n in _notices(page))
    shown = _drawn(page)
    assert dialogue_records["altra"] in shown
    assert dialogue_records["arkin"] not in shown and "Arkin" not in shown
    page.close()


def test_a_provider_sees_no_counts_of_the_whole_data(signed_in, whole):
    """Issue 27, item 9: the Data page names the tables loaded, without the whole data's rows."""
    page = signed_in("altra", "/data")
    shown = _drawn(page)
    assert COUNTS_WITHHELD in shown
    assert number(whole.table_rows()["client_flows"]) not in shown
    assert number(whole.summary()["clients"]) not in shown
    page.close()


def test_documents_asked_outside_the_scope_are_the_persons_own(signed_in, whole):
    """A municipality asking another municipality's council report by link gets its own, in PDF
    and in the workbook, with the figures of its own scope; read back from the files."""
    page = signed_in("aalsmeer", "/raadsrapportage?gemeente=GM0362&periode=2026-H1")
    assert any("valt buiten uw toegang" in n for n in _notices(page))
    expected = council(whole.within(Scope(municipalities=("GM0358",))), "GM0358", Period.parse("2026-H1"))
    with page.expect_download(timeout=120_000) as pdf:
        page.locator(".st-key-doc-pdf button").click()
    assert pdf.value.suggested_filename == "raadsrapportage-aalsmeer-eerste-halfjaar-2026.pdf"
    text = " ".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages)
    assert "Aalsmeer" in text and "Amstelveen" not in text
    for figure in expected.model.key_figures().values():
        assert figure.text in text
    with page.expect_download(timeout=120_000) as xlsx:
        page.locator(".st-key-doc-xlsx button").click()
    assert xlsx.value.suggested_filename == "raadsrapportage-aalsmeer-eerste-halfjaar-2026.xlsx"
    cells = [
        str(c)
        for sheet in load_workbook(io.BytesIO(Path(xlsx.value.path()).read_bytes())).worksheets
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if c is not None
    ]
    assert any("Aalsmeer" in c for c in cells) and not any("Amstelveen" in c for c in cells)
    page.close()


def test_a_cached_view_of_the_region_is_never_served_to_a_municipality(signed_in):
    page = signed_in("regio", COUNTS)
    assert len(_download(page, "groups-table")) == 6  # the region's staff: every municipality
    page.close()
    page = signed_in("aalsmeer", COUNTS)  # the same view, from the cache
    assert _download(page, "groups-table")["Gemeente"].tolist() == ["Aalsmeer"]
    page.close()


def test_the_data_team_reads_who_signed_in_and_what_they_did(signed_in, signin_app):
    _url, log = signin_app
    page = signed_in("aalsmeer", COUNTS)
    _download(page, "groups-table")
    page.close()
    page = signed_in("databeheer")
    assert page.get_by_role("heading", name="Data en definities").count() == 1  # its one page
    trail = _download(page, "audit-log")  # the table as the data team downloads it
    assert {"beleid@aalsmeer.nl", "data@amsterdam.nl"} <= set(trail["Wie"])
    assert "ingelogd" in set(trail["Wat"]) and "tabel gedownload" in set(trail["Wat"])
    page.close()
    rows = sqlite3.connect(log).execute("SELECT who, event, page, selection, what FROM events").fetchall()
    assert ("beleid@aalsmeer.nl", "sign_in") in {(r[0], r[1]) for r in rows}
    assert any(r[1] == "export" and r[0] == "beleid@aalsmeer.nl" for r in rows)  # the download above
    clients = set(pd.read_parquet(SAMPLE / "client_flows.parquet", columns=["client_id"])["client_id"])
    words = {w for r in rows for w in re.split(r"[\s;=,]+", " ".join(map(str, r)))}
    assert words and not words & clients  # never a client id


def test_after_sign_out_a_copy_of_the_cookie_taken_before_is_refused(browser, signin_app):
    url, log = signin_app
    context, page = sign_in(browser, url, "uit", "/overzicht?periode=2028")
    assert page.locator('[data-testid="stMetric"]').count() > 0
    tab = context.new_page()  # a second tab: the same sign-in, audited once
    tab.goto(f"{url}/themas")
    wait_until_idle(tab)
    assert "uit@amsterdam.nl" in tab.locator('[data-testid="stSidebar"]').inner_text()
    tab.close()
    cookies = context.cookies()  # what someone could have copied
    sign_out(page, url)
    context.close()

    replay = new_context(browser)
    replay.add_cookies(cookies)
    page = replay.new_page()
    page.goto(f"{url}/overzicht?periode=2028")
    wait_until_idle(page)
    assert any("U bent uitgelogd" in n for n in _notices(page))
    assert page.get_by_role("button", name="Inloggen").count() == 1
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert "uit@amsterdam.nl" not in page.locator("body").inner_text()
    replay.close()
    group = "jhm-regio-amsterdam-amstelland"
    sessions = [e for e in _events(log, "uit@amsterdam.nl") if e[0] in ("sign_in", "sign_out")]
    assert sessions == [("sign_in", group, ""), ("sign_out", group, "")]


def test_a_group_removed_at_the_identity_provider_is_gone_at_the_next_sign_in(browser, signin_app, provider):
    url, log = signin_app
    context, page = sign_in(browser, url, "wissel", "/overzicht?periode=2028")
    assert page.locator('[data-testid="stMetric"]').count() > 0
    assert "gemeente (Aalsmeer)" in page.locator('[data-testid="stSidebar"]').inner_text()
    request = urllib.request.Request(
        f"{provider}/users/wissel",
        data=json.dumps({"email": "wissel@aalsmeer.nl", "groups": ["medewerkers"]}).encode(),
        headers={"Content-Type": "application/json"},
        method="PUT",
    )
    assert urllib.request.urlopen(request, timeout=30).status == 204
    sign_out(page, url)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name="wissel", exact=True).click()
    page.wait_for_url(f"{url}/**")
    wait_until_idle(page)
    assert any("geen rol in de Jeugdhulpmonitor" in n for n in _notices(page))
    assert page.locator('[data-testid="stMetric"]').count() == 0
    context.close()
    assert _events(log, "wissel@aalsmeer.nl")[:1] == [("sign_in", "jhm-gemeente-aalsmeer", "")]
    assert ("sign_out", "jhm-gemeente-aalsmeer", "") in _events(log, "wissel@aalsmeer.nl")
    assert _events(log, "wissel@aalsmeer.nl")[-1] == ("refused", "", audit.NO_ROLE)


def test_a_refused_link_value_is_recorded_only_when_it_is_a_known_code(signed_in, signin_app):
    url, log = signin_app
    earlier = len(_events(log, "contract@altra.nl"))  # the module's other tests sign in as Altra too
    client = pd.read_parquet(SAMPLE / "client_flows.parquet", columns=["client_id"])["client_id"].iloc[0]
    page = signed_in("altra", f"/clientstromen?periode=2028&aanbieder={client}")  # a client id typed in a link
    assert any("valt buiten uw toegang" in n for n in _notices(page))
    page.goto(f"{url}/clientstromen?periode=2028&aanbieder=AA02")  # another provider
    wait_until_idle(page)
    page.close()
    refused = {what for event, _role, what in _events(log, "contract@altra.nl")[earlier:] if event == "refused"}
    assert refused == {"aanbieder", "aanbieder=AA02"}
    rows = sqlite3.connect(log).execute("SELECT * FROM events").fetchall()
    assert not any(client in str(value) for row in rows for value in row)


def test_a_download_answers_without_a_cookie_only_until_streamlit_drops_it(signed_in):
    """Streamlit serves a download at /media/<fingerprint of its bytes>.<ext> to whoever has the
    address. No session refers to the file once made; Streamlit's cleanup at the end of a script
    run marks it and the next one drops it (docs/security.md, "Downloads")."""
    page = signed_in("aalsmeer", COUNTS)
    with page.expect_download() as download:
        page.locator(".st-key-groups-table").get_by_role("button", name="Download CSV").click()
    address = download.value.url
    assert re.search(r"/media/[0-9a-f]{32}\.csv$", address), address
    assert _status(address) == 200  # the address is all it takes, while the file lives
    page.close()  # the session that made it is gone
    for _ in range(2):  # two script runs end on the server: the file is marked, then dropped
        signed_in("aalsmeer", "/overzicht?periode=2028").close()
    assert _status(address) == 404


def test_a_session_older_than_its_maximum_age_is_asked_to_sign_in_again(browser, short_lived_app):
    url, log = short_lived_app
    context, page = sign_in(browser, url, "regio")
    signed_in_by = time.time()  # the ID token was issued before this moment
    # Wait out the configured maximum age: the sign-in is then older than it, however fast or
    # slow the machine was before (nothing here bounds how long anything took).
    time.sleep(max(0.0, signed_in_by + MAX_AGE + 1 - time.time()))
    page.goto(f"{url}/overzicht?periode=2028")
    wait_until_idle(page)
    assert any(f"Uw sessie is verlopen: een sessie duurt ten hoogste {MAX_AGE} seconden" in n for n in _notices(page))
    assert page.get_by_role("button", name="Inloggen").count() == 1
    assert page.locator('[data-testid="stMetric"]').count() == 0
    context.close()
    assert ("sign_out", "jhm-regio-amsterdam-amstelland", audit.EXPIRED) in _events(log, "regio@amsterdam.nl")


def test_a_providers_overzicht_shows_the_themes_without_links_to_a_page_it_does_not_have(signed_in):
    """Streamlit refuses a link to a page outside the person's navigation: a provider's Overzicht
    stopped with an error at its first theme tile, whose link led to Thema's."""
    page = signed_in("altra", "/overzicht?periode=2028-M8")
    assert_no_exception(page)
    assert page.locator(".st-key-theme-D").count() == 1  # every tile drawn
    assert page.get_by_role("link", name="Naar thema B").count() == 0
    page.close()
