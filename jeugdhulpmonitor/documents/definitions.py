"""Which catalogue indicators a document defines in its appendix (the PDF and the workbook)."""

from __future__ import annotations

from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.pagemodel import KeyFigure, PageModel, Table


def indicators(model: PageModel) -> list[str]:
    """Every catalogue indicator the document shows: the model's own list, and the indicators a
    table names in its first column (the council's theme table, the dialogue's elements)."""
    ids = list(model.indicators())
    by_name = {ind.name: ind.id for ind in CATALOGUE().values()}
    for table in model.blocks(Table):
        for column in table.frame.columns:
            if str(column).startswith("Indicator"):
                ids += [by_name[v] for v in table.frame[column] if v in by_name]
    ids += [k.figure.indicator for k in model.blocks(KeyFigure)]
    return list(dict.fromkeys(ids))
