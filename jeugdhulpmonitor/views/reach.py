"""What each page's filters can express: which selection filters its sidebar offers, which
period forms, and the page's own choices. The benchmark (and any caller that sweeps pages) asks
a page only for views a user could reach, so that it times what users wait for."""

from __future__ import annotations

from dataclasses import dataclass, field

from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.periods import REPORTS


@dataclass(frozen=True)
class Reach:
    municipality: bool = True
    area: bool = True
    theme: bool = False
    provider: bool = False
    forms: tuple[str, ...] | None = None  # None: every period form
    needs_municipality: bool = False
    choices: dict[str, str] = field(default_factory=dict)  # the page's own choices, as the page's default

    def expresses(self, view: PageView) -> bool:
        sel = view.selection
        used = {
            "municipality": bool(sel.municipalities),
            "area": bool(sel.area),
            "provider": bool(sel.provider),
            "theme": bool(sel.theme),
        }
        if any(on and not getattr(self, name) for name, on in used.items()):
            return False
        if self.needs_municipality and not sel.municipalities:
            return False
        return self.forms is None or view.period.form in self.forms

    def view(self, selection, period) -> PageView:
        return PageView.make(selection, period, **self.choices)


DIALOGUE_PD1 = Reach(municipality=False, area=False, provider=True, forms=REPORTS, choices={"dialoog": "pd1"})
DIALOGUE_PD2 = Reach(municipality=False, area=True, theme=True, forms=REPORTS, choices={"dialoog": "pd2"})

# Per page (its URL path) the ways in: the performance dialogue has two (PD1 and PD2).
REACH: dict[str, tuple[Reach, ...]] = {
    "overzicht": (Reach(),),
    "themas": (Reach(theme=True),),
    "gemeenten": (Reach(),),
    "clientstromen": (Reach(theme=True, provider=True),),
    "financien": (Reach(area=False, provider=True, forms=REPORTS),),
    "prestatiedialoog": (DIALOGUE_PD1, DIALOGUE_PD2),
    "raadsrapportage": (Reach(area=False, forms=("H1", "Y"), needs_municipality=True),),
    "data": (Reach(municipality=False, area=False, forms=REPORTS),),
    "evaluatie": (Reach(municipality=False, area=False, provider=True, forms=REPORTS),),
}


def reachable(page: str, selection, period) -> PageView | None:
    """The view of `page` a user reaches with this selection and period, or None."""
    for reach in REACH[page]:
        view = reach.view(selection, period)
        if reach.expresses(view):
            return view
    return None
