"""The Overzicht model: the engine's figures, as the page shows them, without a browser."""

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import STATUS_LABELS, figure_text
from jeugdhulpmonitor.pagemodel import Link, PageView, Text, Tile
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


IJZK = Selection(region="ijmond-zuid-kennemerland")


def test_ijmonds_overzicht_shows_its_own_kpis_with_its_own_targets(sample_engine):
    """Issue 28, item 9: IJmond/Zuid-Kennemerland's Overzicht showed six general figures (one of
    them Amsterdam-Amstelland's theme B) and none of its KPIs: waiting time, care continuity,
    complaints and their handling, trajectory duration, money; each against its own target."""
    model = overzicht(sample_engine, PageView.make(IJZK, "2028-M8"))
    shown = {kf.figure.indicator for kf in model.key_figures().values()}
    assert all(IJZK.region in CATALOGUE()[i].regions for i in shown), shown  # no Amsterdam-only indicator
    assert "out_of_home_per_1000" not in shown
    targets = {t.key: t.text for t in model.blocks(Text) if (t.key or "").startswith("target-")}
    for key, label, members in CATALOGUE().kpis(IJZK.region):
        assert model.section(f"kpi-group-{key}").title == label
        for ind in members:
            fig = sample_engine.compute(ind.id, "2028-M8", IJZK)[0]
            assert model.key_figures()[f"kader-{ind.id}"].text == figure_text(fig, ind.format)
            basis = CATALOGUE().target_basis(ind, IJZK.region)
            assert basis in model.key_figures()[f"kader-{ind.id}"].help
            if ind.id == "forecast_budget_pct":  # the framework's one number: not more than the budget
                assert targets[f"target-{ind.id}"].startswith("Grens: hooguit 100,0% · ")
                assert STATUS_LABELS[fig.status] in targets[f"target-{ind.id}"] and fig.status != "not_measurable"
            else:
                assert targets[f"target-{ind.id}"] == "Geen streefwaarde in het kader", ind.id
                assert fig.target_2028 is None and fig.target_path is None, ind.id  # never Amsterdam's
    assert {"waiting_days_median", "care_continuity_pct", "complaints_per_1000_clients",
            "complaints_handled_in_time_pct", "trajectory_days_median", "forecast_budget_pct"} <= {
        k.removeprefix("kader-") for k in model.key_figures()
    }  # fmt: skip
    # Amsterdam-Amstelland's waiting time keeps its own target path.
    assert sample_engine.compute("waiting_days_median", "2028-M8", REGION)[0].target_2028 is not None
    links = list(model.blocks(Link))
    assert [lk.page for lk in links] == ["themas"] and links[0].params["regio"] == IJZK.region


def test_complaints_per_1000_have_a_value_in_ijmond(sample_engine):
    """It read "–" everywhere: delivered only for Amsterdam-Amstelland's municipalities."""
    for selection in (IJZK, Selection(region=IJZK.region, municipalities=("GM0392",))):
        fig = sample_engine.compute("complaints_per_1000_clients", "2028-M8", selection)[0]
        assert fig.value is not None and fig.value > 0, selection
    model = overzicht(sample_engine, PageView.make(IJZK, "2028-M8"))
    assert model.key_figures()["kader-complaints_per_1000_clients"].text not in ("–", "", "x")
    # Per area of Amsterdam and per provider too, where the delivered rate had no rows.
    area = sample_engine.compute("complaints_per_1000_clients", "2028-M8", Selection(REGION.region, area="noord"))[0]
    (provider,) = sample_engine.compute("complaints_per_1000_clients", "2028", Selection(IJZK.region, provider="IJ01"))
    assert area.value is not None and provider.value is not None and not provider.not_known_at


def test_not_measurable_says_2026_is_the_baseline_year_and_the_budget_reads_as_a_sentence(sample_engine):
    """Issue 28, item 13: "Nog niet meetbaar" said nothing of why; "Budget 2026: € …" was a label."""
    from jeugdhulpmonitor.pagemodel import Text

    model = overzicht(sample_engine, PageView.make(REGION, "2026-M8"))
    first = "januari tot en met augustus 2027"  # the same 8-month report a year on
    why = f"2026 is het jaar van de nulmeting; de eerste beoordeling tegen het doel is die over {first}"
    for tile in model.blocks(Tile):
        assert STATUS_LABELS["not_measurable"] in tile.headline
        assert any(line.startswith(f"Waarom een status nog niet meetbaar is: {why} (") for line in tile.lines), (
            tile.lines
        )
    budget = next(t.text for t in model.section("key-figures").blocks if isinstance(t, Text))
    assert budget.startswith("Het budget voor 2026 is € ") and "(eindejaarsprognose)" in budget
