"""N concurrent Chromium sessions walking every page with changing filters, against one dashboard.

Each session is a browser context of its own (its own cookies, Streamlit session and websocket)
in one Chromium, driven concurrently by Playwright's async API. A session opens every page in
turn and on each makes a few filter changes; which filters and options depend on the session and
the round, so sessions ask different questions. Measured per step, exactly as the benchmark
measures a filter change (jeugdhulpmonitor/devserver.py, SETTLE): from the pick (or the navigation)
to the settled page (Streamlit's run finished, nothing stale, the frame drawn, no further run
within 300 ms).

Errors: an exception on screen (Streamlit's stException), a failed load (an HTTP error or a
failed request to the dashboard), a websocket to the dashboard closed while the session runs, a
step that does not settle within two minutes.

A person reads a page before the next change: each step is followed by a pause of `think`
seconds on average (uniform between half and one and a half times, seeded per session); 0 makes
every session click as fast as the pages settle, a stress test rather than people at work.

The server's share, apart from the browsers': the browsers stand in for the users' own
computers, so Chromium is held to one core (the machine's last, by CPU affinity, which its
processes inherit; a lower priority does not hold, since Chromium sets its own), and the
dashboard may use every core. The dashboard logs each completed script run with its time on the
server (JHM_LOG_RUNS, logs.rerun_done): `server_run_ms`, the server's share. Per step,
`server_ms` is the time until the browser learnt that the run finished (from the pick, or for
opening a page from the navigation), which also waits for the browser's own core. psutil on the
dashboard's process and its children (the extract-cache builder) only, never on Chromium's: its
peak RSS (sampled every 0.1 s) and CPU seconds (user + system) over the measured walk, divided
by the script runs the browsers saw. The browsers' CPU seconds are measured the same way on
Chromium's processes.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from jeugdhulpmonitor.bench import CHANGES, PATHS, percentile
from jeugdhulpmonitor.devserver import CHROMIUM, CHROMIUM_ARGS, OBSERVE, QUIET_MS, SETTLE, VIEWPORT

STEP_TIMEOUT_MS = 120_000
EXCEPTION = '[data-testid="stException"]'
SHOWN_ERRORS = 20  # error details kept per level; all are counted
# The browsers stand in for the users' own computers. The target is the server's on 2 cores: with
# more than two, the server is held to the first two and the browsers get the rest; with two,
# the browsers get one and the server may use both. The cores this process may use, not
# os.cpu_count(): in a container a core's number may lie outside the allowed set, and taskset
# would refuse it.
_ALLOWED = sorted(os.sched_getaffinity(0))
SERVER_CORES = _ALLOWED[:2] if len(_ALLOWED) > 2 else None
BROWSER_CORES = _ALLOWED[2:] if len(_ALLOWED) > 2 else _ALLOWED[-1:] if len(_ALLOWED) > 1 else None


@contextmanager
def pinned(cores: list[int] | None) -> Iterator[None]:
    """Processes started meanwhile from this thread are held to `cores` (they inherit its
    affinity); this thread's own is restored on leaving."""
    if cores is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cores)
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


@dataclass
class Session:
    number: int
    steps: list[dict] = field(default_factory=list)  # page, kind (open, change), filter, option, ms, server_ms
    errors: list[dict] = field(default_factory=list)  # kind, page, detail
    runs: int = 0  # Streamlit script runs this session's browser saw
    closing: bool = False  # our own close: its websocket closing is no error

    def error(self, kind: str, page: str, detail: str) -> None:
        self.errors.append({"session": self.number, "kind": kind, "page": page, "detail": detail[:300]})


class Probe:
    """Peak RSS (sampled every 0.1 s) and CPU seconds of a set of processes: the dashboard's tree
    (`server`) or this process's other children (the browsers). Processes that end between two
    samples keep the CPU they were last seen with; a server's waited-for children are counted."""

    def __init__(self, pids):
        self._pids, self.peak_mb, self._stop = pids, 0.0, threading.Event()
        self._cpu: dict[int, float] = {}
        self._start = self._sample()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _sample(self) -> float:
        rss = 0
        for pid in self._pids():
            try:
                p = psutil.Process(pid)
                t = p.cpu_times()
                self._cpu[pid] = t.user + t.system + t.children_user + t.children_system
                rss += p.memory_info().rss
            except psutil.Error:
                pass
        self.peak_mb = max(self.peak_mb, rss / 2**20)
        return sum(self._cpu.values())

    def _loop(self) -> None:
        while not self._stop.wait(0.1):
            self._sample()

    def stop(self) -> float:
        """CPU seconds since the probe started."""
        self._stop.set()
        self._thread.join()
        return round(self._sample() - self._start, 2)


def server_pids(pid: int):
    def pids() -> list[int]:
        try:
            return [pid, *(c.pid for c in psutil.Process(pid).children(recursive=True))]
        except psutil.Error:
            return []

    return pids


def browser_pids(server: int):
    """This process's children other than the dashboard's tree: Playwright's driver, Chromium."""

    def pids() -> list[int]:
        mine = psutil.Process().children(recursive=True)
        theirs = set(server_pids(server)())
        return [p.pid for p in mine if p.pid not in theirs]

    return pids


async def change(page, keys: tuple[str, ...], index: int) -> dict | None:
    """bench.change for the async API: pick an option in the first of `keys` the page shows;
    the time from the pick to the settled page. None: the page has no such filter."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    key = None
    for k in keys:
        if await page.locator(f".st-key-{k}").count():
            key = k
            break
    if key is None:
        return None
    shown = (await page.locator(f".st-key-{key} [role='combobox']").input_value()).strip()
    options = page.get_by_role("option")
    for attempt in range(3):  # right after a pick in another box, the first click may only move the focus
        await page.locator(f".st-key-{key} button[aria-haspopup='listbox']").click()
        try:
            await options.first.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    texts = [t.strip() for t in await options.all_inner_texts()]
    index = index % len(texts)
    if texts[index] == shown:
        index = (index + 1) % len(texts)
    runs = await page.evaluate("window.__jhm.runs.length")
    await options.nth(index).click()
    t = await page.evaluate(SETTLE, [runs, STEP_TIMEOUT_MS, QUIET_MS])
    return {
        "filter": key,
        "option": texts[index],
        "ms": round(t["drawn"] - t["input"], 1),
        "server_ms": round(t["finished"] - t["input"], 1),
    }


def changes_for(session: int, round_: int, per_page: int) -> list[tuple[tuple[str, ...], int]]:
    """A different run of the benchmark's filter changes per session and round, with the options
    shifted by the session, so that sessions ask different questions."""
    start = (session * 3 + round_ * per_page) % len(CHANGES)
    picked = (CHANGES * 2)[start : start + per_page]
    return [(keys, index + session) for keys, index in picked]


async def walk(session: Session, browser, url: str, rounds: int, per_page: int, deadline: float, think: float) -> None:
    context = await browser.new_context(viewport=VIEWPORT, locale="nl-NL")
    await context.add_init_script(OBSERVE)
    page = await context.new_page()
    here = {"page": "-"}

    def on_websocket(ws) -> None:
        if ws.url.startswith(url.replace("http", "ws")):
            ws.on("close", lambda _ws: session.closing or session.error("websocket_closed", here["page"], ws.url))

    page.on("websocket", on_websocket)
    page.on("requestfailed", lambda r: _failed(session, here["page"], url, r))
    rng = random.Random(session.number)

    async def pause() -> None:
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    try:
        for round_ in range(rounds):
            for path in PATHS:
                if time.monotonic() > deadline:
                    return
                here["page"] = path
                await _page(session, page, url, path, changes_for(session.number, round_, per_page), pause)
    finally:
        session.closing = True
        await context.close()


def _failed(session: Session, path: str, url: str, request) -> None:
    """A request to the dashboard that failed; not one the browser cancelled itself because the
    session moved on (net::ERR_ABORTED: a script chunk still loading when the next page opens)."""
    if request.url.startswith(url) and request.failure != "net::ERR_ABORTED":
        session.error("failed_load", path, f"{request.url}: {request.failure}")


async def _page(session: Session, page, url: str, path: str, changes, pause) -> None:
    try:
        response = await page.goto(f"{url}/{path}", timeout=STEP_TIMEOUT_MS)
        if response is None or not response.ok:
            session.error("failed_load", path, f"HTTP {response.status if response else 'no response'}")
            return
        t = await page.evaluate(SETTLE, [0, STEP_TIMEOUT_MS, QUIET_MS])
        session.steps.append(
            {"page": path, "kind": "open", "ms": round(t["drawn"], 1), "server_ms": round(t["finished"], 1)}
        )
        await _on_screen(session, page, path)
        await pause()
        for keys, index in changes:
            if (c := await change(page, keys, index)) is not None:
                session.steps.append({"page": path, "kind": "change", **c})
                await _on_screen(session, page, path)
                await pause()
    except Exception as exc:  # noqa: BLE001 - a step that fails is an error of the run, not its end
        session.error("timeout" if "Timeout" in type(exc).__name__ or "settle" in str(exc) else "step", path, str(exc))
    finally:
        try:
            session.runs += await page.evaluate("window.__jhm ? window.__jhm.runs.length : 0")
        except Exception:  # noqa: BLE001 - the page is gone: its runs are not counted
            pass


async def _on_screen(session: Session, page, path: str) -> None:
    shown = page.locator(EXCEPTION)
    if await shown.count():
        session.error("exception_on_screen", path, (await shown.first.inner_text())[:300])


async def run_sessions(
    url: str, n: int, rounds: int, per_page: int, deadline: float, think: float = 0.0
) -> list[Session]:
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as tmp:
        # Chromium through `taskset`: its processes inherit the affinity (exec keeps
        # Playwright's pipes, the launcher's file descriptors 3 and 4).
        held = os.path.join(tmp, "chromium")
        with open(held, "w") as f:
            cores = f"taskset -c {','.join(map(str, BROWSER_CORES))} " if BROWSER_CORES else ""
            f.write(f'#!/bin/sh\nexec {cores}"{CHROMIUM}" "$@"\n')
        os.chmod(held, 0o755)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=held, args=CHROMIUM_ARGS)
            try:
                sessions = [Session(i) for i in range(n)]
                await asyncio.gather(*(walk(s, browser, url, rounds, per_page, deadline, think) for s in sessions))
                return sessions
            finally:
                await browser.close()


def summary(times: list[float]) -> dict:
    if not times:
        return {"steps": 0}
    return {
        "steps": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
    }


def measure(
    url: str, server_pid: int, n: int, rounds: int, per_page: int, time_limit: float, think: float = 0.0
) -> dict:
    """One level: n sessions, `rounds` walks each, within `time_limit` seconds."""
    server, browsers = Probe(server_pids(server_pid)), Probe(browser_pids(server_pid))
    started = time.monotonic()
    sessions = asyncio.run(run_sessions(url, n, rounds, per_page, started + time_limit, think))
    wall_s = round(time.monotonic() - started, 1)
    server_cpu_s, browsers_cpu_s = server.stop(), browsers.stop()
    steps = [s for session in sessions for s in session.steps]
    errors = [e for session in sessions for e in session.errors]
    runs = sum(session.runs for session in sessions)
    kinds = sorted({e["kind"] for e in errors})
    return {
        "sessions": n,
        "rounds": rounds,
        "changes_per_page": per_page,
        "think_s": think,
        "browser_cores": BROWSER_CORES,
        "server_cores": SERVER_CORES,
        "wall_s": wall_s,
        "cut_by_time_limit": wall_s >= time_limit,
        "settle_ms": summary([s["ms"] for s in steps]),
        "server_ms": summary([s["server_ms"] for s in steps]),
        "settle_ms_by_kind": {k: summary([s["ms"] for s in steps if s["kind"] == k]) for k in ("open", "change")},
        "settle_ms_by_page": {p: summary([s["ms"] for s in steps if s["page"] == p]) for p in PATHS},
        "errors": {"total": len(errors), **{k: sum(e["kind"] == k for e in errors) for k in kinds}},
        "error_details": errors[:SHOWN_ERRORS],
        "server": {
            "rss_peak_mb": round(server.peak_mb, 1),
            "cpu_s": server_cpu_s,
            "script_runs": runs,
            "cpu_s_per_run": round(server_cpu_s / runs, 3) if runs else None,
        },
        "browsers": {"cpu_s": browsers_cpu_s, "rss_peak_mb": round(browsers.peak_mb, 1)},
    }


def table(levels: list[dict]) -> str:
    lines = [
        "| sessions | think s | steps | settle p50 ms | settle p95 ms | settle max ms | server run p50 ms "
        "| server run p95 ms | errors | server peak RSS MB | server CPU s | server CPU s per run "
        "| browsers CPU s | wall s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in levels:
        s, srv, run = r["settle_ms"], r["server"], r.get("server_run_ms", {})
        lines.append(
            f"| {r['sessions']} | {r['think_s']:g} | {s['steps']} | {s.get('p50_ms', '–')} | {s.get('p95_ms', '–')} "
            f"| {s.get('max_ms', '–')} | {run.get('p50_ms', '–')} | {run.get('p95_ms', '–')} "
            f"| {r['errors']['total']} | {srv['rss_peak_mb']:,.0f} | {srv['cpu_s']} "
            f"| {srv['cpu_s_per_run'] if srv['cpu_s_per_run'] is not None else '–'} | {r['browsers']['cpu_s']} "
            f"| {r['wall_s']}{' (cut)' if r['cut_by_time_limit'] else ''} |"
        )
    return "\n".join(lines)


def warm_up(url: str) -> None:
    """One session opens every page once (not measured): the first opening of the data and of
    each page's figures is the first-page measure's business (bench), not the load's."""
    asyncio.run(run_sessions(url, 1, 1, 0, time.monotonic() + 600))


def log_path(work: Path, n: int) -> Path:
    return work / f"dashboard-{n}.log"
