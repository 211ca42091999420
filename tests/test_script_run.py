"""What a script run costs besides the page (issue 12: a filter change settles within 500 ms on
the sample): the data status asks no query after the first run of a version, and Streamlit's
collection after each run walks only that run's objects, not the libraries and the engine."""

import gc

import pytest
from streamlit.testing.v1 import AppTest

from jeugdhulpmonitor import REPO_ROOT
from ui import data


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(REPO_ROOT / "sample_data"))
    monkeypatch.setenv("JHM_CACHE_DIR", "off")  # the extract as it is: no background build
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    return at


def test_the_data_status_asks_no_query_on_a_rerun(app):
    engine = data.engine()
    engine.runner.timings = []
    try:
        app.run()
        asked = [name for name, _ms, _params in engine.runner.timings]
    finally:
        engine.runner.timings = None
    assert not app.exception
    assert "Voorbeeldgegevens (fictief)" in app.sidebar.caption[0].value  # the status is still shown
    assert "data_summary" not in asked and "table_rows" not in asked


def test_the_collection_after_a_run_leaves_long_lived_objects_alone(app):
    app.run()
    # Frozen when the engine opened: the libraries and the engine's stored answers, which a full
    # collection would otherwise walk after every run (100-300 ms).
    assert gc.get_freeze_count() > 100_000
    assert len(gc.get_objects()) < gc.get_freeze_count()


def test_a_rerun_draws_the_same_charts_without_building_them_again(app, monkeypatch):
    from jeugdhulpmonitor import charts

    built = []
    real = charts.build
    monkeypatch.setattr(charts, "build", lambda c: built.append(c.key) or real(c))
    app.switch_page("pages/themas.py").run()
    assert not app.exception
    drawn = len(app.get("plotly_chart"))
    assert drawn > 0
    before = len(built)
    app.run()
    assert len(app.get("plotly_chart")) == drawn
    assert len(built) == before  # the model came back as the same object, its figures with it
