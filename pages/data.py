"""Data en definities: the catalogue, the loaded data version and the latest ingest report."""

import pandas as pd
import streamlit as st

from jeugdhulpmonitor.catalogue import CATALOGUE, LEVEL_LABELS
from jeugdhulpmonitor.formatting import number
from jeugdhulpmonitor.store import latest_report
from ui import data, show

engine = data.engine()
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

st.subheader("Laatste levering")
extract = engine.runner.extract
report = latest_report(extract.root) if extract.managed else None
if report is None:
    st.info("Deze gegevens zijn niet via ingest gepubliceerd; er is geen leveringsrapport.")
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
