"""The loaded data, by name and version (the sidebar and the Overzicht's expander)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from jeugdhulpmonitor.formatting import day, number
from jeugdhulpmonitor.views.data import data_name, how_loaded


def data_status(engine, compact: bool = False, counts: bool = True) -> None:
    """Which data is loaded: its name, version, date range and row counts. `counts=False` leaves
    out the whole data's numbers of young people and trajectories (a restricted scope's person
    would learn the others' part from them)."""
    extract = engine.runner.extract
    summary, rows = engine.summary(), engine.table_rows()  # kept by the engine, once per version
    with st.container(key="data-status-compact" if compact else "data-status"):
        if compact:
            numbers = f"{number(summary['clients'])} jeugdigen, {number(summary['trajectories'])} trajecten · "
            st.caption(
                f"Gegevens: {data_name(extract)} · versie {extract.version} · "
                f"{numbers if counts else ''}t/m {day(summary['last_date'])}"
            )
            return
        st.markdown(
            f"**Gegevens:** {data_name(extract)} "
            f"({how_loaded(extract)})  \n"
            f"**Versie:** `{extract.version}`  \n"
            f"**Periode:** {day(summary['first_date'])} t/m {day(summary['last_date'])}"
        )
        st.dataframe(
            pd.DataFrame({"Bestand": list(rows), "Rijen": [number(n) for n in rows.values()]}), hide_index=True
        )
