"""How messages become trajectories: mappings, date order, deletions, task-based work, areas."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest
import yaml

from jeugdhulpmonitor.ijw.mappings import DEFAULT
from tests.ijw import generator as g

D = date
MAPPINGS = yaml.safe_load(DEFAULT.read_text())


def _started(number, client, category="45", code=None, begin=D(2025, 1, 6), **kw) -> dict[str, bytes]:
    return {
        f"{number}/301.xml": g.jw301(g.assigned(number, category, code), client=client, **kw),
        f"{number}/305.xml": g.jw305(g.started(begin, number, category, code), client=client, **kw),
    }


def _by_client(result) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in result.rows:
        out.setdefault(row["client_id"], []).append(row)
    return out


def test_every_product_category_gets_its_care_form(import_messages):
    categories = sorted(MAPPINGS["care_form_by_category"])
    messages = {}
    for i, category in enumerate(categories, 1):
        messages |= _started(i, i, category)
    result = import_messages(messages)
    got = {r["client_id"]: r["care_form"] for r in result.rows}
    for i, category in enumerate(categories, 1):
        expected = MAPPINGS["care_form_by_category"][category]
        assert got.get(result.client(g.bsn(i))) == expected, category
    # transport and justice (42, 47, 48, 49) are no youth care: no row, counted
    assert result.report.not_youth_care == 4 and len(result.rows) == len(categories) - 4
    assert got[result.client(g.bsn(categories.index("35") + 1))] == "pleegzorg"


def test_a_regional_product_code_refines_the_category(import_messages):
    products = MAPPINGS["products"]
    messages = {}
    for i, code in enumerate(sorted(products), 1):
        messages |= _started(i, i, code[:2], code)
    result = import_messages(messages)
    rows = {r["client_id"]: r for r in result.rows}
    for i, code in enumerate(sorted(products), 1):
        row = rows[result.client(g.bsn(i))]
        assert row["care_form"] == products[code]["care_form"], code
        assert row["intensive"] == products[code].get("intensive", False), code


@pytest.mark.parametrize("reason", sorted(MAPPINGS["end_reason_by_reason"]))
def test_every_reason_for_ending_gets_its_end_reason(import_messages, reason):
    messages = _started(5, 5) | {
        "5/307.xml": g.jw307(g.stopped(D(2025, 1, 6), D(2025, 4, 30), reason, 5), client=5),
    }
    [row] = import_messages(messages).rows
    assert row["end_date"] == D(2025, 4, 30)
    assert row["end_reason"] == MAPPINGS["end_reason_by_reason"][reason]


def test_pinned_end_reasons():
    # The mapping's meaning, not only that it is applied (IJW.md §5).
    assert MAPPINGS["end_reason_by_reason"]["32"] == "voortijdig_client"
    assert MAPPINGS["end_reason_by_reason"]["33"] == "voortijdig_aanbieder"
    assert MAPPINGS["end_reason_by_reason"]["35"] == "verhuizing"


def test_every_referrer_type_comes_from_the_linked_request(import_messages):
    types = sorted(MAPPINGS["referrer_by_type"])
    messages = {}
    for i, kind in enumerate(types, 1):
        ref = f"REF{i}"
        messages[f"{i}/315.xml"] = g.jw315(g.requested(ref, kind), client=i, dated=D(2024, 11, i))
        messages[f"{i}/301.xml"] = g.jw301(g.assigned(i, "45", ref=ref), client=i)
        messages[f"{i}/305.xml"] = g.jw305(g.started(D(2025, 1, 6), i), client=i)
    # an assignment answering no request: the local team decided
    messages |= _started(50, 50)
    result = import_messages(messages)
    rows = {r["client_id"]: r for r in result.rows}
    for i, kind in enumerate(types, 1):
        row = rows[result.client(g.bsn(i))]
        assert row["referrer"] == MAPPINGS["referrer_by_type"][kind], kind
        assert row["request_date"] == D(2024, 11, i)
    assert rows[result.client(g.bsn(50))]["referrer"] == "lokaal_team"
    assert rows[result.client(g.bsn(50))]["request_date"] is None
    assert MAPPINGS["referrer_by_type"]["02"] == "huisarts"


def test_a_client_with_consecutive_trajectories(import_messages):
    messages = {
        "a/301.xml": g.jw301(g.assigned(1, "45", start=D(2024, 2, 1)), client=1, dated=D(2024, 1, 20)),
        "a/305.xml": g.jw305(g.started(D(2024, 2, 5), 1), client=1, dated=D(2024, 2, 5)),
        "a/307.xml": g.jw307(g.stopped(D(2024, 2, 5), D(2024, 8, 31), "31", 1), client=1, dated=D(2024, 9, 2)),
        "b/301.xml": g.jw301(g.assigned(2, "43", "43P01", start=D(2024, 9, 1)), client=1, dated=D(2024, 9, 3)),
        "b/305.xml": g.jw305(g.started(D(2024, 9, 1), 2, "43", "43P01"), client=1, dated=D(2024, 9, 4)),
    }
    result = import_messages(messages)
    [rows] = _by_client(result).values()
    rows.sort(key=lambda r: r["start_date"])
    assert [(r["start_date"], r["end_date"], r["end_reason"], r["care_form"]) for r in rows] == [
        (D(2024, 2, 5), D(2024, 8, 31), "volgens_plan", "ambulant"),
        (D(2024, 9, 1), None, None, "pleegzorg"),
    ]
    assert rows[0]["trajectory_id"] != rows[1]["trajectory_id"]
    assert rows[0]["birth_year"] == g.BIRTH.year


def test_messages_apply_by_date_not_by_file_name(import_messages):
    # "a-delete" sorts first by name but is dated after the start it deletes.
    messages = {
        "a-delete.xml": g.jw305(g.started(D(2025, 1, 6), 1, status="3"), client=1, dated=D(2025, 2, 1)),
        "b-301.xml": g.jw301(g.assigned(1), client=1, dated=D(2025, 1, 1)),
        "c-start.xml": g.jw305(g.started(D(2025, 1, 6), 1), client=1, dated=D(2025, 1, 7)),
    } | _started(2, 2)
    result = import_messages(messages)
    assert [r["client_id"] for r in result.rows] == [result.client(g.bsn(2))]


def test_a_deleted_start_is_resent_corrected(import_messages):
    messages = {
        "301.xml": g.jw301(g.assigned(1), client=1),
        "305a.xml": g.jw305(g.started(D(2025, 1, 6), 1), client=1, dated=D(2025, 1, 7)),
        "305b.xml": g.jw305(g.started(D(2025, 1, 6), 1, status="3"), client=1, dated=D(2025, 1, 20)),
        "305c.xml": g.jw305(g.started(D(2025, 1, 13), 1), client=1, dated=D(2025, 1, 21)),
    }
    [row] = import_messages(messages).rows
    assert row["start_date"] == D(2025, 1, 13)


def test_a_deleted_stop_reopens_the_trajectory(import_messages):
    stop = g.stopped(D(2025, 1, 6), D(2025, 3, 31), "32", 1)
    messages = _started(1, 1) | {
        "1/307a.xml": g.jw307(stop, client=1, dated=D(2025, 4, 1)),
        "1/307b.xml": g.jw307(
            stop.replace(">1</{m}StatusAanlevering", ">3</{m}StatusAanlevering"), client=1, dated=D(2025, 4, 2)
        ),
    }
    [row] = import_messages(messages).rows
    assert row["end_date"] is None and row["end_reason"] is None


def test_a_pause_followed_by_a_restart_is_one_trajectory(import_messages):
    messages = (
        _started(1, 1)
        | {
            "1/307a.xml": g.jw307(g.stopped(D(2025, 1, 6), D(2025, 2, 10), "20", 1), client=1, dated=D(2025, 2, 11)),
            "1/305b.xml": g.jw305(g.started(D(2025, 3, 1), 1), client=1, dated=D(2025, 3, 1)),
            "1/307b.xml": g.jw307(g.stopped(D(2025, 3, 1), D(2025, 6, 30), "31", 1), client=1, dated=D(2025, 7, 1)),
        }
        | _started(2, 2)
        | {
            "2/307.xml": g.jw307(g.stopped(D(2025, 1, 6), D(2025, 2, 10), "20", 2), client=2),
        }
    )
    result = import_messages(messages)
    rows = {r["client_id"]: r for r in result.rows}
    one, two = rows[result.client(g.bsn(1))], rows[result.client(g.bsn(2))]
    assert (one["start_date"], one["end_date"], one["end_reason"]) == (D(2025, 1, 6), D(2025, 6, 30), "volgens_plan")
    assert (two["end_date"], two["end_reason"]) == (None, None)  # paused, nothing after: open
    assert len(result.rows) == 2


def test_task_based_starts_and_stops_without_assignment_become_trajectories(import_messages):
    messages = {
        "t/305.xml": g.jw305(g.started(D(2025, 2, 3), None, "45"), client=3, gm="0363"),
        "t/307.xml": g.jw307(g.stopped(D(2025, 2, 3), D(2025, 5, 30), "33", None, "45"), client=3, gm="0363"),
        # the client's address comes from an assignment elsewhere: Amsterdam-Noord
        "t/301.xml": g.jw301(g.assigned(9, "42"), client=3, gm="0363", postcode="1021 JT"),
    }
    result = import_messages(messages)
    [row] = result.rows
    assert row["area_code"] == "noord" and row["municipality_code"] == "GM0363"
    assert row["referrer"] is None and row["request_date"] is None
    assert (row["end_date"], row["end_reason"]) == (D(2025, 5, 30), "voortijdig_aanbieder")


def test_the_latest_version_of_an_assignment_counts(import_messages):
    messages = {
        "301a.xml": g.jw301(g.assigned(1, "45", on=D(2025, 1, 1)), client=1),
        "301b.xml": g.jw301(g.assigned(1, "43", "43G01", on=D(2025, 1, 3)), client=1, dated=D(2025, 1, 3)),
        "305.xml": g.jw305(g.started(D(2025, 1, 6), 1, "45"), client=1, dated=D(2025, 1, 6)),
    }
    [row] = import_messages(messages).rows
    assert row["care_form"] == "gezinsgericht"


def test_a_start_whose_assignment_is_not_in_the_import_still_gives_a_row(import_messages):
    result = import_messages({"305.xml": g.jw305(g.started(D(2025, 1, 6), 4, "45"), client=1)})
    [row] = result.rows
    assert row["care_form"] == "ambulant" and row["referrer"] is None
    [warning] = result.problems("assignment not in the import")
    assert not warning.set_aside and warning.path.endswith("StartProduct[1]/ToewijzingNummer")


def test_areas_by_postcode_and_single_area_municipalities(import_messages):
    messages = (
        _started(1, 1, gm="0363", postcode="1055KL")
        | _started(2, 2, gm="0358")
        | _started(3, 3, gm="0363", postcode="9999AA")
        | _started(4, 4, gm="0457", postcode="1381AB")  # Weesp: merged into Amsterdam
    )
    result = import_messages(messages)
    rows = {r["client_id"]: r for r in result.rows}
    assert rows[result.client(g.bsn(1))]["area_code"] == "west"
    assert rows[result.client(g.bsn(2))]["area_code"] == "amstelveen-aalsmeer"
    weesp = rows[result.client(g.bsn(4))]
    assert (weesp["municipality_code"], weesp["area_code"]) == ("GM0363", "zuidoost-weesp")
    [p] = result.problems("no area")
    assert "9999" in p.message and len(result.rows) == 3


def test_providers_are_the_agb_codes_seen_with_their_region(import_messages):
    messages = _started(1, 1, agb="73000222") | _started(2, 2, gm="0392", agb="73000333")
    providers = {p["provider_id"]: p for p in import_messages(messages).providers}
    assert providers["73000222"]["region_code"] == "amsterdam-amstelland"
    assert providers["73000333"]["region_code"] == "ijmond-zuid-kennemerland"
    assert providers["73000222"]["name"] == "Aanbieder 73000222"


def test_zip_archives_and_every_prefix_style_are_read(import_messages, tmp_path):
    archive = tmp_path / "messages" / "deep" / "batch.zip"
    archive.parent.mkdir(parents=True)
    with zipfile.ZipFile(archive, "w") as zf:
        for i, prefix in enumerate(["", "jw305", "ns1"], 1):
            zf.writestr(f"in/{i}-301.xml", g.jw301(g.assigned(i), client=i))
            inner = g.items("jw305", g.started(D(2025, 1, 6), i))
            zf.writestr(
                f"in/{i}-305.xml", g.message("jw305", "0358", g.AGB, f"Z{i}", D(2025, 1, 6), g.bsn(i), inner, prefix)
            )
    result = import_messages({})
    assert len(result.rows) == 3
    assert result.report.messages == {"jw301": 3, "jw305": 3}


def test_provider_names_come_from_the_mappings_file(import_messages, tmp_path):
    raw = dict(MAPPINGS, providers={"73000222": "Jeugdhulp Noord"})
    path = tmp_path / "mappings.yaml"
    path.write_text(yaml.safe_dump(raw))
    result = import_messages(_started(1, 1, agb="73000222"), mappings_file=path)
    assert [p["name"] for p in result.providers] == ["Jeugdhulp Noord"]
