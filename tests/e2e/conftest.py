"""The shared real-browser harness: the dashboard on the sample data, Chromium via Playwright.

Once per session: `streamlit run dashboard.py` on a free port, polled on /_stcore/health (on
failure the app's output is shown). Chromium is Debian's /usr/bin/chromium; Playwright never
downloads a browser of its own.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import Page, sync_playwright

from jeugdhulpmonitor import REPO_ROOT
from jeugdhulpmonitor.engine import Engine
from jeugdhulpmonitor.runner import Runner

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SAMPLE = REPO_ROOT / "sample_data"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("app") / "streamlit.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboard.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--",
                "--data-dir",
                str(SAMPLE),
            ],
            cwd=REPO_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the dashboard did not start:\n{log.read_text()}")
        time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Page:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-NL")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine on the same data as the app, to compare shown figures with."""
    return Engine(Runner(SAMPLE))


def wait_until_idle(page: Page) -> None:
    """Wait for the script run to finish (never sleep)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=90_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=90_000)


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
    wait_until_idle(page)


def kpi_text(page: Page, indicator: str) -> str:
    return page.locator(f".st-key-kpi-{indicator} [data-testid='stMetricValue']").first.inner_text()


def assert_no_exception(page: Page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


HOSTILE = ["GM9999", "%27%3B%20drop%20table%20client_flows%3B--", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "x" * 3000]
