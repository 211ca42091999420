"""Contradictory or empty selections and impossible arguments are command-line errors (exit 2,
a message naming the problem), never a silent zero or a traceback."""

import json

import pytest

from jeugdhulpmonitor.cli import main
from jeugdhulpmonitor.engine import Selection, SelectionConflictError
from tests.conftest import SAMPLE

FIGURES = ["figures", "--data-dir", str(SAMPLE), "--indicator", "young_people_in_care", "--period", "2025"]


@pytest.mark.parametrize(
    "selection, message",
    [
        (["--region", "amsterdam-amstelland", "--municipality", "GM0375"], "meer dan één regio"),
        (["--municipality", "GM0358", "--area", "noord"], "ligt niet in gemeente GM0358"),
        (["--region", "ijmond-zuid-kennemerland", "--area", "noord"], "meer dan één regio"),
    ],
)
def test_a_contradictory_selection_is_refused(selection, message, capsys):
    assert main([*FIGURES, *selection]) == 2
    assert message in capsys.readouterr().err


def test_an_area_and_its_own_municipality_agree(capsys):
    assert main([*FIGURES, "--municipality", "GM0363", "--area", "noord"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["value"] > 0


def test_an_empty_indicator_list_is_refused(capsys):
    args = [a if a != "young_people_in_care" else "," for a in FIGURES]
    assert main(args) == 2
    assert "no indicator" in capsys.readouterr().err


def test_the_engine_refuses_a_conflict_for_every_caller(sample_engine):
    with pytest.raises(SelectionConflictError):
        sample_engine.compute("inflow", "2025", Selection(region="amsterdam-amstelland", municipalities=("GM0375",)))


@pytest.mark.parametrize("scale", ["0", "-1", "nan", "inf", "veel"])
def test_generate_refuses_a_scale_that_is_not_a_positive_number(scale, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["generate", "--out", str(tmp_path / "out"), "--scale", scale])
    assert exit_.value.code == 2
    assert "--scale" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", [["generate", "--out"], ["ingest", str(SAMPLE), "--data-dir"]])
def test_a_directory_argument_that_is_a_file_is_refused(command, tmp_path, capsys):
    a_file = tmp_path / "a-file"
    a_file.write_text("not a directory")
    for target in (a_file, a_file / "below"):
        with pytest.raises(SystemExit) as exit_:
            main([*command, str(target)])
        assert exit_.value.code == 2
        assert f"{a_file} is a file, not a directory" in capsys.readouterr().err
