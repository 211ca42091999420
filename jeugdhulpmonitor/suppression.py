"""The protection of small counts, in one place: the engine applies it to every figure and
breakdowns.py to every table before any view, download, document or command sees them.

Primary: a count of 1-9 is not shown, nor a ratio whose numerator is 1-9 or whose denominator
is below 10 (the threshold is `min_count` in config/privacy.yaml). Figures that are not counts
of people (days, medians, scores) are judged by the number of people or trajectories they rest
on (`basis`). Amounts of money and milestones are not personal.

Cell key method (`perturb`): every shown count of at least `min_count` moves by a small whole
number that follows from the count and its cell key, the sum (modulo 2**32) of the record keys
of the people or trajectories in it. A young person's record key is a keyed hash of their
pseudonymised id, fixed when the data is loaded (`record_key_sql`), so the same people give the
same cell key, and the same value, in every view, period form, filter and download, while a
count worked out by subtracting shown counts carries the noise of every count it used
(docs/privacy.md).
"""

from __future__ import annotations

import hashlib
import math
import os
import secrets
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from jeugdhulpmonitor import CONFIG_DIR, REPO_ROOT


def _setting(name: str, least: int, why: str) -> int:
    value = yaml.safe_load((CONFIG_DIR / "privacy.yaml").read_text(encoding="utf-8"))[name]
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise ValueError(f"config/privacy.yaml: {name} must be a whole number of at least {least} ({why}): {value!r}")
    return value


MIN_COUNT = _setting("min_count", 3, '"<2" would say "exactly 1"')
MAX_NOISE = _setting("max_noise", 1, "without noise a difference of shown counts is exact")
KEY_MODULUS = 2**32  # record and cell keys are whole numbers below this
SUPPRESSED_TEXT = f"<{MIN_COUNT}"  # a hidden count of people
# Any other hidden value (a percentage, rate, median, number of days): "<10" on a median of 42
# days would read as "fewer than 10 days", so these get CBS's mark for a confidential cell.
SUPPRESSED_MARK = "x"
# A cell hidden only so that another hidden cell cannot be worked out: its value may be large,
# so "<10" would be false; it gets the confidential mark too, explained by its own sentence.
SUPPRESSED_EXPLANATION = (
    f"Aantallen van 1 tot en met {MIN_COUNT - 1} en verhoudingen met een teller van 1 tot en met "
    f"{MIN_COUNT - 1} of een noemer onder {MIN_COUNT} worden niet getoond, zodat geen individuele "
    f'jeugdige herkenbaar is: een aantal als "{SUPPRESSED_TEXT}", een percentage, verhouding, mediaan '
    'of aantal dagen als "x".'
)
PERTURBED_EXPLANATION = (
    f"Aantallen jeugdigen vanaf {MIN_COUNT} kunnen enkele eenheden (ten hoogste {MAX_NOISE}) afwijken "
    "om herleidbaarheid te voorkomen: zo is een verborgen klein aantal niet terug te rekenen door "
    "getoonde aantallen van elkaar af te trekken. Dezelfde groep jeugdigen krijgt overal hetzelfde "
    "aantal; percentages en cijfers per 1.000 rusten op die aantallen."
)


def suppressed_text(is_count: bool) -> str:
    """How a hidden value shows: "<10" for a small count of people, "x" for anything else."""
    return SUPPRESSED_TEXT if is_count else SUPPRESSED_MARK


def _small(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and 0 < x < MIN_COUNT


def _below(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and x < MIN_COUNT


def is_suppressed(kind: str, value, numerator, denominator, basis) -> bool:
    if kind in ("amount", "milestone"):
        return False
    if kind == "count":
        return _small(value)
    if kind == "change_vs_baseline":  # a shown change (and its numerator, denominator) gives both back
        return _small(numerator) or _small(denominator) or _small(basis)
    if kind in ("percentage", "rate_per_1000") and denominator is not None and not _isnan(denominator):
        return _small(numerator) or _below(denominator)
    return _small(basis)


def _isnan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)


def protect_counts(frame, columns):
    """A copy of a table of counts as anyone may see it: every count of 1-9 replaced by null
    (shown as "<10"), every other count moved by the noise of its cell key (the column
    "<count>_key", which the copy no longer holds)."""
    shown = {}
    for column in columns:  # `noise`, a column at a time (a page protects thousands of cells)
        keys = frame[f"{column}_key"].fillna(0).to_numpy(dtype="int64") % KEY_MODULUS
        n = frame[column].to_numpy(dtype="int64")
        reach = np.clip(n - MIN_COUNT, 0, MAX_NOISE)
        moved = np.where(n >= MIN_COUNT, n + keys * (2 * reach + 1) // KEY_MODULUS - reach, n)
        shown[column] = pd.arrays.IntegerArray(moved, (moved >= 1) & (moved < MIN_COUNT))
    return frame.drop(columns=[f"{c}_key" for c in columns]).assign(**shown)


# --- the cell key method -------------------------------------------------------------------
SECRET_ENV = "JHM_CELL_KEY_SECRET"
SECRET_FILE_ENV = "JHM_CELL_KEY_FILE"


@cache
def record_key_secret() -> str:
    """The installation's secret behind the record keys: $JHM_CELL_KEY_SECRET, else the file
    $JHM_CELL_KEY_FILE (default .cache/cell_key.secret), made once with a random secret. Without
    it nobody can compute a young person's record key from their pseudonymised id."""
    value = os.environ.get(SECRET_ENV, "").strip()
    if value:
        return value
    path = Path(os.environ.get(SECRET_FILE_ENV) or REPO_ROOT / ".cache" / "cell_key.secret")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        made = path.with_name(f".{path.name}.{os.getpid()}")
        made.write_text(secrets.token_hex(32), encoding="utf-8")
        made.chmod(0o600)
        try:
            os.link(made, path)  # atomic: a second process that raced us keeps the first secret
        except FileExistsError:
            pass
        finally:
            made.unlink()
    return path.read_text(encoding="utf-8").strip()


def secret_digest() -> str:
    """A short digest of the secret: published keys are only valid for the secret they were made with."""
    return hashlib.sha256(record_key_secret().encode()).hexdigest()[:12]


def record_key_sql(id_column: str) -> str:
    """A row's record key as SQL (the secret a bound parameter; the column from runner.KEYED_TABLES,
    never from outside): the top 32 bits of the MD5 of secret and pseudonymised id (MD5 for its
    stability across DuckDB releases, not for secrecy, which the secret gives)."""
    return f"(md5_number_lower(? || {id_column}) >> 32)::bigint"


def noise(count: int, cell_key: int | None) -> int:
    """The perturbation of a count with its cell key: uniform over -MAX_NOISE..MAX_NOISE, narrowed
    just above the threshold so that no shown count falls below it (a shown 10 is 10 to 14 in
    truth; a count of 1-9 is never shown, so it gets none)."""
    if cell_key is None or count < MIN_COUNT:
        return 0
    reach = min(MAX_NOISE, count - MIN_COUNT)
    return int(cell_key) % KEY_MODULUS * (2 * reach + 1) // KEY_MODULUS - reach


def perturb(count, cell_key):
    """The count as shown: the true count plus its noise (None and 0 stay)."""
    if count is None or (isinstance(count, float) and math.isnan(count)):
        return count
    return count + noise(round(count), cell_key)


@cache  # a page asks the same delivered cells again for baselines and trends
def identity_key(*parts) -> int:
    """A cell key for a figure delivered as an aggregate (no people to take keys from): from the
    cell's identity and the secret, so the same delivered cell gets the same noise everywhere."""
    text = "|".join("" if p is None else str(p) for p in (record_key_secret(), *parts))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def rounded(value, decimals: int):
    """A ratio rounded as the screen shows it (half to even, as babel formats): no download holds
    more precision than the screen, from which a rate times the population would give the count."""
    if value is None:
        return None
    value = float(value)
    scaled = value * 10**decimals
    if abs(scaled - math.floor(scaled) - 0.5) > 1e-9 * max(1.0, abs(scaled)):
        return round(value, decimals)  # not near a tie: the same as below, in a fraction of the time
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN))
