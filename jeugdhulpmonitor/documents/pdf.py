"""A page model as an A4 PDF in Dutch (fpdf2, pure Python): a cover, the sections with their
headings in the outline, tables that repeat their header on every page, the notes, and an
appendix with the definition of every indicator. Roboto (Apache 2.0, pip package font-roboto)
is embedded, so the text is selectable and the document language is set to nl.

Accessibility, as far as fpdf2 goes (docs/documents.md): title, description and language set in
the document information and its XMP metadata, the title shown in the viewer's window, the
headings drawn by fpdf2's start_section so that each is a structure element (the title /H1,
the sections /H2) that its outline entry points to, charts tagged /Figure with their title as alt text."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

import font_roboto
from fpdf import FPDF, ViewerPreferences
from fpdf.fonts import FontFace, TextStyle

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.documents import images
from jeugdhulpmonitor.documents.definitions import indicators
from jeugdhulpmonitor.pagemodel import Chart, Columns, KeyFigure, Notice, PageModel, Section, Table, Text

FONT = "Roboto"
MAX_COLUMNS = 7  # columns per printed table; a wider table is split, its first column repeated
GREY = (90, 90, 90)
HEADINGS = [TextStyle(FONT, "B", 15, t_margin=3, b_margin=1), TextStyle(FONT, "B", 12, t_margin=3, b_margin=1)]
COVER_TITLE = TextStyle(FONT, "B", 24, b_margin=2)


class _Pdf(FPDF):
    def footer(self) -> None:
        if self.page_no() > 1:
            self.set_y(-12)
            self.set_font(FONT, size=8)
            self.set_text_color(*GREY)
            self.cell(0, 6, f"{self.title} · pagina {self.page_no()}", align="C")
            self.set_text_color(0)


def _new(title: str, subject: str = "") -> _Pdf:
    pdf = _Pdf(format="A4")
    pdf.set_title(title)
    pdf.set_lang("nl")
    pdf.set_subject(subject)
    # PDF/UA asks for the title in the window (not the file name) and in the XMP metadata.
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.set_xmp_metadata(_xmp(title, subject))
    pdf.set_creator("Jeugdhulpmonitor")
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FONT, "", font_roboto.Roboto)
    pdf.add_font(FONT, "B", font_roboto.RobotoBold)
    pdf.add_font(FONT, "I", font_roboto.RobotoItalic)
    pdf.add_font(FONT, "BI", font_roboto.RobotoBoldItalic)
    pdf.set_margins(18, 18, 18)
    return pdf


def _xmp(title: str, subject: str) -> str:
    """The document's title, description and language as XMP (Dublin Core)."""
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>'
        "<dc:language><rdf:Bag><rdf:li>nl</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )


def _heading(pdf: _Pdf, text: str, level: int = 0) -> None:
    """A heading, kept with what follows it: drawn by start_section (the section title styles),
    which makes it a bookmark and a structure element; tagged as a heading of its level."""
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.start_section(text, level=level)
    _tag_heading(pdf, f"/H{level + 2}")  # /H1 is the document's title on the cover
    pdf.set_font(FONT, size=10)


def _tag_heading(pdf: _Pdf, tag: str) -> None:
    """fpdf2 (2.8) tags a drawn section title as /Figure; a screen reader needs /H1, /H2. The
    element is only reachable through the outline (a private list): without it, leave the tag."""
    outline = getattr(pdf, "_outline", None)
    element = outline[-1].struct_elem if outline else None
    if element is not None:
        element.s = tag


def _text(pdf: _Pdf, text: str, caption: bool = False, italic: bool = False) -> None:
    pdf.set_font(FONT, "I" if italic else "", 8.5 if caption else 10)
    if caption:
        pdf.set_text_color(*GREY)
    for line in text.splitlines():
        bullet = line.startswith("- ")
        pdf.set_x(pdf.l_margin + (4 if bullet else 0))
        pdf.multi_cell(
            0, 5, ("• " + line[2:]) if bullet else line, markdown=True, align="L", new_x="LMARGIN", new_y="NEXT"
        )
    pdf.set_text_color(0)
    pdf.ln(2)


def _table(pdf: _Pdf, header: list[str], rows: list[list[str]], widths: list[float] | None = None) -> None:
    pdf.set_font(FONT, size=8)
    with pdf.table(
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 233, 240)),
        repeat_headings=1,
        col_widths=widths,
        line_height=4.5,
        padding=1,
        text_align="LEFT",
    ) as table:
        for values in [header, *rows]:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(3)
    pdf.set_font(FONT, size=10)


def _wide_table(pdf: _Pdf, table: Table) -> None:
    shown = table.shown()
    columns = [str(c) for c in shown.columns]
    rows = shown.astype(str).values.tolist()
    if not rows:
        _text(pdf, table.empty_text, italic=True)
        return
    for start in range(1, max(len(columns), 2), MAX_COLUMNS - 1):
        part = [0, *range(start, min(start + MAX_COLUMNS - 1, len(columns)))]
        widths = [2.2] + [1] * (len(part) - 1) if len(part) > 2 else None
        _table(pdf, [columns[i] for i in part], [[r[i] for i in part] for r in rows], widths)


def _key_figures(pdf: _Pdf, keys: list[KeyFigure]) -> None:
    rows = [[k.label, k.text, k.delta.removeprefix("nulmeting 2026: ") if k.delta else "–"] for k in keys]
    _table(pdf, ["Kerncijfer", "Waarde", "Nulmeting 2026"], rows, [3, 1, 1])


def _chart(pdf: _Pdf, chart: Chart) -> None:
    """The chart's title, then the chart as an image with the title as its alt text (or a line
    saying it is not available: no browser, or nothing to draw)."""
    title = chart.title or "Grafiek"
    if pdf.will_page_break(70):
        pdf.add_page()
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(0, 5, title, new_x="LMARGIN", new_y="NEXT")
    if chart.empty:
        _text(pdf, chart.empty_text, italic=True)
        return
    png = images.png(chart)
    if png is None:
        _text(pdf, images.UNAVAILABLE.capitalize() + ".", italic=True)
        return
    pdf.image(io.BytesIO(png), w=pdf.epw, alt_text=title)
    pdf.ln(3)


def _blocks(pdf: _Pdf, blocks: list) -> None:
    for block in blocks:
        if isinstance(block, Columns):
            cells = [b for cell in block.cells for b in cell]
            if cells and all(isinstance(b, KeyFigure) for b in cells):
                _key_figures(pdf, cells)
            else:
                _blocks(pdf, cells)
        elif isinstance(block, KeyFigure):
            _key_figures(pdf, [block])
        elif isinstance(block, Table):
            _wide_table(pdf, block)
        elif isinstance(block, Chart):
            _chart(pdf, block)
        elif isinstance(block, Text):
            _text(pdf, block.text, caption=block.caption)
        elif isinstance(block, Notice):
            _text(pdf, block.text, italic=True)


def _cover(pdf: _Pdf, document) -> None:
    model: PageModel = document.model
    pdf.add_page()
    pdf.set_y(60)
    pdf.set_font(FONT, "B", 24)
    pdf.set_section_title_styles(COVER_TITLE)
    pdf.start_section(model.title, level=0)
    _tag_heading(pdf, "/H1")
    pdf.set_section_title_styles(*HEADINGS)
    pdf.set_font(FONT, size=12)
    pdf.multi_cell(0, 6, model.caption, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font(FONT, size=10)
    for label, text in document.cover:
        pdf.set_font(FONT, "B", 10)
        pdf.cell(40, 6, label)
        pdf.set_font(FONT, size=10)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")


def pdf_bytes(document) -> bytes:

    model: PageModel = document.model
    pdf = _new(f"{model.title} – {dict(model.context).get('Periode', '')}", model.caption)
    _cover(pdf, document)
    pdf.add_page()
    with images.session():  # the CLI's run may have opened one already; else one per document
        for section in model.sections:
            if section.title:
                _heading(pdf, section.title)
            _blocks(pdf, section.blocks)
    if model.notes:
        _heading(pdf, "Toelichting")
        _text(pdf, "\n".join(f"- {note}" for note in model.notes), caption=True)
    _appendix(pdf, indicators(model))
    return bytes(pdf.output())


def _appendix(pdf: _Pdf, ids: list[str]) -> None:
    if not ids:
        return
    pdf.add_page()
    _heading(pdf, "Bijlage: definities")
    rows = [[CATALOGUE()[i].name, re.sub(r"\s+", " ", CATALOGUE()[i].explanation)] for i in ids]
    _table(pdf, ["Indicator", "Definitie"], rows, [1, 2.5])


__all__ = ["pdf_bytes", "Section"]
