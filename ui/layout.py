"""What keeps every text whole on screen (issue 28, item 14): at 1440 px the key figures' values,
labels and baseline chips ended in "…", the sidebar's period was cut off, a data grid's cells
("Nog niet m") and the dialogue's tables of 14 and more columns ran off the right edge.

Streamlit cuts a metric's text with an ellipsis and a data grid's cells at their column's width;
here its texts wrap instead, key figures flow into as many rows as the width needs, a grid's
columns are as wide as their longest text, and a wide static table is drawn in the parts its
model names (tests/e2e/test_clipped_text.py checks every page at 1440 px in both regions).
Decides nothing about content: the page model's texts are drawn whole, as they are.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from jeugdhulpmonitor.pagemodel import Columns, KeyFigure, Table, Tile

# The width of a key figure in a row of them: room for "€ 276,7 mln" in the metric's 2.25rem
# type and labels of up to two lines ("Uithuisplaatsingen per 1.000 jeugdigen"); and of a theme's
# status tile, whose words ("kinderopvang", "thuissituatie") were broken in columns of 120 px.
# With 1rem between them: four of either in a row at 1440 px; three key figures or two tiles at 1024.
FLOW_WIDTHS = {KeyFigure: 192, Tile: 216}
# The sidebar's width from 768 px on: the longest period, "2029, 12-maandsrapportage (jan–dec)",
# needs 239 px in its box, which Streamlit's default width of 300 px leaves 206.
SIDEBAR_MIN_WIDTH = "21.5rem"

STYLE = f"""<style>
/* A metric's label, value and baseline chip wrap at spaces instead of ending in an ellipsis. */
[data-testid="stMetric"] .stMarkdownEllipsis,
[data-testid="stMetric"] .stMarkdownEllipsis p {{
  white-space: normal;
  overflow: visible;
  text-overflow: clip;
}}
[data-testid="stMetricDelta"] {{ height: auto; }}
/* The sidebar is at least as wide as its longest choice; it can still be widened by dragging. */
@media (min-width: 768px) {{
  section[data-testid="stSidebar"][data-collapsed="false"] {{ min-width: {SIDEBAR_MIN_WIDTH}; }}
}}
/* Below 1280 px Streamlit's margins of 5rem beside the page leave the dialogue's tables 520 px. */
@media (max-width: 1279px) {{
  [data-testid="stMainBlockContainer"] {{ padding-left: 2rem; padding-right: 2rem; }}
}}
</style>"""


def style() -> None:
    """The page's style, once per run, at the sidebar's end. Not as a style alone: Streamlit puts
    that in its container of events, where it was missing from about one page in three."""
    with st.sidebar:
        st.html(f'{STYLE}<span data-testid="jhm-style"></span>')


def flow_width(block: Columns) -> int | None:
    """A row of key figures or of tiles alone, one a column (Overzicht's, Cliëntstromen's,
    Financiën's, the council's): they flow into as many rows as the width needs, each as wide as
    this, instead of six columns of 150 px that cut "€ 276,7 mln". None for any other row."""
    kinds = {type(cell[0]) for cell in block.cells if len(cell) == 1}
    if block.widths is None and len(kinds) == 1 and all(len(cell) == 1 for cell in block.cells):
        return FLOW_WIDTHS.get(kinds.pop())
    return None


# A data grid's type (Streamlit's theme: 14 px Source Sans) is at most this wide per character
# on average, in the widest texts the pages show (capitals, digits and "€"); its cells have 8 px
# of padding on either side.
GRID_CHARACTER_PX = 7.5
GRID_PADDING_PX = 2 * 8 + 4


def grid_widths(shown: pd.DataFrame) -> dict[str, int]:
    """Each column's width in a data grid: its longest text (header or cell) whole. Streamlit
    otherwise sizes a column from some of its cells and caps it at 500 px, cutting the rest."""
    return {
        column: math.ceil(max(len(str(t)) for t in [column, *shown[column]]) * GRID_CHARACTER_PX) + GRID_PADDING_PX
        for column in shown.columns
    }


def grid_columns(shown: pd.DataFrame) -> dict:
    return {column: st.column_config.Column(width=width) for column, width in grid_widths(shown).items()}


def parts(table: Table, shown: pd.DataFrame) -> list[tuple[str | None, pd.DataFrame]]:
    """A static table as its model's column groups (the dialogue's region, municipalities and
    areas): each a narrower table with the row labels (the first column) repeated."""
    if not table.groups:
        return [(None, shown)]
    label = shown.columns[0]
    return [(title, shown[[label, *columns]]) for title, columns in table.groups]
