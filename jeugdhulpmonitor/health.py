"""What `check` says beyond the checksums (store.check): whether the current version has its
pre-aggregated answers and whether the disk has room for the next delivery.

One line per problem; none when all is well."""

from __future__ import annotations

import shutil
from pathlib import Path

from jeugdhulpmonitor import aggregates
from jeugdhulpmonitor.store import CURRENT

# Publishing writes a whole new version beside the current one (Parquet, database, answers)
# before the old can be cleaned up; twice the current version leaves room for growth.
ROOM_FACTOR = 2


def problems(data_dir: Path | str) -> list[str]:
    """Problems of the current version beyond its files' checksums (which store.check reports)."""
    data_dir = Path(data_dir)
    version = (data_dir / CURRENT).resolve()
    if not (data_dir / CURRENT).is_symlink() or not version.is_dir():
        return []  # a plain extract, or current points nowhere: store.check says so
    found = []
    if not (version / aggregates.FILE).is_file():
        found.append(
            f"{version.name}: no pre-aggregated answers ({aggregates.FILE}); every page runs its queries "
            "directly (publish the delivery again with ingest)"
        )
    size = sum(p.stat().st_size for p in version.rglob("*") if p.is_file())
    free = shutil.disk_usage(data_dir).free
    if free < ROOM_FACTOR * size:
        found.append(
            f"free disk: {_mb(free)} on {data_dir}; the next delivery needs about {_mb(ROOM_FACTOR * size)} "
            f"(twice the current version, {_mb(size)})"
        )
    return found


def _mb(n: int) -> str:
    return f"{n / 2**20:,.1f} MB"
