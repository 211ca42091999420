"""A table too wide for a screen names the groups of columns it is drawn in (issue 28, item 14):
the dialogue's elements (the region, 6 municipalities and 8 areas: 20 columns that ran off the
right edge at 1440 px) and the indicator catalogue. Every column stands in exactly one group,
so the screen leaves none out; the browser test (tests/e2e/test_clipped_text.py) sees them whole."""

import pytest

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import PageView, Table
from jeugdhulpmonitor.views.data import data
from jeugdhulpmonitor.views.dialogue import prestatiedialoog

AA, IJ = "amsterdam-amstelland", "ijmond-zuid-kennemerland"
DIALOGUES = [
    (Selection(region=AA, provider="AA01"), "pd1"),
    (Selection(region=AA, theme="B"), "pd2"),
    (Selection(region=AA, area="noord"), "pd2"),
    (Selection(region=IJ, provider="IJ01"), "pd1"),
    (Selection(region=IJ, area="ijmond"), "pd2"),
]
WIDEST = 9  # columns of a group with its row labels: 8 areas and the indicator


def assert_groups_cover_the_table_once(table: Table) -> None:
    columns = list(table.frame.columns)
    grouped = [c for _title, group in table.groups for c in group]
    assert sorted(grouped) == sorted(columns[1:]), table.key  # the row labels repeat in each
    assert all(1 + len(group) <= WIDEST for _title, group in table.groups), table.key


@pytest.mark.parametrize("selection, kind", DIALOGUES)
def test_a_dialogue_element_is_drawn_as_its_selection_its_municipalities_and_its_areas(sample_engine, selection, kind):
    model = prestatiedialoog(sample_engine, PageView.make(selection, "2029-M8", dialoog=kind))
    elements = [t for t in model.blocks(Table) if t.key.startswith("element-")]
    assert elements
    geo = GEO()
    for table in elements:
        assert_groups_cover_the_table_once(table)
        groups = dict(table.groups)
        assert "Vergeleken met" in groups[None] and "Status" in groups[None]
        if selection.area is None:
            assert {geo.name(m) for m in geo.municipalities_of(selection.region)} == set(groups["Per gemeente"])
            assert {f"gebied {geo.name(a)}" for a in geo.areas_of(selection.region)} == set(groups["Per gebied"])
        else:  # an area beside its region; its municipalities' parts where it has more than one
            assert f"Regio {geo.name(selection.region)}" in groups[None]
            assert "Per gebied" not in groups


def test_the_catalogue_shows_its_definitions_beside_the_names_alone(sample_engine):
    table = next(
        t for t in data(sample_engine, PageView.make(Selection(), "2029")).blocks(Table) if t.key == "catalogue"
    )
    assert_groups_cover_the_table_once(table)
    assert table.groups[0] == (None, ["Definitie"])
