"""The Cliëntstromen model: the engine's flows; filters in labels; the right suppression marks."""

import pandas as pd

from jeugdhulpmonitor import breakdowns, charts
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.pagemodel import SUPPRESSED, SUPPRESSED_VALUE, Chart, PageView, is_hidden
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.suppression import SUPPRESSED_EXPLANATION
from jeugdhulpmonitor.views.flows import KEY_FIGURES, clientstromen

REGION = Selection(region="amsterdam-amstelland")
NARROW = Selection(region="amsterdam-amstelland", provider="AA01", theme="B")


def test_key_figures_equal_the_engine_and_say_their_filter(sample_engine):
    plain = clientstromen(sample_engine, PageView.make(REGION, "2028-H1"))
    narrow = clientstromen(sample_engine, PageView.make(NARROW, "2028-H1"))
    for model, sel in ((plain, REGION), (narrow, NARROW)):
        figs = sample_engine.compute(KEY_FIGURES, "2028-H1", sel)
        shown = model.key_figures()
        assert [shown[f"kpi-{f.indicator}"].figure.value for f in figs] == [f.value for f in figs]
    # One label never shows two numbers for the same geography and period.
    assert all("aanbieder Altra" in k.label and "thema B" in k.label for k in narrow.key_figures().values())
    assert not any("aanbieder" in k.label for k in plain.key_figures().values())
    assert all("aanbieder Altra" in s.title for s in narrow.sections[1:4])


def test_breakdown_holds_numbers_and_hidden_counts(sample_engine):
    model = clientstromen(sample_engine, PageView.make(NARROW, "2028-H1", indeling="referrer"))
    frame = model.table("breakdown").frame
    expected = breakdowns.by_dimension(sample_engine, Period.parse("2028-H1"), NARROW, "referrer").frame
    for shown, raw in zip(frame["Jeugdigen in zorg"], expected["in_care"]):
        assert shown is SUPPRESSED if pd.isna(raw) else (shown == raw and isinstance(shown, int))
    assert SUPPRESSED in list(frame["Met een traject gestart in de periode"])
    assert SUPPRESSED_EXPLANATION in model.notes


def test_a_hidden_median_or_percentage_per_provider_shows_x_never_a_count_mark(sample_engine):
    model = clientstromen(sample_engine, PageView.make(NARROW, "2028-H1"))
    table = model.table("per-provider")
    cells = [v for c in table.frame.columns[1:] for v in table.frame[c]]
    assert any(is_hidden(v) for v in cells)
    assert all(v is SUPPRESSED_VALUE for v in cells if is_hidden(v))
    assert "<10" not in table.shown().iloc[:, 1:].to_numpy().tolist().__str__()
    assert list(table.frame["Aanbieder"]) == ["Altra"]


def test_charts_have_axis_titles_and_dutch_numbers_or_are_empty(sample_engine):
    model = clientstromen(sample_engine, PageView.make(REGION, "2028-H1"))
    over_time = next(c for c in model.blocks(Chart) if c.key == "flows-over-time")
    built = charts.build(over_time)
    assert built.layout.xaxis.title.text == "Kwartaal" and built.layout.yaxis.title.text == "Aantal jeugdigen"
    assert built.layout.separators == ",."
    sankey = charts.build(next(c for c in model.blocks(Chart) if c.key == "sankey"))
    assert sankey.layout.separators == ",."


def test_durations_per_care_form_equal_the_breakdown_and_hide_small_medians_as_x(sample_engine):
    model = clientstromen(sample_engine, PageView.make(NARROW, "2028-H1"))
    frame = model.table("durations").frame
    expected = breakdowns.durations(sample_engine, Period.parse("2028-H1"), NARROW).frame
    assert len(frame) == len(expected) > 0
    for count, median, raw_count, raw_median in zip(
        frame["Beëindigde trajecten"], frame["Duur in dagen (mediaan)"], expected["ended"], expected["median_days"]
    ):
        assert count is SUPPRESSED if pd.isna(raw_count) else count == raw_count
        assert median is SUPPRESSED_VALUE if pd.isna(raw_median) else median == raw_median
    assert "aanbieder Altra" in next(s.title for s in model.sections if s.key == "durations-section")


def test_transitions_that_are_all_small_are_not_called_none(sample_engine):
    from jeugdhulpmonitor.views.flows import ALL_SMALL_TRANSITIONS

    sel = Selection(region="ijmond-zuid-kennemerland", municipalities=("GM0377",))
    model = clientstromen(sample_engine, PageView.make(sel, "2028-H1"))
    section = next(s for s in model.sections if s.key == "transitions-section")
    chart = next(b for b in section.blocks if isinstance(b, Chart))
    rows = model.table("transitions").frame
    assert len(rows) and chart.empty and chart.empty_text == ALL_SMALL_TRANSITIONS
