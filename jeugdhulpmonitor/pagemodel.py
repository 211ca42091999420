"""A page's whole content as plain data (STYLE.md, "Page models").

A view function in `jeugdhulpmonitor/views/` decides a page's content once: figures already
formatted with their labels and suppression marks, tables already chosen and pivoted, chart
series, sentences and notes. Streamlit (`ui/render.py`) only draws a model; the benchmark times
the view functions; tests assert on models without a browser; documents render the same model.
Nothing here knows Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from jeugdhulpmonitor.catalogue import KNOWN_AT
from jeugdhulpmonitor.engine import Figure, Selection
from jeugdhulpmonitor.formatting import not_known_text, number, signed
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.suppression import SUPPRESSED_MARK, SUPPRESSED_TEXT


@dataclass(frozen=True)
class PageView:
    """The validated input of a page: the selection, the period and the page's own choices
    (indicator, comparison, breakdown, ...) as (name, value) pairs, hashable for caching."""

    selection: Selection
    period: Period
    choices: tuple[tuple[str, str], ...] = ()

    @classmethod
    def make(cls, selection: Selection, period: Period | str, **choices: str) -> PageView:
        period = Period.parse(period) if isinstance(period, str) else period
        return cls(selection, period, tuple(sorted((k, str(v)) for k, v in choices.items())))

    def choice(self, name: str, default: str | None = None) -> str | None:
        return dict(self.choices).get(name, default)


class _Mark:
    """A table cell that holds no number and shows as its mark, in every renderer and download."""

    def __init__(self, name: str, mark: str):
        self.name, self.mark = name, mark

    def __repr__(self) -> str:
        return self.name

    def __reduce__(self):  # one instance each, also after a round trip through a cache
        return self.name


class _Suppressed(_Mark):
    """A table cell hidden by the small-count rule: never a number, shown as its mark."""


class _NotKnown(_Mark):
    """A cell whose figure does not exist at the level asked ("n.v.t. per aanbieder", issue 28):
    a mark that cannot be read as a value, never another level's number."""


SUPPRESSED = _Suppressed("SUPPRESSED", SUPPRESSED_TEXT)  # a hidden count of people
SUPPRESSED_VALUE = _Suppressed("SUPPRESSED_VALUE", SUPPRESSED_MARK)  # a hidden percentage, median, ...
NOT_KNOWN = {level: _NotKnown(f"NOT_KNOWN_{level.upper()}", not_known_text(level)) for level in KNOWN_AT}
globals().update({mark.name: mark for mark in NOT_KNOWN.values()})  # pickled by name (__reduce__)


def is_hidden(value) -> bool:
    return isinstance(value, _Suppressed)


def is_not_known(value) -> bool:
    return isinstance(value, _NotKnown)


def is_mark(value) -> bool:
    """Hidden or not known: a cell shown as its mark, never as a number."""
    return isinstance(value, _Mark)


class Number(str):
    """A number in a table whose column mixes formats (a row per indicator): its Dutch text as
    shown ("€ 19,7 mln", "+14", "-0,7 procentpunt") that keeps the value it shows, so that a
    workbook holds the value with a Dutch number format (issue 28, item 16: the dialogue pack's
    money and changes were text). Being a str, it shows and compares as its text everywhere
    else. `fmt` is formatting.number's format of the value, `signed` marks a change, `unit`
    follows the number ("procentpunt"). A hidden or unknown figure is a mark, never a Number."""

    value: float
    fmt: str
    signed: bool
    unit: str

    def __new__(cls, text: str, value: float, fmt: str, signed: bool = False, unit: str = "") -> Number:
        self = super().__new__(cls, text)
        self.value, self.fmt, self.signed, self.unit = value, fmt, signed, unit
        return self

    def __reduce__(self):  # a cached page model keeps its numbers
        return Number, (str(self), self.value, self.fmt, self.signed, self.unit)

    @classmethod
    def of(cls, value, fmt: str) -> Number | str:
        """A value as shown by formatting.number ("–" where there is none)."""
        return "–" if value is None else cls(number(value, fmt), value, fmt)

    @classmethod
    def change(cls, delta, fmt: str) -> Number | str:
        """A change with its sign (formatting.signed); between two percentages in percentage points."""
        if delta is None:
            return "–"
        if fmt.endswith("%"):
            return cls(f"{signed(delta, '0,0')} procentpunt", delta, "0,0", signed=True, unit="procentpunt")
        return cls(signed(delta, fmt), delta, fmt, signed=True)


def table_frame(rows, columns=None) -> pd.DataFrame:
    """A table's frame whose cells stay what the model made them (a Number, a mark): pandas 3
    stores a column of strings as its own string type, which would drop a Number's value."""
    return pd.DataFrame(rows, columns=columns, dtype=object)


@dataclass
class KeyFigure:
    """One figure as a metric: its label, the text shown (with the suppression mark), the
    baseline line beneath it and its provenance (definition, period, selection, source)."""

    label: str
    text: str
    figure: Figure
    delta: str | None = None
    help: str = ""
    key: str | None = None
    # The baseline line's arrow ("up", "down", "off": the change against the baseline as shown)
    # and colour ("green" for better, "red" for worse, "gray" without a direction).
    delta_arrow: str = "off"
    delta_color: str = "gray"


@dataclass
class Table:
    """A table with its values and how to show them.

    `frame` keeps numbers as numbers (None where unknown, SUPPRESSED where hidden) so that a
    workbook can hold numbers; `formats` gives a column's number format (formatting.number).
    Columns without a format are shown as they are (text)."""

    name: str  # the download's file name, in words
    frame: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)
    static: bool = False  # short enough to print in full
    key: str | None = None
    empty_text: str = "Geen gegevens voor deze selectie."
    indicators: list[str] = field(default_factory=list)  # catalogue ids behind its figures (definitions sheet)
    # Columns of one municipality or area each (the dialogue's breakdown): a document leaves out
    # one without a figure in any row and names it in a line instead (issue 28, item 16).
    places: list[str] = field(default_factory=list)
    # Too wide for a screen in one (the dialogue's region, municipalities and areas: 20 columns):
    # drawn as these groups of columns, (title, columns), each with the first column repeated
    # (issue 28, item 14). Downloads keep the whole table.
    groups: list[tuple[str | None, list[str]]] = field(default_factory=list)

    def shown(self) -> pd.DataFrame:
        """The table as text, exactly as on screen and in the CSV download."""
        shown = self.frame.copy()
        for column in shown.columns:
            fmt = self.formats.get(column)
            shown[column] = [cell_text(v, fmt) for v in shown[column]]
        return shown


def cell_text(value, fmt: str | None) -> str:
    if is_mark(value):
        return value.mark
    if fmt is None:
        return "–" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return number(value, fmt)


@dataclass
class Chart:
    """A chart as data: `kind` names a builder in jeugdhulpmonitor/charts.py, `data` holds its
    arguments. An empty chart is not drawn; `empty_text` says why."""

    kind: str
    data: dict
    key: str
    title: str | None = None
    empty: bool = False
    empty_text: str = "Geen gegevens voor deze selectie."


@dataclass
class Text:
    """Sentences or a caption written by the model (Markdown of our own, never user input)."""

    text: str
    caption: bool = False
    key: str | None = None


@dataclass
class Notice:
    text: str
    level: str = "info"  # info | warning


@dataclass
class Link:
    """A link to another page that keeps the filters (`params` are URL parameters)."""

    label: str
    page: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Tile:
    """A bordered card: a heading, a big line, small lines and an optional link."""

    title: str
    headline: str
    lines: list[str] = field(default_factory=list)
    link: Link | None = None
    key: str | None = None


@dataclass
class Columns:
    """Blocks side by side; `widths` are relative."""

    cells: list[list]
    widths: list[float] | None = None


@dataclass
class Section:
    title: str | None
    blocks: list = field(default_factory=list)
    key: str | None = None
    border: bool = False
    # Folded away on screen (an expander: the dialogue's definitions, issue 28 item 12); printed in full.
    folded: bool = False


@dataclass
class PageModel:
    title: str
    caption: str
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # footnotes under the page (suppression, sources)
    # What a download says it is: page, selection, period, data version (views/page.py fills it).
    context: list[tuple[str, str]] = field(default_factory=list)

    def indicators(self) -> list[str]:
        """The catalogue ids behind the page's figures and tables, in reading order."""
        ids = []
        for block in self.blocks():
            if isinstance(block, KeyFigure):
                ids.append(block.figure.indicator)
            elif isinstance(block, Table):
                ids += block.indicators
        return list(dict.fromkeys(ids))

    def blocks(self, kind: type | None = None):
        """Every block of the page in reading order (also inside columns), optionally of one kind."""

        def walk(blocks):
            for b in blocks:
                if isinstance(b, Columns):
                    for cell in b.cells:
                        yield from walk(cell)
                else:
                    yield b

        for section in self.sections:
            for b in walk(section.blocks):
                if kind is None or isinstance(b, kind):
                    yield b

    def key_figures(self) -> dict[str, KeyFigure]:
        return {k.key or k.figure.indicator: k for k in self.blocks(KeyFigure)}

    def table(self, key: str) -> Table:
        return next(t for t in self.blocks(Table) if t.key == key)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)
