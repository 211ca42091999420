"""The small-count rule reaches everything derived from a count of people: the figure, its
2026 baseline, a target stated relative to that baseline, the target path and the distance.
Swept over every indicator, period and grouping of the sample, as `figures` prints them."""

import json
import subprocess
import sys

import pytest

from jeugdhulpmonitor import REPO_ROOT
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import GROUP_COLUMNS, Engine, Figure, Selection
from jeugdhulpmonitor.formatting import derived_text, figure_text
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import BASELINE_YEAR, all_periods
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.suppression import SUPPRESSED_MARK, SUPPRESSED_TEXT, is_suppressed
from jeugdhulpmonitor.views.common import figures_table

IDS = list(CATALOGUE())
GROUPINGS = (None, *GROUP_COLUMNS)


def hidden(fig: Figure) -> bool:
    """The rule of suppression.py, applied to an unsuppressed figure."""
    ind = CATALOGUE()[fig.indicator]
    return ind.about_people and is_suppressed(ind.kind, fig.value, fig.numerator, fig.denominator, fig.basis)


def relative(target) -> bool:
    return isinstance(target, str)


@pytest.fixture(scope="module")
def engine(sample_published):
    return Engine(Runner(sample_published))


def test_no_value_derived_from_a_small_count_is_printed(engine):
    checked = {"value": 0, "baseline": 0}
    for region in GEO().regions:
        selection = Selection(region=region)
        raw, shown = {}, {}  # unsuppressed and shown figures per (period, grouping, indicator, group)
        for period in all_periods(BASELINE_YEAR - 1, engine.last_date):
            for by in GROUPINGS:
                for fig in engine.unprotected().compute(IDS, period, selection, by=by):
                    raw[(str(period), by, fig.indicator, fig.group_key)] = fig
                for fig in engine.compute(IDS, period, selection, by=by):
                    shown[(str(period), by, fig.indicator, fig.group_key)] = fig
        for (period, by, indicator, key), truth in raw.items():
            ind = CATALOGUE()[indicator]
            base = raw.get((str(BASELINE_YEAR) + period[4:], by, indicator, key))
            if not (hidden(truth) or (base is not None and hidden(base) and ind.baseline.rule == "same_span_2026")):
                continue
            row = shown[(period, by, indicator, key)].contract_row()
            where = f"{indicator} {period} {region} by={by} {key}"
            if hidden(truth):
                checked["value"] += 1
                assert row["suppressed"] and row["value"] is None, where
                assert row["numerator"] is None and row["denominator"] is None, where
                assert row["distance"] is None, where
            if base is not None and hidden(base) and ind.baseline.rule == "same_span_2026":
                checked["baseline"] += 1
                assert row["baseline"] is None and row["baseline_suppressed"], where
                assert row["target_path"] is None and row["distance"] is None, where
                for year in (2028, 2034):
                    if relative(ind.targets.get(year)):
                        assert row[f"target_{year}"] is None, where
    # The sample holds both kinds of small cells, so the sweep tested something.
    assert checked["value"] > 100 and checked["baseline"] > 100, checked


def test_the_figures_command_hides_a_small_baseline(engine, sample_published):
    small = next(
        f
        for by in ("municipality", "area", "provider")
        for f in engine.compute(IDS, "2027-M4", Selection(region="amsterdam-amstelland"), by=by)
        if f.baseline_suppressed and f.municipality_code
    )
    args = ["--indicator", small.indicator, "--period", "2027-M4", "--municipality", small.municipality_code]
    command = [sys.executable, "-m", "jeugdhulpmonitor", "figures", "--data-dir", str(sample_published), *args]
    shown = json.loads(subprocess.run(command, capture_output=True, check=True, cwd=REPO_ROOT).stdout)
    assert shown[0]["baseline"] is None and shown[0]["baseline_suppressed"] is True
    unsuppressed = subprocess.run([*command, "--unsuppressed"], capture_output=True, check=True, cwd=REPO_ROOT)
    assert json.loads(unsuppressed.stdout)[0]["baseline"] is not None


def test_screen_and_downloads_show_a_hidden_baseline_as_suppressed(engine):
    figs = engine.compute(IDS, "2027-M4", Selection(region="amsterdam-amstelland"), by="municipality")
    small = [f for f in figs if f.baseline_suppressed]
    assert small
    for fig in small:
        fmt = CATALOGUE()[fig.indicator].format
        mark = SUPPRESSED_TEXT if CATALOGUE()[fig.indicator].kind == "count" else SUPPRESSED_MARK
        assert derived_text(fig, fig.baseline, fmt) == mark
        shown = figures_table([fig], "Gemeente", "t").shown()
        assert shown.loc[0, "Nulmeting 2026"] == mark


def test_a_hidden_value_that_is_not_a_count_never_reads_as_one(engine):
    """ "<10" on a median of 42 days or a percentage would read as a value; they show "x"."""
    figs = engine.compute(IDS, "2027-M4", Selection(region="amsterdam-amstelland"), by="provider")
    hidden_kinds = {CATALOGUE()[f.indicator].kind for f in figs if f.suppressed}
    assert hidden_kinds - {"count"}, "the sample hides some non-counts"
    for fig in (f for f in figs if f.suppressed):
        text = figure_text(fig, CATALOGUE()[fig.indicator].format)
        assert text == (SUPPRESSED_TEXT if CATALOGUE()[fig.indicator].kind == "count" else SUPPRESSED_MARK)
    # A count turned into a rate per 1,000 is a rate: its mark is "x" too.
    rate = Figure("young_people_in_care", "2027", suppressed=True, per_1000=True)
    assert figure_text(rate, "0,0") == SUPPRESSED_MARK
    assert figure_text(Figure("young_people_in_care", "2027", suppressed=True), "0") == SUPPRESSED_TEXT


def test_a_ratio_is_rounded_as_babel_shows_it_also_on_its_fast_path():
    """suppression.rounded rounds half to even on the decimal value the screen shows (repr), as
    babel does; away from a tie it takes Python's round, which must agree: checked on random
    values and on every tie of one, two and three decimals in a range."""
    import random
    from decimal import ROUND_HALF_EVEN, Decimal

    from jeugdhulpmonitor.suppression import rounded

    def shown(v, decimals):
        return float(Decimal(repr(float(v))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN))

    rng = random.Random(27)
    values = [rng.uniform(-1e4, 1e4) for _ in range(20_000)] + [k / 2000 for k in range(-20_000, 20_000)]
    values += [1000 * n / d for n in range(0, 120) for d in range(1, 120)]  # rates of small counts
    wrong = [(v, d) for v in values for d in (0, 1, 2) if rounded(v, d) != shown(v, d)]
    assert wrong == []
    assert rounded(0.25, 1) == 0.2 and rounded(0.35, 1) == 0.4 and rounded(2.675, 2) == 2.68  # ties, as shown
