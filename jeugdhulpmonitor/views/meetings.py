"""The dialogue calendar and an agreed action's status: when the dialogue about a report is
held, and whether an open action is late at it. Shared by the dialogue (views/dialogue.py) and
the signals (views/signals.py), which both say "te laat sinds"."""

from __future__ import annotations

from datetime import date

from jeugdhulpmonitor import dialogue_log
from jeugdhulpmonitor.formatting import day
from jeugdhulpmonitor.periods import Period

ACTION_STATUS = {"open": "open", "done": "afgerond"}
LATE = "te laat sinds"


def meeting_day(report: Period) -> date:
    """The first day of the month of the dialogue about a report (M8: October of that year; M12:
    March of the next): an action due before it is late at the meeting, whatever day the page is
    read on."""
    month = {"M12": 3, "M4": 6, "M8": 10}[report.form]
    return date(report.year + (1 if report.form == "M12" else 0), month, 1)


def next_meeting_day(report: Period) -> date:
    """The day of the next dialogue: an action's due date unless the meeting sets another."""
    following = (
        Period(report.year + 1, "M4")
        if report.form == "M12"
        else Period(report.year, {"M4": "M8", "M8": "M12"}[report.form])
    )
    return meeting_day(following)


def action_status(action: dialogue_log.Action, at: date) -> str:
    """ "open", "afgerond", or "te laat sinds <its date>" for an open action past its date at the
    meeting (issue 28, item 12)."""
    if action.status == "open" and action.due < at:
        return f"{LATE} {day(action.due)}"
    return ACTION_STATUS[action.status]
