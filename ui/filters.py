"""Filters live in the URL (st.query_params) so that a link reproduces the view.

Every value is checked against an allowlist before use; an unknown or hostile value gets a
Dutch notice and the safe default, never an error. The sidebar's menu carries the view shown to
the next page (views/handover.py), and the URL is written once per run, so that the browser's
history holds the views shown and nothing else.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException

from jeugdhulpmonitor.contract import THEMES
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import REPORTS, Period, PeriodError, all_periods
from jeugdhulpmonitor.views.handover import UNFILTERED, hand_over
from jeugdhulpmonitor.views.reach import REACH
from ui import signin

DEFAULT_REGION = "amsterdam-amstelland"
MAX_SHOWN = 40  # characters of a rejected value echoed in the notice
# The filters a link to another page carries (issue 28, item 10): the selection, the period and
# the way into the performance dialogue; a page's own choices (indicator, breakdown) stay behind.
CARRIED = ("regio", "gemeente", "gebied", "thema", "aanbieder", "periode", "dialoog")
_WRITTEN = "_filters_written"  # the URL's parameters as this session last wrote them
_PENDING = "_filters_pending"  # this run's changes to the URL, written once at its end (flush)
_PAGE = "_filters_page"
_MOVED = "_filters_moved"  # this run opened another page than the run before
_SHOWN = "_filters_shown"  # the last view shown (page, selection, period), which the menu's links carry
_LINKS = "_filters_links"  # the menu's links of the last run: their parameters and notices
_ARRIVAL = "_filters_arrival"  # what changed on arriving through a link, shown while it holds
# The "all" option of a filter. Not None: a selectbox whose state is None shows no choice at all.
ALL = ""
PLACEHOLDER = "Kies een waarde"


@contextmanager
def page_run(page: str, container, pages, engine: Callable):
    """Around a page's run in dashboard.py. Before it: arrive, and the menu in `container` at
    once, its links carrying the view the last run showed. After it (also when it failed or
    stopped): the URL written once and the links carrying the view this run shows. A run cut
    short for a rerun leaves both to the run that follows. `engine`: the person's
    (ui/data.engine)."""
    arrive(page)
    with container:
        slots = [(p, st.empty()) for p in pages]
    menu(slots, engine())
    try:
        yield
    except RerunException:
        raise
    except BaseException:
        with suppress(Exception):  # the page's own failure is the one to report
            flush()
            st.session_state[_LINKS] = menu(slots, engine())
        raise
    flush()
    st.session_state[_LINKS] = menu(slots, engine())


def arrive(page: str) -> None:
    """Called before a page runs (page_run). A page is opened through the menu's links, which
    carry the previous page's selection (menu); one that cannot show all of it gets a notice
    saying what changed, shown on arrival. The back and forward buttons restore a view exactly,
    without a notice: the person saw it before."""
    state = st.session_state
    moved = state.get(_PAGE) not in (None, page)
    state[_PAGE] = page
    state[_MOVED] = moved
    state[_PENDING] = {}
    if moved:
        state[_ARRIVAL] = None
        link = state.get(_LINKS, {}).get(page)
        if link and link["changes"] and not _history_navigation() and link["params"] == _url():
            state[_ARRIVAL] = {**link, "page": page}


def _history_navigation() -> bool:
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.is_history_navigation)


def _url() -> dict[str, str]:
    """The URL's parameters with this run's changes (_set, _param) applied."""
    url = st.query_params.to_dict()
    for name, value in st.session_state.get(_PENDING, {}).items():
        if value is None:
            url.pop(name, None)
        else:
            url[name] = value
    return url


def flush() -> None:
    """Write this run's changes to the URL, in one step and only if they change it: each write
    is a new entry in the browser's history (Streamlit pushes one per change of the URL), so a
    page that rewrote its filters one by one, or wrote a URL it already has, left entries of
    views nobody saw for the back button to land on."""
    url = _url()
    if url != st.query_params.to_dict():
        st.query_params.from_dict(url)
    st.session_state[_PENDING] = {}
    st.session_state[_WRITTEN] = url


def _follow_url(name: str, key: str, value) -> None:
    """A URL changed from outside (the back or forward button, a link, another page) wins over
    the value a widget remembers; a change in the widget itself wins otherwise (the URL follows
    it)."""
    if st.session_state.get(_MOVED) or st.query_params.get(name) != st.session_state.get(_WRITTEN, {}).get(name):
        st.session_state[key] = value


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
    else:
        _notice(name, raw)
    _set(name, None, default)
    return default


def _set(name: str, value, default) -> None:
    """The URL's value of `name` at the end of this run (flush): absent at its default."""
    st.session_state.setdefault(_PENDING, {})[name] = None if value == default or value is None else str(value)


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
    arrived = st.empty()  # the notice of what changed on arriving from another page, once the view is known
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
        else:  # a region chosen just now may have no themes (IJmond/Zuid-Kennemerland): none stays selected
            theme_code = None
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

    st.session_state.setdefault(_PENDING, {}).update(
        _params(region, muni, area_code, theme_code, provider_id, period_code, fallback)
    )
    try:
        period = Period.parse(period_code)
    except PeriodError:  # unreachable: the code came from the allowlist
        period = fallback
    selection = Selection(
        region=region, municipalities=(muni,) if muni else (), area=area_code, provider=provider_id, theme=theme_code
    )
    state = st.session_state
    state[_SHOWN] = {"page": state.get(_PAGE), "selection": selection, "period": period}
    if (arrival := state.get(_ARRIVAL)) and arrival["page"] == state.get(_PAGE):
        if _carried(_url()) == _carried(arrival["params"]):
            with arrived.container(key="arrival-notice"):
                _arrival_notice(arrival)
        else:  # the person changed the view: what the notice said no longer holds
            state[_ARRIVAL] = None
    st.session_state[signin.SELECTION] = {  # what the audit log records of this view
        "regio": region, "gemeente": muni, "gebied": area_code, "thema": theme_code,
        "aanbieder": provider_id, "periode": period_code,
    }  # fmt: skip
    return View(selection, period, periods)


def _params(region, muni, area, theme, provider, period_code: str, fallback: Period) -> dict[str, str | None]:
    """A view's URL parameters (None: absent). Only the person's choices go in the URL; the
    defaults stay internal, so a link reproduces a view and a page that shows its defaults
    has a short address."""
    return {
        "regio": None if region == DEFAULT_REGION else region,
        "gemeente": muni,
        "gebied": area,
        "thema": theme,
        "aanbieder": provider,
        "periode": None if period_code == str(fallback) else period_code,
    }


def _carried(params: dict) -> dict:
    return {name: params.get(name) for name in CARRIED if params.get(name) is not None}


def _arrival_notice(arrival: dict) -> None:
    st.info(
        f"**Uw selectie is aangepast.** Niet alles wat u op {arrival['from']} koos, kan deze pagina tonen:\n\n"
        + "\n".join(f"- {change}" for change in arrival["changes"]),
        icon=":material/swap_horiz:",
    )


def menu(slots, engine) -> dict:
    """The pages in the sidebar, each (page, placeholder) a link that carries the view shown to
    the nearest view that page can show (views/handover.py), so that region, municipality or
    area, provider, theme and period stay when moving on. Returns each link's parameters and
    what changes, kept for the page it opens (arrive)."""
    shown = st.session_state.get(_SHOWN)
    titles = {p.url_path: p.title for p, _slot in slots}
    source = titles.get(shown["page"], "de vorige pagina") if shown else ""
    links = {}
    for page, slot in slots:
        params, changes = link(page.url_path, page.title, engine, shown)
        links[page.url_path] = {"params": params, "changes": changes, "from": source}
        slot.page_link(page, label=page.title, icon=page.icon, query_params=params)
    return links


def link(
    page: str, title: str, engine, shown: dict | None = None, own: dict[str, str] | None = None
) -> tuple[dict[str, str], tuple[str, ...]]:
    """The URL parameters of `page` nearest to the view shown (default: the last one of this
    session), exactly as that page writes them (so that it opens without rewriting its URL, which
    would leave a view in the history that nobody saw), and the Dutch sentences of what changed.
    `own`: a link's own filters (a theme tile's theme), which replace the view's."""
    shown = st.session_state.get(_SHOWN) if shown is None else shown
    if page in UNFILTERED or shown is None:
        return dict(own or {}), ()
    every = all_periods(2024, engine.last_date)
    to = hand_over(page, title, shown["selection"], shown["period"], every, engine.providers, engine.scope)
    reach, sel = to.reach, to.selection
    if own:
        fields = {name: own[name] for name in ("regio", "gebied", "thema", "aanbieder") if name in own}
        sel = replace(sel, **{_FIELDS[name]: value for name, value in fields.items()})
        if "gemeente" in own:
            sel = replace(sel, municipalities=(own["gemeente"],))
        if "periode" in own:
            to = replace(to, period=Period.parse(own["periode"]))
    limits = Limits.of(engine)
    region = sel.region if sel.region in limits.regions else limits.default_region()
    muni = next(iter(sel.municipalities), None)
    if reach.municipality and muni is None:
        muni = limits.default_municipality(region)
    provider = sel.provider
    if reach.provider and provider is None and not limits.every_provider:
        provider = next((p for p, (_n, r) in engine.providers.items() if r == region), None)
    periods = [p for p in every if reach.forms is None or p.form in reach.forms]
    fallback = default_period(periods, reach.forms or REPORTS)
    period = to.period or fallback
    params = _params(region, muni, sel.area, sel.theme, provider, str(period), fallback)
    default_way = REACH[page][0].choices
    params |= {name: None if value == default_way.get(name) else value for name, value in reach.choices.items()}
    return {name: value for name, value in params.items() if value is not None}, to.changes


_FIELDS = {"regio": "region", "gebied": "area", "thema": "theme", "aanbieder": "provider"}


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
    return picked
