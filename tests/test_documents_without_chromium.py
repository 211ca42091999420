"""A PDF made where no Chromium can draw the charts says so in place of each chart (in a module
of its own: tests/test_documents.py keeps one chart browser open for all its documents)."""

from pypdf import PdfReader

from jeugdhulpmonitor import documents
from jeugdhulpmonitor.pagemodel import Chart
from jeugdhulpmonitor.periods import Period


def test_without_chromium_the_pdf_says_so(sample_engine, monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    document = documents.council(sample_engine, "GM0358", Period.parse("2026-H1"))
    path = tmp_path / "council.pdf"
    path.write_bytes(document.pdf())
    charts = [c for c in document.model.blocks(Chart) if not c.empty]
    assert charts
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert text.count("Grafiek niet beschikbaar") == len(charts)
    assert sum(len(page.images) for page in PdfReader(path).pages) == 0
