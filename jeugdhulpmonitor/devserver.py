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


def wait_until_idle(page, timeout_ms: int = 90_000) -> None:
    """Wait for Streamlit's script run to finish (never sleep)."""
    page.wait_for_selector(IDLE, timeout=timeout_ms)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(IDLE, timeout=timeout_ms)


def wait_for_rerun(page, start_ms: int = 2_000) -> None:
    """After an interaction: wait for the rerun it triggers to start, then to finish.

    Right after a click the app still reports its previous, finished run; waiting only for
    "notRunning" would read the old page. A run too quick to be seen running costs `start_ms`.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]', timeout=start_ms)
    except PlaywrightTimeout:
        pass
    wait_until_idle(page)
