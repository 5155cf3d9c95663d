"""README.md and CONTRIBUTING.md as a reader follows them: the commands they give run and print what they
say, and the front matter they show passes `check`."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_build


def test_the_schema_command_readme_gives_prints_readmes_table():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    module = re.search(r"`python -m ([\w.]+)` prints this\s+table", readme)
    assert module, "README names the command that prints the fields table"
    printed = subprocess.run([sys.executable, "-m", module[1]], capture_output=True, text=True, cwd=REPO, check=True)
    assert printed.stdout.startswith("| field |") and printed.stdout in readme


def data_notes_block(document: str) -> str:
    """The `data_notes:` example of a document's front matter, comments and all, to the next field."""
    found = re.search(r"^data_notes:.*\n(?:[ ]+.*\n)+", document, re.MULTILINE)
    assert found, "the document shows data_notes"
    return found[0]


@pytest.mark.parametrize("document", ["README.md", "CONTRIBUTING.md"])
def test_a_documents_data_note_example_passes_check_in_a_real_draw(tmp_path, document):
    """Round 247's own data note, swapped for the document's: the document's must be one check accepts."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "site.yml", tmp_path / "site.yml")
    draw = tmp_path / "content/draws/2023/247.md"
    text = draw.read_text(encoding="utf-8")
    example = data_notes_block((REPO / document).read_text(encoding="utf-8"))
    draw.write_text(text.replace(data_notes_block(text), example), encoding="utf-8")
    done = run_build("check", root=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    written = Path(draw).read_text(encoding="utf-8")
    draw.write_text(written.replace(example, 'data_notes:\n  - "The subtotal is off."\n'), encoding="utf-8")
    refused = run_build("check", root=tmp_path)  # a sentence, as the documents once showed
    assert refused.returncode == 1 and "247.md:35: data_notes.0: str is not a mapping" in refused.stderr


def test_the_catalog_commands_readme_gives_leave_the_committed_catalog_as_it_is(tmp_path):
    """README's two pybabel commands, run on a copy: the committed French catalog is already what they make."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^\s*\.venv/bin/(pybabel .+)$", readme, re.MULTILINE)
    assert [c.split()[1] for c in commands] == ["extract", "update"]
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".venv", ".git", "site", ".drawarchive", ".site-*",
                                                              "__pycache__", "node_modules"))
    pybabel = Path(sys.executable).with_name("pybabel")
    for command in commands:
        subprocess.run([str(pybabel), *command.split()[1:]], cwd=copy, check=True, capture_output=True)
    catalog = "drawarchive/languages/locale/fr/LC_MESSAGES/messages.po"

    def entries(root: Path) -> list[str]:  # the dates pybabel stamps aside
        return [line for line in (root / catalog).read_text(encoding="utf-8").splitlines()
                if not line.startswith('"POT-Creation-Date')]

    assert entries(copy) == entries(REPO), "run README's pybabel commands and translate what they add"
