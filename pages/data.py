"""Data en definities: the catalogue, the loaded data version and the latest ingest report."""

import pandas as pd
import streamlit as st

from jeugdhulpmonitor import page_sets
from jeugdhulpmonitor.catalogue import CATALOGUE, LEVEL_LABELS
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import REPORTS, all_periods
from jeugdhulpmonitor.store import latest_report
from ui import data, shell, show

FRESHNESS = page_sets.FRESHNESS

shell.through_navigation()
engine = data.engine()
view_periods = all_periods(2024, engine.last_date)
st.title("Data en definities")

st.subheader("Geladen gegevens")
show.data_status(engine)

st.subheader("Indicatorcatalogus")
st.caption(
    "Elke indicator is op één plek gedefinieerd: config/catalogue.yaml. "
    "Indicatoren uit cliëntstromen worden berekend met de query in queries/."
)
rows = []
for ind in CATALOGUE().values():
    targets = ", ".join(f"{y}: {t}" for y, t in ind.targets.items()) or "–"
    rows.append(
        {
            "Indicator": ind.name,
            "Id": ind.id,
            "Thema": ind.theme or "–",
            "Niveau": LEVEL_LABELS.get(ind.level, "–"),
            "Definitie": ind.explanation,
            "Bron": f"queries/{ind.source}.sql" if ind.from_flows else "theme_indicators.parquet",
            "Richting": {"higher_is_better": "hoger is beter", "lower_is_better": "lager is beter"}.get(
                ind.direction, "–"
            ),
            "Nulmeting": {"same_span_2026": "zelfde periode 2026", "fixed": f"vast: {ind.baseline.value}"}.get(
                ind.baseline.rule, "–"
            ),
            "Doelen": targets,
        }
    )
show.table(pd.DataFrame(rows), "indicatorcatalogus")

st.subheader("Aanlevering per aanbieder")
st.caption(
    "Per rapportage (4, 8 en 12 maanden): was de aanlevering van de aanbieder tijdig en volledig? "
    "Bron: de jaarlijkse en tussentijdse gegevenslevering (theme_indicators.parquet)."
)
reports = [p for p in view_periods if p.form in REPORTS][-6:]
rows = []
for p in reversed(reports):
    # Per region: a provider's deliveries belong to its region.
    pairs = [
        pair
        for region in GEO().regions
        for pair in zip(*(data.figures(i, p, Selection(region=region), by="provider") for i in FRESHNESS))
    ]
    for t, c in pairs:
        if t.measured_period == str(p) or c.measured_period == str(p):
            rows.append(
                {
                    "Rapportage": p.label,
                    "Aanbieder": engine.providers[t.provider_id][0],
                    "Tijdig": figure_text(t, CATALOGUE()[t.indicator].format),
                    "Volledig": figure_text(c, CATALOGUE()[c.indicator].format),
                }
            )
with st.container(key="freshness"):
    show.table(pd.DataFrame(rows), "aanlevering-per-aanbieder")

st.subheader("Laatste levering")
extract = engine.runner.extract
report = latest_report(extract.root) if extract.managed else None
if report is None:
    st.info(
        "Deze gegevens zijn direct uit een map geladen, niet via ingest gepubliceerd; er is dus geen "
        "leveringsrapport. Controleer een levering met `python -m jeugdhulpmonitor validate MAP` of publiceer "
        "haar met `python -m jeugdhulpmonitor ingest MAP --data-dir DOEL`: afgewezen rijen worden dan met hun "
        "reden bewaard en hier geteld."
    )
else:
    status = "gepubliceerd" if report["published"] else "geweigerd"
    st.markdown(f"Levering van {report['started']}: **{status}** (versie {report['version'] or '–'}).")
    for problem in report["file_problems"]:
        st.error(problem)
    reasons = [
        {"Bestand": f, "Reden": r, "Rijen": number(n)}
        for f, by_reason in report["rejected_by_reason"].items()
        for r, n in by_reason.items()
    ]
    show.table(pd.DataFrame(reasons), "afgewezen-rijen")
