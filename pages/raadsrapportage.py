"""Raadsrapportage: one municipality's half year or year for the council
(jeugdhulpmonitor/views/council.py decides the content)."""

from jeugdhulpmonitor import dialogue_log
from jeugdhulpmonitor.documents import build
from jeugdhulpmonitor.pagemodel import PageView
from ui import data, filters, render, shell

shell.through_navigation()
engine = data.engine()
view = filters.view(engine, area=False, forms=("H1", "Y"))
# The dialogue log's revision keys the cached model, so that a newly recorded action is listed.
revision = dialogue_log.for_extract(engine.runner.extract).revision()
render.page(data.model("raadsrapportage", PageView.make(view.selection, view.period, afspraken=revision)))

if view.selection.municipalities:
    muni = view.selection.municipalities[0]
    render.documents(build.council_name(muni, view.period), lambda: build.council(engine, muni, view.period))
