"""The Thema's model against the engine, without a browser."""

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text, number
from jeugdhulpmonitor.pagemodel import PageView, Text
from jeugdhulpmonitor.views.themes import change_words, themas

REGION = Selection(region="amsterdam-amstelland")


def _texts(model):
    return {t.key: t.text for t in model.blocks(Text) if t.key}


def test_key_figures_and_the_path_value_and_tolerance_at_the_period(sample_engine):
    model = themas(sample_engine, PageView.make(Selection(region=REGION.region, theme="B"), "2028"))
    kf = model.key_figures()
    f = sample_engine.compute("out_of_home_per_1000", "2028", REGION)[0]
    assert kf["kpi-out_of_home_per_1000"].text == figure_text(f, CATALOGUE()["out_of_home_per_1000"].format)
    status = _texts(model)["status-out_of_home_per_1000"]
    assert f.target_path is not None
    assert f"doelpad 2028: {number(f.target_path, CATALOGUE()['out_of_home_per_1000'].format)}" in status
    assert "marge" in status
    assert "Status: beoordeeld tegen het doelpad" in kf["kpi-out_of_home_per_1000"].help


def test_the_theme_is_said_to_be_no_filter_on_trajectories(sample_engine):
    model = themas(sample_engine, PageView.make(Selection(region=REGION.region, theme="B"), "2028"))
    assert "geen filter op trajecten" in model.sections[0].blocks[0].text
    assert "thema" not in model.caption.split("·")[1]


def test_a_milestone_gives_the_same_answer_for_an_area_and_its_municipalities(sample_engine):
    texts = []
    for sel in (
        Selection(region=REGION.region, theme="A", area="duo"),
        Selection(region=REGION.region, theme="A", municipalities=("GM0384",)),
    ):
        texts.append(
            _texts(themas(sample_engine, PageView.make(sel, "2028")))["milestone-plan_school_expertise_approved"]
        )
    assert texts[0] == texts[1] and "bereikt op 15 november 2027" in texts[0]


def test_a_change_says_its_direction_with_arrow_and_colour():
    ind = CATALOGUE()["residential_days_change_vs_2026"]  # lower is better
    assert change_words(ind, -12.5) == ":green[▼ daling van 12,5% ten opzichte van de nulmeting 2026]"
    assert change_words(ind, 3.0).startswith(":red[▲ stijging van 3,0%")


def test_all_themes_shows_every_theme_not_only_the_first(sample_engine):
    """Issue 28, item 11: "Alle thema's" showed theme A only."""
    from jeugdhulpmonitor.catalogue import THEME_LABELS

    model = themas(sample_engine, PageView.make(REGION, "2028"))
    assert model.caption.startswith("Alle thema's")
    shown = set(model.key_figures())
    for theme in THEME_LABELS:
        ids = {f"kpi-{i.id}" for i in CATALOGUE().in_theme(theme) if i.level}  # the framework's levels
        assert ids and ids <= shown, theme
        assert any(s.key == f"theme-{theme}" and s.title == THEME_LABELS[theme] for s in model.sections)
    keys = [s.key for s in model.sections if s.key]
    assert len(keys) == len(set(keys))  # Streamlit needs each key once


IJZK = Selection(region="ijmond-zuid-kennemerland")


def test_ijmonds_themas_show_its_kpi_framework_not_a_dead_end(sample_engine):
    """Issue 28, item 9: the page said "zie de KPI's op het overzicht", where none were. A region
    without themes gets its own KPIs here, each with its trend and what it is judged against."""
    from jeugdhulpmonitor.pagemodel import Chart, Notice

    model = themas(sample_engine, PageView.make(IJZK, "2028-M8"))
    assert not list(model.blocks(Notice))
    assert "werkt niet met thema's A–D" in _texts(model)["kpi-note"]
    texts = _texts(model)
    charts = {c.key for c in model.blocks(Chart)}
    for key, label, members in CATALOGUE().kpis(IJZK.region):
        assert model.section(f"kpi-group-{key}").title == label
        for ind in members:
            fig = sample_engine.compute(ind.id, "2028-M8", IJZK)[0]
            assert model.key_figures()[f"kpi-{ind.id}"].text == figure_text(fig, ind.format)
            assert f"chart-{ind.id}" in charts
            status = texts[f"status-{ind.id}"]
            if ind.id == "forecast_budget_pct":
                assert "van hooguit 100,0%" in status and "Nog niet meetbaar" not in status
            else:
                assert status.startswith("Geen streefwaarde in het kader"), ind.id
    assert not {i.id for i in CATALOGUE().values() if i.theme} & {k.removeprefix("kpi-") for k in model.key_figures()}
