"""Screenshots of every page at 1440x900 on the bundled sample data, for the README.

.venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jeugdhulpmonitor import REPO_ROOT  # noqa: E402
from jeugdhulpmonitor.devserver import chromium, dashboard, new_context, wait_until_idle  # noqa: E402

# One realistic view per page (the URL a user would share).
PAGES = {
    "overzicht": "/overzicht?periode=2029-M8",
    "themas": "/themas?thema=B&periode=2028",
    "gemeenten": "/gemeenten?gemeente=GM0451&periode=2028",
    "clientstromen": "/clientstromen?periode=2028-H1",
    "financien": "/financien?periode=2029-M8",
    "prestatiedialoog": "/prestatiedialoog?aanbieder=AA01&periode=2029-M4",
    "raadsrapportage": "/raadsrapportage?gemeente=GM0363&periode=2028-H1",
    "data": "/data",
}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as tmp,
        dashboard(REPO_ROOT / "sample_data", Path(tmp) / "app.log") as (
            _proc,
            url,
        ),
        chromium() as browser,
    ):
        page = new_context(browser).new_page()
        for name, path in PAGES.items():
            page.goto(url + path)
            wait_until_idle(page)
            page.screenshot(path=str(args.out / f"{name}.png"))
            print(f"{args.out / f'{name}.png'}  ({path})")


if __name__ == "__main__":
    main()
