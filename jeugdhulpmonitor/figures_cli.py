"""`figures`: indicator values exactly as the dashboard computes them (same engine)."""

from __future__ import annotations

import csv
import io
import json
import sys

from jeugdhulpmonitor import access
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
        engine = engine.unprotected() if args.unsuppressed else engine
        figures = engine.compute(ids, period, selection, by=args.by)
    except SelectionConflictError as exc:
        print(f"figures: contradictory selection: {exc}", file=sys.stderr)
        return 2
    except (PeriodError, SelectionError, DataDirError, CatalogueError, access.RolesError) as exc:
        print(f"figures: {exc}", file=sys.stderr)
        return 1
    rows = [f.contract_row() for f in figures]
    if args.format == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else list(CONTRACT_FIELDS))
        writer.writeheader()
        writer.writerows(rows)
        sys.stdout.write(out.getvalue())
    else:
        print(json.dumps(rows, indent=1, default=str, ensure_ascii=False))
    return 0
