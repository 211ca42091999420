"""The Raadsrapportage model: key figures equal the engine; plain Dutch without period codes;
an earlier measurement says which; hidden cells carry their mark."""

import re

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.formatting import figure_text, is_count
from jeugdhulpmonitor.pagemodel import SUPPRESSED, SUPPRESSED_VALUE, Chart, Notice, PageView, Text, is_hidden
from jeugdhulpmonitor.periods import series
from jeugdhulpmonitor.views.council import HEADLINE_LEVELS, KEY_FIGURES, raadsrapportage

AMSTERDAM = Selection(region="amsterdam-amstelland", municipalities=("GM0363",))
CODE = re.compile(r"\b\d{4}-(H|Q|M)\d")


def test_key_figures_equal_the_engine_and_sentences_have_no_codes(sample_engine):
    model = raadsrapportage(sample_engine, PageView.make(AMSTERDAM, "2028-H1"))
    shown = {k: kf.text for k, kf in model.key_figures().items()}
    figs = sample_engine.compute(KEY_FIGURES, "2028-H1", AMSTERDAM)
    assert shown == {f"kpi-{f.indicator}": figure_text(f, CATALOGUE()[f.indicator].format) for f in figs}
    texts = [t.text for t in model.blocks(Text)] + [model.caption]
    assert not [t for t in texts if CODE.search(t)]
    assert "eerste halfjaar 2028" in model.caption and "eerste halfjaar 2027" in model.caption
    sentences = next(t.text for t in model.blocks(Text) if t.key == "sentences")
    assert "in het eerste halfjaar 2027" in sentences
    money = next(t.text for t in model.section("money").blocks if isinstance(t, Text))
    assert "30 juni 2028" in money


def test_a_value_measured_earlier_says_which(sample_engine):
    model = raadsrapportage(sample_engine, PageView.make(AMSTERDAM, "2028-H1"))
    themes = " ".join(t.text for t in model.blocks(Text) if (t.key or "").startswith("theme-"))
    # The sample delivers theme indicators at each report moment, surveys every two years: the
    # half year shows the 4-month report, with a footnote mark (issue 28, item 13).
    assert "in januari tot en met april 2028¹" in themes
    table = model.table("theme-table").frame
    assert {"2026", "4-maandsrapportage 2028", "eerste halfjaar 2028"} <= set(table["Gemeten over"])


def test_without_a_municipality_the_first_is_shown_with_a_notice(sample_engine):
    model = raadsrapportage(sample_engine, PageView.make(Selection(region="amsterdam-amstelland"), "2028"))
    assert model.title == "Raadsrapportage Aalsmeer"
    assert any(isinstance(b, Notice) for b in model.blocks())
    assert model.caption.startswith("Jaarrapportage over 2028")


def test_hidden_cells_carry_the_mark_of_their_kind(sample_engine):
    sel = Selection(region="amsterdam-amstelland", municipalities=("GM0358",))
    model = raadsrapportage(sample_engine, PageView.make(sel, "2029-H1"))
    cells = list(model.table("theme-table").frame["Waarde"])
    hidden = [c for c in cells if is_hidden(c)]
    assert hidden  # Aalsmeer is small: some theme figures are hidden
    ids = [i.id for t in "ABCD" for i in CATALOGUE().in_theme(t) if i.status.rule == "target_path"]
    figs = sample_engine.compute(ids, "2029-H1", sel)
    assert [c for c in cells if is_hidden(c)] == [
        SUPPRESSED if is_count(f) else SUPPRESSED_VALUE for f in figs if f.suppressed
    ]


def test_each_headline_indicator_has_its_trend_with_target_path(sample_engine):
    model = raadsrapportage(sample_engine, PageView.make(AMSTERDAM, "2028-H1"))
    charts = list(model.blocks(Chart))
    judged = [i for t in "ABCD" for i in CATALOGUE().in_theme(t) if i.status.rule == "target_path"]
    ids = [i.id for i in judged if i.level in HEADLINE_LEVELS]
    assert [c.data["ind"].id for c in charts] == ids
    for chart in charts:
        assert chart.kind == "trend_with_path" and chart.title.startswith(chart.data["ind"].name)
    first = charts[0]
    expected = sample_engine.series(first.data["ind"].id, series("H1", 2024, 2028), AMSTERDAM)
    assert [(f.period, f.value) for f in first.data["figs"]] == [(f.period, f.value) for f in expected]


HAARLEM = Selection(region="ijmond-zuid-kennemerland", municipalities=("GM0392",))


def test_ijmonds_council_report_has_its_kpis_with_its_own_targets(sample_engine):
    """Issue 28, item 9: IJmond/Zuid-Kennemerland's council report had no waiting time beyond the
    key figure, no continuity and no complaints, and showed Amsterdam-Amstelland's theme-B rate."""
    model = raadsrapportage(sample_engine, PageView.make(HAARLEM, "2028-H1"))
    shown = {kf.figure.indicator for kf in model.key_figures().values()}
    assert all(HAARLEM.region in CATALOGUE()[i].regions for i in shown) and "out_of_home_per_1000" not in shown
    table = model.table("kpi-table").frame.set_index("KPI")
    kpis = [i for _k, _l, members in CATALOGUE().kpis(HAARLEM.region) for i in members]
    assert list(table.index) == [i.name for i in kpis]
    for ind in kpis:
        fig = sample_engine.compute(ind.id, "2028-H1", HAARLEM)[0]
        row = table.loc[ind.name]
        assert str(row["Waarde"]) == figure_text(fig, ind.format), ind.id
        if ind.id == "forecast_budget_pct":
            assert row["Waaraan beoordeeld"] == "Grens: hooguit 100,0%" and row["Status"] != "–"
        else:
            assert (row["Waaraan beoordeeld"], row["Status"]) == ("Geen streefwaarde in het kader", "–"), ind.id
    assert table.loc["Klachten per 1.000 cliënten", "Waarde"] not in ("–", "x")
    sentences = " ".join(t.text for t in model.blocks(Text) if (t.key or "").startswith("kpi-group-"))
    assert "Het aantal klachten per 1.000 cliënten" in sentences and "doel voor 2028" not in sentences
    assert not [t for t in [*(t.text for t in model.blocks(Text)), model.caption] if CODE.search(t)]
    assert [c.key for c in model.blocks(Chart)] == ["chart-forecast_budget_pct"]


# Issue 28, item 13: sentences for a council member, in both regions.
REPORTS = [
    (Selection(region="amsterdam-amstelland", municipalities=("GM0358",)), "2026-H1"),
    (Selection(region="amsterdam-amstelland", municipalities=("GM0358",)), "2027-H1"),
    (Selection(region="amsterdam-amstelland", municipalities=("GM0363",)), "2027"),
    (Selection(region="ijmond-zuid-kennemerland", municipalities=("GM0377",)), "2026-H1"),
    (Selection(region="ijmond-zuid-kennemerland", municipalities=("GM0377",)), "2027-H1"),
]
VERBS = r"(steeg|daalde|bleef|was|is|wordt)\b"


def sentences(model) -> list[str]:
    """Every sentence line of the report: the key figures' and those under each theme or KPI group."""
    return [
        line[2:]
        for t in model.blocks(Text)
        if t.key == "sentences" or (t.key or "").startswith(("theme-", "kpi-group-"))
        for line in t.text.splitlines()
        if line.startswith("- ")
    ]


def test_a_sentence_opens_with_its_subject_never_a_label_and_a_verb(sample_engine):
    names = sorted((re.escape(i.name) for i in CATALOGUE().values()), key=len, reverse=True)
    label = re.compile(rf"({'|'.join(names)})( {VERBS}|:)")
    for sel, period in REPORTS:
        lines = sentences(raadsrapportage(sample_engine, PageView.make(sel, period)))
        assert lines, (sel, period)
        assert not [line for line in lines if label.match(line)], (sel, period)
        assert all(re.match(r"(Het|De|Over|Hoe) ", line) for line in lines), (sel, period, lines)


def test_a_change_against_2026_is_no_double_negative(sample_engine):
    """ "Afname … t.o.v. 2026: 0,0% … doel 2028: -10,0%" said a decrease of minus ten per cent."""
    for sel, period in REPORTS:
        for line in sentences(raadsrapportage(sample_engine, PageView.make(sel, period))):
            assert "Afname" not in line and not re.search(r"[-−]\d", line), line
    lines = sentences(raadsrapportage(sample_engine, PageView.make(*REPORTS[1])))
    placements = next(line for line in lines if line.startswith("Het aantal nieuwe uithuisplaatsingen"))
    assert "in het eerste halfjaar 2026, de nulmeting." in placements
    assert "Het doel voor 2028 is 5,0% minder dan in 2026." in placements


def test_a_half_year_report_marks_a_figure_of_another_period_and_says_why(sample_engine):
    model = raadsrapportage(sample_engine, PageView.make(*REPORTS[1]))
    other = [line for line in sentences(model) if "januari tot en met april" in line]
    assert other and all("april 2027¹" in line for line in other)
    note = next(t.text for t in model.blocks(Text) if t.key == "themes-notes")
    assert note.startswith("¹ De aanbieders leveren dit cijfer aan bij hun rapportages over de eerste 4, 8 of 12")
    # The key figures are computed over the half year itself: no mark, no note.
    assert not any(m in t.text for t in model.blocks(Text) if t.key == "sentences" for m in "¹²³")


def test_not_measurable_says_2026_is_the_baseline_year_and_from_when(sample_engine):
    model = raadsrapportage(sample_engine, PageView.make(*REPORTS[0]))
    why = "2026 is het jaar van de nulmeting; de eerste beoordeling tegen het doel is die over het eerste halfjaar 2027"
    themes = [t.text for t in model.blocks(Text) if (t.key or "").startswith("theme-")]
    assert all(why in text for text in themes if text.startswith("**"))
    key_figures = next(t.text for t in model.blocks(Text) if t.key == "sentences")
    assert f"Of dit op koers ligt, is nog niet meetbaar: {why}." in key_figures
    table_note = next(t.text for t in model.blocks(Text) if t.key == "theme-table-note")
    assert table_note.startswith(f"Waarom een status nog niet meetbaar is: {why} (")


def test_the_dialogues_agreements_are_counted_in_a_sentence(sample_engine):
    """It read "Afspraken uit de prestatiedialogen …: 1, waarvan 1 afgerond en 0 open"."""
    model = raadsrapportage(sample_engine, PageView.make(REPORTS[0][0], "2028"))
    summary = next(t.text for t in model.blocks(Text) if t.key == "dialogues-summary")
    found = len(model.table("dialogues-table").frame)
    assert summary.startswith("In de prestatiedialogen van de regio Amsterdam-Amstelland over de rapportages van ")
    verb = "is één afspraak" if found == 1 else "zijn geen afspraken" if not found else "zijn "
    assert f"periode {verb}" in summary and ": " not in summary
