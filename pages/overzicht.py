"""Overzicht: the region at a glance for the chosen period, with a status tile per theme."""

import streamlit as st

from jeugdhulpmonitor import page_sets
from jeugdhulpmonitor.catalogue import CATALOGUE, THEME_LABELS
from jeugdhulpmonitor.engine import STATUSES
from jeugdhulpmonitor.formatting import STATUS_ICONS, STATUS_LABELS, number
from jeugdhulpmonitor.geography import GEO
from ui import data, filters, shell, show

KEY_FIGURES = page_sets.OVERZICHT

shell.through_navigation()
engine = data.engine()
view = filters.view(engine)
sel, period = view.selection, view.period

st.title("Overzicht")
st.caption(f"{filters.describe(sel)} · {period.label}")

figs = {f.indicator: f for f in data.figures(KEY_FIGURES, period, sel)}
for column, ident in zip(st.columns(len(KEY_FIGURES)), KEY_FIGURES):
    with column:
        show.kpi(figs[ident], sel)
budget = data.one("budget_eur", period, sel)
if budget.value:
    st.caption(
        f"Budget {period.year}: {number(budget.value, '€ mln')}; eindejaarsprognose "
        f"{number(figs['forecast_year_end_eur'].value, '€ mln')}."
    )

if GEO().regions[sel.region].has_themes:
    st.subheader("Thema's")
    worst_first = ("off_track", "behind", "on_track", "not_measurable")
    for column, theme in zip(st.columns(4), "ABCD"):
        judged = [i.id for i in CATALOGUE().in_theme(theme) if i.status.rule != "none"]
        theme_figs = data.figures(judged, period, sel)
        counts = {s: sum(f.status == s for f in theme_figs) for s in STATUSES}
        status = next(s for s in worst_first if counts[s]) if theme_figs else "not_measurable"
        with column, st.container(border=True, key=f"theme-{theme}"):
            st.markdown(f"**{THEME_LABELS[theme]}**")
            st.markdown(f"### {STATUS_ICONS[status]} {STATUS_LABELS[status]}")
            st.caption(" · ".join(f"{STATUS_LABELS[s]}: {counts[s]}" for s in STATUSES))
            for f in theme_figs:
                if f.distance is not None and CATALOGUE()[f.indicator].level == "doel_2034":
                    st.caption(f"{CATALOGUE()[f.indicator].name}: {show.status_line(f)}")
            query = f"thema={theme}&regio={sel.region}&periode={period}"
            st.markdown(f"[Naar thema {theme} →](themas?{query})")

with st.expander("Geladen gegevens"):
    show.data_status(engine)
