"""import-ijw: messages in, an extract out (docs/ijw.md)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from jeugdhulpmonitor.ijw import extract, mappings, sources
from jeugdhulpmonitor.ijw.apply import apply
from jeugdhulpmonitor.ijw.messages import Message
from jeugdhulpmonitor.ijw.pseudonym import Pseudonymiser
from jeugdhulpmonitor.ijw.report import ImportReport


class ImportFailedError(ValueError):
    """Nothing could be imported; the report's error says why and nothing was written."""


def run(
    src: Path,
    out: Path,
    key: bytes,
    demonstration: bool = False,
    mappings_file: Path | None = None,
    population: Path | None = None,
    progress: Callable[[str], None] = lambda _m: None,
) -> ImportReport:
    started = time.monotonic()
    report = ImportReport(str(src), str(out), datetime.now(UTC).isoformat(timespec="seconds"), demonstration)
    try:
        _run(Path(src), Path(out), key, report, mappings_file, population, progress)
    except (ImportFailedError, mappings.MappingError) as exc:
        report.error = str(exc)
    report.seconds = round(time.monotonic() - started, 1)
    return report


def _run(src, out, key, report, mappings_file, population, progress) -> None:
    table = mappings.load(mappings_file or mappings.DEFAULT)
    if not src.exists():
        raise ImportFailedError(f"{src} does not exist")
    if population is not None and not population.is_file():
        raise ImportFailedError(f"{population} is not a file")
    work, problems = sources.chunks(src)
    report.problems += problems
    total = sum(len(names) for _, names in work)
    if not total:
        raise ImportFailedError(f"no iJw messages (*.xml, also in zip archives) under {src}")
    progress(f"parsing {total:,} messages")
    messages, read = [], Counter()
    for parsed, chunk_problems, chunk_read in sources.parse_all(work, Pseudonymiser(key)):
        messages += map(Message.unwire, parsed)
        report.problems += chunk_problems
        read += chunk_read
    report.messages = dict(sorted(read.items()))
    report.files_set_aside = sum(1 for p in report.problems if p.set_aside)
    progress(f"applying {len(messages):,} messages in date order")
    rows = apply(messages, table, report, Pseudonymiser(key))
    n = len(rows.columns["trajectory_id"])
    if not n:
        raise ImportFailedError("the messages hold no started youth care: no trajectory to write")
    if population is None:
        report.problem(
            "population.parquet", "-", "not in iJw: add the CBS population (--population FILE) before validate", False
        )
    mark = {
        "origin": extract.ORIGIN_IJW,
        "standard": "iJw 3.2",
        "imported": report.started,
        "messages": sum(read.values()),
        "set_aside": report.files_set_aside,
        "demonstration": report.demonstration,
    }
    tables = extract.tables(rows, table, mark)
    report.rows = {f"{name}.parquet": t.num_rows for name, t in tables.items()}
    progress(f"writing {n:,} trajectories to {out}")
    extract.write(out, tables, report, population)
