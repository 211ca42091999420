"""Raadsrapportage (/raadsrapportage): key figures and sentences for one municipality."""

import re

import pytest

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text
from jeugdhulpmonitor.sentences import change
from tests.e2e.conftest import HOSTILE, assert_no_exception, assert_notice_and_default, choose, kpi_text, open_page

pytestmark = pytest.mark.e2e
KEYS = ["young_people_in_care", "inflow", "outflow", "out_of_home_per_1000", "waiting_days_median"]


def test_key_figures_and_sentences_equal_the_engine(page, app_url, engine):
    open_page(page, app_url, "/raadsrapportage?gemeente=GM0363&periode=2028-H1")
    sel = Selection(region="amsterdam-amstelland", municipalities=("GM0363",))
    now = engine.compute(KEYS, "2028-H1", sel)
    before = {f.indicator: f for f in engine.compute(KEYS, "2027-H1", sel)}
    assert [kpi_text(page, k) for k in KEYS] == [figure_text(f, engine.catalogue[f.indicator].format) for f in now]
    sentences = page.locator(".st-key-sentences").inner_text()
    for f in now:
        assert change(engine.catalogue[f.indicator], f, before[f.indicator]) in sentences
    assert "Raadsrapportage Amsterdam" in page.locator("h1").first.inner_text()
    shown = page.locator("[data-testid='stMain']").inner_text()
    assert "eerste halfjaar 2028" in shown and not re.search(r"\b\d{4}-(H|Q|M)\d", shown)  # words, not codes
    assert_no_exception(page)


def test_choosing_another_municipality_and_the_year(page, app_url, engine):
    open_page(page, app_url, "/raadsrapportage?gemeente=GM0363&periode=2028-H1")
    choose(page, "f_gemeente", "Diemen")
    choose(page, "f_periode", "2028")
    assert "gemeente=GM0384" in page.url and "periode=2028" in page.url
    fig = engine.compute(
        "young_people_in_care", "2028", Selection(region="amsterdam-amstelland", municipalities=("GM0384",))
    )[0]
    assert kpi_text(page, "young_people_in_care") == figure_text(fig, "0")
    assert "Jaarrapportage" in page.get_by_text("Jaarrapportage").first.inner_text()
    assert_no_exception(page)


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("param", ["gemeente"])
def test_hostile_url_values_get_a_notice_and_the_default(page, app_url, param, value):
    assert_notice_and_default(page, app_url, "/raadsrapportage", param, value)
    assert kpi_text(page, "inflow") not in ("", "–")


def test_the_page_offers_its_document_as_the_command_line_makes_it(page, app_url, engine, tmp_path):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from jeugdhulpmonitor.documents.build import council
    from jeugdhulpmonitor.periods import Period

    open_page(page, app_url, "/raadsrapportage?gemeente=GM0362&periode=2026-H1")
    with page.expect_download(timeout=120_000) as pdf:
        page.locator(".st-key-doc-pdf button").click()
    assert pdf.value.suggested_filename == "raadsrapportage-amstelveen-eerste-halfjaar-2026.pdf"
    text = " ".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages)
    expected = council(engine, "GM0362", Period.parse("2026-H1"))
    for figure in expected.model.key_figures().values():
        assert figure.text in text
    with page.expect_download(timeout=120_000) as xlsx:
        page.locator(".st-key-doc-xlsx button").click()
    book = load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read()))
    assert book.sheetnames == load_workbook(io.BytesIO(expected.xlsx())).sheetnames


# Issue 28, item 13: a council member reads sentences, in both regions.
SENTENCE_KEYS = re.compile(r"\bst-key-(sentences|theme-[A-D]|kpi-group-[\w-]+)\b")


def shown_sentences(page) -> list[str]:
    """The sentence lines of the report as drawn: key figures, each theme and each KPI group."""
    blocks = page.locator("[class*='st-key-']").evaluate_all("els => els.map(e => [e.className, e.innerText])")
    texts = [text for cls, text in blocks if SENTENCE_KEYS.search(cls)]
    return [line.strip() for text in texts for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(
    "path",
    [
        "/raadsrapportage?gemeente=GM0358&periode=2027-H1",  # Aalsmeer, Amsterdam-Amstelland
        "/raadsrapportage?regio=ijmond-zuid-kennemerland&gemeente=GM0377&periode=2027-H1",  # Bloemendaal
    ],
)
def test_the_report_reads_as_sentences_without_a_double_negative(page, app_url, engine, path):
    open_page(page, app_url, path)
    lines = shown_sentences(page)
    assert any(line.startswith("Het aantal jeugdigen in zorg ") for line in lines), lines
    names = sorted((re.escape(i.name) for i in engine.catalogue.values()), key=len, reverse=True)
    label_and_verb = re.compile(rf"({'|'.join(names)})( (steeg|daalde|bleef|was|is|wordt)\b|:)")
    assert not [line for line in lines if label_and_verb.match(line)]
    assert not [line for line in lines if "Afname" in line or re.search(r"[-−]\d", line)]
    assert_no_exception(page)


@pytest.mark.parametrize(
    ("path", "notes"),
    [
        ("/raadsrapportage?gemeente=GM0358&periode=2027-H1", "themes-notes"),  # theme indicators
        ("/raadsrapportage?regio=ijmond-zuid-kennemerland&gemeente=GM0377&periode=2027-H1", "kpis-notes"),
    ],
)
def test_a_half_year_report_says_which_figures_are_of_another_period_and_why(page, app_url, path, notes):
    open_page(page, app_url, path)
    lines = shown_sentences(page)
    other = [line for line in lines if "januari tot en met april 2027" in line]
    assert other and all("april 2027¹" in line for line in other)
    note = page.locator(f".st-key-{notes}").inner_text()
    assert "¹" in note and "rapportages over de eerste 4, 8 of 12 maanden" in note


def test_not_measurable_in_2026_says_it_is_the_baseline_year(page, app_url):
    open_page(page, app_url, "/raadsrapportage?gemeente=GM0358&periode=2026-H1")
    theme = page.locator(".st-key-theme-B").inner_text()
    assert "2026 is het jaar van de nulmeting" in theme and "eerste halfjaar 2027" in theme
    assert "Waarom een status nog niet meetbaar is" in page.locator(".st-key-theme-table-note").inner_text()
