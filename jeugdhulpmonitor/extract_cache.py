"""A plain extract's published form, built once into a cache directory and reused.

A plain extract directory (sample_data/) has no stored answers and no database to open in
place. The dashboard therefore publishes it the way `ingest` publishes a delivery (validation,
the database, the pre-aggregated answers) into a data directory of its own:

    CACHE/<extract version>-<code key>/   a managed data directory (store.py) whose one
                                          version is named after the extract's content hash

CACHE is $JHM_CACHE_DIR, else .cache/extracts in the repository; JHM_CACHE_DIR=off turns the
cache off. The key holds the extract's content hash (its data version, unchanged by the cache)
and a hash of the code that shapes what is published, so an edited query or aggregation builds
afresh. The build runs in a process of its own while the dashboard answers from the extract
directly; concurrent builders wait for the cache directory's lock and the later finds it built.
A build that fails is logged with its reason, not retried for the same key, and the extract is
read directly. The `figures` command reads a plain extract directly (no build for one answer);
`report` uses the cache where it is built and never builds it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import threading
from functools import cache
from pathlib import Path

from jeugdhulpmonitor import REPO_ROOT
from jeugdhulpmonitor.ingest import publish_once
from jeugdhulpmonitor.store import DataDirError, Extract, latest_report, resolve
from jeugdhulpmonitor.suppression import secret_digest

log = logging.getLogger(__name__)
# What shapes a published version: a change here builds the cache afresh.
SHAPING = ("jeugdhulpmonitor", "queries", "config")
_building: dict[Path, threading.Thread] = {}


def cache_root() -> Path | None:
    value = os.environ.get("JHM_CACHE_DIR", "")
    if value == "off":
        return None
    return Path(value) if value else REPO_ROOT / ".cache" / "extracts"


@cache
def code_key() -> str:
    """A hash of the code and configuration that shape a published version, and of the record
    keys' secret (suppression.py): the published cell keys are only valid for that secret."""
    digest = hashlib.sha256(secret_digest().encode())
    for folder in SHAPING:
        for path in sorted((REPO_ROOT / folder).rglob("*")):
            if path.suffix in (".py", ".sql", ".yaml") and path.is_file():
                digest.update(path.relative_to(REPO_ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:8]


def beside_data(extract: Extract, file_name: str, override: str) -> Path:
    """Where a log that outlives every version (dialogues, audit) lives: $override when set;
    beside a managed data directory's versions; for a plain extract or this cache's own
    publication in $JHM_CACHE_DIR, else the repository's .cache (never inside the cache's
    versions, which are rebuilt)."""
    if os.environ.get(override):
        return Path(os.environ[override])
    cache = cache_root()
    root = Path(extract.root).resolve()
    if extract.managed and not (cache is not None and root.is_relative_to(cache.resolve())):
        return root / file_name
    base = Path(os.environ["JHM_CACHE_DIR"]) if cache is not None and os.environ.get("JHM_CACHE_DIR") else None
    return (base or REPO_ROOT / ".cache") / file_name


def location(extract: Extract) -> Path | None:
    root = cache_root()
    return None if root is None else root / f"{extract.version}-{code_key()}"


def is_cached(extract: Extract) -> bool:
    """Whether an opened version is this cache's publication of a plain extract."""
    root = cache_root()
    return root is not None and extract.managed and Path(extract.root).resolve().parent == root.resolve()


def built(target: Path, version: str) -> bool:
    """The cache holds this version, intact (sizes checked)."""
    try:
        return resolve(target).version == version
    except DataDirError:
        return False


def _cache_of(data_dir: Path) -> tuple[Extract, Path] | None:
    """A plain extract and where its cache lives; None for a managed data directory, with the
    cache turned off, or when data_dir cannot be read (the opener then says what is wrong)."""
    try:
        extract = resolve(data_dir)
    except DataDirError:
        return None
    target = location(extract)
    return None if extract.managed or target is None else (extract, target)


def ready(data_dir: Path | str) -> Path:
    """What to open for data_dir without building anything: a plain extract's cache when it is
    built already (the same answers, stored), else data_dir as it is."""
    data_dir = Path(data_dir)
    cache = _cache_of(data_dir)
    return cache[1] if cache is not None and built(cache[1], cache[0].version) else data_dir


def prepared(data_dir: Path | str, wait: bool = False) -> Path:
    """The directory to open for data_dir: a managed one as it is; for a plain extract its cache
    when built, else (building it now with wait=True, in the background otherwise) the extract."""
    data_dir = Path(data_dir)
    cache = _cache_of(data_dir)
    if cache is None:
        return data_dir
    extract, target = cache
    if built(target, extract.version):
        return target
    if failed(target):
        return data_dir
    if wait:
        return build(data_dir) or data_dir
    thread = _building.get(target)
    if thread is None or not thread.is_alive() and not failed(target):
        _building[target] = thread = threading.Thread(target=_build_elsewhere, args=(data_dir,), daemon=True)
        thread.start()
    return data_dir


def failed(target: Path) -> bool:
    """A build of this key was tried and failed: logged once, not retried (same data, same code)."""
    report = latest_report(target) if target.is_dir() else None
    return report is not None and not report.get("published")


def build(data_dir: Path | str) -> Path | None:
    """Publish the extract into its cache (once; None when that fails, with the reason logged)."""
    extract = resolve(data_dir)
    target = location(extract)
    if target is None:
        return None
    try:
        report = publish_once(extract.path, target, extract.version, progress=lambda m: log.info("%s", m))
    except Exception as exc:  # noqa: BLE001 - the extract is still served directly
        log.warning("no cache for %s: %s: %s; reading it directly", data_dir, type(exc).__name__, exc)
        return None
    if report is not None and not report.published:
        reason = report.error or "; ".join(report.file_problems)
        log.warning("no cache for %s: %s; reading it directly", data_dir, reason)
        return None
    return target


def _build_elsewhere(data_dir: Path) -> None:
    """Build in a process of its own: the dashboard's memory and interpreter stay free."""
    done = subprocess.run(
        [sys.executable, "-m", "jeugdhulpmonitor.extract_cache", str(data_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        log.warning("building the cache for %s failed: %s", data_dir, done.stderr.strip()[-2000:])


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    return 0 if build(argv[0]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
