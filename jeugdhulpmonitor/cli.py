"""The command line of CONTRACT.md §4: python -m jeugdhulpmonitor COMMAND.

Exit status: 0 success, 1 invalid input, 2 wrong command line (argparse's own convention).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _scale(text: str) -> float:
    """A positive, finite size factor (NaN or 0 would generate nothing or loop)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, not {text}")
    return value


def _directory(text: str) -> Path:
    """A directory that exists or can be made: no file in its place or on its way."""
    path = Path(text)
    for part in (path, *path.parents):
        if part.exists():
            if not part.is_dir():
                raise argparse.ArgumentTypeError(f"{part} is a file, not a directory")
            break
    return path


def _progress(msg: str) -> None:
    print(f"  {msg}", file=sys.stderr, flush=True)


def cmd_generate(args) -> int:
    from jeugdhulpmonitor.generator import Progress, generate

    generate(args.out, seed=args.seed, scale=args.scale, progress=Progress(_progress))
    print(f"wrote the sample extract to {args.out} (seed {args.seed}, scale {args.scale})")
    return EXIT_OK


def cmd_validate(args) -> int:
    from jeugdhulpmonitor.validation import validate

    result = validate(args.dir)
    if result.ok:
        if args.format == "json":
            print("[]")
        else:
            print(f"{args.dir}: valid")
        return EXIT_OK
    print(result.render(args.format))
    return EXIT_INVALID


def cmd_ingest(args) -> int:
    from jeugdhulpmonitor.ingest import ingest

    report = ingest(args.src, args.data_dir, progress=_progress)
    print(report.render())
    return EXIT_OK if report.published else EXIT_INVALID


def cmd_rollback(args) -> int:
    from jeugdhulpmonitor.ingest import rollback

    try:
        version = rollback(args.data_dir, args.to)
    except ValueError as exc:
        print(f"rollback: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"{args.data_dir}: current data is now version {version}")
    return EXIT_OK


def cmd_check(args) -> int:
    from jeugdhulpmonitor.health import problems
    from jeugdhulpmonitor.store import check

    result = check(args.data_dir, every=args.all)
    if not result:
        print(f"check: no published version in {args.data_dir} (a plain extract has no checksums)", file=sys.stderr)
        return EXIT_INVALID
    for version, damage in result.items():
        if damage is None:
            print(f"{version}: files present; no checksums (published before they were recorded)")
            continue
        print(f"{version}: {'DAMAGED' if damage else 'intact'}")
        for problem in damage:
            print(f"  {problem}")
    found = problems(args.data_dir)  # the current version opens, its answers, free disk
    for problem in found:
        print(problem)
    return EXIT_INVALID if any(result.values()) or found else EXIT_OK


def cmd_figures(args) -> int:
    from jeugdhulpmonitor.figures_cli import run_figures

    return run_figures(args)


def cmd_privacy_check(args) -> int:
    from jeugdhulpmonitor import extract_cache, privacy_check
    from jeugdhulpmonitor.engine import Engine
    from jeugdhulpmonitor.runner import Runner
    from jeugdhulpmonitor.store import DataDirError

    try:
        engine = Engine(Runner(extract_cache.prepared(args.data_dir, wait=True)))
    except DataDirError as exc:
        print(f"privacy-check: {exc}", file=sys.stderr)
        return 1
    print(privacy_check.report(engine))
    return 0


def cmd_backtest(args) -> int:
    from jeugdhulpmonitor import backtest, extract_cache
    from jeugdhulpmonitor.engine import Engine
    from jeugdhulpmonitor.runner import Runner
    from jeugdhulpmonitor.store import DataDirError

    try:
        engine = Engine(Runner(extract_cache.prepared(args.data_dir, wait=True)))
    except DataDirError as exc:
        print(f"backtest: {exc}", file=sys.stderr)
        return EXIT_INVALID
    result = backtest.run(engine, progress=_progress)
    print(result.render())
    if args.json:
        result.write_json(args.json)
    return EXIT_OK


def cmd_bench(args) -> int:
    from jeugdhulpmonitor.bench import run

    run(args.scale, args.quick, args.json, work=args.work)
    return 0


def cmd_report(args) -> int:
    from jeugdhulpmonitor.report_cli import run_report

    return run_report(args)


def cmd_import_ijw(args) -> int:
    from jeugdhulpmonitor.ijw.importer import run
    from jeugdhulpmonitor.ijw.pseudonym import PseudonymKeyError, load_key

    try:
        key, demonstration = load_key(args.key_file, args.demo_key)
    except PseudonymKeyError as exc:
        print(f"import-ijw: {exc}", file=sys.stderr)
        return EXIT_USAGE
    report = run(args.src, args.out, key, demonstration, args.mappings, args.population, progress=_progress)
    print(report.render())
    return EXIT_INVALID if report.error else EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m jeugdhulpmonitor", description="Youth-care outcome monitor")
    sub = p.add_subparsers(dest="command", required=True)

    g = sub.add_parser("generate", help="write the deterministic sample extract")
    g.add_argument("--out", required=True, type=_directory)
    g.add_argument("--seed", type=int, default=42)
    g.add_argument("--scale", type=_scale, default=1.0)
    g.set_defaults(func=cmd_generate)

    v = sub.add_parser("validate", help="check an extract against the data contract")
    v.add_argument("dir", type=Path)
    v.add_argument("--format", choices=("text", "json"), default="text")
    v.set_defaults(func=cmd_validate)

    i = sub.add_parser("ingest", help="validate a delivery and publish it atomically")
    i.add_argument("src", type=Path)
    i.add_argument("--data-dir", required=True, type=_directory)
    i.set_defaults(func=cmd_ingest)

    r = sub.add_parser("rollback", help="make an earlier published version current again")
    r.add_argument("--data-dir", required=True, type=Path)
    r.add_argument("--to", help="version to return to (default: the one before current)")
    r.set_defaults(func=cmd_rollback)

    c = sub.add_parser("check", help="checksums of the published files, pre-aggregated answers, free disk")
    c.add_argument("--data-dir", required=True, type=Path)
    c.add_argument("--all", action="store_true", help="every published version, not only the current one")
    c.set_defaults(func=cmd_check)

    f = sub.add_parser("figures", help="print indicator values exactly as the dashboard computes them")
    f.add_argument("--data-dir", type=Path, default=Path(os.environ.get("DATA_DIR", "sample_data")))
    f.add_argument("--indicator", required=True, help="ID[,ID...] from config/catalogue.yaml")
    f.add_argument("--period", required=True, help="2027, 2027-H1, 2027-Q1, 2027-M4, ...")
    f.add_argument("--by", choices=("region", "municipality", "area", "provider", "theme"))
    f.add_argument("--region")
    f.add_argument("--municipality", action="append", help="GM code; repeat or comma-separate")
    f.add_argument("--area")
    f.add_argument("--provider")
    f.add_argument("--theme")
    f.add_argument("--unsuppressed", action="store_true")
    f.add_argument("--as-group", help="answer within the scope of this group of config/roles.yaml (default: all)")
    f.add_argument("--format", choices=("json", "csv"), default="json")
    f.set_defaults(func=cmd_figures)
    pc = sub.add_parser("privacy-check", help="try to work out hidden small counts; what the protection costs")
    pc.add_argument("--data-dir", type=Path, default=Path(os.environ.get("DATA_DIR", "sample_data")))
    pc.set_defaults(func=cmd_privacy_check)
    bt = sub.add_parser("backtest", help="replay earlier years at M4 and M8: how far the year-end projection was off")
    bt.add_argument("--data-dir", type=Path, default=Path(os.environ.get("DATA_DIR", "sample_data")))
    bt.add_argument("--json", type=Path, help="write mape, coverage and status_hit_rate per indicator here")
    bt.set_defaults(func=cmd_backtest)
    b = sub.add_parser("bench", help="time every page's query set, pandas, first page, memory and ingest")
    b.add_argument("--scale", type=_scale, default=1.0, help="size of the generated extract (25: national)")
    b.add_argument("--quick", action="store_true", help="fewer selections and periods (about a minute at scale 1)")
    b.add_argument("--json", type=Path, help="where to write the figures (default bench/results/)")
    b.add_argument(
        "--work", type=Path, help="keep the generated extract and its published data here (e.g. for the load test)"
    )
    b.set_defaults(func=cmd_bench)

    rp = sub.add_parser("report", help="the council report or the dialogue pack as PDF and workbook")
    rp.add_argument("kind", choices=("council", "dialogue"))
    rp.add_argument("--data-dir", type=Path, default=Path(os.environ.get("DATA_DIR", "sample_data")))
    rp.add_argument("--period", required=True, help="council: 2026-H1 or 2026; dialogue: 2026-M4, -M8, -M12")
    rp.add_argument("--out", required=True, type=_directory)
    rp.add_argument("--municipality", help="GM code (council)")
    rp.add_argument(
        "--region", help="region of --all (council) or of a PD2 pack without --area (default amsterdam-amstelland)"
    )
    rp.add_argument("--provider", help="provider id (dialogue PD1)")
    rp.add_argument("--theme", help="A, B, C or D (dialogue PD2)")
    rp.add_argument("--area", help="area code (dialogue PD2)")
    rp.add_argument("--all", action="store_true", help="every municipality (council) or provider (dialogue)")
    rp.add_argument("--as-group", help="make the documents within the scope of this group of config/roles.yaml")
    rp.set_defaults(func=cmd_report)

    ij = sub.add_parser("import-ijw", help="turn iJw 3.2 messages (JW301/305/307/315) into an extract")
    ij.add_argument("src", type=Path, help="directory of messages (read recursively, zip archives too)")
    ij.add_argument("--out", required=True, type=_directory)
    ij.add_argument("--key-file", type=Path, help="secret pseudonymisation key (else $JHM_PSEUDONYM_KEY)")
    ij.add_argument("--demo-key", action="store_true", help="the public demo key; marks the output as demonstration")
    ij.add_argument("--mappings", type=Path, help="the region's code mappings (default config/ijw_mappings.yaml)")
    ij.add_argument("--population", type=Path, help="population.parquet to add (CBS figures; not in iJw)")
    ij.set_defaults(func=cmd_import_ijw)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
