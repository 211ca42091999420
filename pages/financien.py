"""Financiën: money per municipality and the money rule (jeugdhulpmonitor/views/money.py decides
the content)."""

from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.periods import REPORTS
from ui import data, filters, render, shell

shell.through_navigation()
engine = data.engine()
view = filters.view(engine, area=False, provider=True, forms=REPORTS)
render.page(data.model("financien", PageView.make(view.selection, view.period)))
