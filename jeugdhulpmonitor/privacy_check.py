"""`privacy-check`: how well the protection of small counts (suppression.py) holds on a data
version, and what it costs, measured on the figures as every view shows them.

An insider who sees every page, period and download tries to work out each hidden count of 1-9
by subtracting shown counts from a shown total (`attack`):

- geography: a region is the sum of its municipalities, of its areas, of its providers and of its
  themes; a municipality split in areas is the sum of those; an area of several municipalities
  the sum of those;
- periods: a year is the sum of its halves and of its quarters, a half of its quarters;
- the same relations with counts read back from the rates per 1,000 (rate x the public
  population);
- the change against 2026: the 2026 count follows from the shown count and the change.

Each relation gives a derived value for a hidden cell whose relation partners are all shown; it
is a hit when it equals the true count. The same attack on the true figures (the monitor before
the cell key method) shows what it recovers without protection. `loss` measures what the
protection costs: the share of cells hidden, how far shown counts move and how many rates and
percentages move by more than their last shown digit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Engine, Figure, Selection, per_1000_allowed
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import Period, all_periods
from jeugdhulpmonitor.suppression import MIN_COUNT

# Periods whose counts of events add up (a young person counted in two periods is two events).
PERIOD_SUMS = (("Y", ("H1", "H2")), ("Y", ("Q1", "Q2", "Q3", "Q4")), ("H1", ("Q1", "Q2")), ("H2", ("Q3", "Q4")))
GROUPINGS = ("municipality", "area", "provider", "theme")


def counts() -> list[str]:
    """The indicators that are counts of people (or of their trajectories and complaints)."""
    return [i.id for i in CATALOGUE().values() if i.kind == "count" and i.about_people and i.from_flows]


@dataclass
class Derivation:
    cell: tuple  # the hidden cell: (indicator, period, grouping or None, group key)
    relation: tuple  # the relation it was derived from
    true: int
    derived: float  # from the shown figures
    derived_unprotected: float  # the same relation on the true figures

    @property
    def hit(self) -> bool:
        return round(self.derived) == self.true

    @property
    def hit_unprotected(self) -> bool:
        return round(self.derived_unprotected) == self.true

    @property
    def guess(self) -> bool:
        """Whether the attacker's best single guess is right: the derived value, kept within
        1..MIN_COUNT-1 (a derived 0 or 12 still says "small")."""
        return _within_small(self.derived) == self.true

    @property
    def guess_unprotected(self) -> bool:
        return _within_small(self.derived_unprotected) == self.true


def _within_small(derived: float) -> int:
    """A derived value kept within 1..MIN_COUNT-1 (what "<10" says the cell is)."""
    return min(MIN_COUNT - 1, max(1, round(derived)))


@dataclass
class Attack:
    derivations: list[Derivation] = field(default_factory=list)
    change_leaks: list[tuple] = field(default_factory=list)  # a change shown on a hidden 2026 count

    def rate(self, what: str = "hit") -> float:
        n = len(self.derivations)
        return sum(getattr(d, what) for d in self.derivations) / n if n else 0.0

    def mode_share(self) -> float:
        """How often the best guess without any figure is right: always the most common hidden value."""
        values = [d.true for d in self.derivations]
        return max(map(values.count, set(values))) / len(values) if values else 0.0

    def cells(self) -> int:
        return len({d.cell for d in self.derivations})


class _Views:
    """Every figure of a region's counts as shown and as true, per (indicator, period, selection, by)."""

    def __init__(self, engine: Engine):
        self.shown, self.true = engine, engine.unprotected()
        self._seen: dict[tuple, dict] = {}

    def figures(self, ids: list[str], period: Period, selection: Selection, by: str | None, per_1000=False):
        key = (tuple(ids), period, selection, by, per_1000)
        if key not in self._seen:
            shown = self.shown.compute(ids, period, selection, by=by, per_1000=per_1000)
            true = self.true.compute(ids, period, selection, by=by, per_1000=per_1000)
            self._seen[key] = {(f.indicator, f.group_key): (f, t) for f, t in zip(shown, true, strict=True)}
        return self._seen[key]


def _count(fig: Figure, per_1000: bool) -> float | None:
    """What the attacker reads from a figure: its count, or rate x population / 1000."""
    if fig.suppressed or fig.value is None:
        return None
    return fig.value * fig.denominator / 1000 if per_1000 else fig.value


def _relations(region: str) -> Iterator[tuple[Selection, str | None, Selection, str]]:
    """(total's selection, its by, parts' selection, parts' by) of the geography: the total is the
    region (by None) or a group of it, the parts its groups."""
    geo = GEO()
    whole = Selection(region=region)
    for by in GROUPINGS:
        yield whole, None, whole, by
    for code in geo.municipalities_of(region):
        if len(geo.municipalities[code].areas) > 1:
            yield whole, ("municipality", code), Selection(region=region, municipalities=(code,)), "area"
    for code, area in geo.areas.items():
        members = [m for m in area.municipalities if geo.municipalities[m].region == region]
        if len(members) > 1:
            yield whole, ("area", code), Selection(region=region, area=code), "municipality"


def attack(engine: Engine, regions: list[str] | None = None, periods: list[Period] | None = None) -> Attack:
    ids = counts()
    views, out = _Views(engine), Attack()
    periods = periods or all_periods(2024, engine.last_date)
    for region in regions or list(GEO().regions):
        for period in periods:
            for per_1000 in (False, True):
                _geography(views, ids, region, period, per_1000, out)
        _periods(views, ids, region, periods, out)
        _changes(engine, region, periods, out)
    return out


def _geography(views, ids, region, period, per_1000, out: Attack) -> None:
    rated = [i for i in ids if per_1000_allowed(CATALOGUE()[i])] if per_1000 else ids
    for total_sel, total_group, parts_sel, by in _relations(region):
        if by in ("provider", "theme") and per_1000:
            continue  # no population per provider or theme
        totals = views.figures(rated, period, total_sel, None if total_group is None else total_group[0], per_1000)
        parts = views.figures(rated, period, parts_sel, by, per_1000)
        for ident in rated:
            total = totals.get((ident, None if total_group is None else total_group[1]))
            mine = [(k[1], f) for k, f in parts.items() if k[0] == ident]
            if total is None or not mine:
                continue
            cells = [(ident, str(period), *(total_group or (None, region)))]
            cells += [(ident, str(period), by, key) for key, _f in mine]
            relation = (ident, str(period), region, total_group, by, per_1000)
            _derive(out, relation, cells, total, [f for _k, f in mine], per_1000)


def _derive(out: Attack, relation: tuple, cells: list[tuple], total: tuple, parts: list[tuple], per_1000: bool) -> None:
    """Every hidden cell of one relation (total = sum of parts) whose partners are all shown."""
    members = [total, *parts]
    if any(f.value is None and not f.suppressed for f, _t in members):
        return  # a figure not known (not measurable yet, outside the scope): no relation to use
    shown = [_count(f, per_1000) for f, _t in members]
    truth = [_count(t, per_1000) for _f, t in members]
    hidden = [i for i, v in enumerate(shown) if v is None]
    if len(hidden) != 1:
        return
    (i,) = hidden
    true = round(truth[i]) if truth[i] is not None else None
    if true is None or not 0 < true < MIN_COUNT:
        return

    def derived(values):  # the total as the sum of the parts, a part as the total minus the rest
        rest = sum(v for j, v in enumerate(values) if j not in (0, i))
        return rest if i == 0 else values[0] - rest

    out.derivations.append(Derivation(cells[i], relation, true, derived(shown), derived(truth)))


def _periods(views, ids, region, periods, out: Attack) -> None:
    """A year as the sum of its halves or quarters, a half of its quarters, per group."""
    years = sorted({p.year for p in periods})
    have = set(periods)
    for year in years:
        for total_form, part_forms in PERIOD_SUMS:
            whole, parts = Period(year, total_form), [Period(year, f) for f in part_forms]
            if whole not in have or any(p not in have for p in parts):
                continue
            for by in (None, "municipality", "area"):
                sel = Selection(region=region)
                totals = views.figures(ids, whole, sel, by)
                each = [views.figures(ids, p, sel, by) for p in parts]
                for key, total in totals.items():
                    members = [e.get(key) for e in each]
                    if any(m is None for m in members):
                        continue
                    group = key[1] if by else region
                    cells = [(key[0], str(p), by, group) for p in (whole, *parts)]
                    _derive(out, (key[0], str(whole), part_forms, region, by), cells, total, members, False)


def _changes(engine: Engine, region: str, periods: list[Period], out: Attack) -> None:
    """A change against 2026 shown where the 2026 count it rests on is hidden would give it back."""
    changes = [i.id for i in CATALOGUE().values() if i.kind == "change_vs_baseline" and i.from_flows]
    for period in periods:
        for by in (None, "municipality", "area"):
            sel = Selection(region=region)
            for fig, true in zip(
                engine.compute(changes, period, sel, by=by),
                engine.unprotected().compute(changes, period, sel, by=by),
                strict=True,
            ):
                if true.denominator is not None and 0 < true.denominator < MIN_COUNT and not fig.suppressed:
                    out.change_leaks.append((fig.indicator, str(period), fig.group_key))


@dataclass
class Loss:
    cells: int = 0
    hidden: int = 0
    shown_changes: list[int] = field(default_factory=list)
    ratios: int = 0
    ratios_moved: int = 0

    @property
    def hidden_share(self) -> float:
        return self.hidden / self.cells if self.cells else 0.0

    @property
    def mean_change(self) -> float:
        return sum(map(abs, self.shown_changes)) / len(self.shown_changes) if self.shown_changes else 0.0

    @property
    def max_change(self) -> int:
        return max(map(abs, self.shown_changes), default=0)

    @property
    def moved_share(self) -> float:
        return self.ratios_moved / self.ratios if self.ratios else 0.0


def loss(engine: Engine, regions: list[str] | None = None, periods: list[Period] | None = None) -> Loss:
    """What the protection costs over every count and ratio of people, per region and group."""
    views, out = _Views(engine), Loss()
    ratio_ids = [
        i.id
        for i in CATALOGUE().values()
        if i.kind in ("percentage", "rate_per_1000") and i.about_people and i.from_flows
    ]
    periods = periods or all_periods(2024, engine.last_date)
    for region in regions or list(GEO().regions):
        for period in periods:
            for by in (None, *GROUPINGS):
                sel = Selection(region=region)
                for shown, true in views.figures(counts(), period, sel, by).values():
                    if not true.value:
                        continue
                    out.cells += 1
                    if shown.suppressed:
                        out.hidden += 1
                    else:
                        out.shown_changes.append(round(shown.value - true.value))
                for shown, true in views.figures(ratio_ids, period, sel, by).values():
                    if shown.suppressed or shown.value is None or true.value is None:
                        continue
                    out.ratios += 1
                    step = 0.1 if CATALOGUE()[shown.indicator].format in ("0,0", "0,0%") else 1.0
                    # moved by more than one unit of the last digit shown
                    out.ratios_moved += abs(shown.value - true.value) > step + 1e-9
    return out


def report(engine: Engine) -> str:
    hits, loss_ = attack(engine), loss(engine)
    n = len(hits.derivations)
    lines = [
        f"attack: {n} derivations of {hits.cells()} hidden counts of 1-{MIN_COUNT - 1}",
        f"  exactly right without the cell key method: {hits.rate('hit_unprotected'):.1%}",
        f"  exactly right with it: {hits.rate('hit'):.1%} (a guess among 1-{MIN_COUNT - 1}: {1 / (MIN_COUNT - 1):.1%})",
        f"  the best single guess (derived, kept within 1-{MIN_COUNT - 1}): {hits.rate('guess'):.1%}"
        f" (always the most common hidden value: {hits.mode_share():.1%})",
        f"  changes against 2026 shown on a hidden 2026 count: {len(hits.change_leaks)}",
        f"loss: {loss_.cells} counts of people, {loss_.hidden_share:.1%} hidden (<{MIN_COUNT})",
        f"  shown counts moved by {loss_.mean_change:.2f} on average, at most {loss_.max_change}",
        f"  rates and percentages moved by more than their last shown digit: {loss_.moved_share:.1%} of {loss_.ratios}",
    ]
    return "\n".join(lines)
