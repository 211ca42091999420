"""Data en definities (jeugdhulpmonitor/views/data.py decides the content)."""

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.periods import Period
from ui import data, render, shell

shell.through_navigation()
engine = data.engine()
# The page is about the whole loaded data: no selection, no period of its own.
render.page(data.model("data", PageView.make(Selection(), Period(engine.last_date.year, "Y"))))
