"""The managed data directory that `ingest` publishes into.

    DATA_DIR/versions/<version>/   one published delivery: Parquet files, manifest.json,
                                   quarantine/ (rejected rows with their reasons)
    DATA_DIR/current -> versions/<version>   switched atomically (rename of a symlink)
    DATA_DIR/reports/<stamp>.json  every ingest report, accepted or rejected

A plain extract directory (sample_data/) is read as it is; its version is a content hash.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jeugdhulpmonitor.contract import TABLES

CURRENT = "current"
MANIFEST = "manifest.json"


class DataDirError(ValueError):
    """The data directory is missing or holds no usable extract; the message says which."""


@dataclass(frozen=True)
class Extract:
    path: Path  # the directory with the Parquet files
    version: str  # stable identifier of this data (cache key, shown on every page)
    managed: bool  # published by ingest (True) or a plain extract directory

    @property
    def root(self) -> Path:
        return self.path.parent.parent if self.managed else self.path


def content_hash(path: Path) -> str:
    """Hash of the extract's files; recomputed only when a file's size or mtime changes,
    because the dashboard resolves its data on every rerun."""
    stats = tuple(
        (spec.file, st.st_size, st.st_mtime_ns)
        for spec in TABLES.values()
        if (st := (path / spec.file).stat() if (path / spec.file).exists() else None)
    )
    return _hash_files(path.resolve(), stats)


@lru_cache(maxsize=64)
def _hash_files(path: Path, stats: tuple) -> str:
    digest = hashlib.sha256()
    for spec in TABLES.values():
        f = path / spec.file
        if f.exists():
            digest.update(spec.file.encode())
            with f.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
    return digest.hexdigest()[:12]


def resolve(data_dir: Path | str) -> Extract:
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataDirError(f"map {data_dir} bestaat niet")
    current = data_dir / CURRENT
    if current.exists():
        target = current.resolve()
        manifest = json.loads((target / MANIFEST).read_text())
        return Extract(target, manifest["version"], True)
    missing = [s.file for s in TABLES.values() if s.required and not (data_dir / s.file).exists()]
    if missing:
        raise DataDirError(f"map {data_dir} bevat geen extract: {', '.join(missing)} ontbreekt")
    return Extract(data_dir, content_hash(data_dir), False)


def versions(data_dir: Path) -> list[str]:
    root = data_dir / "versions"
    return sorted(p.name for p in root.iterdir() if (p / MANIFEST).exists()) if root.is_dir() else []


def switch_current(data_dir: Path, version: str) -> None:
    """Point current at a version atomically: readers see the old or the new, never half."""
    tmp = data_dir / f".{CURRENT}.tmp"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(Path("versions") / version, tmp)
    os.replace(tmp, data_dir / CURRENT)


def latest_report(data_dir: Path) -> dict | None:
    root = Path(data_dir) / "reports"
    reports = sorted(root.glob("*.json")) if root.is_dir() else []
    return json.loads(reports[-1].read_text()) if reports else None
