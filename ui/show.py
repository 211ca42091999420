"""Shared widgets: key figures with their definition on demand, status tiles, tables with downloads."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import streamlit as st

from jeugdhulpmonitor import REPO_ROOT
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Figure
from jeugdhulpmonitor.formatting import STATUS_ICONS, STATUS_LABELS, derived_text, figure_text, number
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.suppression import SUPPRESSED_EXPLANATION, SUPPRESSED_TEXT
from ui.filters import describe

SAMPLE_DATA = REPO_ROOT / "sample_data"  # the bundled, fictitious sample


def provenance(fig: Figure, selection) -> str:
    """Definition, period, selection, query and data version of a figure (the metric's help)."""
    ind = CATALOGUE()[fig.indicator]
    source = f"queries/{ind.source}.sql" if ind.from_flows else "theme_indicators.parquet"
    lines = [
        ind.explanation,
        f"Periode: {fig.period}" + (f" (meting {fig.measured_period})" if fig.measured_period else ""),
        f"Selectie: {describe(selection)}",
        f"Bron: {source}; gegevensversie {fig.data_version}",
    ]
    if fig.suppressed:
        lines.append(SUPPRESSED_EXPLANATION)
    if fig.note:
        lines.append(fig.note)
    return "\n\n".join(lines)


def kpi(fig: Figure, selection, label: str | None = None, key: str | None = None) -> None:
    ind = CATALOGUE()[fig.indicator]
    delta = None
    if (fig.baseline is not None or fig.baseline_suppressed) and fig.value is not None and ind.kind != "amount":
        delta = f"nulmeting 2026: {derived_text(fig, fig.baseline, ind.format)}"
    with st.container(key=key or f"kpi-{fig.indicator}"):
        st.metric(
            label or ind.name,
            figure_text(fig, ind.format),
            delta=delta,
            delta_color="off",
            help=provenance(fig, selection),
        )


def status_line(fig: Figure) -> str:
    ind = CATALOGUE()[fig.indicator]
    text = f"{STATUS_ICONS[fig.status]} {STATUS_LABELS[fig.status]}"
    if fig.distance is not None:
        text += f" (afstand tot doelpad {number(fig.distance, ind.format if ind.format != '0' else '0,0')})"
    return text


def table(frame: pd.DataFrame, name: str, static: bool = False) -> None:
    """A table with CSV and Excel downloads of exactly what is shown (suppressed as "<10").

    `static` prints a short table in full (readable in print and screenshots) instead of the
    scrollable grid."""
    if frame.empty:
        st.info("Geen gegevens voor deze selectie.")
        return
    if static:
        st.table(frame.set_index(frame.columns[0]))
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        frame.to_csv(index=False, sep=";").encode("utf-8-sig"),
        f"{name}.csv",
        "text/csv",
        key=f"csv-{name}",
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, engine="openpyxl")
    right.download_button(
        "Download Excel",
        buffer.getvalue(),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx-{name}",
    )


def data_name(extract) -> str:
    """The loaded data by name, never by its path on the server (visitors see this)."""
    if Path(extract.root).resolve() == SAMPLE_DATA.resolve():
        return "Voorbeeldgegevens (fictief)"
    return Path(extract.root).resolve().name


def data_status(engine, compact: bool = False) -> None:
    """Which data is loaded: its name, version, date range and row counts."""
    extract = engine.runner.extract
    summary = engine.summary()
    rows = engine.table_rows()
    with st.container(key="data-status-compact" if compact else "data-status"):
        if compact:
            st.caption(
                f"Gegevens: {data_name(extract)} · versie {extract.version} · "
                f"{number(summary['clients'])} jeugdigen, {number(summary['trajectories'])} trajecten · "
                f"t/m {summary['last_date']:%d-%m-%Y}"
            )
            return
        st.markdown(
            f"**Gegevens:** {data_name(extract)} "
            f"({'gepubliceerd via ingest' if extract.managed else 'extract'})  \n"
            f"**Versie:** `{extract.version}`  \n"
            f"**Periode:** {summary['first_date']:%d-%m-%Y} t/m {summary['last_date']:%d-%m-%Y}"
        )
        st.dataframe(
            pd.DataFrame({"Bestand": list(rows), "Rijen": [number(n) for n in rows.values()]}), hide_index=True
        )


def figures_frame(figs: list[Figure], group_label: str, name=GEO().name) -> pd.DataFrame:
    """Figures per group as shown on screen: value, baseline, target 2028 and status as text
    (suppressed as "<10"), so that a download holds exactly what the screen holds."""
    rows = []
    for f in figs:
        fmt = CATALOGUE()[f.indicator].format
        rows.append(
            {
                group_label: name(f.group_key),
                "Waarde": figure_text(f, fmt),
                "Nulmeting 2026": derived_text(f, f.baseline, fmt),
                "Doel 2028": derived_text(f, f.target_2028, fmt),
                "Status": STATUS_LABELS[f.status],
                "Periode": f.period,
            }
        )
    return pd.DataFrame(rows)


def counts_frame(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """A table of (possibly suppressed) counts with Dutch headings; null counts show as "<10"."""
    shown = frame[list(columns)].rename(columns=columns).copy()
    for label in shown.columns:
        if pd.api.types.is_integer_dtype(shown[label]):
            shown[label] = [SUPPRESSED_TEXT if pd.isna(v) else number(v) for v in shown[label]]
    return shown


def source_note(table) -> None:
    """Where a breakdown table comes from (query, parameters, data version), on demand."""
    with st.expander("Bron van deze tabel"):
        st.caption(f"queries/{table.query}.sql · gegevensversie {table.data_version}")
        st.json({k: str(v) for k, v in table.params.items()}, expanded=False)
