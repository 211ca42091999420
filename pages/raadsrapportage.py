"""Raadsrapportage: the half-yearly and yearly accountability view of one municipality, in plain
Dutch for council members: key figures, financial progress and the results per theme."""

import pandas as pd
import streamlit as st

from jeugdhulpmonitor import page_sets
from jeugdhulpmonitor.catalogue import CATALOGUE, THEME_LABELS
from jeugdhulpmonitor.engine import STATUSES, Selection
from jeugdhulpmonitor.formatting import STATUS_LABELS, figure_text, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.sentences import change
from ui import data, filters, shell, show

KEY_FIGURES = page_sets.RAAD
MONEY = page_sets.RAAD_MONEY

shell.through_navigation()
engine = data.engine()
view = filters.view(engine, area=False, forms=("H1", "Y"))
sel, period = view.selection, view.period
geo = GEO()
if not sel.municipalities:
    sel = Selection(region=sel.region, municipalities=(geo.municipalities_of(sel.region)[0],))
    st.caption("Kies een gemeente in de filters; getoond wordt de eerste gemeente van de regio.")
muni = sel.municipalities[0]
a_year_before = period.with_year(period.year - 1)

st.title(f"Raadsrapportage {geo.name(muni)}")
kind = "Jaarrapportage" if period.form == "Y" else "Halfjaarrapportage"
st.caption(f"{kind} {period.label} · vergeleken met {a_year_before.label}")

st.subheader("Kerncijfers")
now = {f.indicator: f for f in data.figures(KEY_FIGURES, period, sel)}
then = {f.indicator: f for f in data.figures(KEY_FIGURES, a_year_before, sel)}
for column, ident in zip(st.columns(len(KEY_FIGURES)), KEY_FIGURES):
    with column:
        show.kpi(now[ident], sel)
with st.container(key="sentences"):
    for ident in KEY_FIGURES:
        st.markdown(f"- {change(CATALOGUE()[ident], now[ident], then[ident])}")

st.subheader("Financiële voortgang")
money = {f.indicator: f for f in data.figures(MONEY, period, sel)}
budget, forecast = money["budget_eur"], money["forecast_year_end_eur"]
with st.container(key="money"):
    if budget.value is None:
        st.info("Geen budget bekend voor dit jaar (geen gegevens).")
    else:
        gap = (forecast.value or 0) - budget.value
        st.markdown(
            f"Van het budget van {number(budget.value, '€ mln')} is t/m {period.end:%d-%m-%Y} "
            f"{figure_text(money['budget_utilisation_pct'], '0,0%')} uitgegeven "
            f"({number(money['spend_eur'].value, '€ mln')} in deze periode). De prognose voor het hele jaar is "
            f"{number(forecast.value, '€ mln')}: {number(abs(gap), '€ mln')} "
            f"{'boven' if gap > 0 else 'onder'} het budget."
        )

if geo.regions[sel.region].has_themes:
    st.subheader("Resultaten per thema")
    rows = []
    for theme in "ABCD":
        judged = [i for i in CATALOGUE().in_theme(theme) if i.status.rule == "target_path"]
        figs = data.figures([i.id for i in judged], period, sel)
        before = {f.indicator: f for f in data.figures([i.id for i in judged], a_year_before, sel)}
        counts = {s: sum(f.status == s for f in figs) for s in STATUSES}
        st.markdown(
            f"**{THEME_LABELS[theme]}** – "
            + ", ".join(f"{STATUS_LABELS[s].lower()}: {n}" for s, n in counts.items() if n)
        )
        for f in figs:
            if CATALOGUE()[f.indicator].level in ("doel_2034", "ajh_2028"):
                st.markdown(f"- {change(CATALOGUE()[f.indicator], f, before[f.indicator])}")
            rows.append(
                {
                    "Thema": theme,
                    "Indicator": CATALOGUE()[f.indicator].name,
                    "Waarde": figure_text(f, CATALOGUE()[f.indicator].format),
                    "Status": STATUS_LABELS[f.status],
                }
            )
    with st.expander("Alle thema-indicatoren als tabel"):
        show.table(pd.DataFrame(rows), f"raadsrapportage-{muni}-{period}")
