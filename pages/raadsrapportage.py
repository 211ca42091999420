"""Raadsrapportage: one municipality's half year or year for the council
(jeugdhulpmonitor/views/council.py decides the content)."""

from jeugdhulpmonitor.documents import build
from jeugdhulpmonitor.pagemodel import PageView
from ui import data, filters, render, shell

shell.through_navigation()
engine = data.engine()
view = filters.view(engine, area=False, forms=("H1", "Y"))
render.page(data.model("raadsrapportage", PageView.make(view.selection, view.period)))

if view.selection.municipalities:
    muni = view.selection.municipalities[0]
    render.documents(build.council_name(muni, view.period), lambda: build.council(engine, muni, view.period))
