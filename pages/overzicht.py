"""Overzicht: the region at a glance (jeugdhulpmonitor/views/overzicht.py decides the content)."""

import streamlit as st

from jeugdhulpmonitor.pagemodel import PageView
from ui import data, filters, render, shell, show

shell.through_navigation()
engine = data.engine()
view = filters.view(engine)
render.page(data.model("overzicht", PageView.make(view.selection, view.period)))

with st.expander("Geladen gegevens"):
    show.data_status(engine)
