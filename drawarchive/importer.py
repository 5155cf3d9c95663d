"""`build.py import`: bring IRCC's rounds into content/draws/ without losing a word people wrote.

`import` owns the official fields of a draw file and the notes it generates (data_notes, and
reported_differences when it confirms a reported round). People's fields (corrections, notes,
reported_by) and the body are kept byte for byte. Where IRCC changes a value a person corrected,
or a field import must rewrite holds words it did not write, the file is left alone and the
summary says what to do. Every file is checked with the same schema as `check` before it is written.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .categories import read_categories
from .content import read_draw
from .contentfiles import read_files
from .drawfile import HandWritten, format_draw, merge_front_matter, normalized, write_atomic
from .ircc import RoundError, normalize_round, round_label
from .ircc_data import TIMEOUT, ImportFailed, load_rounds
from .model import REPORTED, Archive, Category
from .options import Problem
from .paths import draw_file
from .reported import differences
from .schema import OFFICIAL_FIELDS
from .source import SourceFile, parse_file

CONFIRMING = (*OFFICIAL_FIELDS, "reported_differences")

__all__ = ["ImportFailed", "ImportReport", "import_rounds"]


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    confirmed: list[tuple[str, list[str]]] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.confirmed or self.updated)

    @property
    def failed(self) -> bool:
        return bool(self.conflicts or self.errors or self.warnings)

    def summary(self) -> str:
        """One line; long lists are cut short here, and given whole by markdown()."""
        updated = _some(f"{label} ({', '.join(fields)})" for label, fields in self.updated)
        confirmed = _some(f"{label} ({len(d)} difference{'s' * (len(d) != 1)})" if d else label
                          for label, d in self.confirmed)
        parts = [f"added {len(self.added)}",
                 f"confirmed {len(self.confirmed)}" + (f": {confirmed}" if confirmed else ""),
                 f"updated {len(self.updated)}" + (f": {updated}" if updated else ""),
                 f"unchanged {len(self.unchanged)}"]
        parts += [f"conflicts {len(self.conflicts)}"] * bool(self.conflicts)
        parts += [f"errors {len(self.errors)}"] * bool(self.errors)
        return "; ".join(parts)

    def markdown(self, source: str) -> str:
        """The summary as a pull request's description: what changed, and what needs a person."""
        sections = [
            ("Added", [f"#{label}" for label in self.added]),
            ("Confirmed reported rounds", [f"#{label}" + ("".join(f"\n  - {d}" for d in found) if found
                                                          else ": as reported") for label, found in self.confirmed]),
            ("Updated", [f"#{label}: {', '.join(fields)}" for label, fields in self.updated]),
            ("Conflicts: left alone, a person must decide", self.conflicts),
            ("Errors: not imported", self.errors),
            ("Warnings", self.warnings),
        ]
        body = "".join(f"\n## {title}\n\n" + "".join(f"- {line}\n" for line in lines)
                       for title, lines in sections if lines)
        return (f"Import of IRCC's rounds from {source}.\n\n**Summary:** {self.summary()}.\n{body}"
                f"\nUnchanged: {len(self.unchanged)} rounds.\n")


def _some(items: Any, shown: int = 10) -> str:
    items = list(items)
    more = f"; and {len(items) - shown} more" if len(items) > shown else ""
    return "; ".join(items[:shown]) + more


@dataclass(frozen=True, slots=True)
class _Write:
    path: Path
    text: str
    replaces: Path | None = None  # a file the write moves (a confirmed date in another year)


class _Importer:
    def __init__(self, root: Path, categories: tuple[Category, ...], today: Callable[[], date]) -> None:
        self.root, self.categories, self.today = root, categories, today
        self.archive = Archive((), categories)
        self.report = ImportReport()
        self.existing = _existing_draws(root)

    def plan(self, label: str, facts: dict[str, Any]) -> _Write | None:
        current = self.existing.get(label)
        if current is None:
            write = self._checked(label, facts, format_draw(facts))
            if write:
                self.report.added.append(label)
            return write
        if isinstance(current, Problem):
            self.report.errors.append(f"round {label}: not updated, {current}")
            return None
        if current.data.get("status") == REPORTED:
            return self._confirm(label, facts, current)
        return self._update(label, facts, current)

    def _confirm(self, label: str, facts: dict[str, Any], current: SourceFile) -> _Write | None:
        found = differences(current.data, facts)
        text = self._merge(current, {**facts, "reported_differences": found or None}, CONFIRMING)
        write = self._checked(label, facts, text, current) if text else None
        if write:
            self.report.confirmed.append((label, found))
        return write

    def _update(self, label: str, facts: dict[str, Any], current: SourceFile) -> _Write | None:
        changed = [k for k in OFFICIAL_FIELDS if normalized(k, facts.get(k)) != current.data.get(k)]
        if not changed:
            self.report.unchanged.append(label)
            return None
        conflicts = _conflicts(label, facts, current, changed)
        if conflicts:
            self.report.conflicts.extend(conflicts)
            return None
        text = self._merge(current, facts, OFFICIAL_FIELDS)
        write = self._checked(label, facts, text, current) if text else None
        if write:
            self.report.updated.append((label, changed))
        return write

    def _merge(self, current: SourceFile, facts: dict[str, Any], managed: tuple[str, ...]) -> str | None:
        try:
            return merge_front_matter(current, facts, managed)
        except HandWritten as refused:
            self.report.conflicts.append(
                f"{current.path}: {', '.join(refused.fields)}: IRCC's data changes text a person wrote there (a "
                "comment or a layout of their own); nothing was written. Move those words to notes: or the body, "
                "then import again.")
            return None

    def _checked(self, label: str, facts: dict[str, Any], text: str,
                 current: SourceFile | None = None) -> _Write | None:
        """The file as it will be written must pass `check`; otherwise nothing is written for this round."""
        path = draw_file(self.root, label, facts["date"])
        relative = path.relative_to(self.root).as_posix()
        source = parse_file(text, relative)
        problems = [source] if isinstance(source, Problem) else read_draw(source, self.categories, self.today)[1]
        if problems:
            self.report.errors.extend(f"round {label}: {_field_problem(p)}" for p in problems)
            return None
        moved = self.root / current.path if current and current.path != relative else None
        return _Write(path, text, moved)


def _field_problem(problem: Problem) -> str:
    expected = f" (expected {problem.expected})" if problem.expected else ""
    return f"{problem.field}: {problem.problem}{expected}"


def _conflicts(label: str, facts: dict[str, Any], current: SourceFile, changed: list[str]) -> list[str]:
    """A changed official value that a person corrected, or a data note import did not write."""
    found = []
    corrected = {c.get("field"): c for c in current.data.get("corrections") or () if isinstance(c, dict)}
    for name in changed:
        if name in corrected:
            found.append(f"{current.path}: {name}: IRCC's data changed it from {current.data.get(name)!r} to "
                         f"{normalized(name, facts.get(name))!r}, and a person corrected it to "
                         f"{corrected[name].get('value')!r}; nothing was written. If IRCC's new value settles it, "
                         f"delete the correction; if not, set {name}: to IRCC's new value yourself and keep the "
                         "correction. Then import again.")
    ours = set(facts.get("data_notes") or ())
    for note in current.data.get("data_notes") or ():
        if note not in ours:
            found.append(f"{current.path}: data_notes: {str(note)[:80]!r} is not a note import writes for this "
                         "round; nothing was written. If a person wrote it, move it to notes:; if it was import's "
                         "and IRCC has fixed its record, delete it. Then import again.")
    return found


def _existing_draws(root: Path) -> dict[str, SourceFile | Problem]:
    """Existing draw files by round label, wherever a contributor put them."""
    files, problems = read_files(root / "content" / "draws", root)
    found: dict[str, SourceFile | Problem] = {str(f.data.get("round")): f for f in files}
    for problem in problems:  # an unreadable file still owns its round, so it is never overwritten
        found[Path(problem.path).name.removesuffix(".md").lstrip("0")] = problem
    return found


def import_rounds(source: str | Path, root: Path, timeout: float = TIMEOUT,
                  today: Callable[[], date] = date.today) -> ImportReport:
    """Plans every change first, then writes each file atomically; a bad round never stops the others."""
    categories, problems = read_categories(root)
    if problems:
        raise ImportFailed("the categories are invalid; run `python build.py check`: " + str(problems[0]))
    rounds = load_rounds(str(source), timeout)
    importer = _Importer(root, categories, today)
    if not rounds:
        importer.report.warnings.append(f"{source}: the rounds list is empty; nothing changed")
        return importer.report
    writes, seen = [], set()
    for index, raw in enumerate(rounds):
        label = round_label(raw, index)
        try:
            facts = normalize_round(raw, importer.archive)
        except RoundError as error:
            importer.report.errors.append(f"round {label}: {error}")
            continue
        if label in seen:
            importer.report.errors.append(f"round {label}: drawNumber: appears twice (expected each round once)")
            continue
        seen.add(label)
        write = importer.plan(label, facts)
        if write:
            writes.append(write)
    for write in writes:
        write_atomic(write.path, write.text)
        if write.replaces and write.replaces != write.path:
            write.replaces.unlink()
    return importer.report
