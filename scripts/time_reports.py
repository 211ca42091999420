"""How long the yearly cycle's council reports take: `report council --all --period 2026-H1` on the
bundled sample into a temporary directory, as a user runs it (a fresh process), wall-clock
seconds printed. A measurement for the README, not a test (issue 13: under a minute).

.venv/bin/python scripts/time_reports.py [--period 2026-H1]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", default="2026-H1")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "jeugdhulpmonitor", "report", "council", "--all"]
        command += ["--data-dir", str(ROOT / "sample_data"), "--period", args.period, "--out", out]
        start = time.monotonic()
        result = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL)
        seconds = time.monotonic() - start
        made = sorted(Path(out).glob("*.pdf"))
    if result.returncode != 0:
        print(f"report failed with exit code {result.returncode}", file=sys.stderr)
        return result.returncode
    print(f"{len(made)} council reports (PDF and workbook) for {args.period} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
