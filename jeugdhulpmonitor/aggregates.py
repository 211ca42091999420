"""Pre-aggregation at ingest: every flow query's result for every period, computed once per
published version and stored beside it (aggregates.parquet).

Running each query file per period and grouping would take minutes at national scale. Instead,
for all groupings at once (region; municipality; area; provider and theme within their region; a
provider, theme or area per municipality or area), three tables are built in one pass over the
trajectories (queries/pre_*.sql): per young person and year, bit masks of the months they were
in care (and entered, left, were placed); per month, the additive measures (days, starts,
ends); per month, waiting-time counts. Every period is a run of whole months within a year, so
each query's rows for every period follow exactly from them. Counts of young people are
distinct counts and never summed across groups or periods: the masks are per person
(PERFORMANCE.md).

A page's question "this indicator for one region, municipality, area, provider or theme, or per
group within a region" is then a lookup. Anything else (two filters at once, a restricted user
scope, a period not stored) runs directly on the trajectories. tests/test_aggregates.py holds
the stored and the direct path equal on the sample and on random extracts.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import BASELINE_YEAR, Period, all_periods
from jeugdhulpmonitor.selection import EVERYONE, Scope, Selection, params

FILE = "aggregates.parquet"
# Stored groupings of the flow queries (the grouping names in queries/pre_*.sql).
GROUPINGS = (
    "region", "municipality", "area", "region_provider", "region_theme",
    # a provider's or theme's figures per municipality and area (the performance dialogue)
    "provider_municipality", "provider_area", "theme_municipality", "theme_area", "area_municipality",
)  # fmt: skip
STEPS = ("pre_client_years", "pre_months", "pre_waits", "pre_durations")
# The queries whose rows queries/pre_periods.sql restates from the steps' tables.
FLOW_QUERIES = (
    "young_people_in_care", "inflow", "outflow", "out_of_home", "residential_days", "new_out_of_home",
    "intensive_at_imminent_pct", "early_termination_pct", "goal_attainment_pct", "no_new_care_within_year_pct",
    "waiting_days_median", "trajectory_days_median", "continuity_at_handover_pct", "waiting_list",
)  # fmt: skip
# Queries that look at a person's other trajectories within the scope (new care after a planned
# end): a restricted scope changes more than their rows, so under one they run directly.
BEYOND_SELECTION = {"no_new_care_within_year_pct"}
# Complaints counted per provider, municipality, area and theme (queries/pre_complaints.sql):
# additive, so stored for the flows' groupings from monthly counts.
COMPLAINT_QUERIES = ("complaints_received", "complaints_handled_in_time_pct")
# Money and population: their rows for every period and grouping come from one query
# (queries/pre_money.sql). A provider's money is stored for its groups too (the Financiën page
# and the performance dialogue with a provider); the budget is the municipalities', not a
# provider's, and population does not depend on provider or theme (the engine asks it without).
GEO_GROUPINGS = ("region", "municipality", "area")
PROVIDER_GROUPINGS = ("region_provider", "provider_municipality", "provider_area")
MONEY = {
    "budget_eur": GEO_GROUPINGS,
    "budget_utilisation_pct": GEO_GROUPINGS,
    "population": GEO_GROUPINGS,
    "lump_sum_eur": GEO_GROUPINGS + PROVIDER_GROUPINGS,
    "spend_eur": GEO_GROUPINGS + PROVIDER_GROUPINGS,
    "lump_sum_utilisation_pct": GEO_GROUPINGS + PROVIDER_GROUPINGS,
    "forecast_year_end_eur": GEO_GROUPINGS + PROVIDER_GROUPINGS,
}
# Tables beside the figures (breakdowns.py), stored as rows (item, item2, value, numerator,
# denominator) per period and one-filter selection of a region: flows by dimension
# (in_care, started, ended), care-form transitions (clients), and the money rule per provider
# and municipality (lump sum, spend), from which any selection and scope is assembled.
TABLE_STEPS = ("pre_dimensions", "pre_transitions", "pre_money_rule", "pre_durations_by_form")
DIMENSIONS = ("care_form", "referrer", "age_group", "provider")  # breakdowns.DIMENSIONS
TABLE_GROUPINGS = ("region", "municipality", "area", "region_provider", "region_theme")
# The cell keys of value, numerator and denominator (suppression.py), stored beside them.
CELL_KEYS = ("value_key", "numerator_key", "denominator_key")
VALUES = ("value", "numerator", "denominator", "basis", *CELL_KEYS)
SCHEMA = pa.schema(
    [("query", pa.string()), ("period", pa.string()), ("grouping", pa.string()), ("group_key", pa.string())]
    + [(c, pa.float64()) for c in VALUES]
    + [("milestone_date", pa.date32()), ("item", pa.string()), ("item2", pa.string())]
)


def key(query: str, extra: dict) -> str:
    """The stored name of a query's results: a delivered indicator's are stored per indicator,
    flows by dimension per dimension."""
    if "indicator_id" in extra:
        return f"{query}:{extra['indicator_id']}"
    return f"{query}:{extra['dimension']}" if "dimension" in extra else query


def build(engine, progress: Callable[[str], None] = lambda _m: None) -> tuple[pa.Table, dict]:
    """Every stored query's rows, and what is covered: {stored name: {groupings, periods}}.
    `engine` is the ingest's engine on the new version (its runner, catalogue, last date and
    scale); this module does not import the engine, which reads what this module builds."""
    first_year = min(2024, BASELINE_YEAR)
    periods = all_periods(first_year, engine.last_date)
    codes = [str(p) for p in periods]
    frames, coverage = [], {}
    started = time.monotonic()

    # Flow queries: month masks and monthly sums per grouping, then every period at once.
    years = {
        "first_year": first_year,
        "last_year": engine.last_date.year,
        "last_date": engine.last_date,
        "scope_municipalities": list(GEO().municipalities),
    }
    lists = {
        "period_codes": codes,
        "period_years": [p.year for p in periods],
        "first_months": [p.months[0] for p in periods],
        "last_months": [p.months[1] for p in periods],
        "period_starts": [p.start for p in periods],
        "period_ends": [p.end for p in periods],
    }
    # One pass over all groupings: each step's table holds every grouping's rows.
    for step in STEPS:
        engine.runner.materialise(step, **years)
    frames.append(engine.runner.run("pre_periods", **lists).frame)
    progress(f"pre-aggregated the flow queries ({time.monotonic() - started:.0f} s)")
    coverage |= {q: {"groupings": list(GROUPINGS), "periods": codes} for q in FLOW_QUERIES}

    # Money and population for every period and grouping in one query.
    money = engine.runner.run("pre_money", **lists, scope_municipalities=years["scope_municipalities"]).frame
    frames.append(money)
    coverage |= {name: {"groupings": list(g), "periods": codes} for name, g in MONEY.items()}
    progress(f"pre-aggregated the money and population ({time.monotonic() - started:.0f} s)")

    complaints = engine.runner.run("pre_complaints", **lists, scope_municipalities=years["scope_municipalities"])
    frames.append(complaints.frame)
    coverage |= {q: {"groupings": list(GROUPINGS), "periods": codes} for q in COMPLAINT_QUERIES}

    # Breakdown tables: one query each over all periods and selections.
    for step in TABLE_STEPS:
        frames.append(engine.runner.run(step, **years, **lists).frame)
    for dimension in DIMENSIONS:
        coverage[f"flows_by_dimension:{dimension}"] = {"groupings": list(TABLE_GROUPINGS), "periods": codes}
    coverage["care_form_transitions"] = {"groupings": list(TABLE_GROUPINGS), "periods": codes}
    coverage["durations_by_care_form"] = {"groupings": list(TABLE_GROUPINGS), "periods": codes}
    coverage["money_rule"] = {"groupings": ["provider_municipality"], "periods": codes}
    progress(f"pre-aggregated the breakdowns ({time.monotonic() - started:.0f} s)")

    # Delivered indicators: every indicator, delivered period and grouping in one query.
    delivered = [ind for ind in engine.catalogue.values() if not ind.from_flows]
    indicators = {
        "indicator_ids": [ind.id for ind in delivered],
        "scales": [float(engine.scale(ind)) for ind in delivered],
        "default_regions": [ind.regions[0] for ind in delivered],
    }
    scope = {"scope_municipalities": years["scope_municipalities"]}
    frames.append(engine.runner.run("pre_theme", **indicators, **scope).frame)
    for ind_id, ind_periods in engine.runner.run("theme_indicator_periods", **indicators).frame.itertuples(index=False):
        # An indicator without deliveries is not stored: the direct path finds nothing either.
        coverage[key("theme_indicator", {"indicator_id": ind_id})] = {
            "groupings": list(GROUPINGS),
            "periods": sorted(ind_periods),
        }
    progress(f"pre-aggregated the delivered indicators ({time.monotonic() - started:.0f} s)")

    table = pd.concat(frames, ignore_index=True).reindex(columns=SCHEMA.names)
    table = table.astype({c: "float64" for c in VALUES})
    table["milestone_date"] = pd.to_datetime(table["milestone_date"]).dt.date
    arrow = pa.Table.from_pandas(table, schema=SCHEMA, preserve_index=False)
    return arrow, coverage


def write(engine, directory: Path, progress=lambda _m: None) -> int:
    table, coverage = build(engine, progress=progress)
    table = _sorted(table).replace_schema_metadata({"coverage": json.dumps(coverage)})
    pq.write_table(table, Path(directory) / FILE, compression="zstd")
    return table.num_rows


# The columns of the stored tables as breakdowns.py's queries return them.
TABLE_COLUMNS = {
    "flows_by_dimension": {
        "item": "dimension_value",
        "value": "in_care",
        "numerator": "started",
        "denominator": "ended",
        "value_key": "in_care_key",
        "numerator_key": "started_key",
        "denominator_key": "ended_key",
    },
    "care_form_transitions": {"item": "from_form", "item2": "to_form", "value": "clients", "value_key": "clients_key"},
    "durations_by_care_form": {
        "item": "care_form",
        "numerator": "ended",
        "value": "median_days",
        "numerator_key": "ended_key",
    },
    "money_rule": {
        "item": "provider_id",
        "item2": "municipality_code",
        "value": "lump_sum_eur",
        "numerator": "spend_eur",
    },
}


class Aggregates:
    """The stored rows of one version, answering the selections they cover.

    The file is written in order of (query, period, grouping) (`write`); opening finds where
    each group's rows lie, and a group's rows become Python objects on first use. So opening a
    version costs a read, not an object per stored row (hundreds of thousands), and a dashboard
    process pays only for what its pages ask."""

    def __init__(self, path: Path):
        table = pq.read_table(path)
        self.coverage = {
            name: (set(c["groupings"]), set(c["periods"]))
            for name, c in json.loads(table.schema.metadata[b"coverage"]).items()
        }
        spans = _spans(table)
        if spans is None:  # a version written before its rows were stored in order
            table = _sorted(table)
            spans = _spans(table)
        self._table, self._spans = table, spans
        self._groups: dict[tuple[str, str, str], object] = {}

    def _group(self, name: str, period: str, grouping: str):
        """One (query, period, grouping)'s rows, built once: values per group_key, or for a
        breakdown table (TABLE_COLUMNS) its rows per group_key (item, item2, value, numerator,
        denominator)."""
        key = (name, period, grouping)
        found = self._groups.get(key)
        if found is not None:
            return found
        start, stop = self._spans.get(key, (0, 0))
        columns = self._table.slice(start, stop - start).to_pydict()
        if name.partition(":")[0] in TABLE_COLUMNS:
            built: dict = {}
            for i in range(stop - start):
                row = tuple(columns[c][i] for c in TABLE_FIELDS)
                built.setdefault(columns["group_key"][i], []).append(row)
        else:
            fields = (*VALUES, "milestone_date")
            built = {columns["group_key"][i]: {c: columns[c][i] for c in fields} for i in range(stop - start)}
        # Sessions ask from threads of their own; setdefault is atomic, so the first build is kept.
        return self._groups.setdefault(key, built)

    @classmethod
    def open(cls, directory: Path) -> Aggregates | None:
        path = Path(directory) / FILE
        return cls(path) if path.exists() else None

    def answer(
        self, name: str, period: Period, selection: Selection, by: str | None, scope: Scope = EVERYONE
    ) -> dict | None:
        """Rows per group_key as the query would return them, or None when not stored."""
        groupings, periods = self.coverage.get(name, (set(), set()))
        within = in_scope(selection, by, scope) if scope == EVERYONE or name not in BEYOND_SELECTION else None
        plan = _plan(within[0], by) if str(period) in periods and within is not None else None
        if plan is None or plan[0] not in groupings:
            return None
        grouping, pick = plan
        return within[1](pick(self._group(name, str(period), grouping)))

    def table(self, name: str, period: Period, selection: Selection, scope: Scope = EVERYONE) -> pd.DataFrame | None:
        """A breakdown table (TABLE_COLUMNS) as its query would return it, or None when not stored.
        The money rule is kept per provider and municipality, so any selection and scope reads
        its rows; the distinct counts only for the whole scope and a one-filter selection."""
        groupings, periods = self.coverage.get(name, (set(), set()))
        if str(period) not in periods:
            return None
        query = name.partition(":")[0]
        if query == "money_rule":
            chosen = _money_selection(selection, scope)
            rows = sorted(r for r in self._group(name, str(period), "provider_municipality").get(None, []) if chosen(r))
        else:
            within = in_scope(selection, None, scope)
            where = _one_group(within[0]) if within is not None else None
            if where is None or where[0] not in groupings:
                return None
            grouping, group_key = where
            rows = self._group(name, str(period), grouping).get(group_key, [])
        return _frame(query, rows)


# A stored table row: (item, item2, value, numerator, denominator and their cell keys).
TABLE_FIELDS = ("item", "item2", "value", "numerator", "denominator", *CELL_KEYS)
# The order of the stored rows: a group's rows lie together.
KEY = ("query", "period", "grouping")


def _sorted(table: pa.Table) -> pa.Table:
    """The rows in KEY order; the sort is stable, so a group's rows keep their order."""
    return table.take(pc.sort_indices(table, sort_keys=[(c, "ascending") for c in KEY]))


def _spans(table: pa.Table) -> dict[tuple, tuple[int, int]] | None:
    """(start, stop) of each group's rows, or None when a group's rows do not lie together."""
    if table.num_rows == 0:
        return {}
    codes = [np.asarray(pc.dictionary_encode(table[c]).combine_chunks().indices) for c in KEY]
    changed = np.zeros(table.num_rows, dtype=bool)
    changed[0] = True
    for code in codes:
        changed[1:] |= code[1:] != code[:-1]
    starts = np.flatnonzero(changed)
    stops = np.append(starts[1:], table.num_rows)
    firsts = table.select(list(KEY)).take(pa.array(starts)).to_pydict()
    spans = {
        tuple(firsts[c][i] for c in KEY): (int(start), int(stop))
        for i, (start, stop) in enumerate(zip(starts, stops, strict=True))
    }
    return spans if len(spans) == len(starts) else None


# Each stored table's column types, as its query returns them (the cell keys are int64 too).
_TABLE_TYPES = {
    "flows_by_dimension": {"in_care": "int64", "started": "int64", "ended": "int64"},
    "care_form_transitions": {"clients": "int64"},
    "durations_by_care_form": {"ended": "int64", "median_days": "float64"},
    "money_rule": {"lump_sum_eur": "float64", "spend_eur": "float64"},
}


def _frame(query: str, rows: list[tuple]) -> pd.DataFrame:
    names = TABLE_COLUMNS[query]
    positions = {c: i for i, c in enumerate(TABLE_FIELDS)}
    types = {shown: "int64" for c, shown in names.items() if c in CELL_KEYS} | _TABLE_TYPES[query]
    # Each column made with its type at once: converting object columns afterwards (astype)
    # was most of the time a page spends on its tables (the startfoto asks twelve per view).
    frame = pd.DataFrame(
        {shown: np.array([r[positions[c]] for r in rows], dtype=types.get(shown, object)) for c, shown in names.items()}
    )
    if query == "flows_by_dimension":
        return frame.sort_values("dimension_value", ignore_index=True)
    if query == "care_form_transitions":
        return frame.sort_values(["clients", "from_form", "to_form"], ascending=[False, True, True], ignore_index=True)
    if query == "durations_by_care_form":
        return frame.sort_values("care_form", ignore_index=True)
    return frame


def _money_selection(selection: Selection, scope: Scope) -> Callable[[tuple], bool]:
    """Whether a money-rule row (provider, municipality, ...) is in the selection and the scope,
    as queries/money_rule.sql decides it (an area covers its whole municipalities)."""
    geo = GEO()
    bound = params(selection, None, Period(BASELINE_YEAR, "Y"), scope)
    munis = set(bound["scope_municipalities"]) & set(bound["municipalities"] or bound["scope_municipalities"])
    if bound["areas"] is not None:
        munis = {m for m in munis if set(bound["areas"]) & set(geo.municipalities[m].areas)}
    providers = [set(p) for p in (bound["providers"], bound["scope_providers"]) if p is not None]
    return lambda row: row[1] in munis and all(row[0] in p for p in providers)


def in_scope(selection: Selection, by: str | None, scope: Scope) -> tuple[Selection, Callable[[dict], dict]] | None:
    """The whole-scope question whose stored answer is this scope's answer, with the filter that
    keeps its groups inside the scope; None when the scope would cut into a group.

    The scope is a row filter like the selection's own (queries/flows_in_selection.sql,
    delivered_rows.sql, the money queries), so where every row a group selects lies inside the
    scope, the scope removes nothing and the stored row is exact: a municipality's staff asking
    for their municipality, its areas or providers; a provider asking for its own figures (its
    one provider is then the selection's provider filter, which filters the same rows). A group
    partly inside the scope (the region total for one municipality's staff, an area across two
    municipalities) is not stored for the scope and runs directly."""
    if scope == EVERYONE:
        return selection, _everything
    allowed = None  # the groups of `by` inside the scope, where the scope cuts across the groups
    if scope.providers is not None:
        if by == "provider":
            allowed = set(scope.providers)
        elif selection.provider is None and len(scope.providers) == 1:
            selection = replace(selection, provider=scope.providers[0])
        elif selection.provider not in scope.providers:
            return None
    if scope.municipalities is not None:
        geo = GEO()
        inside = set(scope.municipalities)
        munis = set(selection.municipalities or geo.municipalities_of(selection.region or ""))
        if selection.area is not None:
            munis &= set(geo.areas[selection.area].municipalities)
        if by == "municipality":
            allowed = inside
        elif by == "area":
            areas = {a: set(geo.areas[a].municipalities) for m in munis for a in geo.municipalities[m].areas}
            if any(inside & cells and not cells <= inside for cells in areas.values()):
                return None  # an area partly inside the scope
            allowed = {a for a, cells in areas.items() if cells <= inside}
        elif not munis or not munis <= inside:
            return None
    if allowed is None:
        return selection, _everything
    return selection, lambda rows: {k: r for k, r in rows.items() if k in allowed}


def _everything(rows: dict) -> dict:
    return rows


def _one_group(selection: Selection) -> tuple[str, str] | None:
    """The stored (grouping, group_key) that is exactly this selection, or None."""
    geo = GEO()
    region = selection.region
    if region is None or len(selection.municipalities) > 1:
        return None
    restrictions = {
        "municipality": selection.municipalities[0] if selection.municipalities else None,
        "area": selection.area,
        "provider": selection.provider,
        "theme": selection.theme,
    }
    restrictions = {d: v for d, v in restrictions.items() if v}
    if len(restrictions) > 1:
        return None
    if not restrictions:
        return "region", region
    ((dimension, value),) = restrictions.items()
    if dimension == "municipality":
        return ("municipality", value) if value in geo.municipalities_of(region) else None
    if dimension == "area":
        return ("area", value) if value in geo.areas_of(region) else None
    return f"region_{dimension}", f"{region}|{value}"


PER_GEOGRAPHY = {
    ("provider", "municipality"),
    ("provider", "area"),
    ("theme", "municipality"),
    ("theme", "area"),
    ("area", "municipality"),
}


def _keys(mapping: dict) -> Callable[[dict], dict]:
    """Take the stored rows of these keys, returned under the key the direct query would give."""
    return lambda stored: {shown: stored[k] | {"group_key": shown} for k, shown in mapping.items() if k in stored}


def _part(place: str, first: bool) -> Callable[[dict], dict]:
    """Take the stored rows 'a|b' whose first part (or second) is `place`, returned under the
    other part: a region's providers or themes ('region|x'), or the providers, themes or areas
    within one municipality or area ('x|place')."""

    def take(stored: dict) -> dict:
        rows = {}
        for k, r in stored.items():
            a, bar, b = k.partition("|")
            shown, where = (b, a) if first else (a, b)
            if bar and where == place:
                rows[shown] = r | {"group_key": shown}
        return rows

    return take


def _as_group(pick: Callable[[dict], dict], key: str) -> Callable[[dict], dict]:
    """The selection's own row (group_key None) as the row of its one group `key`."""

    def single(stored: dict) -> dict:
        rows = pick(stored)
        return {key: rows[None] | {"group_key": key}} if None in rows else {}

    return single


def _plan(selection: Selection, by: str | None) -> tuple[str, Callable[[dict], dict]] | None:
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
    if len(selection.municipalities) > 1:
        return None
    if len(restrictions) == 2 and by is None:
        return _pair(region, restrictions)
    if len(restrictions) > 1:
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
        return f"region_{by}", _part(region, first=True)  # provider or theme
    ((dimension, value),) = restrictions.items()
    if by == dimension:  # the selection is its own one group
        one = _plan(selection, None)
        return one and (one[0], _as_group(one[1], value[0] if dimension == "municipality" else value))
    if (dimension, by) in PER_GEOGRAPHY:
        # A provider or theme per municipality or area of its region; an area per municipality.
        groups = geo.municipalities_of(region) if by == "municipality" else geo.areas_of(region)
        return f"{dimension}_{by}", _keys({f"{value}|{g}": g for g in groups})
    if (by, dimension) in PER_GEOGRAPHY:
        # The same rows the other way round: per provider or theme within a municipality or
        # area of the region, per area within a municipality (Cliëntstromen's providers).
        place = value[0] if dimension == "municipality" else value
        places = geo.municipalities_of(region) if dimension == "municipality" else geo.areas_of(region)
        return (f"{by}_{dimension}", _part(place, first=False)) if place in places else None
    if by is not None:
        return None
    if dimension == "municipality":
        (muni,) = value
        return ("municipality", _keys({muni: None})) if muni in geo.municipalities_of(region) else None
    if dimension == "area":
        return ("area", _keys({value: None})) if value in geo.areas_of(region) else None
    return f"region_{dimension}", _keys({f"{region}|{value}": None})


def _pair(region: str, restrictions: dict) -> tuple[str, Callable[[dict], dict]] | None:
    """Two filters at once that a stored per-geography grouping holds as one group (a provider's
    own figures in one municipality, say): that group's row."""
    geo = GEO()
    (first, a), (second, b) = restrictions.items()  # in the order municipality, area, provider, theme
    place = a[0] if first == "municipality" else a
    if place not in (geo.municipalities_of(region) if first == "municipality" else geo.areas_of(region)):
        return None
    if (second, first) in PER_GEOGRAPHY and second != "area":
        return f"{second}_{first}", _keys({f"{b}|{place}": None})
    if (first, second) == ("municipality", "area") and b in geo.municipalities[place].areas:
        return "area_municipality", _keys({f"{b}|{place}": None})
    return None
