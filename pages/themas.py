"""Thema's: per theme the framework's four levels with every indicator, its trend, path and status."""

from dataclasses import replace

import streamlit as st

from jeugdhulpmonitor import charts
from jeugdhulpmonitor.catalogue import CATALOGUE, LEVEL_LABELS, THEME_LABELS
from jeugdhulpmonitor.formatting import day
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import series
from ui import data, filters, shell, show

shell.through_navigation()
engine = data.engine()
view = filters.view(engine, theme=True)
sel, period = view.selection, view.period

st.title("Thema's")
if not GEO().regions[sel.region].has_themes:
    st.info(f"{GEO().name(sel.region)} werkt niet met thema's A–D; zie de KPI's op het overzicht.")
    st.stop()
theme = sel.theme or "A"
# The theme chooses which part of the framework is shown; the indicators themselves count all
# trajectories of the selection (out-of-home placements per 1,000 are society-level figures).
sel = replace(sel, theme=None)
st.caption(f"{THEME_LABELS[theme]} · {filters.describe(sel)} · {period.label}")
years = series(period.form, 2024, period.year)

for level, label in LEVEL_LABELS.items():
    indicators = [i for i in CATALOGUE().in_theme(theme) if i.level == level]
    if not indicators:
        continue
    st.subheader(label)
    for ind in indicators:
        with st.container(border=True, key=f"ind-{ind.id}"):
            current = data.one(ind.id, period, sel)
            left, right = st.columns([1, 2])
            with left:
                show.kpi(current, sel)
                if ind.kind == "milestone":
                    due = ind.status.due
                    st.caption(f"Uiterlijk {day(due)}; " + ("te laat" if current.milestone_late else "op tijd"))
                st.caption(show.status_line(current))
            with right:
                if ind.kind != "milestone":
                    st.plotly_chart(
                        charts.trend_with_path(ind, data.series(ind.id, years, sel)),
                        key=f"chart-{ind.id}",
                        config={"displayModeBar": False},
                    )
