"""`build.py import`: bring IRCC's rounds JSON into content/draws/, changing only what the official data changed."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .content import SourceFile, read_categories, read_files
from .drawfile import draw_path, format_draw, format_front_matter, write_atomic
from .ircc import RoundError, normalize_round
from .model import Archive
from .schema import Problem


class ImportFailed(Exception):
    """The whole import cannot start: unreadable JSON, or invalid categories."""


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        updated = "; ".join(f"{label} ({', '.join(fields)})" for label, fields in self.updated)
        return (f"added {len(self.added)}; updated {len(self.updated)}{': ' + updated if updated else ''}; "
                f"unchanged {len(self.unchanged)}" + (f"; errors {len(self.errors)}" if self.errors else ""))


@dataclass(frozen=True)
class _Write:
    path: Path
    text: str


def load_rounds(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ImportFailed(f"{path}: cannot read ({error.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportFailed(f"{path}: not JSON ({error}) (expected IRCC's rounds JSON)") from None
    rounds = data.get("rounds") if isinstance(data, dict) else None
    if not isinstance(rounds, list) or not all(isinstance(r, dict) for r in rounds):
        raise ImportFailed(f"{path}: rounds: missing (expected an object with a 'rounds' list)")
    return rounds


def import_rounds(json_path: Path, root: Path) -> ImportReport:
    """Plans every change first, then writes each file atomically; a bad round never stops the others."""
    categories, problems = read_categories(root)
    if problems:
        raise ImportFailed("\n".join(map(str, problems)))
    archive = Archive((), categories)
    existing = _existing_draws(root)
    report, writes, seen = ImportReport(), [], set()
    for raw in load_rounds(json_path):
        label = str(raw.get("drawNumber", "?")).strip()
        try:
            facts = normalize_round(raw, archive)
        except RoundError as error:
            report.errors.append(f"round {label}: {error}")
            continue
        except KeyError as error:
            report.errors.append(f"round {label}: {error.args[0]}: missing (expected every field of IRCC's format)")
            continue
        if label in seen:
            report.errors.append(f"round {label}: drawNumber: appears twice (expected each round once)")
            continue
        seen.add(label)
        write = _plan(label, facts, existing.get(label), root, report)
        if write:
            writes.append(write)
    for write in writes:
        write_atomic(write.path, write.text)
    return report


def _plan(label: str, facts: dict[str, Any], current: SourceFile | Problem | None, root: Path,
          report: ImportReport) -> _Write | None:
    if current is None:
        report.added.append(label)
        return _Write(draw_path(root, label, facts["date"]), format_draw(facts))
    if isinstance(current, Problem):
        report.errors.append(f"round {label}: not updated, {current}")
        return None
    wanted = yaml.safe_load(format_front_matter(facts))
    changed = [k for k in dict.fromkeys([*current.data, *wanted]) if current.data.get(k) != wanted.get(k)]
    if not changed:
        report.unchanged.append(label)
        return None
    report.updated.append((label, changed))
    return _Write(root / current.path, format_draw(facts, current.body))


def _existing_draws(root: Path) -> dict[str, SourceFile | Problem]:
    """Existing draw files by round label, wherever a contributor put them."""
    files, problems = read_files(root / "content" / "draws", root)
    found: dict[str, SourceFile | Problem] = {str(f.data.get("round")): f for f in files}
    for problem in problems:  # an unreadable file still owns its round, so it is never overwritten
        found[Path(problem.path).stem.lstrip("0")] = problem
    return found
