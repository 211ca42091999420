"""Raadsrapportage: one municipality's half year or year for the council
(jeugdhulpmonitor/views/council.py decides the content)."""

from jeugdhulpmonitor.pagemodel import PageView
from ui import data, filters, render, shell

shell.through_navigation()
engine = data.engine()
view = filters.view(engine, area=False, forms=("H1", "Y"))
render.page(data.model("raadsrapportage", PageView.make(view.selection, view.period)))
