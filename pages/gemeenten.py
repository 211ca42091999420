"""Gemeenten en gebieden (jeugdhulpmonitor/views/compare.py decides the content)."""

import streamlit as st

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import per_1000_allowed
from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.views import compare
from ui import data, filters, render, shell

shell.through_navigation()
engine = data.engine()
view = filters.view(engine)
sel = view.selection

# The page's own choices, read before the model is computed.
comparable = compare.comparable(sel.region)
left, middle, right = st.columns([3, 2, 2])
with left:
    ident = filters.choice(
        "indicator", "Indicator", comparable, compare.DEFAULT_INDICATOR, lambda i: CATALOGUE()[i].name
    )
with middle:
    by = filters.choice("vergelijk", "Vergelijk", list(compare.COMPARISONS), "municipality", compare.COMPARISONS.get)
choices = {"indicator": ident, "vergelijk": by}
if per_1000_allowed(CATALOGUE()[ident]):
    with right:
        choices["per1000"] = filters.choice("per1000", "Eenheid", list(compare.UNITS), "1", compare.UNITS.get)
render.page(data.model("gemeenten", PageView.make(sel, view.period, **choices)))
