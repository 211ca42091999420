"""The shared real-browser harness: the dashboard on the sample data, Chromium via Playwright.

Once per session: `streamlit run dashboard.py` on a free port, polled on /_stcore/health (on
failure the app's output is shown). Chromium is Debian's /usr/bin/chromium; Playwright never
downloads a browser of its own.
"""

import pytest
from playwright.sync_api import Page

from jeugdhulpmonitor import REPO_ROOT
from jeugdhulpmonitor.devserver import (
    DashboardStartError,
    chromium,
    dashboard,
    new_context,
    wait_for_rerun,
    wait_until_idle,
)
from jeugdhulpmonitor.engine import Engine

SAMPLE = REPO_ROOT / "sample_data"


@pytest.fixture(scope="session")
def app_url(tmp_path_factory, sample_published):
    root = tmp_path_factory.mktemp("app")
    # sample_published: the dashboard finds the sample's cache built and answers from it at once.
    # The dialogue and audit logs of this run its own: parallel workers and the developer's
    # .cache never share what a test records.
    env = {"JHM_DIALOGUE_DB": str(root / "dialogues.sqlite"), "JHM_AUDIT_DB": str(root / "audit.sqlite")}
    try:
        with dashboard(SAMPLE, root / "streamlit.log", env=env) as (_proc, url):
            yield url
    except DashboardStartError as exc:
        pytest.fail(f"the dashboard did not start:\n{exc}")


@pytest.fixture(scope="session")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser) -> Page:
    context = new_context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def engine(sample_engine) -> Engine:
    """The engine on the same data as the app, to compare shown figures with."""
    return sample_engine


def open_page(page: Page, app_url: str, path: str) -> Page:
    page.goto(f"{app_url}{path}")
    wait_until_idle(page)
    return page


def choose(page: Page, key: str, option: str) -> None:
    """Pick an option in the selectbox with widget key `key` and wait for the rerun."""
    box = page.locator(f".st-key-{key} [role='combobox']")
    box.click()
    box.fill(option)  # filters the (virtualised) list so that the option is rendered
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_rerun(page)


def kpi_text(page: Page, indicator: str) -> str:
    return page.locator(f".st-key-kpi-{indicator} [data-testid='stMetricValue']").first.inner_text()


def assert_no_exception(page: Page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


# One hostile value per page in the browser (the notice on screen); tests/test_url_filters.py puts
# every hostile value through every filter of every page without a browser.
HOSTILE = ["%3Cscript%3Ealert(1)%3C%2Fscript%3E"]


def static_table(page: Page, key: str) -> dict[str, dict[str, str]]:
    """A table printed with st.table inside the container `key`: {row label: {column: text}}.
    A table drawn in parts (its model's column groups, each with the row labels) reads as one."""
    tables = page.locator(f".st-key-{key} table")
    tables.first.wait_for(state="attached")  # Streamlit draws a table a moment after its run
    page.wait_for_function("k => !document.querySelector(`.st-key-${k} [data-testid=stSkeleton]`)", arg=key)
    parts = tables.evaluate_all(
        """ts => ts.map(t => [...t.querySelectorAll('tr')].map(
             r => [...r.querySelectorAll('th,td')].map(c => c.innerText.trim())))"""
    )
    table = {}
    for header, *body in parts:
        for r in body:
            table.setdefault(r[0], {}).update(zip(header[1:], r[1:], strict=True))
    return table


def assert_notice_and_default(page: Page, app_url: str, path: str, param: str, value: str) -> None:
    """A hostile or unknown URL value: a Dutch notice, the safe default, no exception."""
    sep = "&" if "?" in path else "?"
    open_page(page, app_url, f"{path}{sep}{param}={value}")
    notices = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("is onbekend en is genegeerd" in n for n in notices), notices
    assert f"{param}={value}" not in page.url  # the rejected value is gone from the link
    assert_no_exception(page)
