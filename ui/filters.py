"""Filters live in the URL (st.query_params) so that a link reproduces the view.

Every value is checked against an allowlist before use; an unknown or hostile value gets a
Dutch notice and the safe default, never an error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import streamlit as st

from jeugdhulpmonitor.contract import THEMES
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import REPORTS, Period, PeriodError, all_periods
from ui import signin

DEFAULT_REGION = "amsterdam-amstelland"
MAX_SHOWN = 40  # characters of a rejected value echoed in the notice
SHARED = ("regio", "gemeente", "gebied", "periode")  # filters that stay when moving between pages
_WRITTEN = "_filters_written"  # the URL's filters as this session last wrote them
_CARRIED = "_filters_carried"  # filters brought along from the previous page
_PAGE = "_filters_page"
# The "all" option of a filter. Not None: a selectbox whose state is None shows no choice at all.
ALL = ""
PLACEHOLDER = "Kies een waarde"


def arrive(page: str) -> None:
    """Called by dashboard.py before a page runs. The menu opens a page without the URL's
    filters; the shared ones then come along, so region, municipality, area and period stay."""
    state = st.session_state
    moved = state.get(_PAGE) not in (None, page)
    state[_PAGE] = page
    state[_CARRIED] = set()
    if moved and not any(name in st.query_params for name in SHARED):
        for name in SHARED:
            if (value := state.get(_WRITTEN, {}).get(name)) is not None:
                st.query_params[name] = value
                state[_CARRIED].add(name)


def _follow_url(name: str, key: str, value) -> None:
    """A URL changed from outside (the back or forward button, a link) wins over the value a
    widget remembers; a change in the widget itself wins otherwise (the URL follows it)."""
    if st.query_params.get(name) != st.session_state.get(_WRITTEN, {}).get(name):
        st.session_state[key] = value


def _written(*names: str) -> None:
    written = st.session_state.setdefault(_WRITTEN, {})
    for name in names:
        written[name] = st.query_params.get(name)


@dataclass(frozen=True)
class View:
    selection: Selection
    period: Period
    periods: list[Period]


def literal(value: str) -> str:
    """`value` as Markdown that shows exactly its characters: an inline code span.

    Streamlit renders a notice as Markdown (links, images, HTML, LaTeX, icon and colour
    shortcodes); a code span is the one construct whose content Markdown never interprets. Its
    fence is longer than any run of backticks inside; line breaks, which would end the span, and
    other control characters become spaces; the renderer strips the padding spaces again
    (unless the text is only spaces, which needs none). Streamlit's frontend rewrites
    ":material/" in the whole source, code spans too; a zero-width space (as Streamlit's own
    messages use) keeps it as typed.
    """
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in value)
    text = text.replace(":material/", ":material\u200b/")
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.strip(" ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _notice(name: str, value: str) -> None:
    shown = value[:MAX_SHOWN] + ("…" if len(value) > MAX_SHOWN else "")
    st.warning(
        f"De waarde voor ‘{name}’ in de link is onbekend en is genegeerd: {literal(shown)}. "
        "De standaardinstelling wordt getoond.",
        icon="⚠️",
    )


def _outside(name: str, value: str) -> None:
    shown = value[:MAX_SHOWN] + ("…" if len(value) > MAX_SHOWN else "")
    st.warning(
        f"De waarde voor ‘{name}’ in de link valt buiten uw toegang en is genegeerd: {literal(shown)}. "
        "U ziet de gegevens waartoe u toegang hebt.",
        icon="🔒",
    )


def _param(name: str, allowed, default=None, known=()):
    """The URL's value if allowed; else a Dutch notice (unknown, or `known` but outside the
    signed-in person's scope) and the default."""
    raw = st.query_params.get(name)
    if raw is None or raw == "":
        return default
    if raw in allowed:
        return raw
    if raw in known:
        _outside(name, raw)  # also when carried: the person asked for it by a link
        signin.refused(name, raw)
    elif name not in st.session_state.get(_CARRIED, ()):  # a carried value this page does not offer: no notice
        _notice(name, raw)
    st.query_params.pop(name, None)
    return default


def _set(name: str, value, default) -> None:
    if value == default or value is None:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = value


def default_period(periods: list[Period], forms=REPORTS) -> Period:
    """The latest period of the given forms (default: the latest 4-, 8- or 12-month report)."""
    return max((p for p in periods if p.form in forms), key=lambda p: (p.end, p.start))


def _optional(label: str, key: str, options: list[str], value, all_label: str, name, everything=True) -> str | None:
    """A filter that may be left at "all" (None), unless the scope holds only part of "all"."""
    options = [ALL, *options] if everything else options
    picked = st.selectbox(
        label,
        options,
        index=options.index(value) if value in options else 0,
        format_func=lambda c: all_label if c == ALL else name(c),
        key=key,
        placeholder=PLACEHOLDER,
    )
    return picked or None


def view(
    engine,
    *,
    municipality: bool = True,
    area: bool = True,
    theme: bool = False,
    provider: bool = False,
    forms: tuple[str, ...] | None = None,
) -> View:
    """Read, check and show the sidebar filters; returns the selection and period.

    `forms` limits the periods offered (the dialogue works on reports, the council on half years)."""
    geo = GEO()
    periods = [p for p in all_periods(2024, engine.last_date) if forms is None or p.form in forms]
    period_codes = [str(p) for p in periods]
    fallback = default_period(periods, forms or REPORTS)

    # The signed-in person's scope (engine.scope, access.py) bounds every list; a value outside
    # it gets a Dutch notice and the person's own default, never the data.
    limits = Limits.of(engine)
    region = _param("regio", limits.regions, limits.default_region(), known=geo.regions)
    munis = limits.municipalities(region)
    muni = _param("gemeente", munis, limits.default_municipality(region), geo.municipalities) if municipality else None
    areas = [a for a in limits.areas(region) if muni is None or muni in geo.areas[a].municipalities]
    area_code = _param("gebied", areas, known=geo.areas) if area else None
    theme_code = _param("thema", THEMES) if theme and geo.regions[region].has_themes else None
    providers = [p for p, (_n, r) in engine.providers.items() if r == region]
    default_provider = None if limits.every_provider else next(iter(providers), None)
    provider_id = _param("aanbieder", providers, default_provider, limits.known_providers) if provider else None
    period_code = _param("periode", period_codes, str(fallback))

    for name, key, value in (
        ("regio", "f_regio", region),
        ("gemeente", "f_gemeente", muni),
        ("gebied", "f_gebied", area_code),
        ("thema", "f_thema", theme_code),
        ("aanbieder", "f_aanbieder", provider_id),
        ("periode", "f_periode", period_code),
    ):
        _follow_url(name, key, ALL if value is None else value)
    with st.sidebar:
        st.subheader("Filters")
        region = st.selectbox(
            "Regio",
            limits.regions,
            index=limits.regions.index(region),
            format_func=geo.name,
            key="f_regio",
            placeholder=PLACEHOLDER,
        )
        if municipality:
            muni = _optional(
                "Gemeente",
                "f_gemeente",
                limits.municipalities(region),
                muni,
                "Alle gemeenten",
                geo.name,
                everything=limits.whole_region(region),
            )
        if area:
            in_muni = [a for a in limits.areas(region) if muni is None or muni in geo.areas[a].municipalities]
            area_code = _optional("Gebied", "f_gebied", in_muni, area_code, "Alle gebieden", geo.name)
        if theme and geo.regions[region].has_themes:
            theme_code = _optional("Thema", "f_thema", list(THEMES), theme_code, "Alle thema's", "Thema {}".format)
        if provider:
            in_region = [p for p, (_n, r) in engine.providers.items() if r == region]
            provider_id = _optional(
                "Aanbieder",
                "f_aanbieder",
                in_region,
                provider_id,
                "Alle aanbieders",
                lambda p: engine.providers[p][0],
                everything=limits.every_provider,
            )
        period_code = st.selectbox(
            "Periode",
            period_codes[::-1],
            index=period_codes[::-1].index(period_code),
            format_func=lambda c: Period.parse(c).label,
            key="f_periode",
            placeholder=PLACEHOLDER,
        )

    _set("regio", region, DEFAULT_REGION)
    _set("gemeente", muni, None)
    _set("gebied", area_code, None)
    _set("thema", theme_code, None)
    _set("aanbieder", provider_id, None)
    _set("periode", period_code, str(fallback))
    _written("regio", "gemeente", "gebied", "thema", "aanbieder", "periode")
    try:
        period = Period.parse(period_code)
    except PeriodError:  # unreachable: the code came from the allowlist
        period = fallback
    selection = Selection(
        region=region, municipalities=(muni,) if muni else (), area=area_code, provider=provider_id, theme=theme_code
    )
    st.session_state[signin.SELECTION] = {  # what the audit log records of this view
        "regio": region, "gemeente": muni, "gebied": area_code, "thema": theme_code,
        "aanbieder": provider_id, "periode": period_code,
    }  # fmt: skip
    return View(selection, period, periods)


@dataclass(frozen=True)
class Limits:
    """What the filters may offer within the engine's scope (the signed-in person's)."""

    regions: list[str]
    scope_municipalities: frozenset[str] | None
    every_provider: bool
    known_providers: object  # values to call 'outside your scope' rather than 'unknown'

    @classmethod
    def of(cls, engine) -> Limits:
        geo = GEO()
        scope = engine.scope
        inside = None if scope.municipalities is None else frozenset(scope.municipalities)
        regions = [r for r in geo.regions if inside is None or inside & set(geo.municipalities_of(r))]
        if scope.providers is not None:  # a provider's own region(s)
            regions = [r for r in regions if any(region == r for _n, region in engine.providers.values())]
        return cls(regions, inside, scope.providers is None, _Every() if scope.providers is not None else ())

    def default_region(self) -> str:
        return DEFAULT_REGION if DEFAULT_REGION in self.regions else self.regions[0]

    def whole_region(self, region: str) -> bool:
        return self.scope_municipalities is None or set(GEO().municipalities_of(region)) <= self.scope_municipalities

    def municipalities(self, region: str) -> list[str]:
        inside = self.scope_municipalities
        return [m for m in GEO().municipalities_of(region) if inside is None or m in inside]

    def default_municipality(self, region: str) -> str | None:
        """None ("all") where the scope holds the whole region, else the scope's first."""
        return None if self.whole_region(region) else next(iter(self.municipalities(region)), None)

    def areas(self, region: str) -> list[str]:
        mine = set(self.municipalities(region))
        return [a for a in GEO().areas_of(region) if mine & set(GEO().areas[a].municipalities)]


class _Every:
    """Any value: for a person who may see one provider, every other is outside their scope."""

    def __contains__(self, _value) -> bool:
        return True


def choice(name: str, label: str, options: list, default, format_func=str, key: str | None = None, known=()):
    """A page's own URL-backed choice (indicator, breakdown, ...), checked against its options;
    a value in `known` but not offered is outside the person's access (a notice that says so)."""
    default = default if default in options else options[0]
    value = _param(name, [str(o) for o in options], str(default), [str(k) for k in known])
    options_text = [str(o) for o in options]
    _follow_url(name, key or f"f_{name}", options[options_text.index(value)])
    picked = st.selectbox(
        label,
        options,
        index=options_text.index(value),
        format_func=format_func,
        key=key or f"f_{name}",
        placeholder=PLACEHOLDER,
    )
    _set(name, str(picked), str(default))
    _written(name)
    return picked
