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


def test_a_baseline_chip_points_the_way_the_figure_moved_and_colours_by_the_indicators_direction(sample_engine):
    model = overzicht(sample_engine, PageView.make(REGION, "2029-M8"))
    chips = {kf.figure.indicator: kf for kf in model.key_figures().values() if kf.delta}
    # Out-of-home placements per 1,000 fell from the baseline, and lower is better: down and green.
    placements = sample_engine.compute("out_of_home_per_1000", "2029-M8", REGION)[0]
    assert placements.value < placements.baseline
    assert (chips["out_of_home_per_1000"].delta_arrow, chips["out_of_home_per_1000"].delta_color) == ("down", "green")
    for ident, kf in chips.items():
        fig = sample_engine.compute(ident, "2029-M8", REGION)[0]
        ind = CATALOGUE()[ident]
        assert kf.delta_arrow == ("up" if fig.value > fig.baseline else "down")
        better = (fig.value > fig.baseline) == (ind.direction == "higher_is_better")
        assert kf.delta_color == ("gray" if ind.direction == "none" else "green" if better else "red")


def test_no_baseline_chip_in_the_baseline_year(sample_engine):
    for period in ("2026-M8", "2026"):
        model = overzicht(sample_engine, PageView.make(REGION, period))
        assert [kf.delta for kf in model.key_figures().values()] == [None] * len(KEY_FIGURES)
    later = overzicht(sample_engine, PageView.make(REGION, "2027-M8"))
    assert later.key_figures()["kpi-young_people_in_care"].delta.startswith("nulmeting 2026: ")


def test_a_theme_tile_says_its_rule_and_names_what_sets_its_status(sample_engine):
    """Issue 28, item 6: theme B's tile said "Uit koers" above three indicators "Op koers"."""
    from jeugdhulpmonitor.views.overzicht import THEME_RULE

    for period in ("2028-M8", "2029-M8"):
        for tile in overzicht(sample_engine, PageView.make(REGION, period)).blocks(Tile):
            assert THEME_RULE in tile.lines
            named = [line for line in tile.lines[2:] if ":" in line]
            headline = next(label for s, label in STATUS_LABELS.items() if label in tile.headline)
            if headline != STATUS_LABELS["not_measurable"]:
                assert named and all(headline in line for line in named), (tile.key, tile.lines)
