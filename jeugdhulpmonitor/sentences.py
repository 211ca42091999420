"""Short automatic Dutch sentences for council members, from the engine's figures.

Plain Dutch for someone who does not know the field (issue 28, item 13):

- a sentence starts with its subject ("Het aantal jeugdigen in zorg daalde van 317 in het
  eerste halfjaar 2025 naar 306 in het eerste halfjaar 2026."), never with a label followed by a
  verb ("Jeugdigen in zorg daalde");
- an indicator whose name is a change ("Verandering nieuwe uithuisplaatsingen t.o.v. 2026") says what
  happened to the thing itself ("Het aantal nieuwe uithuisplaatsingen was 5,3% lager dan in het
  eerste halfjaar 2026, de nulmeting.") and its target as "5,0% minder dan in 2026", never a
  signed number under a name (once "Afname …: -5,3%", a double negative);
- a figure of another period than the report's (a delivered figure, a yearly measurement) says
  which period, with a footnote mark whose note (`Notes`) says why;
- "nog niet meetbaar" says why: 2026 is the year of the baseline (nulmeting) and from which
  report a status can be given, or that the figure is not known for a municipality, rests on too
  few young people, or is complete only some time after its period.

Periods are in words, never codes.
"""

from __future__ import annotations

from datetime import timedelta

from jeugdhulpmonitor.catalogue import LEVEL_WORDS, Indicator
from jeugdhulpmonitor.engine import Figure
from jeugdhulpmonitor.formatting import NOT_YET_COMPLETE, STATUS_LABELS, day, figure_text, number
from jeugdhulpmonitor.periods import BASELINE_YEAR, Period

# Each indicator as the subject of a sentence, singular (the verbs are "steeg", "daalde", "was").
# An indicator without an entry reads as 'de indicator "<name>"', still a sentence; a change
# against 2026 names the quantity that changes.
SUBJECTS = {
    "young_people_in_care": "het aantal jeugdigen in zorg",
    "inflow": "het aantal jeugdigen dat in zorg kwam (instroom)",
    "outflow": "het aantal jeugdigen dat uit zorg ging (uitstroom)",
    "out_of_home": "het aantal jeugdigen met verblijf",
    "waiting_days_median": "de wachttijd tot de start van de hulp (mediaan)",
    "waiting_list": "het aantal wachtende aanvragen (wachtlijst)",
    "trajectory_days_median": "de duur van beëindigde trajecten (mediaan)",
    "early_termination_pct": "het aandeel trajecten dat voortijdig eindigde (uitval)",
    "goal_attainment_pct": "het aandeel beëindigde trajecten waarin de doelen zijn bereikt",
    "no_new_care_within_year_pct": "het aandeel jeugdigen zonder nieuwe jeugdhulp binnen een jaar",
    "effect_satisfaction_pct": "het aandeel cliënten dat vindt dat de hulp heeft geholpen",
    "budget_eur": "het budget voor aanvullende jeugdhulp",
    "lump_sum_eur": "de lumpsum van de aanbieders",
    "spend_eur": "het bedrag aan uitgaven",
    "budget_utilisation_pct": "het deel van het budget dat is uitgegeven",
    "lump_sum_utilisation_pct": "het deel van de lumpsum dat is uitgegeven",
    "forecast_year_end_eur": "de eindejaarsprognose (de verwachte uitgaven over het hele jaar)",
    "forecast_budget_pct": "het deel van het budget dat naar verwachting over het hele jaar wordt uitgegeven",
    "delivery_on_time_pct": "het aandeel rapportages dat op tijd is aangeleverd",
    "delivery_complete_pct": "het aandeel volledig aangeleverde gegevens",
    "client_satisfaction_score": "het rapportcijfer dat cliënten de hulp geven",
    "complaints_per_1000_clients": "het aantal klachten per 1.000 cliënten",
    "care_continuity_pct": "het aandeel jeugdigen van wie de hulp bij een overgang zonder onderbreking doorliep",
    "continuity_at_handover_pct": "het aandeel overdrachten waarbij de hulp zonder onderbreking doorliep",
    "complaints_received": "het aantal ontvangen klachten",
    "complaints_handled_in_time_pct": "het aandeel klachten dat binnen zes weken is afgehandeld",
    "regular_education_pct": "het aandeel jeugdigen in zorg dat regulier onderwijs volgt",
    "day_treatment_change_vs_2026": "het aantal dagbehandelingsplekken",
    "school_based_help_pct": "het aandeel trajecten met hulp op school of in de kinderopvang",
    "schools_with_expert_pct": "het aandeel scholen met een vaste jeugdhulpprofessional",
    "out_of_home_per_1000": "het aantal uithuisplaatsingen per 1.000 jeugdigen",
    "stable_perspective_pct": "het aandeel jeugdigen met een stabiel perspectief",
    "participation_two_domains_pct": "het aandeel jeugdigen dat meedoet op minstens twee leefdomeinen",
    "residential_days_change_vs_2026": "het aantal verblijfsdagen",
    "intensive_at_imminent_pct": (
        "het aandeel trajecten bij een dreigende uithuisplaatsing waarin intensieve ambulante hulp is ingezet"
    ),
    "new_out_of_home_change_vs_2026": "het aantal nieuwe uithuisplaatsingen",
    "residential_days": "het aantal verblijfsdagen",
    "new_out_of_home": "het aantal nieuwe uithuisplaatsingen",
    "feedback_used_score": "het oordeel over hoe feedback wordt verwerkt in beleid en bedrijfsvoering",
    "professionals_trained_pct": "het aandeel professionals dat is opgeleid in intensief ambulant werken",
    "own_network_support_pct": "het aandeel jeugdigen en ouders dat steun krijgt uit het eigen netwerk",
    "collective_forms_pct": "het aandeel trajecten in een collectieve of groepsvorm",
    "local_teams_with_specialist_pct": "het aandeel lokale teams met specialistische expertise",
    "youth_suspects_per_1000": "het aantal jeugdige verdachten per 1.000 jeugdigen",
    "independent_living_16plus_pct": (
        "het aandeel jongeren van 16 jaar en ouder dat na het traject zelfstandig of begeleid woont"
    ),
    "safety_trained_pct": "het aandeel professionals dat is getraind in veiligheid",
}
UNITS = {"median_days": " dagen", "days": " dagen"}  # after a number of that kind
STATUS_CLAUSES = {
    "on_track": "Daarmee ligt het cijfer op koers.",
    "behind": "Daarmee loopt het cijfer achter op het doelpad.",
    "off_track": "Daarmee ligt het cijfer uit koers.",
}
# Why a figure of another period is shown (the footnotes), by the form of its measured period.
WHY_ANOTHER_PERIOD = {
    "report": (
        "De aanbieders leveren dit cijfer aan bij hun rapportages over de eerste 4, 8 of 12 maanden van "
        "het jaar, niet per halfjaar of kwartaal. Getoond wordt de laatste rapportage die vóór het einde van "
        "de periode afliep."
    ),
    "year": (
        "Dit cijfer wordt over een heel jaar gemeten, niet per halfjaar of kwartaal. Getoond wordt de "
        "laatste meting over een jaar dat vóór het einde van de periode afliep."
    ),
    "span": (
        "Dit cijfer wordt over een andere periode gemeten. Getoond wordt de laatste meting die vóór het einde van "
        "de periode afliep."
    ),
}
# The same, short, where a sentence has no footnotes to point to (`when` without notes).
WHY_IN_BRACKETS = {
    WHY_ANOTHER_PERIOD["report"]: "het laatste cijfer dat de aanbieders vóór het einde van de periode aanleverden",
    WHY_ANOTHER_PERIOD["year"]: "de laatste meting over een heel jaar",
    WHY_ANOTHER_PERIOD["span"]: "de laatste meting vóór het einde van de periode",
}
CEILING_CLAUSES = {
    "on_track": "het cijfer blijft daaronder",
    "behind": "het cijfer ligt er net boven",
    "off_track": "het cijfer ligt erboven",
}
MARKS = "¹²³⁴⁵⁶⁷⁸⁹"
_WORDS = ["geen", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf"]
_MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


class Notes:
    """The footnotes of a page's sentences: each distinct note gets the next mark (¹, ², …)."""

    def __init__(self) -> None:
        self._marks: dict[str, str] = {}

    def mark(self, note: str) -> str:
        if note not in self._marks:
            self._marks[note] = MARKS[min(len(self._marks), len(MARKS) - 1)]
        return self._marks[note]

    def text(self) -> str | None:
        """The notes as one caption, each on its own line after its mark; None without notes."""
        return "\n\n".join(f"{m} {note}" for note, m in self._marks.items()) or None


def subject(ind: Indicator) -> str:
    if ind.kind == "milestone":
        return SUBJECTS.get(ind.id, f'de mijlpaal "{ind.name}"')
    return SUBJECTS.get(ind.id, f'de indicator "{ind.name}"')


def _capital(text: str) -> str:
    """The text with a capital first letter ('Eén', as Dutch capitalises 'één')."""
    if text.startswith("één"):
        return "Eén" + text[3:]
    return text[:1].upper() + text[1:]


# A subject with a clause of its own ("het aandeel jongeren dat … woont") is closed with a
# comma before its verb, so the sentence's verb is not read as the clause's.
_CLAUSES = (" dat ", " die ", " waarin ", " waarbij ", " van wie ")


def _opening(subject: str) -> str:
    """A subject that opens a sentence and is followed by its verb."""
    closed = subject.endswith(")")  # "(instroom)" already closes the clause
    return _capital(subject) + ("," if any(c in subject for c in _CLAUSES) and not closed else "")


def in_words(n: int) -> str:
    """Small numbers in words, as Dutch prose writes them ('één', 'drie'), larger ones in digits."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def count_words(n: int, one: str, many: str) -> str:
    """'één indicator', 'drie indicatoren', '14 indicatoren'."""
    return f"{in_words(n)} {one if n == 1 else many}"


def measured(fig: Figure) -> Period:
    """The period a figure was measured in: its own, or the earlier delivery it falls back on."""
    return Period.parse(fig.measured_period or fig.period)


def of_another_period(fig: Figure) -> bool:
    """Whether a figure's measured span differs from the span it is shown for (the 8-month
    report is January to August, not the second half year; a 12-month report is the year)."""
    shown, was = Period.parse(fig.period), measured(fig)
    return (was.start, was.end) != (shown.start, shown.end)


def _the(period: Period) -> str:
    """'het eerste halfjaar 2027', '2026', 'januari tot en met april 2027' (a report's months)."""
    if period.form == "Y":
        return str(period.year)
    if period.form == "M12":
        return str(period.year)  # January to December: the year
    if period.form.startswith("M"):
        return f"januari tot en met {_MONTHS[period.months[1] - 1]} {period.year}"
    return f"het {period.words}"


def _span(period: Period) -> str:
    return f"in {_the(period)}"


def when(fig: Figure, notes: Notes | None = None) -> str:
    """When a figure was measured ('in het eerste halfjaar 2027'), with a footnote mark where
    that is another period than the one it is shown for; without `notes` the reason follows in
    brackets."""
    text = _span(measured(fig))
    if of_another_period(fig):
        why = _why(fig)
        text += notes.mark(why) if notes is not None else f" ({WHY_IN_BRACKETS[why]})"
    return text


def _why(fig: Figure) -> str:
    form = measured(fig).form
    if form.startswith("M"):
        return WHY_ANOTHER_PERIOD["report"]
    return WHY_ANOTHER_PERIOD["year" if form == "Y" else "span"]


def _value(fig: Figure, ind: Indicator) -> str:
    text = figure_text(fig, ind.format)
    return "minder dan 10" if text.startswith("<") else text + UNITS.get(ind.kind, "")


def _not_yet_complete(fig: Figure) -> bool:
    return fig.value is None and (fig.note or "").startswith(NOT_YET_COMPLETE + ":")


def not_measurable_reason(ind: Indicator, fig: Figure) -> str | None:
    """Why a judged figure has no status, finishing "… is nog niet meetbaar: <reason>"; None
    when it has a status or is not judged against a target path at all."""
    if fig.status != "not_measurable" or ind.status.rule not in ("target_path", "milestone"):
        return None
    if ind.status.rule == "milestone" and not fig.not_known_at:
        return "de mijlpaal is nog niet bereikt en de uiterste datum is nog niet voorbij"
    shown = Period.parse(fig.period)
    if fig.not_known_at:
        return f"het cijfer is niet per {LEVEL_WORDS[fig.not_known_at]} bekend"
    if fig.target_path is None and fig.target_2028 is None and fig.baseline is not None:
        return None  # no target here (a region's framework that sets none): followed, not judged
    if fig.suppressed:
        return "het cijfer rust op minder dan 10 jeugdigen en wordt daarom niet getoond"
    if _not_yet_complete(fig):
        return f"het cijfer is pas {ind.measurable_after_days} dagen na het einde van de periode volledig"
    if shown.year <= BASELINE_YEAR:
        return baseline_year_reason(shown)
    if fig.value is None:
        return "er is over deze periode geen cijfer"
    if measured(fig).year <= BASELINE_YEAR:
        return (
            f"de laatste meting is van {BASELINE_YEAR}, het jaar van de nulmeting; een beoordeling volgt bij de "
            "eerste meting daarna"
        )
    if fig.baseline_suppressed:
        return "de nulmeting rust op minder dan 10 jeugdigen, zodat er geen doelpad is"
    return f"er is geen nulmeting over {BASELINE_YEAR}, zodat er geen doelpad is"


def baseline_year_reason(period: Period) -> str:
    """Why nothing is judged in a 2026 period, and from which report on it is."""
    first = period.with_year(BASELINE_YEAR + 1)
    return (
        f"{BASELINE_YEAR} is het jaar van de nulmeting; de eerste beoordeling tegen het doel is die over {_the(first)}"
    )


def change(ind: Indicator, now: Figure, before: Figure, notes: Notes | None = None) -> str:
    """How a figure moved between two periods (a year apart), with its 2028 target and status."""
    s, shown = subject(ind), Period.parse(now.period)
    if now.not_known_at:
        text = f"{_opening(s)} is niet per {LEVEL_WORDS[now.not_known_at]} bekend: {_known_only(ind)}."
    elif ind.kind == "change_vs_baseline":
        text = _against_baseline(ind, now, s, notes)
    elif ind.kind == "milestone":
        return _milestone(ind, now, s)
    elif now.suppressed:
        text = _suppressed(ind, now, s, notes)
    elif _not_yet_complete(now):
        ready = shown.end + timedelta(days=ind.measurable_after_days)
        text = (
            f"Over {_the(shown)} is {s} nog niet bekend: dat cijfer is pas {ind.measurable_after_days} dagen na "
            f"het einde van de periode volledig, vanaf {day(ready)}."
        )
    elif now.value is None:
        text = f"Over {_the(shown)} is er nog geen cijfer voor {s}."
    elif before.value is None or before.suppressed or before.not_known_at:
        text = (
            f"{_opening(s)} was {_value(now, ind)} {when(now, notes)}; over "
            f"{_the(Period.parse(before.period))} is er geen cijfer om mee te vergelijken."
        )
    elif measured(now) == measured(before):
        text = f"{_opening(s)} was {_value(now, ind)} {when(now, notes)}; sindsdien is het niet opnieuw gemeten."
    else:
        a, b = _value(before, ind), _value(now, ind)
        if a == b:
            text = f"{_opening(s)} was {b}, zowel {when(before, notes)} als {when(now, notes)}."
        else:
            verb = "steeg" if now.value > before.value else "daalde"
            text = f"{_opening(s)} {verb} van {a} {when(before, notes)} naar {b} {when(now, notes)}."
    return " ".join(filter(None, [text, _target(ind, now), _status(ind, now)]))


def _milestone(ind: Indicator, now: Figure, s: str) -> str:
    """A milestone is reached on a date or not yet; its status says whether that was in time."""
    due = f"uiterlijk {day(ind.status.due)}" if ind.status.due else ""
    if now.milestone_date:
        reached = f"{_opening(s)} is bereikt op {day(now.milestone_date)}"
        return reached + (f", later dan gepland ({due})." if now.milestone_late and due else ".")
    if now.milestone_late:
        return f"{_opening(s)} is nog niet bereikt, terwijl dat {due} had moeten gebeuren."
    return f"{_opening(s)} is nog niet bereikt" + (f"; dat moet {due}." if due else ".")


def _suppressed(ind: Indicator, now: Figure, s: str, notes: Notes | None) -> str:
    if figure_text(now, ind.format).startswith("<"):
        return f"{_opening(s)} was {when(now, notes)} minder dan 10."
    return f"{_opening(s)} wordt {when(now, notes)} niet getoond: het cijfer rust op minder dan 10 jeugdigen."


def _against_baseline(ind: Indicator, now: Figure, s: str, notes: Notes | None) -> str:
    """A change against the same span of 2026 as what happened to the quantity itself: "was 5,3%
    lower than in the first half of 2026", never "Afname …: -5,3%"."""
    base = measured(now).baseline
    if measured(now).year <= BASELINE_YEAR:
        return f"{_opening(s)} wordt vanaf {BASELINE_YEAR + 1} vergeleken met dat in {_the(base)}, de nulmeting."
    if now.suppressed:
        return (
            f"Hoe {s} {when(now, notes)} veranderde ten opzichte van {_the(base)}, wordt niet getoond: het "
            "cijfer rust op minder dan 10 jeugdigen."
        )
    if now.value is None:
        return f"Hoe {s} {when(now, notes)} veranderde ten opzichte van {_the(base)}, is niet bekend."
    size = number(abs(now.value), ind.format)
    if _is_zero(size):
        return f"{_opening(s)} was {when(now, notes)} even groot als {_span(base)}, de nulmeting."
    higher = "lager" if now.value < 0 else "hoger"
    return f"{_opening(s)} was {when(now, notes)} {size} {higher} dan {_span(base)}, de nulmeting."


def _is_zero(text: str) -> bool:
    return not any(c in "123456789" for c in text)


def _known_only(ind: Indicator) -> str:
    """'de aanbieders leveren dit cijfer alleen voor de regio aan'."""
    where = {"region": "voor de regio", "municipality": "per gemeente", "area": "per gebied"}
    where |= {"provider": "per aanbieder", "theme": "per thema"}
    known = [where[k] for k in ind.known_at()]
    listed = " en ".join(filter(None, [", ".join(known[:-1]), known[-1]])) if known else ""
    if ind.from_flows:
        return f"dit cijfer wordt alleen {listed} berekend"
    return f"de aanbieders leveren dit cijfer alleen {listed} aan"


def _target(ind: Indicator, fig: Figure) -> str:
    if fig.target_2028 is None or fig.not_known_at:
        return ""
    if ind.kind == "change_vs_baseline":
        size = number(abs(fig.target_2028), ind.format)
        if _is_zero(size):
            return f"Het doel voor 2028 is evenveel als in {BASELINE_YEAR}."
        return f"Het doel voor 2028 is {size} {'minder' if fig.target_2028 < 0 else 'meer'} dan in {BASELINE_YEAR}."
    return f"Het doel voor 2028 is {number(fig.target_2028, ind.format)}{UNITS.get(ind.kind, '')}."


def _status(ind: Indicator, fig: Figure) -> str:
    if ind.status.rule == "ceiling" and fig.status in STATUS_CLAUSES:
        return _ceiling(ind, fig)
    if ind.status.rule != "target_path":
        return ""
    if fig.status in STATUS_CLAUSES:
        return STATUS_CLAUSES[fig.status]
    reason = not_measurable_reason(ind, fig)
    # A figure not known here, hidden or not complete yet: the sentence has already said why.
    said = fig.not_known_at or fig.suppressed or _not_yet_complete(fig)
    if reason is None or said or (fig.value is None and not _baseline_year(fig)):
        return ""
    return f"Of dit op koers ligt, is nog niet meetbaar: {reason}."


def _ceiling(ind: Indicator, fig: Figure) -> str:
    """A limit that holds every year (a region's own framework: "not more than the budget")."""
    limit = getattr(ind.status, "limit", None)
    if limit is None:
        return ""
    bound = f"{number(limit, ind.format)}{UNITS.get(ind.kind, '')}"
    return f"Het kader van de regio stelt een grens van hooguit {bound}; {CEILING_CLAUSES[fig.status]}."


def _baseline_year(fig: Figure) -> bool:
    return Period.parse(fig.period).year <= BASELINE_YEAR


def _reasons(judged: list[tuple[Indicator, Figure]]) -> dict[str, int]:
    reasons: dict[str, int] = {}
    for ind, fig in judged:
        reason = not_measurable_reason(ind, fig)
        if reason is not None:
            reasons[reason] = reasons.get(reason, 0) + 1
    return reasons


def not_measurable_note(judged: list[tuple[Indicator, Figure]]) -> str | None:
    """Below a table with a status column: why a status reads "Nog niet meetbaar"."""
    reasons = _reasons(judged)
    if not reasons:
        return None
    listed = "; ".join(f"{reason} ({count_words(n, 'indicator', 'indicatoren')})" for reason, n in reasons.items())
    return f"Waarom een status {STATUS_LABELS['not_measurable'].lower()} is: {listed}."


def theme_summary(judged: list[tuple[Indicator, Figure]]) -> str:
    """How a theme's judged indicators stand, as sentences: "Van de vier indicatoren liggen er
    twee op koers en ligt er één uit koers. Eén indicator is nog niet meetbaar: …"."""
    parts = []
    for status, words in (("on_track", "op koers"), ("behind", "achter op het doelpad"), ("off_track", "uit koers")):
        n = sum(f.status == status for _i, f in judged)
        if n:
            parts.append(f"{'ligt' if n == 1 else 'liggen'} er {in_words(n)} {words}")
    sentences = []
    if len(parts) == 1 and sum(f.status in STATUS_CLAUSES for _i, f in judged) == len(judged):
        verb, _er, _n, words = parts[0].split(" ", 3)
        alone = {1: "De enige indicator", 2: "Beide indicatoren"}.get(
            len(judged), f"Alle {in_words(len(judged))} indicatoren"
        )
        sentences.append(f"{alone} {verb} {words}.")
    elif parts:
        listed = " en ".join(filter(None, [", ".join(parts[:-1]), parts[-1]]))
        sentences.append(f"Van de {count_words(len(judged), 'indicator', 'indicatoren')} {listed}.")
    for reason, n in _reasons(judged).items():
        sentences.append(
            f"{_capital(count_words(n, 'indicator', 'indicatoren'))} {'is' if n == 1 else 'zijn'} nog niet "
            f"meetbaar: {reason}."
        )
    return " ".join(sentences)
