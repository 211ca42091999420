"""The council report and the dialogue pack as documents (issue 13): made on the sample through
the command line, the PDF's text and the workbook's cells read back and compared with the
engine's figures for the same selection; the first PDF page is not blank; the council report's
charts are images with their title as alt text (where Chromium exists), or say they are not
available; headings are tagged as headings."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from jeugdhulpmonitor import documents
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.cli import main
from jeugdhulpmonitor.documents import images
from jeugdhulpmonitor.documents.build import dialogue_name, file_name
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import SUPPRESSED, SUPPRESSED_VALUE, Chart, Table, is_hidden
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.views.council import KEY_FIGURES
from jeugdhulpmonitor.views.dialogue import indicators

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
COUNCIL = "raadsrapportage-aalsmeer-eerste-halfjaar-2026"
AREA_ALL = "prestatiedialoog-amsterdam-amstelland-8-maandsrapportage-2026"
NO_CHROMIUM = "no Chromium (BROWSER_PATH or /usr/bin/chromium): charts cannot be drawn as images here"


def squeeze(text: str) -> str:
    """Without white space: a table cell may wrap over two lines in the PDF."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def cells(path: Path) -> list:
    book = load_workbook(path)
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]


@pytest.fixture(scope="module", autouse=True)
def _one_chart_browser():
    """One kaleido Chromium draws every document of this module, as it does for the command
    line's --all (each document opening its own cost about 1.3 s). The PDF without Chromium is
    tested in test_documents_without_chromium.py, where none is open."""
    with images.session():
        yield


@pytest.fixture(scope="module")
def council_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("council")
    args = ["report", "council", "--data-dir", str(SAMPLE), "--municipality", "GM0358", "--period", "2026-H1"]
    assert main([*args, "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def dialogue_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dialogue")
    args = ["report", "dialogue", "--data-dir", str(SAMPLE), "--provider", "AA01", "--period", "2026-M8"]
    assert main([*args, "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def council_document(sample_engine):
    return documents.council(sample_engine, "GM0358", Period.parse("2026-H1"))


@pytest.fixture(scope="module")
def pd2_out(tmp_path_factory) -> Path:
    """PD2 packs from the command line: an area, and the whole assignment (no subject given)."""
    out = tmp_path_factory.mktemp("pd2")
    base = ["report", "dialogue", "--data-dir", str(SAMPLE), "--period", "2026-M8", "--out", str(out)]
    assert main([*base, "--area", "noord"]) == 0
    assert main(base) == 0
    return out


def structure(path: Path) -> list[tuple[str, str | None]]:
    """(tag, alt text) of each structure element under the PDF's document element."""
    tree = PdfReader(path).trailer["/Root"]["/StructTreeRoot"]
    kids = tree["/K"]
    document = (kids[0] if isinstance(kids, list) else kids).get_object()
    return [(e.get_object()["/S"], e.get_object().get("/Alt")) for e in document["/K"]]


def test_council_files_are_named_in_words(council_out):
    assert sorted(p.name for p in council_out.iterdir()) == [f"{COUNCIL}.pdf", f"{COUNCIL}.xlsx"]


def test_council_key_figures_in_pdf_and_workbook(council_out, sample_engine):
    sel = Selection(region="amsterdam-amstelland", municipalities=("GM0358",))
    figs = sample_engine.compute(KEY_FIGURES, Period.parse("2026-H1"), sel)
    text = squeeze(pdf_text(council_out / f"{COUNCIL}.pdf"))
    book = load_workbook(council_out / f"{COUNCIL}.xlsx")
    sheet = next(s for s in book.worksheets if "Kerncijfers" in s.title)
    in_book = {row[0].value: row[1] for row in sheet.iter_rows() if row[0].value}
    for fig in figs:
        ind = CATALOGUE()[fig.indicator]
        shown = figure_text(fig, ind.format)
        assert squeeze(shown) in text, (ind.name, shown)
        cell = in_book[ind.name]
        if fig.suppressed:
            assert cell.value == shown  # the mark, never a number under it
        else:
            assert cell.value == pytest.approx(fig.value)  # a number, not text
            assert isinstance(cell.value, int | float) and cell.number_format != "General"


def test_council_cover_and_appendix(council_out, sample_engine):
    reader = PdfReader(council_out / f"{COUNCIL}.pdf")
    cover = reader.pages[0].extract_text()
    assert "Raadsrapportage Aalsmeer" in cover and "fictieve voorbeeldgegevens" in cover
    assert sample_engine.runner.data_version in cover
    assert reader.metadata.title.startswith("Raadsrapportage Aalsmeer")
    assert [o.title for o in reader.outline][-1] == "Bijlage: definities"
    text = squeeze(pdf_text(council_out / f"{COUNCIL}.pdf"))
    for ident in KEY_FIGURES:
        assert squeeze(CATALOGUE()[ident].explanation) in text
    values = {c.value for c in cells(council_out / f"{COUNCIL}.xlsx")}
    assert (
        sample_engine.runner.data_version in values
        and "Definities" in load_workbook(council_out / f"{COUNCIL}.xlsx").sheetnames
    )


def test_dialogue_figures_and_marks_in_pdf_and_workbook(dialogue_out, sample_engine):
    name = "prestatiedialoog-altra-8-maandsrapportage-2026"
    sel = Selection(region="amsterdam-amstelland", provider="AA01")
    period = Period.parse("2026-M8")
    text = squeeze(pdf_text(dialogue_out / f"{name}.pdf"))
    book_cells = cells(dialogue_out / f"{name}.xlsx")
    book_values = [c.value for c in book_cells]
    ids = indicators("client_flows", sel)
    assert ids
    # The region's figures as the pack shows them: as the engine protects them (a hidden one is
    # its mark, never its number).
    for fig in sample_engine.compute(ids, period, sel):
        shown = figure_text(fig, CATALOGUE()[fig.indicator].format)
        assert squeeze(shown) in text, (fig.indicator, shown)
    # Every cell of every table: in the PDF as on screen; in the workbook as a number where it is one.
    document = documents.dialogue(sample_engine, period, provider="AA01")
    hidden = 0
    for table in document.model.blocks(Table):
        for column in table.frame.columns:
            for value in table.frame[column]:
                hidden += is_hidden(value)
        for row in table.shown().itertuples(index=False):
            for shown in row:
                assert squeeze(str(shown)) in text, shown
    assert hidden, "the sample's AA01 pack hides some small counts per area"
    marks = sum(v in (SUPPRESSED.mark, SUPPRESSED_VALUE.mark) for v in book_values)
    assert marks >= hidden  # a hidden cell is its mark in the workbook too, never a number
    assert any(isinstance(v, float) and c.number_format.endswith('"%"') for c, v in zip(book_cells, book_values))


def test_first_pages_are_not_blank(council_out, dialogue_out):
    for pdf in [*council_out.glob("*.pdf"), *dialogue_out.glob("*.pdf")]:
        for index in (0, 1):
            image = pypdfium2.PdfDocument(pdf)[index].render(scale=0.5).to_pil().convert("L")
            dark = sum(image.histogram()[:128])
            assert dark > 500, (pdf.name, index)


def test_unknown_input_is_an_error_and_writes_nothing(tmp_path, capsys):
    base = ["report", "council", "--data-dir", str(SAMPLE), "--out", str(tmp_path)]
    assert main([*base, "--municipality", "GM9999", "--period", "2026-H1"]) == 1
    assert "unknown municipality" in capsys.readouterr().err
    assert main([*base, "--municipality", "GM0358", "--period", "2031-H1"]) == 1
    assert main([*base, "--municipality", "GM0358", "--period", "2026-M8"]) == 1
    dialogue = ["report", "dialogue", "--data-dir", str(SAMPLE), "--out", str(tmp_path), "--period", "2026-M8"]
    assert main([*dialogue, "--provider", "NOPE"]) == 1
    assert main([*dialogue, "--theme", "Z"]) == 1
    with pytest.raises(SystemExit) as exit_:
        main([*dialogue, "--colour", "red"])
    assert exit_.value.code == 2
    assert list(tmp_path.iterdir()) == []


def test_council_charts_are_in_the_model_and_images_in_the_pdf(council_out, council_document):
    charts = [c for c in council_document.model.blocks(Chart) if not c.empty]
    assert len(charts) >= 4, "a trend chart per headline indicator of the themes"
    assert all(c.kind == "trend_with_path" and c.title for c in charts)
    pdf = council_out / f"{COUNCIL}.pdf"
    tags = structure(pdf)
    assert [t for t, _ in tags].count("/H1") == 1 and ("/H2", None) in tags  # title, sections
    if images.unavailable():
        pytest.skip(NO_CHROMIUM)
    assert sum(len(page.images) for page in PdfReader(pdf).pages) == len(charts)
    assert [alt for tag, alt in tags if tag == "/Figure"] == [c.title for c in charts]  # alt text


def test_pd2_packs_for_an_area_and_the_whole_assignment(pd2_out, sample_engine):
    area = "prestatiedialoog-gebied-noord-8-maandsrapportage-2026"
    assert sorted(p.name for p in pd2_out.iterdir()) == sorted(
        f"{name}{suffix}" for name in (area, AREA_ALL) for suffix in (".pdf", ".xlsx")
    )
    for name, subject in ((area, "gebied Noord"), (AREA_ALL, "Amsterdam-Amstelland")):
        assert f"Prestatiedialoog PD2 · {subject}" in PdfReader(pd2_out / f"{name}.pdf").pages[0].extract_text()
        assert any(isinstance(c.value, int | float) for c in cells(pd2_out / f"{name}.xlsx"))
    # The area pack holds every cell of the model for the same selection, as on screen.
    text = squeeze(pdf_text(pd2_out / f"{area}.pdf"))
    document = documents.dialogue(sample_engine, Period.parse("2026-M8"), area="noord")
    tables = list(document.model.blocks(Table))
    assert tables
    for table in tables:
        for row in table.shown().itertuples(index=False):
            for shown in row:
                assert squeeze(str(shown)) in text, shown


# --- the PD1 pack completed (issue 13): the multi-year evaluation, the previous dialogue, charts ---

PD1_2029 = "prestatiedialoog-altra-8-maandsrapportage-2029"


@pytest.fixture(scope="module")
def pd1_2029_out(tmp_path_factory) -> Path:
    """Altra's pack at 2029-M8, with the sample's fictitious dialogue log in a log of its own
    (the dialogue of 2029-M4 recorded two actions, one of them done since)."""
    out = tmp_path_factory.mktemp("pd1-2029")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JHM_DIALOGUE_DB", str(out.parent / "pd1-2029-log.sqlite"))
        args = ["report", "dialogue", "--data-dir", str(SAMPLE), "--provider", "AA01", "--period", "2029-M8"]
        assert main([*args, "--out", str(out)]) == 0
    return out


def _sheet(path: Path, title_part: str):
    book = load_workbook(path)
    return next(s for s in book.worksheets if title_part in s.title)


def test_pd1_pack_holds_the_multi_year_evaluation(pd1_2029_out, sample_engine):
    from jeugdhulpmonitor import contract_years

    text = pdf_text(pd1_2029_out / f"{PD1_2029}.pdf")
    flat = squeeze(text)
    terms, years = contract_years.contract_years(sample_engine, "AA01", Period.parse("2029-M8"))
    # Seed 001: the contracts began in 2028 and run to 2033; evaluated after years 2, 4 and 6. At
    # 2029-M8 year 1 (2028) is whole and year 2 is running: no moment is reached yet.
    after2, after4, after6 = contract_years.moments(terms, years)
    assert not (after2.reached or after4.reached or after6.reached)
    for heading in ("Evaluatiemomenten", "Resultaten per contractjaar", "Afspraken per contractjaar"):
        assert heading in text
    assert squeeze("van 2028 tot en met 2033, met twee opties tot verlenging van elk 2 jaar") in flat
    assert squeeze("na jaar 2 31 december 2029 2028–2029 nog niet bereikt") in flat
    assert squeeze("na jaar 6 31 december 2033 2028–2033 nog niet bereikt") in flat
    # The workbook leaves the counts of a moment not reached empty: not a zero, not known yet.
    sheet = _sheet(pd1_2029_out / f"{PD1_2029}.xlsx", "Evaluatiemomenten")
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if str(r[0]).startswith("Evaluatiemoment"))
    after2_row = next(r for r in rows if r[0] == "na jaar 2")
    assert after2_row[header.index("Stand")] == "nog niet bereikt"
    assert after2_row[header.index("Beoordeelde afspraken")] is None
    assert years[0].state == "done" and years[0].results
    # Each year's agreement beside what was realised, in both.
    per_year = _sheet(pd1_2029_out / f"{PD1_2029}.xlsx", "Afspraken per contractjaar")
    book_rows = [[c.value for c in row] for row in per_year.iter_rows()]
    for year in years[:4]:
        for a in year.results:
            assert squeeze(f"{a.label}{number(a.agreed, a.format)}") in flat, (year.year, a.item)
            assert any(r[1] == str(year.year) and r[2] == a.label for r in book_rows), (year.year, a.item)


def test_pd1_pack_holds_what_the_previous_dialogue_recorded(pd1_2029_out):
    text = squeeze(pdf_text(pd1_2029_out / f"{PD1_2029}.pdf"))
    assert squeeze("Vastgelegd bij de vorige dialoog (over de 4-maandsrapportage 2029)") in text
    # Numbered within their dialogue; the plan, due before the October dialogue, is late at it.
    assert squeeze("Uitputting lumpsum per gemeente bespreken 2 contractmanager 31 juli 2029 afgerond") in text
    plan = "Plan om de uitstroom naar lichtere zorg te versnellen 1 Altra 30 september 2029"
    assert squeeze(f"{plan} te laat sinds 30 september 2029") in text
    sheet = _sheet(pd1_2029_out / f"{PD1_2029}.xlsx", "Afspraken uit de dialoog")
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    done = next(r for r in rows if r[0] == "Uitputting lumpsum per gemeente bespreken")
    assert done[1] == 2 and done[4] == "afgerond"


def test_pd1_pack_charts_are_images_with_alt_text(pd1_2029_out, sample_engine):
    document = documents.dialogue(sample_engine, Period.parse("2029-M8"), provider="AA01")
    charts = [c for c in document.model.blocks(Chart) if not c.empty]
    assert len(charts) >= 3, "a chart per agreement: places, early terminations, lump sum, young people"
    if images.unavailable():
        pytest.skip(NO_CHROMIUM)
    pdf = pd1_2029_out / f"{PD1_2029}.pdf"
    assert sum(len(page.images) for page in PdfReader(pdf).pages) == len(charts)
    assert [alt for tag, alt in structure(pdf) if tag == "/Figure"] == [c.title for c in charts]


def test_a_long_y_axis_title_is_wrapped_for_print_and_the_legend_moves_above():
    from jeugdhulpmonitor import charts

    ind = CATALOGUE()["young_people_in_care"]
    long = "Verandering dagbehandelingsplekken ten opzichte van 2026 in procenten"
    figure = charts.trend_with_path(ind, [], y_title=long)
    assert figure.layout.yaxis.title.text.replace("<br>", " ") == long  # the screen wraps it (charts.py)
    printed = images.for_print(figure)
    lines = printed.layout.yaxis.title.text.split("<br>")
    height = printed.layout.height - printed.layout.margin.b - printed.layout.margin.t - 60
    assert len(lines) > 1 and " ".join(lines) == long
    # Each line fits along the axis (a single word longer than that is never cut).
    assert all(len(line) * images.TITLE_PX_PER_CHAR <= height or " " not in line for line in lines)
    assert printed.layout.yaxis.automargin and printed.layout.legend.y > 1


def test_pdf_metadata_for_accessibility(pd1_2029_out):
    reader = PdfReader(pd1_2029_out / f"{PD1_2029}.pdf")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert root["/MarkInfo"]["/Marked"] in (True, "true")
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] in (True, "true")
    title = "Prestatiedialoog – 2029, 8-maandsrapportage (jan–aug)"
    assert reader.metadata.title == title
    assert "PD1 · Altra" in reader.metadata.subject
    xmp = reader.xmp_metadata
    assert xmp.dc_title == {"x-default": title}
    assert xmp.dc_language == ["nl"]


@pytest.mark.parametrize("region", ["amsterdam-amstelland", "ijmond-zuid-kennemerland"])
def test_the_pd2_pack_without_a_subject_is_made_for_the_pages_region(sample_engine, region):
    """Issue 28, item 4: the pack without an area or theme was Amsterdam-Amstelland's whatever
    region the page showed."""
    period = Period.parse("2026-M8")
    document = documents.dialogue(sample_engine, period, region=region)
    name = GEO().name(region)
    assert dict(document.cover)["Document"] == f"Prestatiedialoog PD2 · {name}"
    assert f"· {name} ·" in document.model.caption
    assert dialogue_name(sample_engine, period, region=region) == file_name("prestatiedialoog", name, period.words)
    flows = document.model.table("element-client_flows").frame
    in_care = flows.set_index(flows.columns[0]).loc["Jeugdigen in zorg", "Regio"]
    expected = sample_engine.compute("young_people_in_care", period, Selection(region=region))[0]
    assert in_care == figure_text(expected, "0")
