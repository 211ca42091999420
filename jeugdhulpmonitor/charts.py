"""Plotly charts of the page models, readable without colour: statuses carry labels, paths are
dashed. No Streamlit: the screen and the documents draw the same figures."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from jeugdhulpmonitor.catalogue import Indicator
from jeugdhulpmonitor.engine import Figure
from jeugdhulpmonitor.formatting import figure_text
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.periods import BASELINE_YEAR, Period

# Euros on an axis in Dutch: values drawn in millions, ticks "€ 276,7 mln" (the layout's
# separators make the comma decimal and the point the thousands); Plotly's own "200M" is English.
MONEY_FORMATS = ("€", "€ mln")
MONEY_AXIS = {"tickprefix": "€ ", "ticksuffix": " mln", "tickformat": ",.1~f", "hoverformat": ",.1f"}
SEPARATORS = ",."


def is_money(fmt: str | None) -> bool:
    return fmt in MONEY_FORMATS


def _scale(fmt: str | None):
    """The value as drawn: euros in millions, anything else as it is."""
    return (lambda v: None if v is None else v / 1e6) if is_money(fmt) else (lambda v: v)


def _value_axis(fmt: str | None, **axis) -> dict:
    return {**axis, **MONEY_AXIS} if is_money(fmt) else axis


# Text that fits its room (issue 28, item 14): at 1440 px the y-axis titles ran past the chart's
# top and bottom, the legend lay over the years 2024-2027 and a value's label was cut at the
# plot area's edge. An axis title is about this wide per character (Plotly's 14 px type, as
# Streamlit's theme draws it), so it wraps onto lines as long as the axis.
TITLE_CHARACTER_PX = 8
# The legend above the plot area, left-aligned: below it, it covered the x-axis's labels.
LEGEND_ABOVE = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"}


def wrapped(text: str, room_px: float) -> str:
    """`text` in lines of at most `room_px` (Plotly's <br>), broken between words."""
    width = max(8, int(room_px // TITLE_CHARACTER_PX))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "<br>".join(lines)


def _headroom(values: list, share: float = 0.15) -> list[float] | None:
    """A value axis's range with room above and below its values for their labels (Plotly's
    autorange leaves room for markers only, so a label above the highest point was cut)."""
    shown = [v for v in values if v is not None]
    if not shown:
        return None
    low, high = min(shown), max(shown)
    pad = (high - low) * share or abs(high) * share or 1
    return [low - pad, high + pad]


TREND_HEIGHT = 300
TREND_PLOT_PX = TREND_HEIGHT - 110  # less the legend above, the years and "Jaar" below


def trend_with_path(ind: Indicator, figs: list[Figure], y_title: str | None = None) -> go.Figure:
    """Values per year, the 2026 baseline marked, and the target path to 2028 and 2034."""
    years = [Period.parse(f.period).year for f in figs]
    drawn = _scale(ind.format)
    fig = go.Figure()
    fig.add_scatter(
        x=years,
        y=[drawn(f.value) for f in figs],
        mode="lines+markers+text",
        name="Gemeten",
        text=[figure_text(f, ind.format) for f in figs],
        textposition="top center",
        line={"color": "#1f4e79"},
        cliponaxis=False,
    )
    last = figs[-1] if figs else None
    if last is not None and last.baseline is not None and last.target_2028 is not None:
        fig.add_scatter(
            x=[BASELINE_YEAR, 2028, 2034],
            y=[drawn(v) for v in (last.baseline, last.target_2028, last.target_2034)],
            mode="lines+markers",
            name="Doelpad",
            line={"dash": "dash", "color": "#7f7f7f"},
            marker={"symbol": "diamond"},
        )
    if ind.status.rule == "ceiling" and years:  # a limit for every year (issue 28, item 9)
        fig.add_scatter(
            x=[min(years), max(years)],
            y=[drawn(ind.status.limit)] * 2,
            mode="lines",
            name="Grens",
            line={"dash": "dot", "color": "#c00000"},
        )
    if last is not None and last.baseline is not None:
        fig.add_scatter(
            x=[BASELINE_YEAR],
            y=[drawn(last.baseline)],
            mode="markers+text",
            name="Nulmeting 2026",
            text=["nulmeting"],
            textposition="bottom center",
            marker={"symbol": "star", "size": 12, "color": "#c55a11"},
            cliponaxis=False,
        )
    drawn_values = [v for trace in fig.data for v in trace.y]
    xs = [x for trace in fig.data for x in trace.x]
    fig.update_layout(
        height=TREND_HEIGHT,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend=LEGEND_ABOVE,
        xaxis={
            "dtick": 1,
            "tickformat": "d",
            "title": {"text": "Jaar"},
            **({"range": [min(xs) - 0.5, max(xs) + 0.5]} if xs else {}),
        },
        yaxis=_value_axis(
            ind.format,
            title={"text": wrapped(y_title or ind.name, TREND_PLOT_PX)},
            automargin=True,
            range=_headroom(drawn_values),
        ),
        separators=SEPARATORS,
    )
    return fig


# One colour per municipality and area, the same on every page (Plotly's qualitative palette).
_PALETTE = (
    "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf "
    "#393b79 #637939 #8c6d31 #843c39 #7b4173 #3182bd #e6550d #31a354 #756bb1 #636363 "
    "#6baed6 #fd8d3c #74c476"
).split()


def colour(code: str) -> str:
    geo = GEO()
    keys = [*geo.municipalities, *geo.areas]
    return _PALETTE[keys.index(code) % len(_PALETTE)] if code in keys else "#1f4e79"


def ranked_bars(ind: Indicator, figs: list[Figure], reference: Figure | None = None) -> go.Figure:
    """Groups ranked by value, each bar labelled with its figure (so colour is not needed)."""
    ranked = sorted(figs, key=lambda f: (f.value is None, f.value or 0))
    names = [GEO().name(f.group_key) for f in ranked]
    drawn = _scale(ind.format)
    fig = go.Figure(
        go.Bar(
            x=[drawn(f.value or 0) for f in ranked],
            y=names,
            orientation="h",
            text=[figure_text(f, ind.format) for f in ranked],
            textposition="outside",
            marker={"color": [colour(f.group_key) for f in ranked]},
        )
    )
    if reference is not None and reference.value is not None:
        fig.add_vline(
            x=drawn(reference.value),
            line_dash="dash",
            annotation_text=f"regio {figure_text(reference, ind.format)}",
            annotation_position="top",
        )
    fig.update_layout(
        height=60 + 32 * len(ranked),
        margin={"l": 10, "r": 60, "t": 30, "b": 10},
        xaxis=_value_axis(ind.format),
        separators=SEPARATORS,
    )
    return fig


# Between rows of small multiples: room for a row's years and the next row's titles, which
# were drawn over each other.
SPACING = 0.2


def small_multiples(
    ind: Indicator,
    series_by_key: dict[str, list[Figure]],
    y_title: str | None = None,
    paths: dict[str, list[tuple[int, float]]] | None = None,
) -> go.Figure:
    """One small trend chart per municipality or area, on one shared y-axis; `paths` gives a
    group's target path as (year, value) points where the figure has one (dashed)."""
    keys = list(series_by_key)
    cols = 4
    rows = max(1, -(-len(keys) // cols))
    fig = make_subplots(
        rows=rows, cols=cols, subplot_titles=[GEO().name(k) for k in keys], shared_yaxes="all", vertical_spacing=SPACING
    )
    drawn = _scale(ind.format)
    for i, key in enumerate(keys):
        figs = series_by_key[key]
        cell = {"row": i // cols + 1, "col": i % cols + 1}
        fig.add_scatter(
            x=[Period.parse(f.period).year for f in figs],
            y=[drawn(f.value) for f in figs],
            mode="lines+markers",
            line={"color": colour(key)},
            name=GEO().name(key),
            showlegend=False,
            **cell,
        )
        path = (paths or {}).get(key)
        if path:
            fig.add_scatter(
                x=[x for x, _ in path],
                y=[drawn(y) for _, y in path],
                mode="lines",
                line={"dash": "dash", "color": "#7f7f7f"},
                name="Doelpad",
                showlegend=i == 0,
                **cell,
            )
    fig.update_xaxes(dtick=1, tickformat="d")
    if is_money(ind.format):
        fig.update_yaxes(**MONEY_AXIS)
    height = 240 * rows
    # Each row's own y-axis title, on lines as long as the row is high (less the room of the
    # subplot titles and the years): written once along the whole height it ran over the rows.
    row_px = (height - 50) * (1 - SPACING * (rows - 1)) / rows - 30
    for r in range(1, rows + 1):
        fig.update_yaxes(title_text=wrapped(y_title or ind.name, row_px), row=r, col=1)
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        separators=SEPARATORS,
    )
    return fig


def lines_over_time(frame, x: str, columns: dict[str, str]) -> go.Figure:
    """A few counts over time; each line has its own dash so that it reads without colour."""
    fig = go.Figure()
    for (column, label), dash in zip(columns.items(), ("solid", "dash", "dot", "dashdot")):
        fig.add_scatter(x=frame[x], y=frame[column], mode="lines+markers", name=label, line={"dash": dash})
    fig.update_layout(height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend={"orientation": "h"})
    return fig


def sankey(frame, labels: dict[str, str]) -> go.Figure:
    """Movement between care forms: from (left) to (right); suppressed pairs are left out."""
    shown = frame.dropna(subset=["clients"])
    forms = list(labels)
    fig = go.Figure(
        go.Sankey(
            node={
                "label": [f"{labels[f]} (van)" for f in forms] + [f"{labels[f]} (naar)" for f in forms],
                "pad": 12,
            },
            link={
                "source": [forms.index(f) for f in shown["from_form"]],
                "target": [len(forms) + forms.index(t) for t in shown["to_form"]],
                "value": [int(v) for v in shown["clients"]],
            },
        )
    )
    fig.update_layout(height=420, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig


def counts_over_time(
    x: list[str], series: dict[str, list], x_title: str, y_title: str, format: str | None = None
) -> go.Figure:
    """A few counts (or, with a money `format`, amounts) over time with axis titles and Dutch
    numbers; each line has its own dash so that it reads without colour; a hidden value (None) is a gap."""
    drawn = _scale(format)
    fig = go.Figure()
    for (label, values), dash in zip(series.items(), ("solid", "dash", "dot", "dashdot")):
        fig.add_scatter(x=x, y=[drawn(v) for v in values], mode="lines+markers", name=label, line={"dash": dash})
    fig.update_layout(
        height=340,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.25},
        xaxis={"title": {"text": x_title}, "type": "category"},
        yaxis=_value_axis(format, title={"text": y_title}, tickformat=",d", rangemode="tozero"),
        hovermode="x unified",
        separators=SEPARATORS,
    )
    return fig


def transitions_sankey(frame, labels: dict[str, str]) -> go.Figure:
    """The care-form sankey with Dutch numbers."""
    fig = sankey(frame, labels)
    fig.update_traces(valueformat=",d")
    fig.update_layout(separators=",.")
    return fig


def build(chart) -> go.Figure:
    """The Plotly figure of a page model's Chart (its kind names a builder in this module)."""
    if chart.kind not in BUILDERS:
        raise ValueError(f"unknown chart kind {chart.kind!r}")
    return BUILDERS[chart.kind](**chart.data)


BUILDERS = {
    "trend_with_path": trend_with_path,
    "ranked_bars": ranked_bars,
    "small_multiples": small_multiples,
    "lines_over_time": lines_over_time,
    "sankey": sankey,
    "counts_over_time": counts_over_time,
    "transitions_sankey": transitions_sankey,
}
