"""The Data en definities model, without a browser."""

import pytest

from jeugdhulpmonitor.access import ROLES
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import day, number
from jeugdhulpmonitor.pagemodel import PageView, Table, Text
from jeugdhulpmonitor.views.data import COUNTS_WITHHELD, data


def test_names_not_paths_and_dates_in_full(sample_engine):
    model = data(sample_engine, PageView.make(Selection(), "2028"))
    shown = " ".join(t.text for t in model.blocks(Text)) + " ".join(t.shown().to_string() for t in model.blocks(Table))
    assert "Voorbeeldgegevens (fictief)" in shown
    assert "/" + "sample_data" not in shown and "queries/" not in shown and ".sql" not in shown
    assert day(sample_engine.summary()["last_date"]) in shown
    assert "catalogue" in {t.key for t in model.blocks(Table)}


def test_freshness_shows_provider_names(sample_engine):
    frame = data(sample_engine, PageView.make(Selection(), "2028")).table("freshness").frame
    assert not frame.empty
    assert set(frame["Aanbieder"]) <= {name for name, _r in sample_engine.providers.values()}


@pytest.mark.parametrize("group", ["jhm-gemeente-aalsmeer", "jhm-aanbieder-altra", "jhm-regio-amsterdam-amstelland"])
def test_a_restricted_scope_sees_no_counts_of_the_whole_data(sample_engine, group):
    """Issue 27, item 9: rows per table (all trajectories, all young people) and rejected rows are
    the whole data's; a person who holds part of it sees the tables' names only."""
    engine = sample_engine.within(ROLES().groups[group].scope())
    model = data(engine, PageView.make(Selection(), "2028"))
    assert list(model.table("loaded-tables").frame.columns) == ["Tabel"]
    assert set(model.table("loaded-tables").frame["Tabel"]) == set(sample_engine.table_rows())
    assert "Rijen" not in model.table("rejected-rows").frame.columns
    assert COUNTS_WITHHELD in [t.text for t in model.blocks(Text)]
    said = " ".join(t.text for t in model.blocks(Text)) + " ".join(t.shown().to_string() for t in model.blocks(Table))
    summary = sample_engine.summary()
    counts = [*sample_engine.table_rows().values(), summary["clients"], summary["trajectories"]]
    for count in (c for c in counts if c >= 1000):  # smaller ones occur by chance (a day, a share)
        assert number(count) not in said and str(count) not in said


def test_the_whole_scope_sees_the_row_counts(sample_engine):
    model = data(sample_engine, PageView.make(Selection(), "2028"))
    loaded = model.table("loaded-tables").frame
    assert dict(zip(loaded["Tabel"], loaded["Rijen"], strict=True)) == sample_engine.table_rows()
    assert "Rijen" in model.table("rejected-rows").frame.columns
    assert COUNTS_WITHHELD not in [t.text for t in model.blocks(Text)]


def test_the_data_page_says_how_small_counts_are_protected(sample_engine):
    from jeugdhulpmonitor.suppression import MAX_NOISE

    model = data(sample_engine, PageView.make(Selection(), "2029-M8"))
    section = next(s for s in model.sections if s.key == "protection")
    words = " ".join(b.text for b in section.blocks if isinstance(b, Text))
    assert "<10" in words and "afwijken om herleidbaarheid te voorkomen" in words
    assert f"ten hoogste {MAX_NOISE}" in words


def test_the_catalogue_says_whose_targets_they_are(sample_engine):
    """Issue 28, item 9: the catalogue table gave Amsterdam-Amstelland's targets as the targets of
    indicators IJmond/Zuid-Kennemerland shares, which its own framework does not set."""
    frame = data(sample_engine, PageView.make(Selection(), "2028")).table("catalogue").frame.set_index("Indicator")
    targets = frame["Doelen"]
    assert targets["Wachttijd (mediaan, dagen)"] == (
        "Amsterdam-Amstelland: 2028: -10% t.o.v. nulmeting, 2034: -30% t.o.v. nulmeting; "
        "IJmond/Zuid-Kennemerland: geen streefwaarde in het kader"
    )
    assert targets["Eindejaarsprognose als deel van het budget"] == "IJmond/Zuid-Kennemerland: hooguit 100,0%"
    assert targets["Zorgcontinuïteit"] == "IJmond/Zuid-Kennemerland: geen streefwaarde in het kader"
    theme_b = "2028: -5% t.o.v. nulmeting, 2034: -30% t.o.v. nulmeting"  # a region with themes only: as before
    assert targets["Uithuisplaatsingen per 1.000 jeugdigen"] == theme_b
