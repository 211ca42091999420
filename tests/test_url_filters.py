"""Every URL filter of every page over every hostile value, without a browser (Streamlit's
AppTest runs the real pages): each rejected value gets its own Dutch notice and the page is
drawn on the default, never an exception. One browser test per page checks the notice on screen."""

import pytest
from streamlit.testing.v1 import AppTest

from jeugdhulpmonitor import REPO_ROOT

HOSTILE = [
    "GM9999",
    "'; drop table client_flows;--",
    "<script>alert(1)</script>",
    "[Klik hier](http://example.invalid/x)",
    "![p](http://127.0.0.1:9/p.png)",
    "x" * 3000,
    "2027-M13",
    "\u202e\n:red[rood]",
]
SHARED = ["regio", "gemeente", "gebied", "periode"]
PARAMS = {
    "overzicht": SHARED,
    "themas": [*SHARED, "thema"],
    "gemeenten": [*SHARED, "indicator", "vergelijk"],
    "clientstromen": [*SHARED, "thema", "aanbieder", "indeling"],
    "financien": ["regio", "gemeente", "aanbieder", "periode"],
    "prestatiedialoog": ["regio", "aanbieder", "periode", "dialoog"],
    "raadsrapportage": ["regio", "gemeente", "periode"],
    "evaluatie": ["regio", "aanbieder", "periode"],
}


def _run(page: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page(f"pages/{page}.py")
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


@pytest.mark.parametrize("shift", range(len(HOSTILE)))
@pytest.mark.parametrize("page", list(PARAMS))
def test_every_hostile_value_of_every_filter_gets_a_notice_and_the_default(page, shift):
    # Each run gives every filter of the page a different hostile value; the runs together give
    # every filter every value.
    params = {name: HOSTILE[(i + shift) % len(HOSTILE)] for i, name in enumerate(PARAMS[page])}
    at = _run(page, params)
    assert not at.exception, at.exception
    notices = [w.value for w in at.warning if "is onbekend en is genegeerd" in w.value]
    for name in params:
        # regio decides the other geography's options; a rejected region still names its own notice.
        assert any(f"‘{name}’" in n for n in notices), (name, notices)
    assert at.title and at.title[0].value  # the page is drawn on its defaults
    assert not [q for q in params if at.query_params.get(q) == params[q]]  # rejected values leave the URL


@pytest.mark.parametrize("value", HOSTILE)
def test_the_unit_choice_of_a_count_gets_a_notice_too(value):
    # The unit (count or per 1,000) is offered only for a count: a valid count is chosen first.
    at = _run("gemeenten", {"indicator": "young_people_in_care", "per1000": value})
    assert not at.exception
    assert any("‘per1000’" in w.value for w in at.warning)
