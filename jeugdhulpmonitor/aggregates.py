"""Pre-aggregation at ingest: every flow query's result for every period, computed once per
published version and stored beside it (aggregates.parquet).

Running each query file per period and grouping would take minutes at national scale. Instead,
per grouping (region; municipality; area; provider and theme within their region), three
tables are built in one pass over the trajectories (queries/pre_*.sql): per young person and
year, bit masks of the months they were in care (and entered, left, were placed); per month,
the additive measures (days, starts, ends); per month, waiting-time counts. Every period is a
run of whole months within a year, so each query's rows for every period follow exactly from
them. Counts of young people are distinct counts and never summed across groups or periods:
the masks are per person (PERFORMANCE.md).

A page's question "this indicator for one region, municipality, area, provider or theme, or per
group within a region" is then a lookup. Anything else (two filters at once, a restricted user
scope, a period not stored) runs directly on the trajectories. tests/test_aggregates.py holds
the stored and the direct path equal on the sample and on random extracts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import BASELINE_YEAR, Period, all_periods

FILE = "aggregates.parquet"
# Stored groupings: the group_by value each is computed with.
GROUPINGS = ("region", "municipality", "area", "region_provider", "region_theme")
VALUES = ("value", "numerator", "denominator", "basis")
SCHEMA = pa.schema(
    [("query", pa.string()), ("period", pa.string()), ("grouping", pa.string()), ("group_key", pa.string())]
    + [(c, pa.float64()) for c in VALUES]
)


STEPS = ("pre_client_years", "pre_months", "pre_waits")


def build(engine, progress: Callable[[str], None] = lambda _m: None) -> pa.Table:
    """Every flow query's rows for every period of the data and every stored grouping."""
    first_year = min(2024, BASELINE_YEAR)
    periods = all_periods(first_year, engine.last_date)
    years = {
        "first_year": first_year,
        "last_year": engine.last_date.year,
        "last_date": engine.last_date,
        "scope_municipalities": list(GEO().municipalities),
    }
    lists = {
        "period_codes": [str(p) for p in periods],
        "period_years": [p.year for p in periods],
        "first_months": [p.months[0] for p in periods],
        "last_months": [p.months[1] for p in periods],
    }
    frames = []
    started = time.monotonic()
    for grouping in GROUPINGS:
        for step in STEPS:
            engine.runner.materialise(step, **years, group_by=grouping)
        frame = engine.runner.run("pre_periods", **lists).frame.assign(grouping=grouping)
        frames.append(frame)
        progress(f"pre-aggregated per {grouping} ({time.monotonic() - started:.0f} s)")
    table = pd.concat(frames, ignore_index=True)[SCHEMA.names]
    return pa.Table.from_pandas(table.astype({c: "float64" for c in VALUES}), schema=SCHEMA, preserve_index=False)


def write(engine, directory: Path, progress=lambda _m: None) -> int:
    table = build(engine, progress=progress)
    pq.write_table(table, Path(directory) / FILE, compression="zstd")
    return table.num_rows


class Aggregates:
    """The stored rows of one version, answering the selections they cover."""

    def __init__(self, path: Path):
        frame = pq.read_table(path).to_pandas()
        self.queries = set(frame["query"])
        self._rows: dict[tuple[str, str, str], dict[str, dict]] = {}
        for (query, period, grouping), part in frame.groupby(["query", "period", "grouping"], sort=False):
            self._rows[(query, period, grouping)] = {
                r["group_key"]: {k: (None if pd.isna(r[k]) else r[k]) for k in VALUES} for r in part.to_dict("records")
            }
        self.periods = {p for _q, p, _g in self._rows}

    @classmethod
    def open(cls, directory: Path) -> Aggregates | None:
        path = Path(directory) / FILE
        return cls(path) if path.exists() else None

    def answer(self, query: str, period: Period, selection, by: str | None) -> dict | None:
        """Rows per group_key as the query would return them, or None when not stored."""
        if query not in self.queries or str(period) not in self.periods:
            return None
        plan = _plan(selection, by)
        if plan is None:
            return None
        grouping, pick = plan
        return pick(self._rows.get((query, str(period), grouping), {}))


def _keys(mapping: dict) -> Callable[[dict], dict]:
    """Take the stored rows of these keys, returned under the key the direct query would give."""
    return lambda stored: {shown: stored[k] | {"group_key": shown} for k, shown in mapping.items() if k in stored}


def _within(region: str) -> Callable[[dict], dict]:
    """Take the stored rows 'region|x' of one region, returned as 'x' (its providers or themes)."""
    prefix = f"{region}|"
    return lambda stored: {
        k.removeprefix(prefix): r | {"group_key": k.removeprefix(prefix)} for k, r in stored.items() if k.startswith(prefix)
    }


def _plan(selection, by: str | None) -> tuple[str, Callable[[dict], dict]] | None:
    """Which stored grouping answers (selection, by), and how to read its rows; None if none does."""
    geo = GEO()
    region = selection.region
    if region is None:
        return None
    restrictions = {
        "municipality": selection.municipalities,
        "area": selection.area,
        "provider": selection.provider,
        "theme": selection.theme,
    }
    restrictions = {d: v for d, v in restrictions.items() if v}
    if len(restrictions) > 1 or len(selection.municipalities) > 1:
        return None
    if not restrictions:
        if by is None:
            return "region", _keys({region: None})
        if by == "region":
            return "region", _keys({region: region})
        if by == "municipality":
            return "municipality", _keys({m: m for m in geo.municipalities_of(region)})
        if by == "area":
            return "area", _keys({a: a for a in geo.areas_of(region)})
        return f"region_{by}", _within(region)  # provider or theme
    if by is not None:
        return None
    ((dimension, value),) = restrictions.items()
    if dimension == "municipality":
        (muni,) = value
        return ("municipality", _keys({muni: None})) if muni in geo.municipalities_of(region) else None
    if dimension == "area":
        return ("area", _keys({value: None})) if value in geo.areas_of(region) else None
    return f"region_{dimension}", _keys({f"{region}|{value}": None})
