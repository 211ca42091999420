"""A figure whose period's data are not complete yet is "nog niet bekend", never a value (issue
28, item 7): the waiting list at the data's last report read 0 against a baseline of 350."""

import pytest

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import NOT_YET_KNOWN, figure_text
from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.views.flows import clientstromen


@pytest.mark.parametrize("region", ["amsterdam-amstelland", "ijmond-zuid-kennemerland"])
def test_clientstromen_says_the_latest_waiting_list_is_not_known_yet(sample_engine, region):
    sel = Selection(region=region)
    model = clientstromen(sample_engine, PageView.make(sel, "2029-M8"))
    tile = model.key_figures()["kpi-waiting_list"]
    assert tile.text == NOT_YET_KNOWN
    assert tile.delta is None  # no baseline chip beside a figure that is not there
    # A year earlier the data are complete: the value, as the engine gives it.
    earlier = clientstromen(sample_engine, PageView.make(sel, "2028-M8")).key_figures()["kpi-waiting_list"]
    expected = sample_engine.compute("waiting_list", Period.parse("2028-M8"), sel)[0]
    assert earlier.text == figure_text(expected, "0") != NOT_YET_KNOWN
