"""A page's model with what every page says of itself: the page, the selection, the period and
the data version, so that a download or document always carries its context."""

from __future__ import annotations

from datetime import date

from jeugdhulpmonitor.engine import Engine
from jeugdhulpmonitor.formatting import day
from jeugdhulpmonitor.pagemodel import PageModel, PageView
from jeugdhulpmonitor.views.common import describe
from jeugdhulpmonitor.views.dialogue import within_scope
from jeugdhulpmonitor.views.registry import PAGES

# A page whose view function answers with another view than the one asked when the scope holds
# only part of it (views/dialogue.within_scope): its context says the selection shown.
SHOWN = {"prestatiedialoog": within_scope}


def page_model(page: str, engine: Engine, view: PageView) -> PageModel:
    model = PAGES[page](engine, view)
    shown = SHOWN[page](engine, view)[0] if page in SHOWN else view
    model.context = [
        ("Pagina", model.title),
        ("Selectie", describe(shown.selection, engine)),
        ("Periode", view.period.label),
        ("Gegevensversie", engine.runner.data_version),
        ("Gemaakt op", day(date.today())),
    ]
    return model
