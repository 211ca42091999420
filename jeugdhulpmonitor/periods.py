"""Period strings of CONTRACT.md §2: 2027, 2027-H1, 2027-Q3, 2027-M8."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property

BASELINE_YEAR = 2026
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<form>H[12]|Q[1-4]|M(?:4|8|12)))?$")


class PeriodError(ValueError):
    pass


@cache  # asked tens of thousands of times per page model
def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Period:
    year: int
    form: str  # "Y", "H1", "Q3", "M8", ...

    @classmethod
    def parse(cls, text: str) -> Period:
        m = _PATTERN.match(str(text).strip())
        if not m or not 1990 <= int(m["year"]) <= 2100:
            raise PeriodError(f"unknown period {text!r}; use 2027, 2027-H1, 2027-Q1 or 2027-M4")
        return cls(int(m["year"]), m["form"] or "Y")

    # Cached on the instance (frozen: computed once; comparisons and hashes use the fields only):
    # a page model asks a period's months and end hundreds of thousands of times.
    @cached_property
    def months(self) -> tuple[int, int]:
        """First and last month of the span."""
        f = self.form
        if f == "Y":
            return 1, 12
        if f[0] == "H":
            return (1, 6) if f == "H1" else (7, 12)
        if f[0] == "Q":
            q = int(f[1])
            return 3 * q - 2, 3 * q
        return 1, int(f[1:])

    @cached_property
    def start(self) -> date:
        return date(self.year, self.months[0], 1)

    @cached_property
    def end(self) -> date:
        return _month_end(self.year, self.months[1])

    @property
    def year_start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def months_to_end(self) -> int:
        """Months from 1 January to the end of the span (for year-to-date figures)."""
        return self.months[1]

    def with_year(self, year: int) -> Period:
        return Period(year, self.form)

    @property
    def baseline(self) -> Period:
        """The same span in 2026."""
        return self.with_year(BASELINE_YEAR)

    def __str__(self) -> str:
        return str(self.year) if self.form == "Y" else f"{self.year}-{self.form}"

    @property
    def words(self) -> str:
        """The period in plain Dutch for sentences, without codes: "eerste halfjaar 2025",
        "derde kwartaal 2025", "8-maandsrapportage 2025" (January to August), "2025"."""
        f = self.form
        if f == "Y":
            return str(self.year)
        if f[0] in "HQ":
            return f"{_ORDINALS[f[1]]} {'halfjaar' if f[0] == 'H' else 'kwartaal'} {self.year}"
        return f"{f[1:]}-maandsrapportage {self.year}"

    def a_year_earlier(self) -> Period:
        """The same span of the year before: a report moment is compared with the same moment."""
        return self.with_year(self.year - 1)

    @property
    def label(self) -> str:
        """Dutch label for the user interface."""
        f = self.form
        if f == "Y":
            return str(self.year)
        if f[0] == "H":
            return f"{self.year}, {f[1]}e halfjaar"
        if f[0] == "Q":
            return f"{self.year}, kwartaal {f[1]}"
        return f"{self.year}, {f[1:]}-maandsrapportage (jan–{calendar.month_abbr[self.months[1]].lower()})"


_ORDINALS = {"1": "eerste", "2": "tweede", "3": "derde", "4": "vierde"}
FORMS = ("Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4", "M4", "M8", "M12")


def all_periods(first_year: int, last_day: date) -> list[Period]:
    """Every period of every form from first_year whose span has ended by last_day."""
    return [p for y in range(first_year, last_day.year + 1) for f in FORMS if (p := Period(y, f)).end <= last_day]


def series(form: str, first_year: int, last_year: int) -> list[Period]:
    return [Period(y, form) for y in range(first_year, last_year + 1)]


REPORTS = ("M4", "M8", "M12")
# The performance dialogue reads each report in the month after it is due (DOMAIN.md).
DIALOGUE_MONTHS = {"M12": "maart", "M4": "juni", "M8": "oktober"}


def previous_report(period: Period) -> Period:
    """The report discussed at the previous dialogue: M4 follows last year's M12, then M8, M12."""
    if period.form not in REPORTS:
        raise PeriodError(f"{period} is not a 4-, 8- or 12-month report")
    if period.form == "M4":
        return Period(period.year - 1, "M12")
    return Period(period.year, REPORTS[REPORTS.index(period.form) - 1])


def previous_forecast(period: Period) -> Period | None:
    """The report whose year-end forecast the report's own is compared with: the previous
    report of the same year (M8's against M4's). M4 is the year's first: the report before it
    (last year's M12) forecasts another year, so there is none."""
    before = previous_report(period)
    return before if before.year == period.year else None
