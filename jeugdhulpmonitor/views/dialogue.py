"""Prestatiedialoog: the contract manager's preparation sheet. For a provider (PD1) or a theme or
area (PD2) and a report, the five steering elements at region, municipality and area level.

A report moment is compared with the same moment a year earlier (M8 2029 with M8 2028), so that
spans of equal length stand side by side; the year-end forecast with the forecast of the
previous report of the same year (M8's with M4's). With a provider the money is the provider's:
its lump sum (its parts per municipality in the municipality columns), its spending, the
utilisation of its lump sum and its year-end forecast, never the region's budget.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from jeugdhulpmonitor import dialogue_log
from jeugdhulpmonitor.catalogue import CATALOGUE, STEERING_LABELS
from jeugdhulpmonitor.engine import Engine, Figure, Scope, Selection
from jeugdhulpmonitor.formatting import STATUS_LABELS, day, figure_text, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import (
    SUPPRESSED_VALUE,
    Chart,
    Notice,
    Number,
    PageModel,
    PageView,
    Section,
    Table,
    Text,
    is_mark,
    table_frame,
)
from jeugdhulpmonitor.periods import DIALOGUE_MONTHS, Period, previous_forecast, previous_report, series
from jeugdhulpmonitor.views.common import describe, suppression_note, theme_words, value
from jeugdhulpmonitor.views.meetings import LATE, action_status, meeting_day
from jeugdhulpmonitor.views.themes import FIRST_YEAR

KINDS = {"pd1": "PD1: met een aanbieder", "pd2": "PD2: per thema of gebied"}
# Issue 27: a PD2 dialogue is the region's own (a theme or area, the municipalities' budget, the
# agreements the region recorded); a provider's staff prepare PD1 with their own organisation.
PD2_REFUSED = (
    "Een PD2-dialoog (per thema of gebied) is een dialoog van de regio en is niet beschikbaar voor een "
    "aanbieder. Hieronder staat de PD1-dialoog met uw eigen organisatie."
)
OTHER_PROVIDER = (
    "De gevraagde aanbieder valt buiten uw toegang. Hieronder staat de PD1-dialoog met uw eigen organisatie."
)
RECORDS_REFUSED = (
    "De afspraken uit deze dialoog zijn alleen zichtbaar voor de regio en voor de aanbieder waarover de dialoog gaat."
)
# The money element: a provider against its own lump sum; otherwise the municipalities' budget.
PROVIDER_MONEY = ["lump_sum_eur", "spend_eur", "lump_sum_utilisation_pct", "forecast_year_end_eur"]
REGION_MONEY = ["budget_eur", "spend_eur", "budget_utilisation_pct", "forecast_year_end_eur", "lump_sum_eur"]
FORECAST = "forecast_year_end_eur"
NO_FORECAST = "geen eerdere prognose voor dit jaar"


def indicators(element: str, sel: Selection) -> list[str]:
    """The indicators of one steering element for this selection."""
    if element == "budget":
        return PROVIDER_MONEY if sel.provider else REGION_MONEY
    ids = [i.id for i in CATALOGUE().for_steering(element, sel.region)]
    return [i for i in ids if CATALOGUE()[i].theme in (None, sel.theme)] if sel.theme else ids


def kinds(scope: Scope) -> dict[str, str]:
    """The dialogues a person of this scope prepares: a provider's staff PD1 only (issue 27)."""
    return {"pd1": KINDS["pd1"]} if scope.providers is not None else dict(KINDS)


def within_scope(engine: Engine, view: PageView) -> tuple[PageView, str | None]:
    """The dialogue the engine's scope may have for the one asked, and why it differs (a Dutch
    notice; None when it is the one asked). A provider's staff get PD1 with their own
    organisation, whatever was asked (PD2, another provider): the page, its documents and its
    downloads are all made from this (issue 27)."""
    if engine.scope.providers is None:
        return view, None
    sel, kind = view.selection, view.choice("dialoog", "pd1")
    own = sel.provider if sel.provider in engine.providers else next(iter(engine.providers), None)
    allowed = Selection(region=engine.providers[own][1] if own else sel.region, provider=own)
    if kind == "pd1" and allowed == sel:
        return view, None
    reason = PD2_REFUSED if kind != "pd1" else OTHER_PROVIDER if sel.provider not in (None, own) else None
    return PageView.make(allowed, view.period, **(dict(view.choices) | {"dialoog": "pd1"})), reason


def money_selection(sel: Selection) -> Selection:
    """Money is not known per theme: the money element of a theme dialogue is the whole region's."""
    return replace(sel, theme=None)


def prestatiedialoog(engine: Engine, view: PageView) -> PageModel:
    view, refused = within_scope(engine, view)
    sel, period = view.selection, view.period
    kind = view.choice("dialoog", "pd1")
    a_year_earlier, earlier_forecast = period.a_year_earlier(), previous_forecast(period)
    subject = engine.providers[sel.provider][0] if sel.provider else describe(sel, engine)
    year = period.year + (1 if period.form == "M12" else 0)
    caption = (
        f"{kind.upper()} · {subject} · dialoog van {DIALOGUE_MONTHS[period.form]} {year} over de "
        f"{period.words} · vergeleken met de {a_year_earlier.words}"
    )
    model = PageModel("Prestatiedialoog", caption)
    if refused:
        model.sections.append(Section(None, [Notice(refused, "warning")], key="dialogue-refused"))
    if kind == "pd1" and sel.provider is None:
        model.sections.append(
            Section(
                None,
                [
                    Notice(
                        "Kies een aanbieder in de filters voor de voorbereiding van een PD1-dialoog; "
                        "hieronder staat de hele regio."
                    )
                ],
            )
        )
    elements = []
    for element, label in STEERING_LABELS.items():
        ids = indicators(element, sel)
        if element == "budget" and sel.provider:  # the provider's money is its lump sum, not a budget
            label = "1. Lumpsum, uitgaven en eindejaarsprognose"
        if ids:
            elements.append(_element(engine, view, element, label, ids))
    actions = agreements(engine, view)
    # The order of the meeting (issue 28, item 12): what needs attention first, then the five
    # elements, what was agreed, and the definitions folded at the end, so that the recording form
    # (drawn after the actions) is not below forty paragraphs of definitions.
    model.sections.insert(0, _signals(elements, actions, view, describe(sel, engine)))
    model.sections[0].blocks += _projected(engine, view)
    model.sections += elements
    model.sections += _agreements(engine, view)
    model.sections.append(actions)
    model.sections += _evaluation(engine, view)
    model.sections.append(
        Section(
            "Definities van de indicatoren",
            [Text(f"{CATALOGUE()[i].name}: {CATALOGUE()[i].explanation}", caption=True) for i in _all_ids(sel)],
            key="dialogue-definitions",
            folded=True,
        )
    )
    model.notes = [
        f"Elke waarde staat naast dezelfde rapportage een jaar eerder ({a_year_earlier.words}), zodat even "
        "lange perioden worden vergeleken. De eindejaarsprognose staat naast de prognose van de vorige "
        + (
            f"rapportage van hetzelfde jaar ({earlier_forecast.words})."
            if earlier_forecast
            else "rapportage van hetzelfde jaar; de 4-maandsrapportage is de eerste van het jaar, dus die is er niet."
        ),
        "Het verschil tussen twee percentages staat in procentpunten.",
        f"Gegevensversie {engine.runner.data_version}.",
    ]
    suppression_note(model)
    return model


def _agreements(engine: Engine, view: PageView) -> list[Section]:
    """PD1: the provider's agreements for the year beside what was realised (issue 14)."""
    if view.choice("dialoog", "pd1") != "pd1" or view.selection.provider is None:
        return []
    from jeugdhulpmonitor.views import agreed

    return [agreed.section(engine, view.selection, view.period)]


def _evaluation(engine: Engine, view: PageView) -> list[Section]:
    """PD1: the multi-year evaluation of the provider's contract as known at this report
    (seed 002; views/evaluation.py), with a chart per agreement."""
    if view.choice("dialoog", "pd1") != "pd1" or view.selection.provider is None:
        return []
    from jeugdhulpmonitor.views import evaluation

    return evaluation.sections(engine, view.selection.provider, view.period)


ATTENTION = (STATUS_LABELS["off_track"], STATUS_LABELS["behind"])


def _signals(elements: list[Section], actions: Section, view: PageView, scope: str) -> Section:
    """What needs attention, first: the figures off course or behind, each with its element and
    value as in the element's table, and the agreements past their date (issue 28, item 12)."""
    found = {}  # by indicator: one in two elements (uitval: flows and quality) is one signal
    for section in elements:
        table = next(b for b in section.blocks if isinstance(b, Table))
        frame, level = table.frame, table.frame.columns[1]
        for row in frame.to_dict("records"):
            if row["Status"] in ATTENTION:
                name, element = row[frame.columns[0]], section.title.split(" · ")[0]
                if name in found:
                    found[name]["Onderdeel"] += f"; {element}"
                    continue
                found[name] = {"Indicator": name, "Onderdeel": element, level: row[level], "Status": row["Status"]}
    what = f"Afspraak ({scope})"
    overdue = pd.DataFrame(columns=[what, "Uit de dialoog over", "Eigenaar", "Status"])
    for key in ("actions-previous", "actions-open"):  # late ones are still open: of earlier dialogues
        late = next((b for b in actions.blocks if getattr(b, "key", None) == key), None)
        if late is not None and not late.frame.empty:
            frame = late.frame.rename(columns={late.frame.columns[0]: what})
            if "Uit de dialoog over" not in frame:
                frame["Uit de dialoog over"] = previous_report(view.period).words
            overdue = pd.concat([overdue, frame[frame["Status"].str.startswith(LATE)][list(overdue.columns)]])
    level = elements[0].blocks[1].frame.columns[1] if elements else "Regio"
    columns = ["Indicator", "Onderdeel", level, "Status"]
    found = table_frame(list(found.values()), columns).rename(columns={"Indicator": f"Indicator ({scope})"})
    blocks = [
        Text("Uit koers of achter op het doelpad", key="signals-status-title"),
        Table(
            f"signalen {view.period}", found, static=True, key="signals-status",
            empty_text="Geen indicator staat uit koers of achter op het doelpad.",
        ),
        Text(f"Afspraken over hun uiterlijke datum (bij de dialoog in {_dialogue_words(view.period)})",
             key="signals-overdue-title"),
        Table(
            f"te late afspraken {view.period}", overdue.reset_index(drop=True), static=True, key="signals-overdue",
            empty_text="Geen afspraken over hun uiterlijke datum.",
        ),
    ]  # fmt: skip
    return Section("Eerst: wat vraagt aandacht", blocks, key="dialogue-signals", border=True)


def _projected(engine: Engine, view: PageView) -> list:
    """What the year-end projection says will go off course, the budget or lump sum exceeded and
    agreed young people falling short (issue 29, item 3; views/signals.py)."""
    from jeugdhulpmonitor.views import signals

    return signals.projected_table(engine, view.selection, view.period)


def _all_ids(sel: Selection) -> list[str]:
    return list(dict.fromkeys(i for e in STEERING_LABELS for i in indicators(e, sel)))


def scope_words(element: str, sel: Selection, engine: Engine) -> str:
    """What every figure of an element is about, for its heading (a filter always says so)."""
    if element == "budget" and sel.theme:
        return f"{describe(money_selection(sel), engine)} (geld is niet per thema bekend)"
    return describe(sel, engine)


def _element(engine: Engine, view: PageView, element: str, title: str, ids: list[str]) -> Section:
    sel, period = view.selection, view.period
    if element == "budget":
        sel = money_selection(sel)
    now = _by_level(engine, ids, period, sel)
    before = {f.indicator: f for f in engine.compute(ids, period.a_year_earlier(), sel)}
    earlier = previous_forecast(period)
    forecasts = {}
    if earlier and FORECAST in ids:
        forecasts = {f.indicator: f for f in engine.compute([FORECAST], earlier, sel)}
    if element == "budget":  # a city area's column says its money does not exist, not "–" (item 16)
        for key, figs in now.items():
            if key is not None and any(
                f.area_code and in_part_of_a_municipality(replace(sel, area=f.area_code)) for f in figs.values()
            ):
                now[key] = {i: not_per_area(f) for i, f in figs.items()}
    if element == "budget" and in_part_of_a_municipality(sel):
        now[None] = {i: not_per_area(f) for i, f in now[None].items()}
        before = {i: not_per_area(f) for i, f in before.items()}
        forecasts = {i: not_per_area(f) for i, f in forecasts.items()}
    level = f"Gebied {GEO().name(sel.area)}" if sel.area else "Regio"
    # An area's figures stand beside the whole region's, to compare with (issue 28, item 4).
    region = _region_column(engine, ids, period, sel)
    rows = []
    for ident in ids:
        ind = CATALOGUE().in_region(ident, sel.region)  # its status as the region judges it (item 9)
        current = now[None][ident]
        if ident == FORECAST:
            then = forecasts.get(ident)
            against = f"prognose bij de {earlier.words}" if earlier else NO_FORECAST
        else:
            then, against = before[ident], period.a_year_earlier().words
        row = {
            "Indicator": _label(ind, sel),
            level: cell(current),
            **({label: cell(figs[ident]) for label, figs in region.items()}),
            "Vergeleken met": against,
            "Waarde toen": cell(then) if then else "–",
            "Verandering": difference(current, then),
            "Status": _status(ind, current),
        }
        for key, figs in now.items():
            if key is not None:
                row[key] = cell(figs[ident])
        rows.append(row)
    scope = scope_words(element, view.selection, engine)
    frame = table_frame(rows).rename(columns={"Indicator": f"Indicator ({scope})"})
    places = [key for key in now if key is not None]
    table = Table(
        f"prestatiedialoog {element} {period}", frame, static=True, key=f"element-{element}", places=places,
        groups=column_groups(list(frame.columns), now, sel),
    )  # fmt: skip
    blocks = [Text(f"Alle cijfers: {scope}.", caption=True), table]
    if element == "budget":
        blocks.append(Text(_money_sentence(now[None], sel, period), key="money-sentence"))
    return Section(f"{title} · {scope}", blocks, key=f"section-{element}")


def column_groups(columns: list[str], now: dict, sel: Selection) -> list[tuple[str | None, list[str]]]:
    """The element's table as the screen draws it (issue 28, item 14): with its municipalities and
    areas beside the region it was 20 columns that ran off the right edge; the selection with its
    comparison, the municipalities and the areas each make a table of their own."""
    places = [key for key in now if key is not None]
    # An area's figures carry its code; within a chosen area every column is a municipality's part.
    areas = [k for k in places if sel.area is None and any(f.area_code for f in now[k].values())]
    municipalities = [k for k in places if k not in areas]
    groups = [
        (None, [c for c in columns[1:] if c not in places]),
        ("Per gemeente", municipalities),
        ("Per gebied", areas),
    ]
    return [(title, group) for title, group in groups if group]


# The key counts of the client flows (seed: instroom, uitstroom and the young people in care),
# drawn over the years in the pack (issue 28, item 16).
TRENDS = ("young_people_in_care", "inflow", "outflow")


def trends(engine: Engine, view: PageView) -> list:
    """For the pack's client flows: each key count at the same report of every year since
    FIRST_YEAR, for the dialogue's selection, as a small chart followed by its values in words
    (the chart's text alternative, also in the workbook). The page shows the same counts in its
    table; drawing three more charts at every filter change would slow it."""
    sel, period = view.selection, view.period
    report = period.words.rsplit(" ", 1)[0]  # "8-maandsrapportage"
    scope = describe(sel, engine)
    blocks = []
    for ident in [i for i in TRENDS if i in indicators("client_flows", sel)]:
        ind = CATALOGUE()[ident]
        figs = engine.series(ident, series(period.form, FIRST_YEAR, period.year), sel)
        title = f"{ind.name} per {report}, {FIRST_YEAR}–{period.year} ({scope})"
        empty = all(f.value is None for f in figs)
        blocks.append(
            Chart("trend_with_path", {"ind": ind, "figs": figs}, key=f"trend-{ident}", title=title, empty=empty)
        )
        values = "; ".join(f"{Period.parse(f.period).year}: {figure_text(f, ind.format)}" for f in figs)
        blocks.append(Text(f"{ind.name} bij de {report}: {values}.", caption=True, key=f"trend-{ident}-text"))
    return blocks


MONEY_NOT_PER_AREA = (
    "niet bekend per gebied: geld (budget, lumpsum, uitgaven, prognose) is per gemeente bekend, en dit gebied "
    "is een deel van een gemeente"
)


def in_part_of_a_municipality(sel: Selection) -> bool:
    """Whether the selection's area is part of one municipality (an Amsterdam city area), whose
    money does not exist: money is known per municipality (an area of whole municipalities adds
    theirs; queries/budget_eur.sql)."""
    if sel.area is None:
        return False
    geo = GEO()
    return any(geo.municipalities[m].is_split for m in geo.areas[sel.area].municipalities)


def not_per_area(fig: Figure) -> Figure:
    """A money figure of a city area: "n.v.t. per gebied" with the reason (the engine's
    not_known_at mark and footnote), not "–" (issue 28, item 4)."""
    return replace(fig, value=None, not_known_at="area", note=MONEY_NOT_PER_AREA)


def _region_column(engine: Engine, ids: list[str], period: Period, sel: Selection) -> dict:
    """{"Regio <name>": the whole region's figures} beside an area's; nothing without an area."""
    if sel.area is None:
        return {}
    whole = replace(sel, area=None)
    return {f"Regio {GEO().name(sel.region)}": {f.indicator: f for f in engine.compute(ids, period, whole)}}


def _by_level(engine: Engine, ids: list[str], period: Period, sel: Selection) -> dict:
    """{None: the selection's figures, column label: figures per municipality and per area}.
    Within an area a municipality's figure is its part in the area, headed so ("Amsterdam (deel in
    Noord)"), never under its bare name, which heads the whole municipality's figure; an area
    inside one municipality has no such column, it would repeat the area's (issue 28, item 4)."""
    geo = GEO()
    names = {
        "municipality": lambda f: geo.name(f.municipality_code),
        "area": lambda f: f"gebied {geo.name(f.area_code)}",
    }
    if sel.area is not None:
        names["municipality"] = lambda f: f"{geo.name(f.municipality_code)} (deel in {geo.name(sel.area)})"
    out = {None: {f.indicator: f for f in engine.compute(ids, period, sel)}}
    groups = ["area"] if sel.area is None else []
    if sel.area is None or len(geo.areas[sel.area].municipalities) > 1:
        groups.insert(0, "municipality")
    for by in groups:
        for f in engine.compute(ids, period, sel, by=by):
            out.setdefault(names[by](f), {})[f.indicator] = f
    return out


def _label(ind, sel: Selection) -> str:
    """An indicator's name, with the theme filter where it filters trajectories: "Thema B" on
    Thema's is the region's figure, so a filtered one says so (issue 28, item 2)."""
    if sel.theme and "theme" in ind.known_at():
        return f"{ind.name} ({theme_words(sel.theme)})"
    return ind.name


def _status(ind, fig: Figure):
    """A figure's status; none where it does not exist at the level asked (no "Nog niet meetbaar")."""
    if fig.not_known_at:
        return value(fig)
    return STATUS_LABELS[fig.status] if ind.status.rule != "none" else "–"


def cell(fig: Figure):
    """A figure as a table cell: its text, or its mark (suppressed, or "n.v.t. per aanbieder"
    where it does not exist at the level asked; never a number under it)."""
    shown, fmt = value(fig), CATALOGUE()[fig.indicator].format
    if is_mark(shown):
        return shown
    if fig.value is None or fmt == "datum":
        return figure_text(fig, fmt)
    return Number(figure_text(fig, fmt), fig.value, fmt)  # a workbook holds the number


def difference(now: Figure, then: Figure | None):
    """now - then in the indicator's unit; two percentages differ in percentage points."""
    if then is None or now.value is None or then.value is None:
        return SUPPRESSED_VALUE if now.suppressed or (then is not None and then.suppressed) else "–"
    fmt = CATALOGUE()[now.indicator].format
    if fmt == "datum":
        return "–"
    return Number.change(now.value - then.value, fmt)


def _money_sentence(figs: dict[str, Figure], sel: Selection, period: Period) -> str:
    forecast = figs[FORECAST]
    against = figs["lump_sum_eur"] if sel.provider else figs["budget_eur"]
    what = "de lumpsum van de aanbieder" if sel.provider else "het budget"
    if forecast.not_known_at == "area":  # an area's money does not exist (issue 28, item 4)
        return (
            "Geld is per gemeente bekend, niet per gebied: budget, uitgaven en prognose staan daarom "
            "alleen in de kolom van de regio."
        )
    if forecast.value is None or against.value is None:
        return f"Er is geen eindejaarsprognose naast {what} te zetten voor {period.year}."
    gap = forecast.value - against.value
    where = "gelijk aan" if round(gap, -5) == 0 else ("boven" if gap > 0 else "onder")
    amount = "" if where == "gelijk aan" else f"{number(abs(gap), '€ mln')} "
    return (
        f"Eindejaarsprognose {number(forecast.value, '€ mln')}: {amount}{where} {what} "
        f"({number(against.value, '€ mln')} in {period.year})."
    )


def agreements(engine: Engine, view: PageView) -> Section:
    """What was agreed at this dialogue (dialogue_log.py), and what earlier dialogues about the
    same subject left open: those come back until someone marks them done."""
    sel, kind = view.selection, view.choice("dialoog", "pd1")
    title = "Afspraken uit de dialoog"
    dialogue = dialogue_log.Dialogue.of(kind, sel.region, view.period, sel.provider, sel.theme, sel.area)
    if dialogue is None:
        choose = Text("Kies een aanbieder om de afspraken van de dialoog te zien.")
        return Section(title, [choose], key="dialogue-actions")
    log = dialogue_log.for_extract(engine.runner.extract).within(engine.scope)
    if not log.reads(dialogue):  # e.g. a municipality's staff (the command line's --as-group)
        return Section(title, [Text(RECORDS_REFUSED)], key="dialogue-actions")
    here = log.actions(dialogue)
    # The previous dialogue's actions have a table of their own, done or open: the open ones of
    # earlier dialogues are those before it, so that none is listed twice (issue 28, item 12).
    before = str(previous_report(dialogue.report))
    earlier = [a for a in log.open_before(dialogue) if a.period != before]
    at = meeting_day(view.period)
    what = f"Afspraak ({describe(sel, engine)})"  # every table says its filter in its heading
    this = _recorded(here, what, at)
    still_open = pd.DataFrame(
        [
            {
                what: a.text,
                "Uit de dialoog over": a.dialogue.report.words,
                "Nr.": a.number,
                "Eigenaar": a.owner,
                "Uiterlijk": day(a.due),
                "Status": action_status(a, at),
                "Vastgelegd": day(a.recorded_at.date()),
            }
            for a in earlier
        ],
        columns=[what, "Uit de dialoog over", "Nr.", "Eigenaar", "Uiterlijk", "Status", "Vastgelegd"],
    )
    blocks = [
        Text(f"Vastgelegd bij deze dialoog (over de {view.period.words})", key="actions-this-title"),
        Table(
            f"afspraken {kind} {view.period}", this, static=True, key="actions-this",
            empty_text="Bij deze dialoog zijn nog geen afspraken vastgelegd.",
        ),
        *_previous(log, dialogue, what, kind),
        Text("Nog open uit eerdere dialogen", key="actions-open-title"),
        Table(
            f"open afspraken voor {kind} {view.period}", still_open, static=True, key="actions-open",
            empty_text="Er staan geen afspraken uit eerdere dialogen open.",
        ),
    ]  # fmt: skip
    if any(a.fictitious for a in here + earlier):
        blocks.append(Text("De voorbeeldafspraken zijn fictief, net als de voorbeeldgegevens.", caption=True))
    return Section(title, blocks, key="dialogue-actions")


def _dialogue_words(report: Period) -> str:
    return f"{DIALOGUE_MONTHS[report.form]} {meeting_day(report).year}"


def _recorded(actions: list[dialogue_log.Action], what: str, at: date) -> pd.DataFrame:
    """The actions recorded at one dialogue, each with its status and last change."""
    rows = [
        {
            what: a.text,
            "Nr.": a.number,
            "Eigenaar": a.owner,
            "Uiterlijk": day(a.due),
            "Status": action_status(a, at),
            "Laatst gewijzigd": f"{day(a.at.date())} door {a.who}",
        }
        for a in actions
    ]
    return pd.DataFrame(rows, columns=[what, "Nr.", "Eigenaar", "Uiterlijk", "Status", "Laatst gewijzigd"])


def _previous(log: dialogue_log.Readable, dialogue: dialogue_log.Dialogue, what: str, kind: str) -> list:
    """Everything recorded at the previous dialogue about the same subject, done or still open:
    where the last agreements stand."""
    before = previous_report(dialogue.report)
    recorded = log.actions(replace(dialogue, period=str(before)))
    frame = _recorded(recorded, what, meeting_day(dialogue.report))
    return [
        Text(f"Vastgelegd bij de vorige dialoog (over de {before.words})", key="actions-previous-title"),
        Table(
            f"afspraken vorige dialoog {kind} {before}", frame, static=True, key="actions-previous",
            empty_text="Bij de vorige dialoog zijn geen afspraken vastgelegd.",
        ),
    ]  # fmt: skip
