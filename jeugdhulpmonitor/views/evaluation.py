"""Evaluatie: the multi-year evaluation of a provider's contract (contract_years.py measures it,
with each region's own terms: seeds 001 and 002). The contract and its evaluation moments with what
was known at each, the results per contract year, every agreement per year beside what was realised, and a
chart per agreement. The PD1 dialogue pack holds the same sections (views/dialogue.py)."""

from __future__ import annotations

import pandas as pd

from jeugdhulpmonitor import contract_years
from jeugdhulpmonitor.agreements import PLACES, WHOLE_YEAR, Agreement
from jeugdhulpmonitor.catalogue import THEME_LABELS
from jeugdhulpmonitor.contract_years import ContractYear, Moment, Terms
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.formatting import STATUS_LABELS, day
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import Chart, Notice, Number, PageModel, PageView, Section, Table, Text, table_frame
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.views.common import describe, hidden, suppression_note

TITLE = "Evaluatie"
NOT_REACHED = "nog niet bereikt"
STATES = {"done": "afgerond", "future": NOT_REACHED}
COUNTED = ("on_track", "behind", "off_track", "not_measurable")


def evaluatie(engine: Engine, view: PageView) -> PageModel:
    sel, period = view.selection, view.period
    model = PageModel(TITLE, f"{describe(sel, engine)} · stand bij de {period.words}")
    if sel.provider is None:
        choose = Notice("Kies een aanbieder in de filters: de evaluatie gaat over het contract met één aanbieder.")
        model.sections.append(Section(None, [choose], key="choose-provider"))
        return model
    model.sections += sections(engine, sel.provider, period)
    model.notes = [
        "Een contractjaar is een kalenderjaar; contractjaar 1 is het beginjaar van het contract. Het beginjaar staat "
        "per regio (of per aanbieder) in de configuratie van de monitor.",
        f"Een aantal jeugdigen telt pas over het hele jaar; in een lopend jaar is het "
        f"{STATUS_LABELS['not_measurable'].lower()}.",
        f"Gegevensversie {engine.runner.data_version}.",
    ]
    suppression_note(model)
    return model


def sections(engine: Engine, provider: str, period: Period) -> list[Section]:
    """The evaluation of one provider's contract as known at the end of `period`."""
    terms, years = contract_years.contract_years(engine, provider, period)
    moments = contract_years.moments(terms, years)
    name, region = engine.providers[provider]
    scope = describe(Selection(region=region, provider=provider), engine)  # every table's first column says it
    return [
        _moments(name, scope, terms, moments, period),
        _per_year(name, scope, years, period),
        _results(name, scope, years, period),
        _charts(name, years),
    ]


def _moments(name: str, scope: str, terms: Terms, moments: list[Moment], period: Period) -> Section:
    about = Text(_terms_sentence(name, terms, moments), key="evaluation-terms")
    rows = []
    for m in moments:
        judged = [a for a in m.results() if a.status in contract_years.JUDGED]
        rows.append(
            {
                f"Evaluatiemoment ({scope})": f"na jaar {m.after}",
                "Peildatum": day(m.on),
                "Over de jaren": f"{terms.start}–{terms.year(m.after)}",
                "Stand": "bereikt" if m.reached else NOT_REACHED,
                "Beoordeelde afspraken": len(judged) if m.reached else None,
                **{STATUS_LABELS[s]: m.count(s) if m.reached else None for s in contract_years.JUDGED},
            }
        )
    frame = pd.DataFrame(rows)
    counts = {c: "0" for c in frame.columns[4:]}
    table = Table(f"evaluatiemomenten {name} {period}", frame, counts, static=True, key="evaluation-moments")
    lines = "\n".join(f"- {_moment_sentence(m, period)}" for m in moments)
    return Section("Evaluatiemomenten", [about, table, Text(lines, key="evaluation-moment-sentences")], key="moments")


def _terms_sentence(name: str, terms: Terms, moments: list[Moment]) -> str:
    text = f"Het contract met {name} loopt {terms.length} jaar, van {terms.start} tot en met {terms.last}"
    if terms.options:
        count = {1: "één optie", 2: "twee opties", 3: "drie opties"}.get(
            len(terms.options), f"{len(terms.options)} opties"
        )
        if len(set(terms.options)) == 1:
            length = f"{'elk ' if len(terms.options) > 1 else ''}{terms.options[0]} jaar"
        else:
            length = " en ".join(str(n) for n in terms.options) + " jaar"
        text += f", met {count} tot verlenging van {length} (uiterlijk tot en met {terms.final})"
    text += "."
    if moments:
        after = [f"na jaar {m.after}" for m in moments]
        listed = after[0] if len(after) == 1 else ", ".join(after[:-1]) + " en " + after[-1]
        text += f" {listed[0].upper()}{listed[1:]} wordt de aanbieder geëvalueerd op de afspraken van de jaren tot dan."
    return text


def _moment_sentence(m: Moment, period: Period) -> str:
    if not m.reached:
        return f"Na jaar {m.after} ({day(m.on)}): {NOT_REACHED}; bij de {period.words} is dit jaar nog niet voorbij."
    judged = [a for a in m.results() if a.status in contract_years.JUDGED]
    if not judged:
        return f"Na jaar {m.after} ({day(m.on)}): er zijn over deze jaren geen afspraken te beoordelen."
    counts = ", ".join(f"{m.count(s)} {STATUS_LABELS[s].lower()}" for s in contract_years.JUDGED)
    return f"Na jaar {m.after} ({day(m.on)}): van de {len(judged)} beoordeelde afspraken waren er {counts}."


def _state(y: ContractYear) -> str:
    return f"lopend, tot en met de {y.measured.words}" if y.state == "running" else STATES[y.state]


def _per_year(name: str, scope: str, years: list[ContractYear], period: Period) -> Section:
    rows = [
        {
            f"Contractjaar ({scope})": y.number,
            "Jaar": str(y.year),
            "Stand": _state(y),
            "Afspraken": len(y.results) if y.state != "future" else None,
            **{STATUS_LABELS[s]: y.count(s) if y.state != "future" else None for s in COUNTED},
        }
        for y in years
    ]
    frame = pd.DataFrame(rows)
    counts = {c: "0" for c in frame.columns[3:]}
    table = Table(f"resultaten per contractjaar {name} {period}", frame, counts, static=True, key="evaluation-years")
    return Section("Resultaten per contractjaar", [table], key="years")


def label(a: Agreement) -> str:
    """An agreement in words with its own scope (municipality, theme) where it names one."""
    parts = [a.label]
    if a.municipality_code:
        parts.append(GEO().name(a.municipality_code))
    if a.theme:
        parts.append(THEME_LABELS.get(a.theme, a.theme))
    return " · ".join(parts)


def realised(a: Agreement):
    if a.hidden and a.figure is not None:
        return hidden(a.figure)
    return Number.of(a.realised, a.format)


def _results(name: str, scope: str, years: list[ContractYear], period: Period) -> Section:
    first = f"Contractjaar ({scope})"
    frame = table_frame(
        [
            {
                first: y.number,
                "Jaar": str(y.year),
                "Afspraak": label(a),
                "Afgesproken": Number.of(a.agreed, a.format),
                "Gerealiseerd": realised(a),
                "Gemeten over": y.measured.words,
                "Status": STATUS_LABELS[a.status],
                "Toelichting": a.note,
            }
            for y in years
            for a in y.results
        ],
        columns=[first, "Jaar", "Afspraak", "Afgesproken", "Gerealiseerd", "Gemeten over", "Status", "Toelichting"],
    )
    items = sorted({a.item for y in years for a in y.results} - {PLACES})
    table = Table(
        f"afspraken per contractjaar {name} {period}", frame, static=True, key="evaluation-results",
        empty_text="Met deze aanbieder zijn voor de contractjaren tot nu toe geen afspraken geleverd.",
        indicators=items,
    )  # fmt: skip
    about = Text(
        "Elke afspraak gemeten zoals op de pagina Financiën en in de prestatiedialoog: voor de eigen gemeente en het "
        "eigen thema, met de status volgens de regels van de doelen. Lumpsums per thema staan er niet in: uitgaven "
        "zijn niet per thema bekend.",
        caption=True,
    )
    return Section("Afspraken per contractjaar", [about, table], key="results")


def _charts(name: str, years: list[ContractYear]) -> Section:
    """Per agreement, agreed and realised per contract year (a year-to-date count is left out:
    it still grows)."""
    known = [y for y in years if y.state != "future"]
    keys = list(dict.fromkeys((a.item, a.municipality_code, a.theme) for y in known for a in y.results))
    blocks = []
    for item, muni, theme in keys:
        found = {
            y.year: a for y in known for a in y.results if (a.item, a.municipality_code, a.theme) == (item, muni, theme)
        }
        first = next(iter(found.values()))
        x = [f"{y.number} ({y.year})" for y in known]
        agreed = [found[y.year].agreed if y.year in found else None for y in known]
        real = [_plotted(found.get(y.year)) for y in known]
        title = f"{label(first)}: afgesproken en gerealiseerd per contractjaar ({name})"
        data = {
            "x": x,
            "series": {"Afgesproken": agreed, "Gerealiseerd": real},
            "x_title": "Contractjaar",
            "y_title": first.label,
            "format": first.format,  # a lump sum's axis in euros
        }
        key = "chart-evaluation-" + "-".join(filter(None, (item, muni, theme)))
        blocks.append(Chart("counts_over_time", data, key=key, title=title, empty=all(v is None for v in real)))
    if not blocks:
        blocks.append(Text("Er zijn nog geen afspraken om in een grafiek te zetten.", caption=True))
    return Section("Verloop per afspraak en contractjaar", blocks, key="evaluation-charts")


def _plotted(a: Agreement | None) -> float | None:
    if a is None or a.hidden or a.realised is None or a.note == WHOLE_YEAR:
        return None
    return a.realised
