"""The loaded data and the cached engine calls (keyed on the data version)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

from jeugdhulpmonitor import REPO_ROOT, breakdowns
from jeugdhulpmonitor.engine import Engine, Figure, Selection
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.store import DataDirError, resolve


def data_dir() -> Path:
    """--data-dir after `streamlit run dashboard.py --`, else DATA_DIR, else the bundled sample."""
    args = sys.argv[1:]
    if "--data-dir" in args and args.index("--data-dir") + 1 < len(args):
        return Path(args[args.index("--data-dir") + 1])
    return Path(os.environ.get("DATA_DIR", REPO_ROOT / "sample_data"))


@st.cache_resource(show_spinner="Gegevens laden…")
def _engine(path: str, version: str) -> Engine:
    return Engine(Runner(path))


def engine() -> Engine:
    """The engine for the current data version; raises DataDirError with a Dutch message."""
    path = data_dir()
    try:
        version = resolve(path).version
        return _engine(str(path), version)
    except DataDirError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to open the data is shown, not thrown
        raise DataDirError(f"de gegevens in {path} kunnen niet worden gelezen ({type(exc).__name__})") from exc


@st.cache_data(show_spinner=False, max_entries=2000)
def _compute(
    version: str, ids: tuple[str, ...], period: str, selection: Selection, by: str | None, per_1000: bool
) -> list[Figure]:
    return engine().compute(list(ids), Period.parse(period), selection, by=by, per_1000=per_1000)


def figures(ids, period: Period, selection: Selection, by: str | None = None, per_1000: bool = False) -> list[Figure]:
    ids = (ids,) if isinstance(ids, str) else tuple(ids)
    return _compute(engine().runner.data_version, ids, str(period), selection, by, per_1000)


def one(indicator: str, period: Period, selection: Selection) -> Figure:
    return figures(indicator, period, selection)[0]


def series(
    indicator: str, periods: list[Period], selection: Selection, by: str | None = None, per_1000: bool = False
) -> list[Figure]:
    return [f for p in periods for f in figures(indicator, p, selection, by, per_1000)]


@st.cache_data(show_spinner=False, max_entries=500)
def _table(version: str, name: str, period: str, selection: Selection, dimension: str | None) -> breakdowns.Table:
    function = getattr(breakdowns, name)
    extra = {"dimension": dimension} if dimension else {}
    return function(engine(), Period.parse(period), selection, **extra)


def table(name: str, period: Period, selection: Selection, dimension: str | None = None) -> breakdowns.Table:
    """One of breakdowns.py's tables (by_dimension, transitions, money_rule), cached per version."""
    if name not in ("by_dimension", "transitions", "money_rule"):
        raise ValueError(f"unknown table {name!r}")
    return _table(engine().runner.data_version, name, str(period), selection, dimension)
