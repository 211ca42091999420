"""The deterministic sample extract: both regions, January 2024 to August 2029.

At scale 1 it reproduces the seed figures exactly: the number of distinct young people with a
trajectory active in 2024 per municipality of Amsterdam-Amstelland, and the AJH budgets of
2028-2033. The rest is plausible and internally consistent (DOMAIN.md), never read back by a
test as if it were truth: the engine's tests use hand-computed fixtures.

How the 2024 counts come out exact: every municipality gets a cohort of exactly N clients whose
first trajectory there is active in 2024; later trajectories either stay in that municipality
or, for movers, start in another municipality no earlier than 2025; clients who are new after
2024 start no earlier than 2025. Nothing else can add a client to a municipality's 2024 count.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from jeugdhulpmonitor.catalogue import CATALOGUE, THEME_SOURCE
from jeugdhulpmonitor.contract import ARROW_TYPES, CARE_FORMS, END_REASONS, REFERRERS, RESIDENTIAL_CARE_FORMS, TABLES
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import Period

FIRST_DAY = date(2024, 1, 1)
LAST_DAY = date(2029, 8, 31)
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
# Areas where residential care falls after 2028 (the others stay flat), so targets have
# something to show.
FALLING_RESIDENTIAL_AREAS = {"noord", "nieuw-west", "duo", "amstelveen-aalsmeer", "ijmond"}
OVERRUN_MUNICIPALITY = "GM0451"  # Uithoorn heads for an overrun in 2029

CARE_FORM_SHARE = np.array([0.83, 0.045, 0.02, 0.007, 0.035, 0.03, 0.04])  # order of CARE_FORMS
MEDIAN_DAYS = np.array([240, 700, 500, 150, 300, 150, 365])
RESIDENTIAL = np.array([f in RESIDENTIAL_CARE_FORMS for f in CARE_FORMS])
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
BLOCK_CLIENTS = 40_000  # clients per generated block: bounds memory at any scale


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


class _Block:
    """Generates the trajectories of one block of clients of one municipality."""

    def __init__(self, rng, seed, municipality, cohort, newcomers, client_offset):
        self.rng, self.seed = rng, seed
        self.mun = GEO().municipalities[municipality]
        self.region = self.mun.region
        self.cohort, self.newcomers = cohort, newcomers
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
        years = (start - _days(date(2028, 1, 1))) / 365.25
        falling = np.isin(areas, list(FALLING_RESIDENTIAL_AREAS))
        resid_factor = np.where(falling & (years > 0), np.exp(-0.16 * np.clip(years, 0, None)), 1.0)
        resid_factor *= np.where(years < 0, 1.0 + 0.02 * np.clip(-years, 0, 4), 1.0)
        p = np.tile(CARE_FORM_SHARE, (n, 1))
        p[:, RESIDENTIAL] *= resid_factor[:, None]
        if after is not None:  # a follow-up: residential often follows residential (doorplaatsing)
            was_res = RESIDENTIAL[after]
            p[np.ix_(was_res, RESIDENTIAL)] *= 4
        p /= p.sum(axis=1, keepdims=True)
        u = self.rng.random(n)[:, None]
        return (u > np.cumsum(p, axis=1)).sum(axis=1).clip(0, len(CARE_FORMS) - 1)

    def _durations(self, forms: np.ndarray) -> np.ndarray:
        return np.maximum(1, self.rng.lognormal(np.log(MEDIAN_DAYS[forms]), 0.7)).astype(int)

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
        age = 2024 - birth + (start - _days(FIRST_DAY)) / 365.25
        forms = np.where((age >= 18) & ~RESIDENTIAL[forms], CARE_FORMS.index("verlengde_jeugdhulp"), forms)
        residential = RESIDENTIAL[forms]
        imminent = np.where(residential, rng.random(n) < 0.6, rng.random(n) < 0.12)
        year_frac = (start - _days(FIRST_DAY)) / 365.25 / 5.7
        intensive = np.where(
            imminent & ~residential, rng.random(n) < 0.35 + 0.3 * np.clip(year_frac, 0, 1), rng.random(n) < 0.10
        )
        ref = (rng.random(n)[:, None] > np.cumsum(REFERRER_SHARE)).sum(axis=1).clip(0, len(REFERRERS) - 1)
        ref = np.where(
            forms == CARE_FORMS.index("gesloten"),
            np.where(rng.random(n) < 0.6, REFERRERS.index("rechter"), REFERRERS.index("gecertificeerde_instelling")),
            ref,
        )
        referrer = np.array(REFERRERS, dtype=object)[ref]
        referrer[rng.random(n) < 0.03] = None
        wait_median = np.where(residential, 50.0, 35.0)
        improving = np.isin(area, list(FALLING_RESIDENTIAL_AREAS)) & (start > _days(date(2028, 1, 1)))
        wait_median = np.where(improving, wait_median * 0.75, wait_median)
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

    def build(self) -> dict:
        rng = self.rng
        n_cohort, n_new = self.cohort, self.newcomers
        n = n_cohort + n_new
        clients = _client_ids(self.seed, self.client_offset, n)
        birth = rng.integers(2006, 2024, size=n)
        adult_soon = rng.random(n) < 0.05  # turn 18 during the extract: verlengde jeugdhulp
        birth[adult_soon] = rng.integers(2003, 2006, size=int(adult_soon.sum()))
        home_muni = np.full(n, self.mun.code, dtype=object)
        area = self._areas(self.mun.code, n)

        # First trajectories. Cohort: active in 2024 (45% started earlier, still running on
        # 1 January). Newcomers: start from 2025 to the end of the extract.
        first, last = _days(FIRST_DAY), _days(LAST_DAY)
        early = rng.random(n_cohort) < 0.45
        start_c = np.where(
            early,
            rng.integers(_days(date(2021, 6, 1)), first, n_cohort),
            rng.integers(first, _days(date(2025, 1, 1)), n_cohort),
        )
        start_n = rng.integers(_days(date(2025, 1, 1)), last + 1, n_new)
        born = (birth - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(int)
        start = np.maximum(np.concatenate([start_c, start_n]), born)
        forms = self._care_forms(start, area, None)
        dur = self._durations(forms)
        end = start + dur - 1
        # A cohort trajectory that started earlier must still run on 1 January 2024.
        early_all = np.concatenate([early, np.zeros(n_new, bool)])
        end = np.where(early_all, np.maximum(end, first + dur // 3), end)

        parts = [self._trajectories(clients, birth, home_muni, area, start, forms, end)]

        # Follow-up trajectories: a next step after the previous one ended, sometimes the next
        # day (residential after residential), sometimes in another municipality (movers).
        idx = np.arange(n)
        prev_end, prev_form, muni, cur_area = end, forms, home_muni, area
        for _round in range(3):
            go = (rng.random(len(idx)) < 0.33) & (prev_end < last)
            idx, prev_end, prev_form, muni, cur_area = idx[go], prev_end[go], prev_form[go], muni[go], cur_area[go]
            if not len(idx):
                break
            gap = np.where(rng.random(len(idx)) < 0.25, 1, rng.integers(2, 240, len(idx)))
            nstart = prev_end + gap
            keep = nstart <= last
            idx, nstart, prev_form, muni, cur_area = (
                idx[keep],
                nstart[keep],
                prev_form[keep],
                muni[keep],
                cur_area[keep],
            )
            moves = (rng.random(len(idx)) < 0.04) & (nstart >= _days(date(2025, 1, 1)))
            if moves.any():
                others = [m for m in self.region_munis]
                w = np.array([CLIENTS_2024[m] for m in others], float)
                dest = rng.choice(np.array(others, dtype=object), size=int(moves.sum()), p=w / w.sum())
                muni = muni.copy()
                cur_area = cur_area.copy()
                muni[moves] = dest
                cur_area[moves] = [self._areas(m, 1)[0] for m in dest]
            nforms = self._care_forms(nstart, cur_area, prev_form)
            nend = nstart + self._durations(nforms) - 1
            part = self._trajectories(clients[idx], birth[idx], muni, cur_area, nstart, nforms, nend)
            parts.append(part)
            prev_end, prev_form = nend, nforms

        # Parallel help: an ambulant trajectory next to a running one (same municipality).
        base = parts[0]
        par = np.flatnonzero(rng.random(n) < 0.07)
        pstart = start[par] + (dur[par] * rng.random(len(par)) / 2).astype(int)
        keep = pstart <= last
        par, pstart = par[keep], pstart[keep]
        pforms = np.zeros(len(par), dtype=int)
        pend = pstart + self._durations(pforms) - 1
        parts.append(
            self._trajectories(
                clients[par], birth[par], base["municipality_code"][par], base["area_code"][par], pstart, pforms, pend
            )
        )
        return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


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
        newcomers = round(n2024 * scale * 0.42 * 4.67)  # about half a year's count each year, 2025 to Aug 2029
        n_blocks = max(1, -(-(cohort + newcomers) // BLOCK_CLIENTS))
        for b in range(n_blocks):
            c = cohort * (b + 1) // n_blocks - cohort * b // n_blocks
            w = newcomers * (b + 1) // n_blocks - newcomers * b // n_blocks
            rng = np.random.default_rng([seed, block])
            cols = _Block(rng, seed, code, c, w, client_offset).build()
            table = _to_table(cols, traj_offset)
            if writer is None:
                writer = pq.ParquetWriter(out / "client_flows.parquet", table.schema, **WRITE_OPTIONS)
            writer.write_table(table, row_group_size=ROW_GROUP)
            for m, p in zip(cols["municipality_code"], cols["provider_id"]):
                shares.setdefault(m, {}).setdefault(p, 0)
                shares[m][p] += 1
            client_offset += c + w
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


def budgets_table() -> pa.Table:
    rows = [(m, y, _budget(m, y)) for m in BUDGET_K for y in range(2024, 2034)]
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


def theme_indicators_table(rng: np.random.Generator, scale: float) -> pa.Table:
    """Rows for every catalogue indicator that is not derived from the flows."""
    rows = []
    years = range(2024, 2029)  # yearly deliveries exist for complete years only
    for ind in CATALOGUE().values():
        if ind.source != THEME_SOURCE:
            continue
        region = ind.regions[0]
        munis = GEO().municipalities_of(region)
        improving = {"higher_is_better": 1, "lower_is_better": -1}.get(ind.direction, 0)
        if ind.kind == "milestone":
            due = ind.status.due
            reached = {0: date(due.year - 1, 11, 15), 1: date(due.year, 3, 10), 2: None}[len(rows) % 3]
            for y in range(2026, 2030):
                done = reached is not None and reached.year <= y
                rows.append(
                    (
                        ind.id,
                        str(y),
                        None,
                        None,
                        None,
                        ind.theme,
                        None,
                        None,
                        1.0 if done else 0.0,
                        reached if done else None,
                    )
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
        survey = ind.id in ("effect_satisfaction_pct", "client_satisfaction_score", "own_network_support_pct")
        for y in (2024, 2026, 2028) if survey else years:
            drift = improving * max(0, y - 2026)
            if ind.kind == "score":
                base = 7.1 if ind.id == "client_satisfaction_score" else 2.6
                value = round(base + 0.15 * drift + rng.normal(0, 0.05), 2)
                rows.append((ind.id, str(y), None, None, None, ind.theme, None, None, value, None))
            elif ind.kind == "change_vs_baseline":
                value = {2024: 6.0, 2025: 3.0, 2026: 0.0, 2027: -5.0, 2028: -11.0}[y]
                rows.append((ind.id, str(y), None, None, None, ind.theme, None, None, value, None))
            else:
                for m in munis:
                    if ind.kind == "rate_per_1000":
                        den = float(
                            round(POPULATION_2024.get(m, 150_000) * scale)
                            if "suspects" in ind.id
                            else round(CLIENTS_2024[m] * scale)
                        )
                        rate = (9.0 if "suspects" in ind.id else 12.0) * (1 + 0.04 * drift)
                        num = float(rng.poisson(max(rate * den / 1000, 0.1)))
                    else:
                        den = float(max(10, round(CLIENTS_2024[m] * scale * 0.3)))
                        share = {
                            "schools_with_expert_pct": 0.35,
                            "professionals_trained_pct": 0.3,
                            "local_teams_with_specialist_pct": 0.25,
                            "safety_trained_pct": 0.3,
                        }.get(ind.id, 0.62)
                        share = min(0.98, share * (1 + 0.03 * drift * (1 if m != "GM0363" else 0.5)))
                        num = float(rng.binomial(int(den), share))
                    rows.append((ind.id, str(y), m, None, None, ind.theme, num, den, None, None))
    return _rows_table("theme_indicators", rows)


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
    }
    for name, table in tables.items():
        pq.write_table(table, out / TABLES[name].file, **WRITE_OPTIONS)
        progress.report(f"{TABLES[name].file}: {table.num_rows:,} rows")
    return out
