"""`build.py import`: bring IRCC's rounds into content/draws/ without losing a word people wrote.

`import` owns the official fields of a draw file and the notes it generates (data_notes, and
reported_differences when it confirms a reported round). People's fields (corrections, notes,
reported_by) and the body are kept byte for byte. Where IRCC changes a value a person corrected,
or a field import must rewrite holds words it did not write, the file is left alone and the
summary says what to do. Every file is checked with the same schema as `check` before it is written.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from drawarchive.authoring.drawfile import HandWritten, format_draw, merge_front_matter, normalized
from drawarchive.authoring.ircc import RoundError, canonical_round, normalize_round, round_label
from drawarchive.authoring.ircc_data import TIMEOUT, ImportFailed, load_rounds
from drawarchive.authoring.ircc_fetch import is_url, source_name
from drawarchive.authoring.reported import differences
from drawarchive.authoring.summary import code, markdown_summary
from drawarchive.content.categories import read_categories
from drawarchive.content.checked import PATH as CHECKED
from drawarchive.content.checked import checked_text, read_checked
from drawarchive.content.files import content_files, draw_file, read_files
from drawarchive.content.lock import content_lock
from drawarchive.content.read import read_draw
from drawarchive.content.source import SourceFile, parse_file
from drawarchive.content.writes import Change, apply
from drawarchive.languages.registry import others
from drawarchive.languages.texts import ENGLISH
from drawarchive.languages.words import data_note, difference
from drawarchive.model import REPORTED, Archive, Category, Checked, DataNote, Difference
from drawarchive.model.fields import OFFICIAL_FIELDS
from drawarchive.model.validation import Problem, printable

CONFIRMING = (*OFFICIAL_FIELDS, "reported_differences")
MAX_NEW = 30  # rounds one import may add: IRCC holds a few a month, so more means a wrong file or address

__all__ = ["MAX_NEW", "ImportFailed", "ImportReport", "import_rounds"]


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    confirmed: list[tuple[str, list[str]]] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # facts unchanged, files moved beside their year's draws
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    checked: str = ""  # the check it recorded in content/checked.yml, said as a line

    @property
    def changed(self) -> bool:
        return bool(self.added or self.confirmed or self.updated or self.moved)

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
        parts += [f"moved {len(self.moved)}: {_some(self.moved)}"] * bool(self.moved)
        parts += [f"conflicts {len(self.conflicts)}"] * bool(self.conflicts)
        parts += [f"errors {len(self.errors)}"] * bool(self.errors)
        parts += [self.checked] * bool(self.checked)
        return "; ".join(parts)

    def markdown(self, source: str) -> str:
        """The summary as a pull request's description: what changed, and what needs a person.

        Round labels are canonical digits; everything else that came from IRCC's data, a server or a
        person's file is quoted as code (see summary.py)."""
        sections = [
            ("Added", [f"round {label}" for label in self.added]),
            ("Confirmed reported rounds", [_confirmed(label, found) for label, found in self.confirmed]),
            ("Updated", [f"round {label}: {', '.join(fields)}" for label, fields in self.updated]),
            ("Moved to their year's folder (a move cut short, finished)", [f"round {label}" for label in self.moved]),
            ("Conflicts: left alone, a person must decide", [code(line) for line in self.conflicts]),
            ("Errors: not imported", [code(line) for line in self.errors]),
            ("Warnings", [code(line) for line in self.warnings]),
        ]
        return markdown_summary(f"Import of IRCC's rounds from {code(source)}.", self.summary(), sections,
                                f"Unchanged: {len(self.unchanged)} rounds.")


def _confirmed(label: str, found: list[str]) -> str:
    return f"round {label}" + ("".join(f"\n  - {code(d)}" for d in found) if found else ": as reported")


def _some(items: Iterable[str], shown: int = 10) -> str:
    listed = list(items)
    more = f"; and {len(listed) - shown} more" if len(listed) > shown else ""
    return "; ".join(listed[:shown]) + more


@dataclass(frozen=True, slots=True)
class _Write:
    """One round's changes, and where the report lists it once they are made."""

    label: str
    outcome: str  # "added", "confirmed", "updated" or "moved": the report's list
    entry: Any  # what that list of the report gets
    changes: list[Change]


class _Importer:
    def __init__(self, root: Path, categories: tuple[Category, ...], today: Callable[[], date]) -> None:
        self.root, self.categories, self.today = root, categories, today
        self.archive = Archive((), categories)
        self.report = ImportReport()
        self.seen: set[str] = set()  # the rounds of IRCC's data, as canonical labels
        self.newest: date | None = None  # the day of the newest round in it
        self.existing = _existing_draws(root, self.report)
        self.companions = _companions(root)
        numbers = [int(label.rstrip("ab")) for label in self.existing if canonical_round(label) == label]
        self.latest = max(numbers, default=None)

    def plan(self, label: str, facts: dict[str, Any], max_new: int | None) -> _Write | None:
        current = self.existing.get(label)
        if current is None:
            return self._add(label, facts, max_new)
        if isinstance(current, Problem):
            self.report.errors.append(f"round {label}: not updated, {current}")
            return None
        if current.data.get("status") == REPORTED:
            return self._confirm(label, facts, current)
        return self._update(label, facts, current)

    def _add(self, label: str, facts: dict[str, Any], max_new: int | None) -> _Write | None:
        number = int(label.rstrip("ab"))
        if max_new is not None and self.latest is not None and number > self.latest + max_new:
            self.report.errors.append(
                f"round {label}: drawNumber: {number - self.latest:,} rounds after the latest in content/ "
                f"(#{self.latest}) (expected at most {max_new} after it; pass --max-new to import more)")
            return None
        text = format_draw(facts)
        path = draw_file(self.root, label, facts["date"])
        if path.exists():
            self.report.conflicts.append(f"{_relative(path, self.root)}: round {label} would be added there, but the "
                                         "file exists and holds another round; nothing was written")
            return None
        return self._checked(label, "added", label, facts, text)

    def _confirm(self, label: str, facts: dict[str, Any], current: SourceFile) -> _Write | None:
        found = differences(current.data, facts)
        text = self._merge(current, {**facts, "reported_differences": found or None}, CONFIRMING)
        said = [difference(Difference(**entry), ENGLISH) for entry in found]  # the summary's words
        return self._checked(label, "confirmed", (label, said), facts, text, current) if text else None

    def _update(self, label: str, facts: dict[str, Any], current: SourceFile) -> _Write | None:
        changed = [k for k in OFFICIAL_FIELDS if normalized(k, facts.get(k)) != current.data.get(k)]
        if not changed:
            return self._tidy(label, facts, current)
        conflicts = _conflicts(facts, current, changed)
        if conflicts:
            self.report.conflicts.extend(conflicts)
            return None
        text = self._merge(current, facts, OFFICIAL_FIELDS)
        return self._checked(label, "updated", (label, changed), facts, text, current) if text else None

    def _merge(self, current: SourceFile, facts: dict[str, Any], managed: tuple[str, ...]) -> str | None:
        try:
            return merge_front_matter(current, facts, managed)
        except HandWritten as refused:
            self.report.conflicts.append(
                f"{current.path}: {', '.join(refused.fields)}: IRCC's data changes text a person wrote there (a "
                "comment or a layout of their own); nothing was written. Move those words to notes: or the body, "
                "then import again.")
            return None

    def _checked(self, label: str, outcome: str, entry: Any, facts: dict[str, Any], text: str,
                 current: SourceFile | None = None) -> _Write | None:
        """The file as it will be written must pass `check`; otherwise nothing is written for this round."""
        path = draw_file(self.root, label, facts["date"])
        relative = _relative(path, self.root)
        source = parse_file(text, relative)
        problems = [source] if isinstance(source, Problem) else read_draw(source, self.categories, self.today)[1]
        if problems:
            self.report.errors.extend(f"round {label}: {_field_problem(p)}" for p in problems)
            return None
        if current is None:
            return _Write(label, outcome, entry, [Change(path, None, text.encode())])
        changes = self._round_files(current, path, text.encode())
        return _Write(label, outcome, entry, changes) if changes else None

    def _tidy(self, label: str, facts: dict[str, Any], current: SourceFile) -> _Write | None:
        """An unchanged round whose files are not all where its date puts them (a move cut short) is moved."""
        changes = self._round_files(current, draw_file(self.root, label, facts["date"]), None)
        if changes and any(change.to for change in changes):
            return _Write(label, "moved", label, changes)
        if changes:
            self.report.unchanged.append(label)
        return None

    def _round_files(self, current: SourceFile, path: Path, text: bytes | None) -> list[Change] | None:
        """A round's files as one group: its draw file, rewritten and moved where its date says, and its
        translations (found in any year's folder) moved beside it; None if a file is in the way."""
        old = self.root / current.path
        changes = [Change(old, current.text.encode(), text, path if old != path else None)]
        changes += [Change(companion, companion.read_bytes(), None, path.with_name(companion.name))
                    for companion in self.companions.get(path.name, ()) if companion.parent != path.parent]
        for change in changes:
            if change.to is not None and change.to.exists():
                where, there = _relative(change.path, self.root), _relative(change.to, self.root)
                self.report.conflicts.append(
                    f"{where}: its round's date puts it at {there}, which exists already; nothing of the round was "
                    "written. Keep one of the two, then import again.")
                return None
        return changes


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _companions(root: Path) -> dict[str, list[Path]]:
    """Each draw file's name (254.md) to its translations in the other languages, in whichever year's folder."""
    found: dict[str, list[Path]] = {}
    for name, path in content_files(root / "content" / "draws", root)[0]:
        for other in others():
            if name.endswith(other.suffix):
                found.setdefault(path.name.removesuffix(other.suffix) + ".md", []).append(path)
    return found


def _field_problem(problem: Problem) -> str:
    expected = f" (expected {problem.expected})" if problem.expected else ""
    return f"{problem.field}: {problem.problem}{expected}"


def _conflicts(facts: dict[str, Any], current: SourceFile, changed: list[str]) -> list[str]:
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
    ours = _own_notes(facts)
    for note in current.data.get("data_notes") or ():
        if note not in ours:
            found.append(f"{current.path}: data_notes: {str(note)[:80]!r} is not a note import writes for this "
                         "round; nothing was written. If a person wrote it, move it to notes:; if it was import's "
                         "and IRCC has fixed its record, delete it. Then import again.")
    return found


def _own_notes(facts: dict[str, Any]) -> list[Any]:
    """The data notes import writes for a round, as data, and as the sentences it once wrote instead (so that
    an import rewrites its own old notes as data, and never takes them for a person's)."""
    notes = [normalized("data_notes", [note])[0] for note in facts.get("data_notes") or ()]
    return notes + [data_note(DataNote(**note), facts["date"], ENGLISH) for note in notes]


def _existing_draws(root: Path, report: ImportReport) -> dict[str, SourceFile | Problem]:
    """Existing draw files by canonical round label, wherever a contributor put them.

    A file that cannot be read still owns the round its name gives, so it is never overwritten; a
    round in two files (a move that was cut short by an old version of import) is left to a person.
    """
    files, problems = read_files(root / "content" / "draws", root)
    found: dict[str, SourceFile | Problem] = {}
    owners: dict[str, list[str]] = {}
    for source in files:
        label = _label_of(source.data.get("round"), source.path)
        found[label] = source
        owners.setdefault(label, []).append(source.path)
    for problem in problems:
        found[_label_of(None, problem.path)] = problem
    for label, paths in owners.items():
        if len(paths) > 1:
            found[label] = Problem(paths[1], 1, "round", f"round {label} is also in {paths[0]}",
                                   "each round in one file: delete the stale copy")
    return found


def _label_of(value: Any, path: str) -> str:
    """A file's round as its front matter gives it, or else as its file name does (091a.md -> 91a)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and canonical_round(value) == value:
        return value
    return Path(path).name.removesuffix(".md").lstrip("0")


def import_rounds(source: str | Path, root: Path, timeout: float = TIMEOUT,
                  today: Callable[[], date] = date.today, max_new: int | None = MAX_NEW,
                  fetched_on: date | None = None) -> ImportReport:
    """Plans every change first, then makes them under content/'s lock, each file only if it still holds
    the bytes that were read; a bad round never stops the others. max_new=None: no cap on new rounds.

    The check is recorded in content/checked.yml: today when IRCC's data came from an address, or
    `fetched_on` for a file (a file's data is as old as its fetch, which only the person knows)."""
    categories, problems = read_categories(root)
    if problems:
        raise ImportFailed("the categories are invalid; run `python build.py check`: " + str(problems[0]))
    rounds = load_rounds(str(source), timeout)  # before the lock: a download may take its time
    with content_lock(root, write=True, who="import"):
        importer = _Importer(root, categories, today)
        if not rounds:
            importer.report.warnings.append(f"{printable(str(source))}: the rounds list is empty; nothing changed")
            return importer.report
        _refuse_too_many(rounds, importer.existing, max_new)
        writes = _plan_all(importer, rounds, max_new)
        on = today() if is_url(str(source)) else fetched_on
        if on is not None and importer.newest is not None and on < importer.newest:
            raise ImportFailed(f"--fetched-on {on}: before the newest round in the data, of {importer.newest} "
                               "(expected the day the file was fetched from IRCC, on or after that)")
        name = source_name(source) if is_url(str(source)) else Path(source).name  # not a path on someone's disk
        check = _check(root, importer.report, name, on, importer.seen, today, bool(writes)) if on else None
        found = apply(root, [w.changes for w in writes] + ([[check]] if check else []))
        for write, changed in zip(writes, found, strict=False):
            if changed is None:
                getattr(importer.report, write.outcome).append(write.entry)
            else:
                importer.report.conflicts.append(
                    f"round {write.label}: {_relative(changed, root)} changed while import ran (a "
                    "person's edit, or another command); it was left as it is. Import again to update it.")
        if check and found[-1] is not None:
            importer.report.checked = ""
            importer.report.conflicts.append(f"{CHECKED} changed while import ran; the check was not recorded")
    return importer.report


def _check(root: Path, report: ImportReport, source: str, on: date, labels: set[str],
           today: Callable[[], date], writes: bool) -> Change | None:
    """The change recording this check, or None when nothing was read, it is already on record, the
    record holds a later check (a check date never goes back), or it would only move the date: the sync's
    pull request changes when content does, and the deploy's own check (`--check-ircc`) dates the pages."""
    if not labels:
        return None
    recorded, problems = read_checked(root, today)
    if problems:
        report.errors.append(f"{problems[0]}; the check was not recorded (delete the file, then import again)")
        return None
    if recorded is not None and recorded.on > on:
        report.checked = f"checked: the record of {recorded.on.isoformat()} is kept, being later than {on.isoformat()}"
        return None
    latest = max(labels, key=lambda label: (int(label.rstrip("ab")), label))
    if recorded is not None and recorded.latest_round == latest and not writes:
        report.checked = (f"checked: IRCC's data as of {on.isoformat()} holds rounds up to {latest}, as on "
                          f"record since {recorded.on.isoformat()}; nothing to record")
        return None
    path = root / CHECKED
    before = path.read_bytes() if recorded is not None else None  # read_checked found a small regular file
    after = checked_text(Checked(on, source, latest)).encode()
    report.checked = f"checked: IRCC's data as of {on.isoformat()} holds rounds up to {latest}"
    return None if before == after else Change(path, before, after)


def _plan_all(importer: _Importer, rounds: list[Any], max_new: int | None) -> list[_Write]:
    writes, seen = [], importer.seen
    for index, raw in enumerate(rounds):
        label = round_label(raw, index)
        try:
            facts = normalize_round(raw, importer.archive)
        except RoundError as error:
            importer.report.errors.append(f"round {label}: {error}")
            continue
        label = str(facts["round"])  # canonical from here on: the key of every existing file
        importer.newest = max(importer.newest or facts["date"], facts["date"])
        if label in seen:
            importer.report.errors.append(f"round {label}: drawNumber: appears twice (expected each round once)")
            continue
        seen.add(label)
        write = importer.plan(label, facts, max_new)
        if write:
            writes.append(write)
    return writes


def _refuse_too_many(rounds: list[Any], existing: dict[str, Any], max_new: int | None) -> None:
    """An answer that adds more rounds than IRCC holds in months is a wrong file or address: nothing is written."""
    labels = {canonical_round(raw.get("drawNumber")) for raw in rounds if isinstance(raw, dict)}
    new = sorted((label for label in labels if label and label not in existing), key=lambda x: int(x.rstrip("ab")))
    if max_new is not None and len(new) > max_new:
        raise ImportFailed(f"IRCC's data would add {len(new):,} rounds (#{new[0]} to #{new[-1]}); at most {max_new} "
                           f"are added in one import (expected a few new rounds since the last one; if this many is "
                           f"right, pass --max-new {len(new)})")
