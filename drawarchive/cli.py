"""The one command: `python build.py [build|check|serve|new|import]`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


from .config import load_config
from .content import read_content
from .importer import ImportFailed, import_rounds
from .render import TemplateFailure
from .scaffold import Answers, ScaffoldError, scaffold
from .serve import serve
from .site import InvalidContent, build_site

ROOT = Path(__file__).resolve().parent.parent

EXIT_CODES = """exit codes:
  0  success
  1  invalid content, or a round that could not be imported
  2  wrong command-line usage"""


def check(root: Path) -> int:
    """Validate all content; print every problem as path:line: field: problem (expected)."""
    archive, problems = read_content(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"check: {len(problems)} problem{'s' * (len(problems) != 1)} found", file=sys.stderr)
        return 1
    print(f"check: {len(archive.draws)} draws and {len(archive.categories)} categories are valid")
    return 0


def build(root: Path, base_url: str | None, path: str | None) -> int:
    """Build site/; on invalid content print the check report and leave site/ as it was."""
    config, problems = load_config(root)
    if problems:
        return report(problems)
    try:
        result = build_site(root, config.with_overrides(base_url, path))
    except InvalidContent as error:
        return report(error.problems)
    except TemplateFailure as error:
        print(error, file=sys.stderr)
        print("nothing was built", file=sys.stderr)
        return 1
    print(result.summary())
    return 0


def new(root: Path, answers: Answers) -> int:
    try:
        path = scaffold(root, answers)
    except ScaffoldError as error:
        print(f"new: {error}", file=sys.stderr)
        return 1
    print(f"new: wrote {path.relative_to(root)}; it passes check. Add notes below the front matter if you like.")
    return 0


def report(problems: list) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem{'s' * (len(problems) != 1)} found; nothing was built", file=sys.stderr)
    return 1


def import_command(root: Path, path: Path) -> int:
    try:
        report = import_rounds(path, root)
    except ImportFailed as error:
        print(f"import: {error}", file=sys.stderr)
        return 1
    for line in report.errors:
        print(f"import: {line}", file=sys.stderr)
    print(f"import: {report.summary()}")
    return 1 if report.errors else 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="build.py", description="Build and check the Express Entry draw archive. With no command, build the site.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    main.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: beside build.py)")
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    building = commands.add_parser("build", help="build the site into site/ (the default)",
                                   description="Build the site into site/, atomically.",
                                   epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    for command in (main, building):
        command.add_argument("--base-url", help="override site.yml's base_url, e.g. https://user.github.io")
        command.add_argument("--path", help="override site.yml's sub-path, e.g. /drawarchive/")
    commands.add_parser("check", help="validate all content and list every problem",
                        description="Validate content/ and print each problem as path:line: field: problem.",
                        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    serving = commands.add_parser(
        "serve", help="build, serve on 127.0.0.1 and rebuild on every change",
        description="Build the site, serve site/ on 127.0.0.1 with live reload, and rebuild only what a change "
                    "affects. While the content is invalid, the browser shows the problems.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    serving.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    scaffolding = commands.add_parser(
        "new", help="scaffold the next draw's file",
        description="Write content/draws/<year>/<round>.md for a new draw, checked before it is written. "
                    "On a terminal it asks for each value not given as a flag, proposing the next round number "
                    "and today's date; elsewhere it takes those proposals. It never overwrites a file.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    for flag, help in (("--round", "the round number (default: the next one)"),
                       ("--date", "the draw date, YYYY-MM-DD (default: today)"),
                       ("--time", "the round time in UTC, HH:MM:SS or YYYY-MM-DDTHH:MM:SSZ"),
                       ("--name", "the official round name, exactly as IRCC wrote it"),
                       ("--invitations", "the number of invitations issued"),
                       ("--crs", "the CRS score of the lowest-ranked candidate invited"),
                       ("--tie-break", "the tie-breaking rule in UTC, YYYY-MM-DD HH:MM:SS"),
                       ("--source", "the round's official page (default: guessed from the last round's)")):
        scaffolding.add_argument(flag, help=help)
    importing = commands.add_parser(
        "import", help="import IRCC's rounds JSON into content/draws/",
        description="Add or update draw files from a file in IRCC's rounds JSON format. "
                    "Only front-matter facts change; a draw's notes are never touched.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    importing.add_argument("path", type=Path, help="the rounds JSON file, e.g. ee_rounds_123_en.json")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = args.root.resolve()
    if args.command == "check":
        return check(root)
    if args.command == "new":
        return new(root, Answers(args.round, args.date, args.time, args.name, args.invitations, args.crs,
                                 args.tie_break, args.source))
    if args.command == "serve":
        config, problems = load_config(root)
        return report(problems) if problems else serve(root, config, args.port)
    if args.command == "import":
        return import_command(root, args.path)
    return build(root, args.base_url, args.path)
