"""Every page is reachable by the views its filters express, and only by those."""

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.views.reach import REACH, reachable
from jeugdhulpmonitor.views.registry import PAGES

REGION = Selection(region="amsterdam-amstelland")


def test_every_page_has_its_ways_in():
    assert set(REACH) >= set(PAGES)


def test_a_page_is_asked_only_what_its_filters_can_express():
    m8, year = Period(2027, "M8"), Period(2027, "Y")
    assert reachable("financien", REGION, year) is None  # money works on the 4-, 8- and 12-month reports
    assert reachable("financien", Selection(region=REGION.region, area="noord"), m8) is None
    assert reachable("raadsrapportage", REGION, Period(2027, "H1")) is None  # one municipality's report
    muni = Selection(region=REGION.region, municipalities=("GM0358",))
    assert reachable("raadsrapportage", muni, Period(2027, "H1")).period == Period(2027, "H1")
    provider = reachable("prestatiedialoog", Selection(region=REGION.region, provider="P01"), m8)
    theme = reachable("prestatiedialoog", Selection(region=REGION.region, theme="B"), m8)
    assert provider.choice("dialoog") == "pd1" and theme.choice("dialoog") == "pd2"
