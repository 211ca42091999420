"""Issue 27, item 5: the performance dialogue within a person's scope, in the page models and the
dialogue pack. A provider's staff asking PD2 get a notice and their own PD1 (never the region's
budget, nor their own clients' figures under an area's name); what was recorded at a dialogue is
read only by region staff and by the provider it is about."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from jeugdhulpmonitor import dialogue_log
from jeugdhulpmonitor.access import ROLES
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.dialogue_log import Dialogue
from jeugdhulpmonitor.documents import build
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.pagemodel import Notice, PageView, Table, Text
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.views.council import RECORDS_ELSEWHERE, raadsrapportage
from jeugdhulpmonitor.views.dialogue import (
    KINDS,
    OTHER_PROVIDER,
    PD2_REFUSED,
    RECORDS_REFUSED,
    agreements,
    kinds,
    prestatiedialoog,
)
from jeugdhulpmonitor.views.page import page_model

REGION = "amsterdam-amstelland"
REPORT = "2029-M4"
PD2_DUO = PageView.make(Selection(region=REGION, area="duo"), REPORT, dialoog="pd2")
# What region staff recorded, and what each provider's own dialogue holds.
CONFIDENTIAL = "Vertrouwelijk: budgetruimte gebied DUO niet met aanbieders delen"
ABOUT_ARKIN = "Arkin Jeugd licht de wachtlijst per zorgvorm toe"
ABOUT_ALTRA = "Altra levert het plan voor de doorstroom aan"


def scoped(engine, group: str):
    return engine.within(ROLES().groups[group].scope())


@pytest.fixture
def recorded(tmp_path, monkeypatch, sample_engine):
    """A dialogue log of this test's own with a region-only PD2 record and one PD1 record for
    each of two providers (beside the sample's fictitious examples)."""
    monkeypatch.setenv("JHM_DIALOGUE_DB", str(tmp_path / "dialogues.sqlite"))
    log = dialogue_log.for_extract(sample_engine.runner.extract)
    due = date(2029, 9, 30)
    log.record(Dialogue.of("pd2", REGION, REPORT, area="duo"), CONFIDENTIAL, "contractmanager", due, "regio")
    log.record(Dialogue("pd1", REGION, "AA02", REPORT), ABOUT_ARKIN, "Arkin Jeugd", due, "regio")
    log.record(Dialogue("pd1", REGION, "AA01", REPORT), ABOUT_ALTRA, "Altra", due, "regio")
    return log


def text_of(model) -> str:
    """Everything a model says: caption, texts, notices, section titles and table cells."""
    parts = [model.caption, *(s.title or "" for s in model.sections), *model.notes]
    parts += [b.text for b in model.blocks() if isinstance(b, Text | Notice)]
    parts += [t.frame.to_string() + " ".join(map(str, t.frame.columns)) for t in model.blocks(Table)]
    return "\n".join(parts)


def test_a_provider_asking_pd2_gets_a_notice_and_its_own_pd1(sample_engine, recorded):
    altra = scoped(sample_engine, "jhm-aanbieder-altra")
    model = prestatiedialoog(altra, PD2_DUO)
    said = text_of(model)
    assert PD2_REFUSED in [b.text for b in model.blocks(Notice)]
    assert model.caption.startswith("PD1 · Altra")
    # Not the municipalities' budget, not its own clients' figures under the area's name.
    assert CATALOGUE()["budget_eur"].name not in said and "Gebied DUO" not in said
    assert "Lumpsum" in model.section("section-budget").title  # its own money
    # Its own PD1 with its own agreement; never the region's PD2 record nor another provider's.
    assert ABOUT_ALTRA in said
    assert CONFIDENTIAL not in said and ABOUT_ARKIN not in said
    # The same model as asking PD1 directly, apart from the notice.
    direct = prestatiedialoog(altra, PageView.make(Selection(region=REGION, provider="AA01"), REPORT, dialoog="pd1"))
    model.sections = [s for s in model.sections if s.key != "dialogue-refused"]
    assert text_of(direct) == text_of(model)


def test_region_staff_read_the_pd2_record_and_a_provider_only_its_own(sample_engine, recorded):
    region = scoped(sample_engine, "jhm-regio-amsterdam-amstelland")
    assert CONFIDENTIAL in text_of(prestatiedialoog(region, PD2_DUO))
    arkin_pd1 = PageView.make(Selection(region=REGION, provider="AA02"), REPORT, dialoog="pd1")
    assert ABOUT_ARKIN in text_of(prestatiedialoog(region, arkin_pd1))
    # Altra's staff asking Arkin's dialogue get a notice and their own.
    altra = prestatiedialoog(scoped(sample_engine, "jhm-aanbieder-altra"), arkin_pd1)
    assert OTHER_PROVIDER in [b.text for b in altra.blocks(Notice)]
    assert ABOUT_ARKIN not in text_of(altra) and "Arkin" not in text_of(altra)
    assert ABOUT_ALTRA in text_of(altra)


def test_a_provider_is_offered_pd1_only():
    assert list(kinds(ROLES().groups["jhm-aanbieder-altra"].scope())) == ["pd1"]
    assert kinds(ROLES().groups["jhm-regio-amsterdam-amstelland"].scope()) == KINDS


def test_a_municipality_reads_no_dialogue_records(sample_engine, recorded):
    aalsmeer = scoped(sample_engine, "jhm-gemeente-aalsmeer")
    # Prestatiedialoog is not a municipality's page; its records section refuses all the same
    # (the command line's --as-group makes documents within any group's scope).
    for asked in (PD2_DUO, PageView.make(Selection(region=REGION, provider="AA01"), REPORT, dialoog="pd1")):
        assert [b.text for b in agreements(aalsmeer, asked).blocks] == [RECORDS_REFUSED]
    # The council report: the region's staff hear the dialogues' results, a municipality's not.
    council = PageView.make(Selection(region=REGION, municipalities=("GM0358",)), "2029")
    own = raadsrapportage(aalsmeer, council).section("dialogues")
    assert [b.text for b in own.blocks] == [RECORDS_ELSEWHERE]
    region = raadsrapportage(scoped(sample_engine, "jhm-regio-amsterdam-amstelland"), council)
    assert CONFIDENTIAL in text_of(region)


def test_the_dialogue_pack_asked_by_a_provider_for_pd2_is_its_own_pd1(sample_engine, recorded):
    altra = scoped(sample_engine, "jhm-aanbieder-altra")
    period = Period.parse(REPORT)
    pack = build.dialogue(altra, period, area="duo")
    assert pack.name == build.dialogue_name(altra, period, area="duo")
    assert pack.name == "prestatiedialoog-altra-4-maandsrapportage-2029"
    assert ("Document", "Prestatiedialoog PD1 · Altra") in pack.cover
    said = dict(pack.model.context)["Selectie"]
    assert said == dict(page_model("prestatiedialoog", altra, PD2_DUO).context)["Selectie"]
    assert said == "Amsterdam-Amstelland, aanbieder Altra"
    cells = " ".join(
        str(c)
        for sheet in load_workbook(io.BytesIO(pack.xlsx())).worksheets
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if c is not None
    )
    assert ABOUT_ALTRA in cells and PD2_REFUSED in cells
    assert CONFIDENTIAL not in cells and ABOUT_ARKIN not in cells and CATALOGUE()["budget_eur"].name not in cells
    # Asked for another provider: its own too.
    assert build.dialogue_name(altra, period, provider="AA02") == pack.name
