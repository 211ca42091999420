"""The benchmark: `python -m jeugdhulpmonitor bench [--scale N] [--quick] [--json PATH]`.

In one run, on one generated extract: ingest time (validation, publishing, pre-aggregation);
every page's query set for realistic selections and period forms, cold and warm, through the
engine without Streamlit's cache; the same core figures the way a typical Streamlit app gets
them (pandas reads the Parquet file and filters per request), as a ratio; the time to the first
rendered page in Chromium and the dashboard's peak memory. Absolute times vary between machines
and runs; compare ratios within one run. Targets (issue #6) are checked and, where missed, the
slowest query of the page is explained with EXPLAIN ANALYZE.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import psutil
import streamlit

from jeugdhulpmonitor import REPO_ROOT
from jeugdhulpmonitor.contract import RESIDENTIAL_CARE_FORMS
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.generator import generate
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.ingest import ingest
from jeugdhulpmonitor.periods import FORMS, Period, all_periods
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.views.page import page_model
from jeugdhulpmonitor.views.reach import reachable
from jeugdhulpmonitor.views.registry import PAGES

REGION = "amsterdam-amstelland"
TARGETS = {"p95_ms": 100.0, "first_page_s": 5.0, "rss_peak_mb": 1536.0, "ingest_s": 120.0, "ratio_vs_pandas": 20.0}
CORE = ["young_people_in_care", "inflow", "outflow", "out_of_home"]


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def selections(engine: Engine, quick: bool) -> list[Selection]:
    """The region, each of its municipalities, an area, a provider and a theme."""
    geo = GEO()
    region = Selection(region=REGION)
    munis = [replace(region, municipalities=(m,)) for m in geo.municipalities_of(REGION)]
    provider = next(p for p, (_n, r) in engine.providers.items() if r == REGION)
    others = [replace(region, area="noord"), replace(region, provider=provider), replace(region, theme="B")]
    return [region, munis[2], others[1]] if quick else [region, *munis, *others]


def periods(engine: Engine, quick: bool) -> list[Period]:
    """Each period form, in the latest year that has it."""
    known = all_periods(2024, engine.last_date)
    latest = {form: max((p for p in known if p.form == form), key=lambda p: p.year) for form in FORMS}
    chosen = list(latest.values())
    return [latest["M8"] if "M8" in latest else chosen[0], latest["Y"]] if quick else chosen


# --- the typical Streamlit way: pandas reads and filters the Parquet file per request ------------
def pandas_core(extract: Path, selection: Selection, period: Period) -> dict[str, int]:
    geo = GEO()
    flows = pd.read_parquet(extract / "client_flows.parquet")
    munis = list(selection.municipalities) or geo.municipalities_of(selection.region)
    keep = flows["municipality_code"].isin(munis)
    if selection.area:
        keep &= flows["area_code"] == selection.area
    if selection.provider:
        keep &= flows["provider_id"] == selection.provider
    if selection.theme:
        keep &= flows["theme"] == selection.theme
    s, e = pd.Timestamp(period.start), pd.Timestamp(period.end)
    start, end = pd.to_datetime(flows["start_date"]), pd.to_datetime(flows["end_date"])
    active = flows[keep & (start <= e) & (end.isna() | (end >= s))].assign(start=start, end=end, open=end.isna())
    per_client = active.groupby("client_id").agg(first=("start", "min"), open=("open", "max"), last=("end", "max"))
    return {
        "young_people_in_care": active["client_id"].nunique(),
        "inflow": int((per_client["first"] >= s).sum()),
        "outflow": int((~per_client["open"] & (per_client["last"] <= e)).sum()),
        "out_of_home": active.loc[active["care_form"].isin(RESIDENTIAL_CARE_FORMS), "client_id"].nunique(),
    }


# --- the run ---------------------------------------------------------------------------------------
def run(scale: float, quick: bool, json_path: Path | None, work: Path | None = None, say=print) -> dict:
    started = datetime.now()
    tmp = tempfile.TemporaryDirectory(prefix="jhm-bench-")
    work = Path(work or tmp.name)
    say(f"generating an extract at scale {scale} …")
    extract = generate(work / "extract", seed=42, scale=scale)

    say("ingesting (validation, publishing, pre-aggregation) …")
    t = time.perf_counter()
    report = ingest(extract, work / "published")
    ingest_s = _ms(t) / 1000
    if not report.published:
        raise RuntimeError(f"the generated extract was rejected: {report.file_problems}")

    t = time.perf_counter()
    engine = Engine(Runner(work / "published"))
    open_s = _ms(t) / 1000
    sels, pers = selections(engine, quick), periods(engine, quick)
    summary = engine.summary()
    say(f"{summary['trajectories']:,} trajectories, {summary['clients']:,} young people; opened in {open_s:.1f} s")

    t = time.perf_counter()
    PAGES["overzicht"](engine, reachable("overzicht", sels[0], pers[0]))
    cold_ms = _ms(t)

    # Each page's model, as the dashboard computes it, for every view its filters can express.
    pages, slowest = {}, {}
    for name in PAGES:
        times = []
        for selection in sels:
            for period in pers:
                if (view := reachable(name, selection, period)) is None:
                    continue
                t = time.perf_counter()
                engine.runner.timings = []
                page_model(name, engine, view)
                times.append(_ms(t))
                worst = max(engine.runner.timings, key=lambda q: q[1], default=None)
                if worst and worst[1] > slowest.get(name, (None, 0.0, None))[1]:
                    slowest[name] = worst
        engine.runner.timings = None
        times.sort()
        pages[name] = {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
            "max_ms": round(times[-1], 1),
            "runs": len(times),
        }
        say(f"  {name:<17} p50 {pages[name]['p50_ms']:>8.1f} ms   p95 {pages[name]['p95_ms']:>8.1f} ms")

    say("the same core figures with pandas per request …")
    ratios, pandas_ms, engine_ms = [], [], []
    published = engine.runner.extract.path
    for selection in sels:
        for period in pers[:3]:
            t = time.perf_counter()
            by_pandas = pandas_core(published, selection, period)
            p_ms = _ms(t)
            t = time.perf_counter()
            figs = engine.compute(CORE, period, selection, suppress=False)
            e_ms = _ms(t)
            by_engine = {f.indicator: f.value for f in figs}
            if by_pandas != by_engine:
                raise AssertionError(f"pandas and engine disagree for {selection} {period}: {by_pandas} {by_engine}")
            ratios.append(p_ms / e_ms)
            pandas_ms.append(p_ms)
            engine_ms.append(e_ms)

    say("starting the dashboard and loading the first page in Chromium …")
    first_page_s, rss_peak_mb = first_page(work / "published", work / "app.log")

    result = {
        "scale": scale,
        "quick": quick,
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "data": {"trajectories": summary["trajectories"], "clients": summary["clients"]},
        "pages": pages,
        "cold_ms": round(cold_ms, 1),
        "open_s": round(open_s, 2),
        "ratio_vs_pandas": round(statistics.median(ratios), 1),
        "pandas_core_ms": round(statistics.median(pandas_ms), 1),
        "engine_core_ms": round(statistics.median(engine_ms), 1),
        "first_page_s": round(first_page_s, 2),
        "rss_peak_mb": round(rss_peak_mb, 1),
        "ingest_s": round(ingest_s, 1),
        "aggregates_s": report.aggregates_s,
    }
    result["targets"] = targets(result)
    result["explain"] = {
        page: {"query": q, "ms": round(ms, 1), "plan": engine.runner.explain(q, **params)}
        for page, (q, ms, params) in slowest.items()
        if pages[page]["p95_ms"] > TARGETS["p95_ms"]
    }
    path = json_path or REPO_ROOT / "bench" / "results" / f"{started:%Y%m%dT%H%M%S}-scale{scale:g}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=1, default=str))
    say(table(result))
    say(f"written to {path}")
    tmp.cleanup()
    return result


def first_page(data_dir: Path, log: Path) -> tuple[float, float]:
    """Seconds from starting the dashboard to the landing page's first key figure in Chromium,
    and the dashboard's peak RSS (MB) while it serves every page once."""
    from jeugdhulpmonitor.devserver import VIEWPORT, chromium, dashboard, wait_until_idle

    peak = 0.0

    def sample(proc) -> float:
        try:
            p = psutil.Process(proc.pid)
            return sum(x.memory_info().rss for x in [p, *p.children(recursive=True)]) / 2**20
        except psutil.Error:
            return 0.0

    with chromium() as browser:
        page = browser.new_context(viewport=VIEWPORT).new_page()
        t = time.perf_counter()
        with dashboard(data_dir, log) as (proc, url):
            page.goto(url + "/")
            page.wait_for_selector(".st-key-kpi-young_people_in_care [data-testid='stMetricValue']", timeout=120_000)
            seconds = _ms(t) / 1000
            for path in (
                "themas",
                "gemeenten",
                "clientstromen",
                "financien",
                "prestatiedialoog",
                "raadsrapportage",
                "data",
            ):
                page.goto(f"{url}/{path}")
                wait_until_idle(page, timeout_ms=300_000)
                peak = max(peak, sample(proc))
            peak = max(peak, sample(proc))
    return seconds, peak


def machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
        "streamlit": streamlit.__version__,
    }


def targets(r: dict) -> dict:
    worst_p95 = max(p["p95_ms"] for p in r["pages"].values())
    return {
        "page_p95_ms<=100": worst_p95 <= TARGETS["p95_ms"],
        "first_page_s<=5": r["first_page_s"] <= TARGETS["first_page_s"],
        "rss_peak_mb<=1536": r["rss_peak_mb"] <= TARGETS["rss_peak_mb"],
        "ingest_s<=120": r["ingest_s"] <= TARGETS["ingest_s"],
        "ratio_vs_pandas>=20": r["ratio_vs_pandas"] >= TARGETS["ratio_vs_pandas"],
    }


def table(r: dict) -> str:
    m = r["machine"]
    lines = [
        f"scale {r['scale']:g}: {r['data']['trajectories']:,} trajectories, {r['data']['clients']:,} young people · "
        f"{m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}, DuckDB {m['duckdb']}",
        "",
        "| page | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {n} | {p['p50_ms']:.1f} | {p['p95_ms']:.1f} | {p['max_ms']:.1f} |" for n, p in r["pages"].items()]
    lines += [
        "",
        f"cold (first page set after start): {r['cold_ms']:.0f} ms · engine opened in {r['open_s']} s",
        f"core figures: engine {r['engine_core_ms']} ms, pandas per request {r['pandas_core_ms']} ms: "
        f"engine {r['ratio_vs_pandas']}x faster (median ratio)",
        f"first page rendered {r['first_page_s']} s after start · dashboard peak RSS {r['rss_peak_mb']:.0f} MB",
        f"ingest {r['ingest_s']} s (of which pre-aggregation {r['aggregates_s']} s)",
        "targets: " + ", ".join(f"{k} {'met' if ok else 'MISSED'}" for k, ok in r["targets"].items()),
    ]
    for page, e in r.get("explain", {}).items():
        lines.append(f"slowest query on {page}: queries/{e['query']}.sql ({e['ms']} ms)\n{e['plan']}")
    return "\n".join(lines)
