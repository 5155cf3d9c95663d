"""ruff and mypy are clean: run by the test command itself, so CI and contributors see the same."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean():
    result = run("ruff", "check", "drawarchive", "tests", "benchmarks", "build.py", ".ci")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean():
    result = run("mypy")  # files and strictness come from pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr


PACKAGE = REPO / "drawarchive"


def test_the_stages_import_only_the_stages_below_them():
    """pyproject.toml's import-linter contracts: the layers, and no circle among a stage's modules."""
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], cwd=REPO, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_every_stage_has_its_place_in_the_layers():
    """A new subpackage or top module joins the contract, or it would escape it."""
    import tomllib

    contract = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layered = {name.strip().removeprefix("drawarchive.") for layer in contract["contracts"][0]["layers"]
               for name in layer.split("|")}
    stages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")} | {p.stem for p in PACKAGE.glob("*.py")}
    assert stages - {"__init__"} == layered


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def test_the_layout_shows_the_pipeline():
    """Stages are subpackages; the package docstring maps every module, and README's "How a build
    works" names each one by its path, so a newcomer can find any of them from either."""
    stages = [p.parent.name for p in PACKAGE.glob("*/__init__.py")]
    assert {"content", "model", "languages", "pages", "render", "pipeline"} <= set(stages)
    module_map = ast.get_docstring(ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))) or ""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How a build works", 1)[1].split("\n## ", 1)[0]
    for path in modules():
        relative = path.relative_to(PACKAGE).as_posix()
        assert re.search(rf"\b{path.stem}\b", module_map), f"the package docstring's module map lacks {relative}"
        assert f"`{relative}`" in section, f'README\'s "How a build works" does not name `{relative}`'


def test_no_module_or_function_is_too_long():
    too_long = []
    for path in [*PACKAGE.rglob("*.py"), REPO / "build.py"]:
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > 400:
            too_long.append(f"{path.relative_to(REPO)}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > 40:
                    too_long.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.name} is {lines} lines")
    assert not too_long, "split these (modules over 400 lines, functions over 40):\n" + "\n".join(too_long)
