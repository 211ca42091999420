"""The indicator engine: any catalogue indicator for any selection, period and grouping,
with its 2026 baseline, target path and status. Pages, the CLI and exports all call this.
"""

from __future__ import annotations

import copy
import math
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pandas as pd

from jeugdhulpmonitor import aggregates
from jeugdhulpmonitor import selection as selections
from jeugdhulpmonitor.aggregates import Aggregates
from jeugdhulpmonitor.catalogue import CATALOGUE, LEVEL_WORDS, Catalogue, Indicator
from jeugdhulpmonitor.formatting import NOT_YET_COMPLETE
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import BASELINE_YEAR, Period
from jeugdhulpmonitor.runner import Query, Result, Runner

# Re-exported: selections, scopes and groupings live in selection.py; callers import them here.
from jeugdhulpmonitor.selection import (  # noqa: F401
    EVERYONE,
    GROUP_COLUMNS,
    Scope,
    Selection,
    SelectionConflictError,
    SelectionError,
)
from jeugdhulpmonitor.suppression import identity_key, is_suppressed, noise, perturb, rounded

STATUSES = ("on_track", "behind", "off_track", "not_measurable")
_SCALE = {"percentage": 100.0, "rate_per_1000": 1000.0}
_DECIMALS = {"0,0": 1, "0,0%": 1}  # a catalogue format's decimals (formatting.number); others whole
# Kinds of figure that are, or rest on, counts of people (the cell key method, Engine._protected);
# money, milestones and scores are not counts and stay as computed.
PROTECTED_KINDS = ("count", "days", "percentage", "rate_per_1000", "change_vs_baseline", "median_days")
MEMO_SIZE = 4096  # direct answers an engine keeps (Engine._direct); each is a few rows
OUTSIDE_SCOPE_NOTE = "niet beschikbaar: de regio valt maar voor een deel binnen uw toegang"
BASELINE_SUPPRESSED_NOTE = "nulmeting 2026, doelpad en status niet getoond: de nulmeting rust op minder dan 10 personen"


@dataclass
class Figure:
    indicator: str
    period: str
    region_code: str | None = None
    municipality_code: str | None = None
    area_code: str | None = None
    provider_id: str | None = None
    theme: str | None = None
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    suppressed: bool = False
    per_1000: bool = False  # a count shown as a rate per 1,000 young people (compute's per_1000)
    basis: float | None = None
    measured_period: str | None = None
    baseline: float | None = None
    baseline_suppressed: bool = False  # the baseline rests on a small count: hidden, and so is what derives from it
    target_2028: float | None = None
    target_2034: float | None = None
    target_path: float | None = None
    distance: float | None = None
    status: str = "not_measurable"
    milestone_date: date | None = None
    milestone_late: bool | None = None
    note: str | None = None
    # The level at which the figure was asked and does not exist ("provider"; issue 28): its
    # value is None, never another level's figure, and `note` says why.
    not_known_at: str | None = None
    query: str | None = None
    params: dict = field(default_factory=dict, repr=False)
    data_version: str | None = None
    # The cell keys of value, numerator and denominator (suppression.py); never shown.
    keys: dict = field(default_factory=dict, repr=False)

    def copy(self) -> Figure:
        """A shallow copy (the engine copies every protected figure it hands out; copy.copy's
        generic path cost more than the protection itself)."""
        new = object.__new__(Figure)
        new.__dict__.update(self.__dict__)
        return new

    @property
    def group_key(self) -> str | None:
        return next((getattr(self, c) for c in GROUP_COLUMNS.values() if getattr(self, c) is not None), None)

    def contract_row(self) -> dict:
        """The fields of CONTRACT.md §4 plus the project's additions (status and path)."""
        d = asdict(self)
        for k in ("params", "basis", "query", "data_version", "keys"):
            d.pop(k)
        return d


def _num(x):
    """A value read from DuckDB (a frame's or a record's) as a plain number, date or None."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, datetime):  # also pd.Timestamp
        return x.date()
    if isinstance(x, Decimal):
        return float(x)
    return x.item() if hasattr(x, "item") else x


class Engine:
    def __init__(
        self,
        runner: Runner,
        catalogue: Catalogue | None = None,
        scope: Scope = EVERYONE,
        use_aggregates: bool = True,
    ):
        self.runner = runner
        # The engine owns the version's pre-aggregated rows (aggregates.py): they answer
        # whole-scope selections, and a restricted scope's where it does not cut into a group.
        stored = use_aggregates and runner.extract.managed
        self.aggregates = Aggregates.open(runner.extract.path) if stored else None
        # A figure computed from a table this delivery lacks is read as delivered (or_delivered).
        self.catalogue = (catalogue or CATALOGUE()).for_tables(runner.available)
        self.scope = scope
        self.protect = True  # every figure passes suppression.py; only unprotected() turns it off
        self._compared = None
        self._periods_of: dict[str, list[Period]] = {}
        self._measured_of: dict[tuple[str, Period], Period | None] = {}
        self._facts: dict[str, dict] = {}  # summary() and table_rows(), shared by within()'s copies
        self._memo: dict[tuple, tuple[dict, Result] | dict] = {}
        self.providers = self._providers()
        self.last_date = _num(self.runner.run("last_date").frame.iloc[0, 0])

    # --- facts about the loaded data -----------------------------------------------------
    def _providers(self) -> dict[str, tuple[str, str]]:
        frame = self.runner.run("provider_list", scope_providers=self.scope.scope_providers()).frame
        return {r.provider_id: (r.name, r.region_code) for r in frame.itertuples()}

    def summary(self) -> dict:
        """Counts and dates of the whole data, asked once per engine (a version never changes;
        counting distinct young people takes a quarter of a second at national scale)."""
        if "summary" not in self._facts:
            row = self.runner.run("data_summary").frame.iloc[0]
            self._facts["summary"] = {k: _num(v) for k, v in row.items()} | {"last_date": self.last_date}
        return dict(self._facts["summary"])

    def table_rows(self) -> dict[str, int]:
        if "table_rows" not in self._facts:
            frame = self.runner.run("table_rows").frame
            available = self.runner.available
            self._facts["table_rows"] = {
                r.table_name: int(r.row_count) for r in frame.itertuples() if r.table_name in available
            }
        return dict(self._facts["table_rows"])

    # --- selection -> bound parameters (selection.py) -------------------------------------
    def params(self, selection: Selection, by: str | None, period: Period) -> dict:
        return selections.params(selection, by, period, self.scope)

    def groups(self, selection: Selection, by: str | None) -> list[str | None]:
        """Every group of the selection, so that a group without data still gets a row."""
        return selections.groups(selection, by, self.providers, self.scope)

    # --- computing -----------------------------------------------------------------------
    def compute(
        self,
        indicator_ids,
        period: Period | str,
        selection: Selection = Selection(),
        by: str | None = None,
        per_1000: bool = False,
    ) -> list[Figure]:
        """Figures per group, protected (suppression.py) unless this is the data team's
        `unprotected()` engine. `per_1000` turns counts of young people into rates per 1,000 of the
        youth population (for comparing municipalities of different size); such a rate has no
        target, since the catalogue's targets are in the indicator's own unit."""
        period = Period.parse(period) if isinstance(period, str) else period
        selection = selection.check(self.providers)
        idents = [indicator_ids] if isinstance(indicator_ids, str) else list(indicator_ids)
        if not self._partial(selection, by):
            own = [
                i
                for i in map(self._indicator, idents)
                if not self._comparison(i, selection, by, per_1000 and per_1000_allowed(i))
                and not_known_at(i, selection, by) is None
                and as_asked(i, selection) == selection
            ]
            self._prefetch_delivered(own, period, selection, by)
            judged = [i for i in own if i.baseline.rule not in ("fixed", "none")]
            self._prefetch_delivered(judged, period.baseline, selection, by)
        figures, asked = [], selection
        for ident in idents:
            ind, selection = self._indicator(ident), asked
            rate = per_1000 and per_1000_allowed(ind)
            missing = not_known_at(ind, selection, by)
            if missing is not None:  # never another level's figure under this selection
                for key in self.groups(selection, by):
                    fig = self._empty(ind, period, key, by, value=False)
                    fig.not_known_at, fig.note, fig.per_1000 = missing, not_known_note(ind, missing), rate
                    figures.append(fig)
                continue
            selection = as_asked(ind, asked)
            if self._comparison(ind, selection, by, rate):
                figures += self.compared().compute(ident, period, selection, by, per_1000)
                continue
            if self._partial(selection, by):  # the scope's part would pass for the whole region
                for key in self.groups(selection, by):
                    figures.append(replace(self._empty(ind, period, key, by, value=False), note=OUTSIDE_SCOPE_NOTE))
                continue
            current = self._raw(ind, period, selection, by, rate, self.protect)
            baseline = self._baseline(ind, period, selection, by, rate, self.protect)
            for key in self.groups(selection, by):
                # A copy: the cells of `_raw` may be remembered, and this fills in baseline and status.
                fig = current[key].copy() if key in current else self._empty(ind, period, key, by)
                fig.baseline, fig.baseline_suppressed = baseline.get(key, (None, False))
                fig.per_1000 = rate
                self._judge(ind, period, selection, fig, self.protect, rate)
                figures.append(fig)
        return figures

    # --- a restricted scope's comparisons (Scope.comparison) --------------------------------
    def _comparison(self, ind: Indicator, selection: Selection, by, rate: bool) -> bool:
        """Whether a question is one the scope's comparison allows: the comparison's region as a
        whole, or per municipality as a rate or percentage (never a count of young people)."""
        wide = self.scope.comparison
        if wide is None or selection.region is None:
            return False
        bare = selection == Selection(region=selection.region)
        region = set(GEO().municipalities_of(selection.region))
        relative = rate or ind.kind in ("rate_per_1000", "percentage")
        return bare and region <= set(wide) and (by is None or (by == "municipality" and relative))

    def _partial(self, selection: Selection, by) -> bool:
        """A region-wide question (not per municipality or area) of which a restricted scope
        holds only some municipalities, and which its comparison does not answer."""
        inside = self.scope.municipalities
        if inside is None or selection.region is None or selection.municipalities or selection.area:
            return False
        region = set(GEO().municipalities_of(selection.region))
        return by not in ("municipality", "area") and not region <= set(inside)

    def compared(self) -> Engine:
        """This engine with the comparison's wider scope (same stored answers, same data)."""
        if self.scope.comparison is None:
            return self
        if getattr(self, "_compared", None) is None:
            self._compared = self.within(Scope(municipalities=self.scope.comparison, providers=self.scope.providers))
        return self._compared

    def unprotected(self) -> Engine:
        """This engine without the protection of small counts (no "<10", no noise): the true
        figures, for the data team's audited `figures --unsuppressed` and for the tests of the
        definitions. No page, download or document is made from it; nothing else turns it off."""
        if not self.protect:
            return self
        bare = copy.copy(self)
        bare.protect, bare._compared = False, None
        return bare

    def within(self, scope: Scope) -> Engine:
        """This engine for a person's scope: the same data and stored answers, that scope's rows."""
        if scope == self.scope:
            return self
        scoped = copy.copy(self)
        scoped.scope, scoped._compared = scope, None
        scoped.providers = scoped._providers()
        return scoped

    def series(
        self,
        indicator_id: str,
        periods: list[Period],
        selection: Selection = Selection(),
        by: str | None = None,
    ) -> list[Figure]:
        return [f for p in periods for f in self.compute(indicator_id, p, selection, by)]

    def _indicator(self, ident: str) -> Indicator:
        if ident not in self.catalogue:
            raise SelectionError(f"onbekende indicator {ident!r}")
        return self.catalogue[ident]

    def _empty(self, ind: Indicator, period: Period, key, by, value: bool = True) -> Figure:
        fig = Figure(ind.id, str(period), data_version=self.runner.data_version)
        if by:
            setattr(fig, GROUP_COLUMNS[by], key)
        if value and ind.kind in ("count", "days") and ind.from_flows:
            fig.value, fig.basis = 0, 0  # no trajectories in the group: nobody
        return fig

    def _run(self, name: str, period: Period, selection: Selection, by, **extra) -> tuple[dict, Result]:
        # Remembered per question, as _direct remembers per bound query: a page asks the same
        # stored answer for a figure, its baseline, its trend and the next indicator of a query.
        asked = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in extra.items())
        memo_key = ("run", self.scope, name, period, selection, by, asked)
        found = self._memo.get(memo_key)
        if found is None:
            params, found = self._stored(name, period, selection, by, extra)
            if found is None:
                found = self._direct(name, params)
            self._remember(memo_key, found)
        return found

    def _stored(self, name: str, period: Period, selection: Selection, by, extra: dict):
        """The query's parameters, and its stored rows with their provenance (None: not stored)."""
        if self.aggregates is not None:
            # A filter the query binds no parameter for cannot change its answer (the money's
            # theme, the budget's and population's provider): asked without it, it is a stored
            # lookup. The population also groups by provider and theme as one group.
            named = Query.load(name).params
            if "themes" not in named:
                selection = replace(selection, theme=None)
            if "providers" not in named and "scope_providers" not in named:
                selection = replace(selection, provider=None)
            if name == "population":
                by = None if by in ("provider", "theme") else by
        params = self.params(selection, by, period) | extra
        stored = (
            self.aggregates.answer(aggregates.key(name, extra), period, selection, by, self.scope)
            if self.aggregates
            else None
        )
        if stored is None:
            return params, None
        bound = Query.load(name).bind(params) | {"pre_aggregated": aggregates.FILE}
        return params, (stored, Result(None, name, bound, self.runner.data_version))

    @staticmethod
    def _memo_key(name: str, params: dict) -> tuple:
        bound = Query.load(name).bind(params)
        return (name, *((k, tuple(v) if isinstance(v, list) else v) for k, v in bound.items()))

    def _direct(self, name: str, params: dict) -> tuple[dict, Result]:
        """A query's rows per group, run once per engine for the same bound parameters (the
        version's data does not change under it): a figure's baseline, a second indicator of
        the same query and the population of every rate ask the same question again. The rows
        are shared, so callers only read them."""
        memo_key = self._memo_key(name, params)
        found = self._memo.get(memo_key)
        if found is not None:
            return found
        records, result = self.runner.records(name, **params)
        rows = {r["group_key"]: {k: _num(v) for k, v in r.items()} for r in records}
        self._remember(memo_key, (rows, result))
        return rows, result

    def _remember(self, memo_key: tuple, answer) -> None:
        if len(self._memo) >= MEMO_SIZE:
            self._memo.clear()  # bounded: a long-running engine starts afresh rather than grow
        self._memo[memo_key] = answer

    def _raw(
        self, ind: Indicator, period: Period, selection: Selection, by, per_1000: bool = False, protect: bool = True
    ) -> dict:
        """Value, numerator and denominator per group, before baseline, path and the small-count
        rule; `protect`: as anyone may see them (the cell key method, `_protected`). The figures
        may be shared with later callers: read them, or copy before filling them in."""
        if not protect or not ind.about_people or (ind.kind not in PROTECTED_KINDS and not per_1000):
            return self._unprotected(ind, period, selection, by, per_1000)
        # The protected cells are remembered like the answers they come from: a page asks the
        # same cells again for baselines and trends, and the next page for the same selection.
        memo_key = ("protected", self.scope, ind.id, period, selection, by, per_1000)
        found = self._memo.get(memo_key)
        if found is None:
            raw = self._unprotected(ind, period, selection, by, per_1000)
            found = {key: self._protected(ind, fig, selection, per_1000) for key, fig in raw.items()}
            self._remember(memo_key, found)
        return found

    def _unprotected(self, ind: Indicator, period: Period, selection: Selection, by, per_1000: bool) -> dict:
        if not ind.from_flows:
            return self._delivered(ind, period, selection, by)
        rows, result = self._run(ind.source, period, selection, by)
        out = {}
        if ind.denominator is not None or per_1000:
            # A ratio of two figures: the source's value over the population's (per 1,000 young
            # inhabitants) or over another query's (complaints per 1,000 young people in care).
            over = "population" if per_1000 else ind.denominator
            scale = 100.0 if ind.kind == "percentage" and not per_1000 else 1000.0
            dens, _ = self._run(over, period, selection, by)
            for key in set(rows) | set(dens):
                # The population is one figure for every provider and theme (asked without them).
                den_row = dens.get(key) or (dens.get(None) if over == "population" else None) or {}
                num, den = (rows.get(key) or {}).get("value") or 0, den_row.get("value")
                out[key] = self._figure(
                    ind,
                    period,
                    key,
                    by,
                    result,
                    value=scale * num / den if den else None,
                    numerator=num,
                    denominator=den,
                    basis=num,
                    keys={"numerator": (rows.get(key) or {}).get("value_key"), "denominator": den_row.get("value_key")},
                )
            return out
        if ind.kind == "change_vs_baseline":
            base, _ = self._run(ind.source, period.baseline, selection, by)
            for key in set(rows) | set(base):
                cur = (rows.get(key) or {}).get("value") or 0
                ref = (base.get(key) or {}).get("value") or 0
                basis = min((rows.get(key) or {}).get("basis") or 0, (base.get(key) or {}).get("basis") or 0)
                out[key] = self._figure(
                    ind,
                    period,
                    key,
                    by,
                    result,
                    value=100.0 * (cur - ref) / ref if ref else None,
                    numerator=cur,
                    denominator=ref,
                    basis=basis,
                    keys={
                        "numerator": (rows.get(key) or {}).get("value_key"),
                        "denominator": (base.get(key) or {}).get("value_key"),
                    },
                )
            return out
        for key, r in rows.items():
            out[key] = self._figure(
                ind,
                period,
                key,
                by,
                result,
                value=r["value"],
                numerator=r["numerator"],
                denominator=r["denominator"],
                basis=r["basis"],
                keys={k: r.get(f"{k}_key") for k in ("value", "numerator", "denominator")},
            )
        return out

    def _protected(self, ind: Indicator, fig: Figure, selection: Selection, per_1000: bool) -> Figure:
        """The figure as anyone may see it (suppression.py, the cell key method): every count of
        people moved by its cell key's noise, and what rests on counts (a rate, percentage,
        change against 2026, days) made from the moved counts and rounded as the screen shows
        it, so no view, period or subtraction gives a true count back, and no download holds
        more precision than the screen. The true counts stay in `basis` for the small-count
        rule, which the noise never crosses (a shown count stays at or above the threshold).
        `fig` is the engine's own, made for this call by `_unprotected`: it is changed in place."""
        keys = fig.keys
        if not ind.from_flows:  # delivered as aggregates: no people to take keys from
            # The cell as it is, however it was asked (Aalsmeer, or the region's row for Aalsmeer).
            municipalities = (fig.municipality_code,) if fig.municipality_code else selection.municipalities
            where = (
                ind.id,
                fig.measured_period,
                fig.region_code or selection.region,
                municipalities,
                fig.area_code or selection.area,
                fig.provider_id or selection.provider,
                fig.theme or selection.theme,
            )
            keys = {part: identity_key(*where, part) for part in ("value", "numerator", "denominator")}
        kind = "rate_per_1000" if per_1000 else ind.kind
        decimals = 1 if per_1000 else _DECIMALS.get(ind.format, 0)
        if kind == "count":
            fig.value = perturb(fig.value, keys.get("value"))
        elif kind == "days" and fig.value is not None and fig.basis:
            fig.value = round(fig.value + noise(round(fig.basis), keys.get("value")) * fig.value / fig.basis)
        elif kind in ("percentage", "rate_per_1000", "change_vs_baseline") and fig.numerator is not None:
            part_of_whole = kind == "percentage" and fig.denominator is not None and fig.numerator <= fig.denominator
            fig.numerator = perturb(fig.numerator, keys.get("numerator"))
            # The youth population, a rate's usual denominator, is public; young people in care are not.
            if kind != "rate_per_1000" or (not per_1000 and ind.denominator not in (None, "population")):
                fig.denominator = perturb(fig.denominator, keys.get("denominator"))
            if part_of_whole:  # two independent noises must not make a part larger than its whole (111 %)
                fig.numerator = min(fig.numerator, fig.denominator)
            fig.value = self._ratio(ind, kind, fig.numerator, fig.denominator)
        elif kind == "median_days":
            fig.denominator = perturb(fig.denominator, keys.get("denominator"))
        if isinstance(fig.value, int):  # a whole count is as shown already (as a float, like a rounded ratio)
            fig.value = float(fig.value)
        elif fig.value is not None:
            fig.value = rounded(fig.value, decimals)
        return fig

    def _ratio(self, ind: Indicator, kind: str, numerator, denominator):
        """A ratio made again from its (moved) numerator and denominator."""
        if not denominator:
            return None
        if kind == "change_vs_baseline":
            return 100.0 * (numerator - denominator) / denominator
        scale = 1000.0 if kind == "rate_per_1000" and ind.from_flows else self.scale(ind)
        return scale * numerator / denominator

    def _delivered(self, ind: Indicator, period: Period, selection: Selection, by) -> dict:
        """A theme indicator: the delivered period itself, or the latest one before its end."""
        measured = self._measured(ind, period)
        if measured is None:
            return {}
        rows, result = self._run("theme_indicator", measured, selection, by, **self._delivered_ask([(ind, measured)]))
        out = {}
        for key, r in rows.items():
            fig = self._figure(
                ind,
                period,
                key,
                by,
                result,
                value=r["value"],
                numerator=r["numerator"],
                denominator=r["denominator"],
                basis=r["basis"],
            )
            fig.measured_period = str(measured)
            if ind.kind == "milestone":
                # Reached after the period shown is not reached yet at that period.
                reached = r["milestone_date"]
                fig.milestone_date = reached if reached is not None and reached <= period.end else None
                fig.value = 1.0 if fig.milestone_date is not None else 0.0
            out[key] = fig
        return out

    def _measured(self, ind: Indicator, period: Period) -> Period | None:
        """The delivered period a figure for `period` shows: that period, else the latest before its end."""
        key = (ind.id, period)
        if key not in self._measured_of:  # fixed per data version; a page asks it per figure
            candidates = [p for p in self._delivered_periods(ind.id) if p.end <= period.end]
            self._measured_of[key] = period if period in candidates else (candidates[-1] if candidates else None)
        return self._measured_of[key]

    def _delivered_ask(self, asked: list[tuple[Indicator, Period]]) -> dict:
        """queries/theme_indicator.sql's lists for these indicators, each at its measured period;
        `indicator_id` names the stored answer of a single one (aggregates.key)."""
        single = {"indicator_id": asked[0][0].id} if len(asked) == 1 else {}
        return single | {
            "indicator_ids": [ind.id for ind, _p in asked],
            "period_codes": [str(p) for _i, p in asked],
            "scales": [self.scale(ind) for ind, _p in asked],
            "default_regions": [ind.regions[0] for ind, _p in asked],
        }

    def _prefetch_delivered(self, inds: list[Indicator], period: Period, selection: Selection, by) -> None:
        """Every delivered indicator of one question that the stored rows do not answer, in one
        query: on the direct path one query per indicator cost more in planning than its rows
        did in reading (40 indicators on Thema's). Each indicator's rows are kept as the answer
        to its own question, with the shared query as their provenance."""
        asks = {}  # indicator id -> ((indicator, measured period), its own question's memo key)
        for ind in inds:
            measured = None if ind.from_flows else self._measured(ind, period)
            if measured is None or ind.id in asks:
                continue
            params, stored = self._stored(
                "theme_indicator", measured, selection, by, self._delivered_ask([(ind, measured)])
            )
            memo_key = self._memo_key("theme_indicator", params)
            if stored is None and memo_key not in self._memo:
                asks[ind.id] = ((ind, measured), memo_key)
        if len(asks) < 2:
            return
        batch = self.params(selection, by, period) | self._delivered_ask([a for a, _k in asks.values()])
        records, result = self.runner.records("theme_indicator", **batch)
        rows = {ind_id: {} for ind_id in asks}
        for r in records:
            rows[r["indicator_id"]][r["group_key"]] = {k: _num(v) for k, v in r.items()}
        for ind_id, (_asked, memo_key) in asks.items():
            self._remember(memo_key, (rows[ind_id], result))

    def _delivered_periods(self, indicator_id: str) -> list[Period]:
        """The periods delivered for an indicator, in order of their end (fixed for the engine's
        data version, so parsed and sorted once: every figure of the indicator asks). The first
        ask reads every delivered indicator of the catalogue in one query, not one each."""
        if indicator_id not in self._periods_of:
            ids = sorted({ind.id for ind in self.catalogue.values() if not ind.from_flows} | {indicator_id})
            frame = self.runner.run("theme_indicator_periods", indicator_ids=ids).frame
            found = dict(zip(frame["indicator_id"], frame["periods"], strict=True))
            for ind_id in ids:
                periods = map(Period.parse, found.get(ind_id, []))
                self._periods_of[ind_id] = sorted(periods, key=lambda p: (p.end, p.start))
        return self._periods_of[indicator_id]

    @staticmethod
    def scale(ind: Indicator) -> float:
        """A delivered ratio is shown x100 (percentage) or x1000 (rate), else as delivered."""
        return _SCALE.get(ind.kind, 1.0)

    def _figure(self, ind, period, key, by, result, **values) -> Figure:
        fig = Figure(
            ind.id, str(period), query=result.query, params=result.params, data_version=result.data_version, **values
        )
        if by:
            setattr(fig, GROUP_COLUMNS[by], key)
        return fig

    def _baseline(
        self, ind: Indicator, period: Period, selection: Selection, by, per_1000: bool = False, protect: bool = True
    ) -> dict:
        """Per group the baseline and whether the small-count rule hides it (judged exactly as
        the figure itself would be in 2026, and protected as it would be)."""
        if ind.baseline.rule == "fixed" and not per_1000:
            return {k: (ind.baseline.value, False) for k in self.groups(selection, by)}
        if ind.baseline.rule == "none":
            return {}
        raw = self._raw(ind, period.baseline, selection, by, per_1000, protect)
        return {k: (f.value, self._small(ind, f, per_1000)) for k, f in raw.items()}

    @staticmethod
    def _judged_year(fig: Figure, period: Period) -> int:
        return Period.parse(fig.measured_period).year if fig.measured_period else period.year

    @staticmethod
    def _small(ind: Indicator, fig: Figure, per_1000: bool) -> bool:
        """Whether the one small-count rule (suppression.py) hides this figure."""
        kind = "rate_per_1000" if per_1000 else ind.kind
        return ind.about_people and is_suppressed(kind, fig.value, fig.numerator, fig.denominator, fig.basis)

    # --- baseline, target path and status --------------------------------------------------
    def _targets(self, ind: Indicator, selection: Selection, key) -> dict:
        for code in (key, selection.area, *selection.municipalities):
            if code is not None and code in ind.overrides:
                return ind.overrides[code]
        return ind.targets

    @staticmethod
    def _resolve(target, baseline):
        if isinstance(target, str):
            if baseline is None:
                return None
            return baseline * (1 + float(target.rstrip("%")) / 100)
        return float(target)

    def _judge(
        self, ind: Indicator, period: Period, selection: Selection, fig: Figure, suppress: bool, per_1000: bool = False
    ) -> None:
        # Judged by the framework of the figure's region: IJmond/Zuid-Kennemerland's KPIs by its
        # own targets, never by Amsterdam-Amstelland's (issue 28, item 9).
        ind = self.catalogue.in_region(ind, region_of(selection, fig.region_code, self.providers))
        if (
            ind.measurable_after_days
            and self.last_date is not None
            and (period.end + timedelta(days=ind.measurable_after_days) > self.last_date)
        ):
            fig.value = fig.numerator = fig.denominator = None
            fig.note = f"{NOT_YET_COMPLETE}: pas {ind.measurable_after_days} dagen na het einde van de periode"
        if suppress and self._small(ind, fig, per_1000):
            fig.suppressed = True
            fig.value = fig.numerator = fig.denominator = None
        if not suppress:
            fig.baseline_suppressed = False
        elif fig.baseline_suppressed:
            # A target stated relative to the baseline, the path and the distance would give the
            # hidden baseline back, so they go too; without a path there is no status.
            fig.baseline = None
            fig.note = "; ".join(filter(None, [fig.note, BASELINE_SUPPRESSED_NOTE]))
        if ind.status.rule == "milestone":
            due = ind.status.due
            reached = fig.milestone_date
            fig.milestone_late = (reached > due) if reached else (period.end >= due)
            fig.status = (
                ("behind" if fig.milestone_late else "on_track")
                if reached
                else ("off_track" if fig.milestone_late else "not_measurable")
            )
            return
        if ind.status.rule == "ceiling":
            if per_1000 or fig.value is None or self._judged_year(fig, period) <= BASELINE_YEAR:
                return
            fig.target_path = ind.status.limit  # a limit that holds every year, not a path toward a target
            fig.status, fig.distance = path_status(ind.direction, fig.value, fig.target_path, ind.status.tolerance)
            return
        targets = {} if per_1000 else self._targets(ind, selection, fig.group_key)
        if 2028 in targets:
            fig.target_2028 = self._resolve(targets[2028], fig.baseline)
            fig.target_2034 = self._resolve(targets[2034], fig.baseline)
            # A value measured in an earlier period is judged against the path of that period.
            fig.target_path = path_value(fig.baseline, fig.target_2028, fig.target_2034, self._judged_year(fig, period))
        if ind.status.rule != "target_path":
            return
        if fig.value is None or fig.target_path is None or self._judged_year(fig, period) <= BASELINE_YEAR:
            fig.status = "not_measurable"
            return
        fig.status, fig.distance = path_status(ind.direction, fig.value, fig.target_path, ind.status.tolerance)


def region_of(selection: Selection, group_region: str | None = None, providers: dict | None = None) -> str | None:
    """The one region a figure is about (a group's, or the selection's by its region,
    municipalities, area or provider), or None for several or all regions."""
    geo = GEO()
    if group_region is not None or selection.region is not None:
        return group_region or selection.region
    found = {geo.municipalities[m].region for m in selection.municipalities}
    if selection.area is not None:
        found.add(geo.areas[selection.area].region)
    if selection.provider is not None and providers and selection.provider in providers:
        found.add(providers[selection.provider][1])
    return found.pop() if len(found) == 1 else None


def not_known_at(ind: Indicator, selection: Selection, by: str | None) -> str | None:
    """The first level a question asks that the indicator does not exist at (catalogue
    `levels`), or None. A theme filter or grouping equal to the indicator's own theme is its
    label, not a filter: a delivered theme-B indicator is known for theme B (issue 28)."""
    known = ind.known_at()
    asked = [
        ("municipality", bool(selection.municipalities)),
        ("area", selection.area is not None),
        ("provider", selection.provider is not None),
        ("theme", selection.theme is not None and selection.theme != ind.theme),
        ("municipality", by == "municipality"),
        ("area", by == "area"),
        ("provider", by == "provider"),
        ("theme", by == "theme"),
    ]
    return next((level for level, asks in asked if asks and level not in known), None)


def as_asked(ind: Indicator, selection: Selection) -> Selection:
    """The selection an indicator is computed for: a theme filter equal to the theme of an
    indicator not known per theme is its label, not a filter, so it is dropped and "thema B"
    gives the region's theme-B figure, the same cell (and noise) as without it (issue 28)."""
    if selection.theme is not None and selection.theme == ind.theme and "theme" not in ind.known_at():
        return replace(selection, theme=None)
    return selection


def not_known_note(ind: Indicator, level: str) -> str:
    """Why a figure is not known at a level, in Dutch: what it is known for instead."""
    where = {
        "region": "voor de regio",
        "municipality": "per gemeente",
        "area": "per gebied",
        "provider": "per aanbieder",
        "theme": "per thema",
    }
    known = [where[k] for k in ind.known_at()]
    listed = " en ".join(filter(None, [", ".join(known[:-1]), known[-1]]))
    source = "aangeleverd" if not ind.from_flows else "berekend"
    return f"niet bekend per {LEVEL_WORDS[level]}: {ind.name} wordt alleen {listed} {source}"


def per_1000_allowed(ind: Indicator) -> bool:
    """Counts of young people from the flows can be shown per 1,000 of the youth population."""
    return ind.kind == "count" and ind.from_flows


def path_status(direction: str, value: float, path: float, tolerance: float | str) -> tuple[str, float]:
    """Status and distance to the path (positive: ahead of it, in the indicator's unit).

    On track at or ahead of the path; behind when worse by at most the tolerance (a number in
    the indicator's unit, or "N%" of the path value); off track beyond that.
    """
    distance = (value - path) if direction == "higher_is_better" else (path - value)
    if isinstance(tolerance, str):
        tolerance = abs(path) * float(tolerance.rstrip("%")) / 100
    status = "on_track" if distance >= 0 else "behind" if distance >= -float(tolerance) else "off_track"
    return status, distance


def path_value(baseline, t2028, t2034, year: int):
    """The target path: the 2026 baseline, linear to the 2028 target, then linear to 2034."""
    if baseline is None or t2028 is None or t2034 is None:
        return None
    if year <= BASELINE_YEAR:
        return baseline
    if year <= 2028:
        return baseline + (t2028 - baseline) * (year - BASELINE_YEAR) / (2028 - BASELINE_YEAR)
    if year <= 2034:
        return t2028 + (t2034 - t2028) * (year - 2028) / (2034 - 2028)
    return t2034
