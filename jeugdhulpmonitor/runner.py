"""One runner for all SQL: a DuckDB connection opened once, a cursor per query.

Queries live in queries/<name>.sql with $named parameters. The runner binds exactly the
parameters a file names (DuckDB rejects missing ones), so callers pass one dictionary of the
selection and every query takes what it needs. Results carry the query and its parameters.
The contract's code lists (residential care forms, end reasons, themes) are bound here into
every query that names them, so no query file retypes a code.
The runner only runs SQL: the engine opens and owns a version's pre-aggregated results.

A published version is opened in place: its DuckDB database (store.DATABASE) is attached
read-only and the tables are views on it, so opening costs milliseconds whatever the size and
several processes can share one version. A plain extract (or a version published before the
database was written) is copied into memory from its Parquet files.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import psutil

from jeugdhulpmonitor import QUERIES_DIR
from jeugdhulpmonitor.contract import (
    COMPLAINT_WITHDRAWN,
    EARLY_END_REASONS,
    PLANNED_END_REASON,
    RESIDENTIAL_CARE_FORMS,
    TABLES,
    THEMES,
)
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.store import DATABASE, Extract, resolve
from jeugdhulpmonitor.suppression import KEY_MODULUS, record_key_secret, record_key_sql

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
MACROS = (
    "flows_in_selection",
    "cells_in_selection",
    "budgets_in_force",
    "spend_in_groups",
    "flows_by_grouping",
    "delivered_in_group",
    "delivered_rows",
    "handovers",
    "complaints_in_selection",
)
# The contract's codes as $parameters (contract.py is their one place).
CODES = {
    "residential_forms": list(RESIDENTIAL_CARE_FORMS),
    "early_end_reasons": list(EARLY_END_REASONS),
    "planned_end_reason": PLANNED_END_REASON,
    "all_themes": list(THEMES),
    "complaint_withdrawn": COMPLAINT_WITHDRAWN,
    "key_modulus": KEY_MODULUS,  # cell keys are sums of record keys modulo this (suppression.py)
}
log = logging.getLogger(__name__)
THREADS_ENV = "JHM_DUCKDB_THREADS"
INGEST_MEMORY_ENV = "JHM_INGEST_MEMORY"
_DUCK_TYPES = {"string": "varchar", "integer": "bigint", "number": "double", "date": "date", "boolean": "boolean"}


def copy_tables(con: duckdb.DuckDBPyConnection, directory: Path) -> None:
    """Every contract table into the connection's database from the directory's Parquet files
    (empty when not delivered): so every page's queries avoid Parquet decoding. The trajectories
    gain each young person's record key for the cell key method (suppression.py), fixed here."""
    for spec in TABLES.values():
        path = directory / spec.file
        source = "(select * from read_parquet(?))" if path.exists() else f"({_empty(spec)})"
        args = [str(path)] if path.exists() else []
        if spec.table in KEYED_TABLES:
            key = record_key_sql(KEYED_TABLES[spec.table])
            source = f"(select *, {key} as record_key from {source})"
            args = [record_key_secret(), *args]
        con.execute(f"create table {spec.table} as select * from {source}", args)


# The tables whose rows carry a record key (suppression.py), and the column it follows from:
# a young person's pseudonymised id; a complaint's own id (a complaint is counted, not a person).
KEYED_TABLES = {"client_flows": "client_id", "complaints": "complaint_id"}
_PUBLISHED_TABLES = "select table_name from duckdb_tables() where database_name = 'published'"
_KEYED = "select table_name from duckdb_columns() where database_name = 'published' and column_name = 'record_key'"


def _empty(spec) -> str:
    """A select of no rows with the table's contract columns (identifiers from the contract)."""
    return "select " + ", ".join(f"null::{_DUCK_TYPES[c.kind]} as {c.name}" for c in spec.columns) + " where false"


def ingest_memory() -> str:
    """DuckDB's memory limit for the pre-aggregation at ingest: $JHM_INGEST_MEMORY (a DuckDB size
    such as "8GB"), else half of this machine's memory. The dashboard's 1 GB made the scale-25
    pre-aggregation spill its 32 million person-year rows to disk: 199 s instead of 123 s."""
    value = os.environ.get(INGEST_MEMORY_ENV, "").strip()
    if not value:
        return f"{max(1, psutil.virtual_memory().total // 2**31)}GB"
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", value, re.IGNORECASE):
        raise ValueError(f"{INGEST_MEMORY_ENV}={value!r}: expected a size such as 8GB or 500MB")
    return value


def threads() -> int:
    """DuckDB's threads per connection: $JHM_DUCKDB_THREADS, else 2 (the large queries of the
    direct path gain from a second core; the test suite, whose thousands of small queries are
    mostly planning, sets 1 for its parallel workers)."""
    value = os.environ.get(THREADS_ENV, "2")
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{THREADS_ENV}={value!r}: expected a whole number of threads, at least 1")
    return int(value)


class QueryError(RuntimeError):
    pass


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    params: tuple[str, ...]

    @classmethod
    @cache
    def load(cls, name: str) -> Query:
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise QueryError(f"invalid query name {name!r}")
        path = QUERIES_DIR / f"{name}.sql"
        if not path.exists():
            raise QueryError(f"no query file queries/{name}.sql")
        sql = path.read_text(encoding="utf-8")
        return cls(name, sql, tuple(dict.fromkeys(_PARAM.findall(sql))))

    def bind(self, params: dict) -> dict:
        """Exactly the parameters this file names (DuckDB rejects others), or a clear error.
        The contract's codes are always at hand."""
        params = params | CODES
        missing = [p for p in self.params if p not in params]
        if missing:
            raise QueryError(f"queries/{self.name}.sql needs parameters {missing}")
        return {p: params[p] for p in self.params}


@dataclass(frozen=True)
class Result:
    frame: pd.DataFrame | None  # None: the rows were read as records, or answered from the stored ones
    query: str
    params: dict
    data_version: str


class Runner:
    """Opens an extract once; safe to share between threads (a cursor per query)."""

    def __init__(self, data_dir: Path | str, memory_limit: str = "1GB"):
        # A published version's files are compared with its manifest's checksums once per process.
        self.extract: Extract = resolve(data_dir, checksums=True)
        self._config = {"memory_limit": memory_limit, "threads": threads()}
        self._con = duckdb.connect(config=self._config)
        self.available: set[str] = {s.table for s in TABLES.values() if (self.extract.path / s.file).exists()}
        self.in_place = self.extract.managed and self._attach()
        if not self.in_place:
            copy_tables(self._con, self.extract.path)
        self._load_geography()
        for macro in MACROS:
            self._con.execute(Query.load(macro).sql)
        self.timings: list | None = None  # the benchmark collects (query, ms, params) here

    @property
    def data_version(self) -> str:
        return self.extract.version

    def _attach(self) -> bool:
        """Views on the version's database, attached read-only; False (with the reason logged)
        when there is none or it cannot be opened, and the tables are copied instead."""
        path = self.extract.path / DATABASE
        if not path.exists():
            return False
        try:
            quoted = str(path).replace("'", "''")  # attach takes no bound parameter
            self._con.execute(f"attach '{quoted}' as published (read_only)")
            stored = {r[0] for r in self._con.execute(_PUBLISHED_TABLES).fetchall()}
            keyed = {r[0] for r in self._con.execute(_KEYED).fetchall()}
            for spec in TABLES.values():
                # A table the contract gained after this version was published reads as empty.
                source = f"published.main.{spec.table}" if spec.table in stored else f"({_empty(spec)})"
                if spec.table in KEYED_TABLES and spec.table in stored and spec.table not in keyed:
                    # published before record keys were stored: copied, so the key is computed once
                    raise duckdb.Error(f"{spec.table} has no record keys")
                self._con.execute(f"create view {spec.table} as select * from {source}")
        except duckdb.Error as exc:
            log.warning("%s cannot be opened in place (%s); copying its tables into memory", path, exc)
            self._con.close()
            self._con = duckdb.connect(config=self._config)
            return False
        return True

    def _load_geography(self) -> None:
        geo = GEO()
        municipalities = pd.DataFrame(
            [(m.code, m.region, m.name) for m in geo.municipalities.values()],
            columns=["municipality_code", "region_code", "name"],
        )
        cells = pd.DataFrame(
            [(m.region, m.code, a, len(m.areas)) for m in geo.municipalities.values() for a in m.areas],
            columns=["region_code", "municipality_code", "area_code", "n_areas"],
        )
        self._con.register("_m", municipalities)
        self._con.register("_c", cells)
        self._con.execute("create table geo_municipalities as select * from _m")
        self._con.execute("create table geo_cells as select * from _c")
        self._con.unregister("_m")
        self._con.unregister("_c")

    def run(self, name: str, **params) -> Result:
        frame, result = self._execute(name, params, lambda cursor: cursor.df())
        return replace(result, frame=frame)

    def records(self, name: str, **params) -> tuple[list[dict], Result]:
        """A query's rows as dictionaries of plain Python values, without a DataFrame: a figure
        reads a few values per group, and on small data building the frame cost a third as much
        as the query itself. The Result carries the provenance only (no frame)."""

        def fetch(cursor) -> list[dict]:
            columns = [d[0] for d in cursor.description]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

        return self._execute(name, params, fetch)

    def _execute(self, name: str, params: dict, fetch):
        query = Query.load(name)
        bound = query.bind(params)
        cursor = self._con.cursor()
        started = time.perf_counter()
        try:
            cursor.execute(query.sql, bound)
            rows = fetch(cursor)
        finally:
            cursor.close()
        if self.timings is not None:
            self.timings.append((name, (time.perf_counter() - started) * 1000, bound))
        return rows, Result(None, name, bound, self.data_version)

    def explain(self, name: str, top: int = 5, **params) -> str:
        """EXPLAIN ANALYZE of a query with these parameters, summed up: its slowest operators."""
        query = Query.load(name)
        bound = query.bind(params)
        plan = json.loads(self._con.execute(f"explain (analyze, format json) {query.sql}", bound).fetchall()[0][1])
        operators = []

        def walk(node):
            operators.append((node.get("timing", 0.0), node["type"], node.get("intermediate_rows", 0)))
            for child in node.get("children", []):
                walk(child)

        for node in plan["operator"]:
            walk(node)
        slowest = sorted(operators, reverse=True)[:top]
        return "; ".join(f"{kind} {seconds * 1000:.1f} ms, {rows:,} rows" for seconds, kind, rows in slowest)

    def materialise(self, name: str, **params) -> int:
        """Keep a query's result as a table of the same name (for multi-step work such as the
        pre-aggregation); the name is a checked query name, so no identifier comes from outside."""
        query = Query.load(name)
        bound = query.bind(params)
        self._con.execute(f"create or replace table {name} as {query.sql}", bound)
        return self._con.execute(f"select count(*) from {name}").fetchall()[0][0]

    def close(self) -> None:
        self._con.close()
