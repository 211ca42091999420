"""The loaded data, by name and version (the sidebar and the Overzicht's expander)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from jeugdhulpmonitor.formatting import day, number
from jeugdhulpmonitor.store import is_bundled_sample
from ui.data import facts


def data_name(extract) -> str:
    """The loaded data by name, never by its path on the server (visitors see this)."""
    if is_bundled_sample(extract):
        return "Voorbeeldgegevens (fictief)"
    return Path(extract.root).resolve().name


def data_status(engine, compact: bool = False) -> None:
    """Which data is loaded: its name, version, date range and row counts."""
    extract = engine.runner.extract
    summary, rows = facts(engine)
    with st.container(key="data-status-compact" if compact else "data-status"):
        if compact:
            st.caption(
                f"Gegevens: {data_name(extract)} · versie {extract.version} · "
                f"{number(summary['clients'])} jeugdigen, {number(summary['trajectories'])} trajecten · "
                f"t/m {day(summary['last_date'])}"
            )
            return
        st.markdown(
            f"**Gegevens:** {data_name(extract)} "
            f"({'gepubliceerd via ingest' if extract.managed else 'extract'})  \n"
            f"**Versie:** `{extract.version}`  \n"
            f"**Periode:** {day(summary['first_date'])} t/m {day(summary['last_date'])}"
        )
        st.dataframe(
            pd.DataFrame({"Bestand": list(rows), "Rijen": [number(n) for n in rows.values()]}), hide_index=True
        )
