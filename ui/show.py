"""The loaded data, by name and version (the sidebar and the Overzicht's expander)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from jeugdhulpmonitor.formatting import day, number
from jeugdhulpmonitor.views.data import COUNTS_WITHHELD, data_name, how_loaded, whole_counts


def data_status(engine, compact: bool = False, counts: bool | None = None) -> None:
    """Which data is loaded: its name, version, date range and row counts. `counts=False` leaves
    out the whole data's numbers of young people, trajectories and rows (a restricted scope's
    person would learn the others' part from them); by default they are shown only within a
    scope that holds the whole data (views/data.whole_counts)."""
    counts = whole_counts(engine) if counts is None else counts
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
        if not counts:
            st.dataframe(pd.DataFrame({"Bestand": list(rows)}), hide_index=True)
            st.caption(COUNTS_WITHHELD)
            return
        st.dataframe(
            pd.DataFrame({"Bestand": list(rows), "Rijen": [number(n) for n in rows.values()]}), hide_index=True
        )
