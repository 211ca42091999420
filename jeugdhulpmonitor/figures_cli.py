"""`figures`: indicator values exactly as the dashboard computes them (same engine)."""

from __future__ import annotations

import csv
import getpass
import io
import json
import sys

from jeugdhulpmonitor import access, audit
from jeugdhulpmonitor.catalogue import CatalogueError
from jeugdhulpmonitor.engine import Engine, Selection, SelectionConflictError, SelectionError
from jeugdhulpmonitor.periods import Period, PeriodError
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.store import DataDirError

CONTRACT_FIELDS = (
    "indicator",
    "period",
    "region_code",
    "municipality_code",
    "area_code",
    "provider_id",
    "theme",
    "value",
    "numerator",
    "denominator",
    "suppressed",
)


def _municipalities(values: list[str] | None) -> tuple[str, ...]:
    return tuple(code.strip() for v in values or [] for code in v.split(",") if code.strip())


def run_figures(args) -> int:
    ids = [i.strip() for i in args.indicator.split(",") if i.strip()]
    if not ids:
        print("figures: --indicator names no indicator", file=sys.stderr)
        return 2
    try:
        period = Period.parse(args.period)
        engine = Engine(Runner(args.data_dir), scope=access.scope_of(getattr(args, "as_group", None)))
        selection = Selection(
            region=args.region,
            municipalities=_municipalities(args.municipality),
            area=args.area,
            provider=args.provider,
            theme=args.theme,
        )
        if args.unsuppressed:
            engine = engine.unprotected()
            _audit_unprotected(engine, ids, period, args)
        figures = engine.compute(ids, period, selection, by=args.by)
    except SelectionConflictError as exc:
        print(f"figures: contradictory selection: {exc}", file=sys.stderr)
        return 2
    except (PeriodError, SelectionError, DataDirError, CatalogueError, access.RolesError) as exc:
        print(f"figures: {exc}", file=sys.stderr)
        return 1
    rows = [f.contract_row() for f in figures]
    if args.unsuppressed:
        print("figures: ONBESCHERMDE cijfers (--unsuppressed): niet delen buiten het datateam", file=sys.stderr)
    if args.format == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else list(CONTRACT_FIELDS))
        writer.writeheader()
        writer.writerows(rows)
        sys.stdout.write(out.getvalue())
    else:
        print(json.dumps(rows, indent=1, default=str, ensure_ascii=False))
    return 0


def _audit_unprotected(engine: Engine, ids: list[str], period: Period, args) -> None:
    """The one way to true figures is written to the audit log (who, what, for which selection)."""
    selection = {"regio": args.region, "gemeente": ",".join(_municipalities(args.municipality)) or None}
    selection |= {"gebied": args.area, "aanbieder": args.provider, "thema": args.theme, "periode": str(period)}
    what = f"figures --unsuppressed: {','.join(ids)}" + (f" per {args.by}" if args.by else "")
    log = audit.for_extract(engine.runner.extract)
    log.record(getpass.getuser(), "data_manager", "export", "figures", selection, what)
