"""Typed records of the iJw 3.2 messages the importer reads (../shared/IJW.md §1-2).

Only what the extract needs is kept; the BSN is replaced by its pseudonym while parsing, so no
record ever holds it, nor names or addresses (the postcode only, to find the area). Dates are
ISO strings (checked while parsing): they sort and compare as dates, and cross from the parsing
processes as plain tuples of strings several times faster than date objects and named tuples.
"""

from __future__ import annotations

from typing import NamedTuple

NAMESPACE = "http://www.istandaarden.nl/ijw/3_2/{}/schema"
BASE_NAMESPACE = NAMESPACE.format("basisschema")
# message -> BerichtCode; JW323 (invoice) is recognised but carries nothing the extract needs.
CODES = {"jw301": "436", "jw305": "438", "jw307": "440", "jw315": "446", "jw323": "490"}
USED = ("jw301", "jw305", "jw307", "jw315")
VERSION, SUBVERSION = "3", "2"
STATUS_FIRST, STATUS_DELETE = "1", "3"
BRP_ADDRESS = "01"


class Assigned(NamedTuple):
    """JW301 ToegewezenProduct: one version of an assignment."""

    number: int
    reference: str | None  # ReferentieAanbieder: links to the provider's JW315
    category: str | None
    product_code: str | None
    assigned_on: str
    assigned_at: str
    start: str
    end: str | None
    path: str


class Delivered(NamedTuple):
    """JW305 StartProduct or JW307 StopProduct (end and reason set on a stop)."""

    number: int | None  # None: task-based (taakgericht) work without an assignment
    category: str | None
    product_code: str | None
    start: str
    status: str
    end: str | None
    reason: str | None
    path: str


class Requested(NamedTuple):
    """JW315 AangevraagdProduct: the request with its referrer."""

    reference: str
    referrer_type: str
    path: str


class Message(NamedTuple):
    kind: str  # jw301, jw305, jw307, jw315
    source: str  # file name (archive!member for a zip)
    municipality: str  # the 4 digits of the CBS code
    provider: str  # AGB code
    identification: str
    dated: str  # Dagtekening
    client: str  # pseudonym of the BSN
    birth_date: str | None  # None: unknown (DatumGebruik 3)
    postcode: str | None  # JW301's BRP address (else the first address)
    items: tuple  # Assigned | Delivered | Requested

    @property
    def order(self) -> tuple:
        """Messages apply by Dagtekening, then Identificatie (IJW.md §3), never by file name."""
        return (self.dated, self.identification, self.source)

    def wire(self) -> tuple:
        """As plain tuples, to cross from a parsing process."""
        return (*self[:-1], tuple(tuple(item) for item in self.items))

    @classmethod
    def unwire(cls, values: tuple) -> Message:
        item = ITEMS[values[0]]._make
        return cls._make((*values[:-1], tuple(map(item, values[-1]))))


ITEMS = {"jw301": Assigned, "jw305": Delivered, "jw307": Delivered, "jw315": Requested}
