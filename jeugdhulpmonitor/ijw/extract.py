"""Write the imported trajectories as an extract in the contract's format, and mark it as
derived from the message traffic (docs/contract_additions.md, issue 17).

The mark is Parquet key-value metadata on client_flows.parquet: the contract's columns and
files stay exactly as they are, ingest carries the schema's metadata into the published
version, and the Data page reads it from there.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from jeugdhulpmonitor.contract import ARROW_TYPES, TABLES
from jeugdhulpmonitor.ijw.apply import Trajectories
from jeugdhulpmonitor.ijw.mappings import Mappings
from jeugdhulpmonitor.ijw.report import REPORT_FILE, ImportReport

ORIGIN_KEY = b"jeugdhulpmonitor.origin"
ORIGIN_IJW = "ijw"


def origin(directory: Path) -> dict | None:
    """The origin mark of an extract's client_flows.parquet, or None (delivered otherwise)."""
    try:
        metadata = pq.read_schema(Path(directory) / TABLES["client_flows"].file).metadata or {}
        return json.loads(metadata[ORIGIN_KEY]) if ORIGIN_KEY in metadata else None
    except (OSError, ValueError, pa.ArrowException):
        return None


def tables(rows: Trajectories, mappings: Mappings, mark: dict) -> dict[str, pa.Table]:
    spec = TABLES["client_flows"]
    flows = pa.table({c.name: _column(rows.columns[c.name], c.kind) for c in _required(spec)})
    flows = flows.sort_by([(c, "ascending") for c in (*spec.sort_by, "trajectory_id")])
    flows = flows.replace_schema_metadata({ORIGIN_KEY: json.dumps(mark, ensure_ascii=False).encode()})
    providers = sorted(rows.providers)
    # A provider serving several regions belongs to the one with most of its trajectories.
    regions = [min(rows.providers[p].items(), key=lambda kv: (-kv[1], kv[0]))[0] for p in providers]
    names = [mappings.providers.get(p, f"Aanbieder {p}") for p in providers]
    spec = TABLES["providers"]
    provider_table = pa.table(
        {"provider_id": pa.array(providers, pa.string()), "name": names, "region_code": regions},
        schema=pa.schema([(c.name, ARROW_TYPES[c.kind]) for c in _required(spec)]),
    )
    return {"client_flows": flows, "providers": provider_table}


def _column(values: list, kind: str) -> pa.Array:
    if kind == "date":  # ISO strings (messages.py), cast in one go
        return pa.array(values, pa.string()).cast(pa.date32())
    return pa.array(values, ARROW_TYPES[kind])


def _required(spec):
    """The contract's columns without the optional additions, which iJw does not carry."""
    return [c for c in spec.columns if not c.optional]


def write(out: Path, tables: dict[str, pa.Table], report: ImportReport, population: Path | None) -> None:
    """Write everything into a staging folder beside OUT, then move each file in: a failure
    leaves OUT as it was (a file is replaced whole by os.replace, never half-written)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.ijw-", dir=out.parent))
    try:
        for name, table in tables.items():
            pq.write_table(table, staging / TABLES[name].file, compression="zstd")
        if population is not None:
            shutil.copyfile(population, staging / TABLES["population"].file)
        report.written = True
        report.write(staging / REPORT_FILE)
        out.mkdir(exist_ok=True)
        for path in sorted(staging.iterdir()):
            os.replace(path, out / path.name)
    except BaseException:
        report.written = False
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
