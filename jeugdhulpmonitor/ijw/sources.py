"""Find and parse the messages under a source: a directory read recursively, zip archives
within it (or given directly), one message per XML file.

Parsing is spread over worker processes in chunks (a chunk is one archive's members or a run of
files), so a million small files cost a few process round trips, not one per message.
"""

from __future__ import annotations

import multiprocessing
import os
import zipfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from jeugdhulpmonitor.ijw.messages import Message
from jeugdhulpmonitor.ijw.parse import MAX_BYTES, parse
from jeugdhulpmonitor.ijw.pseudonym import Pseudonymiser
from jeugdhulpmonitor.ijw.report import Problem

CHUNK = 2_000
IN_PROCESS_BELOW = 5_000  # fewer files: starting workers costs more than it saves

Chunk = tuple[str | None, list[str]]  # (zip archive or None, files or members)


def chunks(src: Path) -> tuple[list[Chunk], list[Problem]]:
    """The messages under src in a stable order, chunked; unreadable archives as problems."""
    files, problems, out = [], [], []
    paths = [src] if src.is_file() else sorted(p for p in src.rglob("*") if p.is_file())
    for path in paths:
        suffix = path.suffix.lower()
        if suffix == ".xml":
            files.append(str(path))
        elif suffix == ".zip":
            try:
                with zipfile.ZipFile(path) as archive:
                    members = [i.filename for i in archive.infolist() if i.filename.lower().endswith(".xml")]
            except (zipfile.BadZipFile, OSError) as exc:
                problems.append(Problem(str(path), "-", f"not a readable zip archive ({exc})"))
                continue
            out += [(str(path), members[i : i + CHUNK]) for i in range(0, len(members), CHUNK)]
        elif not path.name.startswith("."):
            problems.append(Problem(str(path), "-", "not an XML message or zip archive; skipped", False))
    out += [(None, files[i : i + CHUNK]) for i in range(0, len(files), CHUNK)]
    return out, problems


def _read(chunk: Chunk) -> Iterator[tuple[str, bytes | Problem]]:
    archive, names = chunk
    if archive is None:
        for name in names:
            try:
                if os.path.getsize(name) > MAX_BYTES:
                    yield name, Problem(name, "Bericht", f"larger than {MAX_BYTES:,} bytes; not read")
                    continue
                with open(name, "rb") as fh:
                    yield name, fh.read()
            except OSError as exc:
                yield name, Problem(name, "-", f"cannot be read ({exc.strerror or exc})")
        return
    try:
        zf = _open_archive(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        for name in names:
            yield f"{archive}!{name}", Problem(f"{archive}!{name}", "-", f"cannot be read from the archive ({exc})")
        return
    for name in names:
        source = f"{archive}!{name}"
        try:
            info = zf.getinfo(name)
            if info.file_size > MAX_BYTES:
                yield source, Problem(source, "Bericht", f"larger than {MAX_BYTES:,} bytes; not read")
                continue
            with zf.open(info) as fh:
                data = fh.read(MAX_BYTES + 1)  # the header's size may lie
            if len(data) > MAX_BYTES:
                yield source, Problem(source, "Bericht", f"larger than {MAX_BYTES:,} bytes; not read")
                continue
            yield source, data
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
            yield source, Problem(source, "-", f"cannot be read from the archive ({exc})")


_pseudonym: Pseudonymiser | None = None
_archives: dict[str, zipfile.ZipFile] = {}  # per process: an archive's index is read once, not per chunk
OPEN_ARCHIVES = 4


def _open_archive(path: str) -> zipfile.ZipFile:
    zf = _archives.get(path)
    if zf is None:
        while len(_archives) >= OPEN_ARCHIVES:  # chunks of one archive come together
            _archives.pop(next(iter(_archives))).close()
        zf = _archives[path] = zipfile.ZipFile(path)
    return zf


def _init(pseudonym: Pseudonymiser) -> None:
    global _pseudonym
    _pseudonym = pseudonym


def parse_chunk(chunk: Chunk) -> tuple[list[tuple], list[Problem], Counter]:
    """The chunk's messages as plain tuples (Message.wire), problems, and counts by type."""
    messages, problems, read = [], [], Counter()
    for source, data in _read(chunk):
        try:
            result = data if isinstance(data, Problem) else parse(data, source, _pseudonym)
        except Exception as exc:  # noqa: BLE001 - one message's fault must never stop the others
            result = Problem(source, "Bericht", f"cannot be parsed ({type(exc).__name__})")
        if isinstance(result, Message):
            messages.append(result.wire())
            read[result.kind] += 1
        elif isinstance(result, Problem):
            problems.append(result)
        else:
            read["other"] += 1  # a known message the extract does not use (JW323)
    return messages, problems, read


def parse_all(work: list[Chunk], pseudonym: Pseudonymiser) -> Iterator[tuple[list[Message], list[Problem], Counter]]:
    total = sum(len(names) for _, names in work)
    workers = min(os.cpu_count() or 1, 8)
    if total < IN_PROCESS_BELOW or workers == 1:
        _init(pseudonym)
        try:
            yield from map(parse_chunk, work)
        finally:
            while _archives:
                _archives.popitem()[1].close()
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init, initargs=(pseudonym,)) as pool:
        yield from pool.map(parse_chunk, work)
