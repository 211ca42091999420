"""One failing fixture per rule of CONTRACT.md §1, made by breaking generated data.

Each case changes one cell (or drops a file or column) and checks that the problem line names
the file, the row (counting data rows from 1) and the column.
"""

import json
import time
from datetime import date

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from jeugdhulpmonitor.cli import main
from jeugdhulpmonitor.contract import TABLES
from jeugdhulpmonitor.ingest import ingest
from jeugdhulpmonitor.store import resolve
from jeugdhulpmonitor.validation import validate
from tests import extracts

ROW = 4  # the data row that is broken: line ROW + 1 in the messages


def _break(directory, table, column, value, row=ROW):
    path = directory / TABLES[table].file
    t = pq.read_table(path)
    values = t.column(column).to_pylist()
    values[row] = value
    t = t.set_column(t.schema.get_field_index(column), column, pa.array(values, t.schema.field(column).type))
    pq.write_table(t, path)


def _value(directory, table, column, row):
    return pq.read_table(directory / TABLES[table].file).column(column)[row].as_py()


RULES = [
    # (table, column, bad value, fragment of the message)
    ("client_flows", "trajectory_id", "", "must not be empty"),
    ("client_flows", "trajectory_id", None, "value is missing"),
    ("client_flows", "client_id", "123456789", "looks like a BSN"),
    ("client_flows", "client_id", "", "must not be empty"),
    ("client_flows", "birth_year", 1989, "must lie in 1990"),
    ("client_flows", "birth_year", 2031, "must lie in 1990…2029"),
    ("client_flows", "municipality_code", "GM12", "unknown municipality code"),
    ("client_flows", "municipality_code", "GM9999", "unknown municipality code"),
    ("client_flows", "area_code", "atlantis", "unknown area code"),
    ("client_flows", "provider_id", "XX99", "not in providers.parquet"),
    ("client_flows", "theme", "E", "must be A, B, C, D or empty"),
    ("client_flows", "care_form", "kamp", "unknown care form"),
    ("client_flows", "referrer", "buurman", "unknown referrer"),
    ("client_flows", "start_date", None, "value is missing"),
    ("client_flows", "end_reason", "verveeld", "unknown end reason"),
    ("client_flows", "imminent_out_of_home", None, "value is missing"),
    ("client_flows", "intensive", None, "value is missing"),
    ("client_flows", "care_form", None, "value is missing"),
    ("providers", "region_code", "mars", "unknown region code"),
    ("providers", "name", None, "value is missing"),
    ("population", "population_0_17", 0, "must be greater than 0"),
    ("population", "municipality_code", "GM0000", "unknown municipality code"),
    ("budgets", "budget_eur", -1.0, "must not be negative"),
    ("lump_sums", "amount_eur", -5.0, "must not be negative"),
    ("lump_sums", "provider_id", "XX99", "not in providers.parquet"),
    ("spend", "month", date(2025, 3, 15), "first day of a month"),
    ("spend", "amount_eur", None, "value is missing"),
    ("theme_indicators", "indicator_id", "happiness", "not in config/catalogue.yaml"),
    ("theme_indicators", "period", "2027-Q5", "not a period"),
    ("theme_indicators", "provider_id", "XX99", "not in providers.parquet"),
]


@pytest.mark.parametrize(("table", "column", "value", "message"), RULES, ids=[f"{t}.{c}={v!r}" for t, c, v, _ in RULES])
def test_each_rule_names_file_row_and_column(delivery, table, column, value, message):
    _break(delivery, table, column, value)
    result = validate(delivery)
    assert not result.fatal
    lines = [p.line() for p in result.row_problems]
    prefix = f"{TABLES[table].file}:{ROW + 1}:{column}: "
    assert any(line.startswith(prefix) and message in line for line in lines), lines[:5]


def test_duplicate_trajectory_id_names_both_rows(delivery):
    _break(delivery, "client_flows", "trajectory_id", _value(delivery, "client_flows", "trajectory_id", 0))
    rows = {p.row for p in validate(delivery).row_problems if p.column == "trajectory_id"}
    assert rows == {1, ROW + 1}


def test_duplicate_provider_id_is_reported(delivery):
    _break(delivery, "providers", "provider_id", _value(delivery, "providers", "provider_id", 0))
    lines = [p.line() for p in validate(delivery).row_problems]
    assert f"providers.parquet:{ROW + 1}:provider_id: duplicate value; must be unique (value 'AA01')" in lines


def test_duplicate_population_key_is_reported(delivery):
    for column in ("municipality_code", "area_code", "year"):
        _break(delivery, "population", column, _value(delivery, "population", column, 0))
    problems = validate(delivery).row_problems
    assert any(p.file == "population.parquet" and "duplicate key" in p.message for p in problems)


def test_area_must_contain_the_municipality(delivery):
    _break(delivery, "client_flows", "area_code", "ijmond")
    lines = [p.line() for p in validate(delivery).row_problems]
    assert f"client_flows.parquet:{ROW + 1}:area_code: area does not contain municipality_code" in lines


def _first_row(directory, where):
    t = pq.read_table(directory / TABLES["client_flows"].file).to_pylist()
    return next(i for i, r in enumerate(t) if where(r))


def test_request_date_after_start_date(delivery):
    row = _first_row(delivery, lambda r: r["request_date"] is not None)
    start = _value(delivery, "client_flows", "start_date", row)
    _break(delivery, "client_flows", "request_date", date(start.year + 1, 1, 1), row)
    lines = [p.line() for p in validate(delivery).row_problems]
    assert f"client_flows.parquet:{row + 1}:request_date: request_date is after start_date" in lines


def test_end_date_before_start_date(delivery):
    row = _first_row(delivery, lambda r: r["end_date"] is not None)
    _break(delivery, "client_flows", "end_date", date(2000, 1, 1), row)
    lines = [p.line() for p in validate(delivery).row_problems]
    assert f"client_flows.parquet:{row + 1}:end_date: end_date is before start_date" in lines


def test_end_reason_required_with_end_date_and_empty_without(delivery):
    ended = _first_row(delivery, lambda r: r["end_date"] is not None)
    ongoing = _first_row(delivery, lambda r: r["end_date"] is None)
    _break(delivery, "client_flows", "end_reason", None, ended)
    _break(delivery, "client_flows", "end_reason", "overig", ongoing)
    lines = [p.line() for p in validate(delivery).row_problems]
    for row in (ended, ongoing):
        assert (
            f"client_flows.parquet:{row + 1}:end_reason: "
            "end_reason is required when end_date is set, and empty otherwise"
        ) in lines


def test_goal_attained_only_for_ended_trajectories(delivery):
    row = _first_row(delivery, lambda r: r["end_date"] is None)
    _break(delivery, "client_flows", "goal_attained", True, row)
    lines = [p.line() for p in validate(delivery).row_problems]
    assert f"client_flows.parquet:{row + 1}:goal_attained: goal_attained is only for ended trajectories" in lines


def test_theme_indicator_row_needs_value_or_ratio(delivery):
    for column in ("numerator", "denominator", "value", "milestone_date"):
        _break(delivery, "theme_indicators", column, None)
    lines = [p.line() for p in validate(delivery).row_problems]
    assert (f"theme_indicators.parquet:{ROW + 1}:value: a row needs value, or both numerator and denominator") in lines


# --- file-level problems: the delivery cannot be used ------------------------------------


def test_missing_required_file(delivery):
    (delivery / "providers.parquet").unlink()
    result = validate(delivery)
    assert result.fatal and [p.line() for p in result.file_problems] == ["providers.parquet: required file is missing"]


def test_missing_optional_file_is_fine(delivery):
    (delivery / "spend.parquet").unlink()
    assert validate(delivery).ok


def test_corrupt_file(delivery):
    (delivery / "client_flows.parquet").write_bytes(b"PAR1 this is not parquet")
    lines = [p.line() for p in validate(delivery).file_problems]
    assert len(lines) == 1 and lines[0].startswith("client_flows.parquet: cannot be read as Parquet")


def test_missing_column(delivery):
    path = delivery / "client_flows.parquet"
    pq.write_table(pq.read_table(path).drop_columns(["care_form"]), path)
    assert [p.line() for p in validate(delivery).file_problems] == [
        "client_flows.parquet:care_form: required column is missing"
    ]


def test_dates_stored_as_text_make_the_file_unreadable(delivery):
    path = delivery / "client_flows.parquet"
    t = pq.read_table(path)
    i = t.schema.get_field_index("start_date")
    pq.write_table(t.set_column(i, "start_date", t.column(i).cast(pa.string())), path)
    assert [p.line() for p in validate(delivery).file_problems] == [
        "client_flows.parquet:start_date: type string cannot be read as date"
    ]


def test_timestamps_at_midnight_are_accepted(delivery):
    path = delivery / "client_flows.parquet"
    t = pq.read_table(path)
    i = t.schema.get_field_index("start_date")
    pq.write_table(t.set_column(i, "start_date", t.column(i).cast(pa.timestamp("ms"))), path)
    assert validate(delivery).ok


def test_extra_columns_are_allowed(delivery):
    path = delivery / "providers.parquet"
    t = pq.read_table(path)
    pq.write_table(t.append_column("website", pa.array(["x"] * t.num_rows)), path)
    assert validate(delivery).ok


def test_all_problems_of_a_delivery_are_reported_in_one_run(delivery):
    _break(delivery, "client_flows", "care_form", "kamp", row=1)
    _break(delivery, "client_flows", "theme", "Z", row=2)
    _break(delivery, "budgets", "budget_eur", -3.0, row=3)
    files = {(p.file, p.column) for p in validate(delivery).row_problems}
    assert files == {
        ("client_flows.parquet", "care_form"),
        ("client_flows.parquet", "theme"),
        ("budgets.parquet", "budget_eur"),
    }


def test_many_broken_rows_are_capped_per_rule_with_a_count(delivery):
    path = delivery / "client_flows.parquet"
    t = pq.read_table(path)
    i = t.schema.get_field_index("care_form")
    broken = t.num_rows - 1  # one good row: a required file with none left is a file problem
    pq.write_table(t.set_column(i, "care_form", pa.array(["ambulant"] + ["kamp"] * broken)), path)
    result = validate(delivery)
    shown = result.shown_problems()
    assert len(result.row_problems) == broken
    assert len(shown) == 21 and shown[-1].message.endswith(f"{broken - 20} more rows")


# --- the command line ------------------------------------------------------------------------


def test_cli_validate_exit_codes_and_json(delivery, capsys):
    assert main(["validate", str(delivery)]) == 0
    _break(delivery, "client_flows", "care_form", "kamp")
    assert main(["validate", str(delivery), "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert problems == [
        {
            "file": "client_flows.parquet",
            "row": ROW + 1,
            "column": "care_form",
            "message": "unknown care form (value 'kamp')",
        }
    ]


def test_cli_wrong_command_line_exits_2():
    with pytest.raises(SystemExit) as exc:
        main(["validate"])
    assert exc.value.code == 2


# --- deliveries that validated but could not be published (issue 18) ----------------------


def _rewrite(directory, table, change):
    path = directory / TABLES[table].file
    pq.write_table(change(pq.read_table(path)), path)


def _with_column(t, column, values):
    return t.set_column(t.schema.get_field_index(column), column, values)


def _bad_utf8(t, column, row):
    """The column with row's value replaced by Latin-1 bytes that are not UTF-8."""
    raw = [None if v is None else v.encode() for v in t.column(column).to_pylist()]
    raw[row] = b"caf\xe9"
    return _with_column(t, column, pa.array(raw, pa.binary()).view(pa.string()))


@pytest.mark.parametrize("table", ["client_flows", "providers", "population"])
def test_required_file_without_rows_is_a_file_problem(delivery, table):
    _rewrite(delivery, table, lambda t: t.slice(0, 0))
    result = validate(delivery)
    assert [p.line() for p in result.file_problems] == [f"{TABLES[table].file}: no rows; a required file needs data"]


def test_optional_file_without_rows_is_fine(delivery):
    _rewrite(delivery, "spend", lambda t: t.slice(0, 0))
    assert validate(delivery).ok


def test_required_file_whose_every_row_breaks_a_rule_is_a_file_problem(delivery):
    _rewrite(delivery, "client_flows", lambda t: _with_column(t, "care_form", pa.array(["kamp"] * t.num_rows)))
    result = validate(delivery)
    assert result.fatal
    assert [p.line() for p in result.file_problems] == [
        f"client_flows.parquet: no rows left: all {result.files['client_flows'].table.num_rows:,} rows "
        "break a rule (see the row problems)"
    ]


@pytest.mark.parametrize(("table", "column"), [("client_flows", "client_id"), ("providers", "website")])
def test_non_utf8_bytes_set_their_row_aside(delivery, table, column):
    if column == "website":  # an extra column: it is published too
        _rewrite(delivery, table, lambda t: t.append_column("website", pa.array(["x"] * t.num_rows)))
    _rewrite(delivery, table, lambda t: _bad_utf8(t, column, ROW))
    result = validate(delivery)
    assert not result.fatal
    assert f"{TABLES[table].file}:{ROW + 1}:{column}: not valid UTF-8 (strings must be UTF-8)" in [
        p.line() for p in result.row_problems
    ]
    assert set(result.files[table].rejected) >= {ROW}
    # The quarantine shows the bytes as escapes; the accepted rows are valid UTF-8.
    assert result.files[table].table.column(column)[ROW].as_py() == "caf\\xe9"
    result.files[table].accepted.validate(full=True)


def test_non_utf8_bytes_in_a_dictionary_encoded_column(delivery):
    _rewrite(delivery, "client_flows", lambda t: _bad_utf8(t, "care_form", ROW))
    encode = lambda t: _with_column(t, "care_form", t.column("care_form").dictionary_encode())  # noqa: E731
    _rewrite(delivery, "client_flows", encode)
    assert pa.types.is_dictionary(pq.read_schema(delivery / "client_flows.parquet").field("care_form").type)
    lines = [p.line() for p in validate(delivery).row_problems]
    assert f"client_flows.parquet:{ROW + 1}:care_form: not valid UTF-8 (strings must be UTF-8)" in lines


def _aware(values, written_in, labelled):
    """Midnight of each date in zone `written_in`, as an instant in a column labelled with a zone."""
    return pc.assume_timezone(values.cast(pa.timestamp("ms")), written_in).cast(pa.timestamp("ms", labelled))


@pytest.mark.parametrize(
    ("written_in", "labelled"), [("UTC", "UTC"), ("Europe/Amsterdam", "Europe/Amsterdam"), ("Europe/Amsterdam", "UTC")]
)
def test_time_zone_aware_timestamps_are_read_as_calendar_dates(delivery, written_in, labelled):
    """Midnight in the column's own zone, or else in Amsterdam (a Dutch date stored as UTC)."""
    expected = pq.read_table(delivery / "client_flows.parquet").column("start_date")
    for table, column in (("client_flows", "start_date"), ("client_flows", "end_date"), ("spend", "month")):
        _rewrite(delivery, table, lambda t, c=column: _with_column(t, c, _aware(t.column(c), written_in, labelled)))
    result = validate(delivery)
    assert result.ok, result.render()[:500]
    published = result.files["client_flows"].table.column("start_date").cast(pa.date32())
    assert published.to_pylist() == expected.to_pylist()


def test_time_zone_aware_timestamp_off_midnight_is_reported(delivery):
    five_hours = pa.scalar(5 * 3_600_000, pa.duration("ms"))
    at_five = lambda t: pc.add(t.column("start_date").cast(pa.timestamp("ms", "UTC")), five_hours)  # noqa: E731
    _rewrite(delivery, "client_flows", lambda t: _with_column(t, "start_date", at_five(t)))
    lines = [p.line() for p in validate(delivery).row_problems]
    assert f"client_flows.parquet:{ROW + 1}:start_date: timestamp is not at midnight" in lines


# --- the date window (docs/contract_additions.md) ------------------------------------------

TODAY = date(2026, 11, 25)  # the sample's extract year is 2029; the window's reference is 2026


OUTSIDE = [
    # (table, column, row, date outside 1990-01-01…2031-12-31)
    ("client_flows", "end_date", 1, date(2200, 1, 1)),
    ("client_flows", "end_date", 2, date(9999, 12, 31)),
    ("client_flows", "end_date", 3, date(2032, 1, 1)),
    ("client_flows", "request_date", 4, date(1989, 12, 31)),
    ("client_flows", "start_date", 5, date(2200, 1, 1)),  # the extract's year then is 2200
    ("spend", "month", 1, date(2032, 1, 1)),
    ("theme_indicators", "milestone_date", 1, date(1980, 1, 1)),
]


def test_dates_outside_the_window_are_row_problems(delivery):
    for table, column, row, value in OUTSIDE:
        _break(delivery, table, column, value, row)
    result = validate(delivery, today=TODAY)
    assert not result.fatal
    window = [p.line() for p in result.row_problems if "date must lie in" in p.message]
    expected = [f"{TABLES[t].file}:{r + 1}:{c}: date must lie in 1990-01-01…2031-12-31" for t, c, r, _ in OUTSIDE]
    assert sorted(window) == sorted(expected)
    for table, _column, row, _value in OUTSIDE:
        assert row in result.files[table].rejected


def test_window_bounds_are_inclusive(delivery):
    row = _first_row(delivery, lambda r: r["end_date"] is not None)
    _break(delivery, "client_flows", "end_date", date(2031, 12, 31), row)
    _break(delivery, "spend", "month", date(2031, 12, 1))
    assert validate(delivery, today=TODAY).ok


def test_window_is_configurable_in_the_environment(delivery, monkeypatch):
    row = _first_row(delivery, lambda r: r["end_date"] is not None)
    _break(delivery, "client_flows", "end_date", date(2035, 6, 1), row)
    assert not validate(delivery, today=TODAY).ok
    monkeypatch.setenv("DATE_WINDOW_YEARS_AHEAD", "10")
    assert validate(delivery, today=TODAY).ok
    monkeypatch.setenv("DATE_WINDOW_FIRST", "2025-01-01")
    lines = [p.line() for p in validate(delivery, today=TODAY).row_problems]
    assert lines and all("date must lie in 2025-01-01…2036-12-31" in line for line in lines)


# --- and ingest ends cleanly on each of them: rejected with a report, or published ----------


def _tiny(tmp_path, *rows, change=None):
    """A tiny extract (tests/extracts.py) whose client_flows a test may change with pyarrow."""
    directory = extracts.write(tmp_path / "src", extracts.flows(*rows))
    if change:
        _rewrite(directory, "client_flows", change)
    return directory


def _quarantined(data_dir):
    path = resolve(data_dir).path / "quarantine" / "client_flows.parquet"
    return duckdb.sql(f"select _row, _reasons from '{path}' order by _row").fetchall()


def _published_flows(data_dir):
    path = resolve(data_dir).path / "client_flows.parquet"
    return duckdb.sql(f"select trajectory_id, start_date, end_date from '{path}' order by 1").fetchall()


def test_ingest_rejects_a_required_file_without_rows(tmp_path):
    report = ingest(_tiny(tmp_path), tmp_path / "data")
    assert not report.published
    assert report.file_problems == ["client_flows.parquet: no rows; a required file needs data"]


def test_ingest_rejects_a_required_file_whose_every_row_breaks_a_rule(tmp_path):
    report = ingest(_tiny(tmp_path, {"care_form": "kamp"}, {"care_form": "kamp"}), tmp_path / "data")
    assert not report.published
    assert report.file_problems == [
        "client_flows.parquet: no rows left: all 2 rows break a rule (see the row problems)"
    ]


def test_ingest_publishes_around_non_utf8_bytes(tmp_path):
    src = _tiny(tmp_path, {"client_id": "c1"}, {"client_id": "c2"}, change=lambda t: _bad_utf8(t, "client_id", 1))
    report = ingest(src, tmp_path / "data")
    assert report.published and report.rejected_rows["client_flows.parquet"] == 1
    assert [t for t, *_ in _published_flows(tmp_path / "data")] == ["t1"]
    assert _quarantined(tmp_path / "data") == [(2, "client_id: not valid UTF-8 (strings must be UTF-8)")]


def test_ingest_publishes_time_zone_aware_dates_as_calendar_dates(tmp_path):
    rows = [{"start_date": date(2027, 3, 1), "end_date": date(2027, 7, 1)}, {"start_date": date(2027, 10, 31)}]
    aware = lambda t: _with_column(  # noqa: E731 - Amsterdam midnight stored as UTC: 23:00 or 22:00 the day before
        t, "start_date", _aware(t.column("start_date"), "Europe/Amsterdam", "UTC")
    )
    report = ingest(_tiny(tmp_path, *rows, change=aware), tmp_path / "data")
    assert report.published and not any(report.rejected_rows.values())
    assert _published_flows(tmp_path / "data") == [
        ("t1", date(2027, 3, 1), date(2027, 7, 1)),
        ("t2", date(2027, 10, 31), None),
    ]


def test_ingest_sets_a_date_far_in_the_future_aside_and_publishes_quickly(tmp_path):
    rows = [{"start_date": date(2027, 1, 1), "end_date": date(2200, 1, 1)}, {"start_date": date(2027, 2, 1)}]
    started = time.monotonic()
    report = ingest(_tiny(tmp_path, *rows), tmp_path / "data")
    assert report.published and report.rejected_rows["client_flows.parquet"] == 1
    [(row, reasons)] = _quarantined(tmp_path / "data")
    assert row == 1 and reasons.startswith("end_date: date must lie in 1990-01-01…")
    assert [t for t, *_ in _published_flows(tmp_path / "data")] == ["t2"]
    assert time.monotonic() - started < 60  # 2027's periods, not 174 years of them
