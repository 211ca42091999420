"""The selection handed over when a person moves to another page (issue 28, item 10).

A policy advisor's region, municipality or area, provider, theme and period stay with them from
page to page, as far as the next page's filters can express them (reach.REACH). Where they
cannot (a half year on Financiën, which shows the 4-, 8- and 12-month reports; a municipality
on a page about the whole region), the next page opens on the nearest view it can show, and
every change is said in a Dutch sentence that the page shows on arrival: never silently its
default. The Streamlit adapter (ui/filters.py) turns a handover into a link's URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.selection import EVERYONE, Scope, Selection
from jeugdhulpmonitor.views.dialogue import kinds
from jeugdhulpmonitor.views.reach import REACH, Reach

# Pages whose content is not about a selection (the loaded data and its definitions): a link to
# one carries nothing, and the selection waits there for the next page.
UNFILTERED = frozenset({"data"})

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


@dataclass(frozen=True)
class Handover:
    """The view of a page nearest to the one shown on another page, and what had to change."""

    reach: Reach  # the way into the page (the performance dialogue has PD1 and PD2)
    selection: Selection
    period: Period | None  # None: no period was chosen, the page shows its own default
    changes: tuple[str, ...]  # one Dutch sentence per part of the selection the page cannot show


def hand_over(
    page: str,
    title: str,
    selection: Selection,
    period: Period | None,
    periods: list[Period],
    providers: dict[str, tuple[str, str]],
    scope: Scope = EVERYONE,
) -> Handover:
    """The view of `page` (called `title` on screen) nearest to `selection` and `period` (None:
    not chosen). `periods`: the periods the data has; `providers`: each provider's (name,
    region). Of a page's several ways in, the one that changes the fewest parts (the first on a
    tie, the page's default)."""
    allowed = [r for r in REACH[page] if r.choices.get("dialoog", "pd1") in kinds(scope)] or list(REACH[page][:1])
    options = [_through(r, title, selection, period, periods, providers, scope) for r in allowed]
    return min(options, key=lambda h: len(h.changes))


def _through(reach, title, selection, period, periods, providers, scope) -> Handover:
    geo = GEO()
    region = selection.region
    muni = selection.municipalities[0] if len(selection.municipalities) == 1 else None
    area, provider, theme = selection.area, selection.provider, selection.theme
    changes = []
    whole_region = f"de hele regio {geo.name(region)}" if region else "de hele regio"

    if area and not reach.area:
        within = geo.areas[area].municipalities
        if not reach.municipality and muni is not None:  # neither: one sentence for both
            changes.append(
                f"Gemeente en gebied: {title} toont de hele regio, niet één gemeente of gebied. In plaats van "
                f"gebied {geo.name(area)} in {geo.name(muni)} ziet u {whole_region}."
            )
            muni = None
        else:
            if reach.municipality and muni is None and len(within) == 1:
                muni = within[0]
                instead = f"de gemeente {geo.name(muni)}, waar het gebied in ligt"
            elif muni is not None:
                instead = f"heel {geo.name(muni)}"
            else:
                instead = whole_region
            changes.append(
                f"Gebied: {title} toont geen gebieden. In plaats van gebied {geo.name(area)} ziet u {instead}."
            )
        area = None
    if muni is not None and not reach.municipality:
        changes.append(
            f"Gemeente: {title} toont de hele regio, niet één gemeente. "
            f"In plaats van {geo.name(muni)} ziet u {whole_region}."
        )
        muni = None
    if theme and not (reach.theme and region and geo.regions[region].has_themes):
        changes.append(f"Thema: {title} toont geen keuze per thema. In plaats van thema {theme} ziet u alle thema's.")
        theme = None
    if provider and not reach.provider:
        # A provider's own staff see their own organisation's figures on every page: nothing changes.
        if scope.providers is None or list(scope.providers) != [provider]:
            name = providers[provider][0] if provider in providers else provider
            changes.append(
                f"Aanbieder: {title} toont geen cijfers per aanbieder. "
                f"In plaats van {name} ziet u alle aanbieders samen."
            )
        provider = None

    shown = period
    if period is not None:
        shown = nearest_period(period, periods, reach.forms)
        if shown is not None and shown != period:
            changes.append(
                f"Periode: {title} toont alleen {forms_text(reach.forms)}. "
                f"In plaats van {the(period)} ziet u {the(shown)} ({span(shown)})."
            )
    sel = Selection(region=region, municipalities=(muni,) if muni else (), area=area, provider=provider, theme=theme)
    return Handover(reach, sel, shown, tuple(changes))


def nearest_period(period: Period, periods: list[Period], forms: tuple[str, ...] | None) -> Period | None:
    """The period of the offered forms nearest to `period`: itself if offered, else the one
    sharing the largest part of its months (of the two spans' months together), then the one
    ending nearest, then the earlier. The half year January to June on a page of 4-, 8- and
    12-month reports is the 8-month report (January to August holds all six months)."""
    offered = [p for p in periods if forms is None or p.form in forms]
    if period in offered:
        return period
    if not offered:
        return None
    mine = _months(period)

    def closeness(p: Period):
        theirs = _months(p)
        return (len(mine & theirs) / len(mine | theirs), -abs(max(theirs) - max(mine)), -max(theirs))

    return max(offered, key=closeness)


def _months(p: Period) -> set[int]:
    first, last = p.months
    return set(range(p.year * 12 + first, p.year * 12 + last + 1))


def the(p: Period) -> str:
    """The period with its article, for a sentence: "het eerste halfjaar 2026", "de
    8-maandsrapportage 2026", "het jaar 2026"."""
    if p.form == "Y":
        return f"het jaar {p.year}"
    return f"{'de' if p.form[0] == 'M' else 'het'} {p.words}"


def span(p: Period) -> str:
    first, last = p.months
    return f"{MONTHS[first - 1]} tot en met {MONTHS[last - 1]} {p.year}"


def forms_text(forms: tuple[str, ...] | None) -> str:
    """The period forms a page offers, in words: "4-, 8- en 12-maandsrapportages"."""
    if forms is None:
        return "alle perioden"
    parts = []
    months = [f[1:] for f in forms if f[0] == "M"]
    if months:
        parts.append(_and([f"{m}-" for m in months[:-1]] + [f"{months[-1]}-maandsrapportages"]))
    halves = [f for f in forms if f[0] == "H"]
    if halves:
        parts.append("eerste halfjaren" if halves == ["H1"] else "halfjaren")
    if any(f[0] == "Q" for f in forms):
        parts.append("kwartalen")
    if "Y" in forms:
        parts.append("hele jaren")
    return _and(parts)


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} en {words[-1]}"
