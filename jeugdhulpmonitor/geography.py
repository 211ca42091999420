"""Regions, municipalities and areas from config/geography.yaml, loaded and checked once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from jeugdhulpmonitor import CONFIG_DIR

MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")


class GeographyError(ValueError):
    """The geography configuration is inconsistent; the message names the entry."""


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    has_themes: bool


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    region: str
    areas: tuple[str, ...]

    @property
    def is_split(self) -> bool:
        """True when the municipality is divided over several areas (Amsterdam)."""
        return len(self.areas) > 1


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    region: str
    municipalities: tuple[str, ...]


@dataclass(frozen=True)
class Geography:
    regions: dict[str, Region]
    municipalities: dict[str, Municipality]
    areas: dict[str, Area]

    def municipalities_of(self, region: str) -> list[str]:
        return [m.code for m in self.municipalities.values() if m.region == region]

    def areas_of(self, region: str) -> list[str]:
        return [a.code for a in self.areas.values() if a.region == region]

    def name(self, code: str | None) -> str:
        """Display name of a region, municipality or area code."""
        for table in (self.municipalities, self.areas, self.regions):
            if code in table:
                return table[code].name
        return code or ""


def load(path: Path = CONFIG_DIR / "geography.yaml") -> Geography:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = path.name
    try:
        regions = {
            code: Region(code, spec["name"], bool(spec.get("has_themes", False)))
            for code, spec in raw["regions"].items()
        }
        area_names: dict[str, str] = dict(raw["areas"])
        municipalities = {}
        for code, spec in raw["municipalities"].items():
            if not MUNICIPALITY_CODE.match(code):
                raise GeographyError(f"{where}: municipality {code!r} is not GM + 4 digits")
            if spec["region"] not in regions:
                raise GeographyError(f"{where}: municipality {code}: unknown region {spec['region']!r}")
            for a in spec["areas"]:
                if a not in area_names:
                    raise GeographyError(f"{where}: municipality {code}: unknown area {a!r}")
            municipalities[code] = Municipality(code, spec["name"], spec["region"], tuple(spec["areas"]))
    except (KeyError, TypeError) as exc:
        raise GeographyError(f"{where}: missing or malformed entry: {exc}") from exc

    areas = {}
    for code, name in area_names.items():
        members = tuple(m.code for m in municipalities.values() if code in m.areas)
        if not members:
            raise GeographyError(f"{where}: area {code!r} belongs to no municipality")
        member_regions = {municipalities[m].region for m in members}
        if len(member_regions) != 1:
            raise GeographyError(f"{where}: area {code!r} spans regions {sorted(member_regions)}")
        if any(municipalities[m].is_split for m in members) and len(members) > 1:
            raise GeographyError(f"{where}: area {code!r} mixes a split municipality with others")
        areas[code] = Area(code, name, member_regions.pop(), members)
    return Geography(regions, municipalities, areas)


@cache
def GEO() -> Geography:  # noqa: N802 - reads like the constant it is
    """The bundled geography, loaded once per process."""
    return load()
