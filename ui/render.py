"""Draw a page model (jeugdhulpmonitor/pagemodel.py) with Streamlit. Decides nothing: every
text, number and mark comes from the model, so the screen says what the documents say."""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import nullcontext

import streamlit as st

from jeugdhulpmonitor import charts, exports
from jeugdhulpmonitor.pagemodel import Chart, Columns, KeyFigure, Link, Notice, PageModel, Section, Table, Text, Tile
from ui import data, filters, layout, signin

_PLOT_CONFIG = {"displayModeBar": False, "locale": "nl"}
# Plotly figures built per chart: a model comes back from ui/data.py's cache as the same object,
# so its charts are built once, not on every rerun (20-200 ms a chart). Keyed by the chart's id,
# the chart held too so that its id is not reused while it is here. Never changed once built.
_FIGURES: OrderedDict[int, tuple[Chart, object]] = OrderedDict()
_FIGURES_KEPT = 256
_FIGURES_LOCK = threading.Lock()  # sessions rerun in their own threads


def page(model: PageModel, after: dict | None = None) -> None:
    """Draw a model; `after` maps a section's key to what the page draws right below it (the
    dialogue's recording form below its actions, issue 28 item 12)."""
    layout.style()
    st.title(model.title, anchor=False)  # no anchor links: their label is English
    st.caption(model.caption)
    for section in model.sections:
        _section(section, model)
        if after and section.key in after:
            after[section.key]()
    for note in model.notes:
        st.caption(note)


def _section(section: Section, model: PageModel) -> None:
    with st.container(key=section.key, border=section.border) if section.key or section.border else nullcontext():
        if section.folded:
            with st.expander(section.title or "", expanded=False):
                blocks(section.blocks, model)
            return
        if section.title:
            st.subheader(section.title, anchor=False)
        blocks(section.blocks, model)


def blocks(items: list, model: PageModel | None = None) -> None:
    for block in items:
        if isinstance(block, Columns):
            _columns(block, model)
        elif isinstance(block, Table):
            table(block, model)
        else:
            _DRAW[type(block)](block)


def _columns(block: Columns, model: PageModel | None) -> None:
    if width := layout.flow_width(block):  # as many rows as the width needs, each whole
        with st.container(horizontal=True, gap="small"):
            for (item,) in block.cells:
                (key_figure if isinstance(item, KeyFigure) else tile)(item, width=width)
        return
    for column, cell in zip(st.columns(block.widths or len(block.cells)), block.cells):
        with column:
            blocks(cell, model)


def key_figure(k: KeyFigure, width: int | str = "stretch") -> None:
    with st.container(key=k.key, width=width):
        st.metric(k.label, k.text, delta=k.delta, delta_color=k.delta_color, delta_arrow=k.delta_arrow, help=k.help)


def table(t: Table, model: PageModel | None = None) -> None:
    if t.frame.empty:
        st.info(t.empty_text)
        return
    shown = t.shown()
    with st.container(key=t.key) if t.key else nullcontext():
        if t.static:
            for title, part in layout.parts(t, shown):
                if title:
                    st.caption(title)
                st.table(part.set_index(part.columns[0]))
        else:
            st.dataframe(shown, hide_index=True, width="stretch", column_config=layout.grid_columns(shown))
        left, right = st.columns(2)
        left.download_button(
            "Download CSV",
            signin.audited("export", f"{t.name}.csv", lambda: exports.csv_bytes(t)),
            f"{t.name}.csv",
            "text/csv",
            key=f"csv-{t.name}",
            on_click="ignore",
        )
        right.download_button(
            "Download Excel",
            signin.audited("export", f"{t.name}.xlsx", lambda: exports.xlsx_bytes(t, model)),
            f"{t.name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"xlsx-{t.name}",
            on_click="ignore",
        )


def documents(name: str, make) -> None:
    """The page as a document (PDF and workbook), made by the same code as `report` on the
    command line when a button is clicked. `make` returns a documents.build.Document."""
    left, right = st.columns(2)
    left.download_button(
        "Download PDF",
        signin.audited("document", f"{name}.pdf", lambda: make().pdf()),
        f"{name}.pdf",
        "application/pdf",
        key="doc-pdf",
        on_click="ignore",
    )
    right.download_button(
        "Download Excel-werkmap",
        signin.audited("document", f"{name}.xlsx", lambda: make().xlsx()),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="doc-xlsx",
        on_click="ignore",
    )


def chart(c: Chart) -> None:
    if c.title:
        st.markdown(f"**{c.title}**")
    if c.empty:
        st.info(c.empty_text)
        return
    st.plotly_chart(figure(c), key=c.key, config=_PLOT_CONFIG)


def figure(c: Chart):
    """The chart's Plotly figure, built on its first drawing."""
    with _FIGURES_LOCK:
        if (kept := _FIGURES.get(id(c))) is not None and kept[0] is c:
            _FIGURES.move_to_end(id(c))
            return kept[1]
    built = charts.build(c)
    with _FIGURES_LOCK:
        _FIGURES[id(c)] = (c, built)
        while len(_FIGURES) > _FIGURES_KEPT:
            _FIGURES.popitem(last=False)
    return built


def text(t: Text) -> None:
    with st.container(key=t.key) if t.key else nullcontext():
        (st.caption if t.caption else st.markdown)(t.text)


def notice(n: Notice) -> None:
    (st.warning if n.level == "warning" else st.info)(n.text)


def link(lk: Link) -> None:
    """In the same tab (a Markdown link would open a new tab), with the view shown carried as
    the menu's links carry it (a theme tile keeps the municipality) and written as the page
    writes it, so that it opens without adding a view to the history that nobody saw. None to a
    page the person's role does not have (a provider's Overzicht has the themes, not Thema's):
    Streamlit refuses a link to a page outside the navigation, which stopped the page there."""
    person = signin.current()
    if person is not None and not person.may_see(lk.page):
        return
    params, _changes = filters.link(lk.page, lk.page, data.engine(), own=lk.params)
    st.page_link(f"pages/{lk.page}.py", label=lk.label, query_params=params)


def tile(t: Tile, width: int | str = "stretch") -> None:
    with st.container(border=True, key=t.key, width=width):
        st.markdown(f"**{t.title}**")
        st.subheader(t.headline, anchor=False)
        for line in t.lines:
            st.caption(line)
        if t.link:
            link(t.link)


_DRAW = {
    KeyFigure: key_figure,
    Chart: chart,
    Text: text,
    Notice: notice,
    Link: link,
    Tile: tile,
}
