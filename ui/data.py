"""The loaded data and the cached engine calls (keyed on the data version)."""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from jeugdhulpmonitor import REPO_ROOT, breakdowns, extract_cache
from jeugdhulpmonitor.engine import Engine, Figure, Scope, Selection
from jeugdhulpmonitor.pagemodel import PageModel, PageView
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.store import DataDirError, resolve
from jeugdhulpmonitor.views.page import page_model
from ui import signin


def data_dir() -> Path:
    """--data-dir after `streamlit run dashboard.py --`, else DATA_DIR, else the bundled sample."""
    args = sys.argv[1:]
    if "--data-dir" in args and args.index("--data-dir") + 1 < len(args):
        return Path(args[args.index("--data-dir") + 1])
    return Path(os.environ.get("DATA_DIR", REPO_ROOT / "sample_data"))


@st.cache_resource(show_spinner="Gegevens laden…")
def _engine(path: str, version: str) -> Engine:
    # A published version opens in place (read-only database): milliseconds, shared by processes.
    opened = Engine(Runner(path))
    _freeze_heap()
    return opened


def _freeze_heap() -> None:
    """Keep Streamlit's collection after every script run (runner.postScriptGC) to that run's
    garbage. A full collection walks every object alive: the libraries and the engine's stored
    answers, some 200,000 objects, 100-300 ms after each run, holding the lock that the reply to
    the browser waits for. Those live as long as the process; once the engine is open they are
    moved where the collector no longer walks them (still freed when no longer referenced)."""
    import ui.render  # noqa: F401 - the pages' libraries (Plotly, pandas' table code) first

    gc.collect()
    gc.freeze()


atexit.register(gc.unfreeze)  # collected at exit as usual (no leak reports from the bindings)


# Per data directory, the directory opened for it: a plain extract's cache once that is built
# (extract_cache.py; until then the extract itself, while the cache builds in the background).
_opened_from: dict[str, Path] = {}


# Per data directory, the last version this server opened intact and why current is not served
# (a damaged version): the dashboard stays on what it had rather than going dark.
_intact: dict[str, Engine] = {}
_refused: dict[str, str] = {}


def whole() -> Engine:
    """The engine for the current data version; raises DataDirError with a Dutch message.

    One version per script run: every call in a run returns what its first call opened, so a
    page never mixes two versions when `current` switches while it runs; the next run takes the
    new one. When the current version is damaged, the last intact version opened is served
    instead and `warning()` says so."""
    ctx = get_script_run_ctx()
    pinned = getattr(ctx, _THIS_RUN, None)
    if pinned is not None and pinned[0] is ctx.cursors:  # cursors: a new object at every run's start
        return pinned[1]
    opened = _current()
    if ctx is not None:  # kept on the run's context: held by no session between its runs
        setattr(ctx, _THIS_RUN, (ctx.cursors, opened))
    return opened


_THIS_RUN = "_jeugdhulpmonitor_engine"
_SWITCH = threading.Lock()  # sessions rerun in threads of their own: one of them releases


def _current() -> Engine:
    path = data_dir()
    try:
        source = extract_cache.prepared(path)
        if _opened_from.setdefault(str(path), source) != source:
            _engine.clear()  # the extract's cache is built: drop the copy read directly
            _opened_from[str(path)] = source
        version = resolve(source).version
        with _SWITCH:
            previous = _intact.get(str(path))
            if previous is not None and previous.runner.data_version != version:
                _release()
            opened = _engine(str(source), version)
    except Exception as exc:  # noqa: BLE001 - any failure to open the data is shown, not thrown
        if str(path) not in _intact:
            if isinstance(exc, DataDirError):
                raise
            raise _unreadable(path, exc) from exc
        reason = str(exc if isinstance(exc, DataDirError) else _unreadable(path, exc))
        if _refused.get(str(path)) != reason:  # the operator's log gets it once, with the full path
            print(f"jeugdhulpmonitor: {reason}", file=sys.stderr, flush=True)
        _refused[str(path)] = reason
        return _intact[str(path)]
    _intact[str(path)] = opened
    _refused.pop(str(path), None)
    return opened


def _release() -> None:
    """A new version is published: drop the old one's engine and everything cached for it, so
    its memory goes once the sessions still running on it finish their run (caches are keyed by
    version, so nothing stale would be served; this is about memory)."""
    for cached in (_engine, _within, _model, _compute, _table):
        cached.clear()


def _unreadable(path: Path, exc: Exception) -> DataDirError:
    return DataDirError(f"de gegevens in {path} kunnen niet worden gelezen ({type(exc).__name__})")


def engine() -> Engine:
    """The engine within the signed-in person's scope (ui/signin.py): every page's queries,
    models, downloads and documents come from it. Outside a Streamlit run (tests, scripts) the
    whole data's; inside one without a signed-in person, none."""
    if get_script_run_ctx() is None:
        return whole()
    found = signin.current()
    if found is None:
        raise PermissionError("no signed-in person in this session")
    opened = whole()
    return _within(opened.runner.data_version, found.scope, opened)


@st.cache_resource(show_spinner=False, max_entries=64)
def _within(version: str, scope: Scope, _whole: Engine) -> Engine:
    return _whole.within(scope)


def public(message: str) -> str:
    """A message for visitors: the data directory by its name, not its path on the server."""
    path = data_dir()
    return message.replace(str(path.resolve()), f"‘{path.name}’").replace(str(path), f"‘{path.name}’")


def warning() -> str | None:
    """Dutch notice when the dashboard serves an earlier version because current is damaged."""
    refused = _refused.get(str(data_dir()))
    if refused is None:
        return None
    shown = _intact[str(data_dir())].runner.data_version
    return f"De nieuwste gegevens zijn niet gebruikt: {public(refused)}. U ziet de laatste intacte versie ({shown})."


# Shared, not copied: a model is never changed once made (render and exports only read it), so a
# hit costs no unpickling and gives back the same objects, whose charts render.py builds once.
@st.cache_resource(show_spinner=False, max_entries=300)
def _model(version: str, scope: Scope, page: str, view: PageView) -> PageModel:
    return page_model(page, engine(), view)


def model(page: str, view: PageView) -> PageModel:
    """A page's whole content (jeugdhulpmonitor/views/), cached per data version, scope and view
    (the cache is shared by every session: the scope keeps one person's figures from another)."""
    opened = engine()
    return _model(opened.runner.data_version, opened.scope, page, view)


@st.cache_data(show_spinner=False, max_entries=2000)
def _compute(
    version: str, scope: Scope, ids: tuple[str, ...], period: str, selection: Selection, by: str | None, per_1000: bool
) -> list[Figure]:
    return engine().compute(list(ids), Period.parse(period), selection, by=by, per_1000=per_1000)


def figures(ids, period: Period, selection: Selection, by: str | None = None, per_1000: bool = False) -> list[Figure]:
    ids = (ids,) if isinstance(ids, str) else tuple(ids)
    opened = engine()
    return _compute(opened.runner.data_version, opened.scope, ids, str(period), selection, by, per_1000)


def one(indicator: str, period: Period, selection: Selection) -> Figure:
    return figures(indicator, period, selection)[0]


def series(
    indicator: str, periods: list[Period], selection: Selection, by: str | None = None, per_1000: bool = False
) -> list[Figure]:
    return [f for p in periods for f in figures(indicator, p, selection, by, per_1000)]


@st.cache_data(show_spinner=False, max_entries=500)
def _table(
    version: str, scope: Scope, name: str, period: str, selection: Selection, dimension: str | None
) -> breakdowns.Table:
    function = getattr(breakdowns, name)
    extra = {"dimension": dimension} if dimension else {}
    return function(engine(), Period.parse(period), selection, **extra)


def table(name: str, period: Period, selection: Selection, dimension: str | None = None) -> breakdowns.Table:
    """One of breakdowns.py's tables (by_dimension, transitions, money_rule), cached per version."""
    if name not in ("by_dimension", "transitions", "money_rule"):
        raise ValueError(f"unknown table {name!r}")
    opened = engine()
    return _table(opened.runner.data_version, opened.scope, name, str(period), selection, dimension)
