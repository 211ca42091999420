from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from jeugdhulpmonitor.ijw.importer import run
from jeugdhulpmonitor.ijw.pseudonym import Pseudonymiser

KEY = b"a test key of at least sixteen bytes"


class Imported:
    def __init__(self, out: Path, report):
        self.out, self.report = out, report

    @property
    def rows(self) -> list[dict]:
        return pq.read_table(self.out / "client_flows.parquet").to_pylist()

    @property
    def providers(self) -> list[dict]:
        return pq.read_table(self.out / "providers.parquet").to_pylist()

    def problems(self, text: str) -> list:
        return [p for p in self.report.problems if text in p.message]

    def client(self, bsn: str) -> str:
        return Pseudonymiser(KEY)(bsn)

    def saved_report(self) -> dict:
        return json.loads((self.out / "ijw_report.json").read_text())


@pytest.fixture
def import_messages(tmp_path):
    """Write {file name: message bytes} under a folder and import it."""

    def do(messages: dict[str, bytes], key: bytes = KEY, **kw) -> Imported:
        src = tmp_path / "messages"
        for name, data in messages.items():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_bytes(data)
        out = tmp_path / "extract"
        return Imported(out, run(src, out, key, **kw))

    return do
