"""Prestatiedialoog: the contract manager's preparation sheet (jeugdhulpmonitor/views/dialogue.py
decides the content), and the forms to record what was agreed (jeugdhulpmonitor/dialogue_log.py)."""

import streamlit as st

from jeugdhulpmonitor import dialogue_log
from jeugdhulpmonitor.documents import build
from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.periods import REPORTS
from jeugdhulpmonitor.views.dialogue import KINDS, kinds
from jeugdhulpmonitor.views.meetings import next_meeting_day
from ui import data, filters, render, shell, signin

DONE_MESSAGE = "_afspraken_melding"
WHO_HELP = "Zonder inloggen (ontwikkelmodus) staat hier de naam die u invult (leeg: onbekend)."


def _who(label: str, key: str) -> str:
    """Who records: the signed-in person; only in development mode a typed name."""
    person = signin.current()
    if person is not None and not person.development:
        st.caption(f"{label}: {person.who}")
        return person.who
    return st.text_input(f"{label} (uw naam)", key=key, help=WHO_HELP)


def agreement_forms(log: dialogue_log.Log, dialogue: dialogue_log.Dialogue, scope) -> None:
    """Record a new action, or mark an open one done; every change is kept with who and when.
    The open actions offered are those the person's scope reads (dialogue_log.Log.within)."""
    with st.container(key="action-forms"):
        st.subheader("Afspraken vastleggen", anchor=False)
        if message := st.session_state.pop(DONE_MESSAGE, None):
            st.success(message)
        with st.form("action-new", clear_on_submit=True):
            text = st.text_area("Afspraak of actie", key="action-text")
            owner = st.text_input("Eigenaar", key="action-owner")
            # By default due at the next dialogue, where it is discussed again (not the reader's today).
            due = st.date_input(
                "Uiterlijk klaar op", value=next_meeting_day(dialogue.report), format="DD-MM-YYYY", key="action-due"
            )
            who = _who("Vastgelegd door", "action-who")
            if st.form_submit_button("Afspraak vastleggen"):
                if not text.strip() or not owner.strip():
                    st.error("Vul de afspraak en de eigenaar in.")
                else:
                    log.record(dialogue, text, owner, due, who)
                    _changed(f"Afspraak vastgelegd: {text.strip()}")
        readable = log.within(scope)
        still_open = [a for a in readable.actions(dialogue) + readable.open_before(dialogue) if a.status == "open"]
        if still_open:
            with st.form("action-done"):
                options = {a.action: f"{a.text} ({a.owner}, {a.dialogue.report.words})" for a in still_open}
                chosen = st.selectbox(
                    "Open afspraak",
                    list(options),
                    index=None,
                    format_func=options.get,
                    placeholder="Kies een afspraak",
                    key="action-choice",
                )
                who = _who("Afgerond gemeld door", "action-done-who")
                if st.form_submit_button("Markeren als afgerond"):
                    if chosen is None:
                        st.error("Kies eerst een afspraak.")
                    else:
                        log.mark(chosen, "done", who)
                        _changed(f"Afgerond: {options[chosen]}")


def _changed(message: str) -> None:
    st.session_state[DONE_MESSAGE] = message
    st.rerun()  # the model is keyed on the log's revision: it is drawn afresh


shell.through_navigation()
engine = data.engine()
# A provider's staff have PD1 only (views/dialogue.kinds); a link asking PD2 gets the notice that it
# is outside their access, and the model (within_scope) holds to it for documents too.
offered = kinds(engine.scope)
kind = filters.choice("dialoog", "Soort dialoog", list(offered), "pd1", offered.get, known=list(KINDS))
view = filters.view(
    engine, municipality=False, area=kind == "pd2", theme=kind == "pd2", provider=kind == "pd1", forms=REPORTS
)
sel = view.selection
dialogue = dialogue_log.Dialogue.of(kind, sel.region, view.period, sel.provider, sel.theme, sel.area)
log = dialogue_log.for_extract(engine.runner.extract)
# The log's revision is part of the view, so that a recorded change is never hidden by the cache.
pageview = PageView.make(view.selection, view.period, dialoog=kind, afspraken=log.revision())
# The recording form stands right below the actions, above the evaluation and the folded
# definitions: a contract manager records during the meeting (issue 28, item 12).
forms = {}
if dialogue is not None and signin.current().may("record_dialogue"):  # region staff (access.py)
    forms["dialogue-actions"] = lambda: agreement_forms(log, dialogue, engine.scope)
render.page(data.model("prestatiedialoog", pageview), after=forms)

subject = {"provider": sel.provider, "theme": sel.theme, "area": sel.area, "region": sel.region}
render.documents(
    build.dialogue_name(engine, view.period, **subject), lambda: build.dialogue(engine, view.period, **subject)
)
