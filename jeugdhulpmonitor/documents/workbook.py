"""A whole page model as a workbook: a sheet per section (numbers as numbers with Dutch number
formats), a sheet with the selection and data version, and one with the definitions."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.documents.definitions import indicators
from jeugdhulpmonitor.exports import EXCEL_FORMATS, _cell, sheet_title
from jeugdhulpmonitor.pagemodel import Columns, KeyFigure, Notice, Number, PageModel, Section, Table, Text, is_mark

# A cell the model wrote as Dutch figure text that is exactly a number ("16.942", "12,5%",
# "3,4"): the workbook holds the number with the matching format. Money ("€ 6,6 mln") is
# rounded text: the model gives its exact value as a Number where it has one; other text stays text.
_NUMBER = re.compile(r"^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?%?$")


def as_number(text: str):
    """(value, Excel format) of Dutch figure text, or None when it is not exactly a number."""
    if not isinstance(text, str) or not _NUMBER.match(text):
        return None
    percent = text.endswith("%")
    digits = text.rstrip("%").replace(".", "").replace(",", ".")
    value = float(digits) if "." in digits else int(digits)
    if percent:
        return value, EXCEL_FORMATS["0,0%"]
    return value, EXCEL_FORMATS["0,0"] if isinstance(value, float) else EXCEL_FORMATS["0"]


def excel_format(cell: Number) -> str:
    """The Excel format of a number as the model shows it: money in whole euros ('"€" #,##0',
    which a Dutch Excel shows as "€ 19.712.345"), a change with its sign, a unit after it. A
    change that rounds to zero at the format's precision gets two decimals, as on screen
    (formatting.signed: "+€ 0,0 mln" beside "Achter" would hide why)."""
    fmt = EXCEL_FORMATS[cell.fmt]
    if cell.signed and cell.fmt in ("0,0", "0,0%") and cell.value and round(cell.value, 1) == 0:
        fmt = fmt.replace("0.0", "0.00")
    if cell.unit:
        fmt += f'" {cell.unit}"'
    return f"+{fmt};-{fmt};{fmt}" if cell.signed else fmt


def _bold_row(sheet) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _write_table(sheet, table: Table) -> None:
    sheet.append([str(c) for c in table.frame.columns])
    _bold_row(sheet)
    for row in table.frame.itertuples(index=False):
        values, formats = [], []
        for column, value in zip(table.frame.columns, row):
            fmt = table.formats.get(column)
            if isinstance(value, Number) and value.fmt in EXCEL_FORMATS:
                values.append(round(value.value, 2) if value.fmt in ("€", "€ mln") else value.value)  # cents
                formats.append(excel_format(value))
            elif not is_mark(value) and fmt is None and (parsed := as_number(value)):
                values.append(parsed[0])
                formats.append(parsed[1])
            else:
                values.append(_cell(value, fmt))
                formats.append(EXCEL_FORMATS.get(fmt))
        sheet.append(values)
        for cell, fmt in zip(sheet[sheet.max_row], formats):
            if fmt and isinstance(cell.value, int | float):
                cell.number_format = fmt
    sheet.append([])


def _write_key_figure(sheet, key: KeyFigure) -> None:
    """A key figure with its exact value as a number (its text where the small-count rule hides it)."""
    fig, fmt = key.figure, CATALOGUE()[key.figure.indicator].format
    if fig.suppressed or fig.value is None or fmt not in EXCEL_FORMATS:
        sheet.append([key.label, key.text, key.delta or ""])
        return
    sheet.append([key.label, fig.value, key.delta or ""])
    sheet.cell(sheet.max_row, 2).number_format = EXCEL_FORMATS[fmt]


def _write_blocks(sheet, blocks: list) -> None:
    for block in blocks:
        if isinstance(block, Columns):
            for cell in block.cells:
                _write_blocks(sheet, cell)
        elif isinstance(block, KeyFigure):
            _write_key_figure(sheet, block)
        elif isinstance(block, Table):
            _write_table(sheet, block)
        elif isinstance(block, Text | Notice):
            for line in block.text.splitlines():
                sheet.append([line.removeprefix("- ").replace("**", "")])


# Excel allows 31 characters in a sheet name: titles longer than that get a short name of
# whole words (issue 28, item 16: "2 Lumpsum, uitgaven en eindejaa").
SHORT_TITLES = {
    "Eerst: wat vraagt aandacht": "Wat vraagt aandacht",
    "Lumpsum, uitgaven en eindejaarsprognose": "Lumpsum en eindejaarsprognose",
    "Tijdigheid en volledigheid van informatie": "Tijdigheid en volledigheid",
    "Cliëntaantallen en cliëntstromen": "Cliëntaantallen en -stromen",
    "Inhoudelijke en transformatiedoelen": "Inhoud en transformatie",
    "Verloop per afspraak en contractjaar": "Verloop per afspraak",
    "Resultaten van de prestatiedialogen": "Resultaten prestatiedialogen",
}
SHEET_LIMIT = 31


def sheet_name(section: Section, taken: set[str]) -> str:
    """A section's sheet: its title without the selection ("· Altra"), with the number of a
    numbered element ("1 Budget en eindejaarsprognose", as the PDF's heading "1. Budget ..."),
    shortened to whole words within Excel's limit, and unique in the workbook."""
    title = (section.title or "Inleiding").split(" · ")[0]
    number = re.match(r"^(\d+)\.\s*", title)
    title = title[number.end() :] if number else title
    title = SHORT_TITLES.get(title, title)
    name = sheet_title(f"{number[1]} {title}" if number else title).strip()
    words = name.split()
    while len(" ".join(words)) > SHEET_LIMIT and len(words) > 1:
        words.pop()
    name = " ".join(words)[:SHEET_LIMIT].rstrip(",;")
    unique, n = name, 2
    while unique in taken:
        suffix = f" ({n})"
        unique, n = name[: SHEET_LIMIT - len(suffix)] + suffix, n + 1
    taken.add(unique)
    return unique


def workbook_bytes(document) -> bytes:

    model: PageModel = document.model
    book = Workbook()
    about = book.active
    about.title = "Selectie"
    for label, text in document.cover:
        about.append([label, text])
    about.append(["Samenvatting", model.caption])
    for note in model.notes:
        about.append(["Toelichting", note])
    taken = {"Selectie", "Definities"}
    for section in model.sections:
        _write_blocks(book.create_sheet(sheet_name(section, taken)), section.blocks)
    definitions = book.create_sheet("Definities")
    definitions.append(["Indicator", "Definitie"])
    _bold_row(definitions)
    for ident in indicators(model):
        definitions.append([CATALOGUE()[ident].name, CATALOGUE()[ident].explanation])
    for sheet in book.worksheets:
        sheet.column_dimensions["A"].width = 45
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
