"""Signals: what needs attention before the year is out (issue 29, item 3), as a short list at
the top of Overzicht and in the council report.

At the 4- and 8-month reports the year-end projection (backtest.year_end and
agreements_year_end, made from protected figures) says what will likely go wrong if the year
runs as earlier years did:

- an indicator projected off its target path (or past its region's limit) at the year's end;
- spending projected above the budget (the selection's, and each municipality's within it);
- a provider's spending projected above its lump sum;
- a provider's agreed number of young people projected to fall short;

and the dialogue log says which agreements from earlier dialogues are past their date
(views/dialogue.action_status, the dialogue's own "te laat sinds").

Each signal is one plain-Dutch sentence with the projected value, its interval and the target,
budget or agreement, and how sure it is in words (`certainty`, docs/forecast.md): "vrijwel
zeker" when the whole interval lies on the wrong side, "waarschijnlijk" when the projection does
but the interval reaches the right side; an overdue agreement is a fact ("zeker"). A figure the
small-count rule hides is never projected (backtest), and a projected count of fewer than 10
young people shows as "<10".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from jeugdhulpmonitor import agreements, backtest, dialogue_log, forecast
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.formatting import FINER, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import Notice, Section, Table, Text, table_frame
from jeugdhulpmonitor.periods import REPORTS, Period
from jeugdhulpmonitor.suppression import MIN_COUNT, SUPPRESSED_TEXT
from jeugdhulpmonitor.views.common import describe
from jeugdhulpmonitor.views.meetings import LATE, action_status, meeting_day

CERTAIN, LIKELY, FACT = "vrijwel zeker", "waarschijnlijk", "zeker"
CERTAINTY_ORDER = (FACT, CERTAIN, LIKELY)
KINDS = ("off_course", "budget", "lump_sum", "young_people", "overdue")
SHOWN = 5  # lines at the top; the whole list below them, folded
SUMMED = 3  # more signals of one kind than this read as one line at the top, naming the largest
SUMMARY = {  # {n} signals of a kind, {sure} of them "vrijwel zeker"
    "off_course": "{n} indicatoren raken naar verwachting uit koers of achter op het doelpad",
    "budget": "{n} gemeenten geven naar verwachting meer uit dan hun budget",
    "lump_sum": "{n} aanbieders geven naar verwachting meer uit dan hun lumpsum",
    "young_people": "{n} aanbieders helpen naar verwachting minder jeugdigen dan afgesproken",
    "overdue": "{n} afspraken uit eerdere dialogen zijn over hun uiterlijke datum",
}
FIRST_DIALOGUE = date(2024, 1, 1)  # the data's first year (backtest.FIRST_YEAR): every dialogue after it

YEAR_OVER = (
    "Over een heel jaar zijn de werkelijke cijfers bekend, dus hier staat geen verwachting voor het jaareinde; die "
    "wordt gemaakt bij de 4- en 8-maandsrapportage en staat in de halfjaarrapportage."
)
WHOLE_YEAR = (
    "De 12-maandsrapportage geeft het hele jaar, dus hier staat geen verwachting voor het jaareinde; die wordt "
    "gemaakt bij de 4- en 8-maandsrapportage."
)
NOT_AT_THIS_PERIOD = (
    "Een verwachting voor het jaareinde wordt gemaakt bij de 4-maandsrapportage (januari–april) en de "
    "8-maandsrapportage (januari–augustus). Kies een van die perioden om te zien wat naar verwachting uit "
    "koers raakt."
)
TOO_EARLY = (
    "Voor {year} is nog geen verwachting voor het jaareinde te maken: er zijn te weinig eerdere jaren om de "
    "rekenwijze aan te toetsen."
)
RULE = (
    "Een verwachting rekent door hoe het jaar in eerdere jaren verliep na dezelfde maanden. De marge is zo breed "
    "als de grootste afwijking die deze rekenwijze in eerdere jaren had; in eerdere jaren lag de werkelijke "
    "uitkomst ongeveer 7 van de 10 keer binnen zo'n marge. **Vrijwel zeker**: de hele marge ligt aan de "
    "verkeerde kant van het doel, budget of de afspraak. **Waarschijnlijk**: de verwachting wel, maar een deel "
    "van de marge niet. Een afspraak over haar uiterlijke datum is **zeker** te laat."
)


@dataclass(frozen=True)
class Signal:
    kind: str  # one of KINDS
    sentence: str  # plain Dutch, with the values
    certainty: str  # CERTAIN, LIKELY or FACT
    why: str  # why so sure, in words
    gap: float = 0.0  # how far past the target, budget or agreement (relative), for the order
    who: str = ""  # whom it is about (a municipality, a provider, an indicator), for a summary

    @property
    def line(self) -> str:
        return f"{self.sentence} **{self.certainty.capitalize()}**: {self.why}."


def certainty(value: float, low: float, high: float, limit: float, above_is_wrong: bool) -> str | None:
    """How sure it is that the year ends on the wrong side of `limit`: None where the projection
    itself is on the right side (no signal); CERTAIN where the whole interval is on the wrong
    side; LIKELY where the projection is but the interval reaches the right side."""

    def wrong(x: float) -> bool:
        return x > limit if above_is_wrong else x < limit

    if not wrong(value):
        return None
    return CERTAIN if wrong(low) and wrong(high) else LIKELY


def _why(sure: str, above: bool, against: str) -> str:
    side = "boven" if above else "onder"
    if sure == CERTAIN:
        return f"ook de gunstigste uitkomst binnen de marge ligt {side} {against}"
    return f"de verwachting ligt {side} {against}, maar de gunstigste uitkomst binnen de marge niet"


def _texts(fmt: str, *values: float) -> list[str]:
    """Values in one format, one step finer where two of them would read the same."""
    shown = [number(v, fmt) for v in values]
    if len(set(shown)) < len(shown) and fmt in FINER:
        shown = [number(v, FINER[fmt]) for v in values]
    return shown


def _people(x: float) -> str:
    """A projected count of young people: below 10 as "<10", as the small-count rule shows one."""
    return SUPPRESSED_TEXT if x < MIN_COUNT else number(x)


def _range(fmt: str, value: float, low: float, high: float, people: bool = False) -> tuple[str, str]:
    """The projected value and "waarschijnlijk tussen ... en ..." in words."""
    if people:
        shown, lo, hi = _people(value), _people(low), _people(high)
    else:
        shown, lo, hi = _texts(fmt, value, low, high)
        if lo == hi:  # still the same: the interval alone a step finer
            lo, hi = _texts(FINER.get(fmt, fmt), low, high)
    return shown, f"waarschijnlijk tussen {lo} en {hi}"


OFF_WORDS = {"off_track": "uit koers", "behind": "achter op het doelpad"}


# --- the projections ------------------------------------------------------------------------
def subject(sel: Selection) -> str:
    """Whose figures, in a sentence: the municipality or area, else "de regio <name>"."""
    geo = GEO()
    if sel.area:
        return f"gebied {geo.name(sel.area)}"
    if sel.municipalities:
        return ", ".join(geo.name(m) for m in sel.municipalities)
    return f"de regio {geo.name(sel.region)}"


def _off_course(engine: Engine, sel: Selection, report: Period) -> list[Signal]:
    """The selection's judged indicators projected off or behind their year-end target path.
    Money is the budget's signal (IJmond/Zuid-Kennemerland's limit on it says the same)."""
    # Only what the region judges against a path or limit can be off course: projecting the rest
    # (the counts of young people, days and events themselves) cost most of a view's time.
    ids = [
        i.id
        for i in CATALOGUE().values()
        if sel.region in i.regions
        and backtest.plan(i).measure not in (None, "money")
        and CATALOGUE().in_region(i, sel.region).status.rule in ("target_path", "ceiling")
    ]
    out = []
    for y in backtest.year_end(engine, ids, report, sel):
        if y.value is None or y.target is None or y.status not in ("off_track", "behind"):
            continue
        ind = engine.catalogue.in_region(engine.catalogue[y.indicator], sel.region)
        above = ind.direction == "lower_is_better"
        sure = certainty(y.value, y.low, y.high, y.target, above) or LIKELY  # behind within tolerance
        fmt = ind.format
        people = ind.kind == "count" and ind.about_people
        shown, between = _range(fmt, y.value, y.low, y.high, people)
        limit = "de grens" if ind.status.rule == "ceiling" else "het doelpad"
        shown_target = _people(y.target) if people else _texts(fmt, y.value, y.target)[1]
        if not people and number(y.value, fmt) == number(y.target, fmt):  # both a step finer
            shown = _texts(fmt, y.value, y.target)[0]
        better = "lager" if above else "hoger"
        side = "boven" if y.value > y.target else "onder"
        sentence = (
            f"Naar verwachting komt ‘{ind.name}’ voor {_filtered(sel, engine)} in {report.year} uit op {shown} "
            f"({between}), {side} {limit} van {shown_target} ({better} is beter): {OFF_WORDS[y.status]}."
        )
        against = f"{limit} van {shown_target}"
        gap = abs(y.value - y.target) / abs(y.target) if y.target else 0.0
        out.append(Signal("off_course", sentence, sure, _why(sure, side == "boven", against), gap, f"‘{ind.name}’"))
    return out


def _filtered(sel: Selection, engine: Engine) -> str:
    """The subject with the provider or theme filter that narrows its figures."""
    words = [subject(sel)]
    if sel.provider:
        words.append(f"aanbieder {engine.providers.get(sel.provider, (sel.provider,))[0]}")
    if sel.theme:
        words.append(f"trajecten met thema {sel.theme}")
    return ", ".join(words)


def _money_selection(sel: Selection) -> Selection:
    """Money is known per municipality, not per theme or provider."""
    return replace(sel, theme=None, provider=None)


def _budget(engine: Engine, sel: Selection, report: Period) -> list[Signal]:
    """Spending projected above the budget: the selection's, and each of its municipalities'."""
    if sel.provider:  # a provider's money is its lump sum (the agreements)
        return []
    sel = _money_selection(sel)
    groups = [None] if sel.municipalities or sel.area else [None, "municipality"]
    out = []
    for by in groups:
        # The budget in force at the report, as the page beside it shows it: a revision later in
        # the year is not known at the report (queries/budget_eur.sql).
        budgets = {f.group_key: f for f in engine.compute("budget_eur", report, sel, by)}
        for y in backtest.year_end(engine, "spend_eur", report, sel, by):
            budget = budgets.get(y.group_key)
            if y.value is None or budget is None or not budget.value or budget.not_known_at:
                continue
            sure = certainty(y.value, y.low, y.high, budget.value, above_is_wrong=True)
            if sure is None:
                continue
            who = GEO().name(y.group_key) if by else subject(sel)
            shown, between = _range("€ mln", y.value, y.low, y.high)
            limit = _texts("€ mln", y.value, budget.value)[1]
            sentence = (
                f"Naar verwachting komen de uitgaven van {who} in {report.year} uit op {shown} ({between}), "
                f"boven het budget van {limit}."
            )
            gap = y.value / budget.value - 1
            out.append(Signal("budget", sentence, sure, _why(sure, True, f"het budget van {limit}"), gap, who))
    return out


def _for_whom(engine: Engine, a: agreements.Agreement) -> str:
    name = engine.providers.get(a.provider_id, (a.provider_id,))[0]
    parts = [f"voor {GEO().name(a.municipality_code)}"] if a.municipality_code else []
    parts += [f"in thema {a.theme}"] if a.theme else []
    return name + (f" ({', '.join(parts)})" if parts else "")


AGREED_ITEMS = ("lump_sum_eur", "young_people_in_care")


def _concerns(a: agreements.Agreement, sel: Selection) -> bool:
    """Whether an agreement is about the selection: a municipality's or area's page has those made
    for its municipalities, a theme's those for its theme, not the providers' whole ones."""
    if sel.municipalities and a.municipality_code not in sel.municipalities:
        return False
    if sel.area and a.municipality_code not in GEO().areas[sel.area].municipalities:
        return False
    return not sel.theme or a.theme == sel.theme


def _agreed(engine: Engine, sel: Selection, report: Period) -> list[Signal]:
    """Providers' spending above their lump sum, and agreed numbers of young people falling short.
    A municipality's, area's or theme's page has the agreements made for it (_concerns)."""
    out = []
    for y in backtest.agreements_year_end(engine, report, sel, AGREED_ITEMS, lambda a: _concerns(a, sel)):
        a = y.agreement
        if y.value is None:
            continue
        money = a.item == "lump_sum_eur"
        sure = certainty(y.value, y.low, y.high, a.agreed, above_is_wrong=money)
        if sure is None:
            continue
        who = _for_whom(engine, a)
        if money:
            shown, between = _range("€ mln", y.value, y.low, y.high)
            limit = _texts("€ mln", y.value, a.agreed)[1]
            sentence = (
                f"Naar verwachting geeft {who} in {report.year} {shown} uit ({between}), boven de lumpsum van {limit}."
            )
            why = _why(sure, True, f"de lumpsum van {limit}")
        else:
            shown, between = _range("0", y.value, y.low, y.high, people=True)
            limit = number(a.agreed)
            sentence = (
                f"Naar verwachting helpt {who} in {report.year} {shown} jeugdigen ({between}), minder dan de "
                f"afgesproken {limit}."
            )
            why = _why(sure, False, f"de afgesproken {limit} jeugdigen")
        gap = abs(y.value - a.agreed) / a.agreed if a.agreed else 0.0
        out.append(Signal("lump_sum" if money else "young_people", sentence, sure, why, gap, who))
    return out


# --- the dialogue log ---------------------------------------------------------------------------
def dialogue_about(engine: Engine, a: dialogue_log.Action) -> str:
    """The dialogue an action was agreed at, in words: "PD1 met Altra", "PD2 over thema B"."""
    if a.kind == "pd1":
        return f"PD1 met {engine.providers.get(a.subject, (a.subject,))[0]}"
    parts = dict(p.split("=", 1) for p in a.subject.split(";"))
    named = [f"thema {parts['thema']}" if parts.get("thema", "*") != "*" else ""]
    named.append(f"gebied {GEO().name(parts['gebied'])}" if parts.get("gebied", "*") != "*" else "")
    return f"PD2 over {', '.join(filter(None, named)) or 'de hele regio'}"


def checked_on(period: Period) -> date:
    """The day an agreement's date is checked against: the dialogue about a report (its meeting
    day, as the dialogue checks it), else the day after the period."""
    return meeting_day(period) if period.form in REPORTS else period.end + timedelta(days=1)


def overdue(engine: Engine, sel: Selection, period: Period) -> tuple[list[Signal], bool]:
    """The open agreements of the region's dialogues up to this period that are past their date,
    as the person may read them (the log within the engine's scope); and whether any is fictitious."""
    if sel.region is None:
        return [], False
    log = dialogue_log.for_extract(engine.runner.extract).within(engine.scope)
    at, out, fictitious = checked_on(period), [], False
    for a in log.in_region(sel.region, FIRST_DIALOGUE, period.end):
        status = action_status(a, at)
        if not status.startswith(LATE):
            continue
        fictitious |= a.fictitious
        sentence = (
            f"De afspraak ‘{a.text}’ uit de {dialogue_about(engine, a)} over de {a.dialogue.report.words} "
            f"(eigenaar: {a.owner}) staat nog open en is {status}."
        )
        out.append(Signal("overdue", sentence, FACT, "de uiterlijke datum is voorbij", (at - a.due).days, a.owner))
    return out, fictitious


# --- the list -----------------------------------------------------------------------------------
def signals(engine: Engine, sel: Selection, report: Period) -> list[Signal]:
    """Every projected signal of a report (M4 or M8), surest and largest first."""
    found = _off_course(engine, sel, report) + _budget(engine, sel, report) + _agreed(engine, sel, report)
    return ordered(found)


def short_list(found: list[Signal]) -> list[str]:
    """The lines at the top: each signal, or one line for a kind with more than SUMMED signals
    (a region's 14 lump sums would fill the list), naming its largest."""
    lines, summed = [], set()
    for s in found:
        same = [x for x in found if x.kind == s.kind]
        if len(same) <= SUMMED:
            lines.append(f"- {s.line}")
        elif s.kind not in summed:
            summed.add(s.kind)
            sure = sum(x.certainty in (FACT, CERTAIN) for x in same)
            largest = [x.who for x in sorted(same, key=lambda x: -x.gap)[:SUMMED]]
            of_which = (
                ""
                if s.kind == "overdue"
                else ", alle vrijwel zeker"
                if sure == len(same)
                else ", alle waarschijnlijk"
                if not sure
                else f", {sure} daarvan vrijwel zeker"
            )
            lines.append(
                f"- {SUMMARY[s.kind].format(n=len(same))}{of_which}; het verst: {', '.join(largest[:-1])} en "
                f"{largest[-1]}. Elk staat in de lijst hieronder."
            )
    return lines[:SHOWN]


def ordered(found: list[Signal]) -> list[Signal]:
    return sorted(found, key=lambda s: (CERTAINTY_ORDER.index(s.certainty), KINDS.index(s.kind), -s.gap))


def projects(engine: Engine, sel: Selection, report: Period) -> bool:
    """Whether the report has projections at all: its spending is projected (the longest and
    steadiest series; before 2027 no method has been tried on two earlier years)."""
    return any(y.value is not None for y in backtest.year_end(engine, "spend_eur", report, _money_selection(sel)))


def projected_at(period: Period) -> Period | None:
    """The report a period's projection is made at: M4 and M8 themselves; the first half year's
    the 4-month report within it (the council's half-year report); none for other periods."""
    if period.form in forecast.CUTS:
        return period
    if period.form == "H1":
        return Period(period.year, "M4")
    return None


def projected_table(engine: Engine, sel: Selection, period: Period) -> list:
    """The projected signals as blocks for the dialogue's "wat vraagt aandacht" (its overdue
    agreements it lists itself): a heading, the rule, and every signal in a table, which the
    dialogue pack's PDF and workbook print as they print the page's other tables."""
    title = Text(f"Naar verwachting bij het jaareinde {period.year}", key="signals-projected-title")
    if period.form not in forecast.CUTS:
        why = WHOLE_YEAR if period.form == "M12" else NOT_AT_THIS_PERIOD
        return [title, Text(why, caption=True, key="signals-projected-rule")]
    found = signals(engine, sel, period)
    empty = (
        "Niets raakt naar verwachting uit koers."
        if projects(engine, sel, period)
        else TOO_EARLY.format(year=period.year)
    )
    frame = table_frame(
        [{"Signaal": s.sentence, "Zekerheid": s.certainty, "Waarom": s.why} for s in found],
        ["Signaal", "Zekerheid", "Waarom"],
    ).rename(columns={"Signaal": f"Signaal ({describe(sel, engine)})"})  # every table says its filter
    return [
        title,
        Text(RULE, caption=True, key="signals-projected-rule"),
        Table(f"verwachte signalen {period}", frame, static=True, key="signals-projected", empty_text=empty),
    ]


def section(
    engine: Engine,
    sel: Selection,
    period: Period,
    report: Period | None = None,
    not_projected: str = NOT_AT_THIS_PERIOD,
) -> list[Section]:
    """The signals as page-model blocks: the short list, then every signal in a folded table.
    `report` is the report the projection is made at (by default the period itself, when it is
    one); `not_projected` says why there is none."""
    report = report if report is not None else (period if period.form in forecast.CUTS else None)
    late, fictitious = overdue(engine, sel, period)
    found = ordered(signals(engine, sel, report) + late) if report else late
    title = "Signalen voor het jaareinde"
    blocks: list = []
    if report is None:
        blocks.append(Notice(not_projected))
    else:
        at = "" if report == period else f" (de laatste prognose binnen het {period.words})"
        blocks.append(
            Text(
                f"Verwachting bij de {report.words}{at}: wat er eind {report.year} uitkomt als de rest van het jaar "
                f"verloopt zoals in eerdere jaren. {RULE}",
                caption=True,
                key="signals-rule",
            )
        )
    if found:
        lines = short_list(found)
        blocks.append(Text("\n".join(lines), key="signals-list"))
        if len(found) > len(lines):
            blocks.append(Text(f"Alle {len(found)} signalen staan in de lijst hieronder.", caption=True))
    elif report and not projects(engine, sel, report):
        blocks.append(Text(TOO_EARLY.format(year=report.year), key="signals-list"))
    else:
        none = "Niets raakt naar verwachting uit koers en geen afspraak is over haar uiterlijke datum."
        blocks.append(Text(none if report else "Geen afspraak is over haar uiterlijke datum.", key="signals-list"))
    if fictitious:
        blocks.append(Text("De voorbeeldafspraken zijn fictief, net als de voorbeeldgegevens.", caption=True))
    sections = [Section(title, blocks, key="signals", border=True)]
    if len(found) > len(short_list(found)):  # not every signal stands as its own line at the top
        frame = table_frame(
            [{"Signaal": s.sentence, "Zekerheid": s.certainty, "Waarom": s.why} for s in found],
            ["Signaal", "Zekerheid", "Waarom"],
        )
        name = f"signalen {describe(sel, engine)} {period}"
        table = Table(name, frame, static=True, key="signals-table")
        sections.append(Section(f"Alle {len(found)} signalen", [table], key="signals-all", folded=True))
    return sections
