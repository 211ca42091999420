"""Who sees what: the signed-in person's role and scope, from the identity provider's claims and
config/roles.yaml (issue 15). No Streamlit here: the dashboard, the command line and the tests
ask the same questions.

The scope (selection.Scope) is what the query layer binds into every query; the role says which
pages and actions a person has. A person without a known role gets no Access at all (None) and
sees no figures.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from jeugdhulpmonitor import CONFIG_DIR
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.selection import EVERYONE, Scope

Role = Literal["region", "municipality", "provider", "data_manager"]
ROLE_LABELS = {
    "region": "regio en contractmanagement",
    "municipality": "gemeente",
    "provider": "aanbieder",
    "data_manager": "databeheer",
}
# Pages per role (None: every page). Contract management's own pages (the performance
# dialogue) are not a municipality's; a provider has its own figures, money and dialogue;
# the data team works on the data page.
PAGES: dict[str, frozenset[str] | None] = {
    "region": None,
    "municipality": frozenset(
        {"overzicht", "themas", "gemeenten", "clientstromen", "financien", "raadsrapportage", "data"}
    ),
    "provider": frozenset({"overzicht", "clientstromen", "financien", "prestatiedialoog", "data"}),
    "data_manager": frozenset({"data"}),
}
# What a role may do beyond looking: record what was agreed at a dialogue; read the audit log.
ACTIONS = {
    "region": frozenset({"record_dialogue"}),
    "municipality": frozenset(),
    "provider": frozenset(),
    "data_manager": frozenset({"audit_log"}),
}
# Development mode (no identity provider): on the bundled sample only, unless this is set.
ROLES_ENV = "JHM_ROLES"
DEV_ROLE_ENV = "JHM_DEV_ROLE"
DEV_ANY_DATA_ENV = "JHM_DEV_ALLOW_ANY_DATA"
DEV_FULL = "ontwikkeling-alles"  # the development role without a chosen group: all regions


class RolesError(ValueError):
    """config/roles.yaml is wrong; the message names the group."""


class Group(BaseModel):
    """One identity-provider group: its role and what it covers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Role
    regions: tuple[str, ...] = ()
    municipality: str | None = None
    provider: str | None = None
    others: Literal["region_totals", "none"] = "region_totals"

    @model_validator(mode="after")
    def _complete(self) -> Group:
        geo = GEO()
        needs = {"region": "regions", "municipality": "municipality", "provider": "provider"}.get(self.role)
        if needs and not getattr(self, needs):
            raise ValueError(f"role {self.role} needs {needs}")
        for region in self.regions:
            if region not in geo.regions:
                raise ValueError(f"unknown region {region!r}")
        if self.municipality is not None and self.municipality not in geo.municipalities:
            raise ValueError(f"unknown municipality {self.municipality!r}")
        return self

    def scope(self) -> Scope:
        geo = GEO()
        if self.role == "region":
            return Scope(municipalities=tuple(m for r in self.regions for m in geo.municipalities_of(r)))
        if self.role == "municipality":
            region = geo.municipalities[self.municipality].region
            comparison = tuple(geo.municipalities_of(region)) if self.others == "region_totals" else None
            return Scope(municipalities=(self.municipality,), comparison=comparison, dialogue_records=False)
        if self.role == "provider":
            return Scope(providers=(self.provider,))  # its own PD1's records only (reads_dialogue)
        return EVERYONE  # the data team checks every delivery


class Roles(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    group_claim: str = "groups"
    groups: dict[str, Group]


def ROLES(path: Path | None = None) -> Roles:  # noqa: N802 - a constant, loaded once (like CATALOGUE)
    """config/roles.yaml, or the file named by JHM_ROLES (an installation's own, outside the repository)."""
    return _roles(Path(path or os.environ.get(ROLES_ENV) or CONFIG_DIR / "roles.yaml"))


@cache
def _roles(path: Path) -> Roles:
    try:
        return Roles.model_validate(yaml.safe_load(Path(path).read_text()))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise RolesError(f"{Path(path).name}: {problems}") from exc


@dataclass(frozen=True)
class Access:
    """A signed-in person: who (for the audit log), the group that gave the role, the scope."""

    who: str
    group: str
    role: Role
    scope: Scope
    development: bool = False

    @property
    def label(self) -> str:
        """The role in Dutch, as the sidebar shows it."""
        return ROLE_LABELS[self.role]

    def may_see(self, page: str) -> bool:
        pages = PAGES[self.role]
        return pages is None or page in pages

    def may(self, action: str) -> bool:
        return action in ACTIONS[self.role] or (self.development and self.group == DEV_FULL)


def _groups(claims: Mapping, claim: str) -> list[str]:
    value = claims.get(claim)
    if isinstance(value, str):
        return value.replace(",", " ").split()
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def who(claims: Mapping) -> str:
    """The person as the audit log names them: e-mail, else user name, else the subject."""
    for key in ("email", "preferred_username", "name", "sub"):
        if claims.get(key):
            return str(claims[key])
    return "onbekend"


def from_claims(claims: Mapping, roles: Roles | None = None) -> Access | None:
    """The Access of a signed-in person (their ID token's claims), or None without a known role."""
    roles = roles or ROLES()
    mine = set(_groups(claims, roles.group_claim))
    for name, group in roles.groups.items():  # the first listed wins
        if name in mine:
            return Access(who(claims), name, group.role, group.scope())
    return None


def development(group: str | None = None, roles: Roles | None = None) -> Access | None:
    """The Access of development mode: the group named (by JHM_DEV_ROLE), else every region with
    every action; None for a group roles.yaml does not know."""
    roles = roles or ROLES()
    group = group or os.environ.get(DEV_ROLE_ENV) or DEV_FULL
    if group == DEV_FULL:
        return Access("ontwikkelaar", DEV_FULL, "region", EVERYONE, development=True)
    if group not in roles.groups:
        return None
    chosen = roles.groups[group]
    return Access("ontwikkelaar", group, chosen.role, chosen.scope(), development=True)


def scope_of(group: str | None) -> Scope:
    """The scope of a group of roles.yaml for the command line (`--as-group`; None: all)."""
    if group is None:
        return EVERYONE
    if group not in ROLES().groups:
        raise RolesError(f"unknown group {group!r} (config/roles.yaml)")
    return ROLES().groups[group].scope()


def reads_dialogue(scope: Scope, dialogue) -> bool:
    """Whether a person of this scope reads what was recorded at a performance dialogue
    (dialogue_log.Dialogue: its kind, region and subject; issue 27). Region staff read their
    regions' dialogues; a provider's staff read their own PD1 (the dialogue about them) and
    nothing else, never a PD2 (a theme or area, the region's own) nor another provider's; a
    municipality's staff read none. The dialogue log is read through this rule only
    (dialogue_log.Log.within), so every page, document and download obeys it."""
    if scope.providers is not None:
        return dialogue.kind == "pd1" and dialogue.subject in scope.providers
    if not scope.dialogue_records:
        return False
    region = set(GEO().municipalities_of(dialogue.region))
    return bool(region) and (scope.municipalities is None or region <= set(scope.municipalities))


def development_allowed(bundled_sample: bool) -> bool:
    """Development mode serves the fictitious sample only, unless explicitly allowed: so a
    production configuration without sign-in never shows real figures to anyone."""
    return bundled_sample or os.environ.get(DEV_ANY_DATA_ENV) == "1"
