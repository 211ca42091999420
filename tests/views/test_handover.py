"""The selection handed over between pages (issue 28, item 10): kept where the next page can show
it, else the nearest view that page can show, with a Dutch sentence for every change; never
silently the page's default. The browser tests (tests/e2e/test_navigation.py) follow the links."""

from datetime import date

import pytest

from jeugdhulpmonitor.periods import REPORTS, Period, all_periods
from jeugdhulpmonitor.selection import Scope, Selection
from jeugdhulpmonitor.views.handover import hand_over, nearest_period
from jeugdhulpmonitor.views.reach import REACH

PERIODS = all_periods(2024, date(2029, 8, 31))  # the sample's data run to August 2029
PROVIDERS = {"AA01": ("Altra", "amsterdam-amstelland"), "IJ01": ("Kenter", "ijmond-zuid-kennemerland")}
AA, IJ = "amsterdam-amstelland", "ijmond-zuid-kennemerland"
COUNCIL = ("H1", "Y")


def over(page: str, selection: Selection, period: str, scope: Scope = Scope()):
    return hand_over(page, page.capitalize(), selection, Period.parse(period), PERIODS, PROVIDERS, scope)


@pytest.mark.parametrize(
    ("period", "forms", "nearest"),
    [
        ("2026-H1", REPORTS, "2026-M8"),  # January-June lies wholly in January-August
        ("2026-Q1", REPORTS, "2026-M4"),
        ("2026-Q2", REPORTS, "2026-M8"),
        ("2026-H2", REPORTS, "2026-M12"),
        ("2026", REPORTS, "2026-M12"),  # the same twelve months
        ("2026-M12", COUNCIL, "2026"),
        ("2026-M8", COUNCIL, "2026-H1"),
        ("2026-M4", COUNCIL, "2026-H1"),
        ("2027-Q3", COUNCIL, "2027"),
        ("2029-M8", COUNCIL, "2029-H1"),  # 2029 as a whole year is not over yet
        ("2027-Q2", None, "2027-Q2"),  # a page of every form shows it as it is
    ],
)
def test_a_period_the_page_does_not_offer_becomes_the_one_sharing_most_of_its_months(period, forms, nearest):
    assert nearest_period(Period.parse(period), PERIODS, forms) == Period.parse(nearest)


@pytest.mark.parametrize(("region", "municipality"), [(AA, "GM0358"), (IJ, "GM0377")])
def test_a_council_half_year_on_financien_keeps_the_municipality_and_says_which_report_it_shows(region, municipality):
    to = over("financien", Selection(region=region, municipalities=(municipality,)), "2026-H1")
    assert to.selection == Selection(region=region, municipalities=(municipality,))
    assert to.period == Period(2026, "M8")
    assert to.changes == (
        "Periode: Financien toont alleen 4-, 8- en 12-maandsrapportages. In plaats van het eerste halfjaar "
        "2026 ziet u de 8-maandsrapportage 2026 (januari tot en met augustus 2026).",
    )


@pytest.mark.parametrize(
    "selection",
    [
        Selection(region=AA, municipalities=("GM0362",)),
        Selection(region=AA, area="noord"),
        Selection(region=AA, municipalities=("GM0363",), area="noord"),
        Selection(region=IJ, municipalities=("GM0377",)),
        Selection(region=IJ, area="ijmond"),
    ],
)
@pytest.mark.parametrize("page", ["overzicht", "gemeenten"])
def test_what_the_next_page_can_show_is_kept_without_a_notice(page, selection):
    to = over(page, selection, "2027-Q2")
    assert (to.selection, to.period, to.changes) == (selection, Period(2027, "Q2"), ())


def test_a_municipality_on_a_page_of_the_whole_region_says_so():
    to = over("evaluatie", Selection(region=IJ, municipalities=("GM0377",)), "2028-M8")
    assert to.selection == Selection(region=IJ)
    assert to.changes == (
        "Gemeente: Evaluatie toont de hele regio, niet één gemeente. In plaats van Bloemendaal ziet u de hele "
        "regio IJmond/Zuid-Kennemerland.",
    )


def test_an_area_of_one_municipality_becomes_that_municipality_where_areas_are_not_shown():
    to = over("financien", Selection(region=AA, area="noord"), "2028-M8")
    assert to.selection == Selection(region=AA, municipalities=("GM0363",))
    assert to.changes == (
        "Gebied: Financien toont geen gebieden. In plaats van gebied Noord ziet u de gemeente Amsterdam, "
        "waar het gebied in ligt.",
    )


def test_an_area_of_several_municipalities_becomes_the_region():
    to = over("raadsrapportage", Selection(region=AA, area="duo"), "2028-H1")
    assert to.selection == Selection(region=AA)
    assert "In plaats van gebied DUO ziet u de hele regio Amsterdam-Amstelland." in to.changes[0]


def test_a_provider_and_a_theme_the_page_cannot_filter_on_are_named():
    to = over("overzicht", Selection(region=AA, provider="AA01", theme="B"), "2028-M8")
    assert to.selection == Selection(region=AA)
    assert [c.split(":")[0] for c in to.changes] == ["Thema", "Aanbieder"]
    assert "In plaats van Altra ziet u alle aanbieders samen." in to.changes[1]


def test_a_providers_own_organisation_is_no_change_for_its_staff():
    """Their scope shows their own clients on every page: dropping the filter changes nothing."""
    to = over("overzicht", Selection(region=AA, provider="AA01"), "2028-M8", Scope(providers=("AA01",)))
    assert to.selection == Selection(region=AA) and to.changes == ()


def test_the_dialogue_opens_as_pd2_for_a_theme_or_area_and_as_pd1_otherwise():
    theme = over("prestatiedialoog", Selection(region=AA, theme="B"), "2028-M8")
    assert theme.reach.choices == {"dialoog": "pd2"} and theme.changes == ()
    area = over("prestatiedialoog", Selection(region=AA, area="noord"), "2028-M8")
    assert area.reach.choices == {"dialoog": "pd2"} and area.selection.area == "noord"
    provider = over("prestatiedialoog", Selection(region=AA, provider="AA01"), "2028-M8")
    assert provider.reach is REACH["prestatiedialoog"][0] and provider.changes == ()


def test_a_providers_staff_are_never_sent_to_pd2():
    to = over("prestatiedialoog", Selection(region=AA, theme="B"), "2028-M8", Scope(providers=("AA01",)))
    assert to.reach.choices == {"dialoog": "pd1"}
    assert to.changes[0].startswith("Thema: ")


def test_a_theme_in_a_region_without_themes_is_not_carried():
    to = over("themas", Selection(region=IJ, theme="B"), "2028-M8")
    assert to.selection.theme is None


@pytest.mark.parametrize("page", sorted(REACH))
def test_every_page_says_each_change_once_and_keeps_the_region(page):
    sel = Selection(region=AA, municipalities=("GM0363",), area="noord", provider="AA01", theme="B")
    to = over(page, sel, "2026-Q3")
    assert to.selection.region == AA
    assert len({c.split(":")[0] for c in to.changes}) == len(to.changes)
    assert all("2026-" not in c for c in to.changes)  # no period codes in a sentence
