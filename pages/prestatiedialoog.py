"""Prestatiedialoog: the contract manager's preparation sheet. For a provider (PD1) or a theme or
area (PD2) and a report, the five steering elements side by side at region, municipality and area
level, with the change since the report of the previous dialogue."""

import pandas as pd
import streamlit as st

from jeugdhulpmonitor.catalogue import CATALOGUE, STEERING_LABELS
from jeugdhulpmonitor.formatting import STATUS_LABELS, figure_text, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import DIALOGUE_MONTHS, REPORTS, previous_report
from ui import data, filters, shell, show

shell.through_navigation()
engine = data.engine()
kind = filters.choice(
    "dialoog",
    "Soort dialoog",
    ["pd1", "pd2"],
    "pd1",
    {"pd1": "PD1: met een aanbieder", "pd2": "PD2: per thema of gebied"}.get,
)
view = filters.view(
    engine, municipality=False, area=kind == "pd2", theme=kind == "pd2", provider=kind == "pd1", forms=REPORTS
)
sel, period = view.selection, view.period
geo = GEO()
before = previous_report(period)
month = DIALOGUE_MONTHS[period.form]

st.title("Prestatiedialoog")
subject = engine.providers[sel.provider][0] if sel.provider else filters.describe(sel)
st.caption(
    f"{'PD1' if kind == 'pd1' else 'PD2'} · {subject} · dialoog van {month} "
    f"{period.year + (1 if period.form == 'M12' else 0)}: {period.label} · vorige dialoog: {before.label}"
)
if kind == "pd1" and sel.provider is None:
    st.info(
        "Kies een aanbieder in de filters voor de voorbereiding van een PD1-dialoog; hieronder staat de hele regio."
    )


def level_values(ids, p):
    """Per indicator: the region value, then per municipality and per area (one query per grouping)."""
    region = {f.indicator: f for f in data.figures(ids, p, sel)}
    munis = {(f.indicator, f.municipality_code): f for f in data.figures(ids, p, sel, by="municipality")}
    areas = {(f.indicator, f.area_code): f for f in data.figures(ids, p, sel, by="area")} if sel.area is None else {}
    return region, munis, areas


for element, label in STEERING_LABELS.items():
    ids = [i.id for i in CATALOGUE().for_steering(element, sel.region)]
    if sel.theme:
        ids = [i for i in ids if CATALOGUE()[i].theme in (None, sel.theme)]
    if not ids:
        continue
    st.subheader(label)
    region, munis, areas = level_values(ids, period)
    previous = {f.indicator: f for f in data.figures(ids, before, sel)}
    rows = []
    for ident in ids:
        ind = CATALOGUE()[ident]
        now, then = region[ident], previous[ident]
        change = number(now.value - then.value, ind.format) if None not in (now.value, then.value) else "–"
        row = {
            "Indicator": ind.name,
            "Regio": figure_text(now, ind.format),
            f"Vorige ({before})": figure_text(then, ind.format),
            "Verandering": change,
            "Status": STATUS_LABELS[now.status],
        }
        for (i, m), f in munis.items():
            if i == ident:
                row[geo.name(m)] = figure_text(f, ind.format)
        for (i, a), f in areas.items():
            if i == ident:
                row[f"gebied {geo.name(a)}"] = figure_text(f, ind.format)
        rows.append(row)
    with st.container(key=f"element-{element}"):
        show.table(pd.DataFrame(rows), f"prestatiedialoog-{element}-{period}", static=True)

with st.expander("Definities en bronnen"):
    for ident in dict.fromkeys(i.id for e in STEERING_LABELS for i in CATALOGUE().for_steering(e, sel.region)):
        st.markdown(f"**{CATALOGUE()[ident].name}** – {CATALOGUE()[ident].explanation}")
    st.caption(f"Gegevensversie {engine.runner.data_version}; selectie: {filters.describe(sel)}.")
