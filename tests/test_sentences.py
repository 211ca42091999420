"""The council's sentences read as Dutch prose (issue 28, item 13): a sentence starts with its
subject, a change against 2026 says what happened to the thing itself, a figure of another
period says which and why, and "nog niet meetbaar" says why. Figures are made by hand: the
sentences are a function of them; tests/views/test_raadsrapportage.py checks the page's."""

import re
from datetime import date

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Figure
from jeugdhulpmonitor.sentences import Notes, change, not_measurable_note, theme_summary

# A label followed by a verb ("Jeugdigen in zorg daalde"), or a label, a colon and a value.
VERBS = ("steeg", "daalde", "bleef", "was", "is", "wordt")


def fig(indicator, period, value, **kw) -> Figure:
    return Figure(indicator, period, value=value, **kw)


def test_a_count_opens_with_its_subject_not_its_label():
    ind = CATALOGUE()["young_people_in_care"]
    text = change(ind, fig(ind.id, "2027-H1", 335.0), fig(ind.id, "2026-H1", 306.0))
    expected = "Het aantal jeugdigen in zorg steeg van 306 in het eerste halfjaar 2026 naar 335 in het eerste halfjaar"
    assert text == expected + " 2027."
    inflow = CATALOGUE()["inflow"]
    text = change(inflow, fig("inflow", "2027", 90.0), fig("inflow", "2026", 95.0))
    assert text.startswith("Het aantal jeugdigen dat in zorg kwam (instroom) daalde van 95 in 2026 naar 90 in 2027")


def test_a_change_against_2026_says_what_happened_not_a_signed_afname():
    ind = CATALOGUE()["new_out_of_home_change_vs_2026"]
    assert ind.name.startswith("Verandering")
    same = change(ind, fig(ind.id, "2027-H1", 0.0, target_2028=-5.0, status="behind"), fig(ind.id, "2026-H1", 0.0))
    assert same == (
        "Het aantal nieuwe uithuisplaatsingen was in het eerste halfjaar 2027 even groot als in het eerste halfjaar "
        "2026, de nulmeting. Het doel voor 2028 is 5,0% minder dan in 2026. Daarmee loopt het cijfer achter op het "
        "doelpad."
    )
    fewer = change(ind, fig(ind.id, "2028", -12.34, target_2028=-5.0, status="on_track"), fig(ind.id, "2027", 1.0))
    assert "was in 2028 12,3% lager dan in 2026, de nulmeting" in fewer
    more = change(ind, fig(ind.id, "2028", 4.0, target_2028=-5.0, status="off_track"), fig(ind.id, "2027", 1.0))
    assert "was in 2028 4,0% hoger dan in 2026" in more and "Daarmee ligt het cijfer uit koers." in more
    for text in (same, fewer, more):
        assert "Afname" not in text and not re.search(r"[-−]\d", text)


def test_a_change_against_2026_in_2026_says_it_is_the_baseline_and_when_it_is_measured():
    ind = CATALOGUE()["residential_days_change_vs_2026"]
    text = change(ind, fig(ind.id, "2026-H1", 0.0, target_2028=-5.0), fig(ind.id, "2025-H1", -20.1))
    assert text == (
        "Het aantal verblijfsdagen wordt vanaf 2027 vergeleken met dat in het eerste halfjaar 2026, de nulmeting. "
        "Het doel voor 2028 is 5,0% minder dan in 2026. Of dit op koers ligt, is nog niet meetbaar: 2026 is het "
        "jaar van de nulmeting; de eerste beoordeling tegen het doel is die over het eerste halfjaar 2027."
    )


def test_a_figure_of_another_period_says_which_and_its_note_says_why():
    ind = CATALOGUE()["collective_forms_pct"]
    now = fig(ind.id, "2027-H1", 62.9, measured_period="2027-M4", target_2028=74.9, status="off_track")
    before = fig(ind.id, "2026-H1", 71.3, measured_period="2026-M4")
    notes = Notes()
    text = change(ind, now, before, notes)
    assert text.startswith(
        "Het aandeel trajecten in een collectieve of groepsvorm daalde van 71,3% in januari tot en met april 2026¹ "
        "naar 62,9% in januari tot en met april 2027¹."
    )
    assert notes.text().startswith("¹ De aanbieders leveren dit cijfer aan bij hun rapportages over de eerste 4, 8")
    # A yearly measurement gets its own note; a second figure of the same kind the same mark.
    survey = CATALOGUE()["own_network_support_pct"]
    later = fig(survey.id, "2027-H1", 58.3, measured_period="2026")
    yearly = change(survey, later, fig(survey.id, "2026-H1", 54.0, measured_period="2024"), notes)
    assert "van 54,0% in 2024² naar 58,3% in 2026²" in yearly
    assert "² Dit cijfer wordt over een heel jaar gemeten" in notes.text()
    # Without notes the reason is in brackets.
    assert "(het laatste cijfer dat de aanbieders vóór het einde van de periode aanleverden)" in change(
        ind, now, before
    )
    # A 12-month report over a year report is the year itself: no note.
    notes = Notes()
    later = fig(ind.id, "2027", 63.9, measured_period="2027-M12")
    year = change(ind, later, fig(ind.id, "2026", 62.7, measured_period="2026-M12"), notes)
    assert "van 62,7% in 2026 naar 63,9% in 2027." in year and notes.text() is None


def test_not_measurable_says_why():
    ind = CATALOGUE()["out_of_home_per_1000"]
    base = change(ind, fig(ind.id, "2026", 8.4, target_2028=8.0), fig(ind.id, "2025", 6.7))
    assert base.endswith(
        "Of dit op koers ligt, is nog niet meetbaar: 2026 is het jaar van de nulmeting; de eerste beoordeling tegen "
        "het doel is die over 2027."
    )
    survey = CATALOGUE()["own_network_support_pct"]
    old = fig(survey.id, "2027", 58.3, measured_period="2026", target_2028=60.0)
    assert "de laatste meting is van 2026, het jaar van de nulmeting" in change(
        survey, old, fig(survey.id, "2026", 54.0)
    )


def test_a_figure_not_known_here_hidden_or_not_complete_yet_says_so():
    ind = CATALOGUE()["day_treatment_change_vs_2026"]
    absent = fig(ind.id, "2027-H1", None, not_known_at="municipality", target_2028=-10.0)
    assert change(ind, absent, fig(ind.id, "2026-H1", None)) == (
        "Het aantal dagbehandelingsplekken is niet per gemeente bekend: de aanbieders leveren dit cijfer alleen "
        "voor de regio aan."
    )
    pct = CATALOGUE()["intensive_at_imminent_pct"]
    hidden = fig(pct.id, "2027-H1", None, suppressed=True, target_2028=40.0)
    assert change(pct, hidden, fig(pct.id, "2026-H1", 30.0)).startswith(
        "Het aandeel trajecten bij een dreigende uithuisplaatsing waarin intensieve ambulante hulp is ingezet, "
        "wordt in het eerste halfjaar 2027 niet getoond: het cijfer rust op minder dan 10 jeugdigen."
    )
    count = CATALOGUE()["young_people_in_care"]
    few = fig(count.id, "2027-H1", None, suppressed=True)
    assert change(count, few, fig(count.id, "2026-H1", 12.0)) == (
        "Het aantal jeugdigen in zorg was in het eerste halfjaar 2027 minder dan 10."
    )
    waiting = CATALOGUE()["waiting_list"]
    late = fig(waiting.id, "2028-H1", None, note=f"nog niet meetbaar: pas {waiting.measurable_after_days} dagen")
    assert change(waiting, late, fig(waiting.id, "2027-H1", 300.0)) == (
        "Over het eerste halfjaar 2028 is het aantal wachtende aanvragen (wachtlijst) nog niet bekend: dat cijfer "
        "is pas 365 dagen na het einde van de periode volledig, vanaf 30 juni 2029."
    )


def test_every_indicator_reads_as_a_sentence_that_opens_with_its_subject():
    """Whatever an indicator is, its sentence never opens with its label and a verb or colon."""
    for ind in CATALOGUE().values():
        now = fig(ind.id, "2027-H1", 12.0, measured_period=None, target_2028=10.0, status="on_track")
        text = change(ind, now, fig(ind.id, "2026-H1", 11.0))
        label = re.escape(ind.name)
        assert not re.match(rf"{label}( ({'|'.join(VERBS)})\b|:)", text), text
        assert re.match(r"(Het|De|Over|Hoe) ", text), text


def test_a_themes_statuses_are_sentences_and_not_measurable_says_why():
    a, b = CATALOGUE()["school_based_help_pct"], CATALOGUE()["schools_with_expert_pct"]
    c = CATALOGUE()["day_treatment_change_vs_2026"]
    judged = [
        (a, fig(a.id, "2027-H1", 1.0, status="on_track")),
        (b, fig(b.id, "2027-H1", 1.0, status="on_track")),
        (c, fig(c.id, "2027-H1", None, not_known_at="municipality")),
    ]
    assert theme_summary(judged) == (
        "Van de drie indicatoren liggen er twee op koers. Eén indicator is nog niet meetbaar: het cijfer is niet "
        "per gemeente bekend."
    )
    assert theme_summary(judged[:2]) == "Beide indicatoren liggen op koers."
    judged[1] = (b, fig(b.id, "2027-H1", 1.0, status="off_track"))
    assert theme_summary(judged[:2]) == "Van de twee indicatoren ligt er één op koers en ligt er één uit koers."
    in_2026 = [(a, fig(a.id, "2026-H1", 1.0)), (b, fig(b.id, "2026-H1", 1.0))]
    assert theme_summary(in_2026) == (
        "Twee indicatoren zijn nog niet meetbaar: 2026 is het jaar van de nulmeting; de eerste beoordeling tegen het "
        "doel is die over het eerste halfjaar 2027."
    )
    assert not_measurable_note(in_2026 + judged[2:]) == (
        "Waarom een status nog niet meetbaar is: 2026 is het jaar van de nulmeting; de eerste beoordeling tegen het "
        "doel is die over het eerste halfjaar 2027 (twee indicatoren); het cijfer is niet per gemeente bekend (één "
        "indicator)."
    )


def test_a_milestone_says_whether_and_when_it_was_reached():
    ind = CATALOGUE()["plan_family_approach_approved"]
    reached = fig(ind.id, "2028-H1", 1.0, milestone_date=date(2027, 11, 15), milestone_late=False, status="on_track")
    assert change(ind, reached, fig(ind.id, "2027-H1", 0.0)) == (
        'De mijlpaal "Plan gezinsgerichte aanpak goedgekeurd" is bereikt op 15 november 2027.'
    )
    waiting = change(ind, fig(ind.id, "2027-H1", 0.0, milestone_late=False), fig(ind.id, "2026-H1", 0.0))
    due = f"{ind.status.due.day} januari {ind.status.due.year}"  # 1 January 2028 in the catalogue
    plan = 'De mijlpaal "Plan gezinsgerichte aanpak goedgekeurd"'
    assert waiting == f"{plan} is nog niet bereikt; dat moet uiterlijk {due}."
    late = change(ind, fig(ind.id, "2028-H1", 0.0, milestone_late=True), fig(ind.id, "2027-H1", 0.0))
    assert late.endswith(f"is nog niet bereikt, terwijl dat uiterlijk {due} had moeten gebeuren.")


def test_a_figure_its_region_sets_no_target_for_is_followed_not_called_not_measurable():
    """IJmond/Zuid-Kennemerland's framework sets no target for the waiting time: its sentence
    says how it moved, never "nog niet meetbaar" or "er is geen doelpad"."""
    ind = CATALOGUE()["waiting_days_median"]
    for period, before in (("2027-H1", "2026-H1"), ("2026-H1", "2025-H1")):
        now = fig(ind.id, period, 38.0, baseline=34.0)
        text = change(ind, now, fig(ind.id, before, 34.0))
        assert text.endswith(f"naar 38,0 dagen in het eerste halfjaar {period[:4]}."), text
        assert not_measurable_note([(ind, now)]) is None


def test_a_subject_is_singular_as_its_verb():
    """'De verwachte uitgaven … steeg' read in Bloemendaal's report: every subject takes "steeg"."""
    from jeugdhulpmonitor.sentences import SUBJECTS

    plural = re.compile(r"^de (uitgaven|kosten|klachten|jeugdigen|trajecten)\b")
    assert not [s for s in SUBJECTS.values() if plural.match(s)]
