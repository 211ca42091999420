"""Dutch number formats (babel): 16.942; 12,5%; € 6,6 mln. One place for every page and export."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.numbers import parse_pattern

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.suppression import suppressed_text

LOCALE = "nl_NL"
STATUS_LABELS = {
    "on_track": "Op koers",
    "behind": "Achter",
    "off_track": "Uit koers",
    "not_measurable": "Nog niet meetbaar",
}
STATUS_ICONS = {"on_track": "●", "behind": "◐", "off_track": "○", "not_measurable": "–"}


# babel's format_decimal with these patterns, parsed once: a page model formats thousands of
# numbers, and parsing the locale and pattern took half of each call.
_LOCALE = Locale.parse(LOCALE)
_ONE_DECIMAL, _WHOLE = parse_pattern("#,##0.0"), parse_pattern("#,##0")


def number(value, fmt: str = "0") -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if fmt == "0,0%":
        return _ONE_DECIMAL.apply(value, _LOCALE) + "%"
    if fmt == "0,0":
        return _ONE_DECIMAL.apply(value, _LOCALE)
    if fmt == "€ mln":
        return "€ " + _ONE_DECIMAL.apply(value / 1e6, _LOCALE) + " mln"
    if fmt == "€":
        return "€ " + _WHOLE.apply(value, _LOCALE)
    return _WHOLE.apply(round(value), _LOCALE)


def day(value: date | None) -> str:
    return format_date(value, "d MMMM y", locale=LOCALE) if value else "–"


def figure_text(fig, fmt: str) -> str:
    """What a figure shows on screen and in exports: suppressed figures as "<10" or "x"."""
    if fig.suppressed:
        return suppressed_text(is_count(fig))
    if fmt == "datum":
        return f"bereikt op {day(fig.milestone_date)}" if fig.milestone_date else "nog niet bereikt"
    return number(fig.value, fmt)


def derived_text(fig, value, fmt: str) -> str:
    """A baseline or target of a figure: "<10" where the small-count rule hid the baseline it
    rests on (the engine has already emptied the value)."""
    if value is None and fig.baseline_suppressed:
        return suppressed_text(is_count(fig))
    return number(value, fmt)


def is_count(fig) -> bool:
    """Whether a figure is a count of people (not a rate per 1,000 made from one)."""
    return CATALOGUE()[fig.indicator].kind == "count" and not fig.per_1000
