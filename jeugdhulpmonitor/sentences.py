"""Short automatic Dutch sentences for council members, from the engine's figures.

"Jeugdigen in zorg steeg van 1.234 in het eerste halfjaar 2027 naar 1.301 in het eerste halfjaar
2028." Periods in words, never codes; a value measured in an earlier period says which; no
verb that reads as a double negative ("afname ... daalde").
"""

from __future__ import annotations

from jeugdhulpmonitor.catalogue import Indicator
from jeugdhulpmonitor.engine import Figure
from jeugdhulpmonitor.formatting import STATUS_LABELS, figure_text, number
from jeugdhulpmonitor.periods import Period


def measured(fig: Figure) -> Period:
    """The period a figure was measured in: its own, or the earlier delivery it falls back on."""
    return Period.parse(fig.measured_period or fig.period)


def when(fig: Figure) -> str:
    """'in het eerste halfjaar 2028', or 'gemeten in 2027' for an earlier measurement."""
    if fig.measured_period and fig.measured_period != fig.period:
        return f"(gemeten in {_article(measured(fig))})"
    return f"in {_article(measured(fig))}"


def _article(period: Period) -> str:
    """'2027', 'het eerste halfjaar 2027', 'de 8-maandsrapportage 2027'."""
    if period.form == "Y":
        return period.words
    return f"{'de' if period.form.startswith('M') else 'het'} {period.words}"


def change(ind: Indicator, now: Figure, before: Figure) -> str:
    """How a figure moved between two periods, with the 2028 target where there is one."""
    subject, b = ind.name, figure_text(now, ind.format)
    if now.suppressed:
        why = "te weinig jeugdigen om te tonen"
        text = f"{subject} {when(now)}: {b} ({why})"
    elif now.value is None:
        text = f"{subject}: nog geen cijfer over {_article(Period.parse(now.period))}"
    elif before.value is None or before.suppressed:
        text = f"{subject} {when(now)}: {b}; over {_article(Period.parse(before.period))} is geen cijfer bekend"
    elif measured(now) == measured(before):
        text = f"{subject}: {b} {when(now)}; er is sindsdien geen nieuwe meting"
    else:
        a = figure_text(before, ind.format)
        if a == b:
            text = f"{subject} bleef gelijk op {b}, {when(before)} en {when(now)}"
        elif ind.kind == "change_vs_baseline":  # "Afname ... daalde" would read as a double negative
            text = f"{subject}: {b} {when(now)}, tegen {a} {when(before)}"
        else:
            verb = "steeg" if now.value > before.value else "daalde"
            text = f"{subject} {verb} van {a} {when(before)} naar {b} {when(now)}"
    if now.target_2028 is not None:
        text += f"; doel 2028: {number(now.target_2028, ind.format)}"
    if now.status != "not_measurable" and ind.status.rule == "target_path":
        text += f" ({STATUS_LABELS[now.status].lower()})"
    return text + "."
