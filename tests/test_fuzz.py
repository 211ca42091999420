"""Fuzzed input (issue 16): hypothesis draws Parquet tables, URL filters and command lines.

Never a traceback: a delivery is accepted or every problem is a `FILE[:ROW][:COLUMN]: message`
line (a file-wide problem has no row); a hostile URL value gets the default; a command line
ends in exit status 0, 1 or 2. The numbers of examples are bounded so that this file runs in
seconds; the drawn values lean on the edges (extreme dates and numbers, nulls, long and odd
strings, invalid UTF-8, zero rows, extra and missing columns, wrong types)."""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from jeugdhulpmonitor.cli import main
from jeugdhulpmonitor.contract import ARROW_TYPES, TABLES
from jeugdhulpmonitor.engine import Engine
from jeugdhulpmonitor.ingest import ingest
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.store import check, versions
from jeugdhulpmonitor.validation import validate
from tests import extracts

FUZZ = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
LINE = re.compile(r"^(?P<file>[a-z_]+\.parquet)(:(?P<row>\d+))?(:(?P<column>[^:\s]+))?: \S.*", re.S)

# --- Parquet tables ------------------------------------------------------------------------

EDGES = {
    "string": st.one_of(
        st.sampled_from(
            ["", " ", "x" * 10_000, "\x00", "\u202e", "é", "💥", "GM0363", "AA01", "B", "ambulant", "volgens_plan"]
        ),
        st.text(max_size=20),
    ),
    "integer": st.one_of(
        st.sampled_from([-(2**63), 2**63 - 1, 0, -1, 2012, 1900, 3000]), st.integers(-(2**63), 2**63 - 1)
    ),
    "number": st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1e308, -0.0, 5e-324])),
    "date": st.one_of(
        st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(1970, 1, 1), date(2026, 2, 28), date(2027, 12, 31)]),
        st.dates(),
    ),
    "boolean": st.booleans(),
}
# Other Arrow types a column may arrive as: each with values drawn for it.
WRONG = {
    "string": (pa.string(), EDGES["string"]),
    "large_string": (pa.large_string(), EDGES["string"]),
    "int64": (pa.int64(), EDGES["integer"]),
    "uint64": (pa.uint64(), st.integers(0, 2**64 - 1)),
    "int8": (pa.int8(), st.integers(-128, 127)),
    "float64": (pa.float64(), EDGES["number"]),
    "date32": (pa.date32(), EDGES["date"]),
    "timestamp_tz": (
        pa.timestamp("us", tz="Europe/Amsterdam"),
        st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    ),
    "timestamp_s": (pa.timestamp("s"), st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31))),
    "bool": (pa.bool_(), st.booleans()),
    "binary": (pa.binary(), st.sampled_from([b"\xff\xfe", b"\xc3\x28", b"GM0363", b"\x80abc"])),
    "null": (pa.null(), st.none()),
}
BASE_ROWS = {
    "client_flows": extracts.flows({}, {"client_id": "c2", "start_date": date(2026, 3, 1)}),
    "providers": extracts.PROVIDERS,
    "population": extracts.POPULATION,
}


@st.composite
def fuzzed_table(draw, name: str) -> pa.Table:
    """A table for `name`: the valid base rows (or none) with some columns drawn afresh, of the
    right type or another, some dropped, some added; or zero rows."""
    spec = TABLES[name]
    base = BASE_ROWS.get(name, [])
    n = draw(st.sampled_from([0, len(base) or 1, 3])) if base else draw(st.integers(0, 3))
    columns = {}
    for col in spec.columns:
        action = draw(st.sampled_from(["keep", "keep", "edge", "wrong", "drop"] if base else ["edge", "wrong", "drop"]))
        if action == "drop":
            continue
        if action == "keep" and n == len(base):
            columns[col.name] = pa.array([r.get(col.name) for r in base], ARROW_TYPES[col.kind])
            continue
        if action == "wrong":
            arrow_type, values = WRONG[draw(st.sampled_from(sorted(WRONG)))]
        else:
            arrow_type, values = ARROW_TYPES[col.kind], EDGES[col.kind]
        column = draw(st.lists(st.one_of(st.none(), values), min_size=n, max_size=n))
        columns[col.name] = pa.array(column, arrow_type)
    for extra in draw(st.lists(st.sampled_from(["extra", "_row", "Client_ID", "x" * 200]), max_size=2, unique=True)):
        columns[extra] = pa.array(draw(st.lists(EDGES["string"], min_size=n, max_size=n)), pa.string())
    return pa.table(columns) if columns else pa.table({"nothing": pa.array([None] * n, pa.null())})


@st.composite
def delivery(draw) -> tuple[str, pa.Table]:
    name = draw(st.sampled_from(sorted(TABLES)))
    return name, draw(fuzzed_table(name))


def _write(directory: Path, name: str, table: pa.Table) -> Path:
    extracts.write(directory, BASE_ROWS["client_flows"])
    pq.write_table(table, directory / TABLES[name].file)
    return directory


def _problem_lines_are_well_formed(lines: list[str]) -> None:
    for line in lines:
        m = LINE.match(line)
        assert m, line
        spec = next(s for s in TABLES.values() if s.file == m["file"])
        if m["column"] is not None:
            assert m["column"] in {c.name for c in spec.columns}, line


@settings(FUZZ, max_examples=60)
@given(delivery())
def test_validate_accepts_or_names_file_row_and_column(drawn):
    name, table = drawn
    with tempfile.TemporaryDirectory() as tmp:
        result = validate(_write(Path(tmp), name, table))
        _problem_lines_are_well_formed([p.line() for p in result.file_problems + result.row_problems])
        result.render("json")
        if not result.fatal:  # every row is accepted or set aside, none lost
            for file_result in result.files.values():
                accepted = file_result.accepted.num_rows
                assert accepted + len(file_result.rejected) == file_result.table.num_rows


@settings(FUZZ, max_examples=6)
@given(delivery())
def test_ingest_publishes_completely_or_says_why_not(drawn):
    name, table = drawn
    with tempfile.TemporaryDirectory() as tmp:
        src, data_dir = _write(Path(tmp) / "src", name, table), Path(tmp) / "data"
        report = ingest(src, data_dir)
        assert report.error is None, report.detail  # a fault, not a verdict on the delivery
        if not report.published:
            assert report.file_problems
            _problem_lines_are_well_formed(report.file_problems)
            assert versions(data_dir) == []
            return
        assert check(data_dir) == {report.version: []}
        Runner(data_dir).close()
        rows = pq.read_metadata(src / TABLES[name].file).num_rows
        assert report.accepted_rows[TABLES[name].file] + report.rejected_rows[TABLES[name].file] == rows


# --- the URL filters -------------------------------------------------------------------------

URL_NAMES = ["regio", "gemeente", "gebied", "thema", "aanbieder", "periode", "indeling"]
URL_VALID = ["amsterdam-amstelland", "GM0363", "GM0358", "noord", "amstelveen-aalsmeer", "B", "AA01", "2027", "2027-H1"]


def _filters_page(engine) -> None:
    """A page with every filter (as Cliëntstromen), on a given engine; the view goes to state."""
    import streamlit as st_

    from ui import filters

    view = filters.view(engine, provider=True, theme=True)
    st_.session_state["seen"] = (view.selection, str(view.period), [str(p) for p in view.periods])
    st_.session_state["indeling"] = filters.choice("indeling", "Indeling", ["care_form", "referrer"], "care_form")
    filters.flush()  # dashboard.py writes the URL once a page has run (filters.page_run)


@pytest.fixture(scope="module")
def tiny_engine(tmp_path_factory) -> Engine:
    directory = tmp_path_factory.mktemp("tiny") / "extract"
    engine = Engine(Runner(extracts.write(directory, BASE_ROWS["client_flows"])))
    yield engine
    engine.runner.close()


@settings(FUZZ, max_examples=25)
@given(st.dictionaries(st.sampled_from(URL_NAMES), st.one_of(st.sampled_from(URL_VALID), st.text(max_size=60))))
def test_the_url_filters_take_any_value_and_keep_only_allowed_ones(tiny_engine, params):
    from jeugdhulpmonitor.geography import GEO

    at = AppTest.from_function(_filters_page, args=(tiny_engine,), default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    selection, period, periods = at.session_state["seen"]
    geo = GEO()
    assert selection.region in geo.regions
    assert set(selection.municipalities) <= set(geo.municipalities_of(selection.region))
    assert selection.area is None or selection.area in geo.areas_of(selection.region)
    assert selection.provider is None or selection.provider in tiny_engine.providers
    assert period in periods
    assert at.session_state["indeling"] in ("care_form", "referrer")
    for value in at.query_params.values():  # what stays in the URL is what is shown
        assert value[0] if isinstance(value, list) else value


# --- the command line --------------------------------------------------------------------------

COMMANDS = ["validate", "check", "rollback", "figures", "ingest", "report", "nonsense", "", "-h"]
FLAGS = [
    "--data-dir", "--to", "--all", "--format", "json", "text", "csv", "--indicator", "young_people_in_care",
    "inflow,nothing", "--period", "2027", "2027-M13", "2027-H1", "99999", "--by", "region", "area", "--region",
    "--municipality", "GM0363", "GM0363,GM9999", "--area", "noord", "--provider", "AA01", "--theme", "B", "Z",
    "--unsuppressed", "--out", "council", "dialogue", "--scale", "nan", "-1", "--", "-",
]  # fmt: skip


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("cli")
    tiny = extracts.write(root / "tiny", BASE_ROWS["client_flows"])
    published = root / "published"
    assert ingest(tiny, published).published
    (root / "a-file").write_text("not a directory")
    (root / "empty").mkdir()
    return {
        "tiny": str(tiny),
        "published": str(published),
        "file": str(root / "a-file"),  # also where --out points: never a place to write documents
        "empty": str(root / "empty"),
        "missing": str(root / "missing"),
    }


@settings(FUZZ, max_examples=40)
@given(drawn=st.data())
def test_the_command_line_ends_in_0_1_or_2_never_a_traceback(places, drawn, capsys):
    place = st.sampled_from(sorted(places)).map(places.get)
    token = st.one_of(st.sampled_from(FLAGS), place, st.text(max_size=12))
    argv = [drawn.draw(st.sampled_from(COMMANDS)), *drawn.draw(st.lists(token, max_size=8))]
    if argv[0] == "report":  # documents take long to make; a file as --out refuses them early
        argv = [*argv, "--out", places["file"]]
    if argv[0] == "ingest":  # publishing is tested above; here only where nothing can be published
        argv = [a for a in argv if a not in (places["tiny"], places["published"])]
    try:
        status = main(argv)
    except SystemExit as exit_:  # argparse: --help (0) or a wrong command line (2)
        status = exit_.code
    assert status in (0, 1, 2), argv
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    shutil.rmtree(Path(places["missing"]), ignore_errors=True)  # an ingest may have made it
