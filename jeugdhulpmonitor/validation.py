"""Check an extract directory against the data contract and report every problem.

File-level problems (missing, unreadable, a required column absent or of the wrong type, a
required file without rows or with every row broken) make the delivery unusable. Row-level
problems are pandera checks run lazily, so one run reports all of them; each becomes a
`FILE:ROW:COLUMN: message` line (ROW counts data rows from 1). Rules the project adds to
CONTRACT.md are in docs/contract_additions.md.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.contract import (
    AGREEMENT_ITEMS,
    CARE_FORMS,
    COMPLAINT_OUTCOMES,
    END_REASONS,
    LOCAL_TIME_ZONE,
    REFERRERS,
    TABLES,
    THEMES,
    TableSpec,
    arrow_type_fits,
    date_window,
)
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import Period, PeriodError

CAP_PER_RULE = 20  # lines shown per file and rule; the rest are counted


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def line(self) -> str:
        parts = [self.file] + [str(p) for p in (self.row, self.column) if p is not None]
        return ":".join(parts) + ": " + self.message

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class FileResult:
    spec: TableSpec
    table: pa_arrow.Table
    rejected: dict[int, list[str]] = field(default_factory=dict)  # row index -> reasons

    @property
    def accepted(self) -> pa_arrow.Table:
        if not self.rejected:
            return self.table
        keep = pa_arrow.array([i not in self.rejected for i in range(self.table.num_rows)])
        return self.table.filter(keep)


@dataclass
class Validation:
    directory: Path
    file_problems: list[Problem] = field(default_factory=list)
    row_problems: list[Problem] = field(default_factory=list)
    files: dict[str, FileResult] = field(default_factory=dict)

    @property
    def fatal(self) -> bool:
        return bool(self.file_problems)

    @property
    def ok(self) -> bool:
        return not self.file_problems and not self.row_problems

    def shown_problems(self, cap: int = CAP_PER_RULE) -> list[Problem]:
        """All file problems and up to `cap` row problems per file and rule, plus a count line."""
        shown, groups = list(self.file_problems), defaultdict(list)
        for p in self.row_problems:
            groups[(p.file, p.column, p.message)].append(p)
        for (file, column, message), ps in groups.items():
            shown.extend(ps[:cap])
            if len(ps) > cap:
                shown.append(Problem(file, None, column, f"{message}: {len(ps) - cap} more rows"))
        return shown

    def render(self, fmt: str = "text") -> str:
        problems = self.shown_problems()
        if fmt == "json":
            return json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=1)
        return "\n".join(p.line() for p in problems)


# --- reading -------------------------------------------------------------------------------


def _read(directory: Path, spec: TableSpec, result: Validation) -> pa_arrow.Table | None:
    path = directory / spec.file
    if not path.exists():
        if spec.required:
            result.file_problems.append(Problem(spec.file, None, None, "required file is missing"))
        return None
    try:
        table = pq.read_table(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure means the file is unusable
        result.file_problems.append(
            Problem(spec.file, None, None, f"cannot be read as Parquet ({type(exc).__name__}: {exc})")
        )
        return None
    for col in spec.columns:
        if col.name not in table.column_names:
            if col.optional:
                continue
            result.file_problems.append(Problem(spec.file, None, col.name, "required column is missing"))
        elif not arrow_type_fits(col.kind, table.schema.field(col.name).type):
            found = table.schema.field(col.name).type
            result.file_problems.append(
                Problem(spec.file, None, col.name, f"type {found} cannot be read as {col.kind}")
            )
    return table


def _as_local_dates(spec: TableSpec, table: pa_arrow.Table) -> pa_arrow.Table:
    """Time-zone-aware timestamps in date columns as wall-clock timestamps of a calendar date.

    A date is a calendar date: the wall-clock time in the column's own zone where that is
    midnight (a date written as UTC midnight), otherwise in Europe/Amsterdam (a Dutch date
    written as an instant). Anything else stays off midnight and is reported by that rule.
    """
    for col in spec.columns:
        if col.name not in table.column_names:
            continue  # an optional column left out
        t = table.schema.field(col.name).type
        if col.kind != "date" or not pa_arrow.types.is_timestamp(t) or t.tz is None:
            continue
        values = table.column(col.name)
        own = pc.local_timestamp(values)
        local = pc.local_timestamp(values.cast(pa_arrow.timestamp(t.unit, LOCAL_TIME_ZONE)))
        at_midnight = pc.equal(pc.floor_temporal(own, unit="day"), own)
        table = table.set_column(table.schema.get_field_index(col.name), col.name, pc.if_else(at_midnight, own, local))
    return table


def _bad_utf8(values: pa_arrow.ChunkedArray) -> tuple[pa_arrow.ChunkedArray, list[int]]:
    """Rows whose bytes are not UTF-8, and the column with those shown as escapes (\\xe9).

    Parquet does not enforce UTF-8 and DuckDB refuses such a file, so the rows are set aside;
    the escaped text keeps the quarantine readable. Checked per chunk in Arrow (fast); only a
    broken chunk is decoded value by value.
    """
    chunks, rows, offset = [], [], 0
    for chunk in values.chunks:
        if pa_arrow.types.is_dictionary(chunk.type):
            chunk = chunk.dictionary_decode()
        try:
            chunk.validate(full=True)
        except pa_arrow.ArrowInvalid:
            large = pa_arrow.types.is_large_string(chunk.type)
            raw = chunk.view(pa_arrow.large_binary() if large else pa_arrow.binary())
            text = []
            for i, b in enumerate(raw.to_pylist()):
                try:
                    text.append(None if b is None else b.decode("utf-8"))
                except UnicodeDecodeError:
                    text.append(b.decode("utf-8", "backslashreplace"))
                    rows.append(offset + i)
            chunk = pa_arrow.array(text, chunk.type)
        chunks.append(chunk)
        offset += len(chunk)
    return pa_arrow.chunked_array(chunks, chunks[0].type if chunks else values.type), rows


def _utf8_problems(spec: TableSpec, table: pa_arrow.Table) -> tuple[pa_arrow.Table, list[Problem]]:
    """Every string column of the file, extra ones too: all of it is published."""
    problems = []
    for i, f in enumerate(table.schema):
        t = f.type.value_type if pa_arrow.types.is_dictionary(f.type) else f.type
        if not (pa_arrow.types.is_string(t) or pa_arrow.types.is_large_string(t)):
            continue
        values, rows = _bad_utf8(table.column(i))
        if rows:
            table = table.set_column(i, f.name, values)
            problems += [Problem(spec.file, r + 1, f.name, "not valid UTF-8 (strings must be UTF-8)") for r in rows]
    return table, problems


def _frame(spec: TableSpec, table: pa_arrow.Table) -> pd.DataFrame:
    cols = [c.name for c in spec.columns if c.name in table.column_names]
    return table.select(cols).to_pandas(date_as_object=False, timestamp_as_object=False)


# --- the rules -----------------------------------------------------------------------------


def _known(values, what: str) -> pa.Check:
    return pa.Check.isin(sorted(values), error=f"unknown {what}")


def _wide(name: str, column: str, message: str, fn) -> pa.Check:
    """A rule across columns; `column` is the one named in the problem line."""
    return pa.Check(fn, name=name, error=f"{column}|{message}")


def _area_contains(optional: bool = False) -> pa.Check:
    """The row's area lies in its municipality (an empty area passes where it is optional)."""

    def ok(df: pd.DataFrame) -> pd.Series:
        pairs = _pairs_ok(df["municipality_code"], df["area_code"])
        return df["area_code"].isna() | pairs if optional else pairs

    return _wide("area_contains", "area_code", "area does not contain municipality_code", ok)


def _midnight(s: pd.Series) -> pd.Series:
    return s.isna() | (s == s.dt.normalize())


def _within(s: pd.Series, first: date, last: date) -> pd.Series:
    return s.isna() | ((s >= pd.Timestamp(first)) & (s < pd.Timestamp(last) + pd.Timedelta(days=1)))


def _date_checks(spec: TableSpec, window: tuple[date, date]) -> list[pa.Check]:
    first, last = window
    checks = []
    for c in spec.columns:
        if c.kind != "date":
            continue
        checks.append(
            _wide(f"{c.name}_midnight", c.name, "timestamp is not at midnight", lambda df, n=c.name: _midnight(df[n]))
        )
        # A project addition: a date far out makes ingest pre-aggregate every period up to it.
        checks.append(
            _wide(
                f"{c.name}_window",
                c.name,
                f"date must lie in {first}…{last}",
                lambda df, n=c.name: _within(df[n], first, last),
            )
        )
    return checks


def _pairs_ok(m: pd.Series, a: pd.Series) -> pd.Series:
    geo = GEO()
    pairs = {f"{mc}|{ac}" for mc, mun in geo.municipalities.items() for ac in mun.areas}
    judged = m.isin(geo.municipalities) & a.isin(geo.areas)
    return ~judged | (m.astype(str) + "|" + a.astype(str)).isin(pairs)


def _schema(spec: TableSpec, providers: set[str], extract_year: int, window: tuple[date, date]) -> pa.DataFrameSchema:
    geo = GEO()
    muni = _known(geo.municipalities, "municipality code (CBS GM + 4 digits in config/geography.yaml)")
    area = _known(geo.areas, "area code (not in config/geography.yaml)")
    prov = _known(providers, "provider_id (not in providers.parquet)")
    nonneg = pa.Check.ge(0, error="must not be negative")
    nonempty = pa.Check.str_length(min_value=1, error="must not be empty")

    def col(name, *checks, unique=False):
        c = spec.column(name)
        return pa.Column(
            None, checks=list(checks), nullable=c.nullable, unique=unique, required=not c.optional, name=name
        )

    if spec.table == "client_flows":
        cols = [
            col("trajectory_id", nonempty, unique=True),
            col(
                "client_id",
                nonempty,
                pa.Check(
                    lambda s: ~s.str.fullmatch(r"\d{9}"),
                    element_wise=False,
                    error="9 digits looks like a BSN; deliver a pseudonymised id",
                ),
            ),
            col("birth_year", pa.Check.in_range(1990, extract_year, error=f"must lie in 1990…{extract_year}")),
            col("municipality_code", muni),
            col("area_code", area),
            col("provider_id", prov),
            col("theme", pa.Check.isin(THEMES, error="must be A, B, C, D or empty")),
            col("care_form", pa.Check.isin(CARE_FORMS, error="unknown care form")),
            col("referrer", pa.Check.isin(REFERRERS, error="unknown referrer")),
            col("request_date"),
            col("start_date"),
            col("end_date"),
            col("end_reason", pa.Check.isin(END_REASONS, error="unknown end reason")),
            col("imminent_out_of_home"),
            col("intensive"),
            col("goal_attained"),
        ]
        checks = [
            _area_contains(),
            _wide(
                "request_before_start",
                "request_date",
                "request_date is after start_date",
                lambda df: df["request_date"].isna() | (df["request_date"] <= df["start_date"]),
            ),
            _wide(
                "end_after_start",
                "end_date",
                "end_date is before start_date",
                lambda df: df["end_date"].isna() | (df["end_date"] >= df["start_date"]),
            ),
            _wide(
                "end_reason_with_end",
                "end_reason",
                "end_reason is required when end_date is set, and empty otherwise",
                lambda df: df["end_date"].isna() == df["end_reason"].isna(),
            ),
            _wide(
                "goal_only_ended",
                "goal_attained",
                "goal_attained is only for ended trajectories",
                lambda df: df["goal_attained"].isna() | df["end_date"].notna(),
            ),
        ]
        unique = None
    elif spec.table == "providers":
        cols = [
            col("provider_id", nonempty, unique=True),
            col("name", nonempty),
            col("region_code", _known(geo.regions, "region code")),
            col("contract_end_date"),
        ]
        checks, unique = [], None
    elif spec.table == "population":
        cols = [
            col("municipality_code", muni),
            col("area_code", area),
            col("year"),
            col("population_0_17", pa.Check.gt(0, error="must be greater than 0")),
        ]
        checks = [_area_contains(optional=True)]
        unique = ["municipality_code", "area_code", "year"]
    elif spec.table == "budgets":
        cols = [col("municipality_code", muni), col("year"), col("budget_eur", nonneg), col("valid_from")]
        checks = [
            _wide(
                "valid_from_in_year",
                "valid_from",
                "valid_from must lie in the budget's year",
                lambda df: (
                    df["valid_from"].isna() | (pd.to_datetime(df["valid_from"]).dt.year == df["year"])
                    if "valid_from" in df
                    else pd.Series(True, index=df.index)
                ),
            )
        ]
        unique = None
    elif spec.table == "agreements":
        items = set(CATALOGUE()) | set(AGREEMENT_ITEMS)
        cols = [
            col("provider_id", prov),
            col("year"),
            col("municipality_code", muni),
            col("theme", pa.Check.isin(THEMES, error="must be A, B, C, D or empty")),
            col("item", _known(items, "item (a catalogue indicator_id or residential_places)")),
            col("value"),
        ]
        checks = []
        # One agreed value per provider, year, municipality, theme and item.
        unique = ["provider_id", "year", "municipality_code", "theme", "item"]
    elif spec.table == "complaints":
        cols = [
            col("complaint_id", nonempty, unique=True),
            col("provider_id", prov),
            col("municipality_code", muni),
            col("area_code", area),
            col("theme", pa.Check.isin(THEMES, error="must be A, B, C, D or empty")),
            col("received_date"),
            col("handled_date"),
            col("outcome", pa.Check.isin(COMPLAINT_OUTCOMES, error="unknown outcome")),
        ]
        checks = [
            _area_contains(),
            _wide(
                "handled_after_received",
                "handled_date",
                "handled_date is before received_date",
                lambda df: df["handled_date"].isna() | (df["handled_date"] >= df["received_date"]),
            ),
            _wide(
                "outcome_with_handled",
                "outcome",
                "outcome is required when handled_date is set, and empty otherwise",
                lambda df: df["handled_date"].isna() == df["outcome"].isna(),
            ),
        ]
        unique = None
    elif spec.table == "lump_sums":
        cols = [col("provider_id", prov), col("municipality_code", muni), col("year"), col("amount_eur", nonneg)]
        checks, unique = [], None
    elif spec.table == "spend":
        cols = [col("provider_id", prov), col("municipality_code", muni), col("month"), col("amount_eur")]
        checks = [
            _wide(
                "first_of_month",
                "month",
                "month must be the first day of a month",
                lambda df: df["month"].isna() | (df["month"].dt.day == 1),
            )
        ]
        unique = None
    else:  # theme_indicators
        cols = [
            col("indicator_id", _known(CATALOGUE(), "indicator_id (not in config/catalogue.yaml)")),
            col(
                "period",
                pa.Check(
                    lambda s: s.map(_is_period).astype(bool),
                    element_wise=False,
                    error="not a period of CONTRACT.md §2 (2027, 2027-H1, 2027-Q1, 2027-M4)",
                ),
            ),
            col("municipality_code", muni),
            col("area_code", area),
            col("provider_id", prov),
            col("theme", pa.Check.isin(THEMES, error="must be A, B, C, D or empty")),
            col("numerator"),
            col("denominator"),
            col("value"),
            col("milestone_date"),
        ]
        checks = [
            _wide(
                "value_or_ratio",
                "value",
                "a row needs value, or both numerator and denominator",
                lambda df: (
                    df["value"].notna()
                    | (df["numerator"].notna() & df["denominator"].notna())
                    | df["milestone_date"].notna()
                ),
            )
        ]
        unique = None
    return pa.DataFrameSchema(
        {c.name: c for c in cols},
        checks=checks + _date_checks(spec, window),
        unique=unique,
        name=spec.file,
        strict=False,
        coerce=False,
    )


def _is_period(text) -> bool:
    try:
        Period.parse(text)
        return True
    except (PeriodError, TypeError):
        return False


_BUILTIN_MESSAGES = {
    "not_nullable": "value is missing",
    "field_uniqueness": "duplicate value; must be unique",
    "multiple_fields_uniqueness": "duplicate key; must be unique",
}


def _row_problems(spec: TableSpec, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Problem]:
    try:
        schema.validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    problems = []
    for case in cases.itertuples(index=False):
        if pd.isna(case.index):
            continue
        row, check = int(case.index), str(case.check)
        if "|" in check:  # a cross-column rule names its own column
            column, message = check.split("|", 1)
            problems.append(Problem(spec.file, row + 1, column, message))
            continue
        if check != "not_nullable" and pd.isna(case.failure_case) and spec.column(case.column).nullable:
            continue
        message = _BUILTIN_MESSAGES.get(check, check)
        if check not in _BUILTIN_MESSAGES or check == "field_uniqueness":
            message = f"{message} (value {case.failure_case!r})"
        problems.append(Problem(spec.file, row + 1, case.column, message))
    # A cross-column rule is reported once per row and column, in row order.
    return sorted(set(problems), key=lambda p: (p.row, p.column or "", p.message))


def _extract_year(frame: pd.DataFrame) -> int:
    latest = max(
        (frame[c].max() for c in ("request_date", "start_date", "end_date")),
        key=lambda v: v if pd.notna(v) else pd.Timestamp.min,
    )
    return latest.year if pd.notna(latest) else 2100


ORDER = (
    "providers",
    "population",
    "budgets",
    "lump_sums",
    "spend",
    "client_flows",
    "theme_indicators",
    "agreements",
    "complaints",
)


def validate(directory: Path | str, today: date | None = None) -> Validation:
    """`today` fixes the date window's reference (tests); by default the date of the run."""
    directory = Path(directory)
    result = Validation(directory)
    if not directory.is_dir():
        result.file_problems.append(Problem(str(directory), None, None, "not a directory"))
        return result
    tables = {name: _read(directory, TABLES[name], result) for name in ORDER}
    for name, table in tables.items():
        if table is not None and TABLES[name].required and table.num_rows == 0:
            result.file_problems.append(Problem(TABLES[name].file, None, None, "no rows; a required file needs data"))
    if result.fatal:
        return result

    encoding: dict[str, list[Problem]] = {}
    for name, table in tables.items():
        if table is not None:
            table = _as_local_dates(TABLES[name], table)
            tables[name], encoding[name] = _utf8_problems(TABLES[name], table)
    frames = {n: _frame(TABLES[n], t) for n, t in tables.items() if t is not None}
    extract_year = _extract_year(frames["client_flows"])
    window = date_window(extract_year, today or date.today())
    providers: set[str] = set()
    for name in ORDER:
        if name not in frames:
            continue
        spec = TABLES[name]
        problems = _row_problems(spec, frames[name], _schema(spec, providers, extract_year, window))
        problems = sorted(encoding[name] + problems, key=lambda p: (p.row, p.column or "", p.message))
        result.row_problems.extend(problems)
        file_result = FileResult(spec, tables[name])
        for p in problems:
            file_result.rejected.setdefault(p.row - 1, []).append(f"{p.column}: {p.message}")
        result.files[name] = file_result
        if spec.required and file_result.accepted.num_rows == 0:
            n = file_result.table.num_rows
            result.file_problems.append(
                Problem(spec.file, None, None, f"no rows left: all {n:,} rows break a rule (see the row problems)")
            )
        if name == "providers":
            # Later files may only refer to providers that are themselves accepted.
            providers = set(file_result.accepted.column("provider_id").to_pylist())
    return result
