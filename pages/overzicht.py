"""Overzicht: the region at a glance (jeugdhulpmonitor/views/overzicht.py decides the content)."""

import streamlit as st

from jeugdhulpmonitor import dialogue_log
from jeugdhulpmonitor.pagemodel import PageView
from ui import data, filters, render, shell, show

shell.through_navigation()
engine = data.engine()
view = filters.view(engine)
# The dialogue log's revision keys the cached model: the signals list overdue agreements.
revision = dialogue_log.for_extract(engine.runner.extract).revision()
render.page(data.model("overzicht", PageView.make(view.selection, view.period, afspraken=revision)))

with st.expander("Geladen gegevens"):
    show.data_status(engine)
