"""Charts as PNG images for the PDF: the same Plotly figures as on screen, drawn by kaleido in
Debian's Chromium (never a downloaded browser). One browser serves a whole run: `session()`
opens it once for the CLI's --all; outside a session each document opens its own.

Without Chromium (or when it fails to start) `png` returns None and the PDF says
UNAVAILABLE in place of the chart: a missing browser never fails a document."""

from __future__ import annotations

import asyncio
import logging
import os
import textwrap
import threading
from contextlib import contextmanager

from jeugdhulpmonitor import charts
from jeugdhulpmonitor.pagemodel import Chart

log = logging.getLogger(__name__)

CHROMIUM = "/usr/bin/chromium"
UNAVAILABLE = "grafiek niet beschikbaar"
WIDTH_PX = 900  # drawn at this width (and the figure's own height), scaled 2x for print
START_TIMEOUT_S, IMAGE_TIMEOUT_S = 60, 60
TITLE_PX_PER_CHAR = 8  # an axis title's 14 px font, generously: a line must fit along the axis


def browser_path() -> str | None:
    """Chromium to draw with: BROWSER_PATH if set, else Debian's; None when not executable."""
    path = os.environ.get("BROWSER_PATH") or CHROMIUM
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


def unavailable() -> str | None:
    """Why charts cannot be drawn (for a warning), or None when they can."""
    if browser_path() is None:
        return f"no Chromium at {os.environ.get('BROWSER_PATH') or CHROMIUM} (apt-get install chromium)"
    return None


class _Browser:
    """A kaleido (headless Chromium) on its own event loop thread, called synchronously with
    timeouts, so that a browser that hangs or dies cannot hang the run."""

    def __init__(self, path: str) -> None:
        import kaleido

        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        # mathjax=False: no CDN; plotly.js comes from the installed plotly package.
        try:
            self._kaleido = kaleido.Kaleido(path=path, mathjax=False, timeout=IMAGE_TIMEOUT_S)
            self._call(self._kaleido.open(), START_TIMEOUT_S)
        except BaseException:
            self._stop()
            raise

    def _call(self, coroutine, timeout: float):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def png(self, figure) -> bytes:
        height = figure.layout.height or 400
        opts = {"format": "png", "width": WIDTH_PX, "height": height, "scale": 2}
        return self._call(self._kaleido.calc_fig(figure, opts=opts), IMAGE_TIMEOUT_S + 5)

    def close(self) -> None:
        try:
            self._call(self._kaleido.close(), 30)
        except TimeoutError:
            # Cleanup after every image is drawn: on a loaded machine Chromium took longer than
            # 30 s to quit (a clean-clone run failed at teardown); the documents are made already.
            log.warning("the chart browser did not close within 30 s; it is left to end with the process")
        finally:
            self._stop()

    def _stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


_session: dict = {}  # "browser": the session's _Browser, or None when it could not start


def _open() -> _Browser | None:
    path = browser_path()
    if path is None:
        return None
    try:
        return _Browser(path)
    except Exception:  # noqa: BLE001 - no browser means no images, never a failed document
        return None


@contextmanager
def session():
    """One browser for everything drawn inside (nested sessions share the outer one)."""
    if "browser" in _session:
        yield
        return
    _session["browser"] = _open()
    try:
        yield
    finally:
        browser = _session.pop("browser")
        if browser is not None:
            browser.close()


def for_print(figure):
    """The screen's figure laid out so that nothing is cut off on paper: a y-axis title longer
    than its axis is wrapped over lines (the screen's tooltip has no paper equivalent), the
    margins grow to hold the titles (automargin), and a horizontal legend goes above the plot,
    where it cannot cover the x-axis title."""
    if figure.layout.legend.orientation == "h":
        figure.update_layout(legend={"yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"})
        figure.update_layout(margin={"t": max(figure.layout.margin.t or 0, 40)})
    height, margin = figure.layout.height or 400, figure.layout.margin
    axis_px = height - (margin.t or 0) - (margin.b or 0) - 60  # less the x-axis labels and title
    width = max(12, axis_px // TITLE_PX_PER_CHAR)
    figure.for_each_yaxis(lambda axis: _wrap_title(axis, width))
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    return figure


def _wrap_title(axis, width: int) -> None:
    text = axis.title.text
    if text and len(text) > width and "<br>" not in text:
        axis.title.text = "<br>".join(textwrap.wrap(text, width, break_long_words=False))


def png(chart: Chart) -> bytes | None:
    """The chart as a PNG, or None when no browser can draw it (or drawing fails)."""
    browser = _session.get("browser")
    if browser is None:
        return None
    try:
        return browser.png(for_print(charts.build(chart)))
    except Exception:  # noqa: BLE001 - one chart that cannot be drawn says so in the PDF
        return None
