"""Who sees what (issue 15): roles and scopes from config/roles.yaml and the identity provider's
claims, row-level access in the engine (the scope is bound into every query; a municipality sees
others only as region totals and per 1,000), the stored answers within a scope equal to the
direct path, and the dashboard's development mode and scope notices (AppTest, real pages)."""

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from jeugdhulpmonitor import REPO_ROOT, access, aggregates, audit, breakdowns
from jeugdhulpmonitor.access import ROLES, Access, RolesError
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Engine, Scope, Selection
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.ingest import ingest
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.store import is_bundled_sample, published_from, resolve
from tests import extracts

AA = "amsterdam-amstelland"
AALSMEER, AMSTELVEEN, AMSTERDAM = "GM0358", "GM0362", "GM0363"
SAMPLE = REPO_ROOT / "sample_data"


def _roles(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roles.yaml"
    path.write_text(text)
    return path


# --- configuration and claims ------------------------------------------------------------------
def test_the_roles_file_loads_and_gives_every_group_a_scope():
    roles = ROLES()
    assert roles.group_claim == "groups"
    kinds = {g.role for g in roles.groups.values()}
    assert kinds == {"region", "municipality", "provider", "data_manager"}
    aalsmeer = roles.groups["jhm-gemeente-aalsmeer"].scope()
    assert aalsmeer.municipalities == (AALSMEER,)
    assert set(aalsmeer.comparison) == set(GEO().municipalities_of(AA))
    assert roles.groups["jhm-aanbieder-altra"].scope() == Scope(providers=("AA01",))
    assert roles.groups["jhm-regio-amsterdam-amstelland"].scope().municipalities == tuple(GEO().municipalities_of(AA))


@pytest.mark.parametrize(
    "entry, problem",
    [
        ("role: municipality", "needs municipality"),
        ("role: municipality\n    municipality: GM9999", "unknown municipality"),
        ("role: region\n    regions: [nergens]", "unknown region"),
        ("role: minister", "role"),
        ("role: provider\n    provider: AA01\n    colour: red", "colour"),
    ],
)
def test_a_wrong_group_is_refused_on_load_naming_the_group(tmp_path, entry, problem):
    path = _roles(tmp_path, f"groups:\n  jhm-fout:\n    {entry}\n")
    with pytest.raises(RolesError, match="jhm-fout") as info:
        ROLES(path)
    assert problem in str(info.value)


def test_claims_give_the_first_listed_group_and_the_person_by_email():
    claims = {"sub": "u1", "email": "a@aalsmeer.nl", "groups": ["onbekend", "jhm-gemeente-aalsmeer", "jhm-databeheer"]}
    found = access.from_claims(claims)
    assert (found.who, found.group, found.role) == ("a@aalsmeer.nl", "jhm-gemeente-aalsmeer", "municipality")
    # A group claim as one text (some providers send it so) works too.
    assert access.from_claims({"sub": "u2", "groups": "jhm-databeheer"}).role == "data_manager"


@pytest.mark.parametrize("claims", [{"sub": "u"}, {"sub": "u", "groups": []}, {"sub": "u", "groups": ["jhm-gast"]}])
def test_a_person_without_a_known_group_has_no_access(claims):
    assert access.from_claims(claims) is None


def test_pages_and_actions_follow_the_role():
    def person(group):
        return access.from_claims({"sub": "x", "groups": [group]})

    groups = ("jhm-regio-amsterdam-amstelland", "jhm-gemeente-aalsmeer", "jhm-aanbieder-altra", "jhm-databeheer")
    region, muni, provider, data = (person(g) for g in groups)
    assert region.may_see("prestatiedialoog") and region.may("record_dialogue") and not region.may("audit_log")
    assert muni.may_see("raadsrapportage") and not muni.may_see("prestatiedialoog")
    assert provider.may_see("financien") and not provider.may_see("gemeenten") and not provider.may_see("themas")
    assert data.may_see("data") and not data.may_see("overzicht") and data.may("audit_log")


def test_development_mode_serves_the_sample_only_unless_explicitly_allowed(monkeypatch):
    monkeypatch.delenv(access.DEV_ANY_DATA_ENV, raising=False)
    assert access.development_allowed(bundled_sample=True)
    assert not access.development_allowed(bundled_sample=False)
    monkeypatch.setenv(access.DEV_ANY_DATA_ENV, "1")
    assert access.development_allowed(bundled_sample=False)


def test_development_mode_takes_the_chosen_group_and_refuses_an_unknown_one():
    assert access.development().scope == Scope() and access.development().may("audit_log")
    chosen = access.development("jhm-aanbieder-altra")
    assert chosen.development and chosen.scope == Scope(providers=("AA01",)) and not chosen.may("audit_log")
    assert access.development("jhm-bestaat-niet") is None


# --- row-level access in the engine --------------------------------------------------------------
@pytest.fixture(scope="module")
def whole():
    return Engine(Runner(REPO_ROOT / "sample_data"))


def _scoped(whole: Engine, group: str) -> Engine:
    return whole.within(ROLES().groups[group].scope())


def _values(figures) -> dict:
    return {f.group_key: f.value for f in figures}


def test_a_municipality_sees_its_own_counts_and_others_only_per_1000_and_as_the_region_total(whole):
    mine = _scoped(whole, "jhm-gemeente-aalsmeer")
    region = Selection(region=AA)
    counts = _values(mine.compute("young_people_in_care", "2028", region, by="municipality"))
    assert counts == {
        AALSMEER: _values(whole.compute("young_people_in_care", "2028", region, by="municipality"))[AALSMEER]
    }
    rates = mine.compute("young_people_in_care", "2028", region, by="municipality", per_1000=True)
    everyone = whole.compute("young_people_in_care", "2028", region, by="municipality", per_1000=True)
    assert _values(rates) == _values(everyone) and len(rates) == 6
    assert mine.compute("inflow", "2028", region)[0].value == whole.compute("inflow", "2028", region)[0].value
    # Another municipality by name is outside the scope: its rows are not there.
    other = Selection(region=AA, municipalities=(AMSTELVEEN,))
    assert mine.compute("young_people_in_care", "2028", other)[0].value in (0, None)


def test_without_comparison_a_municipality_sees_no_region_total(whole, tmp_path):
    path = _roles(tmp_path, "groups:\n  g:\n    role: municipality\n    municipality: GM0358\n    others: none\n")
    mine = whole.within(ROLES(path).groups["g"].scope())
    region = Selection(region=AA)
    # Its own part is not passed off as the region's total: none is given.
    total = mine.compute("inflow", "2028", region)[0]
    assert total.value is None and "niet beschikbaar" in total.note
    assert len(mine.compute("young_people_in_care", "2028", region, by="municipality", per_1000=True)) == 1


def test_a_provider_sees_its_own_clients_and_money_and_never_another_providers(whole):
    altra = _scoped(whole, "jhm-aanbieder-altra")
    assert set(altra.providers) == {"AA01"}
    region = Selection(region=AA)
    own = whole.compute(["inflow", "lump_sum_eur"], "2028", Selection(region=AA, provider="AA01"))
    assert [f.value for f in altra.compute(["inflow", "lump_sum_eur"], "2028", region)] == [f.value for f in own]
    assert {f.group_key for f in altra.compute("inflow", "2028", region, by="provider")} == {"AA01"}
    money = breakdowns.money_rule(altra, Period(2028, "Y"), region)
    assert set(money.frame["provider_id"]) == {"AA01"}
    with pytest.raises(Exception, match="aanbieder"):
        altra.compute("inflow", "2028", Selection(region=AA, provider="AA02"))


# --- a restricted scope reads the stored answers, and they equal the direct path ----------------
FIELDS = ("value", "numerator", "denominator", "basis", "suppressed", "baseline", "status", "milestone_date")
SCOPED_QUESTIONS = {
    "jhm-gemeente-aalsmeer": [
        (Selection(region=AA, municipalities=(AALSMEER,)), None),
        (Selection(region=AA, municipalities=(AALSMEER,), provider="AA01"), None),
        (Selection(region=AA, municipalities=(AALSMEER,), theme="B"), None),
        (Selection(region=AA, municipalities=(AALSMEER,)), "provider"),  # not stored for anyone: direct
        (Selection(region=AA), "municipality"),
    ],
    "jhm-gemeente-amsterdam": [
        (Selection(region=AA, municipalities=(AMSTERDAM,)), "area"),
        (Selection(region=AA, municipalities=(AMSTERDAM,), area="noord"), None),
        (Selection(region=AA, area="oost"), None),
    ],
    "jhm-aanbieder-altra": [
        (Selection(region=AA), None),
        (Selection(region=AA), "municipality"),
        (Selection(region=AA, municipalities=(AMSTELVEEN,)), None),
        (Selection(region=AA, area="noord"), None),
        (Selection(region=AA), "provider"),
    ],
    "jhm-regio-amsterdam-amstelland": [(Selection(region=AA), None), (Selection(region=AA), "theme")],
}


@pytest.mark.parametrize("group", list(SCOPED_QUESTIONS))
def test_a_restricted_scope_reads_the_stored_answers_equal_to_the_direct_path(sample_published, group):
    runner = Runner(sample_published)
    scope = ROLES().groups[group].scope()
    fast, direct = Engine(runner, scope=scope), Engine(runner, scope=scope, use_aggregates=False)
    everyone, read = fast.within(Scope()), 0
    indicators = [i for i in CATALOGUE() if CATALOGUE()[i].kind != "change_vs_baseline"]
    for selection, by in SCOPED_QUESTIONS[group]:
        # The baseline year (each figure its own baseline) and a later report beside its baseline.
        for period in ("2026", "2029-M8"):
            stored = fast.unprotected().compute(indicators, period, selection, by=by)
            computed = direct.unprotected().compute(indicators, period, selection, by=by)
            assert [f.group_key for f in stored] == [f.group_key for f in computed]
            for a, b in zip(stored, computed, strict=True):
                for name in FIELDS:
                    x, y = getattr(a, name), getattr(b, name)
                    same = x == pytest.approx(y, rel=1e-12) if isinstance(y, float) else x == y
                    assert same, f"{group} {a.indicator} {period} {selection} by={by} {a.group_key}: {name} {x} != {y}"
            # Read from the stored rows wherever the whole scope's answer to the same question is.
            whole = everyone.compute("young_people_in_care", period, fast_selection(selection, by, scope), by=by)
            flows = [f for f in stored if f.indicator == "young_people_in_care"]
            expected = all("pre_aggregated" in f.params for f in whole)
            assert all(("pre_aggregated" in f.params) == expected for f in flows), (selection, by)
            read += expected
    assert read >= 2 * (len(SCOPED_QUESTIONS[group]) - 1)  # all but the one question stored for nobody


def fast_selection(selection: Selection, by: str | None, scope: Scope) -> Selection:
    """The whole scope's question that a scoped one stands for (a provider's own figures)."""
    return aggregates.in_scope(selection, by, scope)[0] if scope.providers else selection


def test_delivered_rows_without_a_municipality_count_only_within_the_scopes_region(tmp_path):
    """A provider's or region's delivered row holds for all municipalities of its region, so it
    is in a municipality's scope only when that region is the municipality's (never another
    region's provider), also for a question without a region."""
    providers = [*extracts.PROVIDERS, {"provider_id": "IJ01", "name": "IJ", "region_code": "ijmond-zuid-kennemerland"}]
    row = {"indicator_id": "complaints_per_1000_clients", "period": "2027", "area_code": None, "theme": None}
    delivered = [
        row | {"municipality_code": AALSMEER, "provider_id": None, "numerator": 2.0, "denominator": 100.0},
        row | {"municipality_code": None, "provider_id": "AA02", "numerator": 1.0, "denominator": 100.0},
        row | {"municipality_code": None, "provider_id": "IJ01", "numerator": 50.0, "denominator": 100.0},
    ]
    src = extracts.write(tmp_path, extracts.flows({}), providers=providers, theme_indicators=delivered)
    aalsmeer = Engine(Runner(src), scope=Scope(municipalities=(AALSMEER,)))
    for selection in (Selection(), Selection(region=AA, municipalities=(AALSMEER,))):
        (fig,) = aalsmeer.unprotected().compute("complaints_per_1000_clients", "2027", selection)
        assert (fig.numerator, fig.denominator) == (3.0, 200.0), selection  # Aalsmeer's and AA02's rows


def test_a_group_partly_inside_the_scope_is_not_read_from_the_stored_rows():
    # Amstelveen-Aalsmeer spans two municipalities: Aalsmeer's staff get only their part of it.
    aalsmeer = Scope(municipalities=(AALSMEER,))
    assert aggregates.in_scope(Selection(region=AA), None, aalsmeer) is None
    assert aggregates.in_scope(Selection(region=AA, area="amstelveen-aalsmeer"), None, aalsmeer) is None
    assert aggregates.in_scope(Selection(region=AA), "area", Scope(municipalities=(AALSMEER, AMSTERDAM))) is None


# --- the dashboard: development mode, roles and scope notices (real pages, no browser) ----------
def _app(monkeypatch, page: str, role: str | None = None, data=None, **params) -> AppTest:
    monkeypatch.setenv("JHM_CACHE_DIR", "off")
    monkeypatch.setenv("DATA_DIR", str(data or REPO_ROOT / "sample_data"))
    if role:
        monkeypatch.setenv(access.DEV_ROLE_ENV, role)
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page(f"pages/{page}.py")
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def test_development_mode_refuses_data_that_is_not_the_sample(monkeypatch, generated_small):
    # Not `generated`: the generator's output at the sample's seed and scale is the sample byte for
    # byte, and the sample is known by its content (issue 27).
    monkeypatch.delenv(access.DEV_ANY_DATA_ENV)
    at = _app(monkeypatch, "overzicht", data=generated_small)
    assert not at.exception
    assert "Inloggen is niet ingesteld" in at.error[0].value
    assert not at.metric and not at.dataframe  # no figures


def test_development_mode_is_marked_on_every_page(monkeypatch):
    for page in ("overzicht", "data"):
        at = _app(monkeypatch, page)
        assert any("Ontwikkelmodus zonder inloggen" in i.value for i in at.info), page


def test_an_unknown_development_role_sees_no_figures(monkeypatch):
    at = _app(monkeypatch, "overzicht", role="jhm-bestaat-niet")
    assert "rol voor de ontwikkelmodus is onbekend" in at.error[0].value
    assert not at.metric


def test_a_municipality_outside_the_scope_in_the_link_gets_a_notice_and_the_own_municipality(monkeypatch, tmp_path):
    monkeypatch.setenv("JHM_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    at = _app(monkeypatch, "overzicht", role="jhm-gemeente-aalsmeer", gemeente=AMSTELVEEN)
    assert not at.exception
    assert any("valt buiten uw toegang" in w.value and "gemeente" in w.value for w in at.warning)
    box = next(s for s in at.sidebar.selectbox if s.label == "Gemeente")
    assert box.value == AALSMEER and box.options == ["Aalsmeer"]  # no "all", no other municipality
    assert at.query_params.get("gemeente") != AMSTELVEEN
    refused = [e for e in audit.Log(tmp_path / "audit.sqlite").latest() if e.event == "refused"]
    assert [(e.page, e.what) for e in refused] == [("overzicht", f"gemeente={AMSTELVEEN}")]


def test_a_page_outside_the_role_is_not_served(monkeypatch):
    at = _app(monkeypatch, "overzicht", role="jhm-databeheer")
    assert at.title[0].value == "Data en definities"  # the role's first page instead


def test_the_data_team_reads_the_audit_log_and_others_do_not(monkeypatch, tmp_path):
    monkeypatch.setenv("JHM_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    _app(monkeypatch, "overzicht", role="jhm-gemeente-aalsmeer")
    at = _app(monkeypatch, "data", role="jhm-databeheer")
    assert "Auditlogboek" in [h.value for h in at.subheader]
    log = next(t.value for t in at.table if "Wie" in t.value.columns)  # a static table (it wraps)
    assert "gemeente=GM0358" in " ".join(log["Selectie"].str.replace(", ", ";"))
    others = _app(monkeypatch, "data", role="jhm-regio-amsterdam-amstelland")
    assert "Auditlogboek" not in [h.value for h in others.subheader]


def test_access_is_frozen_and_hashable_for_cache_keys():
    person = Access("a", "g", "region", Scope(municipalities=(AALSMEER,)))
    assert hash(person.scope) == hash(Scope(municipalities=(AALSMEER,)))


def test_figures_on_the_command_line_within_a_group_show_only_its_scope(capsys):
    from jeugdhulpmonitor.cli import main

    common = ["figures", "--data-dir", str(REPO_ROOT / "sample_data"), "--indicator", "young_people_in_care"]
    common += ["--period", "2028", "--region", AA, "--by", "municipality", "--format", "csv"]
    assert main([*common, "--as-group", "jhm-gemeente-aalsmeer"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()[1:]
    assert [r.split(",")[3] for r in rows] == [AALSMEER]
    assert main([*common, "--as-group", "jhm-bestaat-niet"]) == 1
    assert "unknown group" in capsys.readouterr().err


def test_a_wrong_roles_file_lets_nobody_in(monkeypatch, tmp_path):
    monkeypatch.setenv(access.ROLES_ENV, str(_roles(tmp_path, "groups:\n  jhm-fout:\n    role: minister\n")))
    at = _app(monkeypatch, "overzicht")
    assert not at.exception
    assert "instellingen voor toegang zijn onjuist" in at.error[0].value
    assert not at.metric


# --- development mode knows the bundled sample by its content (issue 27, item 8) --------------------
def _one_row_changed(directory: Path) -> Path:
    """The extract with one provider's name changed: one row, one file."""
    path = directory / "providers.parquet"
    table = pq.read_table(path)
    frame = table.to_pandas()
    frame.loc[0, "name"] = frame.loc[0, "name"] + " B.V."
    pq.write_table(pa.Table.from_pandas(frame, schema=table.schema, preserve_index=False), path)
    return directory


def test_the_bundled_sample_is_known_by_its_content_not_by_its_name(tmp_path, sample_engine, generated_small):
    renamed = shutil.copytree(SAMPLE, tmp_path / "levering-2029-09")
    assert is_bundled_sample(resolve(renamed))
    changed = _one_row_changed(shutil.copytree(SAMPLE, tmp_path / "gewijzigd"))
    assert not is_bundled_sample(resolve(changed))
    # Another extract under the sample's name, read as it is or published from there.
    named = shutil.copytree(changed, tmp_path / "elders" / "sample_data")
    assert not is_bundled_sample(resolve(named))
    source = shutil.copytree(generated_small, tmp_path / "levering" / "sample_data")
    assert ingest(source, tmp_path / "data").published
    published = resolve(tmp_path / "data")
    assert published_from(published).name == "sample_data" and not is_bundled_sample(published)
    # The dashboard's cache of the sample (a version published from it) is the sample.
    assert is_bundled_sample(sample_engine.runner.extract)


def test_development_mode_opens_a_renamed_copy_of_the_sample_but_not_a_changed_one(monkeypatch, tmp_path):
    monkeypatch.delenv(access.DEV_ANY_DATA_ENV)
    renamed = shutil.copytree(SAMPLE, tmp_path / "levering-2029-09")
    at = _app(monkeypatch, "overzicht", data=renamed)
    assert not at.exception and not at.error and at.metric
    assert any("Ontwikkelmodus zonder inloggen" in i.value for i in at.info)
    changed = _one_row_changed(shutil.copytree(SAMPLE, tmp_path / "sample_data"))
    at = _app(monkeypatch, "overzicht", data=changed)
    assert not at.exception
    assert "Inloggen is niet ingesteld" in at.error[0].value
    assert not at.metric and not at.dataframe
