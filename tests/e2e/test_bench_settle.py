"""The benchmark's settle detection (jeugdhulpmonitor/devserver.py OBSERVE, SETTLE) in Chromium, on a
page that mimics Streamlit's run state attribute and stale elements with timers."""

import pytest

from jeugdhulpmonitor.devserver import OBSERVE, SETTLE

APP = '<div data-testid="stApp" data-test-script-state="notRunning"><p data-stale="false">x</p></div>'
# Each step records when it fired, in the page's clock: the tests compare the settle detection's
# times with these, in order, never with a number of milliseconds a busy machine may exceed.
SCHEDULE = """steps => {
  const app = document.querySelector('[data-testid="stApp"]'), p = app.firstElementChild;
  window.__fired = steps.map(() => null);
  steps.forEach(([ms, what, value], i) =>
    setTimeout(() => {
      window.__fired[i] = performance.now();
      what === 'state' ? app.setAttribute('data-test-script-state', value) : p.setAttribute('data-stale', value);
    }, ms));
}"""


def _settle(page, steps, quiet=300):
    """The settle detection's times and, under "fired", when each step fired (in the steps' order)."""
    page.set_content(APP)
    page.evaluate(OBSERVE)
    page.evaluate(SCHEDULE, steps)
    t = page.evaluate(SETTLE, [0, 10_000, quiet])
    return {**t, "fired": page.evaluate("window.__fired")}


def test_a_rerun_within_the_quiet_time_is_waited_for(page):
    t = _settle(
        page,
        [
            (50, "state", "running"),
            (100, "state", "notRunning"),
            (250, "state", "running"),
            (400, "state", "notRunning"),
        ],
    )
    running, stopped, running_again, stopped_again = t["fired"]
    assert t["runs"] == 2
    # Both runs are waited for: from the first one's start to the second one's end, then drawn.
    assert running <= t["started"] <= stopped <= running_again <= stopped_again <= t["finished"] <= t["drawn"]


def test_stale_elements_keep_the_page_unsettled(page):
    t = _settle(
        page, [(0, "stale", "true"), (50, "state", "running"), (100, "state", "notRunning"), (600, "stale", "false")]
    )
    _, _, stopped, fresh = t["fired"]
    assert t["runs"] == 1
    # The run finished before the stale element was cleared; the page counts as drawn only after.
    assert stopped <= t["finished"] < fresh <= t["drawn"]


# A busy browser may draw the app element only once its first run is under way or over: the state
# is then set on insertion, which no attribute change reports.
INSERT = """([ms, state]) => setTimeout(() => {
  document.body.insertAdjacentHTML('beforeend', `<div data-testid="stApp" data-test-script-state="${state}"></div>`);
}, ms)"""


def _inserted(page, state: str, then: str | None = None, timeout: int = 10_000):
    page.set_content("<p>laden</p>")
    page.evaluate(OBSERVE)
    page.evaluate(INSERT, [50, state])
    if then:
        page.evaluate(
            "ms => setTimeout(() => document.querySelector('[data-testid=stApp]')"
            ".setAttribute('data-test-script-state', 'notRunning'), ms)",
            200,
        )
    return page.evaluate(SETTLE, [0, timeout, 100])


def test_an_app_drawn_after_its_first_run_ended_counts_that_run(page):
    assert _inserted(page, "notRunning")["runs"] == 1


def test_an_app_drawn_during_its_first_run_waits_for_its_end(page):
    t = _inserted(page, "running", then="notRunning")
    assert t["runs"] == 1 and t["finished"] - t["started"] >= 100


def test_an_app_before_its_first_run_is_not_settled(page):
    with pytest.raises(Exception, match="did not settle"):
        _inserted(page, "initial", timeout=600)
