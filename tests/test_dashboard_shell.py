"""The shell's Dutch message when the data directory is missing or invalid (never a traceback)."""

import pytest
from streamlit.testing.v1 import AppTest

from jeugdhulpmonitor import REPO_ROOT


@pytest.mark.parametrize("make", ["missing", "empty", "corrupt"])
def test_missing_or_invalid_data_dir_gets_a_dutch_message(tmp_path, monkeypatch, make):
    target = tmp_path / "data"
    if make != "missing":
        target.mkdir()
    if make == "corrupt":
        for name in ("client_flows", "providers", "population"):
            (target / f"{name}.parquet").write_bytes(b"not parquet")
    monkeypatch.setenv("DATA_DIR", str(target))
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert "Er zijn geen bruikbare gegevens geladen" in at.error[0].value
    # The directory by its name, never its path on the server.
    assert f"‘{target.name}’" in at.error[0].value and str(tmp_path) not in at.error[0].value
