"""Benchmark of import-ijw (issue 17): generate N messages into a temporary directory, import
them, print the time and messages per second as JSON. Target: 1,000,000 messages in under
2 minutes on this machine (2 cores).

    .venv/bin/python scripts/bench_ijw.py              # 1,000,000 messages in zip archives
    .venv/bin/python scripts/bench_ijw.py --quick      # 20,000
    .venv/bin/python scripts/bench_ijw.py -n 200000 --files --dir /dev/shm

By default the messages are delivered as zip archives (one per municipality and message type,
as a batch arrives): a million separate files measure the disk more than the import (this
machine's disk wrote 800 small files a second while shared), and in memory (tmpfs) they take
4 GB. --files writes one file per message; put them on tmpfs with --dir /dev/shm.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jeugdhulpmonitor.ijw.importer import run  # noqa: E402
from jeugdhulpmonitor.ijw.pseudonym import DEMO_KEY  # noqa: E402
from tests.ijw.generator import traffic  # noqa: E402

TARGET_S = 120.0
TARGET_N = 1_000_000


def _generate(root: Path, n: int, archives: bool) -> None:
    if archives:  # one archive per municipality and message type, as a delivery batch
        open_archives: dict[str, zipfile.ZipFile] = {}
        for name, data in traffic(n):
            folder = name.rsplit("/", 1)[0]
            if folder not in open_archives:
                path = root / f"{folder.replace('/', '-')}.zip"
                open_archives[folder] = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
            open_archives[folder].writestr(name, data)
        for archive in open_archives.values():
            archive.close()
        return
    made: set[str] = set()
    for name, data in traffic(n):
        path = root / name
        if str(path.parent) not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(str(path.parent))
        path.write_bytes(data)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-n", type=int, default=TARGET_N, help="number of messages (default 1,000,000)")
    p.add_argument("--quick", action="store_true", help="20,000 messages")
    p.add_argument("--files", action="store_true", help="one file per message instead of zip archives")
    p.add_argument("--dir", type=Path, help="where to generate (default: the system's temporary directory)")
    args = p.parse_args()
    n = 20_000 if args.quick else args.n
    archives = not args.files
    with tempfile.TemporaryDirectory(prefix="bench-ijw-", dir=args.dir) as tmp:
        src, out = Path(tmp) / "messages", Path(tmp) / "extract"
        src.mkdir()
        t0 = time.monotonic()
        _generate(src, n, archives)
        generated = time.monotonic() - t0
        t0, cpu0 = time.monotonic(), os.times()
        report = run(src, out, DEMO_KEY, demonstration=True)
        seconds, cpu1 = time.monotonic() - t0, os.times()
    cpu_main = sum(cpu1[:2]) - sum(cpu0[:2])
    cpu_workers = sum(cpu1[2:4]) - sum(cpu0[2:4])
    cores = os.cpu_count() or 1
    rate = n / seconds
    # On a shared machine the wall time measures the other users too. The CPU time does not:
    # with the cores to itself the import takes at least its serial part (the main process)
    # and at least all its CPU time spread over the cores.
    idle_estimate = max(cpu_main, (cpu_main + cpu_workers) / cores) * TARGET_N / n
    result = {
        "messages": n,
        "layout": "zip archives" if archives else "one file per message",
        "directory": str(Path(tmp).parent),
        "generate_s": round(generated, 1),
        "import_s": round(seconds, 2),
        "messages_per_s": round(rate),
        "cpu_main_s": round(cpu_main, 1),
        "cpu_workers_s": round(cpu_workers, 1),
        "cores": cores,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "trajectories": report.rows.get("client_flows.parquet", 0),
        "problems": len(report.problems),
        "error": report.error,
        "extrapolated_1m_s": round(TARGET_N / rate, 1),
        "estimated_1m_s_on_idle_cores": round(idle_estimate, 1),
        "target_1m_s": TARGET_S,
        "meets_target": TARGET_N / rate <= TARGET_S,
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
