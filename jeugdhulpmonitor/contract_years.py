"""The multi-year evaluation of a provider's contract. Per contract year the provider's agreements
(agreements.parquet) beside what was realised, with their status by the rules of the targets
(agreements.py), and per evaluation moment what was known by then.

The terms differ per region and are configuration (config/contracts.yaml), not data: seed 001 has
Amsterdam-Amstelland's contracts from 2028 for six years (to 2033) with two options of two years
(to 2037); seed 002 has IJmond/Zuid-Kennemerland's from 2022 for nine years, each partner
evaluated after years 3 and 6. A provider's own start year may differ from its region's; a region
not listed starts in DEFAULT_START with nine years and evaluations after years 3 and 6.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

import yaml

from jeugdhulpmonitor import CONFIG_DIR, agreements
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.periods import BASELINE_YEAR, Period

DEFAULT_START = BASELINE_YEAR
JUDGED = ("on_track", "behind", "off_track")


@dataclass(frozen=True)
class Terms:
    start: int  # contract year 1
    length: int = 9  # the initial term, in years
    evaluations: tuple[int, ...] = (3, 6)  # after these contract years
    options: tuple[int, ...] = ()  # extensions the region may take, in years each

    @property
    def years(self) -> list[int]:
        """The calendar years of the initial term (options are not years the contract has yet)."""
        return list(range(self.start, self.start + self.length))

    @property
    def last(self) -> int:
        return self.start + self.length - 1

    @property
    def final(self) -> int:
        """The last year if every option is taken."""
        return self.last + sum(self.options)

    def year(self, number: int) -> int:
        """The calendar year of contract year `number` (1-based)."""
        return self.start + number - 1


@cache
def _config() -> dict:
    return yaml.safe_load((CONFIG_DIR / "contracts.yaml").read_text(encoding="utf-8")) or {}


def terms(region: str, provider: str | None = None) -> Terms:
    """The contract terms of a provider in a region (config/contracts.yaml)."""
    config = _config()
    own = (config.get("regions") or {}).get(region) or {}
    start = (config.get("providers") or {}).get(provider) or own.get("start_year")
    return Terms(
        start=int(start or DEFAULT_START),
        length=int(own.get("length_years", 9)),
        evaluations=tuple(int(n) for n in own.get("evaluation_after_years", (3, 6))),
        options=tuple(int(n) for n in own.get("option_years") or ()),
    )


@dataclass
class ContractYear:
    number: int  # 1 .. length
    year: int
    state: str  # "done" (the whole year is known), "running" (known up to `measured`), "future"
    measured: Period | None = None  # the span the results are measured over
    results: list[agreements.Agreement] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(a.status == status for a in self.results)


@dataclass
class Moment:
    after: int  # evaluation after contract year `after`
    on: date  # the last day of that year
    reached: bool
    years: list[ContractYear]  # the contract years it looks back on (1 .. after)

    def results(self) -> list[agreements.Agreement]:
        return [a for y in self.years for a in y.results]

    def count(self, status: str) -> int:
        return sum(a.status == status for a in self.results())


def measured(a: agreements.Agreement) -> bool:
    """Whether an agreement can ever have a realised value (spending is not known per theme)."""
    return a.note != agreements.NOT_PER_THEME


def contract_years(engine: Engine, provider: str, period: Period) -> tuple[Terms, list[ContractYear]]:
    """Each contract year of the provider as known at the end of `period`: a whole year that has
    ended is measured over the year, the year of `period` over `period` (year to date), later
    years are not reached yet. Agreements that can never be measured are left out."""
    region = engine.providers[provider][1]
    t = terms(region, provider)
    known = min(period.end, engine.last_date) if engine.last_date else period.end
    sel = Selection(region=region, provider=provider)
    out = []
    for number, year in enumerate(t.years, 1):
        if date(year, 12, 31) <= known:
            span, state = Period(year, "Y"), "done"
        elif year == period.year and period.start.month == 1:
            span, state = period, "running"
        else:
            out.append(ContractYear(number, year, "future"))
            continue
        results = [a for a in agreements.agreements(engine, span, sel) if measured(a)]
        out.append(ContractYear(number, year, state, span, results))
    return t, out


def moments(t: Terms, years: list[ContractYear]) -> list[Moment]:
    """The evaluation moments: reached when the whole last year they look back on is known."""
    out = []
    for after in t.evaluations:
        covered = [y for y in years if y.number <= after]
        reached = all(y.state == "done" for y in covered)
        out.append(Moment(after, date(t.year(after), 12, 31), reached, covered))
    return out
