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
    rule: Literal["target_path", "milestone", "none"]
    tolerance: float | str = 0.0
    due: date | None = None

    @field_validator("tolerance")
    @classmethod
    def _tolerance_form(cls, v):
        if isinstance(v, str) and not re.match(r"^\d+(\.\d+)?%$", v):
            raise ValueError(f"tolerance {v!r} must be a number or 'N%'")
        return v


Target = float | str


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
    denominator: Literal["population"] | None = None
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

    @field_validator("targets")
    @classmethod
    def _target_years(cls, v):
        for year, t in v.items():
            if year not in (2028, 2034):
                raise ValueError(f"targets are for 2028 and 2034, not {year}")
            if isinstance(t, str) and not _RELATIVE.match(t):
                raise ValueError(f"target {t!r} must be a number or '+N%' / '-N%'")
        return v

    @model_validator(mode="after")
    def _consistent(self):
        if self.kind == "rate_per_1000" and self.source != THEME_SOURCE and self.denominator != "population":
            raise ValueError("a rate per 1,000 from the flows needs denominator: population")
        if self.status.rule == "target_path" and (set(self.targets) != {2028, 2034} or self.direction == "none"):
            raise ValueError("status rule target_path needs targets for 2028 and 2034 and a direction")
        if self.status.rule == "milestone" and (self.kind != "milestone" or self.status.due is None):
            raise ValueError("status rule milestone needs kind milestone and a due date")
        if self.source != THEME_SOURCE and not (QUERIES_DIR / f"{self.source}.sql").exists():
            raise ValueError(f"source {self.source!r}: no queries/{self.source}.sql")
        self._check_levels()
        return self

    def _check_levels(self) -> None:
        if self.levels is None:
            return
        if not self.levels or len(set(self.levels)) != len(self.levels):
            raise ValueError(f"levels {list(self.levels)} must name at least one level, each once")
        if self.from_flows:
            possible = default_levels(self.source)
            beyond = [level for level in self.levels if level not in possible]
            if beyond:
                raise ValueError(
                    f"levels {beyond} are not known from queries/{self.source}.sql, which answers "
                    f"per {', '.join(possible)} only"
                )

    @property
    def from_flows(self) -> bool:
        return self.source != THEME_SOURCE

    def known_at(self) -> tuple[str, ...]:
        """The levels at which this figure exists: as declared, else from its source."""
        return self.levels if self.levels is not None else default_levels(self.source)


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
    def in_theme(self, theme: str) -> list[Indicator]:
        return [i for i in self.values() if i.theme == theme]

    def for_steering(self, element: str, region: str | None = None) -> list[Indicator]:
        return [i for i in self.values() if element in i.steering and (region is None or region in i.regions)]


def load(path: Path = CONFIG_DIR / "catalogue.yaml") -> Catalogue:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = raw["indicators"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise CatalogueError(f"{path.name}: cannot read the catalogue: {exc}") from exc
    catalogue = Catalogue()
    geo = GEO()
    every, with_themes = tuple(geo.regions), tuple(c for c, r in geo.regions.items() if r.has_themes)
    for ident, spec in entries.items():
        try:
            ind = Indicator(id=ident, **(spec or {}))
            if ind.regions is None:  # the header's default: every region (whose framework has themes)
                ind = ind.model_copy(update={"regions": with_themes if ind.theme else every})
            unknown = [r for r in ind.regions if r not in geo.regions]
            if unknown or not ind.regions:
                raise ValueError(f"regions {unknown or '[]'}: not regions of config/geography.yaml")
            catalogue[ident] = ind
        except (ValidationError, TypeError, ValueError) as exc:
            raise CatalogueError(f"{path.name}: indicator {ident!r}: {exc}") from exc
    return catalogue


@cache
def CATALOGUE() -> Catalogue:  # noqa: N802
    """The bundled catalogue, loaded and validated once per process."""
    return load()
