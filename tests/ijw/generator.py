"""Deterministic iJw 3.2 messages shaped like the schema (IJW.md §1-2): the element order of the
XSDs, the two namespaces, varying prefixes, valid BSNs. Tests build hand-made cases from the
message functions; `traffic` produces a realistic stream for the benchmark."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from xml.sax.saxutils import escape

NS = "http://www.istandaarden.nl/ijw/3_2/{}/schema"
CODES = {"jw301": "436", "jw305": "438", "jw307": "440", "jw315": "446", "jw323": "490"}
BIRTH = date(2012, 5, 17)


def bsn(i: int) -> str:
    """The i-th 9-digit number passing the 11-test (never 0 for a check digit of 10)."""
    n = 100_000_000 + i * 100  # at most a few steps to a valid one: never the next i's
    while True:
        digits = [int(c) for c in f"{n:09d}"[:8]]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1))) % 11
        if check < 10:
            return f"{n:09d}"[:8] + str(check)
        n += 1


def _el(p: str, name: str, value) -> str:
    return "" if value is None else f"<{p}{name}>{escape(str(value))}</{p}{name}>"


def message(
    kind: str,
    municipality: str,
    provider: str,
    ident: str,
    dated: date,
    client_bsn: str,
    inner: str,
    prefix: str = "",
    birth: date = BIRTH,
    code: str | None = None,
    version: str = "3",
    subversion: str = "2",
    postcode: str | None = None,
) -> bytes:
    """One message; prefix '' uses default namespaces, else e.g. 'jw301' or 'ns1'."""
    m = f"{prefix}:" if prefix else ""
    b = "ijw:" if prefix else ""
    base = NS.format("basisschema")
    decl = f'xmlns:{prefix}="{NS.format(kind)}" xmlns:ijw="{base}"' if prefix else f'xmlns="{NS.format(kind)}"'
    sender, receiver = (municipality, provider) if kind == "jw301" else (provider, municipality)
    d = "" if prefix else f' xmlns="{base}"'  # default namespace: the children redeclare theirs

    def sub(name, value):
        return "" if value is None else f"<{b}{name}{d}>{escape(str(value))}</{b}{name}>"

    contact = ""
    if kind == "jw301":
        contact = (
            f"<{m}Contactgegevens><{m}Contact>{_el(m, 'Soort', '01')}<{m}Adres>{sub('Straatnaam', 'Dorpsstraat')}"
            f"{sub('Huisnummer', 12)}{sub('Postcode', postcode or '1431AB')}{sub('Plaatsnaam', 'Plaats')}"
            f"</{m}Adres></{m}Contact></{m}Contactgegevens>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{m}Bericht {decl}>'
        f"<{m}Header>{_el(m, 'BerichtCode', code or CODES[kind])}{_el(m, 'BerichtVersie', version)}"
        f"{_el(m, 'BerichtSubversie', subversion)}{_el(m, 'Afzender', sender)}{_el(m, 'Ontvanger', receiver)}"
        f"<{m}BerichtIdentificatie>{sub('Identificatie', ident)}{sub('Dagtekening', dated)}</{m}BerichtIdentificatie>"
        f"<{m}XsdVersie>{sub('BasisschemaXsdVersie', '1.0.0')}{sub('BerichtXsdVersie', '1.0.0')}</{m}XsdVersie>"
        f"</{m}Header><{m}Client>{_el(m, 'Bsn', client_bsn)}"
        f"<{m}Geboortedatum>{sub('Datum', birth)}{sub('DatumGebruik', 1)}</{m}Geboortedatum>"
        f"{_el(m, 'Geslacht', 2)}<{m}Naam>{sub('Achternaam', 'Jansen')}{sub('Voorletters', 'P')}</{m}Naam>"
        f"{contact}{inner.format(m=m, b=b, d=d)}</{m}Client></{m}Bericht>"
    ).encode()


def _product(category, code) -> str:
    if category is None:
        return ""
    c = "" if code is None else f"<{{b}}Code{{d}}>{code}</{{b}}Code>"
    return f"<{{m}}Product><{{b}}Categorie{{d}}>{category}</{{b}}Categorie>{c}</{{m}}Product>"


def _opt(name, value) -> str:
    return "" if value is None else f"<{{m}}{name}>{value}</{{m}}{name}>"


def assigned(number, category="45", code=None, start=date(2025, 1, 1), end=None, on=None, at="10:00:00", ref=None):
    return (
        f"<{{m}}ToegewezenProduct>{_opt('ToewijzingNummer', number)}{_opt('ReferentieAanbieder', ref)}"
        f"{_product(category, code)}{_opt('Toewijzingsdatum', on or start)}{_opt('Toewijzingstijd', at)}"
        f"{_opt('Ingangsdatum', start)}{_opt('Einddatum', end)}</{{m}}ToegewezenProduct>"
    )


def started(begin, number=None, category="45", code=None, status="1"):
    return (
        f"<{{m}}StartProduct>{_opt('ToewijzingNummer', number)}{_product(category, code)}"
        f"{_opt('Begindatum', begin)}{_opt('StatusAanlevering', status)}</{{m}}StartProduct>"
    )


def stopped(begin, end, reason="31", number=None, category="45", code=None, status="1"):
    return (
        f"<{{m}}StopProduct>{_opt('ToewijzingNummer', number)}{_product(category, code)}"
        f"{_opt('Begindatum', begin)}{_opt('StatusAanlevering', status)}{_opt('RedenBeeindiging', reason)}"
        f"{_opt('Einddatum', end)}</{{m}}StopProduct>"
    )


def requested(ref, referrer_type="02", category="45", start=date(2025, 1, 1)):
    verwijzer = f"<{{m}}Verwijzer><{{b}}Type{{d}}>{referrer_type}</{{b}}Type></{{m}}Verwijzer>"
    return (
        f"<{{m}}AangevraagdProduct>{_opt('ReferentieAanbieder', ref)}{_product(category, None)}"
        f"{_opt('ToewijzingIngangsdatum', start)}{verwijzer}</{{m}}AangevraagdProduct>"
    )


CONTAINERS = {
    "jw301": "ToegewezenProducten",
    "jw305": "StartProducten",
    "jw307": "StopProducten",
    "jw315": "AangevraagdeProducten",
}


def items(kind: str, *parts: str) -> str:
    c = CONTAINERS[kind]
    return f"<{{m}}{c}>{''.join(parts)}</{{m}}{c}>"


# --- a realistic stream for the benchmark -------------------------------------------------

MUNICIPALITIES = ["0363"] * 6 + ["0358", "0362", "0384", "0437", "0451", "0375", "0392", "0453"]
PROVIDERS = [f"{73000000 + 37 * i:08d}" for i in range(40)]
CATEGORIES = ["45"] * 10 + ["43", "44", "46", "51", "52", "54", "40", "41", "42", "50"]
REASONS = ["31"] * 6 + ["32", "33", "34", "35", "36", "38"]
REFERRERS = ["01", "02", "02", "03", "04", "05", "06", "08"]
POSTCODES = ["1012AB", "1055KL", "1062HG", "1021JT", "1092AD", "1102BR", "1075XX"]
PREFIXES = ["", "jw", "ns1"]


def traffic(n: int, seed: int = 7) -> Iterator[tuple[str, bytes]]:
    """About n messages (file name, bytes): per young person a request (sometimes), an
    assignment, a start and (mostly) a stop; a tenth task-based, without assignment."""
    rng = random.Random(seed)
    made, person = 0, 0
    idents: dict[str, int] = {}

    def ident(sender):
        idents[sender] = idents.get(sender, 0) + 1
        return f"{idents[sender]:012d}"

    while made < n:
        person += 1
        gm, agb = rng.choice(MUNICIPALITIES), rng.choice(PROVIDERS)
        client, birth = bsn(person), date(2006 + rng.randrange(12), 1 + rng.randrange(12), 1 + rng.randrange(28))
        cat = rng.choice(CATEGORIES)
        begin = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
        stop = begin + timedelta(days=30 + rng.randrange(400)) if rng.random() < 0.7 else None
        p = rng.choice(PREFIXES)
        msgs = []
        if rng.random() < 0.1:  # task-based: start and stop without an assignment
            msgs.append(("jw305", agb, begin, items("jw305", started(begin, None, cat))))
            if stop:
                msgs.append(("jw307", agb, stop, items("jw307", stopped(begin, stop, rng.choice(REASONS), None, cat))))
        else:
            number, ref = person, None
            if rng.random() < 0.5:
                ref = f"R{person}"
                request = items("jw315", requested(ref, rng.choice(REFERRERS), cat))
                msgs.append(("jw315", agb, begin - timedelta(days=40), request))
            a = assigned(number, cat, None, begin, None, begin - timedelta(days=20), ref=ref)
            msgs.append(("jw301", gm, begin - timedelta(days=20), items("jw301", a)))
            msgs.append(("jw305", agb, begin, items("jw305", started(begin, number, cat))))
            if stop:
                s = stopped(begin, stop, rng.choice(REASONS), number, cat)
                msgs.append(("jw307", agb, stop, items("jw307", s)))
        postcode = rng.choice(POSTCODES) if gm == "0363" else "1431AB"
        for kind, sender, dated, inner in msgs:
            prefix = (kind if p == "jw" else p) if p else ""
            data = message(kind, gm, agb, ident(sender + kind), dated, client, inner, prefix, birth, postcode=postcode)
            made += 1
            yield f"{gm}/{kind}/{made:08d}.xml", data
            if made >= n:
                return


# --- whole messages with defaults, for hand-made cases ----------------------------------

AGB = "73000111"
_idents: dict[str, int] = {}


def _next(kind: str) -> str:
    _idents[kind] = _idents.get(kind, 0) + 1
    return f"T{_idents[kind]:011d}"


def jw301(*products: str, client=1, gm="0358", agb=AGB, dated=date(2025, 1, 1), postcode=None, **kw) -> bytes:
    return message(
        "jw301",
        gm,
        agb,
        _next("jw301"),
        dated,
        bsn(client),
        items("jw301", *products),
        "jw301",
        **kw,
        postcode=postcode,
    )


def jw305(*products: str, client=1, gm="0358", agb=AGB, dated=date(2025, 1, 2), **kw) -> bytes:
    return message("jw305", gm, agb, _next("jw305"), dated, bsn(client), items("jw305", *products), "ns1", **kw)


def jw307(*products: str, client=1, gm="0358", agb=AGB, dated=date(2025, 6, 1), **kw) -> bytes:
    return message("jw307", gm, agb, _next("jw307"), dated, bsn(client), items("jw307", *products), "", **kw)


def jw315(*products: str, client=1, gm="0358", agb=AGB, dated=date(2024, 12, 1), **kw) -> bytes:
    return message("jw315", gm, agb, _next("jw315"), dated, bsn(client), items("jw315", *products), "jw315", **kw)
