"""Secondary suppression on the real page models of the sample, in a download and in a document
read back: a small cell that would be the region minus the shown others takes the smallest other
cell with it, marked "x" with its own footnote, and every page hides the same cells."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from jeugdhulpmonitor import documents, exports
from jeugdhulpmonitor.documents.pdf import pdf_bytes
from jeugdhulpmonitor.documents.workbook import workbook_bytes
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import SECONDARY, SUPPRESSED, Chart, PageView, Table
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.suppression import MIN_COUNT, SECONDARY_EXPLANATION
from jeugdhulpmonitor.views.common import as_in_levels
from jeugdhulpmonitor.views.compare import gemeenten
from jeugdhulpmonitor.views.dialogue import prestatiedialoog
from jeugdhulpmonitor.views.flows import clientstromen

REGION = Selection(region="amsterdam-amstelland")
# In the sample, Ouder-Amstel had fewer than 10 new placements in 2028: the region's total minus
# the five others would give it back.
SMALL, SHIELDED = "GM0437", "GM0384"  # Ouder-Amstel, and Diemen: the smallest of the others


@pytest.fixture(scope="module")
def ranking(sample_engine):
    view = PageView.make(REGION, "2028", indicator="new_out_of_home", per1000="0")
    return gemeenten(sample_engine, view)


def test_the_ranking_hides_the_smallest_other_municipality_as_x(sample_engine, ranking):
    truth = {
        f.municipality_code: f.value
        for f in sample_engine.compute("new_out_of_home", "2028", REGION, by="municipality", suppress=False)
    }
    frame = ranking.table("groups-table").frame.set_index("Gemeente")
    geo = GEO()
    assert frame.loc[geo.name(SMALL), "Waarde"] is SUPPRESSED and 0 < truth[SMALL] < MIN_COUNT
    assert frame.loc[geo.name(SHIELDED), "Waarde"] is SECONDARY
    others = [v for m, v in truth.items() if m not in (SMALL, SHIELDED) and v]
    assert MIN_COUNT <= truth[SHIELDED] <= min(others)  # the smallest cell that was shown
    assert ranking.table("groups-table").shown().set_index("Gemeente").loc[geo.name(SHIELDED), "Waarde"] == "x"
    assert SECONDARY_EXPLANATION in ranking.notes
    # the charts draw the same figures: the bar and the last point of the trend carry no value
    bars = next(c for c in ranking.blocks(Chart) if c.key == "ranked").data["figs"]
    assert next(f for f in bars if f.municipality_code == SHIELDED).value is None
    trend = next(c for c in ranking.blocks(Chart) if c.key == "multiples").data["series_by_key"][SHIELDED]
    assert trend[-1].period == "2028" and trend[-1].value is None and trend[-1].secondary


def test_per_1000_the_same_municipalities_are_hidden(sample_engine):
    view = PageView.make(REGION, "2028", indicator="new_out_of_home", per1000="1")
    frame = gemeenten(sample_engine, view).table("groups-table").frame.set_index("Gemeente")
    assert frame.loc[GEO().name(SHIELDED), "Waarde"] is SECONDARY


def test_the_dialogue_hides_the_same_cells_as_the_ranking(sample_engine):
    period = "2028-M12"
    dialogue = prestatiedialoog(sample_engine, PageView.make(REGION, period, dialoog="pd2"))
    row = next(
        r for t in dialogue.blocks(Table) for _, r in t.frame.iterrows() if r.iloc[0] == "Nieuwe uithuisplaatsingen"
    )
    ranking = gemeenten(sample_engine, PageView.make(REGION, period, indicator="new_out_of_home", per1000="0"))
    frame = ranking.table("groups-table").frame.set_index("Gemeente")
    names = [GEO().name(code) for code in GEO().municipalities_of(REGION.region)]
    assert any(row[name] is SECONDARY for name in names)
    for name in names:
        assert (row[name] is SECONDARY) == (frame.loc[name, "Waarde"] is SECONDARY), name


def test_a_council_report_hides_its_municipality_where_the_comparison_does(sample_engine):
    sel = Selection(region=REGION.region, municipalities=(SHIELDED,))
    figs = as_in_levels(sample_engine, sample_engine.compute(["new_out_of_home"], "2028", sel), Period(2028, "Y"), sel)
    assert figs[0].secondary and figs[0].value is None


def test_the_breakdown_by_care_form_shields_a_small_care_form(sample_engine):
    sel = Selection(region=REGION.region, municipalities=("GM0358",))
    model = clientstromen(sample_engine, PageView.make(sel, "2028", indeling="care_form"))
    column = list(model.table("breakdown").frame["Jeugdigen in zorg"])
    assert column.count(SUPPRESSED) == 1 and column.count(SECONDARY) == 1
    assert SECONDARY_EXPLANATION in model.notes


def test_a_download_marks_a_secondary_cell_as_hidden(ranking):
    table = ranking.table("groups-table")
    rows = list(csv.DictReader(io.StringIO(exports.csv_bytes(table).decode("utf-8-sig")), delimiter=";"))
    diemen = next(r for r in rows if r["Gemeente"] == GEO().name(SHIELDED))
    assert diemen["Waarde"] == "x" and diemen["Waarde onderdrukt"] == "ja"
    book = load_workbook(io.BytesIO(exports.xlsx_bytes(table, ranking)))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == GEO().name(SHIELDED))
    assert row[header.index("Waarde")] == "x" and row[header.index("Waarde onderdrukt")] == "ja"
    notes = [r[1] for r in book["Toelichting"].iter_rows(values_only=True)]
    assert SECONDARY_EXPLANATION in notes


def sheet_cell(book, first_column: str, label: str, column: str):
    """The value of `column` in the row `label` of the sheet table whose header starts with
    `first_column` (the document workbook writes each table under its header)."""
    for sheet in book.worksheets:
        header = None
        for row in sheet.iter_rows(values_only=True):
            if row and row[0] == first_column:
                header = list(row)
            elif header and row and row[0] == label and column in header:
                return row[header.index(column)]
    raise AssertionError((first_column, label, column))


def test_a_dialogue_pack_read_back_holds_the_mark_and_no_number(sample_engine):
    document = documents.dialogue(sample_engine, Period.parse("2027-M4"))
    hidden = [
        (t, column, t.frame.iloc[i, 0])
        for t in document.model.blocks(Table)
        for column in t.frame.columns
        for i, v in enumerate(t.frame[column])
        if v is SECONDARY
    ]
    assert hidden, "the sample's 4-month report 2027 has a secondary cell per municipality"
    book = load_workbook(io.BytesIO(workbook_bytes(document)))
    texts = [c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert SECONDARY_EXPLANATION in texts
    for table, column, label in hidden:
        assert sheet_cell(book, table.frame.columns[0], label, column) == "x", (table.key, column, label)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes(document))).pages)
    assert "terugrekenen" in re.sub(r"\s+", " ", text)


def test_a_baseline_is_hidden_where_the_2026_cells_hide_it(sample_engine, ranking):
    # The region's baseline is shown (its key figure), so a hidden 2026 cell must stay hidden as
    # the baseline of 2028, and with it a target stated relative to it.
    then = gemeenten(sample_engine, PageView.make(REGION, "2026", indicator="new_out_of_home", per1000="0"))
    values_2026 = then.table("groups-table").frame.set_index("Gemeente")["Waarde"]
    now = ranking.table("groups-table").frame.set_index("Gemeente")
    assert any(v is SECONDARY for v in values_2026)
    for name, v in values_2026.items():
        assert (v is SECONDARY) == (now.loc[name, "Nulmeting 2026"] is SECONDARY), name
        if v is SECONDARY:
            assert now.loc[name, "Doel 2028"] is SECONDARY or now.loc[name, "Doel 2028"] is None
