"""Data en definities: the loaded data (by name, never its path), the catalogue, the deliveries
per provider and the latest ingest report, with dates in full."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from jeugdhulpmonitor import audit, extract_cache
from jeugdhulpmonitor.catalogue import CATALOGUE, LEVEL_LABELS, THEME_LABELS
from jeugdhulpmonitor.engine import EVERYONE, Engine, Selection
from jeugdhulpmonitor.formatting import day, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.ijw.extract import origin
from jeugdhulpmonitor.pagemodel import Notice, PageModel, PageView, Section, Table, Text
from jeugdhulpmonitor.periods import REPORTS, all_periods
from jeugdhulpmonitor.store import is_bundled_sample, latest_report, published_from
from jeugdhulpmonitor.suppression import PERTURBED_EXPLANATION, SUPPRESSED_EXPLANATION
from jeugdhulpmonitor.views.common import value

FRESHNESS = ["delivery_on_time_pct", "delivery_complete_pct"]
DIRECTIONS = {"higher_is_better": "hoger is beter", "lower_is_better": "lager is beter"}
CHECKED_ON_OPENING = (
    "Deze gegevens zijn direct uit een map geladen, niet via ingest gepubliceerd. Het dashboard heeft ze bij "
    "het openen eenmalig gecontroleerd zoals ingest dat doet; hieronder staat wat die controle heeft "
    "afgewezen."
)
COUNTS_WITHHELD = (
    "Het aantal rijen gaat over alle gegevens, ook buiten uw toegang, en wordt daarom alleen getoond aan wie "
    "alle gegevens mag inzien."
)
NOT_INGESTED = (
    "Deze gegevens zijn direct uit een map geladen, niet via ingest gepubliceerd; er is dus geen "
    "leveringsrapport. Publiceer een levering met het commando ingest: afgewezen rijen worden dan met hun "
    "reden bewaard en hier geteld."
)


def data_name(extract) -> str:
    """The loaded data by name, never by its path on the server (visitors see this); a plain
    extract opened through its cache by the extract's name, not the cache's key."""
    if is_bundled_sample(extract):
        return "Voorbeeldgegevens (fictief)"
    source = published_from(extract) if extract_cache.is_cached(extract) else None
    return (source or Path(extract.root)).resolve().name


def how_loaded(extract) -> str:
    """How the loaded data came in, in words."""
    if extract_cache.is_cached(extract):
        return "extract, bij het openen gecontroleerd en voorbereid"
    return "gepubliceerd via ingest" if extract.managed else "extract"


def data(engine: Engine, view: PageView) -> PageModel:
    model = PageModel("Data en definities", "De geladen gegevens, de definities en de aanleveringen")
    model.sections += [_loaded(engine), _protection(), _catalogue(), _freshness(engine), _latest(engine)]
    if view.choice("auditlog") is not None:  # the data team's view (access.py); the value is the log's revision
        model.sections.append(audit_trail(engine))
    return model


PROTECTION_TEXT = (
    "Geen kind mag herkenbaar zijn uit de cijfers, ook niet door cijfers van verschillende pagina's, "
    "perioden of downloads van elkaar af te trekken. Daarom gelden overal dezelfde twee regels."
)


def _protection() -> Section:
    """How small counts are protected, in plain Dutch (docs/privacy.md)."""
    blocks = [Text(PROTECTION_TEXT), Text(SUPPRESSED_EXPLANATION), Text(PERTURBED_EXPLANATION)]
    return Section("Bescherming van kleine aantallen", blocks, key="protection")


AUDIT_EVENTS = {
    "sign_in": "ingelogd",
    "sign_out": "uitgelogd",
    "view": "pagina bekeken",
    "export": "tabel gedownload",
    "document": "document gemaakt",
    "refused": "geweigerd",
}
AUDIT_SHOWN = 200


def audit_trail(engine: Engine) -> Section:
    """The audit log's latest events (jeugdhulpmonitor/audit.py), newest first."""
    events = audit.for_extract(engine.runner.extract).latest(AUDIT_SHOWN)
    frame = pd.DataFrame(
        [
            {
                "Moment": f"{day(e.at.date())}, {e.at:%H:%M:%S} UTC",
                "Wie": e.who,
                "Rol": e.role,
                "Wat": AUDIT_EVENTS.get(e.event, e.event),
                "Pagina": e.page,
                "Selectie": e.selection.replace(";", ", "),
                "Bestand": e.what,
            }
            for e in events
        ],
        columns=["Moment", "Wie", "Rol", "Wat", "Pagina", "Selectie", "Bestand"],
    )
    note = Text(
        f"De laatste {AUDIT_SHOWN} gebeurtenissen: wie inlogde, welke pagina met welke selectie bekeek en wat "
        "werd gedownload of gemaakt. Het logboek staat buiten de gepubliceerde gegevens, kan alleen worden "
        "aangevuld en bevat nooit cliëntnummers.",
        caption=True,
    )
    # Static: a selection or file name is long and a grid column as wide as its text ran past the
    # page (issue 28, item 14); the printed table wraps it.
    table = Table(
        "auditlogboek", frame.astype(object), static=True, key="audit-log", empty_text="Nog geen gebeurtenissen."
    )
    return Section("Auditlogboek", [note, table], key="audit")


def whole_counts(engine: Engine) -> bool:
    """Whether the whole data's counts (rows per table, young people, trajectories, rejected rows)
    may be shown: only within a scope that holds all of it. Anyone else would learn the others'
    part from them (issue 27): a municipality's or provider's staff, region staff of one region."""
    return engine.scope == EVERYONE


def _loaded(engine: Engine) -> Section:
    extract = engine.runner.extract
    summary = engine.summary()
    rows = engine.table_rows()  # the names of the tables loaded: counts only for the whole scope
    text = Text(
        f"**Gegevens:** {data_name(extract)} ({how_loaded(extract)})  \n"
        f"**Versie:** {extract.version}  \n"
        f"**Periode:** {day(summary['first_date'])} t/m {day(summary['last_date'])}" + _origin(extract.path)
    )
    if not whole_counts(engine):
        frame = pd.DataFrame({"Tabel": list(rows)}).astype(object)
        table = Table("geladen-bestanden", frame, static=True, key="loaded-tables")
        return Section("Geladen gegevens", [text, table, Text(COUNTS_WITHHELD, caption=True)], key="data-status")
    table = Table(
        "geladen-bestanden",
        pd.DataFrame({"Tabel": list(rows), "Rijen": list(rows.values())}).astype(object),
        {"Rijen": "0"},
        static=True,
        key="loaded-tables",
    )
    return Section("Geladen gegevens", [text, table], key="data-status")


def _origin(directory) -> str:
    """Where the delivery came from, when the extract says so (issue 17: the iJw message traffic)."""
    mark = origin(directory)
    if not mark or mark.get("origin") != "ijw":
        return ""
    text = f"  \n**Herkomst:** berichtenverkeer iJw, ingelezen op {_when(mark['imported'])}"
    return text + (" (demonstratiegegevens, niet echt)" if mark.get("demonstration") else "")


def _catalogue() -> Section:
    rows = []
    for ind in CATALOGUE().values():
        fmt = ind.format if ind.format not in ("datum",) else "0"
        rows.append(
            {
                "Indicator": ind.name,
                "Thema": THEME_LABELS.get(ind.theme, "–") if ind.theme else "–",
                "Niveau": LEVEL_LABELS.get(ind.level, "–"),
                "Definitie": ind.explanation,
                "Bron": "berekend uit de cliëntstromen" if ind.from_flows else "aangeleverde themagegevens",
                "Richting": DIRECTIONS.get(ind.direction, "–"),
                "Nulmeting": {"same_span_2026": "zelfde periode 2026", "fixed": f"vast: {ind.baseline.value}"}.get(
                    ind.baseline.rule, "–"
                ),
                "Doelen": _targets(ind, fmt),
            }
        )
    note = Text(
        "Elke indicator is op één plek gedefinieerd, in de indicatorcatalogus; indicatoren uit de "
        "cliëntstromen worden steeds met dezelfde berekening bepaald.",
        caption=True,
    )
    # Printed in full: the definitions are what the page is read for, and a data grid cut each
    # at its column's width (issue 28, item 14). On screen the definitions stand beside the names
    # alone, as one table of eight columns left them a narrow column of twenty lines each.
    frame = pd.DataFrame(rows)
    properties = [c for c in frame.columns[1:] if c != "Definitie"]
    groups = [(None, ["Definitie"]), ("Thema, niveau, bron, nulmeting en doelen", properties)]
    table = Table("indicatorcatalogus", frame, static=True, key="catalogue", groups=groups)
    return Section("Indicatorcatalogus", [note, table])


def _targets(ind, fmt: str) -> str:
    """An indicator's targets; per region where a region with its own KPI framework judges it by
    its own (issue 28, item 9), so Amsterdam-Amstelland's targets never read as IJmond's."""

    def listed(targets: dict) -> str:
        return ", ".join(f"{y}: {_target(t, fmt)}" for y, t in targets.items())

    framed = [r for r in ind.regions if r in CATALOGUE().frameworks]
    if not framed:
        return listed(ind.targets) or "–"
    parts = [f"{GEO().name(r)}: {listed(ind.targets)}" for r in ind.regions if r not in framed and ind.targets]
    for region in framed:
        judged = CATALOGUE().in_region(ind, region)
        if judged.status.rule == "ceiling":
            parts.append(f"{GEO().name(region)}: hooguit {number(judged.status.limit, ind.format)}")
        else:
            parts.append(f"{GEO().name(region)}: {listed(judged.targets) or 'geen streefwaarde in het kader'}")
    return "; ".join(parts)


def _target(target, fmt: str) -> str:
    if isinstance(target, str):
        return target.replace(".", ",") + " t.o.v. nulmeting"
    return number(target, fmt)


def _freshness(engine: Engine) -> Section:
    reports = [p for p in all_periods(2024, engine.last_date) if p.form in REPORTS][-6:]
    rows = []
    for p in reversed(reports):
        # Per region: a provider's deliveries belong to its region.
        pairs = [
            pair
            for region in GEO().regions
            for pair in zip(*(engine.compute(i, p, Selection(region=region), by="provider") for i in FRESHNESS))
        ]
        for t, c in pairs:
            if str(p) in (t.measured_period, c.measured_period):
                rows.append(
                    {
                        "Rapportage": p.label,
                        "Aanbieder": engine.providers[t.provider_id][0],
                        "Tijdig": value(t),
                        "Volledig": value(c),
                    }
                )
    note = Text(
        "Per rapportage (4, 8 en 12 maanden): was de aanlevering van de aanbieder tijdig en volledig? "
        "Bron: de jaarlijkse en tussentijdse gegevenslevering van de aanbieders.",
        caption=True,
    )
    frame = pd.DataFrame(rows, columns=["Rapportage", "Aanbieder", "Tijdig", "Volledig"]).astype(object)
    table = Table("aanlevering-per-aanbieder", frame, {"Tijdig": "0,0%", "Volledig": "0,0%"}, key="freshness")
    return Section("Aanlevering per aanbieder", [note, table])


def _latest(engine: Engine) -> Section:
    extract = engine.runner.extract
    report = latest_report(extract.root) if extract.managed else None
    if report is None:
        return Section("Laatste levering", [Notice(NOT_INGESTED)], key="latest")
    if extract_cache.is_cached(extract):  # a plain extract, checked once when the dashboard opened it
        blocks = [Notice(CHECKED_ON_OPENING)]
    else:
        status = "gepubliceerd" if report["published"] else "geweigerd"
        blocks = [Text(f"Levering van {_when(report['started'])}: **{status}** (versie {report['version'] or '–'}).")]
    blocks += [Notice(problem, "warning") for problem in report["file_problems"]]
    reasons = [
        {"Bestand": f, "Reden": r, "Rijen": n}
        for f, by_reason in report["rejected_by_reason"].items()
        for r, n in by_reason.items()
    ]
    frame = pd.DataFrame(reasons, columns=["Bestand", "Reden", "Rijen"])
    if not whole_counts(engine):  # the whole delivery's rejected rows: reasons only
        blocks.append(Table("afgewezen-rijen", frame.drop(columns="Rijen"), key="rejected-rows"))
        blocks.append(Text(COUNTS_WITHHELD, caption=True))
    else:
        blocks.append(Table("afgewezen-rijen", frame, {"Rijen": "0"}, key="rejected-rows"))
    return Section("Laatste levering", blocks, key="latest")


def _when(started: str) -> str:
    """An ISO timestamp as a Dutch date in full with the time."""
    try:
        moment = datetime.fromisoformat(started)
    except ValueError:
        return started
    return f"{day(moment.date())}, {moment:%H:%M}"
