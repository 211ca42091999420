"""Parse one iJw message, hardened: it is data from outside.

Expat from the standard library, configured as defusedxml's DefusedXMLParser is (no DTD, no
entity declarations, no external entities, so no network and no entity expansion) and raising
defusedxml's exceptions; a size limit before parsing. defusedxml's own ElementTree goes through
the pure-Python parser and a tree (130 µs a message against 45 µs here); a message is small and
flat, so its leaves are collected as they stream by. Namespaces are matched by URI and local
name, never by prefix. The BSN is replaced by its pseudonym here, so it never leaves this module.
"""

from __future__ import annotations

import re
import xml.parsers.expat as expat
from collections.abc import Callable
from datetime import date

from defusedxml.common import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from jeugdhulpmonitor.ijw.messages import (
    BRP_ADDRESS,
    CODES,
    NAMESPACE,
    SUBVERSION,
    USED,
    VERSION,
    Assigned,
    Delivered,
    Message,
    Requested,
)
from jeugdhulpmonitor.ijw.report import Problem

MAX_BYTES = 1 << 20  # one client's message; the largest real JW301 is a few tens of KB
# The repeated elements, each a record of its own: message -> (container, element).
RECORDS = {
    "jw301": ("ToegewezenProducten", "ToegewezenProduct"),
    "jw305": ("StartProducten", "StartProduct"),
    "jw307": ("StopProducten", "StopProduct"),
    "jw315": ("AangevraagdeProducten", "AangevraagdProduct"),
}
REPEATED = {"Contact", *(element for _, element in RECORDS.values())}
KINDS = {NAMESPACE.format(kind): kind for kind in CODES}
_SEP = "\x1f"  # expat joins namespace URI and local name with this
_AGB = re.compile(r"^\d{8}$")
_GM = re.compile(r"^\d{4}$")
_OTHER_VERSION = re.compile(r"^http://www\.istandaarden\.nl/ijw/(\d+_\d+)/(jw\d{3})/schema$")


class MessageError(ValueError):
    """The message is set aside; path names the element."""

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path = path


def _forbid_dtd(name, sysid, pubid, has_internal_subset):
    raise DTDForbidden(name, sysid, pubid)


def _forbid_entity(name, is_parameter_entity, value, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation_name)


def _forbid_unparsed(name, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation_name)


def _forbid_external(context, base, sysid, pubid):
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


_LOCAL_NAMES: dict[str, str] = {}  # "uri<sep>local" -> local: the few names of the standard, cached


def _local(name: str) -> str:
    local = _LOCAL_NAMES.get(name)
    if local is None:
        local = name.rpartition(_SEP)[2]
        if len(_LOCAL_NAMES) < 10_000:  # a hostile message cannot grow it without bound
            _LOCAL_NAMES[name] = local
    return local


def leaves(data: bytes) -> tuple[str, dict, list]:
    """The message's namespace URI, its leaves outside the repeated elements (path -> text) and
    the repeated elements in order as (element, index, {path within it -> text})."""
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _forbid_dtd
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_unparsed
    parser.ExternalEntityRefHandler = _forbid_external
    paths: list[str] = []  # the path of each open element, relative to the root or its record
    text: list[str] = []
    top: dict[str, str] = {}
    records: list[tuple[str, int, dict]] = []
    counts: dict[str, int] = {}
    root = None
    leaf = False
    target = top  # where leaves go: the message or the open repeated element
    record_depth = 0

    def start(name, _attrs):
        nonlocal root, leaf, target, record_depth
        local = _LOCAL_NAMES.get(name) or _local(name)
        if root is None:
            uri = name.rpartition(_SEP)[0]
            root = uri if local == "Bericht" else f"{uri} {local}"
            paths.append("")
            return
        if text:
            text.clear()
        leaf = True
        if not record_depth and local in REPEATED:
            counts[local] = n = counts.get(local, 0) + 1
            target = {}
            records.append((local, n, target))
            record_depth = len(paths) + 1
            paths.append("")
            return
        parent = paths[-1]
        paths.append(f"{parent}/{local}" if parent else local)

    def end(_name):
        nonlocal leaf, target, record_depth
        if leaf:
            target[paths[-1]] = "".join(text).strip()
            leaf = False
        if record_depth == len(paths):
            record_depth, target = 0, top
        paths.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append
    parser.Parse(data, True)
    return root or "", top, records


def parse(data: bytes, source: str, pseudonym: Callable[[str], str]) -> Message | Problem | None:
    """One message as a record, or the problem that sets it aside; None for a known message
    the extract does not use (JW323)."""
    if len(data) > MAX_BYTES:
        return Problem(source, "Bericht", f"larger than {MAX_BYTES:,} bytes; not read")
    try:
        uri, top, records = leaves(data)
    except DefusedXmlException as exc:
        return Problem(source, "Bericht", f"forbidden XML construct ({type(exc).__name__})")
    except expat.ExpatError as exc:
        return Problem(source, "Bericht", f"malformed XML ({expat.ErrorString(exc.code)}, line {exc.lineno})")
    try:
        return _message(uri, top, records, source, pseudonym)
    except MessageError as exc:
        return Problem(source, exc.path, str(exc))


def _message(uri, top, records, source, pseudonym) -> Message | None:
    kind = KINDS.get(uri)
    if kind is None:
        _unknown(uri)
    header = _Fields(top, "Bericht", "Header/")
    code = header.text("BerichtCode")
    if code != CODES[kind]:
        raise MessageError("Bericht/Header/BerichtCode", f"unknown message type (BerichtCode {code} in {kind.upper()})")
    version = (header.text("BerichtVersie"), header.text("BerichtSubversie"))
    if version != (VERSION, SUBVERSION):
        raise MessageError("Bericht/Header/BerichtVersie", f"unsupported version ({'.'.join(version)}; reads 3.2)")
    if kind not in USED:
        return None
    sender, receiver = header.text("Afzender"), header.text("Ontvanger")
    municipality, provider = (sender, receiver) if kind == "jw301" else (receiver, sender)
    if not _GM.match(municipality):
        raise MessageError(
            f"Bericht/Header/{'Afzender' if kind == 'jw301' else 'Ontvanger'}",
            f"not a municipality code of 4 digits ({municipality})",
        )
    if not _AGB.match(provider):
        raise MessageError(
            f"Bericht/Header/{'Ontvanger' if kind == 'jw301' else 'Afzender'}",
            f"not an AGB code of 8 digits ({provider})",
        )
    client = _Fields(top, "Bericht", "Client/")
    bsn = client.text("Bsn")
    if not _is_bsn(bsn):
        raise MessageError("Bericht/Client/Bsn", "not a BSN (9 digits passing the 11-test)")
    birth = None if client.text("Geboortedatum/DatumGebruik", "1") == "3" else client.date("Geboortedatum/Datum")
    container, element = RECORDS[kind]
    items = tuple(
        _ITEM[kind](_Fields(fields, f"Bericht/Client/{container}/{name}[{i}]"))
        for name, i, fields in records
        if name == element
    )
    if not items:
        raise MessageError(f"Bericht/Client/{container}", f"missing element {element}")
    return Message(
        kind,
        source,
        municipality,
        provider,
        header.text("BerichtIdentificatie/Identificatie"),
        header.date("BerichtIdentificatie/Dagtekening"),
        pseudonym(bsn),
        birth,
        _postcode(records) if kind == "jw301" else None,
        items,
    )


def _unknown(uri: str):
    """A root that is not one of the messages read: another version, message or standard."""
    other = _OTHER_VERSION.match(uri)
    if other and other[1] != f"{VERSION}_{SUBVERSION}":
        raise MessageError(
            "Bericht", f"unsupported version ({other[1].replace('_', '.')} {other[2].upper()}; reads 3.2)"
        )
    found = uri.replace(" ", ", root ") if uri else "no namespace"
    raise MessageError("Bericht", f"unknown message type ({found}; reads iJw 3.2 JW301, JW305, JW307, JW315)")


def _postcode(records) -> str | None:
    contacts = [fields for name, _i, fields in records if name == "Contact"]
    brp = [c for c in contacts if c.get("Soort") == BRP_ADDRESS] or contacts
    code = brp[0].get("Adres/Postcode") if brp else None
    return code.replace(" ", "").upper() if code else None


def _is_bsn(value: str) -> bool:
    if len(value) != 9 or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    return (sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=False)) - digits[8]) % 11 == 0


class _Fields:
    """The leaves of one element, read by their path below it; problems name the full path."""

    __slots__ = ("fields", "path", "prefix")

    def __init__(self, fields: dict, path: str, prefix: str = ""):
        self.fields, self.path, self.prefix = fields, path, prefix

    def get(self, name: str) -> str | None:
        return self.fields.get(self.prefix + name) or None

    def text(self, name: str, default: str | None = None) -> str:
        value = self.get(name)
        if value is None:
            if default is not None:
                return default
            raise MessageError(f"{self.path}/{self.prefix}{name}", f"missing element {name.rpartition('/')[2]}")
        return value

    def date(self, name: str, required: bool = True) -> str | None:
        """The date as YYYY-MM-DD (fromisoformat also takes 20250101, which would not sort)."""
        value = self.get(name) if not required else self.text(name)
        if value is None:
            return None
        try:
            return value if len(value) == 10 and date.fromisoformat(value) else date.fromisoformat(value).isoformat()
        except ValueError:
            raise MessageError(f"{self.path}/{self.prefix}{name}", f"not a date ({value[:20]})") from None

    def number(self, name: str, required: bool = True) -> int | None:
        value = self.get(name) if not required else self.text(name)
        if value is None:
            return None
        if not value.isdigit() or len(value) > 9:
            raise MessageError(f"{self.path}/{self.prefix}{name}", f"not a number of at most 9 digits ({value[:20]})")
        return int(value)


def _assigned(f: _Fields) -> Assigned:
    return Assigned(
        f.number("ToewijzingNummer"),
        f.get("ReferentieAanbieder"),
        f.get("Product/Categorie"),
        f.get("Product/Code"),
        f.date("Toewijzingsdatum"),
        f.get("Toewijzingstijd") or "",
        f.date("Ingangsdatum"),
        f.date("Einddatum", required=False),
        f.path,
    )


def _started(f: _Fields) -> Delivered:
    return Delivered(
        f.number("ToewijzingNummer", required=False),
        f.get("Product/Categorie"),
        f.get("Product/Code"),
        f.date("Begindatum"),
        f.text("StatusAanlevering"),
        None,
        None,
        f.path,
    )


def _stopped(f: _Fields) -> Delivered:
    return _started(f)._replace(end=f.date("Einddatum"), reason=f.text("RedenBeeindiging"))


def _requested(f: _Fields) -> Requested:
    return Requested(f.text("ReferentieAanbieder"), f.text("Verwijzer/Type"), f.path)


_ITEM = {"jw301": _assigned, "jw305": _started, "jw307": _stopped, "jw315": _requested}
