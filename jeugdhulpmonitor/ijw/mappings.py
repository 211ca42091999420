"""The region's mappings from iJw codes to the contract (config/ijw_mappings.yaml), checked on
load: every target must be a code of contract.py or the geography, so a typo fails at once
with the entry's name instead of producing rows that validate would set aside."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from jeugdhulpmonitor import CONFIG_DIR
from jeugdhulpmonitor.contract import CARE_FORMS, END_REASONS, REFERRERS, THEMES
from jeugdhulpmonitor.geography import GEO

DEFAULT = CONFIG_DIR / "ijw_mappings.yaml"
Code = Annotated[str, Field(pattern=r"^\d{2}$")]


class MappingError(ValueError):
    """The mappings file is missing, unreadable or names an unknown code."""


def _one_of(value, allowed, what: str):
    if value is not None and value not in allowed:
        raise ValueError(f"{value!r} is not a {what} ({', '.join(allowed)})")
    return value


class Product(BaseModel):
    """A regional product code's own care form, intensity and theme (IJW.md §5 *)."""

    model_config = ConfigDict(extra="forbid")
    care_form: str | None = None
    intensive: bool = False
    theme: str | None = None

    _care_form = field_validator("care_form")(lambda v: _one_of(v, CARE_FORMS, "care form"))
    _theme = field_validator("theme")(lambda v: _one_of(v, THEMES, "theme"))


class Mappings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # JZ020 -> care form; null: not youth care (transport, justice), no trajectory.
    care_form_by_category: dict[Code, str | None]
    products: dict[str, Product] = {}
    # JZ588 -> end reason; the pause codes end nothing (a restart or another stop follows).
    end_reason_by_reason: dict[Code, str]
    pause_reasons: list[Code] = ["20"]
    # COD327 -> referrer; an assignment without a request was decided by the local team.
    referrer_by_type: dict[Code, str]
    referrer_without_request: str = "lokaal_team"
    # The 4 digits of a municipality -> its CBS code where it is not GM + those digits (mergers).
    municipality_codes: dict[Annotated[str, Field(pattern=r"^\d{4}$")], str] = {}
    # A split municipality's areas by postcode: the 4 digits, or a range "1011-1018".
    areas_by_postcode: dict[str, dict[str, str]] = {}
    providers: dict[Annotated[str, Field(pattern=r"^\d{8}$")], str] = {}

    @field_validator("care_form_by_category")
    @classmethod
    def _care_forms(cls, v):
        for code, form in v.items():
            _one_of(form, CARE_FORMS, f"care form (category {code})")
        return v

    @field_validator("end_reason_by_reason")
    @classmethod
    def _end_reasons(cls, v):
        for code, reason in v.items():
            _one_of(reason, END_REASONS, f"end reason (reason {code})")
        return v

    @field_validator("referrer_by_type")
    @classmethod
    def _referrers(cls, v):
        for code, referrer in v.items():
            _one_of(referrer, REFERRERS, f"referrer (type {code})")
        return v

    _without = field_validator("referrer_without_request")(lambda v: _one_of(v, REFERRERS, "referrer"))

    @field_validator("municipality_codes")
    @classmethod
    def _municipalities(cls, v):
        for digits, code in v.items():
            _one_of(code, list(GEO().municipalities), f"municipality in the geography ({digits})")
        return v

    @field_validator("areas_by_postcode")
    @classmethod
    def _areas(cls, v):
        geo = GEO()
        for municipality, table in v.items():
            _one_of(municipality, list(geo.municipalities), "municipality in the geography")
            for postcodes, area in table.items():
                _one_of(area, geo.municipalities[municipality].areas, f"area of {municipality} ({postcodes})")
                _range(postcodes)
        return v

    @model_validator(mode="after")
    def _pauses_end_nothing(self):
        both = set(self.pause_reasons) & set(self.end_reason_by_reason)
        if both:
            raise ValueError(f"reasons {sorted(both)} are pauses and cannot also map to an end reason")
        return self

    @cached_property
    def postcode_areas(self) -> dict[str, dict[str, str]]:
        """Per municipality: the 4 postcode digits -> area, ranges spelt out."""
        return {
            m: {str(pc): area for key, area in table.items() for pc in _range(key)}
            for m, table in self.areas_by_postcode.items()
        }


def _range(key: str) -> range:
    first, _, last = str(key).partition("-")
    if not (first.isdigit() and len(first) == 4 and (not last or (last.isdigit() and len(last) == 4))):
        raise ValueError(f"postcode {key!r} is not 4 digits or a range of them (1011-1018)")
    return range(int(first), int(last or first) + 1)


def load(path: Path = DEFAULT) -> Mappings:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return Mappings.model_validate(raw)
    except OSError as exc:
        raise MappingError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        raise MappingError(f"{path}: not valid YAML ({exc})") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise MappingError(f"{Path(path).name}: {problems}") from exc
