"""Validate a delivery and publish it as the data directory's current data, atomically.

All or nothing for the delivery's shape: a file that cannot be read, or a missing required
file or column, rejects the whole delivery and leaves the current data as it was. Rows that
break a rule are kept aside in the version's quarantine/ with the rule they broke; the rest is
published. Every run writes a report to DATA_DIR/reports/, a failure too (disk full, a fault):
the report gives the reason, the unfinished version is removed and current stays as it was.
One ingest or rollback at a time per data directory (store.lock); a second is refused.
A version holds its tables twice: as Parquet (the contract's form, sorted for skipping) and as
one DuckDB database that the dashboard opens read-only in place (store.DATABASE).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import time
import traceback
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from jeugdhulpmonitor import aggregates
from jeugdhulpmonitor.engine import Engine
from jeugdhulpmonitor.runner import Runner, copy_tables, ingest_memory
from jeugdhulpmonitor.store import (
    CURRENT,
    DATABASE,
    LOCK,
    MANIFEST,
    STAGING,
    BusyError,
    content_hash,
    damaged,
    file_record,
    lock,
    switch_current,
    table_checksums,
    versions,
)
from jeugdhulpmonitor.validation import Validation, validate

ROW_GROUP = 64_000
# Fault injection for the tests (tests/test_faults.py): with JHM_INGEST_KILL_AT set to one of
# these steps, the ingest process SIGKILLs itself there, so a kill lands at an exact point.
KILL_AT = "JHM_INGEST_KILL_AT"
STEPS = ("validated", "tables", "database", "aggregates", "manifest", "renamed", "reported", "switched")


def _step(name: str) -> None:
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


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
    kind: str = "ingest"
    error: str | None = None  # why a started publication failed, in plain words
    detail: str | None = None  # the traceback of that failure, for whoever debugs it

    def render(self) -> str:
        lines = [f"ingest {self.source} -> {self.data_dir}"]
        if not self.published:
            if self.error:
                lines.append(f"FAILED: {self.error}")
                lines.append("nothing was published; the current data is unchanged.")
                return "\n".join(lines)
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
        if col.name not in table.column_names:
            continue  # an optional column left out of the delivery
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


def _write_report(data_dir: Path, stamp: str, report: dict) -> Path:
    """Write (or overwrite) reports/<stamp>.json, whole or not at all."""
    reports = data_dir / "reports"
    path = reports / f"{stamp}.json"
    reports.mkdir(parents=True, exist_ok=True)
    try:
        path.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _reason(exc: BaseException, writing: str) -> str:
    """A failure in plain words: what was being written and why it failed."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return f"disk full while writing {writing}: no space left on the device (OSError 28)"
    if isinstance(exc, duckdb.Error) and os.strerror(errno.ENOSPC) in str(exc):  # DuckDB's own I/O
        return f"disk full while writing {writing}: no space left on the device ({type(exc).__name__})"
    if isinstance(exc, OSError):
        return f"could not write {writing}: {exc.strerror or exc} (OSError {exc.errno})"
    if isinstance(exc, KeyboardInterrupt):
        return f"interrupted while writing {writing}"
    return f"failed while writing {writing}: {type(exc).__name__}: {exc}"


def _current_version(data_dir: Path) -> str | None:
    current = data_dir / CURRENT
    return current.resolve().name if current.exists() else None


def ingest(src: Path | str, data_dir: Path | str, progress: Callable[[str], None] = lambda _m: None) -> IngestReport:
    """Validate and publish. Every failure comes back as an unpublished report with its reason
    (`error`), also when another ingest or rollback holds the data directory."""
    src, data_dir = Path(src), Path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with lock(data_dir, "ingest"):
            return _ingest(src, data_dir, progress)
    except BusyError as exc:
        # Refused before anything was done: no report, which would pass for the running one's.
        return IngestReport(str(src), str(data_dir), _stamp(), error=str(exc))
    except OSError as exc:  # the data directory itself cannot be written (no room for the lock)
        return IngestReport(str(src), str(data_dir), _stamp(), error=_reason(exc, str(data_dir / LOCK)))


def publish_once(
    src: Path, data_dir: Path, version: str, progress: Callable[[str], None] = lambda _m: None
) -> IngestReport | None:
    """Publish a plain extract as `version` into a data directory of its own (the extract's
    cache, extract_cache.py), unless it is there already: None then. A second builder waits for
    the data directory's lock and then finds the version built."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with lock(data_dir, "cache build", wait=True):
        if _current_version(data_dir) == version:
            return None
        return _ingest(src, data_dir, progress, version)


def _ingest(src: Path, data_dir: Path, progress: Callable[[str], None], version: str | None = None) -> IngestReport:
    report = IngestReport(str(src), str(data_dir), _stamp(), previous_version=_current_version(data_dir))
    _remove_staging(data_dir, progress)
    work = _Work(data_dir)
    try:
        _publish(src, data_dir, report, work, progress, version)
    except BaseException as exc:
        work.undo(report.previous_version)
        report.published, report.version = False, None
        report.error, report.detail = _reason(exc, work.writing), traceback.format_exc()
        report.file_problems = [report.error]
        try:
            _write_report(data_dir, report.started, asdict(report))
        except OSError:
            report.error += "; the report could not be written either"
        if not isinstance(exc, Exception):
            raise
        return report
    if report.published:
        progress(f"version {report.version} is current")
    return report


@dataclass
class _Work:
    """What a publication has done so far, to undo it on failure."""

    data_dir: Path
    writing: str = "the data directory"
    staging: Path | None = None
    version_dir: Path | None = None

    def undo(self, previous: str | None) -> None:
        # current switches last and atomically, so it normally still names the previous
        # version; only an interrupt right after the switch needs it put back.
        if self.version_dir is not None and _current_version(self.data_dir) == self.version_dir.name:
            if previous:
                switch_current(self.data_dir, previous)
            else:
                (self.data_dir / CURRENT).unlink(missing_ok=True)
        for path in (self.staging, self.version_dir):
            if path is not None:
                shutil.rmtree(path, ignore_errors=True)


def _remove_staging(data_dir: Path, progress: Callable[[str], None]) -> None:
    """Staging folders left by a killed ingest (the lock says none is at work now)."""
    root = data_dir / "versions"
    for stale in sorted(root.glob(f"{STAGING}*")) if root.is_dir() else []:
        progress(f"removing {stale.name}, left by an ingest that did not finish")
        shutil.rmtree(stale, ignore_errors=True)


def _publish(src: Path, data_dir: Path, report: IngestReport, work: _Work, progress, version: str | None) -> None:
    progress(f"validating {src}")
    work.writing = "nothing yet (validating the delivery)"
    result: Validation = validate(src)
    if result.fatal:
        report.file_problems = [p.line() for p in result.file_problems]
        work.writing = "the ingest report"
        _write_report(data_dir, report.started, asdict(report))
        return

    _step("validated")
    # What the version was made from, by content: the bundled sample is recognised so (store.py).
    source_sha256 = table_checksums(src)
    version = version or f"{report.started}-{content_hash(src)[:8]}"
    work.staging = staging = data_dir / "versions" / f"{STAGING}{version}"
    work.writing = staging.name
    (staging / "quarantine").mkdir(parents=True)
    for file_result in result.files.values():
        spec = file_result.spec
        progress(f"publishing {spec.file}")
        work.writing = spec.file
        accepted = _as_published(spec, file_result.accepted)
        pq.write_table(accepted, staging / spec.file, compression="zstd", row_group_size=ROW_GROUP)
        report.accepted_rows[spec.file] = accepted.num_rows
        report.rejected_rows[spec.file] = len(file_result.rejected)
        if file_result.rejected:
            work.writing = f"quarantine/{spec.file}"
            _quarantine(file_result, staging / "quarantine" / spec.file)
            reasons = Counter(r for rs in file_result.rejected.values() for r in rs)
            report.rejected_by_reason[spec.file] = dict(reasons)
    _step("tables")
    progress(f"writing {DATABASE}")
    work.writing = DATABASE
    _write_database(staging)
    _step("database")
    progress("pre-aggregating the flow queries")
    work.writing = aggregates.FILE
    started = time.monotonic()
    with closing(Runner(staging, memory_limit=ingest_memory())) as runner:
        report.aggregate_rows = aggregates.write(Engine(runner, use_aggregates=False), staging, progress)
    report.aggregates_s = round(time.monotonic() - started, 1)
    _step("aggregates")
    report.published, report.version = True, version
    work.writing = "ingest_report.json"
    (staging / "ingest_report.json").write_text(json.dumps(asdict(report), indent=1, ensure_ascii=False))
    work.writing = MANIFEST
    files = sorted(p for p in staging.rglob("*") if p.is_file())
    manifest = {
        "version": version,
        "source": str(src.resolve()),
        "source_sha256": source_sha256,
        "published": report.started,
        "rows": report.accepted_rows,
        "files": {str(p.relative_to(staging)): file_record(p) for p in files},
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=1))
    _fsync_tree(staging)
    _step("manifest")
    work.writing = f"versions/{version}"
    work.version_dir = data_dir / "versions" / version
    staging.rename(work.version_dir)
    work.staging = None
    _step("renamed")
    work.writing = "the ingest report"
    _write_report(data_dir, report.started, asdict(report))
    _step("reported")
    work.writing = CURRENT
    switch_current(data_dir, version)
    _step("switched")


def _write_database(directory: Path) -> None:
    """The published tables as one DuckDB database, opened read-only in place by the runner:
    every contract table (empty when not delivered), rows in the Parquet files' sorted order,
    so DuckDB's per-row-group min/max skips what a period filter excludes."""
    with closing(duckdb.connect(str(directory / DATABASE), config={"threads": 2})) as con:
        copy_tables(con, directory)
        con.execute("checkpoint")


def _fsync_tree(directory: Path) -> None:
    """Flush the version's files before it becomes visible: a crash then leaves a whole version
    or a staging folder, and a full disk shows here rather than after current has switched."""
    for path in [*directory.rglob("*"), directory]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def rollback(data_dir: Path | str, to: str | None = None) -> str:
    """Make an earlier published version current again (default: the one before current).

    Under the data directory's lock, never to a staging folder or a damaged version, and
    with a report in reports/ like an ingest's."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise ValueError(f"{data_dir} does not exist")
    with lock(data_dir, "rollback"):
        known = versions(data_dir)
        current = _current_version(data_dir)
        if to is None:
            earlier = [v for v in known if current is None or v < current]
            if not earlier:
                raise ValueError(f"no version before {current} in {data_dir}")
            to = earlier[-1]
        if to not in known:
            raise ValueError(f"unknown version {to!r}; known: {', '.join(known) or 'none'}")
        target = data_dir / "versions" / to
        try:
            damage = damaged(target, json.loads((target / MANIFEST).read_text()))
        except (OSError, ValueError) as exc:
            damage = [f"{MANIFEST} unreadable ({type(exc).__name__})"]
        if damage:
            raise ValueError(f"version {to} is damaged: {'; '.join(damage)}")
        when = _stamp()
        report = {"kind": "rollback", "from": current, "to": to, "when": when, "data_dir": str(data_dir)}
        try:  # the report first: a rollback nobody can trace is not done
            path = _write_report(data_dir, when, report)
        except OSError as exc:
            raise ValueError(f"{_reason(exc, 'the rollback report')}; current is unchanged") from exc
        try:
            switch_current(data_dir, to)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    return to
