"""Raadsrapportage: the half-yearly and yearly accountability view of one municipality, in plain
Dutch for council members: key figures with a sentence each against the same span a year
earlier, the financial progress, and the results per theme with the trend of its headline
indicators against their target path (the same charts on screen and in the PDF); in a region
without themes the results per KPI of its own framework, against its own targets (issue 28,
item 9)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from jeugdhulpmonitor import dialogue_log
from jeugdhulpmonitor.catalogue import CATALOGUE, THEME_LABELS
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.formatting import STATUS_LABELS, day, figure_text, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import Chart, Columns, Notice, PageModel, PageView, Section, Table, Text
from jeugdhulpmonitor.periods import series
from jeugdhulpmonitor.sentences import (
    Notes,
    change,
    count_words,
    in_words,
    measured,
    not_measurable_note,
    theme_summary,
)
from jeugdhulpmonitor.views import kpis, signals
from jeugdhulpmonitor.views.common import key_figure, suppression_note
from jeugdhulpmonitor.views.dialogue import cell
from jeugdhulpmonitor.views.themes import FIRST_YEAR

# The levels a council member reads per theme: a sentence and a trend chart for each.
HEADLINE_LEVELS = ("doel_2034", "ajh_2028")
KEY_FIGURES = ["young_people_in_care", "inflow", "outflow", "out_of_home_per_1000", "waiting_days_median"]
MONEY = ["budget_eur", "spend_eur", "budget_utilisation_pct", "forecast_year_end_eur"]
RECORDS_ELSEWHERE = (
    "De afspraken uit de prestatiedialogen zijn alleen zichtbaar voor de regio en voor de aanbieder waarover "
    "een dialoog gaat; vraag de regio naar de resultaten."
)


def municipality(sel: Selection) -> Selection:
    """The council reports on one municipality: without a choice, the region's first."""
    if sel.municipalities:
        return sel
    return replace(sel, municipalities=(GEO().municipalities_of(sel.region)[0],), area=None)


def raadsrapportage(engine: Engine, view: PageView) -> PageModel:
    sel, period = municipality(view.selection), view.period
    geo, before = GEO(), period.a_year_earlier()
    kind = "Jaarrapportage" if period.form == "Y" else "Halfjaarrapportage"
    span = period.words if period.form == "Y" else f"het {period.words}"
    model = PageModel(
        f"Raadsrapportage {geo.name(sel.municipalities[0])}",
        f"{kind} over {span} · vergeleken met {before.words if period.form == 'Y' else 'het ' + before.words}",
    )
    if not view.selection.municipalities:
        model.sections.append(
            Section(None, [Notice("Kies een gemeente in de filters; getoond wordt de eerste gemeente van de regio.")])
        )
    # What needs attention before the year is out, first (issue 29, item 3): a half year's from
    # the 4-month report within it, the last projection it holds; a whole year needs none.
    model.sections += signals.section(engine, sel, period, signals.projected_at(period), signals.YEAR_OVER)
    # Only the region's own: out-of-home placements per 1,000 are Amsterdam-Amstelland's (theme B).
    shown = [i for i in KEY_FIGURES if sel.region in CATALOGUE()[i].regions]
    now = engine.compute(shown, period, sel)
    then = {f.indicator: f for f in engine.compute(shown, before, sel)}
    notes = Notes()  # why a figure of another period is shown (issue 28, item 13)
    sentences = "\n".join(f"- {change(CATALOGUE()[f.indicator], f, then[f.indicator], notes)}" for f in now)
    blocks = [Columns([[key_figure(f, sel, engine)] for f in now]), Text(sentences, key="sentences")]
    model.sections.append(Section("Kerncijfers", blocks + _notes(notes, "key-figures-notes"), key="key-figures"))
    model.sections.append(Section("Financiële voortgang", [_money(engine, sel, period)], key="money"))
    if geo.regions[sel.region].has_themes:
        model.sections.append(_themes(engine, sel, period))
    elif kpis.has_framework(sel.region):
        model.sections.append(_kpis(engine, sel, period))
    model.sections.append(dialogues(engine, sel, period))
    suppression_note(model)
    return model


def _money(engine: Engine, sel: Selection, period) -> Text | Notice:
    money = {f.indicator: f for f in engine.compute(MONEY, period, sel)}
    budget, forecast = money["budget_eur"], money["forecast_year_end_eur"]
    if budget.value is None:
        return Notice(f"Voor {period.year} is geen budget bekend.")
    text = (
        f"Van het budget van {number(budget.value, '€ mln')} voor {period.year} is tot en met {day(period.end)} "
        f"{figure_text(money['budget_utilisation_pct'], '0,0%')} uitgegeven "
        f"({number(money['spend_eur'].value, '€ mln')} in deze periode)."
    )
    if forecast.value is not None:
        gap = forecast.value - budget.value
        where = (
            "gelijk aan het budget"
            if round(gap, -5) == 0
            else f"{number(abs(gap), '€ mln')} " + ("meer dan het budget" if gap > 0 else "minder dan het budget")
        )
        year_end = number(forecast.value, "€ mln")
        text += f" Als de uitgaven in dit tempo doorgaan, komt het hele jaar uit op {year_end}: {where}."
    return Text(text)


def _themes(engine: Engine, sel: Selection, period) -> Section:
    before, blocks, rows, shown = period.a_year_earlier(), [], [], []
    notes = Notes()
    for theme in "ABCD":
        judged = [i.id for i in CATALOGUE().in_theme(theme) if i.status.rule == "target_path"]
        figs = engine.compute(judged, period, sel)
        shown += figs
        then = {f.indicator: f for f in engine.compute(judged, before, sel)}
        # The heading on a line of its own, then how the theme stands in sentences (issue 28, item 13).
        lines = [f"**{THEME_LABELS[theme]}**\n", theme_summary([(CATALOGUE()[f.indicator], f) for f in figs])]
        headline = [f for f in figs if CATALOGUE()[f.indicator].level in HEADLINE_LEVELS]
        lines += [f"- {change(CATALOGUE()[f.indicator], f, then[f.indicator], notes)}" for f in headline]
        blocks.append(Text("\n".join(lines), key=f"theme-{theme}"))
        blocks += [_trend(engine, sel, period, CATALOGUE()[f.indicator]) for f in headline]
        rows += [
            {
                "Thema": THEME_LABELS[theme],
                "Indicator": CATALOGUE()[f.indicator].name,
                "Waarde": cell(f),
                "Gemeten over": measured(f).words,
                "Status": STATUS_LABELS[f.status],
            }
            for f in figs
        ]
    name = f"raadsrapportage {GEO().name(sel.municipalities[0])} {period}"
    blocks += _notes(notes, "themes-notes")
    blocks.append(Text("Alle thema-indicatoren als tabel:", caption=True))
    blocks.append(Table(name, pd.DataFrame(rows), static=True, key="theme-table"))
    why = not_measurable_note([(CATALOGUE()[f.indicator], f) for f in shown])
    if why:
        blocks.append(Text(why, caption=True, key="theme-table-note"))
    return Section("Resultaten per thema", blocks, key="themes")


def _kpis(engine: Engine, sel: Selection, period) -> Section:
    """The region's KPIs for the municipality: a sentence each against the same span a year
    earlier, and a table with what the region's framework judges each by (its limit, or no
    target in the framework) and the status; the trend of a KPI with a limit against it."""
    before, framework = period.a_year_earlier(), CATALOGUE().frameworks[sel.region]
    groups = CATALOGUE().kpis(sel.region)
    ids = [i.id for _k, _l, members in groups for i in members]
    now = {f.indicator: f for f in engine.compute(ids, period, sel)}
    then = {f.indicator: f for f in engine.compute(ids, before, sel)}
    blocks = [Text(framework.source, caption=True, key="kpis-source")]
    rows, charts, notes = [], [], Notes()
    for _key, label, members in groups:
        lines = [f"**{label}**"]
        for ind in members:
            own, fig = kpis.judged(ind.id, sel.region), now[ind.id]
            lines.append(f"- {change(own, fig, then[ind.id], notes)}")
            rows.append(
                {
                    "Onderdeel": label,
                    "KPI": ind.name,
                    "Waarde": cell(fig),
                    "Gemeten over": measured(fig).words,
                    "Waaraan beoordeeld": kpis.target_line(fig, sel.region).split(" · ")[0],
                    "Status": STATUS_LABELS[fig.status] if own.status.rule != "none" else "–",
                }
            )
            if own.status.rule != "none":
                charts.append(_trend(engine, sel, period, own))
        blocks.append(Text("\n".join(lines), key=f"kpi-group-{_key}"))
    blocks += _notes(notes, "kpis-notes") + charts
    name = f"raadsrapportage {GEO().name(sel.municipalities[0])} {period} kpi's"
    blocks.append(Text("Alle KPI's als tabel:", caption=True))
    blocks.append(Table(name, pd.DataFrame(rows), static=True, key="kpi-table", indicators=ids))
    return Section("Resultaten per KPI", blocks, key="kpis")  # the source below names the framework


def _notes(notes: Notes, key: str) -> list[Text]:
    """The footnotes of a section's sentences, as a caption below them (none without notes)."""
    text = notes.text()
    return [Text(text, caption=True, key=key)] if text else []


def _trend(engine: Engine, sel: Selection, period, ind) -> Chart:
    """An indicator's values for the same span of each year since FIRST_YEAR, with its target path."""
    trend = engine.series(ind.id, series(period.form, FIRST_YEAR, period.year), sel)
    empty = all(f.value is None for f in trend)
    data = {"ind": ind, "figs": trend}
    against = "grens" if ind.status.rule == "ceiling" else "doelpad"
    return Chart("trend_with_path", data, key=f"chart-{ind.id}", title=f"{ind.name}: verloop en {against}", empty=empty)


def dialogues(engine: Engine, sel: Selection, period) -> Section:
    """What the region's performance dialogues about the reports of this period agreed, and how
    far it got (dialogue_log.py): the council hears the dialogues' results. What was agreed is
    read within the engine's scope (issue 27): only region staff read all of the region's."""
    geo = GEO()
    log = dialogue_log.for_extract(engine.runner.extract).within(engine.scope)
    if not log.reads_region(sel.region):
        return Section("Resultaten van de prestatiedialogen", [Notice(RECORDS_ELSEWHERE)], key="dialogues")
    found = log.in_region(sel.region, period.start, period.end)

    frame = pd.DataFrame(
        [
            {
                "Dialoog": f"{signals.dialogue_about(engine, a)}, {a.dialogue.report.words}",
                "Afspraak": a.text,
                "Eigenaar": a.owner,
                "Uiterlijk": day(a.due),
                "Status": "afgerond" if a.status == "done" else "open",
            }
            for a in found
        ],
        columns=["Dialoog", "Afspraak", "Eigenaar", "Uiterlijk", "Status"],
    )
    done = sum(a.status == "done" for a in found)
    agreed = (
        f"{'is' if len(found) == 1 else 'zijn'} {count_words(len(found), 'afspraak', 'afspraken')} vastgelegd, "
        f"waarvan {in_words(done)} afgerond en "
        f"{in_words(len(found) - done)} open"
        if found
        else "zijn geen afspraken vastgelegd"
    )
    blocks = [
        Text(
            f"In de prestatiedialogen van de regio {geo.regions[sel.region].name} over de rapportages van deze "
            f"periode {agreed} (stand op {day(date.today())}).",
            key="dialogues-summary",
        ),
        Table(
            f"afspraken prestatiedialogen {period}", frame, static=True, key="dialogues-table",
            empty_text="Over de rapportages van deze periode zijn geen afspraken vastgelegd.",
        ),
    ]  # fmt: skip
    if any(a.fictitious for a in found):
        blocks.append(Text("De voorbeeldafspraken zijn fictief, net als de voorbeeldgegevens.", caption=True))
    return Section("Resultaten van de prestatiedialogen", blocks, key="dialogues")
