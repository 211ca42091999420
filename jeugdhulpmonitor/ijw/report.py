"""What an import read, wrote and set aside, and why: every problem with its file and the
element's path, kept as JSON beside the extract like ingest's reports."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

SHOWN_PER_REASON = 20  # printed lines per reason; the JSON report keeps every problem
REPORT_FILE = "ijw_report.json"


@dataclass(frozen=True)
class Problem:
    file: str
    path: str  # the element, e.g. Bericht/Client/StopProducten/StopProduct[2]/Begindatum
    message: str
    set_aside: bool = True  # False: imported, but worth knowing (a warning)

    def line(self) -> str:
        mark = "" if self.set_aside else "warning: "
        return f"{self.file}: {self.path}: {mark}{self.message}"


@dataclass
class ImportReport:
    source: str
    out: str
    started: str
    demonstration: bool = False
    written: bool = False
    error: str | None = None
    messages: dict[str, int] = field(default_factory=dict)  # read per message type
    files_set_aside: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    not_youth_care: int = 0  # trajectories of categories the mapping leaves out (transport, justice)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    def problem(self, file: str, path: str, message: str, set_aside: bool = True) -> None:
        self.problems.append(Problem(file, path, message, set_aside))

    def as_dict(self) -> dict:
        data = asdict(self)
        data["problems"] = [asdict(p) for p in self.problems]
        return data

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), indent=1, ensure_ascii=False, default=str), encoding="utf-8")

    def render(self) -> str:
        lines = [f"import-ijw {self.source} -> {self.out}"]
        if self.error:
            lines.append(f"FAILED: {self.error}")
            lines.append("nothing was written.")
        read = ", ".join(f"{n:,} {kind.upper()}" for kind, n in sorted(self.messages.items()))
        lines.append(f"  messages read: {read or 'none'}; set aside while reading: {self.files_set_aside:,}")
        for file, n in self.rows.items():
            lines.append(f"  {file}: {n:,} rows")
        if self.not_youth_care:
            lines.append(f"  {self.not_youth_care:,} trajectories left out: not youth care (mapping: no care form)")
        if self.demonstration:
            lines.append("  DEMONSTRATION DATA: pseudonymised with the public demo key, not for real use")
        shown = Counter()
        for p in self.problems:
            reason = p.message.split(" (")[0]
            shown[reason] += 1
            if shown[reason] <= SHOWN_PER_REASON:
                lines.append(f"  {p.line()}")
        for reason, n in shown.items():
            if n > SHOWN_PER_REASON:
                lines.append(f"  ... {n - SHOWN_PER_REASON:,} more: {reason}")
        if self.written:
            lines.append(f"  every problem is in {REPORT_FILE} in the output directory")
        return "\n".join(lines)
