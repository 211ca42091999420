"""Jeugdhulpmonitor: the Streamlit entry point (navigation and the shared frame).

streamlit run dashboard.py [-- --data-dir DIR]     (or DATA_DIR=DIR)
"""

import sys
import time

import streamlit as st

from jeugdhulpmonitor import logs
from jeugdhulpmonitor.selection import EVERYONE
from jeugdhulpmonitor.store import DataDirError, is_bundled_sample
from ui import data, filters, signin
from ui.show import data_status

started = time.perf_counter()  # this run's time on the server (logs.rerun_done); imports are cached after the first

st.set_page_config(page_title="Jeugdhulpmonitor", page_icon=":material/monitoring:", layout="wide")

try:
    engine = data.whole()  # the data as loaded; each page reads it within the person's scope
except DataDirError as exc:
    print(f"jeugdhulpmonitor: {exc}", file=sys.stderr, flush=True)  # the full path, for the operator
    st.title("Jeugdhulpmonitor")
    st.error(
        f"Er zijn geen bruikbare gegevens geladen: {data.public(str(exc))}.\n\n"
        "Geef een map met een extract op met de omgevingsvariabele DATA_DIR of met "
        "`streamlit run dashboard.py -- --data-dir MAP`, of publiceer een levering met "
        "`python -m jeugdhulpmonitor ingest LEVERING --data-dir MAP`.",
        icon="🚫",
    )
    st.stop()
# Sign-in (or development mode on the sample) before anything of the data is shown.
person = signin.require(engine)
if notice := data.warning():  # current is damaged: an earlier intact version is shown
    st.warning(notice, icon="⚠️")

overzicht = st.Page("pages/overzicht.py", title="Overzicht", icon=":material/home:", url_path="overzicht")


def start() -> None:
    """The root URL opens Overzicht (or the role's first page) at its own URL, filters kept.

    Streamlit serves a default page only at "/" (its url_path is ""), so a default Overzicht
    would answer /overzicht with "Page not found"; this hidden default page passes "/" on."""
    st.switch_page(landing, query_params=st.query_params.to_dict())


pages = [
    st.Page(start, title="Jeugdhulpmonitor", url_path="start", default=True, visibility="hidden"),
    overzicht,
    st.Page("pages/themas.py", title="Thema's", icon=":material/flag:", url_path="themas"),
    st.Page("pages/gemeenten.py", title="Gemeenten en gebieden", icon=":material/map:", url_path="gemeenten"),
    st.Page("pages/clientstromen.py", title="Cliëntstromen", icon=":material/swap_horiz:", url_path="clientstromen"),
    st.Page("pages/financien.py", title="Financiën", icon=":material/euro:", url_path="financien"),
    st.Page(
        "pages/prestatiedialoog.py", title="Prestatiedialoog", icon=":material/handshake:", url_path="prestatiedialoog"
    ),
    st.Page("pages/evaluatie.py", title="Evaluatie", icon=":material/event_repeat:", url_path="evaluatie"),
    st.Page("pages/raadsrapportage.py", title="Raadsrapportage", icon=":material/gavel:", url_path="raadsrapportage"),
    st.Page("pages/data.py", title="Data en definities", icon=":material/menu_book:", url_path="data"),
]
shown = [p for p in pages[1:] if person.may_see(p.url_path)]  # the role's pages (access.py)
landing = overzicht if overzicht in shown else shown[0]
# The menu is our own (filters.menu): Streamlit's opens a page without the URL's filters.
navigation = st.navigation([pages[0], *shown], position="hidden")
with st.sidebar:
    menu = st.container(key="menu")  # filled after the page has run, with links that carry its view
    data_status(engine, compact=True, counts=person.scope == EVERYONE)
signin.sidebar()
if is_bundled_sample(engine.runner.extract):
    st.info("Fictieve voorbeeldgegevens: deze cijfers gaan niet over echte jeugdigen of aanbieders.", icon="ℹ️")
with filters.page_run(navigation.url_path, menu, shown, data.engine):
    try:
        navigation.run()
    except Exception as exc:  # a JSON line for the operator's log; Streamlit still shows the error
        logs.rerun_failed(exc, navigation.url_path, engine.runner.data_version)
        raise
signin.viewed(engine.runner.extract, navigation.url_path)
if logs.runs_logged():
    logs.rerun_done(navigation.url_path, engine.runner.data_version, (time.perf_counter() - started) * 1000)
