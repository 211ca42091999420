"""Every problem of issue 17 is reported with the file and the element's path, and the other
messages are still imported."""

from __future__ import annotations

from datetime import date

from tests.ijw import generator as g

D = date


def _good(client=1) -> dict[str, bytes]:
    """One assignment started: one trajectory."""
    return {
        f"ok/{client}-301.xml": g.jw301(g.assigned(100 + client, "45"), client=client),
        f"ok/{client}-305.xml": g.jw305(g.started(D(2025, 1, 2), 100 + client, "45"), client=client),
    }


def _imported_the_rest(result, n=1):
    assert len(result.rows) == n
    assert result.report.error is None


def test_malformed_xml_is_reported_with_its_file(import_messages):
    result = import_messages(_good() | {"bad/broken.xml": g.jw305(g.started(D(2025, 1, 2), 7))[:-30]})
    [p] = result.problems("malformed XML")
    assert p.file.endswith("bad/broken.xml") and p.path == "Bericht" and "line" in p.message
    _imported_the_rest(result)


def test_an_unknown_message_type_is_reported(import_messages):
    other = g.message("jw301", "0358", g.AGB, "X1", D(2025, 1, 1), g.bsn(5), "", "jw301").replace(b"jw301/", b"jw399/")
    wrong_code = g.jw305(g.started(D(2025, 1, 2), 8), client=6, code="446")
    result = import_messages(_good() | {"x/other.xml": other, "x/code.xml": wrong_code})
    by_file = {p.file.rsplit("/", 1)[1]: p for p in result.problems("unknown message type")}
    assert set(by_file) == {"other.xml", "code.xml"}
    assert "jw399" in by_file["other.xml"].message and by_file["other.xml"].path == "Bericht"
    assert by_file["code.xml"].path == "Bericht/Header/BerichtCode"
    _imported_the_rest(result)


def test_another_version_of_the_standard_is_reported(import_messages):
    old = g.jw305(g.started(D(2025, 1, 2), 8), client=6, subversion="1")
    older = g.jw305(g.started(D(2025, 1, 2), 9), client=7).replace(b"/3_2/jw305/", b"/2_4/jw305/")
    result = import_messages(_good() | {"x/old.xml": old, "x/older.xml": older})
    by_file = {p.file.rsplit("/", 1)[1]: p for p in result.problems("unsupported version")}
    assert by_file["old.xml"].path == "Bericht/Header/BerichtVersie" and "3.1" in by_file["old.xml"].message
    assert by_file["older.xml"].path == "Bericht" and "2.4 JW305" in by_file["older.xml"].message
    _imported_the_rest(result)


def test_a_stop_without_a_matching_assignment_or_start_is_reported(import_messages):
    stray = g.jw307(g.stopped(D(2025, 3, 1), D(2025, 5, 1), "31", 999), client=9)
    result = import_messages(_good() | {"x/stray.xml": stray})
    [p] = result.problems("stop without a matching assignment or start")
    assert p.file.endswith("x/stray.xml") and p.path == "Bericht/Client/StopProducten/StopProduct[1]"
    _imported_the_rest(result)


def test_a_start_after_its_stop_is_reported_and_the_stop_set_aside(import_messages):
    # The stop names the start (same Begindatum) but ends before it began.
    start = g.jw305(g.started(D(2025, 3, 1), 55), client=3)
    stop = g.jw307(g.stopped(D(2025, 3, 1), D(2025, 2, 1), "31", 55), client=3)
    result = import_messages(_good() | {"y/start.xml": start, "y/stop.xml": stop})
    [p] = result.problems("start after its stop")
    assert p.file.endswith("y/stop.xml") and p.path == "Bericht/Client/StopProducten/StopProduct[1]/Einddatum"
    rows = {r["start_date"]: r for r in result.rows}
    assert rows[D(2025, 3, 1)]["end_date"] is None  # the start stays, open
    _imported_the_rest(result, 2)


def test_a_product_category_with_no_mapping_is_reported(import_messages):
    odd = {
        "z/301.xml": g.jw301(g.assigned(77, "99"), client=4),
        "z/305.xml": g.jw305(g.started(D(2025, 1, 2), 77, "99"), client=4),
    }
    result = import_messages(_good() | odd)
    [p] = result.problems("product category with no mapping")
    assert p.file.endswith("z/301.xml")
    assert p.path == "Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/Product/Categorie"
    assert "(99)" in p.message
    _imported_the_rest(result)


def test_a_missing_required_element_names_its_path(import_messages):
    no_begin = g.jw305(g.started(None, 8), client=6)
    result = import_messages(_good() | {"x/nobegin.xml": no_begin})
    [p] = result.problems("missing element Begindatum")
    assert p.path == "Bericht/Client/StartProducten/StartProduct[1]/Begindatum"
    _imported_the_rest(result)


def test_forbidden_xml_constructs_are_refused(import_messages):
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE Bericht [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<Bericht xmlns="http://www.istandaarden.nl/ijw/3_2/jw305/schema">&x;</Bericht>'
    )
    laughs = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>'
    result = import_messages(_good() | {"evil/xxe.xml": xxe, "evil/laughs.xml": laughs})
    assert len(result.problems("forbidden XML construct")) == 2
    _imported_the_rest(result)


def test_a_message_over_the_size_limit_is_not_read(import_messages, monkeypatch):
    from jeugdhulpmonitor.ijw import parse, sources

    monkeypatch.setattr(sources, "MAX_BYTES", 3000)
    monkeypatch.setattr(parse, "MAX_BYTES", 3000)
    big = g.jw301(*(g.assigned(n, "45") for n in range(200, 230)), client=7)
    result = import_messages(_good() | {"big/301.xml": big})
    [p] = result.problems("larger than")
    assert p.file.endswith("big/301.xml")
    _imported_the_rest(result)


def test_a_bsn_failing_the_eleven_test_is_set_aside(import_messages):
    bad = g.jw305(g.started(D(2025, 1, 2), 8), client=6).replace(g.bsn(6).encode(), b"123456789")
    result = import_messages(_good() | {"x/bsn.xml": bad})
    [p] = result.problems("not a BSN")
    assert p.path == "Bericht/Client/Bsn" and "123456789" not in p.message
    _imported_the_rest(result)


def test_the_report_is_kept_beside_the_extract(import_messages):
    result = import_messages(_good() | {"bad/broken.xml": b"<nope"})
    saved = result.saved_report()
    assert saved["problems"][0]["file"].endswith("bad/broken.xml")
    assert saved["rows"]["client_flows.parquet"] == 1
