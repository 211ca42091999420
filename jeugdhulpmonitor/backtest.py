"""The year-end projection of the engine's figures and its backtest (issue 29, items 1 and 2).

`year_end` projects a report's figures (2029-M4, 2029-M8) to the end of the year for a
selection: each with the method of its kind of measure (forecast.METHOD), an interval learnt
from the earlier years, and the status the projected value would have against the year's
target path or limit. `agreements_year_end` does the same for the agreements with providers.
`run` replays every earlier year of the data at the 4- and 8-month reports, from the years
before it only, and measures how far the projections were off (`python -m jeugdhulpmonitor
backtest`, docs/forecast.md).

Every figure comes from Engine.compute, protected as anyone may see it: a projection made from
protected figures carries their protection and reveals nothing they do not. A figure hidden by
the small-count rule is not projected, and a year whose figure was hidden teaches nothing.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from jeugdhulpmonitor import agreements, forecast
from jeugdhulpmonitor.catalogue import Indicator
from jeugdhulpmonitor.engine import Engine, Figure, Selection, SelectionError, path_status, region_of
from jeugdhulpmonitor.forecast import Projection, Year, year_end_value
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import BASELINE_YEAR, Period, PeriodError

FIRST_YEAR = 2024  # the data's first year throughout the project (aggregates, views.compare)
# The groups every indicator is replayed for, within each region: the region, each municipality
# and each provider (the performance dialogue's levels).
GROUPINGS = (None, "municipality", "provider")
JUDGED = ("on_track", "behind", "off_track")

# The queries whose figure builds up from 1 January to the period's end, by kind of measure:
# such a figure grows into its year-end value. Any other (a share, a median, a stand on one day,
# a yearly amount) does not follow from its value so far.
CUMULATIVE = {
    "young_people_in_care": "people",
    "inflow": "people",
    "outflow": "people",
    "out_of_home": "people",
    "new_out_of_home": "events",
    "complaints_received": "events",
    "residential_days": "days",
    "spend_eur": "money",
    "forecast_year_end_eur": "money",  # spending so far, drawn out to twelve months
    "budget_utilisation_pct": "money",  # spending so far over the year's budget
    "lump_sum_utilisation_pct": "money",  # spending so far over the year's lump sum
}
ANNUALISED = "forecast_year_end_eur"  # its value is spending so far x 12 / months so far


@dataclass(frozen=True)
class Plan:
    """How an indicator's year end follows from a total that grows through the year."""

    measure: str | None = None  # people, events, days, money; None: not projected
    part: str = "value"  # where the figure holds the total: value, numerator, or annualised
    reason: str | None = None  # why it is not projected (forecast.REASONS)


def plan(ind: Indicator) -> Plan:
    """A count, number of days or amount that builds up is its own total; a rate per 1,000,
    share of the budget or change against 2026 is its numerator over a denominator fixed for
    the year (the population, the budget, the 2026 year); the forecast is spending so far."""
    measure = CUMULATIVE.get(ind.source)
    if not ind.from_flows:
        return Plan(reason="delivered")
    if measure is None:
        return Plan(reason="not_cumulative")
    if ind.denominator in CUMULATIVE:  # complaints per 1,000 young people in care
        return Plan(reason="both_grow")
    if ind.source == ANNUALISED:
        return Plan(measure, "annualised")
    if ind.kind in ("count", "days", "amount") and ind.denominator is None:
        return Plan(measure, "value")
    if ind.kind in ("percentage", "rate_per_1000", "change_vs_baseline"):
        return Plan(measure, "numerator")
    return Plan(reason="not_cumulative")


def total(p: Plan, ind: Indicator, fig: Figure | None, period: Period) -> float | None:
    """The total from 1 January to the period's end that the figure rests on, as shown."""
    if fig is None or fig.suppressed:
        return None
    if p.part == "value":
        return fig.value
    if p.part == "numerator":
        return fig.numerator
    shown = fig.value if ind.denominator is None else fig.numerator  # the forecast itself
    return None if shown is None else shown * period.months_to_end / 12


@dataclass(frozen=True)
class YearEnd:
    """An indicator's projected year-end value for one group, or why there is none."""

    indicator: str
    period: str  # the report projected from
    group_key: str | None
    measure: str | None
    so_far: float | None  # the figure at the report, as shown
    value: float | None = None  # the projected value of the indicator at the year's end
    low: float | None = None
    high: float | None = None
    target: float | None = None  # the year's target path or limit, where the indicator is judged
    status: str = "not_measurable"  # the status the projected value would have
    projection: Projection = field(default_factory=Projection)  # of the total it rests on
    reason: str | None = None  # forecast.REASONS

    @property
    def note(self) -> str | None:
        return forecast.REASONS.get(self.reason) if self.reason else None


@dataclass(frozen=True)
class AgreementYearEnd:
    """An agreement's projected year-end realisation against the agreed value."""

    agreement: agreements.Agreement  # as measured at the report
    measure: str | None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    status: str = "not_measurable"
    projection: Projection = field(default_factory=Projection)
    reason: str | None = None

    @property
    def note(self) -> str | None:
        if self.reason == "not_per_theme":
            return agreements.NOT_PER_THEME
        return forecast.REASONS.get(self.reason) if self.reason else None


class _Reader:
    """Figures through the engine, each question asked once: the replay asks an earlier year's
    figures again for every later year it projects."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._asked: dict[tuple, dict] = {}

    def figures(self, ident: str, period: Period, selection: Selection, by: str | None) -> dict:
        key = (ident, period, selection, by)
        if key not in self._asked:
            self._asked[key] = {f.group_key: f for f in self.engine.compute(ident, period, selection, by)}
        return self._asked[key]


@dataclass
class _Case:
    """One group's figure at a report, with what its projection needs."""

    ind: Indicator
    plan: Plan
    key: str | None
    now: Figure
    whole: Figure | None  # the year's figure: its denominator and target (never its value)
    history: dict[int, Year]

    def so_far(self, period: Period) -> float | None:
        return total(self.plan, self.ind, self.now, period)


def _report(period: Period | str) -> Period:
    period = Period.parse(period) if isinstance(period, str) else period
    if period.start.month != 1 or period.months_to_end == 12:
        raise PeriodError(f"{period}: a projection starts from a report within the year (2029-M4, 2029-M8)")
    return period


def _cases(reader: _Reader, ind: Indicator, period: Period, selection: Selection, by) -> list[_Case]:
    p = plan(ind)
    now = reader.figures(ind.id, period, selection, by)
    if p.reason:
        return [_Case(ind, p, key, fig, None, {}) for key, fig in now.items()]
    year = Period(period.year, "Y")
    whole = reader.figures(ind.id, year, selection, by)
    earlier = {
        y: (
            reader.figures(ind.id, Period(y, period.form), selection, by),
            reader.figures(ind.id, Period(y, "Y"), selection, by),
        )
        for y in range(FIRST_YEAR, period.year)
    }
    out = []
    for key, fig in now.items():
        history = {
            y: Year(total(p, ind, cut.get(key), Period(y, period.form)), total(p, ind, end.get(key), Period(y, "Y")))
            for y, (cut, end) in earlier.items()
        }
        out.append(_Case(ind, p, key, fig, whole.get(key), history))
    return out


def _judged(engine: Engine, ind: Indicator, selection: Selection, whole: Figure | None) -> Indicator | None:
    """The indicator as its region judges it (catalogue.in_region), or None where it is not judged
    at the year's end (no rule, no target path, or a year before the targets)."""
    if whole is None or whole.target_path is None or int(whole.period[:4]) <= BASELINE_YEAR:
        return None
    judged = engine.catalogue.in_region(ind, region_of(selection, whole.region_code, engine.providers))
    return judged if judged.status.rule in ("target_path", "ceiling") else None


def _project(engine: Engine, case: _Case, period: Period, selection: Selection, method: str | None = None) -> YearEnd:
    ind, p = case.ind, case.plan
    base = YearEnd(ind.id, str(period), case.key, p.measure, None if case.now.suppressed else case.now.value)
    if p.reason:
        return replace(base, reason=p.reason)
    proj = forecast.project(
        case.so_far(period), period.months_to_end, case.history, method or forecast.METHOD[p.measure]
    )
    denominator = case.whole.denominator if case.whole is not None else None
    value = year_end_value(ind.kind, proj.value, denominator)
    judged = _judged(engine, ind, selection, case.whole) if value is not None else None
    return replace(
        base,
        value=value,
        low=year_end_value(ind.kind, proj.low, denominator) if value is not None else None,
        high=year_end_value(ind.kind, proj.high, denominator) if value is not None else None,
        target=case.whole.target_path if judged is not None else None,
        status=(
            path_status(judged.direction, value, case.whole.target_path, judged.status.tolerance)[0]
            if judged is not None
            else "not_measurable"
        ),
        projection=proj,
        reason=proj.reason or (None if value is not None else "no_figure"),
    )


def year_end(
    engine: Engine, indicator_ids, period: Period | str, selection: Selection = Selection(), by: str | None = None
) -> list[YearEnd]:
    """The year-end projection of each indicator at a report, per group as Engine.compute gives them."""
    period, reader = _report(period), _Reader(engine)
    out = []
    for ident in [indicator_ids] if isinstance(indicator_ids, str) else list(indicator_ids):
        if ident not in engine.catalogue:
            raise SelectionError(f"onbekende indicator {ident!r}")
        out += [
            _project(engine, c, period, selection)
            for c in _cases(reader, engine.catalogue[ident], period, selection, by)
        ]
    return out


# --- agreements with providers -----------------------------------------------------------------
def _agreement_rule(item: str, ind: Indicator | None) -> tuple[str, float | str]:
    """Direction and tolerance of an agreement, as agreements.py judges it."""
    direction = agreements.DIRECTIONS.get(item) or (ind.direction if ind is not None else "none")
    own = ind is not None and item not in agreements.DIRECTIONS and ind.status.rule == "target_path"
    return direction, ind.status.tolerance if own else agreements.TOLERANCE


def _agreement(engine: Engine, reader: _Reader, a: agreements.Agreement, period: Period, method=None):
    """Uses only what was agreed and for whom, never the realisation the agreement holds."""
    money = a.item in agreements.MONEY_ITEMS
    measured = agreements.REALISED.get(a.item) or ("residential_days" if a.item == agreements.PLACES else a.item)
    ind = engine.catalogue.get(measured)
    p = plan(ind) if ind is not None else Plan(reason="not_cumulative")
    if money and a.theme:
        return AgreementYearEnd(a, p.measure, reason="not_per_theme")
    if p.reason or a.provider_id not in engine.providers:
        return AgreementYearEnd(a, p.measure, reason=p.reason or "no_figure")
    scope = Selection(
        region=engine.providers[a.provider_id][1],
        municipalities=(a.municipality_code,) if a.municipality_code else (),
        provider=a.provider_id,
        theme=None if money else a.theme,
    )
    (case,) = _cases(reader, ind, period, scope, None)
    result = _project(engine, case, period, scope, method)
    value, low, high = result.value, result.low, result.high
    if a.item == agreements.PLACES and value is not None:  # days over the year's days: places in use
        days = (Period(period.year, "Y").end - Period(period.year, "Y").start).days + 1
        value, low, high = value / days, low / days, high / days
    direction, tolerance = _agreement_rule(a.item, engine.catalogue.get(a.item))
    status = "not_measurable"
    if value is not None and direction != "none":
        status = path_status(direction, value, a.agreed, tolerance)[0]
    return AgreementYearEnd(a, p.measure, value, low, high, status, result.projection, result.reason)


def agreements_year_end(
    engine: Engine, period: Period | str, selection: Selection = Selection(), items=None, keep=None
) -> list[AgreementYearEnd]:
    """Each agreement of the selection's providers for the report's year (only `items` when
    given, and those `keep(agreement)` keeps: the signals ask two of the four items, and on a
    municipality's page only its own), projected to the year's end."""
    period, reader = _report(period), _Reader(engine)
    found = agreements.agreements(engine, period, selection, items)
    return [_agreement(engine, reader, a, period) for a in found if keep is None or keep(a)]


# --- the backtest ---------------------------------------------------------------------------------
@dataclass
class Score:
    """How the projections of one indicator (or agreed item) did against what happened."""

    key: str
    measure: str | None
    method: str | None
    reason: str | None = None  # not projected at all (forecast.REASONS)
    cases: int = 0  # year ends the data knows, per group and report
    withheld: Counter = field(default_factory=Counter)  # cases without a projection, by reason
    errors: list[float] = field(default_factory=list)  # |projected - actual| / |actual|
    covered: list[bool] = field(default_factory=list)
    hits: list[bool] = field(default_factory=list)  # projected status == the year's status

    @property
    def projected(self) -> int:
        return len(self.covered)

    def add(self, value, low, high, actual: float, pair: tuple[str, str] | None, reason: str | None) -> None:
        """One year end: the projected total and its interval (None: withheld for `reason`), the
        actual total, and the projected and the year's status where both are judged."""
        self.cases += 1
        if value is None:
            self.withheld[reason or "no_figure"] += 1
            return
        if actual:
            self.errors.append(abs(value - actual) / abs(actual))
        self.covered.append(low <= actual <= high)
        if pair is not None:
            self.hits.append(pair[0] == pair[1])

    def row(self) -> dict:
        def pct(xs, f):
            return round(100 * f(xs), 2) if xs else None

        return {
            "mape": pct(self.errors, statistics.median),
            "coverage": pct(self.covered, statistics.fmean),
            "status_hit_rate": pct(self.hits, statistics.fmean),
            "measure": self.measure,
            "method": self.method,
            "cases": self.cases,
            "projected": self.projected,
            "status_cases": len(self.hits),
            "withheld": dict(sorted(self.withheld.items())),
            "reason": self.reason,
        }


@dataclass
class Backtest:
    data_version: str | None
    years: list[int]
    scores: dict[str, Score]
    # Per kind of measure and method, the absolute percentage errors on the cases where every
    # method projects (the totals themselves: a rate or share of one shares its series).
    methods: dict[str, dict[str, list[float]]]

    def as_json(self) -> dict:
        return {key: score.row() for key, score in self.scores.items()}

    def method_table(self) -> dict[str, dict[str, dict]]:
        return {
            measure: {
                m: {"mape": round(100 * statistics.median(e), 2) if e else None, "cases": len(e)}
                for m, e in by_method.items()
            }
            for measure, by_method in self.methods.items()
        }

    def render(self) -> str:
        def f(x):
            return "–" if x is None else f"{x:.1f}"

        span = f"{self.years[0]}–{self.years[-1]}" if self.years else "none"
        lines = [
            f"backtest of the year-end projection, data version {self.data_version}: each year {span} "
            "replayed at the 4- and 8-month reports from the years before it only, for each region, "
            "municipality and provider (mape: median absolute % error; coverage: % of year ends within "
            "the interval; status: % of projected statuses that were the year's)",
            "",
            f"{'indicator':<34} {'measure':<7} {'method':<15} {'cases':>5} {'proj.':>5} {'mape %':>7} "
            f"{'cover %':>7} {'status %':>8} {'(n)':>5}",
        ]
        skipped = []
        for key, s in self.scores.items():
            if s.reason:
                skipped.append(f"  {key}: {s.reason}")
                continue
            r = s.row()
            lines.append(
                f"{key:<34} {s.measure:<7} {s.method:<15} {s.cases:>5} {s.projected:>5} {f(r['mape']):>7} "
                f"{f(r['coverage']):>7} {f(r['status_hit_rate']):>8} {len(s.hits):>5}"
                + (f"  withheld: {', '.join(f'{k} {n}' for k, n in sorted(s.withheld.items()))}" if s.withheld else "")
            )
        lines += ["", "methods per kind of measure (mape % on the cases where every method projects, cases):"]
        for measure, by_method in self.method_table().items():
            best = min(
                (m for m in by_method if by_method[m]["mape"] is not None),
                key=lambda m: by_method[m]["mape"],
                default=None,
            )
            shown = "  ".join(f"{m} {f(v['mape'])} ({v['cases']})" for m, v in by_method.items())
            chosen = forecast.METHOD[measure]
            verdict = f"chosen: {chosen}" + ("" if best in (None, chosen) else f" (this backtest prefers {best})")
            lines.append(f"  {measure:<7} {shown}  {verdict}")
        if skipped:
            lines += ["", "not projected:", *skipped]
        return "\n".join(lines)

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _complete_years(engine: Engine) -> list[int]:
    last = engine.last_date
    return [y for y in range(FIRST_YEAR, last.year + 1) if Period(y, "Y").end <= last] if last else []


def _alternatives(case: _Case, period: Period) -> dict[str, float] | None:
    """Every method's projection of the case, where each has been tried on MIN_ERRORS years."""
    so_far, months = case.so_far(period), period.months_to_end
    if so_far is None:
        return None
    out = {}
    for name, method in forecast.METHODS.items():
        value = method(so_far, months, case.history)
        if value is None or len(forecast.errors(case.history, months, name)) < forecast.MIN_ERRORS:
            return None
        out[name] = value
    return out


def run(engine: Engine, progress=None) -> Backtest:
    """Replay every complete year of the data at M4 and M8 and score the projections."""
    reader, years = _Reader(engine), _complete_years(engine)
    scores: dict[str, Score] = {}
    methods: dict[str, dict[str, list[float]]] = {}
    for region in GEO().regions:
        if progress:
            progress(f"replaying {region}")
        inds = [ind for ind in engine.catalogue.values() if region in ind.regions]
        for ind in inds:
            p = plan(ind)
            score = scores.setdefault(
                ind.id, Score(ind.id, p.measure, p.measure and forecast.METHOD[p.measure], p.reason)
            )
            if p.reason:
                continue
            for by in GROUPINGS:
                selection = Selection(region=region)
                for year in years:
                    for cut in forecast.CUTS:
                        period = Period(year, cut)
                        for case in _cases(reader, ind, period, selection, by):
                            actual = total(p, ind, case.whole, Period(year, "Y"))
                            if not actual:  # unknown, hidden, or an empty group: nothing to score
                                continue
                            result = _project(engine, case, period, selection)
                            proj = result.projection
                            pair = None
                            if result.status in JUDGED and case.whole.status in JUDGED:
                                pair = (result.status, case.whole.status)
                            score.add(proj.value, proj.low, proj.high, actual, pair, result.reason)
                            alternatives = _alternatives(case, period) if p.part == "value" else None
                            for name, value in (alternatives or {}).items():
                                ape = abs(value - actual) / abs(actual)
                                methods.setdefault(p.measure, {}).setdefault(name, []).append(ape)
        _replay_agreements(engine, reader, region, years, scores)
    return Backtest(engine.runner.data_version, years, scores, methods)


def _replay_agreements(engine: Engine, reader: _Reader, region: str, years: list[int], scores: dict) -> None:
    """Each agreement of a complete year, projected at M4 and M8 and scored on its own measure
    (places, not days) against its realisation and status at the year's end."""
    for year in years:
        for a in agreements.agreements(engine, Period(year, "Y"), Selection(region=region)):
            key = f"agreement:{a.item}"
            for cut in forecast.CUTS:
                result = _agreement(engine, reader, a, Period(year, cut))
                score = scores.setdefault(key, Score(key, result.measure, None))
                if result.measure is None:  # the item is not projected at all
                    score.reason = result.reason
                    continue
                score.method = forecast.METHOD[result.measure]
                if not a.realised and result.reason != "not_per_theme":
                    continue
                pair = (result.status, a.status) if result.status in JUDGED and a.status in JUDGED else None
                score.add(result.value, result.low, result.high, a.realised, pair, result.reason)
