"""`report`: the council report and the dialogue pack as PDF and workbook, one or --all.

Each document goes to OUT/<name>.pdf and OUT/<name>.xlsx, written to a temporary file in OUT
and renamed, so that an interrupted or failed run leaves no half-written document."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from jeugdhulpmonitor import access, documents, extract_cache
from jeugdhulpmonitor.catalogue import CatalogueError
from jeugdhulpmonitor.contract import THEMES
from jeugdhulpmonitor.documents import images
from jeugdhulpmonitor.engine import Engine
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import REPORTS, Period, PeriodError
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.store import DataDirError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class ReportError(ValueError):
    """Invalid input (an unknown municipality, provider or period): exit 1."""


def _write(out: Path, name: str, suffix: str, content: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=out)
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes 0600; a document is for reading
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        target = out / f"{name}{suffix}"
        os.replace(tmp, target)
        return target
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _period(text: str, forms: tuple[str, ...], engine: Engine) -> Period:
    try:
        period = Period.parse(text)
    except PeriodError as exc:
        raise ReportError(str(exc)) from None
    if period.form not in forms:
        raise ReportError(f"period {text}: this report is made for {', '.join(forms)} periods")
    if engine.last_date is None or period.end > engine.last_date:
        raise ReportError(f"period {text} ends after the data does ({engine.last_date})")
    return period


def _council_jobs(args, engine: Engine) -> list:
    geo = GEO()
    period = _period(args.period, ("H1", "Y"), engine)
    if args.all:
        region = args.region or "amsterdam-amstelland"
        if region not in geo.regions:
            raise ReportError(f"unknown region {region!r}")
        codes = geo.municipalities_of(region)
    elif args.municipality:
        if args.municipality not in geo.municipalities:
            raise ReportError(f"unknown municipality {args.municipality!r} (a GM code from config/geography.yaml)")
        codes = [args.municipality]
    else:
        raise ReportError("give --municipality GMxxxx or --all")
    return [lambda m=m: documents.council(engine, m, period) for m in codes]


def _dialogue_jobs(args, engine: Engine) -> list:
    period = _period(args.period, REPORTS, engine)
    if args.all:
        return [lambda p=p: documents.dialogue(engine, period, provider=p) for p in engine.providers]
    if args.provider and args.provider not in engine.providers:
        raise ReportError(f"unknown provider {args.provider!r}")
    if args.theme and args.theme not in THEMES:
        raise ReportError(f"unknown theme {args.theme!r} ({', '.join(THEMES)})")
    if args.region and args.region not in GEO().regions:
        raise ReportError(f"unknown region {args.region!r}")
    if args.area and args.area not in GEO().areas:
        raise ReportError(f"unknown area {args.area!r}")
    if args.provider and (args.theme or args.area):
        raise ReportError("a PD1 pack is for a provider alone; leave out --theme and --area")
    return [
        lambda: documents.dialogue(
            engine, period, provider=args.provider, theme=args.theme, area=args.area, region=args.region
        )
    ]


def run_report(args) -> int:
    out: Path = args.out
    try:
        scope = access.scope_of(getattr(args, "as_group", None))
        engine = Engine(Runner(extract_cache.ready(args.data_dir)), scope=scope)
        jobs = (_council_jobs if args.kind == "council" else _dialogue_jobs)(args, engine)
    except (ReportError, DataDirError, CatalogueError, access.RolesError) as exc:
        print(f"report: {exc}", file=sys.stderr)
        return EXIT_INVALID
    out.mkdir(parents=True, exist_ok=True)
    if why := images.unavailable():
        print(f"report: warning: {why}; the PDFs say '{images.UNAVAILABLE}' instead", file=sys.stderr)
    start = time.monotonic()
    with images.session():  # one browser draws the charts of every document in this run
        for number, job in enumerate(jobs, 1):
            document = job()
            pdf, xlsx = document.pdf(), document.xlsx()  # both made before either is written
            for suffix, content in ((".pdf", pdf), (".xlsx", xlsx)):
                print(_write(out, document.name, suffix, content))
            if len(jobs) > 1:
                elapsed = time.monotonic() - start
                print(f"  {number}/{len(jobs)} {document.name} ({elapsed:.1f} s)", file=sys.stderr, flush=True)
    return EXIT_OK
