"""What a question asks about: the selection (region, municipalities, area, provider, theme),
the user's scope, the grouping, and the $parameters they bind into the query files.

A module of its own so that the engine, the pre-aggregation and the breakdowns share one
meaning of a selection without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jeugdhulpmonitor.contract import THEMES
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import BASELINE_YEAR, Period

# Allowlist of groupings; the key column each one fills in a figure.
GROUP_COLUMNS = {
    "region": "region_code",
    "municipality": "municipality_code",
    "area": "area_code",
    "provider": "provider_id",
    "theme": "theme",
}


class SelectionError(ValueError):
    """A selection names something unknown; the message says what."""


class SelectionConflictError(SelectionError):
    """A selection whose parts exclude each other (a municipality outside the chosen region):
    it would select nobody, so it is refused rather than answered with zeros."""


@dataclass(frozen=True)
class Scope:
    """What a user may see (jeugdhulpmonitor/access.py derives it from the signed-in role):
    rows of these municipalities and providers (None: all). `comparison` widens it for
    comparisons only: these municipalities' region total and their figures per 1,000 young
    people or as a percentage (a municipality's staff beside their region), never counts.
    `dialogue_records`: whether what was agreed at the performance dialogues of the regions the
    scope holds whole is in it (region staff); a municipality's staff have none of it. A
    provider's scope has only its own PD1's, whatever this says (access.reads_dialogue, issue 27)."""

    municipalities: tuple[str, ...] | None = None
    providers: tuple[str, ...] | None = None
    comparison: tuple[str, ...] | None = None
    dialogue_records: bool = True

    def scope_providers(self) -> list[str] | None:
        return list(self.providers) if self.providers is not None else None


EVERYONE = Scope()


@dataclass(frozen=True)
class Selection:
    region: str | None = None
    municipalities: tuple[str, ...] = ()
    area: str | None = None
    provider: str | None = None
    theme: str | None = None

    def __post_init__(self) -> None:
        # A tuple even when given a list or one code: selections are keys (params' cache).
        munis = self.municipalities
        object.__setattr__(self, "municipalities", (munis,) if isinstance(munis, str) else tuple(munis))

    def check(self, providers: dict[str, tuple[str, str]]) -> Selection:
        """The selection itself, or a SelectionError naming the unknown or conflicting part.
        `providers` maps each known provider to its (name, region)."""
        geo = GEO()
        if self.region is not None and self.region not in geo.regions:
            raise SelectionError(f"onbekende regio {self.region!r}")
        for m in self.municipalities:
            if m not in geo.municipalities:
                raise SelectionError(f"onbekende gemeente {m!r}")
        if self.area is not None and self.area not in geo.areas:
            raise SelectionError(f"onbekend gebied {self.area!r}")
        if self.provider is not None and self.provider not in providers:
            raise SelectionError(f"onbekende aanbieder {self.provider!r}")
        if self.theme is not None and self.theme not in THEMES:
            raise SelectionError(f"onbekend thema {self.theme!r}")
        self._check_conflicts(geo, providers)
        return self

    def _check_conflicts(self, geo, providers: dict[str, tuple[str, str]]) -> None:
        regions = {self.region} if self.region is not None else set()
        regions |= {geo.municipalities[m].region for m in self.municipalities}
        if self.area is not None:
            regions.add(geo.areas[self.area].region)
        if self.provider is not None:
            regions.add(providers[self.provider][1])
        if len(regions) > 1:
            raise SelectionConflictError(f"de selectie valt in meer dan één regio ({', '.join(sorted(regions))})")
        if (
            self.area
            and self.municipalities
            and not set(self.municipalities) & set(geo.areas[self.area].municipalities)
        ):
            raise SelectionConflictError(f"gebied {self.area!r} ligt niet in gemeente {', '.join(self.municipalities)}")


def params(selection: Selection, by: str | None, period: Period, scope: Scope = EVERYONE) -> dict:
    """The $parameters of a selection, grouping and period within a user's scope (a new dict;
    its lists are shared and only read)."""
    return dict(_params(selection, by, period, scope))


@lru_cache(maxsize=4096)  # every figure of a page model asks; the answer depends on the arguments only
def _params(selection: Selection, by: str | None, period: Period, scope: Scope) -> dict:
    geo = GEO()
    if by is not None and by not in GROUP_COLUMNS:
        raise SelectionError(f"onbekende groepering {by!r}")
    in_scope = list(scope.municipalities) if scope.municipalities is not None else list(geo.municipalities)
    munis = list(selection.municipalities) or None
    if selection.region is not None:
        region_munis = geo.municipalities_of(selection.region)
        munis = [m for m in (munis or region_munis) if m in region_munis]
    return {
        "scope_municipalities": in_scope,
        "scope_providers": scope.scope_providers(),
        "municipalities": munis,
        "areas": [selection.area] if selection.area else None,
        "providers": [selection.provider] if selection.provider else None,
        "themes": [selection.theme] if selection.theme else None,
        "group_by": by or "none",
        "period_start": period.start,
        "period_end": period.end,
        "year": period.year,
        "year_start": period.year_start,
        "months": period.months_to_end,
    }


def groups(
    selection: Selection, by: str | None, providers: dict[str, tuple[str, str]], scope: Scope = EVERYONE
) -> list[str | None]:
    """Every group of the selection, so that a group without data still gets a row.
    `providers` maps each provider in the scope to its (name, region)."""
    geo = GEO()
    if by is None:
        return [None]
    p = params(selection, by, Period(BASELINE_YEAR, "Y"), scope)
    munis = [m for m in (p["municipalities"] or p["scope_municipalities"]) if m in p["scope_municipalities"]]
    if selection.area:
        munis = [m for m in munis if selection.area in geo.municipalities[m].areas]
    if by == "region":
        return sorted({geo.municipalities[m].region for m in munis})
    if by == "municipality":
        return munis
    if by == "area":
        areas = [a for m in munis for a in geo.municipalities[m].areas]
        return [a for a in dict.fromkeys(areas) if selection.area in (None, a)]
    if by == "provider":
        regions = {geo.municipalities[m].region for m in munis}
        return [pid for pid, (_n, r) in providers.items() if r in regions and selection.provider in (None, pid)]
    return [t for t in THEMES if selection.theme in (None, t)]
