"""A page model's table as a download: CSV with exactly the text on screen, and an Excel
workbook with numbers as numbers (Dutch formats follow the reader's Excel locale), suppressed
cells as their mark, and a sheet that says what the table is."""

from __future__ import annotations

import io
import math
import re
from dataclasses import replace

from openpyxl import Workbook
from openpyxl.styles import Font

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.pagemodel import PageModel, Table, cell_text, is_hidden, is_mark
from jeugdhulpmonitor.suppression import PERTURBED_EXPLANATION, SUPPRESSED_EXPLANATION

# formatting.number's formats as Excel number formats ("," and "." are placeholders that Excel
# shows in the reader's locale: 16.942 and 12,5 in a Dutch Excel). Percentages are 0-100.
EXCEL_FORMATS = {"0": "#,##0", "0,0": "#,##0.0", "0,0%": '0.0"%"', "€": '"€" #,##0', "€ mln": '"€" #,##0'}


def csv_bytes(table: Table) -> bytes:
    """Semicolon-separated with a BOM, so that a Dutch Excel opens it in columns."""
    return flagged(table).shown().to_csv(index=False, sep=";").encode("utf-8-sig")


def flagged(table: Table) -> Table:
    """The table with, after each column that has hidden cells, a column that says which are
    hidden ("onderdrukt"), so that a download never leaves a mark to be read as a value."""
    frame = table.frame.copy()
    for column in list(table.frame.columns):
        hidden = [is_hidden(v) for v in table.frame[column]]
        if any(hidden):
            at = list(frame.columns).index(column) + 1
            frame.insert(at, f"{column} onderdrukt", ["ja" if h else "nee" for h in hidden])
    return replace(table, frame=frame)


def sheet_title(name: str) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name."""
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Tabel"


def xlsx_bytes(table: Table, model: PageModel | None = None) -> bytes:
    """One sheet with the table, one with what it is (page, selection, period, data version)
    and one with the definition of every indicator behind it."""
    table = flagged(table)
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(table.name)
    sheet.append(list(table.frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.frame.itertuples(index=False):
        sheet.append([_cell(v, table.formats.get(c)) for c, v in zip(table.frame.columns, row)])
    for column, fmt in table.formats.items():
        if fmt in EXCEL_FORMATS and column in table.frame.columns:
            letter = sheet.cell(1, list(table.frame.columns).index(column) + 1).column_letter
            for cell in sheet[letter][1:]:
                if isinstance(cell.value, int | float):
                    cell.number_format = EXCEL_FORMATS[fmt]
    notes = book.create_sheet("Toelichting")
    context = model.context if model else []
    rows = [("Tabel", table.name), *context, ("Kleine aantallen", SUPPRESSED_EXPLANATION)]
    for label, text in [*rows, ("Afwijking", PERTURBED_EXPLANATION)]:
        notes.append([label, text])
    ids = list(dict.fromkeys([*table.indicators, *(model.indicators() if model else [])]))
    if ids:
        definitions = book.create_sheet("Definities")
        definitions.append(["Indicator", "Definitie", "Bron"])
        for cell in definitions[1]:
            cell.font = Font(bold=True)
        for ident in ids:
            ind = CATALOGUE()[ident]
            source = f"queries/{ind.source}.sql" if ind.from_flows else "theme_indicators.parquet"
            definitions.append([ind.name, ind.explanation, source])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value, fmt: str | None):
    if is_mark(value):
        return cell_text(value, fmt)  # the mark, never a number
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if fmt is not None and fmt not in EXCEL_FORMATS:
        return cell_text(value, fmt)  # a format Excel cannot express (a date in words)
    return value
