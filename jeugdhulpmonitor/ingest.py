"""Validate a delivery and publish it as the data directory's current data, atomically.

All or nothing for the delivery's shape: a file that cannot be read, or a missing required
file or column, rejects the whole delivery and leaves the current data as it was. Rows that
break a rule are kept aside in the version's quarantine/ with the rule they broke; the rest is
published. Every run writes a report to DATA_DIR/reports/.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from jeugdhulpmonitor import aggregates
from jeugdhulpmonitor.engine import Engine
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.store import CURRENT, MANIFEST, content_hash, switch_current, versions
from jeugdhulpmonitor.validation import Validation, validate

ROW_GROUP = 64_000


@dataclass
class IngestReport:
    source: str
    data_dir: str
    started: str
    published: bool = False
    version: str | None = None
    previous_version: str | None = None
    file_problems: list[str] = field(default_factory=list)
    accepted_rows: dict[str, int] = field(default_factory=dict)
    rejected_rows: dict[str, int] = field(default_factory=dict)
    rejected_by_reason: dict[str, dict[str, int]] = field(default_factory=dict)
    aggregate_rows: int = 0
    aggregates_s: float = 0.0

    def render(self) -> str:
        lines = [f"ingest {self.source} -> {self.data_dir}"]
        if not self.published:
            lines.append("REJECTED: the delivery cannot be used; the current data is unchanged.")
            lines += [f"  {p}" for p in self.file_problems]
            return "\n".join(lines)
        lines.append(f"published version {self.version} (previous: {self.previous_version or 'none'})")
        for file, n in self.accepted_rows.items():
            rejected = self.rejected_rows.get(file, 0)
            lines.append(f"  {file}: {n:,} rows accepted, {rejected:,} set aside")
            for reason, count in sorted(self.rejected_by_reason.get(file, {}).items()):
                lines.append(f"      {count:,} × {reason}")
        lines.append(f"  {self.aggregate_rows:,} pre-aggregated rows in {self.aggregates_s} s")
        if any(self.rejected_rows.values()):
            lines.append(f"rows set aside are in versions/{self.version}/quarantine/ with their reasons")
        return "\n".join(lines)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _as_published(spec, table: pa.Table) -> pa.Table:
    """Dates as date32 (a timestamp at midnight is accepted on delivery), sorted for skipping."""
    for col in spec.columns:
        if col.kind == "date" and not pa.types.is_date32(table.schema.field(col.name).type):
            i = table.schema.get_field_index(col.name)
            table = table.set_column(i, col.name, table.column(col.name).cast(pa.date32()))
    if spec.sort_by:
        table = table.sort_by([(c, "ascending") for c in spec.sort_by])
    return table


def _quarantine(file_result, path: Path) -> None:
    rows = sorted(file_result.rejected)
    table = file_result.table.take(pa.array(rows))
    table = table.append_column("_row", pa.array([r + 1 for r in rows], pa.int64()))
    table = table.append_column("_reasons", pa.array(["; ".join(file_result.rejected[r]) for r in rows]))
    pq.write_table(table, path)


def _write_report(data_dir: Path, report: IngestReport) -> None:
    reports = data_dir / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    (reports / f"{report.started}.json").write_text(json.dumps(asdict(report), indent=1, ensure_ascii=False))


def _current_version(data_dir: Path) -> str | None:
    current = data_dir / CURRENT
    return current.resolve().name if current.exists() else None


def ingest(src: Path | str, data_dir: Path | str, progress: Callable[[str], None] = lambda _m: None) -> IngestReport:
    src, data_dir = Path(src), Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    report = IngestReport(str(src), str(data_dir), _stamp(), previous_version=_current_version(data_dir))
    progress(f"validating {src}")
    result: Validation = validate(src)
    if result.fatal:
        report.file_problems = [p.line() for p in result.file_problems]
        _write_report(data_dir, report)
        return report

    version = f"{report.started}-{content_hash(src)[:8]}"
    staging = data_dir / "versions" / f".staging-{version}"
    (staging / "quarantine").mkdir(parents=True)
    try:
        for file_result in result.files.values():
            spec = file_result.spec
            progress(f"publishing {spec.file}")
            accepted = _as_published(spec, file_result.accepted)
            pq.write_table(accepted, staging / spec.file, compression="zstd", row_group_size=ROW_GROUP)
            report.accepted_rows[spec.file] = accepted.num_rows
            report.rejected_rows[spec.file] = len(file_result.rejected)
            if file_result.rejected:
                _quarantine(file_result, staging / "quarantine" / spec.file)
                reasons = Counter(r for rs in file_result.rejected.values() for r in rs)
                report.rejected_by_reason[spec.file] = dict(reasons)
        progress("pre-aggregating the flow queries")
        started = time.monotonic()
        with closing(Runner(staging)) as runner:
            report.aggregate_rows = aggregates.write(Engine(runner, use_aggregates=False), staging, progress)
        report.aggregates_s = round(time.monotonic() - started, 1)
        report.published, report.version = True, version
        manifest = {
            "version": version,
            "source": str(src.resolve()),
            "published": report.started,
            "rows": report.accepted_rows,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1))
        (staging / "ingest_report.json").write_text(json.dumps(asdict(report), indent=1, ensure_ascii=False))
        staging.rename(data_dir / "versions" / version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    switch_current(data_dir, version)
    _write_report(data_dir, report)
    progress(f"version {version} is current")
    return report


def rollback(data_dir: Path | str, to: str | None = None) -> str:
    """Make an earlier published version current again (default: the one before current)."""
    data_dir = Path(data_dir)
    known = versions(data_dir)
    current = _current_version(data_dir)
    if to is None:
        earlier = [v for v in known if current is None or v < current]
        if not earlier:
            raise ValueError(f"no version before {current} in {data_dir}")
        to = earlier[-1]
    if to not in known:
        raise ValueError(f"unknown version {to!r}; known: {', '.join(known) or 'none'}")
    switch_current(data_dir, to)
    return to
