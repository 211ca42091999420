"""Cliëntstromen: inflow, outflow and young people in care over time; by care form, referrer, age
group and provider; movement between care forms; waiting times and early terminations."""

import pandas as pd
import streamlit as st

from jeugdhulpmonitor import charts, page_sets
from jeugdhulpmonitor.breakdowns import DIMENSIONS
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.contract import CARE_FORM_LABELS, REFERRER_LABELS
from jeugdhulpmonitor.formatting import figure_text
from ui import data, filters, shell, show

FLOWS = {"young_people_in_care": "Jeugdigen in zorg", "inflow": "Instroom", "outflow": "Uitstroom"}

shell.through_navigation()
engine = data.engine()
view = filters.view(engine, provider=True, theme=True)
sel, period = view.selection, view.period

st.title("Cliëntstromen")
st.caption(f"{filters.describe(sel)} · {period.label}")

figs = {f.indicator: f for f in data.figures(page_sets.CLIENTSTROMEN, period, sel)}
for column, ident in zip(st.columns(5), figs):
    with column:
        show.kpi(figs[ident], sel)

st.subheader("Instroom, uitstroom en jeugdigen in zorg per kwartaal")
quarters = [p for p in view.periods if p.form.startswith("Q")]
rows = []
for q in quarters:
    row = {"Kwartaal": f"{q.year}-K{q.form[1]}"}
    for f in data.figures(list(FLOWS), q, sel):
        row[FLOWS[f.indicator]] = None if f.suppressed else f.value
    rows.append(row)
trend = pd.DataFrame(rows)
if trend.empty:
    st.info("Geen gegevens voor deze selectie.")
else:
    st.plotly_chart(
        charts.lines_over_time(trend, "Kwartaal", {v: v for v in FLOWS.values()}),
        key="flows-over-time",
        config={"displayModeBar": False},
    )

st.subheader("Verdeling")
dimension = filters.choice("indeling", "Indeling", list(DIMENSIONS), "care_form", DIMENSIONS.get)
table = data.table("by_dimension", period, sel, dimension)
labels = {
    "care_form": CARE_FORM_LABELS,
    "referrer": REFERRER_LABELS | {"onbekend": "Onbekend"},
    "provider": {p: name for p, (name, _r) in engine.providers.items()},
}.get(dimension, {})
frame = table.frame.assign(dimension_value=[labels.get(v, v) for v in table.frame["dimension_value"]])
shown = show.counts_frame(
    frame,
    {
        "dimension_value": DIMENSIONS[dimension],
        "in_care": "Jeugdigen in zorg",
        "started": "Met een traject gestart in de periode",
        "ended": "Met een traject beëindigd in de periode",
    },
)
with st.container(key="breakdown"):
    show.table(shown, f"stromen-per-{dimension}", static=True)
st.caption("Een jeugdige kan onder meer dan één waarde vallen (bijvoorbeeld twee zorgvormen in één periode).")
show.source_note(table)

st.subheader("Overgangen tussen zorgvormen")
moves = data.table("transitions", period, sel)
if moves.frame.empty:
    st.info("Geen overgangen tussen zorgvormen in deze periode en selectie.")
else:
    st.plotly_chart(charts.sankey(moves.frame, CARE_FORM_LABELS), key="sankey", config={"displayModeBar": False})
    named = moves.frame.assign(
        from_form=[CARE_FORM_LABELS[f] for f in moves.frame["from_form"]],
        to_form=[CARE_FORM_LABELS[f] for f in moves.frame["to_form"]],
    )
    show.table(show.counts_frame(named, {"from_form": "Van", "to_form": "Naar", "clients": "Jeugdigen"}), "overgangen")
    st.caption(
        "Jeugdigen van wie een traject in de periode begon met een andere zorgvorm dan hun vorige traject "
        "binnen de selectie. Overgangen van minder dan 10 jeugdigen staan niet in de grafiek."
    )
    show.source_note(moves)

st.subheader("Wachttijd en uitval per aanbieder")
by_provider = {
    ident: data.figures(ident, period, sel, by="provider") for ident in ("waiting_days_median", "early_termination_pct")
}
rows = [
    {
        "Aanbieder": engine.providers[w.provider_id][0],
        CATALOGUE()[w.indicator].name: figure_text(w, CATALOGUE()[w.indicator].format),
        CATALOGUE()[e.indicator].name: figure_text(e, CATALOGUE()[e.indicator].format),
    }
    for w, e in zip(by_provider["waiting_days_median"], by_provider["early_termination_pct"])
]
show.table(pd.DataFrame(rows), "wachttijd-uitval-per-aanbieder")
