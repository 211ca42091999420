"""Tiny hand-made extracts for tests: real Parquet files written through the contract's types."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from jeugdhulpmonitor.contract import ARROW_TYPES, TABLES

FLOW_DEFAULTS = {
    "client_id": "c1",
    "birth_year": 2012,
    "municipality_code": "GM0358",
    "area_code": "amstelveen-aalsmeer",
    "provider_id": "AA01",
    "theme": "B",
    "care_form": "ambulant",
    "referrer": "huisarts",
    "request_date": None,
    "start_date": date(2027, 1, 1),
    "end_date": None,
    "end_reason": None,
    "imminent_out_of_home": False,
    "intensive": False,
    "goal_attained": None,
}
PROVIDERS = [
    {"provider_id": "AA01", "name": "Aanbieder 1", "region_code": "amsterdam-amstelland"},
    {"provider_id": "AA02", "name": "Aanbieder 2", "region_code": "amsterdam-amstelland"},
]
POPULATION = [
    {"municipality_code": m, "area_code": None, "year": y, "population_0_17": p}
    for y in (2026, 2027)
    for m, p in (("GM0358", 2000), ("GM0362", 4000), ("GM0363", 10000))
] + [{"municipality_code": "GM0363", "area_code": "noord", "year": y, "population_0_17": 3000} for y in (2026, 2027)]


def table(name: str, rows: list[dict]) -> pa.Table:
    spec = TABLES[name]
    return pa.table({c.name: pa.array([r.get(c.name) for r in rows], ARROW_TYPES[c.kind]) for c in spec.columns})


def flows(*rows: dict) -> list[dict]:
    """Trajectories with defaults; end_reason 'volgens_plan' is filled in where an end is given."""
    out = []
    for i, r in enumerate(rows, 1):
        row = FLOW_DEFAULTS | {"trajectory_id": f"t{i}"} | r
        if row["end_date"] is not None and "end_reason" not in r:
            row["end_reason"] = "volgens_plan"
        out.append(row)
    return out


def write(directory: Path, client_flows: list[dict], **others: list[dict]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    tables = {"client_flows": client_flows, "providers": PROVIDERS, "population": POPULATION} | others
    for name, rows in tables.items():
        pq.write_table(table(name, rows), directory / TABLES[name].file)
    return directory
