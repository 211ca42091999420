"""Short automatic Dutch sentences for council members, from the engine's figures.

"Uithuisgeplaatste jeugdigen per 1.000 jeugdigen daalde van 5,1 naar 4,6; doel 2028: 4,5."
"""

from __future__ import annotations

from jeugdhulpmonitor.catalogue import Indicator
from jeugdhulpmonitor.engine import Figure
from jeugdhulpmonitor.formatting import STATUS_LABELS, figure_text, number


def change(ind: Indicator, now: Figure, before: Figure) -> str:
    """How a figure moved between two periods, with the 2028 target where there is one."""
    subject = ind.name
    if now.value is None or before.value is None:
        text = f"{subject}: {figure_text(now, ind.format)} (vergelijking met {before.period} niet mogelijk)"
    else:
        a, b = number(before.value, ind.format), number(now.value, ind.format)
        if a == b:
            text = f"{subject} bleef gelijk op {b}"
        else:
            verb = "steeg" if now.value > before.value else "daalde"
            text = f"{subject} {verb} van {a} naar {b}"
    if now.target_2028 is not None:
        text += f"; doel 2028: {number(now.target_2028, ind.format)}"
    if now.status != "not_measurable" and ind.status.rule == "target_path":
        text += f" ({STATUS_LABELS[now.status].lower()})"
    return text + "."
