"""The deterministic sample extract: both regions, January 2024 to August 2029.

At scale 1 it reproduces the seed figures exactly: the number of distinct young people with a
trajectory active in 2024 per municipality of Amsterdam-Amstelland, and the AJH budgets of
2028-2033. The rest is plausible and internally consistent (DOMAIN.md), never read back by a
test as if it were truth: the engine's tests use hand-computed fixtures.

Steady state: young people arrive at a constant rate from RUNIN_START, years before the first
reported year, so that in 2024 the care that started earlier is still running as it would in
reality (no warm-up in which residential care builds up). The extract holds the trajectories
active on or after 1 January 2024, with their true start dates.

How the 2024 counts come out exact: per municipality the generator draws young people one by one
(each with an arrival date anywhere from RUNIN_START to the end of the extract, and the chain
of trajectories that follows) and stops at the N-th young person with care in 2024. Movers
start in another municipality no earlier than 2025, so nothing else adds to a 2024 count.

From 2027 the areas move toward the catalogue's targets, each at its own pace (AREA_PACE), and
the delivered theme indicators at a pace per theme (THEME_PACE), so statuses differ.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from jeugdhulpmonitor import store
from jeugdhulpmonitor.catalogue import CATALOGUE, THEME_SOURCE
from jeugdhulpmonitor.contract import (
    ARROW_TYPES,
    CARE_FORMS,
    COMPLAINT_OUTCOMES,
    END_REASONS,
    REFERRERS,
    RESIDENTIAL_CARE_FORMS,
    TABLES,
)
from jeugdhulpmonitor.engine import path_value
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import BASELINE_YEAR, REPORTS, Period

FIRST_DAY = date(2024, 1, 1)
LAST_DAY = date(2029, 8, 31)
RUNIN_START = date(2018, 1, 1)  # first arrivals; care that started earlier has ended by 2024
TREND_START = date(2027, 1, 1)  # the new contract's effects begin after the 2026 baseline
MAX_DAYS = 4 * 365  # a trajectory (one decision) lasts at most four years; a follow-up continues
LAST_AGE = 23  # no youth care starts after this age (verlengde jeugdhulp ends)
EPOCH = np.datetime64("1970-01-01")

# Seed figures (DOMAIN.md): young people in AJH in 2024, and budgets in k€ for 2028 / 2029-2033.
CLIENTS_2024 = {
    "GM0358": 410,
    "GM0362": 1016,
    "GM0363": 14378,
    "GM0384": 424,
    "GM0437": 206,
    "GM0451": 508,
    # IJmond / Zuid-Kennemerland: approximations.
    "GM0375": 520,
    "GM0396": 430,
    "GM0453": 780,
    "GM0377": 290,
    "GM0392": 2100,
    "GM0397": 330,
    "GM0473": 170,
}
BUDGET_K = {
    "GM0358": (6_600, 6_600),
    "GM0362": (20_000, 20_000),
    "GM0363": (253_315, 249_370),
    "GM0384": (5_500, 5_500),
    "GM0437": (2_600, 2_600),
    "GM0451": (8_000, 8_000),
    "GM0375": (11_000, 11_000),
    "GM0396": (9_000, 9_000),
    "GM0453": (16_000, 16_000),
    "GM0377": (6_000, 6_000),
    "GM0392": (38_000, 38_000),
    "GM0397": (7_000, 7_000),
    "GM0473": (3_500, 3_500),
}
# Youth population 0-17 in 2024 (approx., DOMAIN.md); Amsterdam as the sum of its areas.
POPULATION_2024 = {
    "GM0358": 7_000,
    "GM0362": 20_000,
    "GM0384": 6_000,
    "GM0437": 3_000,
    "GM0451": 6_000,
    "GM0375": 9_000,
    "GM0396": 8_000,
    "GM0453": 14_000,
    "GM0377": 5_000,
    "GM0392": 33_000,
    "GM0397": 6_000,
    "GM0473": 3_000,
}
AMSTERDAM_AREAS_2024 = {
    "centrum-zuid": 24_000,
    "nieuw-west": 33_000,
    "west": 22_000,
    "noord": 22_000,
    "oost": 25_000,
    "zuidoost-weesp": 24_000,
}
# Pace toward the targets from 2027 per area (1: about on the target path, lower: behind).
# Amsterdam's areas average about 1; the municipalities outside it take their area's pace.
AREA_PACE = {
    "noord": 1.6,
    "nieuw-west": 1.3,
    "oost": 1.0,
    "west": 0.8,
    "zuidoost-weesp": 0.6,
    "centrum-zuid": 0.3,
    "duo": 1.3,
    "amstelveen-aalsmeer": 0.7,
    "ijmond": 1.2,
    "zuid-kennemerland": 0.6,
}
RESIDENTIAL_FALL = 0.11  # yearly fall of new residential placements at pace 1
WAIT_FALL = 0.07  # yearly fall of waiting times at pace 1
INTENSIVE_RISE = 0.07  # yearly rise of intensive help at imminent placement at pace 1
OVERRUN_MUNICIPALITY = "GM0451"  # Uithoorn heads for an overrun in 2029

CARE_FORM_SHARE = np.array([0.83, 0.045, 0.02, 0.007, 0.035, 0.03, 0.04])  # order of CARE_FORMS
MEDIAN_DAYS = np.array([240, 700, 500, 150, 300, 150, 365])
RESIDENTIAL = np.array([f in RESIDENTIAL_CARE_FORMS for f in CARE_FORMS])
# Age at the first trajectory, 0-17.
AGE_AT_START = np.array([2, 3, 4, 5, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 5, 3], float)
REFERRER_SHARE = np.array([0.46, 0.25, 0.06, 0.06, 0.08, 0.03, 0.06])
END_REASON_SHARE = np.array([0.68, 0.12, 0.06, 0.04, 0.10])

AA_PROVIDERS = [
    "Altra",
    "Arkin Jeugd",
    "Spirit",
    "Levvel",
    "Cordaan Jeugd",
    "De Bascule",
    "Triade",
    "Combiwel",
    "Pluryn",
    "Lijn5",
    "Horizon",
    "Kenter",
    "OuderKind Amstel",
    "Stek Jeugd",
    "Kinderpraktijk Zuid",
    "Samen Thuis",
]
IJ_PROVIDERS = ["Kenter Kennemerland", "Parlan", "Youz", "Levvel Haarlem", "Spaarne Jeugd", "Zon Jeugd"]
BLOCK_CLIENTS = 10_000  # young people in care in 2024 per generated block: bounds memory at any scale


@dataclass
class Progress:
    report: Callable[[str], None] = lambda _msg: None


def _days(d: date) -> int:
    return (np.datetime64(d) - EPOCH).astype(int)


def providers_table() -> pa.Table:
    ids = [f"AA{i + 1:02d}" for i in range(len(AA_PROVIDERS))] + [f"IJ{i + 1:02d}" for i in range(len(IJ_PROVIDERS))]
    regions = ["amsterdam-amstelland"] * len(AA_PROVIDERS) + ["ijmond-zuid-kennemerland"] * len(IJ_PROVIDERS)
    return pa.table({"provider_id": ids, "name": AA_PROVIDERS + IJ_PROVIDERS, "region_code": regions})


def _provider_weights(region: str, rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """Per care form a weight per provider: each provider specialises in a few forms."""
    table = providers_table()
    ids = [p for p, r in zip(table["provider_id"].to_pylist(), table["region_code"].to_pylist()) if r == region]
    weights = rng.gamma(0.6, size=(len(CARE_FORMS), len(ids))) + 0.01
    return ids, weights / weights.sum(axis=1, keepdims=True)


def _client_ids(seed: int, start: int, n: int) -> np.ndarray:
    # Pseudonyms: a keyed hash of a running number, never 9 digits (that would look like a BSN).
    return np.array(
        ["P" + hashlib.blake2b(f"{seed}:{i}".encode(), digest_size=8).hexdigest() for i in range(start, start + n)]
    )


def _area_pace(area: np.ndarray) -> np.ndarray:
    return np.array([AREA_PACE[a] for a in area], float) if len(area) else np.zeros(0)


def _years_of_trend(day: np.ndarray) -> np.ndarray:
    """Years since the trends began (0 before)."""
    return np.clip((day - _days(TREND_START)) / 365.25, 0, None)


class _Block:
    """Generates the trajectories of one block of young people of one municipality, `cohort` of
    whom have care in 2024."""

    def __init__(self, rng, seed, municipality, cohort, client_offset):
        self.rng, self.seed = rng, seed
        self.mun = GEO().municipalities[municipality]
        self.region = self.mun.region
        self.cohort = cohort
        self.client_offset = client_offset
        self.themes = GEO().regions[self.region].has_themes
        self.provider_ids, self.provider_w = _PROVIDERS[self.region]
        self.region_munis = GEO().municipalities_of(self.region)

    def _areas(self, muni: str, n: int) -> np.ndarray:
        areas = GEO().municipalities[muni].areas
        if len(areas) == 1:
            return np.full(n, areas[0], dtype=object)
        # Amsterdam: areas by population, with more care in Nieuw-West and Zuidoost/Weesp.
        w = np.array([AMSTERDAM_AREAS_2024[a] for a in areas], float)
        w *= [1.0, 1.25, 0.9, 1.1, 0.95, 1.3]
        return self.rng.choice(np.array(areas, dtype=object), size=n, p=w / w.sum())

    def _care_forms(self, start: np.ndarray, areas: np.ndarray, after: np.ndarray | None) -> np.ndarray:
        n = len(start)
        # New residential placements fall from 2027, each area at its own pace.
        resid_factor = np.exp(-RESIDENTIAL_FALL * _area_pace(areas) * _years_of_trend(start))
        p = np.tile(CARE_FORM_SHARE, (n, 1))
        p[:, RESIDENTIAL] *= resid_factor[:, None]
        if after is not None:  # a follow-up: residential often follows residential (doorplaatsing)
            was_res = RESIDENTIAL[after]
            p[np.ix_(was_res, RESIDENTIAL)] *= 4
        p /= p.sum(axis=1, keepdims=True)
        u = self.rng.random(n)[:, None]
        return (u > np.cumsum(p, axis=1)).sum(axis=1).clip(0, len(CARE_FORMS) - 1)

    def _durations(self, forms: np.ndarray, start: np.ndarray, areas: np.ndarray) -> np.ndarray:
        days = self.rng.lognormal(np.log(MEDIAN_DAYS[forms]), 0.7)
        # From 2027 residential stays shorten too (af- en ombouw), at the area's pace.
        days *= np.where(RESIDENTIAL[forms], np.exp(-RESIDENTIAL_FALL * _area_pace(areas) * _years_of_trend(start)), 1)
        return np.clip(days, 1, MAX_DAYS).astype(int)

    def _trajectories(
        self,
        client: np.ndarray,
        birth: np.ndarray,
        muni: np.ndarray,
        area: np.ndarray,
        start: np.ndarray,
        forms: np.ndarray,
        end: np.ndarray,
    ) -> dict:
        n = len(client)
        rng = self.rng
        age = 1970 - birth + start / 365.25
        forms = np.where((age >= 18) & ~RESIDENTIAL[forms], CARE_FORMS.index("verlengde_jeugdhulp"), forms)
        residential = RESIDENTIAL[forms]
        pace, trend = _area_pace(area), _years_of_trend(start)
        imminent = np.where(residential, rng.random(n) < 0.6, rng.random(n) < 0.12)
        intensive = np.where(
            imminent & ~residential,
            rng.random(n) < np.minimum(0.9, 0.45 + INTENSIVE_RISE * pace * trend),
            rng.random(n) < 0.10,
        )
        ref = (rng.random(n)[:, None] > np.cumsum(REFERRER_SHARE)).sum(axis=1).clip(0, len(REFERRERS) - 1)
        ref = np.where(
            forms == CARE_FORMS.index("gesloten"),
            np.where(rng.random(n) < 0.6, REFERRERS.index("rechter"), REFERRERS.index("gecertificeerde_instelling")),
            ref,
        )
        referrer = np.array(REFERRERS, dtype=object)[ref]
        referrer[rng.random(n) < 0.03] = None
        wait_median = np.where(residential, 50.0, 35.0) * np.exp(-WAIT_FALL * pace * trend)
        wait = np.maximum(0, rng.lognormal(np.log(wait_median), 0.8)).astype(int)
        request = np.where(rng.random(n) < 0.9, start - wait, -1)

        last = _days(LAST_DAY)
        ended = end <= last
        reason_idx = (rng.random(n)[:, None] > np.cumsum(END_REASON_SHARE)).sum(axis=1).clip(0, 4)
        end_reason = np.where(ended, np.array(END_REASONS, dtype=object)[reason_idx], None)
        goal_p = np.where(reason_idx == 0, 0.74, 0.25)
        goal = np.where(ended & (rng.random(n) >= 0.15), rng.random(n) < goal_p, None)

        if self.themes:
            theme = self._themes(forms, age, rng)
        else:
            theme = np.full(n, None, dtype=object)
        provider = self._providers(forms)
        return {
            "client_id": client,
            "birth_year": birth,
            "municipality_code": muni,
            "area_code": area,
            "provider_id": provider,
            "theme": theme,
            "care_form": np.array(CARE_FORMS, dtype=object)[forms],
            "referrer": referrer,
            "request": request,
            "start": start,
            "end": np.where(ended, end, -1),
            "end_reason": end_reason,
            "imminent_out_of_home": imminent,
            "intensive": intensive,
            "goal_attained": goal,
        }

    def _themes(self, forms, age, rng) -> np.ndarray:
        n = len(forms)
        u = rng.random(n)
        young = age < 12
        theme = np.where(
            young,
            np.where(u < 0.38, "A", np.where(u < 0.8, "C", np.where(u < 0.95, "B", "D"))),
            np.where(u < 0.2, "A", np.where(u < 0.55, "C", np.where(u < 0.75, "B", "D"))),
        )
        res = RESIDENTIAL[forms]
        theme = np.where(res, np.where(rng.random(n) < 0.85, "B", "D"), theme)
        return theme.astype(object)

    def _providers(self, forms) -> np.ndarray:
        ids = np.array(self.provider_ids, dtype=object)
        out = np.empty(len(forms), dtype=object)
        for f in np.unique(forms):
            sel = forms == f
            out[sel] = self.rng.choice(ids, size=int(sel.sum()), p=self.provider_w[f])
        return out

    def _simulate(self, n: int) -> dict:
        """n young people arriving at a constant rate from RUNIN_START to the end of the extract,
        each with a chain of trajectories; "client_id" holds their index 0..n-1."""
        rng = self.rng
        first, last = _days(FIRST_DAY), _days(LAST_DAY)
        start = rng.integers(_days(RUNIN_START), last + 1, n)
        age = rng.choice(len(AGE_AT_START), size=n, p=AGE_AT_START / AGE_AT_START.sum())
        birth = (start.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970 - age).astype(int)
        clients = np.arange(n)
        home_muni = np.full(n, self.mun.code, dtype=object)
        area = self._areas(self.mun.code, n)
        forms = self._care_forms(start, area, None)
        dur = self._durations(forms, start, area)
        end = start + dur - 1
        parts = [self._trajectories(clients, birth, home_muni, area, start, forms, end)]

        # Follow-up trajectories: a next step after the previous one ended, sometimes the next
        # day (residential after residential), sometimes in another municipality (movers, from
        # 2025 only: the 2024 counts stay exact).
        idx = np.arange(n)
        prev_end, prev_form, muni, cur_area = end, forms, home_muni, area
        for _round in range(3):
            go = (rng.random(len(idx)) < 0.33) & (prev_end < last)
            idx, prev_end, prev_form, muni, cur_area = idx[go], prev_end[go], prev_form[go], muni[go], cur_area[go]
            gap = np.where(rng.random(len(idx)) < 0.25, 1, rng.integers(2, 240, len(idx)))
            nstart = prev_end + gap
            keep = (nstart <= last) & (1970 - birth[idx] + nstart / 365.25 < LAST_AGE)
            idx, nstart, prev_form, muni, cur_area = (
                idx[keep],
                nstart[keep],
                prev_form[keep],
                muni[keep],
                cur_area[keep],
            )
            if not len(idx):
                break
            moves = (rng.random(len(idx)) < 0.04) & (nstart >= first + 366)
            if moves.any():
                others = list(self.region_munis)
                w = np.array([CLIENTS_2024[m] for m in others], float)
                dest = rng.choice(np.array(others, dtype=object), size=int(moves.sum()), p=w / w.sum())
                muni, cur_area = muni.copy(), cur_area.copy()
                muni[moves] = dest
                cur_area[moves] = [self._areas(m, 1)[0] for m in dest]
            nforms = self._care_forms(nstart, cur_area, prev_form)
            nend = nstart + self._durations(nforms, nstart, cur_area) - 1
            parts.append(self._trajectories(clients[idx], birth[idx], muni, cur_area, nstart, nforms, nend))
            prev_end, prev_form = nend, nforms

        # Parallel help: an ambulant trajectory next to a running one (same municipality).
        par = np.flatnonzero(rng.random(n) < 0.07)
        pstart = start[par] + (dur[par] * rng.random(len(par)) / 2).astype(int)
        keep = pstart <= last
        par, pstart = par[keep], pstart[keep]
        pforms = np.zeros(len(par), dtype=int)
        pend = pstart + self._durations(pforms, pstart, area[par]) - 1
        parts.append(self._trajectories(clients[par], birth[par], home_muni[par], area[par], pstart, pforms, pend))
        return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}

    def build(self) -> tuple[dict, int]:
        """The trajectories active from 2024 on of the first young people drawn, up to and
        including the `cohort`-th with care in 2024; and how many young people that is."""
        first, end_2024 = _days(FIRST_DAY), _days(date(2024, 12, 31))
        n = max(64, round(self.cohort * 7))  # about one in six arrivals has care in 2024
        while True:
            cols = self._simulate(n)
            ends = np.where(cols["end"] < 0, _days(LAST_DAY), cols["end"])
            active = (cols["start"] <= end_2024) & (ends >= first)
            in_2024 = np.zeros(n, bool)
            in_2024[cols["client_id"][active]] = True
            hits = np.cumsum(in_2024)
            if self.cohort == 0 or hits[-1] >= self.cohort:
                break
            n *= 2  # too few drawn (tiny scales): draw again, more
        k = int(np.searchsorted(hits, self.cohort) + 1) if self.cohort else 0
        keep = (cols["client_id"] < k) & (ends >= first)
        cols = {c: v[keep] for c, v in cols.items()}
        cols["client_id"] = _client_ids(self.seed, self.client_offset, k)[cols["client_id"]]
        return cols, k


_PROVIDERS: dict = {}


def _to_table(cols: dict, traj_offset: int) -> pa.Table:
    n = len(cols["client_id"])

    def dates(a, nullable):
        arr = a.astype("datetime64[D]")
        mask = (a < 0) if nullable else None
        return pa.array(arr, type=pa.date32(), mask=mask)

    order = np.lexsort((cols["client_id"].astype(str), cols["start"]))
    cols = {k: v[order] for k, v in cols.items()}
    return pa.table(
        {
            "trajectory_id": [f"T{traj_offset + i:09d}" for i in range(n)],
            "client_id": pa.array(cols["client_id"], pa.string()),
            "birth_year": pa.array(cols["birth_year"], pa.int16()),
            "municipality_code": pa.array(cols["municipality_code"], pa.string()),
            "area_code": pa.array(cols["area_code"], pa.string()),
            "provider_id": pa.array(cols["provider_id"], pa.string()),
            "theme": pa.array(cols["theme"], pa.string()),
            "care_form": pa.array(cols["care_form"], pa.string()),
            "referrer": pa.array(cols["referrer"], pa.string()),
            "request_date": dates(cols["request"], True),
            "start_date": dates(cols["start"], False),
            "end_date": dates(cols["end"], True),
            "end_reason": pa.array(cols["end_reason"], pa.string()),
            "imminent_out_of_home": pa.array(cols["imminent_out_of_home"], pa.bool_()),
            "intensive": pa.array(cols["intensive"], pa.bool_()),
            "goal_attained": pa.array(cols["goal_attained"], pa.bool_()),
        }
    )


WRITE_OPTIONS = {"compression": "zstd", "write_statistics": True}
ROW_GROUP = 64_000


def write_client_flows(out: Path, seed: int, scale: float, progress: Progress) -> dict[str, dict[str, int]]:
    """Stream the trajectories to client_flows.parquet, one block of clients at a time.

    Returns per municipality and provider the number of trajectories (for lump-sum shares).
    """
    root = np.random.default_rng(seed)
    for region in GEO().regions:
        _PROVIDERS[region] = _provider_weights(region, root)
    shares: dict[str, dict[str, int]] = {}
    writer = None
    client_offset = traj_offset = 0
    block = 0
    for code, n2024 in CLIENTS_2024.items():
        cohort = round(n2024 * scale)
        n_blocks = max(1, -(-cohort // BLOCK_CLIENTS))
        for b in range(n_blocks):
            c = cohort * (b + 1) // n_blocks - cohort * b // n_blocks
            rng = np.random.default_rng([seed, block])
            cols, clients = _Block(rng, seed, code, c, client_offset).build()
            table = _to_table(cols, traj_offset)
            if writer is None:
                writer = pq.ParquetWriter(out / "client_flows.parquet", table.schema, **WRITE_OPTIONS)
            writer.write_table(table, row_group_size=ROW_GROUP)
            for m, p in zip(cols["municipality_code"], cols["provider_id"]):
                shares.setdefault(m, {}).setdefault(p, 0)
                shares[m][p] += 1
            client_offset += clients
            traj_offset += table.num_rows
            block += 1
            progress.report(f"client_flows: {traj_offset:,} trajectories ({GEO().name(code)})")
    writer.close()
    return shares


def _budget(code: str, year: int) -> float:
    b2028, b2029 = BUDGET_K[code]
    if year >= 2029:
        return b2029 * 1000.0
    if year == 2028:
        return b2028 * 1000.0
    # Before the new contract: the yearly savings task brings the budget down towards 2028.
    return round(b2028 * 1000.0 * (1 + 0.02 * (2028 - year)), 2)


# Budget revisions in the year (seed 003: a municipality "kan de inleg gedurende het jaar
# aanpassen"): (municipality, year) -> (valid from, factor on the year's budget). The seed budgets
# stay the ones from 1 January; Uithoorn's 2029 raise comes after the extract's last month.
REVISIONS = {("GM0362", 2027): (date(2027, 7, 1), 0.985), ("GM0451", 2029): (date(2029, 9, 1), 1.04)}


def budgets_table() -> pa.Table:
    rows = [(m, y, _budget(m, y), None) for m in BUDGET_K for y in range(2024, 2034)]
    for (m, y), (valid_from, factor) in REVISIONS.items():
        rows.append((m, y, round(_budget(m, y) * factor, 2), valid_from))
    return _rows_table("budgets", rows)


def population_table(scale: float) -> pa.Table:
    rows = []
    for y in range(2024, 2030):
        growth = 1.004 ** (y - 2024)
        for m, p in POPULATION_2024.items():
            rows.append((m, None, y, round(p * scale * growth)))
        areas = {a: round(p * scale * growth) for a, p in AMSTERDAM_AREAS_2024.items()}
        rows.extend(("GM0363", a, y, p) for a, p in areas.items())
        rows.append(("GM0363", None, y, sum(areas.values())))
    return _rows_table("population", rows)


def lump_sums_table(shares: dict[str, dict[str, int]]) -> pa.Table:
    """Each municipality's budget (less 4% for care continuity) split over its providers."""
    rows = []
    for y in range(2024, 2030):
        for m in BUDGET_K:
            total = sum(shares[m].values())
            for p in sorted(shares[m]):
                rows.append((p, m, y, round(0.96 * _budget(m, y) * shares[m][p] / total, 2)))
    return _rows_table("lump_sums", rows)


SEASON = np.array([1.02, 0.98, 1.02, 1.0, 1.0, 0.97, 0.86, 0.85, 1.03, 1.06, 1.08, 1.13])


def spend_table(lump: pa.Table, rng: np.random.Generator) -> pa.Table:
    rows = []
    season = SEASON / SEASON.mean()
    for p, m, y, amount in zip(
        *(lump[c].to_pylist() for c in ("provider_id", "municipality_code", "year", "amount_eur"))
    ):
        pace = 1.0 / 0.96 * (1.12 if (m == OVERRUN_MUNICIPALITY and y == 2029) else rng.uniform(0.95, 1.01))
        for month in range(1, 13):
            if date(y, month, 1) > LAST_DAY:
                break
            value = amount / 12 * season[month - 1] * pace * rng.normal(1, 0.03)
            rows.append((p, m, date(y, month, 1), round(value, 2)))
            if rng.random() < 0.02:  # a correction on an earlier month
                rows.append((p, m, date(y, month, 1), round(-abs(value) * rng.uniform(0.01, 0.05), 2)))
    return _rows_table("spend", rows)


# Pace toward the targets from 2027 per theme of the delivered indicators (1: on the path);
# indicators without a theme move at pace 1. Per municipality it is multiplied by its area's.
THEME_PACE = {"A": 0.9, "B": 0.6, "C": 0.95, "D": 2.0}
# Where the delivered indicators stand in 2026: percentages, rates per 1,000 and scores.
THEME_BASE = {
    "schools_with_expert_pct": 35.0,
    "professionals_trained_pct": 30.0,
    "local_teams_with_specialist_pct": 25.0,
    "safety_trained_pct": 30.0,
    "youth_suspects_per_1000": 9.0,
    "complaints_per_1000_clients": 12.0,
    "client_satisfaction_score": 7.1,
    "feedback_used_score": 2.6,
}
SURVEYS = {"effect_satisfaction_pct", "client_satisfaction_score", "own_network_support_pct"}  # every two years
# When each plan was approved: on time, late, or not yet (a mix of milestone statuses).
MILESTONES_REACHED = {
    "plan_school_expertise_approved": date(2027, 11, 15),
    "plan_family_approach_approved": date(2027, 10, 1),
    "business_plan_residential_adopted": None,
    "plan_network_approach_approved": date(2028, 3, 10),
    "plan_forensic_expertise_approved": date(2027, 12, 1),
}


def _municipality_pace(code: str | None) -> float:
    """A municipality moves at its area's pace; Amsterdam (six areas) and the region at 1."""
    if code is None:
        return 1.0
    areas = GEO().municipalities[code].areas
    return AREA_PACE[areas[0]] if len(areas) == 1 else 1.0


# Where the sample's delivered figures drift from 2027 without a catalogue target to move
# toward: IJmond/Zuid-Kennemerland's framework sets none for care continuity (issue 28, item 9),
# and the sample keeps the rise it had when the catalogue still held 92 and 96 %.
SAMPLE_DRIFT = {"care_continuity_pct": {2028: 92.0, 2034: 96.0}}
# Delivered until issue 28, item 9, now computed from complaints.parquet: its random draws are
# still made and its rows dropped, so every later indicator's rows stay as they were.
NO_LONGER_DELIVERED = {"complaints_per_1000_clients"}


def _expected(ind, base: float, when: float, pace: float) -> float:
    """The value at `when` (a year with fraction): `base` until the end of 2026, then `pace`
    times the way along the target path (catalogue targets, relative ones to `base`)."""
    targets = SAMPLE_DRIFT.get(ind.id, ind.targets)
    if when <= BASELINE_YEAR or 2028 not in targets:
        return base

    def target(t):
        return base * (1 + float(t.rstrip("%")) / 100) if isinstance(t, str) else float(t)

    path = path_value(base, target(targets[2028]), target(targets[2034]), when)
    return base + pace * (path - base)


def _delivery_periods(ind) -> list[Period]:
    """Surveys every two years (complete years); everything else at each report moment."""
    if ind.id in SURVEYS:
        return [Period(y, "Y") for y in (2024, 2026, 2028)]
    return [p for y in range(2024, LAST_DAY.year + 1) for f in REPORTS if (p := Period(y, f)).end <= LAST_DAY]


def _when(period: Period) -> float:
    """The period's end as a year with fraction (2029-M8: 2029.67)."""
    return period.year - 1 + period.months[1] / 12


def theme_indicators_table(rng: np.random.Generator, scale: float) -> pa.Table:
    """Rows for every catalogue indicator that is not derived from the flows: flat up to 2026,
    then toward the targets at each theme's and municipality's pace."""
    written = []
    for ind in CATALOGUE().values():
        if ind.source != THEME_SOURCE and ind.id not in NO_LONGER_DELIVERED:
            continue
        rows = [] if ind.id in NO_LONGER_DELIVERED else written  # drawn, then dropped
        munis = GEO().municipalities_of(ind.regions[0])
        theme_pace = THEME_PACE.get(ind.theme, 1.0)
        if ind.kind == "milestone":
            reached = MILESTONES_REACHED[ind.id]
            for p in _delivery_periods(ind):
                done = reached is not None and reached <= p.end
                rows.append(
                    (ind.id, str(p), None, None, None, ind.theme, None, None, float(done), reached if done else None)
                )
            continue
        if "information" in ind.steering:
            for pid in providers_table()["provider_id"].to_pylist():
                for y in range(2024, 2030):
                    for form in ("M4", "M8", "M12"):
                        if Period(y, form).end >= LAST_DAY:
                            continue
                        if ind.id == "delivery_on_time_pct":
                            num, den = float(rng.random() < (0.7 + 0.04 * (y - 2024))), 1.0
                        else:
                            den = 40.0
                            num = float(min(40, rng.binomial(40, 0.9 + 0.015 * (y - 2024))))
                        rows.append((ind.id, f"{y}-{form}", None, None, pid, ind.theme, num, den, None, None))
            continue
        base = THEME_BASE.get(ind.id, 62.0)
        for p in _delivery_periods(ind):
            when = _when(p)
            if ind.kind == "score":
                value = round(_expected(ind, base, when, theme_pace) + rng.normal(0, 0.03), 2)
                rows.append((ind.id, str(p), None, None, None, ind.theme, None, None, value, None))
            elif ind.kind == "change_vs_baseline":  # by definition 0 in 2026
                value = 0.0 if p.year == BASELINE_YEAR else _expected(ind, 0.0, when, theme_pace)
                value = round(value + (rng.normal(0, 0.5) if p.year != BASELINE_YEAR else 0), 1)
                rows.append((ind.id, str(p), None, None, None, ind.theme, None, None, value, None))
            else:
                for m in munis:
                    pace = theme_pace * _municipality_pace(m)
                    if ind.kind == "rate_per_1000":  # events in the period's months per 1,000
                        suspects = "suspects" in ind.id
                        den = float(round((POPULATION_2024.get(m, 150_000) if suspects else CLIENTS_2024[m]) * scale))
                        rate = _expected(ind, base, when, pace) * p.months_to_end / 12
                        num = float(rng.poisson(max(rate * den / 1000, 0.1)))
                    else:
                        den = float(max(10, round(CLIENTS_2024[m] * scale * 0.3)))
                        share = min(0.98, _expected(ind, base, when, pace) / 100)
                        num = float(rng.binomial(int(den), share))
                    rows.append((ind.id, str(p), m, None, None, ind.theme, num, den, None, None))
    return _rows_table("theme_indicators", written)


AGREEMENT_YEARS = (2027, 2028, 2029)
EARLY_TERMINATION_AGREED = (12.0, 15.0, 18.0)


def agreements_table(out: Path, lump: pa.Table, rng: np.random.Generator) -> pa.Table:
    """Per provider and year what was agreed (issue 14), set from the year before's realisation:
    young people helped and residential places (a little above or below), an early-termination
    percentage, and the provider's lump sum, in total and split over themes by its trajectories."""
    con = duckdb.connect()
    flows = str(out / TABLES["client_flows"].file)
    residential = ", ".join(f"'{f}'" for f in RESIDENTIAL_CARE_FORMS)
    active = f"""
        from read_parquet('{flows}') as f, range({AGREEMENT_YEARS[0] - 1}, {AGREEMENT_YEARS[-1]}) as r(y)
        where f.start_date <= make_date(y, 12, 31) and (f.end_date is null or f.end_date >= make_date(y, 1, 1))
    """
    realised = {
        (p, y + 1): (n, days / ((date(y, 12, 31) - date(y, 1, 1)).days + 1))
        for p, y, n, days in con.sql(f"""
            select provider_id, y, count(distinct client_id),
                coalesce(sum(case when care_form in ({residential}) then
                    date_diff('day', greatest(start_date, make_date(y, 1, 1)),
                        least(coalesce(end_date, make_date(y, 12, 31)), make_date(y, 12, 31))) + 1 end), 0)
            {active} group by all order by all
        """).fetchall()
    }
    themes: dict = {}
    for p, y, theme, n in con.sql(
        f"select provider_id, y, theme, count(*) {active} and theme is not null group by all order by all"
    ).fetchall():
        themes.setdefault((p, y + 1), {})[theme] = n
    con.close()
    lumps: dict = {}
    for p, y, amount in zip(*(lump[c].to_pylist() for c in ("provider_id", "year", "amount_eur"))):
        lumps[(p, y)] = lumps.get((p, y), 0.0) + amount
    rows = []
    for (p, y), (clients, places) in sorted(realised.items()):
        rows.append((p, y, None, None, "young_people_in_care", float(round(clients * rng.uniform(0.95, 1.08)))))
        if places >= 1:
            rows.append((p, y, None, None, "residential_places", float(round(places * rng.uniform(0.92, 1.08)))))
        rows.append((p, y, None, None, "early_termination_pct", float(rng.choice(EARLY_TERMINATION_AGREED))))
        total = lumps.get((p, y))
        if total:
            rows.append((p, y, None, None, "lump_sum_eur", round(total, 2)))
            counts = themes.get((p, y), {})
            for theme, n in sorted(counts.items()):
                rows.append((p, y, None, theme, "lump_sum_eur", round(total * n / sum(counts.values()), 2)))
    return _rows_table("agreements", rows)


COMPLAINTS_PER_1000 = 12.0  # complaints a year per 1,000 trajectories (catalogue: complaints_per_1000_clients)
COMPLAINT_OUTCOME_SHARE = np.array([0.25, 0.2, 0.3, 0.15, 0.1])  # order of COMPLAINT_OUTCOMES
HANDLING_MEDIAN_DAYS = 30.0  # the Wkkgz term is six weeks; most are handled within it


def complaints_table(shares: dict[str, dict[str, int]], rng: np.random.Generator) -> pa.Table:
    """Complaints per provider and municipality (issue 14, item 5), pseudonymised: a number a month
    in proportion to the provider's trajectories there; handled after a few weeks (open when that
    falls after the extract's last day), with an outcome."""
    rows = []
    for m in sorted(shares):
        areas = GEO().municipalities[m].areas
        themes = GEO().regions[GEO().municipalities[m].region].has_themes
        for p in sorted(shares[m]):
            per_month = COMPLAINTS_PER_1000 * shares[m][p] / 1000 / 12 / 2  # trajectories over about two years
            for y in range(FIRST_DAY.year, LAST_DAY.year + 1):
                for month in range(1, 13):
                    first = date(y, month, 1)
                    if first > LAST_DAY:
                        break
                    for _ in range(rng.poisson(per_month)):
                        received = first + timedelta(days=int(rng.integers(0, 28)))
                        handled = received + timedelta(days=int(rng.lognormal(np.log(HANDLING_MEDIAN_DAYS), 0.5)))
                        outcome = COMPLAINT_OUTCOMES[
                            int((rng.random() > np.cumsum(COMPLAINT_OUTCOME_SHARE)).sum().clip(0, 4))
                        ]
                        area = areas[0] if len(areas) == 1 else str(rng.choice(areas))
                        theme = str(rng.choice(["A", "B", "C", "D"])) if themes else None
                        is_open = handled > LAST_DAY
                        rows.append(
                            [
                                p,
                                m,
                                area,
                                theme,
                                received,
                                None if is_open else handled,
                                None if is_open else outcome,
                            ]
                        )
    rows.sort(key=lambda r: (r[4], r[1], r[0]))
    return _rows_table("complaints", [(f"K{i + 1:06d}", *r) for i, r in enumerate(rows)])


def _rows_table(name: str, rows: list[tuple]) -> pa.Table:
    spec = TABLES[name]
    columns = list(zip(*rows)) if rows else [[] for _ in spec.columns]
    return pa.table({c.name: pa.array(list(v), ARROW_TYPES[c.kind]) for c, v in zip(spec.columns, columns)})


def generate(out: Path | str, seed: int = 42, scale: float = 1.0, progress: Progress | None = None) -> Path:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    progress = progress or Progress()
    shares = write_client_flows(out, seed, scale, progress)
    rng = np.random.default_rng([seed, 10_000])
    lump = lump_sums_table(shares)
    tables = {
        "providers": providers_table(),
        "population": population_table(scale),
        "budgets": budgets_table(),
        "lump_sums": lump,
        "spend": spend_table(lump, rng),
        "theme_indicators": theme_indicators_table(rng, scale),
        # Its own random stream: the tables above stay as they were before agreements came.
        "agreements": agreements_table(out, lump, np.random.default_rng([seed, 20_000])),
        "complaints": complaints_table(shares, np.random.default_rng([seed, 30_000])),
    }
    for name, table in tables.items():
        pq.write_table(table, out / TABLES[name].file, **WRITE_OPTIONS)
        progress.report(f"{TABLES[name].file}: {table.num_rows:,} rows")
    if out.resolve() == store.SAMPLE.resolve():  # the bundled sample is known by these (store.py)
        progress.report(f"checksums: {store.write_sample_checksums(out).name}")
    return out
