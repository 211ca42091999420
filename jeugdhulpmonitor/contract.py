"""The extract's data contract (CONTRACT.md §1): files, columns, types and code lists.

Column types are checked on the Parquet schema (a wrong type makes the file unreadable);
row rules are pandera checks built in validation.py, because several depend on the delivery
itself (its providers, the year of the extract) or on configuration (geography, catalogue).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

import pyarrow as pa

CARE_FORMS = (
    "ambulant",
    "pleegzorg",
    "gezinsgericht",
    "gesloten",
    "verblijf_overig",
    "ambulant_opvang",
    "verlengde_jeugdhulp",
)
RESIDENTIAL_CARE_FORMS = ("pleegzorg", "gezinsgericht", "gesloten", "verblijf_overig")
REFERRERS = (
    "lokaal_team",
    "huisarts",
    "medisch_specialist",
    "jeugdarts",
    "gecertificeerde_instelling",
    "rechter",
    "overig",
)
END_REASONS = ("volgens_plan", "voortijdig_client", "voortijdig_aanbieder", "verhuizing", "overig")
EARLY_END_REASONS = ("voortijdig_client", "voortijdig_aanbieder")
PLANNED_END_REASON = "volgens_plan"
THEMES = ("A", "B", "C", "D")

# The project's additions to the contract (docs/contract_additions.md).
# Every date lies in [DATE_WINDOW_FIRST, 31 Dec of the extract's year + DATE_WINDOW_YEARS_AHEAD];
# the environment variables of the same names override them.
DATE_WINDOW_FIRST = date(1990, 1, 1)
DATE_WINDOW_YEARS_AHEAD = 5
# Dates are calendar dates here: a time-zone-aware timestamp is read in this zone unless it is
# at midnight in its own zone.
LOCAL_TIME_ZONE = "Europe/Amsterdam"

CARE_FORM_LABELS = {
    "ambulant": "Ambulant",
    "pleegzorg": "Pleegzorg",
    "gezinsgericht": "Gezinsgericht verblijf",
    "gesloten": "Gesloten verblijf",
    "verblijf_overig": "Overig verblijf",
    "ambulant_opvang": "Ambulant in de opvang",
    "verlengde_jeugdhulp": "Verlengde jeugdhulp (18+)",
}
REFERRER_LABELS = {
    "lokaal_team": "Lokaal team / OKT",
    "huisarts": "Huisarts",
    "medisch_specialist": "Medisch specialist",
    "jeugdarts": "Jeugdarts",
    "gecertificeerde_instelling": "Gecertificeerde instelling",
    "rechter": "Rechter",
    "overig": "Overig",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # string | integer | number | date | boolean
    nullable: bool = False
    # A project addition to a file of the contract may be left out of a delivery (an older
    # delivery stays valid); when present it is checked like any other column.
    optional: bool = False


@dataclass(frozen=True)
class TableSpec:
    file: str
    required: bool
    columns: tuple[Column, ...]
    sort_by: tuple[str, ...] = ()

    @property
    def table(self) -> str:
        return self.file.removesuffix(".parquet")

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name, kind, nullable=False, optional=False):
    return Column(name, kind, nullable, optional)


TABLES: dict[str, TableSpec] = {
    t.table: t
    for t in (
        TableSpec(
            "client_flows.parquet",
            True,
            (
                _c("trajectory_id", "string"),
                _c("client_id", "string"),
                _c("birth_year", "integer"),
                _c("municipality_code", "string"),
                _c("area_code", "string"),
                _c("provider_id", "string"),
                _c("theme", "string", True),
                _c("care_form", "string"),
                _c("referrer", "string", True),
                _c("request_date", "date", True),
                _c("start_date", "date"),
                _c("end_date", "date", True),
                _c("end_reason", "string", True),
                _c("imminent_out_of_home", "boolean"),
                _c("intensive", "boolean"),
                _c("goal_attained", "boolean", True),
            ),
            # Sorted by start so that DuckDB can skip row groups on period filters.
            sort_by=("start_date", "municipality_code", "client_id"),
        ),
        TableSpec(
            "providers.parquet",
            True,
            (
                _c("provider_id", "string"),
                _c("name", "string"),
                _c("region_code", "string"),
                # Addition (issue 14, item 5): the day the provider's contract ended (null or absent:
                # still contracted). Care continuity counts its young people in care on that day.
                _c("contract_end_date", "date", nullable=True, optional=True),
            ),
        ),
        TableSpec(
            "population.parquet",
            True,
            (
                _c("municipality_code", "string"),
                _c("area_code", "string", True),
                _c("year", "integer"),
                _c("population_0_17", "integer"),
            ),
        ),
        TableSpec(
            "budgets.parquet",
            False,
            (
                _c("municipality_code", "string"),
                _c("year", "integer"),
                _c("budget_eur", "number"),
                # Addition (issue 14): the date from which a revised budget applies; null or
                # absent: from 1 January. The budget of a period is the one in force at its end.
                _c("valid_from", "date", nullable=True, optional=True),
            ),
        ),
        TableSpec(
            "lump_sums.parquet",
            False,
            (
                _c("provider_id", "string"),
                _c("municipality_code", "string"),
                _c("year", "integer"),
                _c("amount_eur", "number"),
            ),
        ),
        TableSpec(
            "spend.parquet",
            False,
            (
                _c("provider_id", "string"),
                _c("municipality_code", "string"),
                _c("month", "date"),
                _c("amount_eur", "number"),
            ),
            sort_by=("month", "municipality_code"),
        ),
        TableSpec(
            "theme_indicators.parquet",
            False,
            (
                _c("indicator_id", "string"),
                _c("period", "string"),
                _c("municipality_code", "string", True),
                _c("area_code", "string", True),
                _c("provider_id", "string", True),
                _c("theme", "string", True),
                _c("numerator", "number", True),
                _c("denominator", "number", True),
                _c("value", "number", True),
                _c("milestone_date", "date", True),
            ),
        ),
        # Addition (issue 14): what was agreed with a provider for a year, per item: a catalogue
        # indicator id (e.g. young_people_in_care, lump_sum_eur) or AGREEMENT_ITEMS' own items.
        TableSpec(
            "agreements.parquet",
            False,
            (
                _c("provider_id", "string"),
                _c("year", "integer"),
                _c("municipality_code", "string", True),
                _c("theme", "string", True),
                _c("item", "string"),
                _c("value", "number"),
            ),
        ),
        # Addition (issue 14, item 5): complaints and their handling, pseudonymised (no names, no
        # client ids), per provider and the complainant's municipality and area.
        TableSpec(
            "complaints.parquet",
            False,
            (
                _c("complaint_id", "string"),
                _c("provider_id", "string"),
                _c("municipality_code", "string"),
                _c("area_code", "string"),
                _c("theme", "string", True),
                _c("received_date", "date"),
                _c("handled_date", "date", True),
                _c("outcome", "string", True),
            ),
            sort_by=("received_date", "municipality_code"),
        ),
    )
}

# How a complaint was handled (complaints.parquet `outcome`): judged founded, partly founded or
# unfounded, settled by mediation, or withdrawn by the complainant.
COMPLAINT_OUTCOMES = ("gegrond", "deels_gegrond", "ongegrond", "bemiddeld", "ingetrokken")
COMPLAINT_WITHDRAWN = "ingetrokken"

# Agreement items that are not catalogue indicators: capacity, realised as the average number of
# residential places in use (residential days / days of the period).
AGREEMENT_ITEMS = ("residential_places",)


def date_window(extract_year: int, today: date) -> tuple[date, date]:
    """The first and last date a delivery may hold.

    The extract's year counts no later than today's year: it is the year of the latest date
    (CONTRACT.md §1), so one end date in 2200 would otherwise widen the window to admit itself.
    """
    first = os.environ.get("DATE_WINDOW_FIRST", DATE_WINDOW_FIRST.isoformat())
    ahead = os.environ.get("DATE_WINDOW_YEARS_AHEAD", str(DATE_WINDOW_YEARS_AHEAD))
    try:
        return date.fromisoformat(first), date(min(extract_year, today.year) + int(ahead), 12, 31)
    except ValueError as exc:
        raise ValueError(
            f"DATE_WINDOW_FIRST must be a date (YYYY-MM-DD) and DATE_WINDOW_YEARS_AHEAD a whole "
            f"number of years, not {first!r} and {ahead!r}"
        ) from exc


def arrow_type_fits(kind: str, t: pa.DataType) -> bool:
    """Can a Parquet column of type t be read as the contract's kind?"""
    if pa.types.is_null(t):
        return True  # an all-null column; the null checks judge it
    if pa.types.is_dictionary(t):
        t = t.value_type
    return {
        "string": pa.types.is_string(t) or pa.types.is_large_string(t),
        "integer": pa.types.is_integer(t),
        "number": pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t),
        "date": pa.types.is_date(t) or pa.types.is_timestamp(t),
        "boolean": pa.types.is_boolean(t),
    }[kind]


ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "date": pa.date32(),
    "boolean": pa.bool_(),
}
