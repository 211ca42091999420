"""What was agreed at each dialogue (jeugdhulpmonitor/dialogue_log.py): an append-only SQLite log
beside the published data, carried to the next report and kept through new versions."""

import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from jeugdhulpmonitor import dialogue_log
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.dialogue_log import Dialogue, Log
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.ingest import ingest, rollback
from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.store import resolve
from jeugdhulpmonitor.views.council import raadsrapportage
from jeugdhulpmonitor.views.dialogue import prestatiedialoog
from tests import extracts

REGION = "amsterdam-amstelland"
M4 = Dialogue("pd1", REGION, "AA01", "2028-M4")
M8 = Dialogue("pd1", REGION, "AA01", "2028-M8")


@pytest.fixture
def log(tmp_path) -> Log:
    return Log(tmp_path / "dialogues.sqlite")


def test_every_change_is_a_new_event_and_the_current_state_is_the_latest(log):
    number = log.record(M4, "Plan voor de wachtlijst", "Aanbieder 1", date(2028, 9, 1), "Anna")
    log.mark(number, "done", "Bram")
    history = log.history(number)
    assert [(e.status, e.who) for e in history] == [("open", "Anna"), ("done", "Bram")]
    assert all(e.at is not None for e in history)
    (now,) = log.actions(M4)
    assert (now.status, now.who, now.text, now.owner, now.due) == (
        "done",
        "Bram",
        "Plan voor de wachtlijst",
        "Aanbieder 1",
        date(2028, 9, 1),
    )
    assert log.revision() == 2


def test_the_log_refuses_updates_and_deletes(log):
    log.record(M4, "Plan", "Aanbieder 1", date(2028, 9, 1))
    with sqlite3.connect(log.path) as con:
        for statement in ("UPDATE events SET status = 'done'", "DELETE FROM events"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                con.execute(statement)
    assert log.history(1)[0].status == "open"


def test_no_name_is_recorded_as_unknown_and_an_action_needs_text_and_owner(log):
    number = log.record(M4, "Plan", "Aanbieder 1", date(2028, 9, 1), who="  ")
    assert log.history(number)[0].who == "onbekend"
    with pytest.raises(ValueError):
        log.record(M4, "  ", "Aanbieder 1", date(2028, 9, 1))


def test_open_actions_come_back_at_later_dialogues_about_the_same_subject_until_done(log):
    first = log.record(M4, "Plan A", "Aanbieder 1", date(2028, 9, 1))
    second = log.record(M4, "Plan B", "Aanbieder 1", date(2028, 9, 1))
    log.record(Dialogue("pd1", REGION, "AA02", "2028-M4"), "Ander", "Aanbieder 2", date(2028, 9, 1))
    log.record(M8, "Later", "Aanbieder 1", date(2028, 12, 1))
    assert [a.action for a in log.open_before(M8)] == [first, second]
    assert log.open_before(M4) == []  # nothing earlier
    log.mark(first, "done", "Anna")
    assert [a.action for a in log.open_before(M8)] == [second]
    # M12 of the year follows M8 (not before it, as the text "2028-M12" < "2028-M8" would say)
    m12 = Dialogue("pd1", REGION, "AA01", "2028-M12")
    assert [a.text for a in log.open_before(m12)] == ["Plan B", "Later"]
    assert [a.text for a in log.actions(M8)] == ["Later"]


def test_a_managed_data_directory_keeps_its_log_beside_the_versions_through_ingest_and_rollback(tmp_path):
    data_dir = tmp_path / "data"
    first = extracts.write(tmp_path / "one", extracts.flows({}))
    ingest(first, data_dir)
    log = dialogue_log.for_extract(resolve(data_dir))
    assert log.path == data_dir / "dialogues.sqlite"
    number = log.record(M4, "Plan", "Aanbieder 1", date(2028, 9, 1), "Anna")
    second = extracts.write(tmp_path / "two", extracts.flows({}, {"client_id": "c2", "start_date": date(2027, 3, 1)}))
    ingest(second, data_dir)
    after = dialogue_log.for_extract(resolve(data_dir))
    assert [a.action for a in after.open_before(M8)] == [number]
    rollback(data_dir)
    assert [a.text for a in dialogue_log.for_extract(resolve(data_dir)).actions(M4)] == ["Plan"]


def test_the_dialogue_page_lists_this_dialogues_actions_and_the_earlier_open_ones(tmp_path):
    data_dir = tmp_path / "data"
    ingest(extracts.write(tmp_path / "one", extracts.flows({})), data_dir)
    engine = Engine(Runner(data_dir))
    log = dialogue_log.for_extract(engine.runner.extract)
    log.record(Dialogue("pd1", REGION, "AA01", "2027-M4"), "Plan van april", "Aanbieder 1", date(2027, 9, 1), "Anna")
    log.record(Dialogue("pd1", REGION, "AA01", "2027-M8"), "Plan van augustus", "Bram", date(2027, 12, 1))

    def section(period):
        view = PageView.make(Selection(region=REGION, provider="AA01"), period, dialoog="pd1")
        (found,) = [s for s in prestatiedialoog(engine, view).sections if s.key == "dialogue-actions"]
        return {b.key: b for b in found.blocks}

    at_m8 = section("2027-M8")
    assert at_m8["actions-this"].shown().to_dict("records") == [
        {
            "Afspraak (Amsterdam-Amstelland, aanbieder Aanbieder 1)": "Plan van augustus",
            "Nr.": "1",  # the first of its dialogue (issue 28, item 12)
            "Eigenaar": "Bram",
            "Uiterlijk": "1 december 2027",
            "Status": "open",
            "Laatst gewijzigd": f"{_today()} door onbekend",
        }
    ]
    # April's stands under the previous dialogue at M8 and, still open, under the earlier ones at M12.
    assert at_m8["actions-previous"].shown().iloc[:, 0].tolist() == ["Plan van april"]
    (carried,) = section("2027-M12")["actions-open"].shown().to_dict("records")
    what = carried["Afspraak (Amsterdam-Amstelland, aanbieder Aanbieder 1)"]
    assert (what, carried["Uit de dialoog over"]) == ("Plan van april", "4-maandsrapportage 2027")
    log.mark(1, "done", "Anna")
    assert section("2027-M12")["actions-open"].frame.empty
    assert section("2027-M4")["actions-this"].shown()["Status"].tolist() == ["afgerond"]


def test_the_council_report_lists_the_regions_dialogues_of_its_period(tmp_path):
    data_dir = tmp_path / "data"
    ingest(extracts.write(tmp_path / "one", extracts.flows({})), data_dir)
    engine = Engine(Runner(data_dir))
    log = dialogue_log.for_extract(engine.runner.extract)
    log.record(Dialogue("pd1", REGION, "AA01", "2027-M4"), "In het eerste halfjaar", "Aanbieder 1", date(2027, 9, 1))
    done = log.record(Dialogue.of("pd2", REGION, "2027-M8", theme="B"), "Analyse thema B", "cm", date(2027, 12, 1))
    log.mark(done, "done")
    log.record(Dialogue("pd1", "ijmond-zuid-kennemerland", "AA01", "2027-M4"), "Elders", "x", date(2027, 9, 1))

    def rows(period):
        view = PageView.make(Selection(region=REGION, municipalities=("GM0358",)), period)
        (found,) = [s for s in raadsrapportage(engine, view).sections if s.key == "dialogues"]
        tables = [b for b in found.blocks if hasattr(b, "frame")]
        return tables[0].shown().to_dict("records") if tables and not tables[0].frame.empty else []

    year = rows("2027")
    assert [(r["Afspraak"], r["Status"]) for r in year] == [
        ("In het eerste halfjaar", "open"),
        ("Analyse thema B", "afgerond"),
    ]
    assert year[0]["Dialoog"] == "PD1 met Aanbieder 1, 4-maandsrapportage 2027"
    assert year[1]["Dialoog"] == "PD2 over thema B, 8-maandsrapportage 2027"
    assert [r["Afspraak"] for r in rows("2027-H1")] == ["In het eerste halfjaar"]


def test_the_bundled_sample_gets_its_fictitious_examples_once(tmp_path, monkeypatch, sample_engine):
    monkeypatch.setenv("JHM_DIALOGUE_DB", str(tmp_path / "log.sqlite"))
    first = dialogue_log.for_extract(sample_engine.runner.extract)
    revision = first.revision()
    assert revision > 0
    again = dialogue_log.for_extract(sample_engine.runner.extract)
    assert again.revision() == revision
    shown = again.open_before(Dialogue("pd1", REGION, "AA01", "2029-M8"))
    assert shown and all(a.fictitious for a in shown)


def _today() -> str:
    from jeugdhulpmonitor.formatting import day

    return day(date.today())


# --- who reads the records (issue 27, item 5) ----------------------------------------------------
IJMOND = "ijmond-zuid-kennemerland"


def _scope(group: str):
    from jeugdhulpmonitor.access import ROLES

    return ROLES().groups[group].scope()


def test_only_region_staff_and_the_provider_it_is_about_read_a_dialogues_records():
    from jeugdhulpmonitor.access import reads_dialogue
    from jeugdhulpmonitor.selection import EVERYONE

    altra, arkin = Dialogue("pd1", REGION, "AA01", "2029-M4"), Dialogue("pd1", REGION, "AA02", "2029-M4")
    theme, area = Dialogue.of("pd2", REGION, "2029-M4", theme="B"), Dialogue.of("pd2", REGION, "2029-M4", area="duo")
    elsewhere = Dialogue("pd1", IJMOND, "IJ01", "2029-M4")
    readers = {
        "jhm-regio-amsterdam-amstelland": {altra, arkin, theme, area},
        "jhm-regio-ijmond-zuid-kennemerland": {elsewhere},
        "jhm-aanbieder-altra": {altra},  # its own PD1 only: never a PD2, never another provider's
        "jhm-aanbieder-arkin-jeugd": {arkin},
        "jhm-gemeente-aalsmeer": set(),
        "jhm-gemeente-amsterdam": set(),
    }
    every = {altra, arkin, theme, area, elsewhere}
    for group, expected in readers.items():
        assert {d for d in every if reads_dialogue(_scope(group), d)} == expected, group
    assert all(reads_dialogue(EVERYONE, d) for d in every)  # the data team's command line


def test_a_log_read_within_a_scope_leaves_out_what_the_scope_may_not_read(log):
    altra, arkin = Dialogue("pd1", REGION, "AA01", "2029-M4"), Dialogue("pd1", REGION, "AA02", "2029-M4")
    region_only = Dialogue.of("pd2", REGION, "2029-M4", area="duo")
    log.record(replace(altra, period="2028-M12"), "Altra eerder", "Altra", date(2029, 6, 1))
    log.record(replace(arkin, period="2028-M12"), "Arkin eerder", "Arkin", date(2029, 6, 1))
    secret = log.record(region_only, "Vertrouwelijk", "cm", date(2029, 6, 1))
    log.record(altra, "Altra nu", "Altra", date(2029, 9, 1))
    log.record(arkin, "Arkin nu", "Arkin", date(2029, 9, 1))
    mine = log.within(_scope("jhm-aanbieder-altra"))
    assert [a.text for a in mine.actions(altra)] == ["Altra nu"]
    assert [a.text for a in mine.open_before(altra)] == ["Altra eerder"]
    assert mine.actions(arkin) == [] and mine.open_before(arkin) == []  # asked for by name: still nothing
    assert mine.actions(region_only) == [] and mine.history(secret) == []
    span = (date(2028, 1, 1), date(2029, 12, 31))
    assert [a.text for a in mine.in_region(REGION, *span)] == ["Altra eerder", "Altra nu"]
    assert not mine.reads_region(REGION)
    staff = log.within(_scope("jhm-regio-amsterdam-amstelland"))
    assert len(staff.in_region(REGION, *span)) == 5 and staff.reads_region(REGION)
    assert [a.text for a in staff.history(secret)] == ["Vertrouwelijk"]
    nobody = log.within(_scope("jhm-gemeente-aalsmeer"))
    assert nobody.in_region(REGION, *span) == [] and nobody.actions(altra) == []


# --- the action list in the order of the meeting (issue 28, item 12) ---------------------------
# In both regions, on the sample with a log of the test's own: a provider of each region (not Altra,
# whose fictitious examples the sample's log holds).
PROVIDERS = {"amsterdam-amstelland": "AA02", "ijmond-zuid-kennemerland": "IJ02"}


@pytest.fixture
def own_log(tmp_path, monkeypatch, sample_engine) -> Log:
    monkeypatch.setenv("JHM_DIALOGUE_DB", str(tmp_path / "log.sqlite"))
    return dialogue_log.for_extract(sample_engine.runner.extract)


def _actions(engine, region, period):
    view = PageView.make(Selection(region=region, provider=PROVIDERS[region]), period, dialoog="pd1")
    model = prestatiedialoog(engine, view)
    return model, {b.key: b for b in model.section("dialogue-actions").blocks}


@pytest.mark.parametrize("region", list(PROVIDERS))
def test_an_open_action_past_its_date_is_marked_overdue_at_later_dialogues(sample_engine, own_log, region):
    """An action due 15-01-2027 showed at 2029-M8 without a mark. Late is judged at the dialogue
    (October for the 8-month report), not at the reader's today."""
    at = lambda period: Dialogue("pd1", region, PROVIDERS[region], period)  # noqa: E731
    own_log.record(at("2026-M8"), "Wachtlijst opschonen", "aanbieder", date(2027, 1, 15))
    own_log.record(at("2028-M12"), "Plan voor de herfst", "aanbieder", date(2029, 10, 1))  # due on the day
    model, blocks = _actions(sample_engine, region, "2029-M8")
    frame = blocks["actions-open"].shown()
    status = dict(zip(frame.iloc[:, 0], frame["Status"], strict=True))
    assert status == {"Wachtlijst opschonen": "te laat sinds 15 januari 2027", "Plan voor de herfst": "open"}
    overdue = next(b for b in model.section("dialogue-signals").blocks if getattr(b, "key", None) == "signals-overdue")
    assert overdue.shown().iloc[:, 0].tolist() == ["Wachtlijst opschonen"]


@pytest.mark.parametrize("region", list(PROVIDERS))
def test_an_action_of_the_previous_dialogue_is_listed_once(sample_engine, own_log, region):
    """At 2026-M12 an open action of 2026-M8 stood under the previous dialogue and again under
    the open ones of earlier dialogues."""
    at = lambda period: Dialogue("pd1", region, PROVIDERS[region], period)  # noqa: E731
    own_log.record(at("2026-M4"), "Uit april", "aanbieder", date(2026, 12, 1))
    own_log.record(at("2026-M8"), "Uit augustus", "aanbieder", date(2027, 6, 1))
    _, blocks = _actions(sample_engine, region, "2026-M12")
    listed = [t for key in ("actions-this", "actions-previous", "actions-open") for t in blocks[key].frame.iloc[:, 0]]
    assert sorted(listed) == ["Uit april", "Uit augustus"]
    assert blocks["actions-previous"].frame.iloc[:, 0].tolist() == ["Uit augustus"]
    assert blocks["actions-open"].frame.iloc[:, 0].tolist() == ["Uit april"]


@pytest.mark.parametrize("region", list(PROVIDERS))
def test_actions_are_numbered_within_their_dialogue(sample_engine, own_log, region):
    """The dialogue's first action read "Nr. 5": the log's numbering across all dialogues."""
    at = lambda period: Dialogue("pd1", region, PROVIDERS[region], period)  # noqa: E731
    before = own_log.revision()
    own_log.record(Dialogue("pd1", region, "elders", "2027-M8"), "Elders", "x", date(2027, 12, 1))
    first = own_log.record(at("2027-M8"), "Eerste", "aanbieder", date(2027, 12, 1))
    own_log.record(at("2027-M8"), "Tweede", "aanbieder", date(2027, 12, 1))
    assert first > 1 and before > 0  # the log's own number, across dialogues, identifies the action
    _, blocks = _actions(sample_engine, region, "2027-M8")
    frame = blocks["actions-this"].shown()
    assert list(zip(frame.iloc[:, 0], frame["Nr."], strict=True)) == [("Eerste", "1"), ("Tweede", "2")]
    _, later = _actions(sample_engine, region, "2027-M12")
    assert later["actions-previous"].shown()["Nr."].tolist() == ["1", "2"]


@pytest.mark.parametrize("region", list(PROVIDERS))
def test_the_dialogue_is_in_the_order_of_the_meeting_with_the_definitions_folded_at_the_end(
    sample_engine, own_log, region
):
    """Signals first, then the five elements, the actions; the forty definitions last and folded,
    no longer under the page between the actions and the recording form."""
    model, _ = _actions(sample_engine, region, "2029-M8")
    keys = [s.key for s in model.sections]
    elements = [k for k in keys if k and k.startswith("section-")]
    assert keys[0] == "dialogue-signals"
    assert keys.index(elements[-1]) < keys.index("dialogue-actions") < keys.index("dialogue-definitions")
    assert keys[-1] == "dialogue-definitions" and model.sections[-1].folded
    explanation = CATALOGUE()["young_people_in_care"].explanation
    assert explanation in " ".join(b.text for b in model.sections[-1].blocks)
    assert not any(explanation in n for n in model.notes)
    # What is off course or behind is named first, with its element, as in the element's table.
    judged = []
    for key in elements:
        table = model.table(key.replace("section-", "element-")).shown()
        judged += [(r[0], r.Status) for r in table.itertuples(index=False) if r.Status in ("Uit koers", "Achter")]
    signals = next(b for b in model.section("dialogue-signals").blocks if getattr(b, "key", None) == "signals-status")
    shown = signals.shown()
    # IJmond/Zuid-Kennemerland's own framework sets a number for its budget limit only (issue 28,
    # item 9), so a provider's dialogue there has nothing judged: the list is then empty too.
    if region == "amsterdam-amstelland":
        assert judged, "the sample has figures off course at 2029-M8"
    # An indicator of two elements (uitval: flows and quality) is one signal naming both.
    assert sorted(zip(shown.iloc[:, 0], shown["Status"], strict=True)) == sorted(set(judged))
    assert shown.iloc[:, 0].is_unique
