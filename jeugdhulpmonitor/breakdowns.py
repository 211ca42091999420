"""Tables beside the indicators: flows by care form, referrer, age group or provider, movement
between care forms, durations of ended trajectories per care form, and the money rule per
provider and municipality.

They use the engine's selection and scope (so they mean the same as its figures) and the
protection of suppression.py (the small-count rule and the cell key method), applied here before
any view sees a table. Their counts are plain counts of distinct young people, not indicators
with a baseline and target.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from jeugdhulpmonitor import aggregates
from jeugdhulpmonitor.engine import Engine, Selection, SelectionError
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.runner import Query
from jeugdhulpmonitor.suppression import protect_counts

DIMENSIONS = {"care_form": "Zorgvorm", "referrer": "Verwijzer", "age_group": "Leeftijd", "provider": "Aanbieder"}
# The money rule: spending to date is compared with the time-proportional part of the lump sum
# (lump sum x months / 12); a larger deviation than this is marked for the dialogue.
MONEY_RULE_TOLERANCE_PCT = 10.0


@dataclass(frozen=True)
class Table:
    frame: pd.DataFrame
    query: str
    params: dict
    data_version: str


def _run(engine: Engine, name: str, period: Period, selection: Selection, **extra) -> Table:
    """The table from the version's stored rows (aggregates.py) where they hold it, else the query."""
    selection = selection.check(engine.providers)
    bound = engine.params(selection, None, period) | extra
    if engine.aggregates is not None:
        frame = engine.aggregates.table(aggregates.key(name, extra), period, selection, engine.scope)
        if frame is not None:
            provenance = Query.load(name).bind(bound) | {"pre_aggregated": aggregates.FILE}
            return Table(frame, name, provenance, engine.runner.data_version)
    result = engine.runner.run(name, **bound)
    return Table(result.frame, result.query, result.params, result.data_version)


def _protected(engine: Engine, frame: pd.DataFrame, counts: list[str]) -> pd.DataFrame:
    """The table's counts as anyone may see them (suppression.protect_counts), unless the engine
    is the data team's unprotected one; the cell keys never leave this module."""
    if engine.protect:
        return protect_counts(frame, counts)
    return frame.drop(columns=[f"{c}_key" for c in counts])


def by_dimension(engine: Engine, period: Period, selection: Selection, dimension: str) -> Table:
    """Young people in care, starting and ending per value of the dimension."""
    if dimension not in DIMENSIONS:
        raise SelectionError(f"onbekende indeling {dimension!r}")
    table = _run(engine, "flows_by_dimension", period, selection, dimension=dimension)
    frame = _protected(engine, table.frame, ["in_care", "started", "ended"])
    return Table(frame, table.query, table.params, table.data_version)


def in_use(engine: Engine, period: Period, selection: Selection, dimension: str) -> int:
    """How many values of the dimension delivered care (care forms, providers): the rows of
    `by_dimension`, which protection never drops (it hides or moves the counts in them), so
    their counts need not be protected only to be counted."""
    if dimension not in DIMENSIONS:
        raise SelectionError(f"onbekende indeling {dimension!r}")
    return len(_run(engine, "flows_by_dimension", period, selection, dimension=dimension).frame)


def transitions(engine: Engine, period: Period, selection: Selection) -> Table:
    """From one care form to another: young people per pair, small pairs suppressed."""
    table = _run(engine, "care_form_transitions", period, selection)
    frame = _protected(engine, table.frame, ["clients"])
    return Table(frame, table.query, table.params, table.data_version)


def durations(engine: Engine, period: Period, selection: Selection) -> Table:
    """Per care form: trajectories ended in the period and their median duration in days; the
    median of fewer than the threshold's trajectories is hidden with its count."""
    table = _run(engine, "durations_by_care_form", period, selection)
    frame = _protected(engine, table.frame, ["ended"])
    frame["median_days"] = frame["median_days"].astype("float64").where(frame["ended"].notna())
    return Table(frame, table.query, table.params, table.data_version)


def money_rule(engine: Engine, period: Period, selection: Selection) -> Table:
    """Per provider and municipality: lump-sum part, spending to date, the time-proportional
    expectation, the deviation and whether it exceeds MONEY_RULE_TOLERANCE_PCT."""
    table = _run(engine, "money_rule", period, selection)
    frame = table.frame.copy()
    frame["expected_eur"] = frame["lump_sum_eur"] * period.months_to_end / 12
    frame["deviation_eur"] = frame["spend_eur"].fillna(0) - frame["expected_eur"]
    expected = frame["expected_eur"].where(frame["expected_eur"] > 0)
    frame["deviation_pct"] = 100 * frame["deviation_eur"] / expected
    frame["mismatch"] = frame["deviation_pct"].abs().gt(MONEY_RULE_TOLERANCE_PCT) | (
        frame["spend_eur"].fillna(0).ne(0) & expected.isna()
    )
    return Table(frame, table.query, table.params, table.data_version)
