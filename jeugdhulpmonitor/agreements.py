"""Agreements per provider and year (agreements.parquet, issue 14): each agreed value beside
what was realised in the period, with a status by the rules of the targets (engine.path_status).

Each agreement is measured in its own scope: its provider, and its municipality and theme where
it names them (otherwise the provider's whole region, all themes), whatever the page's filters.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Engine, Figure, Selection, path_status
from jeugdhulpmonitor.periods import Period

# What is realised against an agreed item, where it is not the item itself: a lump sum against
# the year-end forecast of spending (the money rule's view of a lump sum).
REALISED = {"lump_sum_eur": "forecast_year_end_eur"}
# Capacity: the average number of residential places in use (residential days / days).
PLACES = "residential_places"
# Which way is better for an agreement where the catalogue has no direction: helping at least
# the agreed number of young people, staying within the lump sum and the places.
DIRECTIONS = {"young_people_in_care": "higher_is_better", "lump_sum_eur": "lower_is_better", PLACES: "lower_is_better"}
TOLERANCE = "10%"  # behind within 10 % of the agreed value, like the money rule's tolerance
MONEY_ITEMS = ("lump_sum_eur",)
LABELS = {
    PLACES: "Verblijfsplaatsen (capaciteit)",
    "young_people_in_care": "Aantal jeugdigen",
    "lump_sum_eur": "Lumpsum",
}
MEASURED_AS = {
    PLACES: "gemiddeld bezette verblijfsplaatsen in de periode",
    "lump_sum_eur": "eindejaarsprognose van de uitgaven",
}
NOT_PER_THEME = "uitgaven zijn niet per thema bekend"
WHOLE_YEAR = "telt pas over het hele jaar"


@dataclass
class Agreement:
    provider_id: str
    municipality_code: str | None
    theme: str | None
    item: str
    agreed: float
    realised: float | None = None
    hidden: bool = False  # the realised value is hidden by the small-count rule
    figure: Figure | None = None  # the realised figure, for its suppression mark
    status: str = "not_measurable"
    distance: float | None = None
    note: str = ""

    @property
    def label(self) -> str:
        return LABELS.get(self.item) or CATALOGUE()[self.item].name

    @property
    def format(self) -> str:
        return "0,0" if self.item == PLACES else CATALOGUE()[self.item].format

    @property
    def measured_as(self) -> str:
        if self.item in MEASURED_AS:
            return MEASURED_AS[self.item]
        return CATALOGUE()[self.item].name.lower()


def agreements(engine: Engine, period: Period, selection: Selection, items=None) -> list[Agreement]:
    """The selection's agreements for the period's year (only `items` when given), measured."""
    params = engine.params(selection.check(engine.providers), None, period)
    frame = engine.runner.run("agreements", **params).frame
    out = []
    for r in frame.itertuples(index=False):
        if items is not None and r.item not in items:
            continue
        a = Agreement(r.provider_id, _opt(r.municipality_code), _opt(r.theme), r.item, float(r.value))
        scope = Selection(
            region=r.region_code,
            municipalities=(a.municipality_code,) if a.municipality_code else (),
            provider=a.provider_id,
            theme=a.theme,
        )
        _measure(engine, period, scope, a)
        out.append(a)
    return out


def _opt(v):
    return None if v is None or v != v else v  # NaN from pandas as None


def _measure(engine: Engine, period: Period, scope: Selection, a: Agreement) -> None:
    if a.item in MONEY_ITEMS and a.theme:
        a.note = NOT_PER_THEME
        return
    if a.item == PLACES:
        fig = engine.compute("residential_days", period, scope)[0]
        days = (period.end - period.start).days + 1
        a.realised = None if fig.value is None else fig.value / days
    else:
        money = REALISED.get(a.item)
        fig = engine.compute(money or a.item, period, replace(scope, theme=None) if money else scope)[0]
        a.realised = fig.value
    a.figure, a.hidden = fig, fig.suppressed
    if fig.note:
        a.note = fig.note
    ind = CATALOGUE().get(a.item) if a.item != PLACES else None
    direction = DIRECTIONS.get(a.item) or ind.direction
    if a.realised is None or direction == "none":
        return
    if ind is not None and ind.kind == "count" and period.end.month != 12:
        a.note = WHOLE_YEAR  # a count of the year's young people grows through the year
        return
    own = ind is not None and a.item not in DIRECTIONS and ind.status.rule == "target_path"
    a.status, a.distance = path_status(direction, a.realised, a.agreed, ind.status.tolerance if own else TOLERANCE)
