"""The section "Afspraken en realisatie" of Financiën and of the PD1 dialogue: the agreements
with providers for the period's year (agreements.parquet), each beside what was realised, with
its status by the rules of the targets (jeugdhulpmonitor/agreements.py measures them)."""

from __future__ import annotations

from jeugdhulpmonitor import agreements
from jeugdhulpmonitor.catalogue import THEME_LABELS
from jeugdhulpmonitor.engine import Engine, Selection
from jeugdhulpmonitor.formatting import STATUS_LABELS
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import Number, Section, Table, Text, table_frame
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.views.common import describe, hidden

TITLE = "Afspraken en realisatie"


def section(engine: Engine, sel: Selection, period: Period, items=None, key: str = "agreements") -> Section:
    """The agreements of the selection's providers for the year (only `items` when given)."""
    rows = agreements.agreements(engine, period, sel, items)
    frame = table_frame(
        {
            "Aanbieder": [engine.providers.get(a.provider_id, (a.provider_id,))[0] for a in rows],
            "Afspraak": [a.label for a in rows],
            "Gemeente": [GEO().name(a.municipality_code) if a.municipality_code else "alle gemeenten" for a in rows],
            "Thema": [THEME_LABELS.get(a.theme, a.theme) if a.theme else "alle thema's" for a in rows],
            "Afgesproken": [Number.of(a.agreed, a.format) for a in rows],
            "Gerealiseerd": [_realised(a) for a in rows],
            "Gemeten als": [a.measured_as for a in rows],
            "Verschil": [_difference(a) for a in rows],
            "Status": [STATUS_LABELS[a.status] for a in rows],
            "Toelichting": [a.note for a in rows],
        },
        columns=[
            "Aanbieder", "Afspraak", "Gemeente", "Thema", "Afgesproken", "Gerealiseerd", "Gemeten als", "Verschil",
            "Status", "Toelichting",
        ],
    )  # fmt: skip
    if sel.provider:  # the first column says the filter, as every dialogue table's does
        frame = frame.drop(columns="Aanbieder").rename(columns={"Afspraak": f"Afspraak ({describe(sel, engine)})"})
    table = Table(
        f"Afspraken en realisatie {period}" + (f" {sel.provider}" if sel.provider else ""),
        frame,
        static=True,
        key=f"{key}-table",
        empty_text=f"Geen afspraken met aanbieders voor {period.year} in deze levering (geen gegevens).",
        indicators=sorted({a.item for a in rows} - {agreements.PLACES}),
    )
    about = Text(
        f"Per aanbieder de afspraken voor {period.year}, elk gemeten voor de eigen gemeente en het eigen thema "
        f"(zonder gemeente of thema: de hele regio of alle thema's), over de {period.words}. De status volgt de "
        f"regels van de doelen: op koers als de afspraak gehaald is, achter binnen {agreements.TOLERANCE} ervan, "
        "anders uit koers. Een lumpsum staat naast de eindejaarsprognose van de uitgaven; verblijfsplaatsen naast "
        "het gemiddeld aantal bezette plaatsen; een aantal jeugdigen telt pas over het hele jaar.",
        caption=True,
    )
    return Section(TITLE, [about, table], key=key)


def _realised(a: agreements.Agreement):
    if a.hidden and a.figure is not None:
        return hidden(a.figure)
    return Number.of(a.realised, a.format)


def _difference(a: agreements.Agreement) -> str:
    if a.realised is None or a.note == agreements.WHOLE_YEAR:
        return "–"
    return Number.change(a.realised - a.agreed, a.format)
