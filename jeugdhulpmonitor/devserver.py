"""The dashboard as a process, and Chromium to look at it: shared by the browser tests, the
screenshot script and the benchmark, so that all three start and wait for the app the same way.

Chromium is Debian's /usr/bin/chromium; Playwright never downloads a browser of its own.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from jeugdhulpmonitor import REPO_ROOT

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
VIEWPORT = {"width": 1440, "height": 900}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

# Installed in every document before the app's own scripts (new_context): the page's clock at the
# last pointer press, and each of Streamlit's script runs (the state attribute on stApp) with its
# start and end. The attribute reads "initial" until the first run has an id; a busy browser can
# draw the app element only when a run is under way or over, and an attribute set on insertion is
# no attribute change, so the element's insertion is watched too: every entry into "notRunning"
# ends a run (started when "running" was seen, else then). `seen` is how many runs the harness
# has waited for in this document (wait_for_rerun).
OBSERVE = """(() => {
  const s = window.__jhm = {runs: [], input: 0, start: 0, state: null, seen: 0};
  document.addEventListener('pointerdown', () => { s.input = performance.now(); }, true);
  new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute('data-test-script-state');
    if (!state || state === s.state) return;
    const now = performance.now();
    if (state === 'running') s.start = now;
    if (state === 'notRunning') s.runs.push({start: s.state === 'running' ? s.start : now, end: now});
    s.state = state;
  }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-test-script-state']});
})();"""

# Resolves once the page has settled after its first `n` runs: a later run finished, no element is
# left stale, a frame with that content has been drawn, and no further run (a page's st.rerun,
# a switch_page) starts within `quiet` ms. Times are in the page's clock; `drawn` is the moment
# the last run's content was drawn, so the quiet wait is not counted.
SETTLE = """async ([n, timeout, quiet]) => {
  const s = window.__jhm, t0 = performance.now(), frame = () => new Promise(requestAnimationFrame);
  const settled = () => s.runs.length > n && s.state === 'notRunning' && !document.querySelector('[data-stale="true"]');
  for (;;) {
    while (!settled()) {
      if (performance.now() - t0 > timeout) throw new Error(`the page did not settle within ${timeout} ms`);
      await frame();
    }
    await frame();
    const drawn = performance.now(), runs = s.runs.length;
    while (performance.now() - drawn < quiet && settled() && s.runs.length === runs) await frame();
    if (settled() && s.runs.length === runs) {
      const mine = s.runs.slice(n);
      s.seen = s.runs.length;
      return {input: s.input, started: mine[0].start, finished: mine.at(-1).end, drawn, runs: mine.length};
    }
  }
}"""
QUIET_MS = 300


class DashboardStartError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard(data_dir: Path | str, log: Path, timeout: float = 60, env: dict | None = None, port: int | None = None):
    """`streamlit run dashboard.py` on a free port; yields (process, url) once /_stcore/health answers.

    Without sign-in configured it runs in development mode, allowed here on any data (the
    benchmark's and tests' extracts); `env` adds or overrides environment variables."""
    port = port or free_port()
    env = {**os.environ, "JHM_DEV_ALLOW_ANY_DATA": "1", **(env or {})}
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py",
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--", "--data-dir", str(data_dir),
    ]  # fmt: skip
    with Path(log).open("w") as out:
        proc = subprocess.Popen(command, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise DashboardStartError(Path(log).read_text())
            time.sleep(0.2)
        yield proc, url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_context(browser, **options):
    """A browser context whose documents report Streamlit's runs (OBSERVE), which the waits
    below read: Dutch, at the harness's viewport unless `options` say otherwise."""
    context = browser.new_context(**({"viewport": VIEWPORT, "locale": "nl-NL"} | options))
    context.add_init_script(OBSERVE)
    return context


def wait_until_idle(page, timeout_ms: int = 90_000) -> dict:
    """After opening a page (a new document): wait until its first run has finished, its content
    is drawn and no further run starts within QUIET_MS (never sleep)."""
    return page.evaluate(SETTLE, [0, timeout_ms, QUIET_MS])


def wait_for_rerun(page, start_ms: int = 2_000, timeout_ms: int = 90_000) -> None:
    """After an interaction in an open page: wait for the run it triggers, then until the page
    has settled. Runs are counted as they happen (OBSERVE), so a run too quick to be seen running
    still counts; an interaction that starts none within `start_ms` leaves the page as it was."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    seen = page.evaluate("window.__jhm.seen")
    try:
        page.wait_for_function(
            "n => window.__jhm.runs.length > n || window.__jhm.state === 'running'", arg=seen, timeout=start_ms
        )
    except PlaywrightTimeout:
        page.wait_for_selector(IDLE, timeout=timeout_ms)
        return
    page.evaluate(SETTLE, [seen, timeout_ms, QUIET_MS])
