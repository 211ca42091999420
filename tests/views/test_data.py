"""The Data en definities model, without a browser."""

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import day
from jeugdhulpmonitor.pagemodel import PageView, Table, Text
from jeugdhulpmonitor.views.data import data


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
