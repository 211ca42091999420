"""The dialogue pack read back as its reader gets it (issue 28, item 16), in both regions: the
workbook holds money and changes as numbers with Dutch number formats (a hidden figure stays its
mark) on sheets named in whole words; the PDF breaks no word inside a table cell or heading,
leaves no heading alone at the foot of a page, prints no column of places without a figure, and
draws the trend of the key counts with their values in words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from jeugdhulpmonitor import documents
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.documents import images
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text
from jeugdhulpmonitor.pagemodel import Chart, Table, Text, is_mark
from jeugdhulpmonitor.periods import Period, series
from jeugdhulpmonitor.views.themes import FIRST_YEAR

PERIOD = Period.parse("2026-M8")
# One pack of each kind, over both regions: PD1 with a provider, PD2 for a theme and for an area.
PACKS = {
    "pd1-altra": dict(provider="AA01"),
    "pd1-kenter": dict(provider="IJ01"),
    "pd2-theme-b": dict(theme="B", region="amsterdam-amstelland"),
    "pd2-ijmond": dict(area="ijmond"),
}
TRENDS = ("young_people_in_care", "inflow", "outflow")
MONEY_TEXT = re.compile(r"^[+-]?€\s?[\d.,]+(\s?mln)?$")
FOOTER = re.compile(r"· pagina \d+$")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module", autouse=True)
def _one_chart_browser():
    with images.session():
        yield


@pytest.fixture(scope="module")
def packs(sample_engine, tmp_path_factory) -> dict:
    """name: (document, pdf path, xlsx path), made as the command line and the page make them."""
    out = tmp_path_factory.mktemp("packs")
    made = {}
    for name, args in PACKS.items():
        document = documents.dialogue(sample_engine, PERIOD, **args)
        pdf, xlsx = out / f"{name}.pdf", out / f"{name}.xlsx"
        pdf.write_bytes(document.pdf())
        xlsx.write_bytes(document.xlsx())
        made[name] = (document, pdf, xlsx)
    return made


def pages(path: Path) -> list[str]:
    """Each page's text without its footer line."""
    out = []
    for page in PdfReader(path).pages:
        lines = [line for line in page.extract_text().splitlines() if not FOOTER.search(line)]
        out.append("\n".join(lines))
    return out


def headings(document) -> list[str]:
    """What the PDF draws as a heading: the sections' titles, the titles that introduce a table
    (a text right before it) and the charts' titles."""
    found = ["Toelichting", "Bijlage: definities"]
    for section in document.model.sections:
        if section.title:
            found.append(section.title)
        for block, following in zip(section.blocks, section.blocks[1:]):
            if isinstance(block, Text) and not block.caption and isinstance(following, Table | Chart):
                found.append(block.text)
        # A chart is an image: a chart's title is last on its page unless the caption after it follows.
        found += [
            b.title
            for b, after in zip(section.blocks, section.blocks[1:])
            if isinstance(b, Chart) and isinstance(after, Text)
        ]
    return found


def sheet_rows(path: Path, key: str):
    """The rows of a dialogue element's table in the workbook: the header row first."""
    book = load_workbook(path)
    for sheet in book.worksheets:
        rows = [list(row) for row in sheet.iter_rows()]
        for at, row in enumerate(rows):
            if row and str(row[0].value or "").startswith("Indicator (") and any(c.value == "Verandering" for c in row):
                if key in sheet.title or key == "*":
                    end = next((i for i in range(at + 1, len(rows)) if rows[i][0].value is None), len(rows))
                    yield sheet, rows[at], rows[at + 1 : end]


# --- the workbook ---


@pytest.mark.parametrize("name", PACKS)
def test_money_and_changes_in_the_workbook_are_numbers_with_dutch_formats(packs, sample_engine, name):
    document, _, xlsx = packs[name]
    tables = 0
    for sheet, header, rows in sheet_rows(xlsx, "*"):
        tables += 1
        titles = [c.value for c in header]
        change = titles.index("Verandering")
        for row in rows:
            for cell in row[1:]:
                assert not (isinstance(cell.value, str) and MONEY_TEXT.match(cell.value)), (sheet.title, cell.value)
            moved = row[change]
            # A change is a number of its own (signed format), or says why there is none.
            if isinstance(moved.value, str):
                assert moved.value in ("–", "x", "<10"), (sheet.title, row[0].value, moved.value)
            else:
                assert moved.number_format.startswith("+"), (sheet.title, moved.number_format)
    assert tables >= 4
    # The money of the first element in euros: the engine's figure for the selection of the
    # pack's own column (the second), formatted as euros. Money is not known per theme.
    sheet, header, rows = next(sheet_rows(xlsx, "Lumpsum" if "provider" in PACKS[name] else "Budget"))
    first = rows[0]
    ident = {"Lumpsum aanbieders": "lump_sum_eur", "Budget AJH": "budget_eur"}[first[0].value]
    expected = sample_engine.compute(ident, PERIOD, selection(sample_engine, name, theme=False))[0].value
    assert expected and first[1].value == pytest.approx(expected)
    assert "€" in first[1].number_format and "#,##0" in first[1].number_format


def selection(engine, name: str, theme: bool = True) -> Selection:
    """The selection a pack is about."""
    args = PACKS[name]
    if args.get("provider"):
        region = engine.providers[args["provider"]][1]
    else:
        region = args.get("region") or "ijmond-zuid-kennemerland"
    return Selection(
        region=region, provider=args.get("provider"), area=args.get("area"), theme=args.get("theme") if theme else None
    )


@pytest.mark.parametrize("name", PACKS)
def test_hidden_figures_stay_marks_in_the_workbook(packs, name):
    """A cell the model hides is its mark in the workbook, never a number: the element sheets
    hold as many marks as the model's element tables."""
    document, _, xlsx = packs[name]
    hidden = sum(
        is_mark(v) and v.mark in ("<10", "x")
        for t in document.model.blocks(Table)
        if (t.key or "").startswith("element-")
        for column in t.frame.columns
        for v in t.frame[column]
    )
    written = sum(c.value in ("<10", "x") for _, _, rows in sheet_rows(xlsx, "*") for row in rows for c in row)
    assert written == hidden


@pytest.mark.parametrize("name", PACKS)
def test_sheet_names_are_whole_words_within_excels_limit(packs, name):
    document, _, xlsx = packs[name]
    names = load_workbook(xlsx).sheetnames
    words = set()
    for section in document.model.sections:
        words |= {w.lower() for w in re.findall(r"[\w'/-]+", section.title or "")}
    # The sheets' own short words: a whole word, never the start of a title's word cut off.
    words |= {"selectie", "definities", "inhoud", "transformatie", "stromen"}
    assert len(set(names)) == len(names)
    for sheet in names:
        assert len(sheet) <= 31 and "  " not in sheet, sheet
        for word in re.findall(r"[^\W\d]+(?:[-/][^\W\d]+)*", sheet):
            assert word.lower() in words, (sheet, word)
    # An element's sheet has the element's number, as its heading in the PDF (IJmond has no 4).
    numbered = [re.match(r"(\d+)\.", s.title or "") for s in document.model.sections]
    assert [n.split()[0] for n in names if n[0].isdigit()] == [m[1] for m in numbered if m]


# --- the PDF ---


@pytest.mark.parametrize("name", PACKS)
def test_no_word_is_broken_in_a_table_cell_or_heading(packs, name):
    document, pdf, _ = packs[name]
    tokens = set("\n".join(pages(pdf)).split())
    assert "8-maandsrapportage" in tokens
    words = set()
    for table in document.model.blocks(Table):
        if table.frame.empty:  # printed as its empty text
            words |= set(table.empty_text.split())
            continue
        shown = table.shown()
        words |= {w for column in shown.columns for w in str(column).split()}
        words |= {w for column in shown.columns for v in shown[column] for w in str(v).split()}
    for heading in headings(document):
        words |= set(heading.split())
    broken = sorted(w for w in words if w not in tokens)
    assert not broken, broken[:20]


@pytest.mark.parametrize("name", PACKS)
def test_no_heading_ends_a_page(packs, name):
    document, pdf, _ = packs[name]
    titles = [squeeze(h) for h in headings(document)]
    for number, text in enumerate(pages(pdf)[1:], 2):
        last = squeeze(text)
        assert not any(last.endswith(t) for t in titles), (number, text.splitlines()[-3:])


def test_area_columns_without_a_figure_are_one_line_not_columns(packs):
    """Altra's money per Amsterdam city area does not exist (money is known per municipality): the
    pack printed six columns of "–" in every row; now one line names them, with their mark."""
    document, pdf, _ = packs["pd1-altra"]
    budget = document.model.table("element-budget").shown()
    empty = [c for c in budget.columns if str(c).startswith("gebied ") and len(set(budget[c])) == 1]
    assert len(empty) == 6, "Amsterdam's six city areas have no money"
    mark = budget[empty[0]].iloc[0]
    assert mark == "n.v.t. per gebied"  # said why, not "–"
    text = "\n".join(pages(pdf))
    start = text.index("1. Lumpsum")
    section = squeeze(text[start : text.index("2. Tijdigheid", start)])
    line = (
        f'Niet als kolom opgenomen, want zonder cijfer ("{mark}" in elke rij): {", ".join(empty[:-1])} en {empty[-1]}.'
    )
    assert squeeze(line) in section
    # Named once, in that line: none heads a column.
    assert all(section.count(squeeze(c)) == 1 for c in empty)


@pytest.mark.parametrize("name", ["pd1-altra", "pd1-kenter", "pd2-ijmond"])
def test_key_counts_have_a_trend_chart_with_their_values_in_words(packs, sample_engine, name):
    document, pdf, _ = packs[name]
    charts = [c for c in document.model.blocks(Chart) if c.key.startswith("trend-")]
    assert [c.key for c in charts] == [f"trend-{i}" for i in TRENDS]
    text = squeeze("\n".join(pages(pdf)))
    shown = document.model.section("section-client_flows")
    sel = selection(sample_engine, name)
    for ident in TRENDS:
        figs = sample_engine.series(ident, series(PERIOD.form, FIRST_YEAR, PERIOD.year), sel)
        values = "; ".join(f"{Period.parse(f.period).year}: {figure_text(f, CATALOGUE()[ident].format)}" for f in figs)
        assert squeeze(values) in text, (ident, values)
        assert any(isinstance(b, Chart) and b.key == f"trend-{ident}" for b in shown.blocks)
    if images.unavailable():
        pytest.skip("no Chromium: charts cannot be drawn as images here")
    assert {c.title for c in charts} <= set(alt_texts(pdf))


def alt_texts(path: Path) -> list[str]:
    """The alt text of each figure in the PDF's structure tree."""
    tree = PdfReader(path).trailer["/Root"]["/StructTreeRoot"]["/K"]
    document = (tree[0] if isinstance(tree, list) else tree).get_object()
    elements = [e.get_object() for e in document["/K"]]
    return [e.get("/Alt") for e in elements if e["/S"] == "/Figure"]


def test_every_character_of_the_pack_is_in_the_pdf_font(packs):
    """The PDF's font has no glyph for some symbols the screen uses (an info sign printed as a
    blank in 'de  of de toelichting'): every text of the pack, read from its workbook, which
    holds the same texts, is in the font the PDF prints with."""
    import font_roboto
    from fontTools.ttLib import TTFont

    glyphs = set(TTFont(font_roboto.Roboto).getBestCmap())  # as documents/pdf.py adds it
    for name, (_document, _pdf, xlsx) in packs.items():
        texts = [c.value for sheet in load_workbook(xlsx).worksheets for row in sheet.iter_rows() for c in row]
        missing = {ch for t in texts if isinstance(t, str) for ch in t if not ch.isspace() and ord(ch) not in glyphs}
        assert missing == set(), (name, missing)
