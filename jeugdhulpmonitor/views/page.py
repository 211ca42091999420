"""A page's model with what every page says of itself: the page, the selection, the period and
the data version, so that a download or document always carries its context."""

from __future__ import annotations

from datetime import date

from jeugdhulpmonitor.engine import Engine
from jeugdhulpmonitor.formatting import day
from jeugdhulpmonitor.pagemodel import PageModel, PageView
from jeugdhulpmonitor.views.common import describe
from jeugdhulpmonitor.views.registry import PAGES


def page_model(page: str, engine: Engine, view: PageView) -> PageModel:
    model = PAGES[page](engine, view)
    model.context = [
        ("Pagina", model.title),
        ("Selectie", describe(view.selection, engine)),
        ("Periode", view.period.label),
        ("Gegevensversie", engine.runner.data_version),
        ("Gemaakt op", day(date.today())),
    ]
    return model
