"""The privacy rule for small counts, in one place (screen, CLI and every export use it).

Primary: a count of 1-9 is not shown, nor a ratio whose numerator is 1-9 or whose denominator
is below 10 (the threshold is `min_count` in config/privacy.yaml). Figures that are not counts
of people (days, medians, scores) are judged by the number of people or trajectories they rest
on (`basis`). Amounts of money and milestones are not personal.

Secondary (`protect`): where a page shows a total and its parts (a region and its
municipalities, a municipality and its areas, a selection and its breakdown), more cells are
hidden until no hidden count can be worked out from the shown ones (docs/privacy.md).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import yaml

from jeugdhulpmonitor import CONFIG_DIR


def _min_count() -> int:
    value = yaml.safe_load((CONFIG_DIR / "privacy.yaml").read_text(encoding="utf-8"))["min_count"]
    if not isinstance(value, int) or value < 3:  # "<2" would say "exactly 1"
        raise ValueError(f"config/privacy.yaml: min_count must be a whole number of at least 3, not {value!r}")
    return value


MIN_COUNT = _min_count()
SUPPRESSED_TEXT = f"<{MIN_COUNT}"  # a hidden count of people
# Any other hidden value (a percentage, rate, median, number of days): "<10" on a median of 42
# days would read as "fewer than 10 days", so these get CBS's mark for a confidential cell.
SUPPRESSED_MARK = "x"
# A cell hidden only so that another hidden cell cannot be worked out: its value may be large,
# so "<10" would be false; it gets the confidential mark too, explained by its own sentence.
SECONDARY_MARK = "x"
SUPPRESSED_EXPLANATION = (
    f"Aantallen van 1 tot en met {MIN_COUNT - 1} en verhoudingen met een teller van 1 tot en met "
    f"{MIN_COUNT - 1} of een noemer onder {MIN_COUNT} worden niet getoond, zodat geen individuele "
    f'jeugdige herkenbaar is: een aantal als "{SUPPRESSED_TEXT}", een percentage, verhouding, mediaan '
    'of aantal dagen als "x".'
)
SECONDARY_EXPLANATION = (
    'Een "x" bij een aantal (of de verhouding die erop rust) is afgeschermd om terugrekenen te '
    "voorkomen: anders zou een verborgen klein aantal uit een totaal en de andere getoonde aantallen "
    "te berekenen zijn. Zo'n aantal kan groot zijn."
)


def suppressed_text(is_count: bool, secondary: bool = False) -> str:
    """How a hidden value shows: "<10" for a small count of people, "x" for anything else."""
    return SUPPRESSED_TEXT if is_count and not secondary else SUPPRESSED_MARK


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


# --- secondary suppression ---------------------------------------------------------------------
Cell = Hashable


@dataclass(frozen=True)
class Relation:
    """A total and the parts it is made of, as one page shows them: total = sum(parts).

    Where the parts overlap (a young person in two care forms) or do not cover the total, the
    sum is not exact; `protect` then assumes an attacker who knows the exact sum of the parts,
    which is more than the page says, so protection against that attacker also holds here."""

    total: Cell
    parts: tuple[Cell, ...]


# A search for another consistent value that takes longer than this counts as "none found":
# the cell is then treated as derivable and protected further (more hidden, never less).
SEARCH_BUDGET = 20_000


def protect(
    values: Mapping[Cell, int | None],
    primary: Iterable[Cell],
    relations: Iterable[Relation],
    min_count: int = MIN_COUNT,
) -> set[Cell]:
    """The cells to hide besides the primary ones, so that no hidden count can be derived.

    `values` are the true counts of every cell (None: no figure, read as 0), `primary` the
    cells the small-count rule hides. While some hidden cell is derivable (`derivable`), the
    smallest shown non-zero cell of a relation it is in is hidden too (a part before the total);
    afterwards every added cell that is not needed is shown again, last added first."""
    values = {k: int(v or 0) for k, v in values.items()}
    primary = {c for c in primary if c in values}
    relations = [r for r in relations if r.total in values and all(p in values for p in r.parts)]
    added: list[Cell] = []
    while pinned := derivable(values, primary, set(added), relations, min_count):
        extra = _cheapest(values, primary | set(added), pinned, relations)
        if extra is None:  # every non-zero cell around it is hidden already (only small cells)
            break
        added.append(extra)
    for cell in reversed(added):
        rest = set(added) - {cell}
        if not derivable(values, primary, rest, relations, min_count):
            added.remove(cell)
    return set(added)


def derivable(
    values: Mapping[Cell, int],
    primary: set[Cell],
    secondary: set[Cell],
    relations: list[Relation],
    min_count: int = MIN_COUNT,
) -> list[Cell]:
    """The hidden cells whose value follows from what is shown, in a stable order.

    The attacker knows every shown value, every relation, that a primary cell is 1..min_count-1
    ("<10") and that a secondary cell is at least min_count (it was not small). A hidden cell is
    safe when another whole value is consistent with all of that: found by a search over whole
    numbers with bounds propagation, exact (not a relaxation)."""
    hidden = primary | secondary
    big = 2 * sum(values.values()) + min_count  # no cell of these tables can exceed it
    small = (1, min_count - 1)
    domains = {c: small if c in primary else (min_count, big) for c in hidden}
    # A cell hidden for another reason than its own count (a rate on a tiny population): any value.
    domains |= {c: (1, big) for c, (lo, hi) in domains.items() if not lo <= values[c] <= hi}
    equations = []
    for r in relations:
        total, exact = r.total, sum(values[p] for p in r.parts) == values[r.total]
        if not exact:  # the exact sum of the parts, as if known (see Relation)
            total = ("sum of parts", r.total)
            if r.total in hidden:
                continue  # a hidden total that is not the sum of its parts: only bounds, left out
        terms = {p: 1 for p in r.parts if p in hidden}
        if total in hidden:
            terms[total] = terms.get(total, 0) - 1
        if not terms:
            continue
        shown = sum(values[p] for p in r.parts if p not in hidden)
        known_total = values[total] if exact else sum(values[p] for p in r.parts)
        equations.append((terms, (0 if total in hidden else known_total) - shown))
    out = []
    for cell in sorted(hidden, key=repr):
        if not any(cell in terms for terms, _ in equations):
            continue
        v, (lo, hi) = values[cell], domains[cell]
        spans = [s for s in ((lo, v - 1), (v + 1, hi)) if s[0] <= s[1]]
        if not any(_feasible(equations, domains | {cell: s}) is True for s in spans):
            out.append(cell)
    return out


def _feasible(equations: list, domains: dict, budget: list | None = None) -> bool | None:
    """Whether whole values within `domains` satisfy every equation sum(coef * x) == const
    (None when the search budget ran out). Depth-first with bounds propagation."""
    budget = budget if budget is not None else [SEARCH_BUDGET]
    budget[0] -= 1
    if budget[0] < 0:
        return None
    domains = _propagate(equations, dict(domains))
    if domains is None:
        return False
    open_cells = [c for c, (lo, hi) in domains.items() if lo < hi and any(c in e[0] for e in equations)]
    if not open_cells:
        return all(sum(k * domains[c][0] for c, k in terms.items()) == const for terms, const in equations)
    cell = min(open_cells, key=lambda c: domains[c][1] - domains[c][0])
    lo, hi = domains[cell]
    middle = (lo + hi) // 2
    unknown = False
    for span in ((lo, middle), (middle + 1, hi)):
        found = _feasible(equations, domains | {cell: span}, budget)
        if found:
            return True
        unknown |= found is None
    return None if unknown else False


def _propagate(equations: list, domains: dict) -> dict | None:
    """Narrow each cell's bounds by each equation until nothing changes (None: no solution)."""
    changed = True
    while changed:
        changed = False
        for terms, const in equations:
            low = sum(k * domains[c][0] if k > 0 else k * domains[c][1] for c, k in terms.items())
            high = sum(k * domains[c][1] if k > 0 else k * domains[c][0] for c, k in terms.items())
            if not low <= const <= high:
                return None
            for c, k in terms.items():
                lo, hi = domains[c]
                own_low, own_high = (k * lo, k * hi) if k > 0 else (k * hi, k * lo)
                # k * x lies within const - (others' high) .. const - (others' low)
                rest_low, rest_high = const - (high - own_high), const - (low - own_low)
                new_lo = math.ceil(rest_low / k) if k > 0 else math.ceil(rest_high / k)
                new_hi = math.floor(rest_high / k) if k > 0 else math.floor(rest_low / k)
                new_lo, new_hi = max(lo, new_lo), min(hi, new_hi)
                if new_lo > new_hi:
                    return None
                if (new_lo, new_hi) != (lo, hi):
                    domains[c] = (new_lo, new_hi)
                    changed = True
    return domains


def _cheapest(values: Mapping[Cell, int], hidden: set[Cell], pinned: list[Cell], relations: list[Relation]):
    """The smallest shown non-zero cell in a relation of the first derivable cell (a part before a
    total); failing that, in a relation of any derivable cell."""
    for cells in ([pinned[0]], pinned):
        near = [r for r in relations if any(c == r.total or c in r.parts for c in cells)]
        candidates = [(False, values[p], repr(p), p) for r in near for p in r.parts]
        candidates += [(True, values[r.total], repr(r.total), r.total) for r in near]
        candidates = [c for c in candidates if c[3] not in hidden and c[1] > 0]
        if candidates:
            return min(candidates)[3]
    return None
