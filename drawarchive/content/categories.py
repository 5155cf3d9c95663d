"""Read content/categories/: each category's texts, official draw names and occupation lists."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from drawarchive.content.files import ParseCache, read_files
from drawarchive.content.schema import category_schema
from drawarchive.content.source import SourceFile
from drawarchive.languages.registry import reserved_slugs
from drawarchive.model import Category, DrawName, Occupation, OccupationList, Program, Source
from drawarchive.model.fields import CATEGORY_FIELDS
from drawarchive.model.validation import Checker, Problem

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")  # \Z: '$' would let 'stem\n' through
# feeds/all.atom.xml is the site's feed, and occupations/noc/ holds a page per NOC code.


def read_categories(root: Path, cache: ParseCache | None = None) -> tuple[tuple[Category, ...], list[Problem]]:
    files, problems = read_files(root / "content" / "categories", root, cache)
    categories = []
    schema = category_schema()
    for source in files:
        checker = Checker(source.path, source.lines)
        _check_slug(source.path, checker)
        values = checker.check(schema, source.data, ())
        checker.problems.extend(_category_problems(values, source))
        problems.extend(checker.problems)
        if not checker.problems:
            categories.append(_make_category(values, source))
    problems.extend(_duplicate_names(categories, files))
    categories.sort(key=lambda c: (c.order, c.slug))
    return tuple(categories), problems


def _check_slug(path: str, checker: Checker) -> None:
    """The file name is the category's address: categories/<slug>/, occupations/<slug>/ and feeds/<slug>.atom.xml."""
    name = Path(path).name
    slug = name.removesuffix(".md")
    if Path(path).parent.as_posix() != "content/categories":
        checker.report(("file",), "in a subfolder of content/categories", "content/categories/<slug>.md")
    elif not SLUG.match(slug):
        checker.report(("file",), f"the file name '{name}' does not make a slug",
                       "lower-case letters, digits and hyphens, starting with a letter or digit, then .md, "
                       "such as senior-managers.md")
    elif slug in reserved_slugs():
        checker.report(("file",), f"'{slug}' is taken by the site's own pages",
                       f"a slug other than {', '.join(reserved_slugs())}")


def _category_problems(values: dict[str, Any], source: SourceFile) -> list[Problem]:
    checker = Checker(source.path, source.lines)
    versions = [v["version"] for v in values.get("versions") or [] if v and v.get("version")]
    for i, entry in enumerate(values.get("draw_names") or []):
        if entry and entry.get("version") and entry["version"] not in versions:
            checker.report(("draw_names", str(i), "version"), f"version {entry['version']} has no list",
                           "a version listed under versions")
    for i, version in enumerate(values.get("versions") or []):
        seen: set[str] = set()
        for j, occupation in enumerate((version or {}).get("occupations") or []):
            code = (occupation or {}).get("noc")
            if code and code in seen:
                checker.report(("versions", str(i), "occupations", str(j), "noc"),
                               f"{code} is listed twice", "each NOC code once in a list")
            seen.add(str(code))
    if values.get("kind") == "program" and not values.get("program"):
        checker.report(("kind",), "a program category has no program", "program: {code: ..., text: ...}")
    return checker.problems


def _duplicate_names(categories: list[Category], files: list[SourceFile]) -> list[Problem]:
    owners: dict[str, str] = {}
    problems = []
    for category in categories:
        for i, entry in enumerate(category.draw_names):
            if entry.name in owners:
                line = next(f.lines.get(("draw_names", str(i)), 1) for f in files if f.path == category.path)
                problems.append(Problem(category.path, line, f"draw_names.{i}",
                                        f"{entry.name!r} already maps to {owners[entry.name]}",
                                        "each official name in one category"))
            owners[entry.name] = category.slug
    return problems


def _make_category(values: dict[str, Any], source: SourceFile) -> Category:
    """A Category from its file's checked values, each as the model holds it (model/fields.py)."""
    slug = Path(source.path).name.removesuffix(".md")
    held: dict[str, Any] = {}
    for field in CATEGORY_FIELDS:
        value = values.get(field.name)
        if value is not None:
            held[field.name] = _held(field.model, value, slug)
    return Category(slug=slug, **held, body=source.body, path=source.path)


def _held(model: type | None, value: Any, slug: str) -> Any:
    if model is Program:
        return Program(**value)
    if model is DrawName:
        return tuple(DrawName(d["name"], d.get("version")) for d in value)
    if model is OccupationList:
        return tuple(_make_list(slug, v) for v in value)
    return value


def _make_list(slug: str, v: dict[str, Any]) -> OccupationList:
    occupations = v.get("occupations")
    return OccupationList(
        category=slug,
        version=v["version"],
        year=v.get("year"),
        start=v.get("from"),
        end=v.get("to"),
        note=v.get("note") or "",
        sources=tuple(Source(s["label"], s.get("url") or "") for s in v.get("sources") or ()),
        occupations=None if occupations is None else tuple(
            Occupation(o["noc"], o["title"], bool(o.get("inferred"))) for o in occupations),
    )
