"""The Overzicht model: the engine's figures, as the page shows them, without a browser."""

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import STATUS_LABELS, figure_text
from jeugdhulpmonitor.pagemodel import Link, PageView, Tile
from jeugdhulpmonitor.views.overzicht import KEY_FIGURES, overzicht

REGION = Selection(region="amsterdam-amstelland")


def test_key_figures_are_the_engines(sample_engine):
    for selection in (REGION, Selection(region="amsterdam-amstelland", municipalities=("GM0362",))):
        model = overzicht(sample_engine, PageView.make(selection, "2028-M8"))
        shown = {k: kf.text for k, kf in model.key_figures().items()}
        figs = sample_engine.compute(KEY_FIGURES, "2028-M8", selection)
        assert shown == {f"kpi-{f.indicator}": figure_text(f, CATALOGUE()[f.indicator].format) for f in figs}
        assert "Amstelveen" in model.caption or not selection.municipalities


def test_a_theme_tile_shows_its_worst_status_and_links_with_the_filters(sample_engine):
    model = overzicht(sample_engine, PageView.make(REGION, "2028-M8"))
    tiles = {t.key: t for t in model.blocks(Tile)}
    assert list(tiles) == ["theme-A", "theme-B", "theme-C", "theme-D"]
    for theme, tile in zip("ABCD", tiles.values()):
        judged = [i.id for i in CATALOGUE().in_theme(theme) if i.status.rule != "none"]
        statuses = {f.status for f in sample_engine.compute(judged, "2028-M8", REGION)}
        worst = next(s for s in ("off_track", "behind", "on_track", "not_measurable") if s in statuses)
        assert STATUS_LABELS[worst] in tile.headline
        assert tile.link == Link(
            f"Naar thema {theme} →", "themas", {"thema": theme, "regio": REGION.region, "periode": "2028-M8"}
        )


def test_a_region_without_themes_has_no_tiles(sample_engine):
    model = overzicht(sample_engine, PageView.make(Selection(region="ijmond-zuid-kennemerland"), "2028-M8"))
    assert not list(model.blocks(Tile))
