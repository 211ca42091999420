"""The charts' axes speak Dutch (issue 28, item 15): euros in millions with "€ " and " mln" and a
decimal comma (the layout's separators), never Plotly's English "200M"; asserted on the figures
charts.py returns for the sample, in both regions."""

import pytest

from jeugdhulpmonitor import charts
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.pagemodel import Chart, PageView
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.views.evaluation import evaluatie

REGIONS = ("amsterdam-amstelland", "ijmond-zuid-kennemerland")
YEARS = [Period(y, "Y") for y in (2027, 2028)]


def assert_money_axis(axis) -> None:
    assert (axis.tickprefix, axis.ticksuffix) == ("€ ", " mln")
    assert axis.tickformat == ",.1~f"  # one decimal at most, grouped: with separators ",." → 1.234,5


@pytest.mark.parametrize("region", REGIONS)
def test_a_money_trend_is_drawn_in_millions_on_a_dutch_axis(sample_engine, region):
    ind = CATALOGUE()["spend_eur"]
    figs = sample_engine.series("spend_eur", YEARS, Selection(region=region))
    assert figs[-1].value > 1e6
    fig = charts.trend_with_path(ind, figs)
    assert_money_axis(fig.layout.yaxis)
    assert fig.layout.separators == ",."
    assert list(fig.data[0].y) == pytest.approx([f.value / 1e6 for f in figs])


@pytest.mark.parametrize("region", REGIONS)
def test_money_ranked_bars_and_small_multiples_have_dutch_euro_axes(sample_engine, region):
    ind = CATALOGUE()["spend_eur"]
    sel = Selection(region=region)
    groups = sample_engine.compute("spend_eur", YEARS[-1], sel, by="municipality")
    reference = sample_engine.compute("spend_eur", YEARS[-1], sel)[0]
    bars = charts.ranked_bars(ind, groups, reference)
    assert_money_axis(bars.layout.xaxis)
    assert bars.layout.separators == ",."
    assert sorted(bars.data[0].x) == pytest.approx(sorted((f.value or 0) / 1e6 for f in groups))
    assert bars.layout.shapes[0].x0 == pytest.approx(reference.value / 1e6)
    trend = {f.group_key: [f] for f in groups}
    multiples = charts.small_multiples(ind, trend)
    assert multiples.layout.separators == ",."
    for name in ("yaxis", "yaxis2"):
        assert_money_axis(multiples.layout[name])


def test_a_count_keeps_its_plain_axis(sample_engine):
    ind = CATALOGUE()["young_people_in_care"]
    figs = sample_engine.series("young_people_in_care", YEARS, Selection(region=REGIONS[0]))
    axis = charts.trend_with_path(ind, figs).layout.yaxis
    assert axis.tickprefix is None and axis.ticksuffix is None
    assert list(charts.trend_with_path(ind, figs).data[0].y) == [f.value for f in figs]


@pytest.mark.parametrize("provider", ["AA01", "IJ01"])
def test_evaluations_lump_sum_chart_has_a_dutch_euro_axis(sample_engine, provider):
    region = sample_engine.providers[provider][1]
    model = evaluatie(sample_engine, PageView.make(Selection(region=region, provider=provider), "2029-M8"))
    lump = next(c for c in model.blocks(Chart) if c.key == "chart-evaluation-lump_sum_eur")
    fig = charts.build(lump)
    assert_money_axis(fig.layout.yaxis)
    assert fig.layout.separators == ",."
    agreed = [v for v in lump.data["series"]["Afgesproken"] if v is not None]
    assert agreed and max(v for v in fig.data[0].y if v is not None) == pytest.approx(max(agreed) / 1e6)
    # Counts keep whole numbers.
    count = next(c for c in model.blocks(Chart) if c.key == "chart-evaluation-young_people_in_care")
    assert charts.build(count).layout.yaxis.tickformat == ",d"
