"""The indicator catalogue (config/catalogue.yaml): declared once, validated on load."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from jeugdhulpmonitor import CONFIG_DIR, QUERIES_DIR
from jeugdhulpmonitor.contract import TABLES
from jeugdhulpmonitor.geography import GEO

Kind = Literal[
    "count",
    "rate_per_1000",
    "percentage",
    "change_vs_baseline",
    "median_days",
    "days",
    "amount",
    "milestone",
    "score",
]
Level = Literal["outcome_2050", "doel_2034", "ajh_2028", "kritische_succesfactor"]
Steering = Literal["budget", "information", "client_flows", "content", "quality"]
# The levels at which a figure can be known (issue 28): for the whole region, per municipality,
# per area, for one provider's trajectories or money, for the trajectories of one theme.
KnownAt = Literal["region", "municipality", "area", "provider", "theme"]
KNOWN_AT = ("region", "municipality", "area", "provider", "theme")
# "n.v.t. per aanbieder": the Dutch word of each level, for marks and notes.
LEVEL_WORDS = {
    "region": "regio",
    "municipality": "gemeente",
    "area": "gebied",
    "provider": "aanbieder",
    "theme": "thema",
}
THEME_SOURCE = "theme_indicators"
_RELATIVE = re.compile(r"^[+-]\d+(\.\d+)?%$")

LEVEL_LABELS = {
    "outcome_2050": "Outcome 2050",
    "doel_2034": "Doel AJH 2034",
    "ajh_2028": "AJH 2028",
    "kritische_succesfactor": "Kritische succesfactoren",
}
STEERING_LABELS = {
    "budget": "1. Budget en eindejaarsprognose",
    "information": "2. Tijdigheid en volledigheid van informatie",
    "client_flows": "3. Cliëntaantallen en cliëntstromen",
    "content": "4. Inhoudelijke en transformatiedoelen",
    "quality": "5. Kwaliteit van zorg",
}
THEME_LABELS = {
    "A": "A. Inclusief onderwijs en kinderopvang",
    "B": "B. Creëren/stabiliseren van een thuissituatie",
    "C": "C. Het kind met zijn eigen uitdagingen in zijn eigen netwerk",
    "D": "D. Jeugdigen met en slachtoffers van crimineel gedrag",
}


class CatalogueError(ValueError):
    """The catalogue is malformed; the message names the entry."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Baseline(_Strict):
    rule: Literal["same_span_2026", "fixed", "none"]
    value: float | None = None

    @model_validator(mode="after")
    def _fixed_has_value(self):
        if (self.rule == "fixed") != (self.value is not None):
            raise ValueError("a fixed baseline needs a value, and only a fixed one")
        return self


class Status(_Strict):
    # ceiling (issue 28, item 9): a limit that holds every year, such as IJmond/Zuid-Kennemerland's
    # "not more than the budget"; on track at or below it, off track above it (beyond the tolerance).
    rule: Literal["target_path", "milestone", "ceiling", "none"]
    tolerance: float | str = 0.0
    due: date | None = None
    limit: float | None = None

    @model_validator(mode="after")
    def _ceiling_has_limit(self):
        if (self.rule == "ceiling") != (self.limit is not None):
            raise ValueError("status rule ceiling needs a limit, and only a ceiling has one")
        return self

    @field_validator("tolerance")
    @classmethod
    def _tolerance_form(cls, v):
        if isinstance(v, str) and not re.match(r"^\d+(\.\d+)?%$", v):
            raise ValueError(f"tolerance {v!r} must be a number or 'N%'")
        return v


Target = float | str


def _check_targets(v: dict) -> dict:
    for year, t in v.items():
        if year not in (2028, 2034):
            raise ValueError(f"targets are for 2028 and 2034, not {year}")
        if isinstance(t, str) and not _RELATIVE.match(t):
            raise ValueError(f"target {t!r} must be a number or '+N%' / '-N%'")
    return v


class Framework(_Strict):
    """A region whose steering framework is a set of KPIs rather than themes A-D (issue 28,
    item 9): its name, where it comes from (Dutch, shown on the pages) and its KPI groups in the
    order the pages show them. Such a region judges an indicator only by the indicator's own
    `kpi` entry for it; without one the indicator is followed there, not judged."""

    name: str
    source: str
    groups: dict[str, str]  # key -> Dutch label
    no_target: str  # what a page says of an indicator the framework sets no target for


class Kpi(_Strict):
    """An indicator as a KPI of one region's framework: its group there, its targets and status
    rule there (none: followed, not judged), and `basis`, where the target comes from (a quote)
    or why there is none (Dutch, shown beside the figure)."""

    group: str
    basis: str
    targets: dict[int, Target] = Field(default_factory=dict)
    status: Status = Status(rule="none")

    @field_validator("targets")
    @classmethod
    def _target_years(cls, v):
        return _check_targets(v)


class Delivered(_Strict):
    """A figure computed from an optional table that deliveries without that table may deliver
    themselves in theme_indicators, as they could before it was computed (CONTRACT.md: a delivery
    that was valid stays valid and means what it meant). `levels`: where those rows exist."""

    without: str  # the optional table (contract.TABLES) whose absence makes the rows count
    levels: tuple[KnownAt, ...]

    @field_validator("without")
    @classmethod
    def _optional_table(cls, v):
        if v not in TABLES or TABLES[v].required:
            raise ValueError(f"without {v!r}: not an optional table of the contract")
        return v


class Indicator(_Strict):
    id: str
    name: str
    explanation: str
    # None: every region of config/geography.yaml (with themes, for a theme's indicator); see load().
    regions: tuple[str, ...] | None = None
    theme: Literal["A", "B", "C", "D"] | None = None
    level: Level | None = None
    steering: tuple[Steering, ...] = ()
    outcome_in_zicht: bool = False
    kind: Kind
    format: Literal["0", "0,0", "0,0%", "€", "€ mln", "datum"]
    direction: Literal["higher_is_better", "lower_is_better", "none"]
    source: str
    # A rate or percentage of two figures: "population" (the youth population, for a rate per
    # 1,000 inhabitants) or another query in queries/ whose value is the denominator (young
    # people in care for complaints per 1,000 clients, the budget for a forecast's share of it).
    denominator: str | None = None
    baseline: Baseline
    targets: dict[int, Target] = Field(default_factory=dict)
    overrides: dict[str, dict[int, Target]] = Field(default_factory=dict)
    status: Status
    measurable_after_days: int = 0
    # False for figures about organisations (a provider's deliveries), which the privacy rule
    # for small counts of young people does not cover.
    about_people: bool = True
    # Where the figure exists (issue 28). None: derived from the source (`default_levels`).
    levels: tuple[KnownAt, ...] | None = None
    # The indicator as a KPI of the frameworks of regions without themes (issue 28, item 9).
    kpi: dict[str, Kpi] = Field(default_factory=dict)
    # Read from theme_indicators instead where the delivery lacks the table it is computed from.
    or_delivered: Delivered | None = None

    @field_validator("targets")
    @classmethod
    def _target_years(cls, v):
        return _check_targets(v)

    @model_validator(mode="after")
    def _consistent(self):
        if self.kind == "rate_per_1000" and self.source != THEME_SOURCE and self.denominator is None:
            raise ValueError("a rate per 1,000 from the flows needs a denominator (population or a query)")
        if self.denominator is not None:
            if self.source == THEME_SOURCE or self.kind not in ("rate_per_1000", "percentage"):
                raise ValueError("a denominator is for a rate per 1,000 or a percentage of two queries")
            if self.denominator != "population" and not (QUERIES_DIR / f"{self.denominator}.sql").exists():
                raise ValueError(f"denominator {self.denominator!r}: no queries/{self.denominator}.sql")
        self._check_status(self.status, self.targets, "status")
        for region, kpi in self.kpi.items():
            self._check_status(kpi.status, kpi.targets, f"kpi {region}: status")
        if self.source != THEME_SOURCE and not (QUERIES_DIR / f"{self.source}.sql").exists():
            raise ValueError(f"source {self.source!r}: no queries/{self.source}.sql")
        if self.or_delivered is not None and self.source == THEME_SOURCE:
            raise ValueError("or_delivered is for a figure computed from a query")
        self._check_levels()
        return self

    def as_delivered(self) -> Indicator:
        """The indicator read from theme_indicators, where its delivery lacks its table."""
        return self.model_copy(update={"source": THEME_SOURCE, "denominator": None, "levels": self.or_delivered.levels})

    def _check_status(self, status: Status, targets: dict, where: str) -> None:
        if status.rule == "target_path" and (set(targets) != {2028, 2034} or self.direction == "none"):
            raise ValueError(f"{where} rule target_path needs targets for 2028 and 2034 and a direction")
        if status.rule == "milestone" and (self.kind != "milestone" or status.due is None):
            raise ValueError(f"{where} rule milestone needs kind milestone and a due date")
        if status.rule == "ceiling" and self.direction != "lower_is_better":
            raise ValueError(f"{where} rule ceiling needs direction lower_is_better")

    def _check_levels(self) -> None:
        if self.levels is None:
            return
        if not self.levels or len(set(self.levels)) != len(self.levels):
            raise ValueError(f"levels {list(self.levels)} must name at least one level, each once")
        if self.from_flows:
            possible = self._from_queries()
            beyond = [level for level in self.levels if level not in possible]
            if beyond:
                raise ValueError(
                    f"levels {beyond} are not known from {self._queries_text()}, which answers "
                    f"per {', '.join(possible)} only"
                )

    @property
    def from_flows(self) -> bool:
        return self.source != THEME_SOURCE

    def known_at(self) -> tuple[str, ...]:
        """The levels at which this figure exists: as declared, else from its source."""
        if self.levels is not None:
            return self.levels
        return self._from_queries() if self.from_flows else default_levels(self.source)

    def _from_queries(self) -> tuple[str, ...]:
        """A figure of two queries exists where both do (the population is every level's)."""
        levels = default_levels(self.source)
        if self.denominator not in (None, "population"):
            other = default_levels(self.denominator)
            levels = tuple(level for level in levels if level in other)
        return levels

    def _queries_text(self) -> str:
        queries = [self.source] + ([self.denominator] if self.denominator not in (None, "population") else [])
        return " and ".join(f"queries/{q}.sql" for q in queries)


@cache  # asked for every figure; a query's text does not change while the process runs
def default_levels(source: str) -> tuple[str, ...]:
    """Where a source's figures exist unless the catalogue says less. A query over the data
    answers for the region, per municipality and per area (every query binds them), and per
    provider or theme when it binds that filter ($providers, $themes): a filter a query binds no
    parameter for cannot change its answer (the budget is the municipalities', not a
    provider's). A delivered indicator exists where its delivery holds rows; without a
    declaration only for the region, the level every delivery can hold."""
    if source == THEME_SOURCE:
        return ("region",)
    text = (QUERIES_DIR / f"{source}.sql").read_text(encoding="utf-8")
    bound = set(re.findall(r"\$([a-z_]+)", text))
    optional = [level for level, param in (("provider", "providers"), ("theme", "themes")) if param in bound]
    return ("region", "municipality", "area", *optional)


class Catalogue(dict[str, Indicator]):
    # Regions whose framework is a set of KPIs (catalogue.yaml `frameworks`), by region code.
    frameworks: dict[str, Framework]

    def in_theme(self, theme: str) -> list[Indicator]:
        return [i for i in self.values() if i.theme == theme]

    def for_steering(self, element: str, region: str | None = None) -> list[Indicator]:
        return [i for i in self.values() if element in i.steering and (region is None or region in i.regions)]

    def for_tables(self, available: set[str]) -> Catalogue:
        """This catalogue for a delivery holding these tables: a figure computed from an optional
        table the delivery lacks is read from its delivered rows instead (`or_delivered`)."""
        swap = {
            i.id: i.as_delivered()
            for i in self.values()
            if i.or_delivered is not None and i.or_delivered.without not in available
        }
        if not swap:
            return self
        out = Catalogue({**self, **swap})
        out.frameworks = self.frameworks
        return out

    def in_region(self, indicator: Indicator | str, region: str | None) -> Indicator:
        """The indicator as the region's framework judges it: a region with a KPI framework by
        the indicator's `kpi` entry for it alone (its targets and status rule; without an entry
        followed, not judged), never by another region's targets (issue 28, item 9)."""
        ind = self[indicator] if isinstance(indicator, str) else indicator
        if region not in self.frameworks:
            return ind
        variants = self.__dict__.setdefault("_in_region", {})  # asked for every figure a page shows
        found = variants.get((ind.id, ind.source, region))
        if found is None:
            own = ind.kpi.get(region)
            targets, status = (own.targets, own.status) if own else ({}, Status(rule="none"))
            found = ind.model_copy(update={"targets": targets, "overrides": {}, "status": status})
            variants[(ind.id, ind.source, region)] = found
        return found

    def target_basis(self, indicator: Indicator | str, region: str | None) -> str | None:
        """Where a region's target for the indicator comes from, or why it has none (Dutch);
        None for a region without a KPI framework (its targets are the catalogue's own)."""
        ind = self[indicator] if isinstance(indicator, str) else indicator
        if region not in self.frameworks:
            return None
        own = ind.kpi.get(region)
        return own.basis if own is not None else self.frameworks[region].no_target

    def kpis(self, region: str) -> list[tuple[str, str, list[Indicator]]]:
        """The region's KPI framework: (group key, Dutch label, its indicators) in the
        framework's order, each group's indicators in catalogue order; empty without one."""
        framework = self.frameworks.get(region)
        if framework is None:
            return []
        return [
            (key, label, [i for i in self.values() if region in i.kpi and i.kpi[region].group == key])
            for key, label in framework.groups.items()
        ]


def load(path: Path = CONFIG_DIR / "catalogue.yaml") -> Catalogue:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = raw["indicators"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise CatalogueError(f"{path.name}: cannot read the catalogue: {exc}") from exc
    catalogue = Catalogue()
    geo = GEO()
    try:
        catalogue.frameworks = {r: Framework(**spec) for r, spec in (raw.get("frameworks") or {}).items()}
        unknown = [r for r in catalogue.frameworks if r not in geo.regions]
        if unknown:
            raise ValueError(f"regions {unknown}: not regions of config/geography.yaml")
    except (ValidationError, TypeError, ValueError, AttributeError) as exc:
        raise CatalogueError(f"{path.name}: frameworks: {exc}") from exc
    every, with_themes = tuple(geo.regions), tuple(c for c, r in geo.regions.items() if r.has_themes)
    for ident, spec in entries.items():
        try:
            ind = Indicator(id=ident, **(spec or {}))
            if ind.regions is None:  # the header's default: every region (whose framework has themes)
                ind = ind.model_copy(update={"regions": with_themes if ind.theme else every})
            unknown = [r for r in ind.regions if r not in geo.regions]
            if unknown or not ind.regions:
                raise ValueError(f"regions {unknown or '[]'}: not regions of config/geography.yaml")
            _check_kpis(ind, catalogue.frameworks)
            catalogue[ident] = ind
        except (ValidationError, TypeError, ValueError) as exc:
            raise CatalogueError(f"{path.name}: indicator {ident!r}: {exc}") from exc
    return catalogue


def _check_kpis(ind: Indicator, frameworks: dict[str, Framework]) -> None:
    """An indicator's KPI entries name regions with a framework that it exists in, and one of
    their groups; targets of its own that no region of it would judge by are an error."""
    for region, kpi in ind.kpi.items():
        if region not in frameworks:
            raise ValueError(f"kpi {region}: not a region with a KPI framework (catalogue.yaml frameworks)")
        if region not in ind.regions:
            raise ValueError(f"kpi {region}: the indicator is not in that region (regions: {list(ind.regions)})")
        if kpi.group not in frameworks[region].groups:
            raise ValueError(f"kpi {region}: group {kpi.group!r} is not one of {list(frameworks[region].groups)}")
    if ind.targets and all(r in frameworks for r in ind.regions):
        raise ValueError(
            "targets that no region judges by: every region of the indicator has a KPI framework, which "
            "sets its targets in the indicator's kpi entry"
        )


@cache
def CATALOGUE() -> Catalogue:  # noqa: N802
    """The bundled catalogue, loaded and validated once per process."""
    return load()
