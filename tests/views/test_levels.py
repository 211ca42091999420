"""Every page, both regions, with and without a provider, theme and area filter: no figure is
shown under a caption at a level where it does not exist (issue 28, items 1 and 3).

The engine is watched while each page model is made: every figure it hands a page for a
selection or grouping at a level the catalogue does not declare for that indicator must carry
no value (and say why), and the page must show it as its "n.v.t. per ..." mark with the
footnote, never as a number or a dash that reads as "nothing"."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jeugdhulpmonitor.catalogue import CATALOGUE, LEVEL_WORDS
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import NOT_KNOWN, KeyFigure, Table, cell_text, is_not_known
from jeugdhulpmonitor.views.reach import REACH
from jeugdhulpmonitor.views.registry import PAGES

REGIONS = ("amsterdam-amstelland", "ijmond-zuid-kennemerland")
FILTERS = ("none", "provider", "theme", "area")


def asked_levels(ident: str, selection: Selection, by: str | None) -> set[str]:
    """The levels a question asks of an indicator, worked out here from the selection and the
    catalogue alone (not with the engine's own function): a theme equal to the indicator's own
    theme is its label where the indicator is not known per theme."""
    ind = CATALOGUE()[ident]
    levels = set()
    if selection.municipalities:
        levels.add("municipality")
    if selection.area:
        levels.add("area")
    if selection.provider:
        levels.add("provider")
    if selection.theme and not (selection.theme == ind.theme and "theme" not in ind.known_at()):
        levels.add("theme")
    if by in ("municipality", "area", "provider", "theme"):
        levels.add(by)
    return levels


def _selection(engine: Engine, region: str, which: str) -> Selection | None:
    geo, sel = GEO(), Selection(region=region)
    if which == "provider":
        return replace(sel, provider=next(p for p, (_n, r) in sorted(engine.providers.items()) if r == region))
    if which == "theme":
        return replace(sel, theme="B") if geo.regions[region].has_themes else None
    if which == "area":
        return replace(sel, area=next(a for a, area in sorted(geo.areas.items()) if area.region == region))
    return sel


def _views(engine: Engine):
    for page, reaches in REACH.items():
        for n, reach in enumerate(reaches):
            period = "2029-M8" if reach.forms is None or "M8" in reach.forms else "2029"
            for region in REGIONS:
                for which in FILTERS:
                    sel = _selection(engine, region, which)
                    if sel is None:
                        continue
                    if reach.needs_municipality:
                        sel = replace(sel, municipalities=(GEO().municipalities_of(region)[0],))
                    view = reach.view(sel, period)
                    if reach.expresses(view):
                        yield pytest.param(page, view, id=f"{page}-{n}-{region}-{which}")


@pytest.fixture(scope="module")
def watched(sample_engine):
    """Page models made while every engine answer is recorded: [(page, view, model, answers)]."""
    answers: list = []
    original = Engine.compute

    def compute(self, indicator_ids, period, selection=Selection(), by=None, per_1000=False):
        figs = original(self, indicator_ids, period, selection, by, per_1000)
        answers.extend((selection, by, f) for f in figs)
        return figs

    made = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Engine, "compute", compute)
        for param in _views(sample_engine):
            page, view = param.values
            answers = []
            model = PAGES[page](sample_engine, view)
            made.append((param.id, view, model, answers))
    return made


def test_the_walk_covers_every_page_both_regions_and_every_filter(watched, sample_engine):
    ids = {i for i, *_ in watched}
    assert {i.split("-")[0] for i in ids} == set(PAGES)
    for region in REGIONS:
        for which in FILTERS:
            if which == "theme" and not GEO().regions[region].has_themes:
                continue
            assert any(i.endswith(f"{region}-{which}") for i in ids), (region, which)
    assert any(f.not_known_at for *_, answers in watched for _s, _b, f in answers)  # the walk meets some


def test_no_figure_is_shown_at_a_level_where_it_does_not_exist(watched):
    wrong = []
    for name, _view, model, answers in watched:
        for selection, by, fig in answers:
            missing = asked_levels(fig.indicator, selection, by) - set(CATALOGUE()[fig.indicator].known_at())
            if not missing:
                assert fig.not_known_at is None, (name, fig.indicator, selection, by)
                continue
            if fig.value is not None or fig.suppressed or fig.not_known_at not in missing:
                wrong.append((name, fig.indicator, selection, by, fig.value))
            elif not fig.note.startswith(f"niet bekend per {LEVEL_WORDS[fig.not_known_at]}: "):
                wrong.append((name, fig.indicator, "note", fig.note))
        for k in model.blocks(KeyFigure):
            if k.figure.not_known_at:
                assert k.text == NOT_KNOWN[k.figure.not_known_at].mark, (name, k.label, k.text)
    assert not wrong, wrong[:10]


def test_a_not_known_figure_shows_its_mark_and_the_footnote_explains_it(watched):
    shown_marks = 0
    for name, _view, model, _answers in watched:
        marks = {
            v.mark
            for t in model.blocks(Table)
            for column in t.frame.columns
            for v in t.frame[column]
            if is_not_known(v)
        } | {k.text for k in model.blocks(KeyFigure) if k.figure.not_known_at}
        for mark in marks:
            shown_marks += 1
            assert any(f'"{mark}"' in n and "bestaat niet op dat niveau" in n for n in model.notes), (name, mark)
        for t in model.blocks(Table):  # a mark is never formatted as a number, in any column
            for column in t.frame.columns:
                for v in t.frame[column]:
                    if is_not_known(v):
                        assert cell_text(v, t.formats.get(column)) == v.mark
    assert shown_marks


def test_pd1_with_an_amsterdam_provider_marks_the_regions_delivered_rows(watched):
    """Item 3: with the provider AA01 the content and quality rows delivered for the region or
    per municipality read "n.v.t. per aanbieder", not the region's 61,6 % and 7,1."""
    (model,) = [
        m for i, v, m, _a in watched if i.startswith("prestatiedialoog-0-amsterdam") and v.selection.provider == "AA01"
    ]
    for element, ident in (("content", "regular_education_pct"), ("quality", "client_satisfaction_score")):
        frame = model.table(f"element-{element}").frame
        row = frame[frame.iloc[:, 0] == CATALOGUE()[ident].name].iloc[0]
        assert row.iloc[1] is NOT_KNOWN["provider"], (ident, row.iloc[1])
