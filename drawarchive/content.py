"""Read content/ into an Archive, checking every file and reporting every problem at once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

import yaml

from .model import (Archive, Category, Draw, DrawName, Occupation, OccupationList, PoolDistribution, Program,
                    Source)
from .schema import Checker, Lines, Problem, category_schema, draw_schema

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Our own split rather than python-frontmatter's: its boundary pattern can swallow a blank line
# after the closing '---', and the body must survive an import byte for byte.
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?^)---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class SourceFile:
    """A content file split into its front matter (with the line of every field) and its body."""

    path: str
    data: dict[str, Any]
    lines: Lines
    body: str


def parse_file(text: str, path: str) -> SourceFile | Problem:
    if not text.startswith("---"):
        return Problem(path, 1, "front matter", "missing", "the file to start with a '---' line")
    match = FRONT_MATTER.match(text)
    if not match:
        return Problem(path, 1, "front matter", "not closed", "a second '---' line after the front matter")
    # Pad with the opening line so that YAML's line numbers are the file's.
    loader = Loader("\n" + match.group(1))
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, None)
        problem = getattr(error, "problem", None) or str(error)
        return Problem(path, line, "front matter", f"YAML syntax error: {problem}", "valid YAML", column)
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return Problem(path, 2, "front matter", "not a mapping", "'field: value' lines")
    lines: Lines = {}
    _map_lines(node, (), lines)
    return SourceFile(path, data, lines, text[match.end():])


def _map_lines(node: yaml.Node, where: tuple[str, ...], lines: Lines) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[where + (str(key.value),)] = key.start_mark.line + 1
            _map_lines(value, where + (str(key.value),), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[where + (str(i),)] = item.start_mark.line + 1
            _map_lines(item, where + (str(i),), lines)


ParseCache = dict[str, tuple[tuple[int, int], "SourceFile | Problem"]]


def read_files(folder: Path, root: Path, cache: ParseCache | None = None) -> tuple[list[SourceFile], list[Problem]]:
    """Parses every Markdown file under folder. With a cache (serve keeps one), unchanged files are not re-parsed."""
    files, problems = [], []
    for path in sorted(folder.rglob("*.md")):
        name = path.relative_to(root).as_posix()
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        if cache is not None and name in cache and cache[name][0] == key:
            parsed = cache[name][1]
        else:
            parsed = _parse_path(path, name)
            if cache is not None:
                cache[name] = (key, parsed)
        (problems if isinstance(parsed, Problem) else files).append(parsed)
    return files, problems


def _parse_path(path: Path, name: str) -> SourceFile | Problem:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return Problem(name, 1, "file", f"not UTF-8 ({error.reason})", "a UTF-8 text file")
    return parse_file(text, name)


def read_categories(root: Path, cache: ParseCache | None = None) -> tuple[tuple[Category, ...], list[Problem]]:
    files, problems = read_files(root / "content" / "categories", root, cache)
    categories = []
    schema = category_schema()
    for source in files:
        checker = Checker(source.path, source.lines)
        values = checker.check(schema, source.data, ())
        checker.problems.extend(_category_problems(values, source))
        problems.extend(checker.problems)
        if not checker.problems:
            categories.append(_make_category(values, source))
    problems.extend(_duplicate_names(categories, files))
    categories.sort(key=lambda c: (c.order, c.slug))
    return tuple(categories), problems


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
            seen.add(code)
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
    slug = Path(source.path).stem
    return Category(
        slug=slug,
        name=values["name"],
        short_name=values["short_name"],
        kind=values["kind"],
        order=values["order"],
        description=values["description"],
        draw_names=tuple(DrawName(d["name"], d.get("version")) for d in values["draw_names"]),
        versions=tuple(_make_list(slug, v) for v in values.get("versions") or ()),
        program=Program(**values["program"]) if values.get("program") else None,
        body=source.body,
        path=source.path,
    )


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


def read_draw(source: SourceFile, archive_categories: tuple[Category, ...],
              today: Callable[[], date] = date.today) -> tuple[Draw | None, list[Problem]]:
    """Checks one draw file against the schema and the categories; returns the Draw if it is sound."""
    slugs = tuple(c.slug for c in archive_categories)
    programs = tuple(c.program.code for c in archive_categories if c.program)
    checker = Checker(source.path, source.lines)
    values = checker.check(draw_schema(slugs, programs, today), source.data, ())
    if values is None:
        return None, checker.problems
    _check_consistency(values, archive_categories, checker)
    if checker.problems:
        return None, checker.problems
    return _make_draw(values, source), []


def _check_consistency(values: dict[str, Any], categories: tuple[Category, ...], checker: Checker) -> None:
    if values["tie_break"] and values["time"] and values["tie_break"] > values["time"]:
        checker.report(("tie_break",), f"{values['tie_break']:%Y-%m-%dT%H:%M:%SZ} is after the round "
                       f"({values['time']:%Y-%m-%dT%H:%M:%SZ})", "a tie-break at or before the round time")
    category = next((c for c in categories if c.slug == values["category"]), None)
    if category is None:
        return
    version = values["list_version"]
    if category.kind == "category" and version is None:
        checker.report(("list_version",), "missing", "the list version for a category round")
    elif version is not None and category.version(version) is None:
        known = ", ".join(str(v.version) for v in category.versions) or "none"
        checker.report(("list_version",), f"{category.slug} has no list version {version}",
                       f"one of: {known}")
        return
    implied = next((d for d in category.draw_names if d.name == values["name"]), None)
    if values["name"] and implied is None:
        checker.report(("name",), f"{values['name']!r} is not an official name of {category.slug}",
                       f"one of the draw_names in {category.path}")
    elif implied and version is not None and implied.version != version:
        checker.report(("list_version",), f"{values['name']!r} implies version {implied.version}, not {version}",
                       f"list_version: {implied.version}")


def _make_draw(v: dict[str, Any], source: SourceFile) -> Draw:
    pool = v.get("pool")
    return Draw(
        round=v["round"],
        date=v["date"],
        time=v["time"],
        name=v["name"],
        category=v["category"],
        list_version=v.get("list_version"),
        invitations=v["invitations"],
        crs=v["crs"],
        tie_break=v.get("tie_break"),
        programs=tuple(v["programs"]),
        source=v["source"],
        pool=PoolDistribution(pool["as_of"], tuple(pool["bands"].items()), pool["total"]) if pool else None,
        data_notes=tuple(v.get("data_notes") or ()),
        body=source.body,
        path=source.path,
    )


def read_content(root: Path, today: Callable[[], date] = date.today,
                 cache: ParseCache | None = None) -> tuple[Archive, list[Problem]]:
    """Reads and checks everything under root/content. The Archive holds only the sound files."""
    categories, problems = read_categories(root, cache)
    files, file_problems = read_files(root / "content" / "draws", root, cache)
    problems.extend(file_problems)
    draws: list[Draw] = []
    first_seen: dict[Any, Draw] = {}
    for source in files:
        draw, draw_problems = read_draw(source, categories, today)
        problems.extend(draw_problems)
        if draw is None:
            continue
        if draw.round in first_seen:
            problems.append(Problem(source.path, source.lines.get(("round",), 1), "round",
                                    f"{draw.label} is also in {first_seen[draw.round].path}",
                                    "each round number once"))
            continue
        first_seen[draw.round] = draw
        draws.append(draw)
    draws.sort(key=lambda d: d.sort_key)
    return Archive(tuple(draws), categories), problems
