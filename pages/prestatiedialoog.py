"""Prestatiedialoog: the contract manager's preparation sheet (jeugdhulpmonitor/views/dialogue.py
decides the content)."""

from jeugdhulpmonitor.documents import build
from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.periods import REPORTS
from jeugdhulpmonitor.views.dialogue import KINDS
from ui import data, filters, render, shell

shell.through_navigation()
engine = data.engine()
kind = filters.choice("dialoog", "Soort dialoog", list(KINDS), "pd1", KINDS.get)
view = filters.view(
    engine, municipality=False, area=kind == "pd2", theme=kind == "pd2", provider=kind == "pd1", forms=REPORTS
)
render.page(data.model("prestatiedialoog", PageView.make(view.selection, view.period, dialoog=kind)))

sel = view.selection
subject = {"provider": sel.provider, "theme": sel.theme, "area": sel.area}
render.documents(
    build.dialogue_name(engine, view.period, **subject), lambda: build.dialogue(engine, view.period, **subject)
)
