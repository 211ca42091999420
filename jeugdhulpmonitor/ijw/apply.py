"""Apply the messages in the order of their dates and turn what stands into trajectories
(IJW.md §3-4).

A trajectory is one started assignment, keyed (municipality, ToewijzingNummer); task-based
(taakgericht) work has no assignment, so there a start is its own trajectory, keyed by the
start's logical key. A start or stop with StatusAanlevering 3 deletes the earlier one with the
same logical key. The trajectory starts at its earliest start and ends with the definitive stop
of its last start; a pause (JZ588 20) ends nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.ijw.mappings import Mappings
from jeugdhulpmonitor.ijw.messages import STATUS_DELETE, STATUS_FIRST, Assigned, Delivered, Message
from jeugdhulpmonitor.ijw.report import ImportReport

NO_MATCH = "stop without a matching assignment or start"
START_AFTER_STOP = "start after its stop"
NO_CATEGORY = "product category with no mapping"


@dataclass
class _Start:
    message: Message
    item: Delivered
    stops: list[Delivered] = field(default_factory=list)


@dataclass
class _Assignment:
    message: Message
    item: Assigned
    references: set[str] = field(default_factory=set)


@dataclass
class Trajectories:
    """The extract's rows as columns (contract order), and the providers seen."""

    columns: dict[str, list] = field(default_factory=dict)
    providers: dict[str, dict[str, int]] = field(default_factory=dict)  # AGB -> region -> rows


class _State:
    def __init__(self, report: ImportReport):
        self.report = report
        self.assignments: dict[tuple[str, int], _Assignment] = {}
        self.requests: dict[tuple[str, str], tuple[str, str]] = {}
        self.starts: dict[tuple, _Start] = {}
        self.postcodes: dict[tuple[str, str], str] = {}  # (municipality, client) -> latest BRP postcode

    def apply(self, m: Message) -> None:
        getattr(self, m.kind)(m)

    def jw315(self, m: Message) -> None:
        for item in m.items:
            self.requests[(m.provider, item.reference)] = (item.referrer_type, m.dated)

    def jw301(self, m: Message) -> None:
        if m.postcode:
            self.postcodes[(m.municipality, m.client)] = m.postcode
        for item in m.items:
            key = (m.municipality, item.number)
            known = self.assignments.get(key)
            if known is None:
                known = self.assignments[key] = _Assignment(m, item)
            elif (item.assigned_on, item.assigned_at) >= (known.item.assigned_on, known.item.assigned_at):
                known.message, known.item = m, item  # the latest Toewijzingsdatum + -tijd counts
            if item.reference:
                known.references.add(item.reference)

    @staticmethod
    def _key(m: Message, item: Delivered) -> tuple:
        return (m.municipality, m.provider, m.client, item.number, item.category, item.product_code, item.start)

    def jw305(self, m: Message) -> None:
        for item in m.items:
            key = self._key(m, item)
            if item.status == STATUS_DELETE:
                if self.starts.pop(key, None) is None:
                    self.report.problem(m.source, item.path, "deletes a start that was not delivered", False)
            elif item.status == STATUS_FIRST:
                self.starts[key] = _Start(m, item)
            else:
                self.report.problem(m.source, f"{item.path}/StatusAanlevering", f"unknown status ({item.status})")

    def jw307(self, m: Message) -> None:
        for item in m.items:
            start = self.starts.get(self._key(m, item))
            if item.status == STATUS_DELETE:
                same = [s for s in start.stops if s.end == item.end] if start else []
                if not same:
                    self.report.problem(m.source, item.path, "deletes a stop that was not delivered", False)
                else:
                    start.stops.remove(same[-1])
            elif item.status != STATUS_FIRST:
                self.report.problem(m.source, f"{item.path}/StatusAanlevering", f"unknown status ({item.status})")
            elif start is None:
                self.report.problem(m.source, item.path, NO_MATCH)
            elif item.end < item.start:
                self.report.problem(
                    m.source, f"{item.path}/Einddatum", f"{START_AFTER_STOP} ({item.start} after {item.end})"
                )
            else:
                start.stops.append(item)


def apply(messages: Iterable[Message], mappings: Mappings, report: ImportReport, trajectory_id) -> Trajectories:
    """messages: in any order; they are applied by date. trajectory_id: the keyed hash."""
    state = _State(report)
    for m in sorted(messages, key=Message.order.fget):
        state.apply(m)
    groups: dict[tuple, list[_Start]] = {}
    for start in state.starts.values():
        m, item = start.message, start.item
        key = (m.municipality, item.number) if item.number is not None else (m.provider, *_State._key(m, item))
        groups.setdefault(key, []).append(start)
    return _Rows(state, mappings, report, trajectory_id).build(groups)


COLUMNS = (
    "trajectory_id",
    "client_id",
    "birth_year",
    "municipality_code",
    "area_code",
    "provider_id",
    "theme",
    "care_form",
    "referrer",
    "request_date",
    "start_date",
    "end_date",
    "end_reason",
    "imminent_out_of_home",
    "intensive",
    "goal_attained",
)


class _Rows:
    def __init__(self, state: _State, mappings: Mappings, report: ImportReport, trajectory_id):
        self.state, self.map, self.report, self.trajectory_id = state, mappings, report, trajectory_id
        self.out = Trajectories({c: [] for c in COLUMNS})
        self.geo = GEO()

    def build(self, groups: dict[tuple, list[_Start]]) -> Trajectories:
        for key, starts in groups.items():  # in the order the messages were applied: deterministic
            self.row(key, sorted(starts, key=lambda s: s.item.start))
        return self.out

    def row(self, key: tuple, starts: list[_Start]) -> None:
        first, last = starts[0], starts[-1]
        m, item = first.message, first.item
        assignment = self.state.assignments.get(key) if item.number is not None else None
        if item.number is not None and assignment is None:
            self.report.problem(
                m.source, f"{item.path}/ToewijzingNummer", "start of an assignment not in the import; imported", False
            )
        source = assignment.item if assignment else item
        product = self.map.products.get(source.product_code or "")
        if source.category is None or source.category not in self.map.care_form_by_category:
            where = assignment.message.source if assignment else m.source
            self.report.problem(where, f"{source.path}/Product/Categorie", f"{NO_CATEGORY} ({source.category})")
            return
        care_form = (product and product.care_form) or self.map.care_form_by_category[source.category]
        if care_form is None:
            self.report.not_youth_care += 1
            return
        municipality = self.map.municipality_codes.get(m.municipality, f"GM{m.municipality}")
        if municipality not in self.geo.municipalities:
            where = "Bericht/Header/Ontvanger"
            self.report.problem(m.source, where, f"municipality not in the geography ({municipality})")
            return
        area = self._area(municipality, m)
        if area is None:
            return
        if m.birth_date is None:
            self.report.problem(m.source, "Bericht/Client/Geboortedatum", "birth date unknown (DatumGebruik 3)")
            return
        end_date = end_reason = None
        stop = last.stops[-1] if last.stops else None
        if stop is not None and stop.reason not in self.map.pause_reasons:
            end_reason = self.map.end_reason_by_reason.get(stop.reason)
            if end_reason is None:
                where = f"{stop.path}/RedenBeeindiging"
                self.report.problem(last.message.source, where, f"reason for ending with no mapping ({stop.reason})")
                return
            end_date = stop.end
        referrer, requested = self._referrer(m, item, assignment)
        if requested is not None and requested > item.start:
            self.report.problem(m.source, item.path, "request dated after the start; request date left empty", False)
            requested = None
        columns = self.out.columns
        values = (
            self.trajectory_id(repr(key)),
            m.client,
            int(m.birth_date[:4]),
            municipality,
            area,
            m.provider,
            product.theme if product else None,
            care_form,
            referrer,
            requested,
            item.start,
            end_date,
            end_reason,
            False,  # imminent out-of-home placement: not in iJw
            bool(product and product.intensive),
            None,  # goal attained: not in iJw
        )
        for name, value in zip(COLUMNS, values, strict=True):
            columns[name].append(value)
        regions = self.out.providers.setdefault(m.provider, {})
        region = self.geo.municipalities[municipality].region
        regions[region] = regions.get(region, 0) + 1

    def _area(self, municipality: str, m: Message) -> str | None:
        areas = self.geo.municipalities[municipality].areas
        if len(areas) == 1:
            return areas[0]
        postcode = self.state.postcodes.get((m.municipality, m.client))
        area = self.map.postcode_areas.get(municipality, {}).get((postcode or "")[:4])
        if area is None:
            why = f"postcode {postcode[:4]} not in the area table" if postcode else "no BRP postcode in any JW301"
            self.report.problem(m.source, "Bericht/Client", f"no area for a client of {municipality} ({why})")
        return area

    def _referrer(self, m: Message, item: Delivered, assignment: _Assignment | None) -> tuple[str | None, str | None]:
        if assignment is None:
            return None, None  # task-based, or the assignment is not in the import
        for reference in sorted(assignment.references):
            request = self.state.requests.get((m.provider, reference))
            if request is not None:
                referrer = self.map.referrer_by_type.get(request[0])
                if referrer is None:
                    self.report.problem(m.source, item.path, f"referrer type with no mapping ({request[0]})", False)
                return referrer, request[1]
        return self.map.referrer_without_request, None
