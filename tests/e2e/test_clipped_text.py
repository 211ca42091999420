"""No text is cut off at 1440 px, on any page, in either region (issue 28, item 14).

Clipped at 1440 px were the baseline chips ("nulmeting 2026: 1…"), money tiles ("€ 276,7 …"),
the sidebar's period, milestone dates, chart legends over the years 2024-2027, y-axis titles,
table cells ("Nog niet m") and the dialogue's tables of 14 and more columns running off the
right edge. The page itself says what is clipped (CLIPPED, in the browser): text cut by a box
that hides its overflow (an ellipsis, a table scrolled sideways) or beyond the window's right
edge, a choice too long for its box, a data grid wider than its frame, and in a chart text
outside the chart or its plot area and labels drawn over each other (a legend over the axis).
A data grid draws its cells on a canvas, which the page cannot read: the page model holds its
texts, so each column's longest text, measured in the grid's font, must fit the width the
renderer gives the column.
"""

import pytest

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.pagemodel import PageView, Table
from jeugdhulpmonitor.views.registry import PAGES
from tests.e2e.conftest import assert_no_exception, open_page
from ui.layout import grid_widths

pytestmark = pytest.mark.e2e

IJ = "ijmond-zuid-kennemerland"
# Every page in both regions, the dialogue as PD1 with a provider and as PD2 with a theme and
# with an area, each at its default period (the latest report; the council's latest half year).
QUERIES = [
    ("overzicht", ""),
    ("financien", ""),
    ("clientstromen", ""),
    ("prestatiedialoog", "aanbieder=AA01"),
    ("prestatiedialoog", "dialoog=pd2&thema=B"),
    ("prestatiedialoog", "dialoog=pd2&gebied=noord"),
    ("raadsrapportage", "gemeente=GM0358"),
    ("themas", ""),
    ("gemeenten", ""),
    ("data", ""),
    ("evaluatie", ""),
    ("overzicht", f"regio={IJ}"),
    ("financien", f"regio={IJ}"),
    ("clientstromen", f"regio={IJ}"),
    ("prestatiedialoog", f"regio={IJ}&aanbieder=IJ01"),
    ("prestatiedialoog", f"regio={IJ}&dialoog=pd2"),
    ("prestatiedialoog", f"regio={IJ}&dialoog=pd2&gebied=ijmond"),
    ("raadsrapportage", f"regio={IJ}&gemeente=GM0377"),
    ("themas", f"regio={IJ}"),
    ("gemeenten", f"regio={IJ}"),
    ("evaluatie", f"regio={IJ}"),
]
PERIODS = {"raadsrapportage": "2029-H1", "data": "2029"}  # else the latest report, 2029-M8
SELECTION = {"regio": "region", "aanbieder": "provider", "thema": "theme", "gebied": "area"}


def _view(slug: str, query: str) -> PageView:
    """The page model's input for a page opened at `query` (its defaults as the page's)."""
    params = dict(p.split("=") for p in query.split("&") if p)
    selection = {SELECTION[k]: v for k, v in params.items() if k in SELECTION}
    if "gemeente" in params:
        selection["municipalities"] = (params["gemeente"],)
    choices = {k: v for k, v in params.items() if k == "dialoog"}
    return PageView.make(
        Selection(**{"region": "amsterdam-amstelland", **selection}), PERIODS.get(slug, "2029-M8"), **choices
    )


# Everything on the page that is cut off or drawn over other text, as {text, where, why}.
CLIPPED = """() => {
  const found = [], vw = document.documentElement.clientWidth;
  const name = el => {
    const parts = [];
    for (let e = el; e && parts.length < 3; e = e.parentElement) {
      const key = e.classList && [...e.classList].find(c => c.startsWith('st-key-'));
      const id = e.getAttribute && e.getAttribute('data-testid');
      if (key || id) parts.push(key || id);
    }
    return parts.join(' < ');
  };
  const add = (text, el, why) => found.push({text: text.trim().slice(0, 80), where: name(el), why});
  const roots = [...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebar"]')];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const seen = el.checkVisibility({visibilityProperty: true, opacityProperty: true});
      if (!n.textContent.trim() || el.closest('svg') || !seen) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      if (r.right > vw + 1) { add(n.textContent, el, 'beyond the right edge of the window'); continue; }
      for (let a = el; a && a !== root.parentElement; a = a.parentElement) {
        const s = getComputedStyle(a);
        const hidesX = s.overflowX !== 'visible', hidesY = /hidden|clip/.test(s.overflowY);
        if (!hidesX && !hidesY) continue;
        const b = a.getBoundingClientRect(), left = b.left + a.clientLeft, top = b.top + a.clientTop;
        if (hidesX && (r.right > left + a.clientWidth + 1 || r.left < left - 1)) {
          const how = `overflow ${s.overflowX}, text-overflow ${s.textOverflow}`;
          add(n.textContent, el, `cut at the side by ${name(a)} (${how})`);
          break;
        }
        if (hidesY && (r.bottom > top + a.clientHeight + 1 || r.top < top - 1)) {
          add(n.textContent, el, `cut at the top or bottom by ${name(a)} (overflow ${s.overflowY})`);
          break;
        }
      }
    }
    for (const input of root.querySelectorAll('input')) {
      if (input.checkVisibility() && input.scrollWidth > input.clientWidth + 1)
        add(input.value, input, `a choice too long for its box (${input.scrollWidth} > ${input.clientWidth} px)`);
    }
  }
  for (const grid of document.querySelectorAll('[data-testid="stDataFrame"]')) {
    const scroller = grid.querySelector('.dvn-scroller'), stack = grid.querySelector('.dvn-stack > div');
    if (scroller && stack && stack.offsetWidth > scroller.clientWidth + 1)
      add('', grid, `a data grid wider than its frame (${stack.offsetWidth} > ${scroller.clientWidth} px)`);
  }
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const svg = plot.querySelector('svg.main-svg');
    if (!svg) continue;
    const box = svg.getBoundingClientRect(), inside = (r, b) =>
      r.left >= b.left - 1 && r.right <= b.right + 1 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
    for (const t of plot.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (!t.textContent.trim() || r.width < 1) continue;
      if (!inside(r, box)) {
        add(t.textContent, plot, `chart text outside the chart (${t.getAttribute('class')})`);
        continue;
      }
      // A trace clipped to its plot area (Plotly's cliponaxis) cuts a label beyond the axes.
      const clipped = t.closest('g.plot[clip-path]'), subplot = t.closest('g.subplot');
      if (clipped && subplot) {
        const xy = [...subplot.classList].find(c => c !== 'subplot');
        const area = plot.querySelector(`.draglayer .${xy} .nsewdrag`);
        if (area && !inside(r, area.getBoundingClientRect()))
          add(t.textContent, plot, 'chart label cut at the edge of the plot area');
      }
    }
    // Axis labels and titles, subplot titles and the legend's box (its background hid the years).
    const labels = [...plot.querySelectorAll(
      '.xtick text, .ytick text, [class^="g-x"][class$="title"] text, [class^="g-y"][class$="title"] text, ' +
      '.annotation-text, .legend > .bg'
    )].filter(t => t.matches('.bg') || t.textContent.trim()).map(t => [t, t.getBoundingClientRect()]);
    const tick = t => t.closest('.xtick, .ytick');
    const said = t => t.matches('.bg') ? 'the legend' : t.textContent;
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) {
        const [s, a] = labels[i], [t, b] = labels[j];
        // Plotly keeps an axis's own labels apart (a rotated label's box overlaps its neighbour's).
        if (tick(s) && tick(t) && tick(s).parentNode === tick(t).parentNode) continue;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2) add(`${said(s)} / ${said(t)}`, plot, 'chart labels drawn over each other');
      }
  }
  return found;
}"""

# Every chart drawn at its element's width.
DRAWN = """() => [...document.querySelectorAll('.stPlotlyChart')].every(c => {
  const svg = c.querySelector('svg.main-svg');
  return svg && Math.abs(svg.getBoundingClientRect().width - c.getBoundingClientRect().width) < 2;
})"""

# The grid's font (Streamlit's theme: --gdg-base-font-style and --gdg-font-family) and the
# padding of its cells on either side (--gdg-cell-horizontal-padding).
MEASURE = """([texts, font]) => {
  const c = document.createElement('canvas').getContext('2d');
  c.font = font;
  return texts.map(t => Math.ceil(c.measureText(t).width));
}"""
GRID_FONT = '400 14px "Source Sans", sans-serif'
CELL_PADDING = 2 * 8


def _grid_cells_cut(page, engine, slug: str, query: str) -> list[str]:
    """Columns of the page model's data grids whose longest text is wider than the renderer makes them."""
    cut = []
    for table in PAGES[slug](engine, _view(slug, query)).blocks(Table):
        if table.static or table.frame.empty:
            continue
        shown = table.shown()
        widths = grid_widths(shown)
        for column in shown.columns:
            texts = [str(column), *map(str, shown[column])]
            need, longest = max(zip(page.evaluate(MEASURE, [texts, GRID_FONT]), texts, strict=True))
            if need + CELL_PADDING > widths[column]:
                cut.append(
                    f"{table.key}: {column!r} is {widths[column]} px, {longest!r} needs {need + CELL_PADDING} px"
                )
    return cut


@pytest.mark.parametrize("slug, query", QUERIES, ids=[f"{s}?{q}" for s, q in QUERIES])
def test_no_text_is_clipped_at_1440_px(page, app_url, engine, slug, query):
    open_page(page, app_url, f"/{slug}?periode={_view(slug, query).period}&{query}".rstrip("&"))
    # Plotly draws after Streamlit's run has finished: wait until every chart is drawn.
    # The page's style (ui/layout.py) is put in place after the run; then the sidebar widens to
    # its longest choice with Streamlit's transition of 0.3 s.
    page.wait_for_selector('[data-testid="jhm-style"]', state="attached")
    page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').getAnimations().length === 0")
    # Plotly draws after the run and again at the width the wider sidebar leaves.
    page.wait_for_function(DRAWN, timeout=30_000)
    clipped = [f"{c['why']}: {c['text']!r} ({c['where']})" for c in page.evaluate(CLIPPED)]
    clipped += _grid_cells_cut(page, engine, slug, query)
    assert clipped == [], "\n".join(clipped)
    assert_no_exception(page)
