"""Signals (issue 29, item 3): what the year-end projection and the dialogue log say needs
attention, on Overzicht and in the council report. Every expected value is read from
backtest.year_end / agreements_year_end on the sample, never written down here."""

import pytest

from jeugdhulpmonitor import backtest, dialogue_log
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import Notice, PageView, Text
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.views import signals
from jeugdhulpmonitor.views.council import raadsrapportage
from jeugdhulpmonitor.views.meetings import LATE, action_status, meeting_day
from jeugdhulpmonitor.views.overzicht import overzicht

REGION = Selection(region="amsterdam-amstelland")
IJMOND = Selection(region="ijmond-zuid-kennemerland")


def _all(model) -> str:
    """Every signal sentence of a model: the short list and the folded table."""
    texts = [
        b.text for s in model.sections if s.key in ("signals", "signals-all") for b in s.blocks if isinstance(b, Text)
    ]
    tables = [t for t in model.blocks() if getattr(t, "key", None) == "signals-table"]
    return "\n".join(texts + [str(v) for t in tables for v in t.frame["Signaal"]])


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (110, 120, signals.CERTAIN),  # the whole interval above a limit of 100: 110 and 120 both over
        (95, 120, signals.LIKELY),  # the projection (115) over, the interval's low end (95) not
    ],
)
def test_certainty_follows_the_interval_against_the_limit(low, high, expected):
    assert signals.certainty(115, low, high, 100, above_is_wrong=True) == expected
    # Mirrored: a number that must not fall short of 100, projected at 85.
    assert signals.certainty(85, 200 - high, 200 - low, 100, above_is_wrong=False) == expected


def test_no_signal_where_the_projection_is_on_the_right_side():
    assert signals.certainty(95, 90, 105, 100, above_is_wrong=True) is None
    assert signals.certainty(105, 95, 110, 100, above_is_wrong=False) is None


@pytest.mark.parametrize("sel", [REGION, IJMOND])
def test_each_municipality_projected_above_its_budget_is_a_signal(sample_engine, sel):
    period = Period.parse("2029-M8")
    budgets = {f.group_key: f.value for f in sample_engine.compute("budget_eur", period, sel, "municipality")}
    over = [
        y
        for y in backtest.year_end(sample_engine, "spend_eur", period, sel, "municipality")
        if y.value is not None and budgets.get(y.group_key) and y.value > budgets[y.group_key]
    ]
    shown = _all(overzicht(sample_engine, PageView.make(sel, period)))
    found = [s for s in signals.signals(sample_engine, sel, period) if s.kind == "budget"]
    assert len([s for s in found if "de regio" not in s.sentence]) == len(over)
    for y in over:
        name = GEO().name(y.group_key)
        sentence = next(s for s in found if f"de uitgaven van {name} " in s.sentence)
        assert sentence.sentence in shown
        whole = y.low > budgets[y.group_key]
        assert sentence.certainty == (signals.CERTAIN if whole else signals.LIKELY)


def test_an_indicator_projected_off_course_says_value_interval_and_target(sample_engine):
    """A case off course, found by the backtest functions at 2028-M8 or 2029-M8 for the region
    or one of its municipalities; its sentence holds the projected value and target as shown."""
    geo = GEO()
    cases = [
        (sel, period, y)
        for period in ("2028-M8", "2029-M8")
        for sel in [REGION] + [Selection(REGION.region, (m,)) for m in geo.municipalities_of(REGION.region)]
        for y in backtest.year_end(
            sample_engine, ["out_of_home_per_1000", "residential_days_change_vs_2026"], period, sel
        )
        if y.status in ("off_track", "behind") and y.value is not None
    ]
    assert cases, "the sample has no indicator projected off course at 2028-M8 or 2029-M8"
    for sel, period, y in cases[:3]:
        ind = sample_engine.catalogue[y.indicator]
        found = [s for s in signals.signals(sample_engine, sel, Period.parse(period)) if s.kind == "off_course"]
        mine = [s for s in found if f"‘{ind.name}’" in s.sentence]
        assert len(mine) == 1, (sel, period, y.indicator, [s.sentence for s in found])
        sentence = mine[0].sentence
        assert "waarschijnlijk tussen" in sentence and "doelpad" in sentence
        assert any(number(y.target, f) in sentence for f in (ind.format, "0,00", "0,00%"))
        assert any(number(y.value, f) in sentence for f in (ind.format, "0,00", "0,00%"))
        assert mine[0].certainty in (signals.CERTAIN, signals.LIKELY)
        assert not any(code in sentence for code in ("-M8", "-M4", "-H1"))  # no period codes


def test_agreed_young_people_projected_short_and_lump_sums_exceeded_are_signals(sample_engine):
    period = Period.parse("2029-M8")
    found = signals.signals(sample_engine, REGION, period)
    for y in backtest.agreements_year_end(sample_engine, period, REGION):
        a = y.agreement
        if y.value is None or a.item not in ("young_people_in_care", "lump_sum_eur"):
            continue
        name = sample_engine.providers[a.provider_id][0]
        kind = "young_people" if a.item == "young_people_in_care" else "lump_sum"
        wrong = y.value < a.agreed if kind == "young_people" else y.value > a.agreed
        mine = [
            s
            for s in found
            if s.kind == kind
            and s.sentence.startswith(f"Naar verwachting {'helpt' if kind == 'young_people' else 'geeft'} {name} ")
        ]
        assert len(mine) == (1 if wrong else 0), (a, y.value)
        if wrong and kind == "young_people":
            assert f"minder dan de afgesproken {number(a.agreed)}" in mine[0].sentence


def test_overdue_agreements_are_the_dialogues_late_ones(sample_engine):
    period = Period.parse("2029-M8")
    log = dialogue_log.for_extract(sample_engine.runner.extract).within(sample_engine.scope)
    late = [
        a
        for a in log.in_region(REGION.region, signals.FIRST_DIALOGUE, period.end)
        if action_status(a, meeting_day(period)).startswith(LATE)
    ]
    found, _ = signals.overdue(sample_engine, REGION, period)
    assert [s.certainty for s in found] == [signals.FACT] * len(late)
    for a, s in zip(late, found):
        assert f"‘{a.text}’" in s.sentence and action_status(a, meeting_day(period)) in s.sentence


def test_signals_come_first_on_overzicht_and_in_the_council_report(sample_engine):
    model = overzicht(sample_engine, PageView.make(REGION, "2029-M8"))
    assert model.sections[0].key == "signals"
    assert "Naar verwachting" in next(b.text for b in model.section("signals").blocks if b.key == "signals-list")
    council = raadsrapportage(sample_engine, PageView.make(Selection(REGION.region, ("GM0451",)), "2029-H1"))
    section = council.section("signals")
    rule = next(b.text for b in section.blocks if b.key == "signals-rule")
    assert "4-maandsrapportage 2029" in rule  # a half year's projection is the 4-month report's
    expected = [
        s.sentence for s in signals.signals(sample_engine, Selection(REGION.region, ("GM0451",)), Period(2029, "M4"))
    ]
    assert expected and all(s in _all(council) for s in expected)


def test_other_periods_say_when_projections_are_made(sample_engine):
    model = overzicht(sample_engine, PageView.make(REGION, "2029-Q2"))
    notices = [b.text for b in model.section("signals").blocks if isinstance(b, Notice)]
    assert notices == [signals.NOT_AT_THIS_PERIOD]
    council = raadsrapportage(sample_engine, PageView.make(Selection(IJMOND.region, ("GM0392",)), "2028"))
    assert [b.text for b in council.section("signals").blocks if isinstance(b, Notice)] == [signals.YEAR_OVER]


def test_a_year_without_enough_history_has_no_projection(sample_engine):
    model = overzicht(sample_engine, PageView.make(REGION, "2026-M8"))
    shown = next(b.text for b in model.section("signals").blocks if b.key == "signals-list")
    assert shown == signals.TOO_EARLY.format(year=2026)


def test_the_dialogue_and_its_pack_list_the_projected_signals(sample_engine):
    """A provider whose agreed number of young people backtest projects to fall short at 2029-M8:
    the dialogue's 'wat vraagt aandacht' lists it, and so does the pack's workbook."""
    import io

    import openpyxl

    from jeugdhulpmonitor.documents import build
    from jeugdhulpmonitor.views.dialogue import prestatiedialoog

    period = Period.parse("2029-M8")
    short = [
        y.agreement
        for y in backtest.agreements_year_end(sample_engine, period, REGION)
        if y.agreement.item == "young_people_in_care" and y.value is not None and y.value < y.agreement.agreed
    ]
    assert short, "the sample has no agreed number of young people projected to fall short at 2029-M8"
    provider = short[0].provider_id
    view = PageView.make(Selection(REGION.region, provider=provider), period)
    table = prestatiedialoog(sample_engine, view).table("signals-projected").frame
    name = sample_engine.providers[provider][0]
    sentence = next(s for s in table.iloc[:, 0] if s.startswith(f"Naar verwachting helpt {name} "))
    assert f"minder dan de afgesproken {number(short[0].agreed)}" in sentence
    book = openpyxl.load_workbook(io.BytesIO(build.dialogue(sample_engine, period, provider=provider).xlsx()))
    cells = {c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row}
    assert sentence in cells


def test_the_dialogue_about_a_whole_year_says_when_projections_are_made(sample_engine):
    from jeugdhulpmonitor.views.dialogue import prestatiedialoog

    model = prestatiedialoog(sample_engine, PageView.make(Selection(REGION.region, provider="AA01"), "2028-M12"))
    texts = [b.text for b in model.section("dialogue-signals").blocks if isinstance(b, Text)]
    assert signals.WHOLE_YEAR in texts


def test_a_kind_with_many_signals_reads_as_one_line_at_the_top(sample_engine):
    period = Period.parse("2029-M8")
    found = signals.signals(sample_engine, REGION, period)
    lump = [s for s in found if s.kind == "lump_sum"]
    assert len(lump) > signals.SUMMED  # the sample's providers mostly spend above their lump sum
    model = overzicht(sample_engine, PageView.make(REGION, period))
    top = next(b.text for b in model.section("signals").blocks if b.key == "signals-list").split("\n")
    assert sum(line.startswith(f"- {len(lump)} aanbieders geven naar verwachting meer uit") for line in top) == 1
    assert not any(s.sentence in line for s in lump for line in top)
    largest = max(lump, key=lambda s: s.gap)
    assert any(largest.who in line for line in top)
