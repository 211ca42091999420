"""The catalogue is complete, consistent with queries/, and fails loudly when malformed."""

import re

import pytest

from jeugdhulpmonitor import QUERIES_DIR, REPO_ROOT
from jeugdhulpmonitor.catalogue import CATALOGUE, THEME_SOURCE, CatalogueError, load
from jeugdhulpmonitor.cli import main
from jeugdhulpmonitor.geography import GEO

CORE = [
    "young_people_in_care",
    "inflow",
    "outflow",
    "out_of_home",
    "out_of_home_per_1000",
    "residential_days",
    "residential_days_change_vs_2026",
    "new_out_of_home",
    "new_out_of_home_change_vs_2026",
    "intensive_at_imminent_pct",
    "early_termination_pct",
    "goal_attainment_pct",
    "waiting_days_median",
    "budget_eur",
    "spend_eur",
    "budget_utilisation_pct",
    "forecast_year_end_eur",
]
FORMS = ["2027", "2027-H2", "2027-Q3", "2027-M4", "2027-M8", "2027-M12"]
GROUPINGS = [None, "region", "municipality", "area", "provider", "theme"]


def test_every_core_indicator_of_the_contract_is_in_the_catalogue():
    assert set(CORE) <= set(CATALOGUE())


def test_every_source_exists_and_every_query_is_used():
    catalogue = CATALOGUE()
    for ind in catalogue.values():
        assert ind.source == THEME_SOURCE or (QUERIES_DIR / f"{ind.source}.sql").exists(), ind.id
    code = "\n".join(p.read_text() for p in (REPO_ROOT / "jeugdhulpmonitor").rglob("*.py"))
    used_by_code = set(re.findall(r'"([a-z_]+)"', code))
    for query in QUERIES_DIR.glob("*.sql"):
        name = query.stem
        assert name in {i.source for i in catalogue.values()} or name in used_by_code, f"queries/{name}.sql unused"


def test_each_theme_has_the_four_framework_levels():
    for theme in "ABCD":
        levels = {i.level for i in CATALOGUE().in_theme(theme)}
        assert {"outcome_2050", "doel_2034", "ajh_2028", "kritische_succesfactor"} <= levels, theme


def test_the_seed_example_of_theme_b_is_there_in_full():
    b = {i.id: i for i in CATALOGUE().in_theme("B")}
    assert b["out_of_home_per_1000"].level == "outcome_2050"
    assert {"residential_days_change_vs_2026", "intensive_at_imminent_pct", "new_out_of_home_change_vs_2026"} <= {
        i for i, x in b.items() if x.level == "doel_2034"
    }
    assert sum(x.kind == "milestone" for x in b.values()) == 2


def test_five_steering_elements_and_the_kpis_of_both_regions():
    for element in ("budget", "information", "client_flows", "content", "quality"):
        assert CATALOGUE().for_steering(element), element
    ijzk = {i.id for i in CATALOGUE().values() if "ijmond-zuid-kennemerland" in i.regions}
    assert {
        "waiting_days_median",
        "care_continuity_pct",
        "complaints_per_1000_clients",
        "early_termination_pct",
    } <= ijzk
    oiz = {i.id for i in CATALOGUE().values() if i.outcome_in_zicht}
    assert oiz == {
        "early_termination_pct",
        "effect_satisfaction_pct",
        "goal_attainment_pct",
        "no_new_care_within_year_pct",
    }


def test_every_indicator_with_a_status_has_direction_baseline_and_targets():
    for ind in CATALOGUE().values():
        if ind.status.rule == "target_path":
            assert ind.direction != "none" and ind.baseline.rule != "none" and set(ind.targets) == {2028, 2034}


@pytest.mark.parametrize(
    ("field", "broken", "message"),
    [
        ("direction", "direction: sideways", "indicator 'inflow'"),
        ("source", "source: no_such_query", "no queries/no_such_query.sql"),
        ("status", "status: {rule: target_path}", "needs targets for 2028 and 2034"),
    ],
)
def test_a_malformed_catalogue_fails_naming_the_entry(tmp_path, field, broken, message):
    text = (REPO_ROOT / "config" / "catalogue.yaml").read_text()
    start, end = text.index("  inflow:\n"), text.index("  outflow:\n")
    entry = re.sub(rf"^    {field}: .*$", f"    {broken}", text[start:end], count=1, flags=re.M)
    path = tmp_path / "catalogue.yaml"
    path.write_text(text[:start] + entry + text[end:])
    with pytest.raises(CatalogueError, match=re.escape(message)) as exc:
        load(path)
    assert "indicator 'inflow'" in str(exc.value)


@pytest.mark.parametrize("period", FORMS)
def test_every_core_indicator_answers_for_every_period_form_and_grouping(sample_engine, period):
    for by in GROUPINGS:
        figures = sample_engine.compute(CORE, period, by=by)
        assert {f.indicator for f in figures} == set(CORE)


def test_every_catalogue_indicator_answers_on_the_sample(sample_engine):
    for by in GROUPINGS:
        assert len(sample_engine.compute(list(CATALOGUE()), "2028", by=by)) >= len(CATALOGUE())


def test_figures_prints_the_six_seed_counts(capsys):
    import json

    code = main(
        [
            "figures",
            "--data-dir",
            str(REPO_ROOT / "sample_data"),
            "--indicator",
            "young_people_in_care",
            "--period",
            "2024",
            "--by",
            "municipality",
            "--unsuppressed",
        ]
    )
    assert code == 0
    rows = {r["municipality_code"]: r["value"] for r in json.loads(capsys.readouterr().out)}
    assert {m: rows[m] for m in ("GM0358", "GM0362", "GM0363", "GM0384", "GM0437", "GM0451")} == {
        "GM0358": 410,
        "GM0362": 1016,
        "GM0363": 14378,
        "GM0384": 424,
        "GM0437": 206,
        "GM0451": 508,
    }


def test_figures_rejects_unknown_input_with_exit_1(capsys):
    assert main(["figures", "--indicator", "inflow", "--period", "2027", "--municipality", "GM9999"]) == 1
    assert "onbekende gemeente" in capsys.readouterr().err


def _with_entry(tmp_path, ident: str, line: str):
    """The bundled catalogue with one line added to one entry (after its source)."""
    text = (REPO_ROOT / "config" / "catalogue.yaml").read_text()
    start = text.index(f"\n  {ident}:\n")
    at = text.index("\n", text.index("    source: ", start)) + 1
    path = tmp_path / "catalogue.yaml"
    path.write_text(text[:at] + f"    {line}\n" + text[at:])
    return path


@pytest.mark.parametrize(
    ("ident", "line", "message"),
    [
        ("budget_eur", "levels: [region, provider]", "levels ['provider'] are not known from queries/budget_eur.sql"),
        ("inflow", "levels: [region, county]", "levels"),
        ("inflow", "levels: []", "must name at least one level"),
        ("inflow", "levels: [region, region]", "each once"),
        ("inflow", "regions: [amsterdam-amstelland, atlantis]", "regions ['atlantis']: not regions of"),
    ],
)
def test_a_catalogue_with_impossible_levels_or_regions_fails_naming_the_entry(tmp_path, ident, line, message):
    with pytest.raises(CatalogueError, match=re.escape(message)) as exc:
        load(_with_entry(tmp_path, ident, line))
    assert f"indicator {ident!r}" in str(exc.value)


def test_regions_default_to_every_region_and_a_themes_indicator_to_the_regions_with_themes():
    """Issue 28: the code defaulted to Amsterdam-Amstelland, so IJmond's dialogue had no young
    people in care, inflow or outflow although the header said "default: all"."""
    every = tuple(GEO().regions)
    with_themes = tuple(code for code, r in GEO().regions.items() if r.has_themes)
    assert len(every) == 2 and with_themes == ("amsterdam-amstelland",)
    for ident in ("young_people_in_care", "inflow", "outflow", "goal_attainment_pct"):
        assert CATALOGUE()[ident].regions == every, ident
    assert CATALOGUE()["regular_education_pct"].regions == with_themes
    assert CATALOGUE()["care_continuity_pct"].regions == ("ijmond-zuid-kennemerland",)  # as declared
    ijzk = {i.id for i in CATALOGUE().for_steering("client_flows", "ijmond-zuid-kennemerland")}
    assert {"young_people_in_care", "inflow", "outflow"} <= ijzk


def test_levels_default_from_the_source_and_narrow_where_declared():
    c = CATALOGUE()
    everywhere = ("region", "municipality", "area", "provider", "theme")
    assert c["inflow"].known_at() == everywhere  # from the trajectories
    assert c["budget_eur"].known_at() == ("region", "municipality", "area")  # binds no provider or theme
    assert c["lump_sum_eur"].known_at() == ("region", "municipality", "area", "provider")
    assert c["spend_eur"].known_at() == ("region", "municipality", "area", "provider")
    assert c["budget_utilisation_pct"].known_at() == ("region", "municipality", "area")  # declared
    assert c["client_satisfaction_score"].known_at() == ("region",)  # delivered, nothing declared
    assert c["delivery_on_time_pct"].known_at() == ("region", "provider")
    assert c["regular_education_pct"].known_at() == ("region", "municipality", "area")
    delivered = [i for i in c.values() if not i.from_flows and i.steering != ("information",)]
    assert delivered and all("provider" not in i.known_at() for i in delivered)


# --- IJmond/Zuid-Kennemerland's own KPI framework (issue 28, item 9) -----------------------------
IJZK = "ijmond-zuid-kennemerland"


def test_ijmond_has_its_own_kpi_framework_of_the_seeds_topics():
    """Seeds 002 and 004: KPIs on content and finance, waiting times, care continuity, complaints
    and their handling, trajectory duration; Thema's pointed to an Overzicht without them."""
    groups = {label: [i.id for i in members] for _key, label, members in CATALOGUE().kpis(IJZK)}
    assert list(groups) == [
        "Tijdigheid en wachttijd",
        "Zorgcontinuïteit",
        "Klachten en klachtafhandeling",
        "Duur van trajecten",
        "Financiën",
    ]
    assert "waiting_days_median" in groups["Tijdigheid en wachttijd"]
    assert "care_continuity_pct" in groups["Zorgcontinuïteit"]
    assert {"complaints_per_1000_clients", "complaints_handled_in_time_pct"} <= set(
        groups["Klachten en klachtafhandeling"]
    )
    assert groups["Duur van trajecten"] == ["trajectory_days_median"]
    assert "forecast_budget_pct" in groups["Financiën"]
    for members in groups.values():
        assert all(IJZK in CATALOGUE()[i].regions for i in members)
    assert CATALOGUE().kpis("amsterdam-amstelland") == []  # its framework is the themes


def test_ijmond_judges_by_its_own_targets_and_quotes_where_each_comes_from():
    """Not Amsterdam-Amstelland's: the seeds give one number, the budget's limit (seed 002,
    §3.5); every other KPI says there is no target in the framework, and why."""
    c = CATALOGUE()
    judged = {}
    for ind in c.values():
        if IJZK not in ind.regions:
            continue
        own = c.in_region(ind, IJZK)
        assert own.overrides == {}, ind.id
        if ind.id in [i.id for _k, _l, m in c.kpis(IJZK) for i in m]:
            assert own.targets == ind.kpi[IJZK].targets and own.status == ind.kpi[IJZK].status, ind.id
        else:
            assert (own.targets, own.status.rule) == ({}, "none"), ind.id
        basis = c.target_basis(ind, IJZK)
        if own.status.rule == "none":
            assert basis.startswith(("Geen streefwaarde in het kader", "Geen eigen streefwaarde")), ind.id
        else:
            judged[ind.id] = (own.status, basis)
    assert list(judged) == ["forecast_budget_pct"]
    status, basis = judged["forecast_budget_pct"]
    assert (status.rule, status.limit) == ("ceiling", 100)
    assert '"Er kan en mag niet meer worden uitgegeven aan jeugdhulp dan wat per gemeente beschikbaar is"' in basis
    # Amsterdam-Amstelland keeps its own targets for the indicators both regions share.
    assert c.in_region("waiting_days_median", "amsterdam-amstelland").targets == {2028: "-10%", 2034: "-30%"}
    assert c.target_basis("waiting_days_median", "amsterdam-amstelland") is None


def test_complaints_per_1000_clients_are_known_at_every_level():
    """Issue 28, item 9: delivered per municipality it was "–" per area, provider and in IJmond."""
    ind = CATALOGUE()["complaints_per_1000_clients"]
    assert (ind.source, ind.denominator) == ("complaints_received", "young_people_in_care")
    assert ind.known_at() == ("region", "municipality", "area", "provider", "theme")
    assert CATALOGUE()["forecast_budget_pct"].known_at() == ("region", "municipality", "area")  # the budget's


@pytest.mark.parametrize(
    ("ident", "line", "message"),
    [
        ("inflow", "kpi: {amsterdam-amstelland: {group: duur, basis: x}}", "not a region with a KPI framework"),
        ("inflow", "kpi: {ijmond-zuid-kennemerland: {group: thema_b, basis: x}}", "group 'thema_b' is not one of"),
        ("regular_education_pct", "kpi: {ijmond-zuid-kennemerland: {group: duur, basis: x}}", "not in that region"),
        ("care_continuity_pct", "targets: {2028: 92, 2034: 96}", "targets that no region judges by"),
        ("goal_attainment_pct", "denominator: no_such_query", "no queries/no_such_query.sql"),
        ("inflow", "denominator: young_people_in_care", "a denominator is for a rate per 1,000 or a percentage"),
        ("complaints_received", "or_delivered: {without: client_flows, levels: [region]}", "not an optional table"),
        (
            "inflow",
            "kpi: {ijmond-zuid-kennemerland: {group: duur, basis: x, status: {rule: ceiling}}}",
            "needs a limit",
        ),
        (
            "inflow",
            "kpi: {ijmond-zuid-kennemerland: {group: duur, basis: x, status: {rule: ceiling, limit: 5}}}",
            "kpi ijmond-zuid-kennemerland: status rule ceiling needs direction lower_is_better",
        ),
        (
            "inflow",
            "kpi: {ijmond-zuid-kennemerland: {group: duur, basis: x, status: {rule: target_path}}}",
            "kpi ijmond-zuid-kennemerland: status rule target_path needs targets",
        ),
    ],
)
def test_a_kpi_or_denominator_that_cannot_hold_fails_naming_the_entry(tmp_path, ident, line, message):
    with pytest.raises(CatalogueError, match=re.escape(message)) as exc:
        load(_with_entry(tmp_path, ident, line))
    assert f"indicator {ident!r}" in str(exc.value)
