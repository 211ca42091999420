"""The privacy rule for small counts, in one place (screen, CLI and every export use it).

A count of 1-9 is not shown, nor a ratio whose numerator is 1-9 or whose denominator is below
10. Figures that are not counts of people (days, medians, scores) are judged by the number of
people or trajectories they rest on (`basis`). Amounts of money and milestones are not personal.
"""

from __future__ import annotations

import math

MIN_COUNT = 10
SUPPRESSED_TEXT = "<10"  # a hidden count of people
# Any other hidden value (a percentage, rate, median, number of days): "<10" on a median of 42
# days would read as "fewer than 10 days", so these get CBS's mark for a confidential cell.
SUPPRESSED_MARK = "x"
SUPPRESSED_EXPLANATION = (
    "Aantallen van 1 tot en met 9 en verhoudingen met een teller van 1 tot en met 9 of een noemer "
    "onder 10 worden niet getoond, zodat geen individuele jeugdige herkenbaar is: een aantal als "
    '"<10", een percentage, verhouding, mediaan of aantal dagen als "x".'
)


def suppressed_text(is_count: bool) -> str:
    """How a hidden value shows: "<10" for a count of people, "x" for anything else."""
    return SUPPRESSED_TEXT if is_count else SUPPRESSED_MARK


def _small(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and 0 < x < MIN_COUNT


def _below(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and x < MIN_COUNT


def is_suppressed(kind: str, value, numerator, denominator, basis) -> bool:
    if kind in ("amount", "milestone"):
        return False
    if kind == "count":
        return _small(value)
    if kind in ("percentage", "rate_per_1000") and denominator is not None and not _isnan(denominator):
        return _small(numerator) or _below(denominator)
    return _small(basis)


def _isnan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)


def mask_small_counts(frame, columns):
    """A copy of a table of counts with every count of 1-9 replaced by null (shown as "<10")."""
    frame = frame.copy()
    for column in columns:
        frame[column] = frame[column].astype("Int64").mask(frame[column].between(1, MIN_COUNT - 1))
    return frame
