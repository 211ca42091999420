"""Plotly charts, readable without colour: statuses carry labels, paths are dashed."""

from __future__ import annotations

import plotly.graph_objects as go

from jeugdhulpmonitor.catalogue import Indicator
from jeugdhulpmonitor.engine import Figure
from jeugdhulpmonitor.formatting import figure_text
from jeugdhulpmonitor.periods import BASELINE_YEAR, Period


def trend_with_path(ind: Indicator, figs: list[Figure]) -> go.Figure:
    """Values per year, the 2026 baseline marked, and the target path to 2028 and 2034."""
    years = [Period.parse(f.period).year for f in figs]
    fig = go.Figure()
    fig.add_scatter(
        x=years,
        y=[f.value for f in figs],
        mode="lines+markers+text",
        name="Gemeten",
        text=[figure_text(f, ind.format) for f in figs],
        textposition="top center",
        line={"color": "#1f4e79"},
    )
    last = figs[-1] if figs else None
    if last is not None and last.baseline is not None and last.target_2028 is not None:
        fig.add_scatter(
            x=[BASELINE_YEAR, 2028, 2034],
            y=[last.baseline, last.target_2028, last.target_2034],
            mode="lines+markers",
            name="Doelpad",
            line={"dash": "dash", "color": "#7f7f7f"},
            marker={"symbol": "diamond"},
        )
    if last is not None and last.baseline is not None:
        fig.add_scatter(
            x=[BASELINE_YEAR],
            y=[last.baseline],
            mode="markers+text",
            name="Nulmeting 2026",
            text=["nulmeting"],
            textposition="bottom center",
            marker={"symbol": "star", "size": 12, "color": "#c55a11"},
        )
    fig.update_layout(
        height=260, margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend={"orientation": "h"}, xaxis={"dtick": 1}
    )
    return fig
