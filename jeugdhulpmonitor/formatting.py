"""Dutch number formats (babel): 16.942; 12,5%; € 6,6 mln. One place for every page and export."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.numbers import parse_pattern

from jeugdhulpmonitor.catalogue import CATALOGUE, LEVEL_WORDS
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
_TWO_DECIMALS = parse_pattern("#,##0.00")  # a change that rounds to zero at one decimal (signed)


def number(value, fmt: str = "0") -> str:
    """A number in Dutch; a value that rounds to zero shows as zero, never "-0,0" (issue 28)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return _no_negative_zero(_number(value, fmt))


def _no_negative_zero(text: str) -> str:
    return text.replace("-", "", 1) if "-" in text and _is_zero(text) else text


def _number(value, fmt: str) -> str:
    if fmt == "0,0%":
        return _ONE_DECIMAL.apply(value, _LOCALE) + "%"
    if fmt == "0,0":
        return _ONE_DECIMAL.apply(value, _LOCALE)
    if fmt == "€ mln":
        return "€ " + _ONE_DECIMAL.apply(value / 1e6, _LOCALE) + " mln"
    if fmt in FINER.values():  # two decimals: "€ 8,96 mln", "13,98", "4,09%"
        shown = _TWO_DECIMALS.apply(value / 1e6 if fmt.startswith("€") else value, _LOCALE)
        return ("€ " + shown + " mln") if fmt.startswith("€") else shown + ("%" if fmt.endswith("%") else "")
    if fmt == "€":
        return "€ " + _WHOLE.apply(value, _LOCALE)
    return _WHOLE.apply(round(value), _LOCALE)


# A format one step finer, for two numbers that would read the same at their own format (a
# projection's interval, issue 29: "tussen € 8,96 mln en € 9,03 mln", not "€ 9,0 mln" twice).
FINER = {"€ mln": "€ mln 0,00", "0,0": "0,00", "0,0%": "0,00%"}


def signed(delta, fmt: str = "0") -> str:
    """A change with its sign: "+1.234", "-€ 1,2 mln". One that rounds to zero at the format's
    precision is shown finer ("-€ 30.000", "+0,03"), where "+€ 0,0 mln" beside a status "Achter"
    would hide why (issue 28); only a change of nothing at all has no sign ("0")."""
    if delta is None or delta is pd.NA or (isinstance(delta, float) and math.isnan(delta)):
        return "–"
    shown = number(abs(delta), fmt)
    if _is_zero(shown) and delta:
        shown = _finer(abs(delta), fmt)
    return shown if _is_zero(shown) else ("+" if delta > 0 else "-") + shown


def _is_zero(text: str) -> bool:
    return not any(c in "123456789" for c in text)


def _finer(value, fmt: str) -> str:
    if fmt == "€ mln":
        return number(value, "€")
    if fmt in ("0,0", "0,0%"):
        return _TWO_DECIMALS.apply(value, _LOCALE) + ("%" if fmt == "0,0%" else "")
    return number(value, fmt)


def day(value: date | None) -> str:
    return format_date(value, "d MMMM y", locale=LOCALE) if value else "–"


def not_known_text(level: str) -> str:
    """The mark of a figure that does not exist at a level: "n.v.t. per aanbieder" (issue 28)."""
    return f"n.v.t. per {LEVEL_WORDS[level]}"


# A figure whose period's data are not complete yet (the catalogue's measurable_after_days): the
# engine's note starts with NOT_YET_COMPLETE and a page shows NOT_YET_KNOWN, never a value.
NOT_YET_COMPLETE = "nog niet meetbaar"
NOT_YET_KNOWN = "nog niet bekend"


def figure_text(fig, fmt: str) -> str:
    """What a figure shows on screen and in exports: suppressed figures as "<10" or "x", a
    figure that does not exist at the level asked as "n.v.t. per aanbieder", one whose period's
    data are not complete yet (the waiting list at the latest report) as "nog niet bekend"."""
    if getattr(fig, "not_known_at", None):
        return not_known_text(fig.not_known_at)
    if fig.value is None and (getattr(fig, "note", None) or "").startswith(NOT_YET_COMPLETE + ":"):
        return NOT_YET_KNOWN
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
