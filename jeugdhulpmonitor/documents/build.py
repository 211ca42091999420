"""A document = a page model + its cover and file name, rendered as PDF and as a workbook."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from jeugdhulpmonitor.documents.definitions import indicators  # noqa: F401 - part of this module's API
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import PageModel, PageView
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.store import is_bundled_sample
from jeugdhulpmonitor.views.dialogue import trends, within_scope
from jeugdhulpmonitor.views.page import page_model

SAMPLE_WORDS = "fictieve voorbeeldgegevens"


@dataclass
class Document:
    name: str  # the file name without extension, in words
    model: PageModel
    cover: list[tuple[str, str]]  # what the cover says, label and text

    def pdf(self) -> bytes:
        from jeugdhulpmonitor.documents.pdf import pdf_bytes

        return pdf_bytes(self)

    def xlsx(self) -> bytes:
        from jeugdhulpmonitor.documents.workbook import workbook_bytes

        return workbook_bytes(self)


def file_name(*parts: str) -> str:
    """Words as a file name: "Raadsrapportage Ouder-Amstel eerste halfjaar 2026" ->
    "raadsrapportage-ouder-amstel-eerste-halfjaar-2026" (ASCII, no spaces)."""
    text = unicodedata.normalize("NFKD", " ".join(parts)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def is_sample(engine: Engine) -> bool:
    return is_bundled_sample(engine.runner.extract)


def _cover(engine: Engine, model: PageModel, title: str) -> list[tuple[str, str]]:
    context = dict(model.context)
    cover = [(label, context[label]) for label in ("Selectie", "Periode", "Gegevensversie", "Gemaakt op")]
    cover.insert(0, ("Document", title))
    if is_sample(engine):
        cover.append(("Gegevens", SAMPLE_WORDS))
    return cover


def council(engine: Engine, municipality: str, period: Period) -> Document:
    """The Raadsrapportage of one municipality over a half-year or a year."""
    geo = GEO()
    sel = Selection(region=geo.municipalities[municipality].region, municipalities=(municipality,))
    model = page_model("raadsrapportage", engine, PageView.make(sel, period))
    return Document(council_name(municipality, period), model, _cover(engine, model, model.title))


def council_name(municipality: str, period: Period) -> str:
    return file_name("raadsrapportage", GEO().name(municipality), period.words)


def dialogue(
    engine: Engine,
    period: Period,
    provider: str | None = None,
    theme: str | None = None,
    area: str | None = None,
    region: str | None = None,
) -> Document:
    """The dialogue pack: PD1 with a provider, PD2 for a theme, an area or the whole assignment.
    Within a provider's scope it is that provider's own PD1, whatever was asked (the model says
    why; views/dialogue.within_scope). A PD2 pack without an area is the region's (the page's)."""
    asked, shown = _dialogue_views(engine, period, provider, theme, area, region)
    model = page_model("prestatiedialoog", engine, asked)
    flows = next((s for s in model.sections if s.key == "section-client_flows"), None)
    if flows is not None:  # the key counts over the years, on paper only (views/dialogue.trends)
        flows.blocks += trends(engine, shown)
    subject = _shown_subject(engine, shown)
    title = f"Prestatiedialoog {shown.choice('dialoog').upper()} · {subject}"
    return Document(file_name("prestatiedialoog", subject, period.words), model, _cover(engine, model, title))


def dialogue_name(
    engine: Engine,
    period: Period,
    provider: str | None = None,
    theme: str | None = None,
    area: str | None = None,
    region: str | None = None,
) -> str:
    shown = _dialogue_views(engine, period, provider, theme, area, region)[1]
    return file_name("prestatiedialoog", _shown_subject(engine, shown), period.words)


def _shown_subject(engine: Engine, shown: PageView) -> str:
    """The subject in words of the dialogue a pack shows (its title and file name say the same)."""
    sel = shown.selection
    return _dialogue_subject(engine, sel.provider, sel.theme, sel.area, sel.region)[1]


def _dialogue_views(engine: Engine, period: Period, provider, theme, area, region=None) -> tuple[PageView, PageView]:
    """The dialogue asked for, and the one the engine's scope shows for it."""
    if provider and provider not in engine.providers and engine.scope.providers is not None:
        region = None  # another provider than the scope's own: within_scope shows the own one
    else:
        region = _dialogue_subject(engine, provider, theme, area, region)[0]
    kind = "pd1" if provider else "pd2"
    asked = PageView.make(Selection(region=region, area=area, provider=provider, theme=theme), period, dialoog=kind)
    return asked, within_scope(engine, asked)[0]


def _dialogue_subject(engine: Engine, provider, theme, area, region=None) -> tuple[str, str, str]:
    """The region, the subject in words and the kind (pd1, pd2) of a dialogue pack. Without a
    provider or an area the region asked (the page's), by default the first one configured."""
    geo = GEO()
    if provider:
        return engine.providers[provider][1], engine.providers[provider][0], "pd1"
    region = geo.areas[area].region if area else region or next(iter(geo.regions))
    words = [*([f"thema {theme}"] if theme else []), *([f"gebied {geo.name(area)}"] if area else [])]
    return region, " ".join(words) or geo.name(region), "pd2"
