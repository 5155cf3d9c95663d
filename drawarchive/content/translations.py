"""Read content/ in other languages: files named <name>.<lang>.md beside the English ones.

- content/categories/<slug>.fr.md: the category's name, short name, description and notes in
  French, and IRCC's official French round names, with where they come from;
- content/draws/<year>/<round>.fr.md: a draw's notes in French (`notes:` and the body), beside
  the English file that `import` writes to, so an import never touches them;
- content/occupations.fr.md: the official French titles of NOC 2021 occupations (CNP 2021).

Nothing is translated by the generator: what a file doesn't give stays English, marked so.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from drawarchive.content.files import read_files, read_path
from drawarchive.content.source import SourceFile
from drawarchive.languages.registry import Language, others
from drawarchive.model import Archive, CategoryText, DrawText, Translation
from drawarchive.model.fields import source_option
from drawarchive.model.validation import Checker, Invalid, ListOf, Option, Problem, Record, Text

NOC = r"^\d{5}$"


class TextMap(Option):
    """A mapping of text to text, such as English official names to French ones."""

    expected = "a mapping of \"text\": \"text\" lines"

    def check(self, value: Any) -> dict[str, str]:
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                                  for k, v in value.items()):
            raise Invalid("not a mapping of texts", self.expected)
        return {str(k): v.strip() for k, v in value.items()}


def category_text_schema() -> Record:
    return Record({
        "name": Text("The category's name in this language."),
        "short_name": Text(),
        "description": Text(),
        "draw_names": TextMap(required=False),
        "round_names": TextMap(required=False),
        "sources": ListOf(source_option(), required=False, help="Where the official names come from."),
    })


def draw_text_schema() -> Record:
    return Record({"notes": ListOf(Text(), required=False, help="People's notes on the data, in this language.")})


def titles_schema() -> Record:
    return Record({"source": source_option("Where the official titles come from."), "titles": TextMap()})


def read_translations(root: Path, archive: Archive) -> tuple[tuple[Translation, ...], list[Problem]]:
    problems: list[Problem] = []
    found = []
    for other in others():
        categories = _categories(root, archive, other, problems)
        draws = _draws(root, archive, other, problems)
        titles = _titles(root, archive, other, problems)
        found.append(Translation(other.code, categories, titles, draws))
    return tuple(found), problems


def _files(folder: Path, root: Path, other: Language, problems: list[Problem]) -> list[SourceFile]:
    files, errors = read_files(folder, root, include=lambda name: name.endswith(other.suffix), walk_problems=False)
    problems.extend(errors)
    return files


def _english(source: SourceFile, other: Language) -> str:
    """The name of the source-language file a companion belongs to: stem.fr.md -> stem.md."""
    return Path(source.path).name.removesuffix(other.suffix) + ".md"


def _categories(root: Path, archive: Archive, other: Language, problems: list[Problem]) -> tuple[CategoryText, ...]:
    texts = []
    for source in _files(root / "content" / "categories", root, other, problems):
        slug = _english(source, other).removesuffix(".md")
        checker = Checker(source.path, source.lines)
        values = checker.check(category_text_schema(), source.data, ())
        category = next((c for c in archive.categories if c.slug == slug), None)
        if category is None:
            checker.report(("file",), f"no English file {slug}.md beside it", "a companion of a category file")
        elif values is not None:
            official = {d.name for d in category.draw_names}
            for name in values["draw_names"] or {}:
                if name not in official:
                    checker.report(("draw_names", name), f"{name!r} is not an official name of {slug}",
                                   f"one of the draw_names in {category.path}")
        problems.extend(checker.problems)
        if not checker.problems and values is not None:
            texts.append(CategoryText(slug, values["name"], values["short_name"], values["description"],
                                      tuple((values["draw_names"] or {}).items()),
                                      tuple((values["round_names"] or {}).items()), source.body))
    return tuple(texts)


def _draws(root: Path, archive: Archive, other: Language, problems: list[Problem]) -> tuple[DrawText, ...]:
    paths = {d.path: d.label for d in archive.draws}
    texts = []
    for source in _files(root / "content" / "draws", root, other, problems):
        english = str(Path(source.path).with_name(_english(source, other)))
        checker = Checker(source.path, source.lines)
        values = checker.check(draw_text_schema(), source.data, ())
        if english not in paths and not (root / english).is_file():
            checker.report(("file",), f"no draw file {english} beside it", "a companion of a draw file")
        problems.extend(checker.problems)
        # A draw file with problems of its own says so; its companion waits for it.
        if not checker.problems and values is not None and english in paths:
            texts.append(DrawText(paths[english], tuple(values["notes"] or ()), source.body))
    return tuple(texts)


def _titles(root: Path, archive: Archive, other: Language, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    path = root / "content" / f"occupations{other.suffix}"
    if not path.is_file() or path.is_symlink():
        return ()
    source = read_path(path, path.relative_to(root).as_posix())
    if isinstance(source, Problem):
        problems.append(source)
        return ()
    checker = Checker(source.path, source.lines)
    values = checker.check(titles_schema(), source.data, ())
    codes = {o.noc for c in archive.categories for v in c.versions for o in v.occupations or ()}
    for code in (values or {}).get("titles") or {}:
        if not re.match(NOC, code) or code not in codes:
            checker.report(("titles", code), f"{code!r} is not a NOC code of any list", "a 5-digit code from a list")
    problems.extend(checker.problems)
    return tuple(sorted(values["titles"].items())) if values and not checker.problems else ()


__all__ = ["read_translations"]
