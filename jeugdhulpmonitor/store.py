"""The managed data directory that `ingest` publishes into.

    DATA_DIR/versions/<version>/   one published delivery: Parquet files, manifest.json,
                                   quarantine/ (rejected rows with their reasons)
    DATA_DIR/versions/.staging-*   an ingest at work (or killed): never a version
    DATA_DIR/current -> versions/<version>   switched atomically (rename of a symlink)
    DATA_DIR/reports/<stamp>.json  every ingest and rollback report, accepted or rejected
    DATA_DIR/.lock                 held by the one ingest or rollback at work (pid, since when)

    DATA_DIR/versions/<version>/data.duckdb   the same tables as one DuckDB database, which
                                   the runner opens read-only (nothing copied into memory)

A version's manifest records every file's size and sha256. Opening a version checks that each
file is there with its size (cheap, on every rerun); `check` and the runner compare checksums,
the runner once per version per process.

A plain extract directory (sample_data/) is read as it is; its version is a content hash.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from jeugdhulpmonitor import REPO_ROOT
from jeugdhulpmonitor.contract import TABLES

CURRENT = "current"
MANIFEST = "manifest.json"
LOCK = ".lock"
STAGING = ".staging-"
DATABASE = "data.duckdb"
# Versions whose checksums this process has compared with their manifest: once is enough.
_verified: set[tuple[Path, str]] = set()


class DataDirError(ValueError):
    """The data directory is missing or holds no usable extract; the message says which."""


class BusyError(ValueError):
    """Another ingest or rollback holds the data directory's lock; the message says which."""


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


def resolve(data_dir: Path | str, checksums: bool = False) -> Extract:
    """The data a directory serves; a managed version is checked against its manifest (sizes,
    and sha256 too with checksums=True, once per version per process) and refused, naming the
    file, when damaged."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataDirError(f"map {data_dir} bestaat niet")
    current = data_dir / CURRENT
    if current.is_symlink() or current.exists():
        target = current.resolve()
        manifest = _manifest(target)
        verified = (target, manifest["version"])
        damage = damaged(target, manifest, checksums and verified not in _verified)
        if damage:
            raise DataDirError(f"versie {target.name} in {data_dir} is beschadigd: {'; '.join(damage)}")
        if checksums:
            _verified.add(verified)
        return Extract(target, manifest["version"], True)
    missing = [s.file for s in TABLES.values() if s.required and not (data_dir / s.file).exists()]
    if missing:
        raise DataDirError(f"map {data_dir} bevat geen extract: {', '.join(missing)} ontbreekt")
    return Extract(data_dir, content_hash(data_dir), False)


def _manifest(version_dir: Path) -> dict:
    try:
        return json.loads((version_dir / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise DataDirError(f"versie {version_dir.name} is onleesbaar: {MANIFEST} ({type(exc).__name__})") from exc


def file_record(path: Path) -> dict:
    """What the manifest keeps of a published file."""
    return {"bytes": path.stat().st_size, "sha256": sha256(path)}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def damaged(version_dir: Path, manifest: dict, checksums: bool = False) -> list[str]:
    """What is wrong with a version's files, one line per file naming it; empty when intact.

    Versions published before checksums were recorded list only their tables (`rows`): only
    their presence can be checked."""
    files = manifest.get("files")
    if files is None:
        return [f"{name} ontbreekt" for name in manifest.get("rows", {}) if not (version_dir / name).exists()]
    problems = []
    for name, record in files.items():
        path = version_dir / name
        if not path.is_file():
            problems.append(f"{name} ontbreekt")
        elif (size := path.stat().st_size) != record["bytes"]:
            problems.append(f"{name} heeft {size:,} bytes, gepubliceerd zijn er {record['bytes']:,}")
        elif checksums and sha256(path) != record["sha256"]:
            problems.append(f"{name} wijkt af van de gepubliceerde inhoud (sha256)")
    return problems


def check(data_dir: Path | str, every: bool = False) -> dict[str, list[str] | None]:
    """sha256 of every file of the current version (or of every version): damage per version,
    None for a version published before checksums were recorded whose files are present."""
    data_dir = Path(data_dir)
    current = data_dir / CURRENT
    names = versions(data_dir) if every else [current.resolve().name] if current.is_symlink() else []
    result = {}
    for name in names:
        version_dir = data_dir / "versions" / name
        try:
            manifest = _manifest(version_dir)
        except DataDirError as exc:
            result[name] = [str(exc)]
            continue
        damage = damaged(version_dir, manifest, checksums=True)
        result[name] = None if "files" not in manifest and not damage else damage
    return result


def versions(data_dir: Path) -> list[str]:
    """Published versions, oldest first; staging folders (an ingest at work or killed) are not."""
    root = data_dir / "versions"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if not p.name.startswith(".") and (p / MANIFEST).exists())


def switch_current(data_dir: Path, version: str) -> None:
    """Point current at a version atomically: readers see the old or the new, never half.
    The temporary link's name is unique, so switches from several processes never collide."""
    tmp = data_dir / f".{CURRENT}.{os.getpid()}-{uuid.uuid4().hex}.tmp"
    os.symlink(Path("versions") / version, tmp)
    try:
        os.replace(tmp, data_dir / CURRENT)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def lock(data_dir: Path, what: str, wait: bool = False) -> Iterator[None]:
    """The data directory's one writer (`what`: ingest, rollback); a second is refused, not
    queued, unless it asks to wait (building a plain extract's cache: the second finds it built).

    flock is released by the kernel when the holder dies, so a killed ingest never leaves the
    directory locked; the file itself stays (deleting it would let two holders lock two files)."""
    fd = os.open(data_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BusyError(_holder(fd, data_dir)) from None
        try:
            since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps({"what": what, "pid": os.getpid(), "since": since}).encode(), 0)
        except OSError:
            pass  # who holds the lock is a courtesy for the refused; a full disk must not stop us
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _holder(fd: int, data_dir: Path) -> str:
    try:
        h = json.loads(os.pread(fd, 1000, 0))
        return f"another {h['what']} is running in {data_dir} (pid {h['pid']} since {h['since']})"
    except (OSError, ValueError, KeyError, TypeError):
        return f"another ingest or rollback is running in {data_dir}"


def latest_report(data_dir: Path, kind: str = "ingest") -> dict | None:
    """The newest report of one kind ("ingest" or "rollback"); reports from before kinds were
    recorded are ingest reports."""
    root = Path(data_dir) / "reports"
    for path in sorted(root.glob("*.json"), reverse=True) if root.is_dir() else []:
        report = json.loads(path.read_text())
        if report.get("kind", "ingest") == kind:
            return report
    return None


# The bundled sample is known by its content, never by its name or path (issue 27): a copy of a
# real extract called sample_data/ must not open without sign-in. The committed checksums of its
# files, in sha256sum's format (`cd sample_data && sha256sum -c ../config/sample_data.sha256`),
# are written by the generator when it writes sample_data/ and held to it by a test.
SAMPLE = REPO_ROOT / "sample_data"
SAMPLE_CHECKSUMS = REPO_ROOT / "config" / "sample_data.sha256"


def table_checksums(directory: Path | str) -> dict[str, str]:
    """sha256 of each contract table file present in an extract directory."""
    directory = Path(directory)
    return {s.file: sha256(directory / s.file) for s in TABLES.values() if (directory / s.file).is_file()}


def sample_checksums() -> dict[str, str]:
    """The bundled sample's table files and their sha256, as committed."""
    if not SAMPLE_CHECKSUMS.is_file():
        return {}
    pairs = (line.split(None, 1) for line in SAMPLE_CHECKSUMS.read_text().splitlines() if line.strip())
    return {name.strip().lstrip("*"): digest for digest, name in pairs}


def write_sample_checksums(directory: Path | str = SAMPLE) -> Path:
    """Record the sample's checksums (the generator calls this when it writes sample_data/)."""
    found = table_checksums(directory)
    SAMPLE_CHECKSUMS.write_text("".join(f"{digest}  {name}\n" for name, digest in sorted(found.items())))
    return SAMPLE_CHECKSUMS


@lru_cache(maxsize=64)  # asked on every rerun; a version never changes once published
def is_bundled_sample(extract: Extract) -> bool:
    """Whether the data is the repository's fictitious sample, by its content: a plain extract
    whose table files are the committed ones byte for byte (config/sample_data.sha256), wherever
    it lies and whatever it is called, or a version published from such an extract (ingest keeps
    the source's checksums in the version's manifest; the dashboard's cache of a plain extract is
    such a version). Any other data, the sample with one row changed too, is not."""
    committed = sample_checksums()
    if not committed:
        return False
    if extract.managed:
        manifest = Path(extract.path) / MANIFEST
        found = json.loads(manifest.read_text()).get("source_sha256") if manifest.exists() else None
        return found == committed
    directory = Path(extract.path)
    present = {s.file for s in TABLES.values() if (directory / s.file).is_file()}
    if present != set(committed):
        return False
    # Smallest first: a real extract differs in its small tables, long before its trajectories.
    for name in sorted(present, key=lambda n: (directory / n).stat().st_size):
        if sha256(directory / name) != committed[name]:
            return False
    return True


def published_from(extract: Extract) -> Path | None:
    """The extract directory a published version was made from (its manifest says), if known."""
    manifest = Path(extract.path) / MANIFEST
    if not extract.managed or not manifest.exists():
        return None
    source = json.loads(manifest.read_text()).get("source")
    return Path(source) if source else None
