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
import math
import re
import struct
from xml.sax.saxutils import escape

import font_roboto
from fpdf import FPDF, ViewerPreferences
from fpdf.fonts import FontFace, TextStyle

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.documents import images
from jeugdhulpmonitor.documents.definitions import indicators
from jeugdhulpmonitor.pagemodel import Chart, Columns, KeyFigure, Notice, PageModel, Section, Table, Text, is_not_known

FONT = "Roboto"
MAX_COLUMNS = 7  # columns per printed table; a wider table is split, its first column repeated
# A table's font shrinks to at most the smallest of these sizes so that each column is as wide as
# its longest word: a cell wraps between words, never inside one ("8-maandsrapp|ortage", issue
# 28, item 16); where even that is too wide, the table is split into more parts.
TABLE_SIZES = (8, 7.5, 7, 6.5, 6)
PADDING, LINE_HEIGHT = 1, 4.5
SLACK = 2 * PADDING + 0.8  # the padding, the border and a little for rounding
KEEP_ROWS = 2  # a heading stays on the page of its table's header and first rows
KEEP_TEXT = 25  # ... or of the first lines (mm) of its texts
CHART_HEIGHT = 70  # room for a chart's title and image (mm), before it is drawn
MONEY = re.compile(r"^[+-]?€ [\d.,]+( mln)?$")  # "€ 19,7 mln" is one word: never "€ 19,7" over "mln"
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


def _heading(pdf: _Pdf, text: str, following: list, level: int = 0) -> None:
    """A heading, kept with what follows it (never alone at the foot of a page, issue 28, item
    16): drawn by start_section (the section title styles), which makes it a bookmark and a
    structure element; tagged as a heading of its level."""
    style = HEADINGS[level]
    pdf.set_font(FONT, "B", style.size_pt)
    lines = len(pdf.multi_cell(0, pdf.font_size, text, dry_run=True, output="LINES"))
    _keep(pdf, lines * pdf.font_size + style.t_margin + style.b_margin + _lead(pdf, following))
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


def _keep(pdf: _Pdf, height: float) -> None:
    """A new page when what must stand together does not fit on this one (and this one is not
    fresh: what is taller than a page starts where it is)."""
    if pdf.will_page_break(height) and pdf.get_y() > pdf.t_margin + 1:
        pdf.add_page()


def _lead(pdf: _Pdf, blocks: list) -> float:
    """The height of what a heading keeps with it: the texts up to the first table or chart
    (at most their first KEEP_TEXT mm), and that table's header and first rows, or the chart."""
    height = 0.0
    for block in blocks:
        if isinstance(block, Text | Notice):
            height += _text_height(pdf, block.text, getattr(block, "caption", False))
            if height >= KEEP_TEXT:
                return KEEP_TEXT
            continue
        if isinstance(block, Table):
            height += _table_lead(pdf, block)
        elif isinstance(block, Chart):
            height += CHART_HEIGHT
        elif isinstance(block, Columns | KeyFigure):
            height += 3 * LINE_HEIGHT + 4 * PADDING
        break
    return height


def _text_height(pdf: _Pdf, text: str, caption: bool = False) -> float:
    pdf.set_font(FONT, size=8.5 if caption else 10)
    lines = sum(
        len(pdf.multi_cell(0, 5, line, markdown=True, dry_run=True, output="LINES")) for line in text.splitlines()
    )
    pdf.set_font(FONT, size=10)
    return lines * 5 + 2


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
    """A table whose columns hold their longest word (`widths`, relative, are a preference)."""
    size, col_widths = _fit(pdf, header, rows, widths) or (TABLE_SIZES[-1], widths)
    pdf.set_font(FONT, size=size)
    with pdf.table(
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 233, 240)),
        repeat_headings=1,
        col_widths=col_widths,
        line_height=LINE_HEIGHT * size / TABLE_SIZES[0],
        padding=PADDING,
        text_align="LEFT",
    ) as table:
        for values in [header, *rows]:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(3)
    pdf.set_font(FONT, size=10)


def _fit(pdf: _Pdf, header: list[str], rows: list[list[str]], preferred=None) -> tuple[float, list[float]] | None:
    """The largest of TABLE_SIZES at which each column can be as wide as its longest word (in
    bold in the header), and the column widths (mm) at that size; None when none fits."""
    for size in TABLE_SIZES:
        least, natural = [], []
        for i, title in enumerate(header):
            texts = [r[i] for r in rows]
            pdf.set_font(FONT, "B", size)
            head = [pdf.get_string_width(w) for w in title.split()] or [0]
            head_line = max(pdf.get_string_width(line) for line in title.splitlines() or [""])
            pdf.set_font(FONT, "", size)
            words = [pdf.get_string_width(w) for t in texts for w in _words(t)] or [0]
            lines = [pdf.get_string_width(line) for t in texts for line in t.splitlines()] or [0]
            least.append(max(*head, *words) + SLACK)
            natural.append(max(head_line, *lines) + SLACK)
        pdf.set_font(FONT, size=10)
        if sum(least) <= pdf.epw:
            return size, _share(pdf.epw, least, natural, preferred)
    return None


def _words(text: str) -> list[str]:
    return [text] if MONEY.match(text) else text.split()


def _share(width: float, least: list[float], natural: list[float], preferred=None) -> list[float]:
    """Column widths summing to `width`, none below its least: as preferred where given, else
    each as its longest line where all fit, else between least and longest line alike."""
    if preferred:
        wanted = [width * p / sum(preferred) for p in preferred]
    elif sum(natural) <= width:
        return [n * width / sum(natural) for n in natural]
    else:
        share = (width - sum(least)) / (sum(natural) - sum(least))
        return [lo + (n - lo) * share for lo, n in zip(least, natural)]
    widths = [max(w, lo) for w, lo in zip(wanted, least)]
    excess, room = sum(widths) - width, [w - lo for w, lo in zip(widths, least)]
    return [w - excess * r / sum(room) for w, r in zip(widths, room)] if excess > 0 else widths


def _parts(pdf: _Pdf, columns: list[str], rows: list[list[str]]) -> list[list[int]]:
    """The column indexes of each printed part of a wide table, each with the first column:
    as few parts as MAX_COLUMNS and the longest words allow, of about equal width."""
    n = len(columns) - 1
    if n < 1:
        return [[0]]
    count = math.ceil(n / (MAX_COLUMNS - 1))
    while True:
        size = math.ceil(n / count)
        parts = [[0, *range(1 + k * size, min(1 + (k + 1) * size, n + 1))] for k in range(count)]
        parts = [p for p in parts if len(p) > 1]
        if size == 1 or all(_fit(pdf, [columns[i] for i in p], [[r[i] for i in p] for r in rows]) for p in parts):
            return parts
        count += 1


def _without_figures(table: Table, shown) -> dict[str, list[str]]:
    """The place columns (a municipality or area each) without a figure in any row, by what
    every row of them says ("–", "n.v.t. per gebied")."""
    out: dict[str, list[str]] = {}
    for column in table.places:
        texts = set(shown[column]) if column in shown else set()
        values = table.frame[column] if column in table.frame else []
        if len(texts) == 1 and (texts == {"–"} or all(is_not_known(v) for v in values)):
            out.setdefault(texts.pop(), []).append(str(column))
    return out


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"


def _printed(pdf: _Pdf, table: Table) -> tuple[list[tuple[str | None, list[str], list[list[str]]]], dict]:
    """How a table is printed: its parts, each (title, header, rows) with the first column, as
    the screen groups its columns (the dialogue's comparison, "Per gemeente", "Per gebied"), a
    group too wide split further; and the place columns left out, by what every row says."""
    shown = table.shown()
    # A place with no figure in any row is one line under the table, not a column of marks
    # (issue 28, item 16: six columns of "–" for the money of Amsterdam's city areas).
    empty = _without_figures(table, shown)
    shown = shown.drop(columns=[c for names in empty.values() for c in names])
    rest = list(shown.columns[1:])
    groups = [(title, [c for c in columns if c in rest]) for title, columns in table.groups]
    if not groups or sorted(c for _, columns in groups for c in columns) != sorted(rest):  # none, or not all
        groups = [(None, rest)]
    parts = []
    for title, columns in groups:
        if columns or not rest:
            frame = shown[[shown.columns[0], *columns]]
            names, rows = [str(c) for c in frame.columns], frame.astype(str).values.tolist()
            for n, part in enumerate(_parts(pdf, names, rows)):
                parts.append(
                    (title if n == 0 else None, [names[i] for i in part], [[r[i] for i in part] for r in rows])
                )
    return parts, empty


def _wide_table(pdf: _Pdf, table: Table) -> None:
    if table.frame.empty:
        _text(pdf, table.empty_text, italic=True)
        return
    parts, empty = _printed(pdf, table)
    for title, header, rows in parts:
        if title:  # a group's title stays with its header and first rows
            _keep(pdf, 6 + _rows_height(pdf, header, rows[:KEEP_ROWS]))
            pdf.set_font(FONT, "B", 9)
            pdf.multi_cell(0, 5, title, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(FONT, size=10)
        _table(pdf, header, rows)
    for mark, names in empty.items():
        line = f'Niet als kolom opgenomen, want zonder cijfer ("{mark}" in elke rij): {_names(names)}.'
        _keep(pdf, _text_height(pdf, line, caption=True))  # one line, not split over two pages
        _text(pdf, line, caption=True)


def _table_lead(pdf: _Pdf, table: Table) -> float:
    """The height of a table's header and first rows (or its empty text) as printed."""
    if table.frame.empty:
        return _text_height(pdf, table.empty_text)
    title, header, rows = _printed(pdf, table)[0][0]
    return (6 if title else 0) + _rows_height(pdf, header, rows[:KEEP_ROWS])


def _rows_height(pdf: _Pdf, header: list[str], rows: list[list[str]]) -> float:
    """The height of a table of these rows as _table draws it."""
    size, widths = _fit(pdf, header, rows) or (TABLE_SIZES[-1], [pdf.epw / len(header)] * len(header))
    line = LINE_HEIGHT * size / TABLE_SIZES[0]
    height = 0.0
    for at, values in enumerate([header, *rows]):
        pdf.set_font(FONT, "B" if at == 0 else "", size)
        lines = [
            len(pdf.multi_cell(w - 2 * PADDING, line, v, dry_run=True, output="LINES")) for w, v in zip(widths, values)
        ]
        height += max(lines) * line + 2 * PADDING
    pdf.set_font(FONT, size=10)
    return height + 3


def _key_figures(pdf: _Pdf, keys: list[KeyFigure]) -> None:
    rows = [[k.label, k.text, k.delta.removeprefix("nulmeting 2026: ") if k.delta else "–"] for k in keys]
    _table(pdf, ["Kerncijfer", "Waarde", "Nulmeting 2026"], rows, [3, 1, 1])


def _chart(pdf: _Pdf, chart: Chart, caption: Text | None = None) -> None:
    """The chart's title, then the chart as an image with the title as its alt text (or a line
    saying it is not available: no browser, or nothing to draw), on one page with the caption
    that follows it (a chart's values in words)."""
    title = chart.title or "Grafiek"
    png = None if chart.empty else images.png(chart)
    pdf.set_font(FONT, "B", 10)
    height = 5 * len(pdf.multi_cell(0, 5, title, dry_run=True, output="LINES")) + 3
    if png is not None:
        width_px, height_px = struct.unpack(">II", png[16:24])  # the PNG's header (IHDR)
        height += pdf.epw * height_px / width_px
    else:
        height += 10
    if caption is not None:
        height += _text_height(pdf, caption.text, caption.caption)
    _keep(pdf, height)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(0, 5, title, new_x="LMARGIN", new_y="NEXT")
    if chart.empty:
        _text(pdf, chart.empty_text, italic=True)
        return
    if png is None:
        _text(pdf, images.UNAVAILABLE.capitalize() + ".", italic=True)
        return
    pdf.image(io.BytesIO(png), w=pdf.epw, alt_text=title)
    pdf.ln(3)


def _blocks(pdf: _Pdf, blocks: list) -> None:
    for at, block in enumerate(blocks):
        before, after = blocks[at - 1] if at else None, blocks[at + 1] if at + 1 < len(blocks) else None
        if isinstance(block, Text) and isinstance(after, Table | Chart) and not isinstance(before, Chart):
            _keep(pdf, _lead(pdf, blocks[at:]))  # a table's or chart's title stays with it
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
            _chart(pdf, block, after if isinstance(after, Text) and after.caption else None)
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
                _heading(pdf, section.title, section.blocks)
            _blocks(pdf, section.blocks)
    if model.notes:
        notes = Text("\n".join(f"- {note}" for note in model.notes), caption=True)
        _heading(pdf, "Toelichting", [notes])
        _text(pdf, notes.text, caption=True)
    _appendix(pdf, indicators(model))
    return bytes(pdf.output())


def _appendix(pdf: _Pdf, ids: list[str]) -> None:
    if not ids:
        return
    pdf.add_page()
    _heading(pdf, "Bijlage: definities", [])
    rows = [[CATALOGUE()[i].name, re.sub(r"\s+", " ", CATALOGUE()[i].explanation)] for i in ids]
    _table(pdf, ["Indicator", "Definitie"], rows, [1, 2.5])


__all__ = ["pdf_bytes", "Section"]
