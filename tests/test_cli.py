import subprocess
import sys

import pytest

from recours.cli import COMMAND_MODULES, build_parser, main


def test_without_a_command_it_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out


@pytest.mark.parametrize("command", [c for c in COMMAND_MODULES if c != "manage"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: recours " + command in capsys.readouterr().out


def test_the_parser_lists_every_command():
    help_text = build_parser().format_help()
    for command in COMMAND_MODULES:
        assert command in help_text


def test_manage_passes_through_to_django(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "recours.cli", "manage", "help", "migrate"],
        capture_output=True,
        text=True,
        check=False,
        env={"RECOURS_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "Updates database schema" in result.stdout


def test_demo_load_only_migrates_loads_and_exits(tmp_path):
    env = {"RECOURS_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "recours.cli", "demo", "--load-only"]
    first = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    assert first.returncode == 0, first.stderr
    assert "Demo sign-in" in first.stdout
    assert (tmp_path / "recours.sqlite3").exists()
    second = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    assert second.returncode == 0, second.stderr
    assert "0 accounts created" in second.stdout
