"""The tables beside the indicators (breakdowns.py), per-1,000 rates, the dialogue calendar and
the council sentences, pinned on small hand-made extracts (real Parquet, real DuckDB)."""

from datetime import date

import pandas as pd
import pytest

from jeugdhulpmonitor import breakdowns
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Engine, Figure, Selection, SelectionError
from jeugdhulpmonitor.periods import Period, PeriodError, previous_report
from jeugdhulpmonitor.runner import Runner
from jeugdhulpmonitor.selection import params
from jeugdhulpmonitor.sentences import change
from tests import extracts
from tests.extracts import flows

D = date
Y2027 = Period.parse("2027")


def engine_for(tmp_path, client_flows, **others) -> Engine:
    return Engine(Runner(extracts.write(tmp_path / "x", client_flows, **others)))


def many(n, prefix, **row):
    return [{"client_id": f"{prefix}{i}"} | row for i in range(n)]


def test_by_dimension_counts_distinct_young_people_per_value_and_suppresses_small_ones(tmp_path):
    engine = engine_for(
        tmp_path,
        flows(
            # 12 in ambulant care all year, started in 2026: in care, not started, not ended.
            *many(12, "a", start_date=D(2026, 5, 1)),
            # the same 12 also start pleegzorg in 2027 and end it in 2027.
            *many(12, "a", care_form="pleegzorg", start_date=D(2027, 2, 1), end_date=D(2027, 9, 1)),
            # 3 in gesloten: too few to show.
            *many(3, "g", care_form="gesloten", start_date=D(2027, 3, 1)),
        ),
    )
    true = breakdowns.by_dimension(engine.unprotected(), Y2027, Selection(), "care_form").frame
    true = true.set_index("dimension_value")
    assert true.loc["ambulant"].tolist() == [12, 0, 0]
    assert true.loc["pleegzorg"].tolist() == [12, 12, 12]
    assert true.loc["gesloten"].tolist() == [3, 3, 0]
    frame = breakdowns.by_dimension(engine, Y2027, Selection(), "care_form").frame.set_index("dimension_value")
    # As shown: 3 in care and 3 started suppressed; none ended: 0 is no person and is shown;
    # 12 moved by at most 2 (it may not fall below 10), the same 12 young people alike.
    assert frame.loc["gesloten", "in_care"] is pd.NA and frame.loc["gesloten", "started"] is pd.NA
    assert frame.loc["gesloten", "ended"] == 0 and frame.loc["ambulant", "started"] == 0
    assert 10 <= frame.loc["ambulant", "in_care"] <= 14
    assert frame.loc["pleegzorg"].nunique() == 1
    assert frame.loc["pleegzorg", "in_care"] == frame.loc["ambulant", "in_care"]
    assert "in_care_key" not in frame.columns


def test_durations_per_care_form_take_the_median_of_trajectories_ended_in_the_period(tmp_path):
    engine = engine_for(
        tmp_path,
        flows(
            # 10 ambulant trajectories ended in 2027, lasting 1..10 days (both ends counted): median 5.5.
            *[{"client_id": f"a{i}", "start_date": D(2027, 3, 1), "end_date": D(2027, 3, i)} for i in range(1, 11)],
            # 11 pleegzorg: 10 of 31 days and one of 365: median 31 (the middle one).
            *many(10, "p", care_form="pleegzorg", start_date=D(2027, 1, 1), end_date=D(2027, 1, 31)),
            {"client_id": "p10", "care_form": "pleegzorg", "start_date": D(2026, 7, 1), "end_date": D(2027, 6, 30)},
            # open, or ended in another year: no duration in 2027.
            *many(20, "o", care_form="pleegzorg", start_date=D(2027, 2, 1)),
            *many(20, "e", care_form="pleegzorg", start_date=D(2026, 2, 1), end_date=D(2026, 12, 31)),
            # 3 gesloten: too few trajectories, their median is hidden with their count.
            *many(3, "g", care_form="gesloten", start_date=D(2027, 1, 1), end_date=D(2027, 1, 2)),
        ),
    )
    true = breakdowns.durations(engine.unprotected(), Y2027, Selection()).frame.set_index("care_form")
    assert true.loc["ambulant", "ended"] == 10 and true.loc["ambulant", "median_days"] == 5.5
    assert true.loc["pleegzorg", "ended"] == 11 and true.loc["pleegzorg", "median_days"] == 31
    frame = breakdowns.durations(engine, Y2027, Selection()).frame.set_index("care_form")
    assert frame.loc["ambulant", "ended"] == 10  # 10 is never moved: it may not fall below 10
    assert frame.loc["gesloten", "ended"] is pd.NA and pd.isna(frame.loc["gesloten", "median_days"])


def test_age_groups_use_the_age_reached_in_the_period_year(tmp_path):
    engine = engine_for(
        tmp_path,
        flows(*many(10, "y", birth_year=2022), *many(10, "o", birth_year=2009), *many(10, "t", birth_year=2010)),
    )
    frame = breakdowns.by_dimension(engine, Y2027, Selection(), "age_group").frame.set_index("dimension_value")
    # 2027 - 2022 = 5: 0-5; 2027 - 2009 = 18: 18+; 2027 - 2010 = 17: 12-17.
    assert frame["in_care"].to_dict() == {"0-5": 10, "12-17": 10, "18+": 10}


def test_an_unknown_dimension_is_refused(tmp_path):
    engine = engine_for(tmp_path, flows({}))
    with pytest.raises(SelectionError, match="onbekende indeling"):
        breakdowns.by_dimension(engine, Y2027, Selection(), "client_id")


def test_transitions_follow_each_young_persons_trajectories_in_start_order(tmp_path):
    engine = engine_for(
        tmp_path,
        flows(
            # 10 go from ambulant to pleegzorg in 2027; their earlier ambulant care began in 2025.
            *many(10, "p", start_date=D(2025, 1, 1), end_date=D(2027, 1, 31)),
            *many(10, "p", care_form="pleegzorg", start_date=D(2027, 2, 1)),
            # 10 stay in ambulant care (a second ambulant trajectory): no movement.
            *many(10, "s", start_date=D(2025, 1, 1), end_date=D(2027, 1, 31)),
            *many(10, "s", start_date=D(2027, 2, 1)),
            # 2 go from gesloten to ambulant: a pair below 10, suppressed.
            *many(2, "g", care_form="gesloten", start_date=D(2026, 1, 1), end_date=D(2026, 12, 31)),
            *many(2, "g", start_date=D(2027, 1, 1)),
            # a move in 2026 is outside the period.
            *many(10, "e", care_form="pleegzorg", start_date=D(2025, 1, 1), end_date=D(2026, 2, 1)),
            *many(10, "e", start_date=D(2026, 3, 1)),
        ),
    )
    frame = breakdowns.transitions(engine, Y2027, Selection()).frame
    pairs = {(r.from_form, r.to_form): r.clients for r in frame.itertuples()}
    assert pairs.keys() == {("ambulant", "pleegzorg"), ("gesloten", "ambulant")}
    assert pairs[("ambulant", "pleegzorg")] == 10
    assert frame.loc[frame["from_form"] == "gesloten", "clients"].isna().all()


def test_money_rule_compares_spending_with_the_time_proportional_lump_sum(tmp_path):
    engine = engine_for(
        tmp_path,
        flows({}),
        lump_sums=[
            {"provider_id": "AA01", "municipality_code": "GM0358", "year": 2027, "amount_eur": 1200.0},
            {"provider_id": "AA01", "municipality_code": "GM0362", "year": 2027, "amount_eur": 1200.0},
        ],
        spend=[
            # Aalsmeer: 4 months x 100 = 400 by the 4-month report, exactly 1200 x 4/12.
            *(
                {"provider_id": "AA01", "municipality_code": "GM0358", "month": D(2027, m, 1), "amount_eur": 100.0}
                for m in range(1, 5)
            ),
            # Amstelveen: 600 by April, 50% above the expected 400; May is after the report.
            {"provider_id": "AA01", "municipality_code": "GM0362", "month": D(2027, 2, 1), "amount_eur": 600.0},
            {"provider_id": "AA01", "municipality_code": "GM0362", "month": D(2027, 5, 1), "amount_eur": 900.0},
            # Spending without any lump sum: always a mismatch.
            {"provider_id": "AA02", "municipality_code": "GM0358", "month": D(2027, 1, 1), "amount_eur": 10.0},
        ],
    )
    frame = breakdowns.money_rule(engine, Period.parse("2027-M4"), Selection()).frame
    rows = {(r.provider_id, r.municipality_code): r for r in frame.itertuples()}
    assert rows[("AA01", "GM0358")].expected_eur == 400.0
    assert rows[("AA01", "GM0358")].deviation_pct == 0.0
    assert not rows[("AA01", "GM0358")].mismatch
    assert rows[("AA01", "GM0362")].spend_eur == 600.0
    assert rows[("AA01", "GM0362")].deviation_pct == 50.0
    assert rows[("AA01", "GM0362")].mismatch
    assert rows[("AA02", "GM0358")].mismatch


def test_per_1000_divides_a_count_by_the_youth_population_and_drops_targets(tmp_path):
    engine = engine_for(tmp_path, flows(*many(20, "a"), *many(30, "b", municipality_code="GM0362"))).unprotected()
    figs = engine.compute("young_people_in_care", Y2027, Selection(), by="municipality", per_1000=True)
    rates = {f.municipality_code: f.value for f in figs}
    # Aalsmeer 20 / 2,000; Amstelveen 30 / 4,000 (tests/extracts.py population).
    assert rates["GM0358"] == pytest.approx(10.0)
    assert rates["GM0362"] == pytest.approx(7.5)
    assert all(f.target_2028 is None for f in figs)


def test_a_per_1000_rate_on_a_small_count_is_suppressed(tmp_path):
    engine = engine_for(tmp_path, flows(*many(5, "a")))
    fig = engine.compute("young_people_in_care", Y2027, Selection(municipalities=("GM0358",)), per_1000=True)[0]
    assert fig.suppressed and fig.value is None


@pytest.mark.parametrize(
    ("report", "previous"), [("2028-M4", "2027-M12"), ("2028-M8", "2028-M4"), ("2028-M12", "2028-M8")]
)
def test_the_previous_dialogue_discussed_the_previous_report(report, previous):
    assert str(previous_report(Period.parse(report))) == previous


def test_only_reports_have_a_previous_dialogue():
    with pytest.raises(PeriodError):
        previous_report(Period.parse("2028-H1"))


def test_council_sentence_names_direction_values_and_target():
    ind = CATALOGUE()["out_of_home_per_1000"]
    now = Figure(ind.id, "2028", value=4.6, target_2028=4.5)
    before = Figure(ind.id, "2027", value=5.1)
    # A sentence with its subject first (issue 28, item 13), the target as a sentence of its own.
    assert change(ind, now, before) == (
        "Het aantal uithuisplaatsingen per 1.000 jeugdigen daalde van 5,1 in 2027 naar 4,6 in 2028. Het doel "
        "voor 2028 is 4,5. Of dit op koers ligt, is nog niet meetbaar: er is geen nulmeting over 2026, zodat "
        "er geen doelpad is."
    )


def test_council_sentence_for_a_suppressed_figure_says_so():
    ind = CATALOGUE()["young_people_in_care"]
    now = Figure(ind.id, "2028", suppressed=True)
    said = change(ind, now, Figure(ind.id, "2027", value=12))
    assert said == "Het aantal jeugdigen in zorg was in 2028 minder dan 10."


def test_delivery_figures_are_not_suppressed_since_they_are_not_about_young_people(tmp_path):
    engine = engine_for(
        tmp_path,
        flows({}),
        theme_indicators=[
            {
                "indicator_id": "delivery_on_time_pct",
                "period": "2027-M4",
                "provider_id": "AA01",
                "numerator": 2.0,
                "denominator": 3.0,
            },
        ],  # fmt: skip
    )
    fig = engine.compute("delivery_on_time_pct", "2027-M4", Selection(provider="AA01"))[0]
    assert not fig.suppressed
    assert fig.value == pytest.approx(200 / 3)


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ("2027-H1", "in het eerste halfjaar 2027"),
        ("2027-Q3", "in het derde kwartaal 2027"),
        ("2027-M8", "in januari tot en met augustus 2027"),  # a report's span, in words
    ],
)
def test_council_sentences_name_periods_in_words_with_their_article(period, words):
    ind = CATALOGUE()["young_people_in_care"]
    before = Figure(ind.id, str(Period.parse(period).with_year(2026)), value=1200)
    assert words in change(ind, Figure(ind.id, period, value=1234), before)


@pytest.mark.parametrize("given", [["GM0358"], "GM0358", ("GM0358",)])
def test_a_selections_municipalities_are_a_tuple_however_given(given):
    """Selections are cache keys (selection.params): a list or a single code becomes a tuple,
    and the bound parameters are the same."""
    selection = Selection(region="amsterdam-amstelland", municipalities=given)
    assert selection.municipalities == ("GM0358",)
    expected = params(Selection(region="amsterdam-amstelland", municipalities=("GM0358",)), None, Period.parse("2027"))
    assert params(selection, None, Period.parse("2027")) == expected
