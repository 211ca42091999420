"""Downloads read back as a user's Excel would read them: numbers as numbers with their format,
a hidden cell as its mark and never a number, a sheet saying what the table is, definitions."""

import io

import pandas as pd
from openpyxl import load_workbook

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.exports import csv_bytes, sheet_title, xlsx_bytes
from jeugdhulpmonitor.pagemodel import SUPPRESSED, SUPPRESSED_VALUE, PageView, Section, Table
from jeugdhulpmonitor.views.common import describe, figures_table
from jeugdhulpmonitor.views.page import page_model

REGION = Selection(region="amsterdam-amstelland")


def _table() -> Table:
    frame = pd.DataFrame(
        {"Gemeente": ["Aalsmeer", "Amstelveen"], "Jeugdigen": [SUPPRESSED, 1234], "Wachttijd": [41.5, SUPPRESSED_VALUE]}
    )
    return Table("Jeugdigen per gemeente", frame, {"Jeugdigen": "0", "Wachttijd": "0,0"}, indicators=["inflow"])


def test_a_workbook_holds_numbers_and_marks():
    book = load_workbook(io.BytesIO(xlsx_bytes(_table())))
    sheet = book["Jeugdigen per gemeente"]
    header = ["Gemeente", "Jeugdigen", "Jeugdigen onderdrukt", "Wachttijd", "Wachttijd onderdrukt"]
    assert [c.value for c in sheet[1]] == header
    assert sheet["B3"].value == 1234 and sheet["B3"].number_format == "#,##0"
    assert sheet["D2"].value == 41.5 and sheet["D2"].number_format == "#,##0.0"
    assert sheet["B2"].value == "<10" and sheet["D3"].value == "x"  # hidden: text, never a number
    assert [sheet["C2"].value, sheet["C3"].value, sheet["E2"].value, sheet["E3"].value] == ["ja", "nee", "nee", "ja"]
    assert book["Definities"]["A2"].value == CATALOGUE()["inflow"].name


def test_csv_is_what_the_screen_shows():
    text = csv_bytes(_table()).decode("utf-8-sig")
    assert text.splitlines() == [
        "Gemeente;Jeugdigen;Jeugdigen onderdrukt;Wachttijd;Wachttijd onderdrukt",
        "Aalsmeer;<10;ja;41,5;nee",
        "Amstelveen;1.234;nee;x;ja",
    ]


def test_a_page_download_says_what_it_is(sample_engine):
    model = page_model("overzicht", sample_engine, PageView.make(REGION, "2027-M8"))
    figs = sample_engine.compute("young_people_in_care", "2027-M8", REGION, by="municipality")
    table = figures_table(figs, "Gemeente", "Jeugdigen in zorg per gemeente")
    model.sections.append(Section("t", [table]))
    book = load_workbook(io.BytesIO(xlsx_bytes(table, model)))
    about = {row[0].value: row[1].value for row in book["Toelichting"].iter_rows()}
    assert about["Selectie"] == describe(REGION, sample_engine)
    assert about["Periode"] == PageView.make(REGION, "2027-M8").period.label
    assert about["Gegevensversie"] == sample_engine.runner.data_version
    defined = [row[0].value for row in book["Definities"].iter_rows(min_row=2)]
    assert sample_engine.catalogue["young_people_in_care"].name in defined
    values = [c.value for c in book.worksheets[0]["B"][1:]]  # the value column (a flag column may follow)
    assert all(isinstance(v, int | float) or v in ("<10", None) for v in values) and any(
        isinstance(v, int | float) for v in values
    )


def test_sheet_names_are_valid_for_excel():
    assert not set(sheet_title("Geldregel: aanbieder/gemeente [2027]?*\\")) & set("[]:*?/\\")
    assert len(sheet_title("x" * 40)) == 31
