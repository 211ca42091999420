"""A URL value echoed in a notice is shown as its characters, never read as Markdown; the data's
name, never its path on the server."""

import re
import shutil

import pytest

from jeugdhulpmonitor import REPO_ROOT, extract_cache
from jeugdhulpmonitor.store import Extract, resolve
from jeugdhulpmonitor.views.data import data_name, how_loaded
from ui.filters import literal

ZWSP = "\u200b"  # keeps Streamlit from rewriting ":material/"

HOSTILE = [
    "[Klik hier](http://example.invalid/x)",
    "![p](http://127.0.0.1:9/p.png)",
    "<img src=http://127.0.0.1:9/h.png onerror=alert(1)>",
    "<a href='http://example.invalid'>x</a>",
    "http://example.invalid/autolink www.example.invalid",
    "`code`",
    "`",
    "``",
    "a ``` b ` c",
    "` x `",
    "$x^2$",
    "$$\\int_0^1$$",
    ":material/home:",
    ":red[rood] :blue-background[blauw]",
    ":smile:",
    "**vet** _schuin_ ~~weg~~",
    "regel 1\nregel 2",
    "a\n\n# kop\n\n- punt",
    "\r\n\t\x00",
    "a\u2028b\u2029c",
    "&amp; &lt;script&gt;",
    "\\`ontsnapt\\`",
    "   ",
]


def code_span(markdown: str) -> str:
    """The text of `markdown` if it is exactly one inline code span (CommonMark 0.31, 6.1)."""
    assert not re.search(r"[\r\n]", markdown), "a line break could end the paragraph"
    opening = re.match("`+", markdown)
    assert opening, "not a code span"
    n = len(opening.group())
    closing = next(r for r in re.finditer("`+", markdown[n:]) if len(r.group()) == n)
    end = n + closing.start()
    assert end + n == len(markdown), "the code span ends before the value does"
    content = markdown[n:end]
    if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
        content = content[1:-1]
    return content


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_is_one_code_span_of_its_characters(value):
    shown = re.sub("[\x00-\x1f\x7f\u2028\u2029]", " ", value)
    assert code_span(literal(value)).replace(ZWSP, "") == shown


def test_streamlit_never_sees_a_material_icon_shortcode():
    """Its frontend rewrites ":material/" before parsing, inside code spans too."""
    assert ":material/" not in literal("a :material/home: b")


def test_the_sample_is_named_not_located():
    assert data_name(Extract(REPO_ROOT / "sample_data", "v", False)) == "Voorbeeldgegevens (fictief)"


def test_a_data_directory_is_named_not_located(tmp_path):
    root = tmp_path / "regio-data"
    managed = Extract(root / "versions" / "20260101-120000", "20260101-120000", True)
    assert data_name(managed) == "regio-data"
    assert data_name(Extract(root, "abc", False)) == "regio-data"


def test_a_plain_extract_opened_through_its_cache_is_named_after_the_extract(tmp_path, monkeypatch, generated_small):
    """Not after the cache's key (a hash), and said to be an extract, not an ingested delivery."""
    monkeypatch.setenv("JHM_CACHE_DIR", str(tmp_path / "cache"))
    extract = shutil.copytree(generated_small, tmp_path / "regio-extract")
    opened = resolve(extract_cache.prepared(extract, wait=True))
    assert extract_cache.is_cached(opened)
    assert data_name(opened) == "regio-extract"
    assert how_loaded(opened).startswith("extract")
