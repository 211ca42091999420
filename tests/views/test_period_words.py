"""No period codes on pages or chart axes (issue 28, item 15): a page says "8-maandsrapportage 2029"
or "2e kwartaal 2028", never "2029-M8"; walked over every page model in both regions, with and
without a provider, municipality, area and theme, and over the axes of every chart those pages draw."""

import re

import pytest

from jeugdhulpmonitor import charts
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.pagemodel import Chart, KeyFigure, Notice, PageView, Table, Text
from jeugdhulpmonitor.views.registry import PAGES

CODE = re.compile(r"\b\d{4}-(?:M\d{1,2}|Q[1-4]|H[12]|Y)\b")
SELECTIONS = {
    "amsterdam-amstelland": [
        Selection(region="amsterdam-amstelland"),
        Selection(region="amsterdam-amstelland", provider="AA01"),
        Selection(region="amsterdam-amstelland", municipalities=("GM0358",)),
        Selection(region="amsterdam-amstelland", area="noord"),
        Selection(region="amsterdam-amstelland", theme="B"),
    ],
    "ijmond-zuid-kennemerland": [
        Selection(region="ijmond-zuid-kennemerland"),
        Selection(region="ijmond-zuid-kennemerland", provider="IJ01"),
        Selection(region="ijmond-zuid-kennemerland", municipalities=("GM0377",)),
    ],
}
PERIODS = ("2029-M8", "2028-Q2", "2028-H1", "2028")


def shown_texts(model) -> list[str]:
    texts = [model.title, model.caption, *model.notes]
    texts += [s.title or "" for s in model.sections]
    for block in model.blocks():
        if isinstance(block, (Text, Notice)):
            texts.append(block.text)
        elif isinstance(block, Table):
            frame = block.shown()
            texts += [str(c) for c in frame.columns]
            texts += [str(v) for v in frame.astype(str).to_numpy().ravel()]
        elif isinstance(block, KeyFigure):
            texts.append(str(block.label))
        elif isinstance(block, Chart):
            texts += [block.title or "", block.empty_text or ""]
    return texts


def axis_labels(chart: Chart) -> list[str]:
    """What a chart writes along its axes: its categories and tick texts."""
    fig = charts.build(chart)
    labels = []
    for trace in fig.data:
        for name in ("x", "y"):
            values = getattr(trace, name, None)
            if values is not None and len(values) and isinstance(values[0], str):
                labels += list(values)
    for name in fig.layout:
        if name.startswith(("xaxis", "yaxis")):
            axis = fig.layout[name]
            labels += [str(t) for t in (axis.ticktext or ())] + [str(axis.title.text or "")]
    return labels


@pytest.mark.parametrize("region", list(SELECTIONS))
@pytest.mark.parametrize("slug", [s for s in PAGES if s != "data"])
def test_no_page_shows_a_period_code(sample_engine, region, slug):
    found = []
    for sel in SELECTIONS[region]:
        if slug == "raadsrapportage" and not sel.municipalities:
            continue
        for period in PERIODS:
            try:
                model = PAGES[slug](sample_engine, PageView.make(sel, period))
            except ValueError:  # a page that has no such period (a dialogue is about 4, 8 or 12 months)
                continue
            found += [(str(sel), period, t[:80]) for t in shown_texts(model) if CODE.search(t or "")]
            for chart in model.blocks(Chart):
                if not chart.empty:
                    found += [(str(sel), period, chart.key, t) for t in axis_labels(chart) if CODE.search(t)]
    assert not found
