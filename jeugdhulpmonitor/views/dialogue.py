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

import pandas as pd

from jeugdhulpmonitor import dialogue_log
from jeugdhulpmonitor.catalogue import CATALOGUE, STEERING_LABELS
from jeugdhulpmonitor.engine import Engine, Figure, Scope, Selection
from jeugdhulpmonitor.formatting import STATUS_LABELS, day, figure_text, number, signed
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import SUPPRESSED_VALUE, Notice, PageModel, PageView, Section, Table, Text, is_mark
from jeugdhulpmonitor.periods import DIALOGUE_MONTHS, Period, previous_forecast, previous_report
from jeugdhulpmonitor.views.common import describe, suppression_note, theme_words, value

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
    for element, label in STEERING_LABELS.items():
        ids = indicators(element, sel)
        if element == "budget" and sel.provider:  # the provider's money is its lump sum, not a budget
            label = "1. Lumpsum, uitgaven en eindejaarsprognose"
        if ids:
            model.sections.append(_element(engine, view, element, label, ids))
    model.sections += _agreements(engine, view)
    model.sections.append(agreements(engine, view))
    model.sections += _evaluation(engine, view)
    model.notes = [
        f"Elke waarde staat naast dezelfde rapportage een jaar eerder ({a_year_earlier.words}), zodat even "
        "lange perioden worden vergeleken. De eindejaarsprognose staat naast de prognose van de vorige "
        + (
            f"rapportage van hetzelfde jaar ({earlier_forecast.words})."
            if earlier_forecast
            else "rapportage van hetzelfde jaar; de 4-maandsrapportage is de eerste van het jaar, dus die is er niet."
        ),
        "Het verschil tussen twee percentages staat in procentpunten.",
        *(f"{CATALOGUE()[i].name}: {CATALOGUE()[i].explanation}" for i in _all_ids(sel)),
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
    level = f"Gebied {GEO().name(sel.area)}" if sel.area else "Regio"
    rows = []
    for ident in ids:
        ind = CATALOGUE()[ident]
        current = now[None][ident]
        if ident == FORECAST:
            then = forecasts.get(ident)
            against = f"prognose bij de {earlier.words}" if earlier else NO_FORECAST
        else:
            then, against = before[ident], period.a_year_earlier().words
        row = {
            "Indicator": _label(ind, sel),
            level: cell(current),
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
    frame = pd.DataFrame(rows).rename(columns={"Indicator": f"Indicator ({scope})"})
    table = Table(f"prestatiedialoog {element} {period}", frame, static=True, key=f"element-{element}")
    blocks = [Text(f"Alle cijfers: {scope}.", caption=True), table]
    if element == "budget":
        blocks.append(Text(_money_sentence(now[None], sel, period), key="money-sentence"))
    return Section(f"{title} · {scope}", blocks, key=f"section-{element}")


def _by_level(engine: Engine, ids: list[str], period: Period, sel: Selection) -> dict:
    """{None: the selection's figures, column label: figures per municipality and per area}."""
    geo = GEO()
    names = {
        "municipality": lambda f: geo.name(f.municipality_code),
        "area": lambda f: f"gebied {geo.name(f.area_code)}",
    }
    out = {None: {f.indicator: f for f in engine.compute(ids, period, sel)}}
    groups = ["municipality"] + (["area"] if sel.area is None else [])
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
    shown = value(fig)
    return shown if is_mark(shown) else figure_text(fig, CATALOGUE()[fig.indicator].format)


def difference(now: Figure, then: Figure | None):
    """now - then in the indicator's unit; two percentages differ in percentage points."""
    if then is None or now.value is None or then.value is None:
        return SUPPRESSED_VALUE if now.suppressed or (then is not None and then.suppressed) else "–"
    fmt = CATALOGUE()[now.indicator].format
    if fmt == "datum":
        return "–"
    delta = now.value - then.value
    if fmt.endswith("%"):
        return f"{signed(delta, '0,0')} procentpunt"
    return signed(delta, fmt)


def _money_sentence(figs: dict[str, Figure], sel: Selection, period: Period) -> str:
    forecast = figs[FORECAST]
    against = figs["lump_sum_eur"] if sel.provider else figs["budget_eur"]
    what = "de lumpsum van de aanbieder" if sel.provider else "het budget"
    if forecast.value is None or against.value is None:
        return f"Er is geen eindejaarsprognose naast {what} te zetten voor {period.year}."
    gap = forecast.value - against.value
    where = "gelijk aan" if round(gap, -5) == 0 else ("boven" if gap > 0 else "onder")
    amount = "" if where == "gelijk aan" else f"{number(abs(gap), '€ mln')} "
    return (
        f"Eindejaarsprognose {number(forecast.value, '€ mln')}: {amount}{where} {what} "
        f"({number(against.value, '€ mln')} in {period.year})."
    )


ACTION_STATUS = {"open": "open", "done": "afgerond"}


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
    here, earlier = log.actions(dialogue), log.open_before(dialogue)
    what = f"Afspraak ({describe(sel, engine)})"  # every table says its filter in its heading
    this = _recorded(here, what)
    still_open = pd.DataFrame(
        [
            {
                what: a.text,
                "Nr.": a.action,
                "Uit de dialoog over": a.dialogue.report.words,
                "Eigenaar": a.owner,
                "Uiterlijk": day(a.due),
                "Vastgelegd": day(a.recorded_at.date()),
            }
            for a in earlier
        ],
        columns=[what, "Nr.", "Uit de dialoog over", "Eigenaar", "Uiterlijk", "Vastgelegd"],
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


def _recorded(actions: list[dialogue_log.Action], what: str) -> pd.DataFrame:
    """The actions recorded at one dialogue, each with its status and last change."""
    rows = [
        {
            what: a.text,
            "Nr.": a.action,
            "Eigenaar": a.owner,
            "Uiterlijk": day(a.due),
            "Status": ACTION_STATUS[a.status],
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
    frame = _recorded(recorded, what)
    return [
        Text(f"Vastgelegd bij de vorige dialoog (over de {before.words})", key="actions-previous-title"),
        Table(
            f"afspraken vorige dialoog {kind} {before}", frame, static=True, key="actions-previous",
            empty_text="Bij de vorige dialoog zijn geen afspraken vastgelegd.",
        ),
    ]  # fmt: skip
