"""The year-end projection of a figure that grows through the year, from its value so far
(issue 29, item 1): pure arithmetic on series, no SQL, no engine. `backtest.py` reads the
series through the engine and measures the methods; docs/forecast.md says which method each
kind of measure uses and why.

A series is one figure's history: per earlier year its value from 1 January to the report's
end ("so far": the 4- or 8-month report) and its value over the whole year. A method turns this
year's value so far into a year-end value:

- `linear`: the months so far, drawn out to twelve (today's forecast_year_end_eur);
- `seasonal_ratio`: the value so far times the earlier years' mean ratio of their whole year to
  the same span, so a season (a dip in the summer, a peak in December) and a figure that is not
  a sum of months (distinct young people) are carried as they were.

The interval is learnt, not assumed: the method is replayed on every earlier year it can
project from the years before that one, and the interval is the projection widened by the
largest relative error of those replays. With k such errors, a next error as likely as each of
them to be the largest falls within the largest with probability k/(k+1) (2: 67 %, 3: 75 %).
Fewer than MIN_ERRORS replays (history too short) or a largest error beyond UNRELIABLE (the
method does not describe this series) gives no projection but the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from statistics import fmean

MIN_ERRORS = 2  # earlier years the method must have been tried on before it projects
UNRELIABLE = 0.25  # a method once off by more than this is not shown for the series
CUTS = ("M4", "M8")  # the reports the projection starts from (periods.REPORTS before M12)


@dataclass(frozen=True)
class Year:
    """One earlier year of a series: its value so far at the report and over the whole year
    (None where it is unknown, hidden by the small-count rule, or the year is not over)."""

    so_far: float | None
    whole: float | None

    @property
    def usable(self) -> bool:
        return self.so_far is not None and self.whole is not None and self.so_far > 0


History = Mapping[int, Year]  # per earlier year, at the same report
Method = Callable[[float, int, History], "float | None"]


def linear(so_far: float, months: int, history: History) -> float | None:
    """The months so far drawn out to twelve; needs no history."""
    return so_far * 12 / months


def seasonal_ratio(so_far: float, months: int, history: History) -> float | None:
    """The value so far times the mean, over the earlier years, of whole year / same span."""
    ratios = [y.whole / y.so_far for y in history.values() if y.usable]
    return so_far * fmean(ratios) if ratios else None


METHODS: dict[str, Method] = {"linear": linear, "seasonal_ratio": seasonal_ratio}

# The method per kind of measure, chosen by `python -m jeugdhulpmonitor backtest` on the sample
# (docs/forecast.md has its figures). People are distinct young people over the span, not a sum
# of months: drawn out linearly, the 4-month count of those in care would triple.
METHOD = {
    "people": "seasonal_ratio",
    "events": "linear",
    "days": "linear",
    "money": "seasonal_ratio",
}

# Why there is no projection, in Dutch for the pages (the keys are English, for the CLI). The
# first three are about a series; the others about an indicator (backtest.plan).
REASONS = {
    "no_figure": "geen prognose: er is nog geen cijfer over het jaar tot nu toe, of het is afgeschermd",
    "too_short": f"geen prognose: te weinig eerdere jaren om de methode aan te toetsen (minstens {MIN_ERRORS})",
    "unreliable": (
        f"geen prognose: de methode zat in eerdere jaren meer dan {UNRELIABLE * 100:.0f} % naast de "
        "werkelijke jaarwaarde"
    ),
    "delivered": "geen prognose: een aangeleverd cijfer, niet opgebouwd uit de maanden van het jaar",
    "not_cumulative": (
        "geen prognose: het cijfer loopt niet op door het jaar (een aandeel, mediaan, stand op één dag "
        "of jaarbedrag), dus het jaarcijfer volgt niet uit het cijfer tot nu toe"
    ),
    "both_grow": "geen prognose: teller en noemer groeien allebei door het jaar",
}


@dataclass(frozen=True)
class Projection:
    """A year-end projection with its interval, or the reason there is none."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    method: str | None = None
    # The method's relative errors (whole / projected - 1) in the earlier years it was tried on.
    errors: tuple[float, ...] = ()
    reason: str | None = None  # a key of REASONS

    @property
    def coverage(self) -> float | None:
        """The interval's nominal coverage, k/(k+1) for k learnt errors."""
        return len(self.errors) / (len(self.errors) + 1) if self.value is not None else None

    @property
    def note(self) -> str | None:
        return REASONS.get(self.reason) if self.reason else None


def errors(history: History, months: int, method: str) -> list[float]:
    """The method replayed on each earlier year from the years before it: whole / projected - 1."""
    project = METHODS[method]
    out = []
    for year in sorted(history):
        this = history[year]
        if not this.usable:
            continue
        before = {y: h for y, h in history.items() if y < year}
        projected = project(this.so_far, months, before)
        if projected:
            out.append(this.whole / projected - 1)
    return out


def project(so_far: float | None, months: int, history: History, method: str) -> Projection:
    """This year's end from its value so far (the first `months` months) and the earlier years."""
    if so_far is None:
        return Projection(method=method, reason="no_figure")
    learnt = tuple(errors(history, months, method))
    value = METHODS[method](so_far, months, history)
    if value is None or len(learnt) < MIN_ERRORS:
        return Projection(method=method, errors=learnt, reason="too_short")
    spread = max(abs(e) for e in learnt)
    if spread > UNRELIABLE:
        return Projection(method=method, errors=learnt, reason="unreliable")
    return Projection(value, value * (1 - spread), value * (1 + spread), method, learnt)


def year_end_value(kind: str, total: float | None, denominator: float | None = None) -> float | None:
    """An indicator's year-end value from the year's total it rests on (the projected one, or an
    end of its interval): a count, number of days or amount is the total; a percentage or rate
    per 1,000 the total over the year's denominator (the population, the budget); a change
    against 2026 the total against the 2026 year's. Each is increasing in the total, so the ends
    of the total's interval give the ends of the value's."""
    if total is None:
        return None
    if kind in ("count", "days", "amount"):
        return total
    if not denominator:
        return None
    if kind == "change_vs_baseline":
        return 100.0 * (total - denominator) / denominator
    return (1000.0 if kind == "rate_per_1000" else 100.0) * total / denominator
