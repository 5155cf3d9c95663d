"""The command line: clear help, one-line errors, documented exit codes."""
from __future__ import annotations

import pytest
from conftest import run_build


def test_help_lists_every_command_and_the_exit_codes():
    result = run_build("--help")
    assert result.returncode == 0
    for command in ("build", "check", "serve", "new", "import"):
        assert f"    {command} " in result.stdout
    assert "exit codes:\n  0  success\n  1  invalid content" in result.stdout


@pytest.mark.parametrize("command, expected", [
    ("build", "--base-url"), ("check", "path:line: field: problem"), ("serve", "--port"),
    ("new", "--tie-break"), ("import", "rounds JSON"),
])
def test_each_command_has_help(command, expected):
    result = run_build(command, "--help")
    assert result.returncode == 0
    assert expected in " ".join(result.stdout.split())


def test_wrong_usage_exits_2_with_one_error_line():
    result = run_build("publish")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith("build.py: error: argument COMMAND: invalid choice: 'publish'")
