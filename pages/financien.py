"""Financiën: per municipality budget, lump-sum parts, spending to date, utilisation and year-end
forecast at the 4-, 8- and 12-month reports, and the money rule per provider and municipality."""

import pandas as pd
import streamlit as st

from jeugdhulpmonitor import page_sets
from jeugdhulpmonitor.breakdowns import MONEY_RULE_TOLERANCE_PCT
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.formatting import figure_text, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import REPORTS
from ui import data, filters, shell, show

MONEY = page_sets.MONEY

shell.through_navigation()
engine = data.engine()
view = filters.view(engine, area=False, provider=True, forms=REPORTS)
sel, period = view.selection, view.period
geo = GEO()

st.title("Financiën")
st.caption(f"{filters.describe(sel)} · {period.label} · uitgaven van 1 januari t/m {period.end:%d-%m-%Y}")

figs = {f.indicator: f for f in data.figures(MONEY, period, sel)}
for column, ident in zip(st.columns(len(MONEY)), MONEY):
    with column:
        show.kpi(figs[ident], sel)
if "budgets" not in engine.runner.available and "spend" not in engine.runner.available:
    st.info("Deze levering bevat geen budgetten en uitgaven (geen gegevens).")

st.subheader("Per gemeente")
per_muni = {ident: data.figures(ident, period, sel, by="municipality") for ident in MONEY}
rows = []
for i, muni in enumerate(f.municipality_code for f in per_muni["budget_eur"]):
    row = {"Gemeente": geo.name(muni)}
    for ident in MONEY:
        row[CATALOGUE()[ident].name] = figure_text(per_muni[ident][i], CATALOGUE()[ident].format)
    rows.append(row)
with st.container(key="per-municipality"):
    show.table(pd.DataFrame(rows), f"financien-{period}", static=True)
st.caption(
    f"Uitgaven: {CATALOGUE()['spend_eur'].explanation} Budgetuitputting en prognose gaan over de uitgaven van "
    "1 januari tot het einde van de periode."
)

st.subheader("Geldregel: elke gemeente betaalt voor de eigen jeugdigen")
st.caption(
    "Per aanbieder en gemeente: het deel van de lumpsum, de uitgaven aan jeugdigen van die gemeente tot nu toe, "
    f"en de verwachting naar rato van de tijd (lumpsum × {period.months_to_end}/12). Een afwijking van meer dan "
    f"{number(MONEY_RULE_TOLERANCE_PCT, '0')}% is gemarkeerd."
)
money = data.table("money_rule", period, sel)
if money.frame.empty:
    st.info("Geen lumpsums of uitgaven voor deze selectie (geen gegevens).")
else:
    f = money.frame
    shown = pd.DataFrame(
        {
            "Aanbieder": [engine.providers.get(p, (p,))[0] for p in f["provider_id"]],
            "Gemeente": [geo.name(m) for m in f["municipality_code"]],
            "Deel lumpsum": [number(v, "€") for v in f["lump_sum_eur"]],
            "Uitgaven tot nu toe": [number(v, "€") for v in f["spend_eur"]],
            "Verwacht naar rato": [number(v, "€") for v in f["expected_eur"]],
            "Afwijking": [number(v, "0,0%") for v in f["deviation_pct"]],
            "Let op": ["⚠ afwijking" if m else "" for m in f["mismatch"]],
        }
    )
    st.metric("Combinaties met een afwijking", f"{int(f['mismatch'].sum())} van {len(f)}")
    with st.container(key="money-rule"):
        show.table(shown, f"geldregel-{period}")
    show.source_note(money)
