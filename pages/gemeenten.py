"""Gemeenten en gebieden: compare municipalities and areas on any indicator (per 1,000 where a
count allows it), ranked and as small multiples of trends; one municipality against the region."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from jeugdhulpmonitor import charts
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import per_1000_allowed
from jeugdhulpmonitor.formatting import STATUS_LABELS, derived_text, figure_text
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import series
from ui import data, filters, shell, show

shell.through_navigation()
engine = data.engine()
view = filters.view(engine)
sel, period = view.selection, view.period
geo = GEO()

st.title("Gemeenten en gebieden")
st.caption(f"{filters.describe(sel)} · {period.label}")

comparable = [i.id for i in CATALOGUE().values() if sel.region in i.regions and i.kind != "milestone"]
left, middle, right = st.columns([3, 2, 2])
with left:
    ident = filters.choice("indicator", "Indicator", comparable, "out_of_home_per_1000", lambda i: CATALOGUE()[i].name)
ind = CATALOGUE()[ident]
with middle:
    by = filters.choice(
        "vergelijk",
        "Vergelijk",
        ["municipality", "area"],
        "municipality",
        {"municipality": "Gemeenten", "area": "Gebieden"}.get,
    )
with right:
    per_1000 = (
        per_1000_allowed(ind)
        and filters.choice("per1000", "Eenheid", ["1", "0"], "1", {"1": "Per 1.000 jeugdigen", "0": "Aantal"}.get)
        == "1"
    )
if not per_1000_allowed(ind):
    st.caption("Deze indicator is al een verhouding of bedrag; hij wordt getoond zoals gedefinieerd.")

region_sel = replace(sel, municipalities=(), area=None)
groups = data.figures(ident, period, region_sel, by=by, per_1000=per_1000)
reference = data.figures(ident, period, region_sel, per_1000=per_1000)[0]
unit = " per 1.000 jeugdigen (0–17)" if per_1000 else ""
st.subheader(f"{ind.name}{unit}")
chosen = data.figures(ident, period, sel, per_1000=per_1000)[0]
left, right = st.columns(2)
with left:
    show.kpi(chosen, sel, label=filters.describe(sel), key="kpi-chosen")
with right:
    show.kpi(reference, region_sel, label=geo.name(sel.region), key="kpi-region")
if all(f.value is None and not f.suppressed for f in groups):
    st.info("Geen gegevens voor deze indicator en selectie.")
else:
    st.plotly_chart(charts.ranked_bars(ind, groups, reference), key="ranked", config={"displayModeBar": False})
    with st.expander("Tabel en bron"):
        show.table(show.figures_frame(groups, "Gemeente" if by == "municipality" else "Gebied"), f"{ident}-{by}")
        st.caption(show.provenance(groups[0], region_sel))

if ind.kind != "milestone":
    st.subheader("Trend per " + ("gemeente" if by == "municipality" else "gebied"))
    years = series(period.form, 2024, period.year)
    trend = data.series(ident, years, region_sel, by=by, per_1000=per_1000)
    by_key = {}
    for f in trend:
        by_key.setdefault(f.group_key, []).append(f)
    st.plotly_chart(charts.small_multiples(ind, by_key), key="multiples", config={"displayModeBar": False})

if sel.municipalities:
    muni = sel.municipalities[0]
    st.subheader(f"{geo.name(muni)} tegenover de regio")
    ids = [i for i in comparable if CATALOGUE()[i].kind != "amount" or CATALOGUE()[i].from_flows]
    own = {f.indicator: f for f in data.figures(ids, period, sel)}
    whole = {f.indicator: f for f in data.figures(ids, period, region_sel)}
    rows = []
    for i in ids:
        fmt = CATALOGUE()[i].format
        rows.append(
            {
                "Indicator": CATALOGUE()[i].name,
                geo.name(muni): figure_text(own[i], fmt),
                "Regio": figure_text(whole[i], fmt),
                "Doel 2028": derived_text(own[i], own[i].target_2028, fmt),
                "Status": STATUS_LABELS[own[i].status],
            }
        )
    with st.container(key="own-page"):
        show.table(pd.DataFrame(rows), f"gemeente-{muni}", static=True)
