"""The frame around every page: notices that echo the link, the documented page URLs on a fresh
server, and what the data status tells a visitor."""

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from jeugdhulpmonitor import REPO_ROOT
from jeugdhulpmonitor.devserver import dashboard, new_context, wait_for_rerun, wait_until_idle
from jeugdhulpmonitor.views.registry import PAGES
from tests.e2e.conftest import SAMPLE, assert_no_exception, open_page

pytestmark = pytest.mark.e2e

LINK = "[Klik hier](http://example.invalid/x)"
IMAGE = "![p](http://127.0.0.1:9/p.png)"
# One hostile value per URL filter of /gemeenten: each is rejected with a notice of its own.
HOSTILE = {
    "gemeente": LINK,
    "gebied": IMAGE,
    "regio": "<img src=http://127.0.0.1:9/h.png>",
    "periode": "$x^2$ :material/home: :red[rood] :smile:",
    "indicator": "`code` \n# kop",
}


def test_url_values_in_notices_are_plain_text(page, app_url):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_page(page, app_url, "/gemeenten?" + urlencode(HOSTILE))
    alerts = page.locator('[data-testid="stAlert"]')
    # A notice's Markdown may be drawn a moment after the run ends (a busy machine): wait for a
    # plain word of each value before reading the texts.
    for word in ("Klik hier", "p.png", "h.png", "rood", "kop"):
        expect(alerts.filter(has_text=word)).not_to_have_count(0)
    notices = " ".join(" ".join(n.replace("\u200b", "").split()) for n in alerts.all_inner_texts())
    for value in HOSTILE.values():
        assert " ".join(value.split()) in notices, value
    assert alerts.locator("a, img, h1, .katex, [data-testid='stIconMaterial']").count() == 0
    assert page.locator('a[href="http://example.invalid/x"]').count() == 0
    assert page.locator('img[src^="http://127.0.0.1:9/"]').count() == 0
    assert not [u for u in requests if u.startswith("http://127.0.0.1:9/")]
    assert_no_exception(page)


def _shows_overzicht(page) -> None:
    assert page.get_by_role("heading", name="Overzicht").count() == 1
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator(".st-key-data-status-compact").count() == 1  # inside the navigation
    assert page.url.split("?")[0].endswith("/overzicht")
    assert_no_exception(page)


def test_overzicht_by_its_url_in_concurrent_sessions_on_a_fresh_server(tmp_path, browser):
    with dashboard(SAMPLE, tmp_path / "app.log") as (_proc, url):
        contexts = [new_context(browser) for _ in range(5)]
        try:
            pages = [c.new_page() for c in contexts]
            for p in pages:  # all sessions open before the first run ends
                p.goto(f"{url}/overzicht", wait_until="commit")
            for p in pages:
                wait_until_idle(p)
            for p in pages:
                _shows_overzicht(p)
        finally:
            for c in contexts:
                c.close()


def test_overzicht_by_its_url_after_another_page_and_from_the_root(tmp_path, browser):
    with dashboard(SAMPLE, tmp_path / "app.log") as (_proc, url):
        for path in ["/gemeenten", "/overzicht", "/?periode=2027-M4"]:
            context = new_context(browser)
            page = open_page(context.new_page(), url, path)
            if path != "/gemeenten":
                _shows_overzicht(page)
            context.close()
        assert page.url.endswith("/overzicht?periode=2027-M4")  # the root passes the filters on


# Streamlit's own English texts that a page could show when settled (placeholders, anchors,
# dialogs, empty states, the app menu).
ENGLISH = [
    "Choose an option",
    "Page not found",
    "Link to heading",
    "No results",
    "No options to select",
    "Deploy",
    "Made with Streamlit",
    "Rerun",
    "Settings",
    "Record a screencast",
]


# Each page's title in the navigation, in the navigation's order.
TITLES = {
    "overzicht": "Overzicht",
    "themas": "Thema's",
    "gemeenten": "Gemeenten en gebieden",
    "clientstromen": "Cliëntstromen",
    "financien": "Financiën",
    "prestatiedialoog": "Prestatiedialoog",
    "evaluatie": "Evaluatie",
    "raadsrapportage": "Raadsrapportage",
    "data": "Data en definities",
}


def test_no_page_speaks_english_or_shows_where_the_data_lives_on_the_server(page, app_url):
    """Every page, reached through the navigation as a visitor moves on (one document: each page
    opened afresh cost about 3 s of Chromium's time, and their URLs are opened in the tests above
    and in each page's own tests)."""
    assert sorted(TITLES) == sorted(PAGES)  # every page the dashboard has a model for
    open_page(page, app_url, "/overzicht?gemeente=GM0362")
    for name, title in TITLES.items():
        if name != "overzicht":
            page.get_by_role("link", name=title, exact=True).click()
            page.wait_for_url(f"**/{name}**")
            wait_for_rerun(page)
        assert "Voorbeeldgegevens (fictief)" in page.locator(".st-key-data-status-compact").inner_text(), name
        for text in (page.locator("body").inner_text(), page.content()):
            assert str(REPO_ROOT) not in text, name
            assert str(SAMPLE.resolve()) not in text, name
        shown = page.locator("body").inner_text()
        labels = " ".join(
            filter(
                None,
                page.locator("[aria-label], [placeholder]").evaluate_all(
                    "els => els.flatMap(e => [e.getAttribute('aria-label'), e.getAttribute('placeholder')])"
                ),
            )
        )
        for english in ENGLISH:
            assert english not in shown and english not in labels, (name, english)
        assert page.locator('[data-testid="stMainMenu"]').count() == 0, name  # no English app menu
        assert_no_exception(page)
