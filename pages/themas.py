"""Thema's: per theme the framework's four levels (jeugdhulpmonitor/views/themes.py decides the content)."""

from jeugdhulpmonitor.pagemodel import PageView
from ui import data, filters, render, shell

shell.through_navigation()
engine = data.engine()
view = filters.view(engine, theme=True)
render.page(data.model("themas", PageView.make(view.selection, view.period)))
