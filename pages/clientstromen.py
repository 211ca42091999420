"""Cliëntstromen: flows, breakdowns, movements, waiting time and early termination
(jeugdhulpmonitor/views/flows.py decides the content)."""

import streamlit as st

from jeugdhulpmonitor.breakdowns import DIMENSIONS
from jeugdhulpmonitor.pagemodel import PageView
from ui import data, filters, render, shell

shell.through_navigation()
engine = data.engine()
view = filters.view(engine, provider=True, theme=True)
with st.sidebar:  # the breakdown's own choice, read before the model is made
    dimension = filters.choice("indeling", "Indeling", list(DIMENSIONS), "care_form", DIMENSIONS.get)
render.page(data.model("clientstromen", PageView.make(view.selection, view.period, indeling=dimension)))
