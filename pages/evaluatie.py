"""Evaluatie: the multi-year evaluation of a provider's contract (jeugdhulpmonitor/views/evaluation.py
decides the content)."""

from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.periods import REPORTS
from ui import data, filters, render, shell

shell.through_navigation()
engine = data.engine()
view = filters.view(engine, municipality=False, area=False, provider=True, forms=REPORTS)
render.page(data.model("evaluatie", PageView.make(view.selection, view.period)))
