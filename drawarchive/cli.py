"""The one command: `python build.py [build|check|serve|new|import]`."""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from drawarchive.authoring.importer import MAX_NEW, ImportFailed, import_rounds
from drawarchive.authoring.ircc_check import check_ircc
from drawarchive.authoring.ircc_data import TIMEOUT
from drawarchive.authoring.ircc_fetch import is_url
from drawarchive.authoring.scaffold import Answers, ScaffoldError, flag, scaffold
from drawarchive.authoring.summary import summary_problem, write_summary
from drawarchive.config import SiteConfig, load_config
from drawarchive.content.lock import WorkspaceError, content_lock, ready
from drawarchive.content.read import read_content
from drawarchive.languages.registry import activate
from drawarchive.model import Checked
from drawarchive.model.fields import DRAW_FIELDS, FIRST_DAY
from drawarchive.model.validation import Problem, printable
from drawarchive.pages.templates import TemplateFailure
from drawarchive.pipeline.site import InvalidContent, build_site
from drawarchive.pipeline.workspace import UnsafeOutput
from drawarchive.serve.server import serve

ROOT = Path(__file__).resolve().parent.parent

NEW_FIELDS = tuple(f for f in DRAW_FIELDS if f.ask is not None and f.ask.flag_help)
EXIT_CODES = """exit codes:
  0  success
  1  invalid content; or an import that failed, left a conflict or skipped a round
  2  wrong command-line usage"""


def configured(root: Path) -> tuple[SiteConfig, list[Problem]]:
    """site.yml, its languages made the ones every command works in (the registry's; content/'s files in
    other languages are known by their names)."""
    config, problems = load_config(root)
    activate(config.languages)
    return config, problems


def check(root: Path) -> int:
    """Validate site.yml and all content; print every problem as path:line: field: problem (expected)."""
    _, problems = configured(root)
    with content_lock(root, write=False, who="check"):
        archive, content_problems = read_content(root)
    problems += content_problems
    if problems:
        return report(problems, "check: {} found")
    print(f"check: {len(archive.draws)} draws and {len(archive.categories)} categories are valid")
    return 0


def build(root: Path, base_url: str | None, path: str | None, check_source: str | None = None,
          timeout: float = TIMEOUT) -> int:
    """Build site/; on invalid content print the check report and leave site/ as it was. With a check
    source ("" for site.yml's address), first read IRCC's data, read-only, for every footer to give."""
    config, problems = configured(root)
    if problems:
        return report(problems)
    live = checked_live(check_source or config.ircc_rounds_url, timeout) if check_source is not None else None
    try:
        result = build_site(root, config.with_overrides(base_url, path), live=live)
    except InvalidContent as error:
        return report(error.problems)
    except (TemplateFailure, UnsafeOutput) as error:
        print(error, file=sys.stderr)
        print("nothing was built", file=sys.stderr)
        return 1
    print(result.summary())
    return 0


def checked_live(source: str, timeout: float) -> Checked | None:
    """The deploy's check; when it fails, the build goes on and the pages keep the last successful check."""
    try:
        live = check_ircc(source, timeout)
    except ImportFailed as error:
        print(f"build: --check-ircc: {printable(str(error))}; the pages give the last successful check instead",
              file=sys.stderr)
        return None
    day = f" ({live.latest_date.isoformat()})" if live.latest_date else ""
    print(f"build: checked IRCC's data: it holds rounds up to #{live.latest_round}{day}")
    return live


def new(root: Path, answers: Answers) -> int:
    _, problems = configured(root)
    if problems:
        return report(problems, "{} found; nothing was written")
    try:
        with content_lock(root, write=True, who="new"):
            path = scaffold(root, answers)
    except ScaffoldError as error:
        print(f"new: {error}", file=sys.stderr)
        return 1
    print(f"new: wrote {path.relative_to(root)} (status: reported); it passes check. Add notes below the front "
          "matter if you like; `import` confirms the round when IRCC's data has it.")
    return 0


def report(problems: list[Problem], closing: str = "{} found; nothing was built") -> int:
    """Every problem on its own line, then a count; the exit code for invalid content."""
    for problem in problems:
        print(problem, file=sys.stderr)
    print(closing.format(f"{len(problems)} problem{'s' * (len(problems) != 1)}"), file=sys.stderr)
    return 1


def import_command(root: Path, source: str | None, timeout: float, summary: Path | None, max_new: int | None,
                   fetched_on: date | None = None) -> int:
    """Exit 1 when a person must look: a round not imported, a conflict, or an empty list."""
    config, problems = configured(root)
    if problems:
        return report(problems, "{} found; nothing was imported")
    source = source or config.ircc_rounds_url
    if not source:
        print("import: no source: give a path or URL, or set ircc_rounds_url in site.yml", file=sys.stderr)
        return 2
    if fetched_on is not None and is_url(source):
        print("import: --fetched-on: only for a file (IRCC's data read from an address is recorded as read today); "
              "nothing changed", file=sys.stderr)
        return 2
    refused = summary_problem(summary) if summary is not None else None
    if refused:  # said before anything is written, not after
        print(f"import: --summary: {printable(refused)}; nothing changed", file=sys.stderr)
        return 2
    try:
        result = import_rounds(source, root, timeout, max_new=max_new, fetched_on=fetched_on)
    except ImportFailed as error:
        print(f"import: {printable(str(error))}; nothing changed", file=sys.stderr)
        return 1
    for line in result.errors + result.conflicts + result.warnings:
        print(f"import: {printable(line)}", file=sys.stderr)
    print(f"import: {result.summary()}")
    if summary is not None:
        try:
            write_summary(summary, result.markdown(source))
        except OSError as error:
            print(f"import: --summary: {printable(str(summary))} could not be written ({error.strerror}); the "
                  "import itself is done", file=sys.stderr)
            return 1
    return 1 if result.failed else 0


def fetch_day(text: str) -> date:
    """--fetched-on: a real day, not after today and not before the archive's first."""
    try:
        day = date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        day = None
    if day is None or not FIRST_DAY <= day <= date.today():
        raise argparse.ArgumentTypeError(f"{printable(text)!r} is not a day YYYY-MM-DD from {FIRST_DAY} to today")
    return day


def timeout_seconds(text: str) -> float:
    """--timeout: a finite number of seconds, more than 0 and at most an hour."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 3600:  # also false for nan
        raise argparse.ArgumentTypeError(f"{printable(text)!r} is not a number of seconds from more than 0 to 3600")
    return value


def new_rounds(text: str) -> int:
    """--max-new: how many new rounds one import may add."""
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise argparse.ArgumentTypeError(f"{printable(text)!r} is not a whole number such as {MAX_NEW}")
    return int(text)


Command = Callable[[str, str, str], argparse.ArgumentParser]


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="build.py", description="Build and check the Express Entry draw archive. With no command, build the site.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    main.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: beside build.py)")
    commands = main.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, description=description, epilog=EXIT_CODES,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)

    building = command("build", "build the site into site/ (the default)", "Build the site into site/, atomically.")
    for where in (main, building):
        where.add_argument("--base-url", help="override site.yml's base_url, e.g. https://user.github.io")
        where.add_argument("--path", help="override site.yml's sub-path, e.g. /drawarchive/")
        where.add_argument("--check-ircc", nargs="?", const="", metavar="URL",
                           help="first read IRCC's rounds JSON (default: site.yml's ircc_rounds_url), writing "
                                "nothing, and say on every page what it holds; if the check fails, the pages give "
                                "the last successful one (content/checked.yml)")
        where.add_argument("--timeout", type=timeout_seconds, default=TIMEOUT,
                           help=f"seconds allowed for the check's download (default: {TIMEOUT:g})")
    command("check", "validate all content and list every problem",
            "Validate content/ and print each problem as path:line: field: problem.")
    command("serve", "build, serve on 127.0.0.1 and rebuild on every change",
            "Build the site, serve site/ on 127.0.0.1 with live reload, and rebuild only what a change affects. "
            "An edited draw's page is shown as soon as it is saved, before the rebuild ends. "
            "While the content is invalid, the browser shows the problems."
            ).add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    _new_command(command)
    _import_command(command)
    return main


def _new_command(command: Command) -> None:
    scaffolding = command("new", "scaffold the next draw's file, as a reported round",
                          "Write content/draws/<year>/<round>.md for a draw you read about, with status: reported "
                          "and the sources you read it in; `import` confirms it when IRCC's data has it. The file is "
                          "checked before it is written, and never overwrites one. On a terminal it asks for each "
                          "value not given as a flag, proposing the next round number and today's date; elsewhere "
                          "it takes those proposals. Leave out what the sources don't say.")
    for field in NEW_FIELDS:  # a flag for each field `new` asks for (model/fields.py)
        assert field.ask is not None
        name, metavar = flag(field), flag(field).lstrip("-").replace("-", "_").upper()
        if field.ask.read == "sources":  # one flag per source
            scaffolding.add_argument(name, dest=field.name, metavar=metavar, help=field.ask.flag_help,
                                     action="append", default=[])
        else:
            scaffolding.add_argument(name, dest=field.name, metavar=metavar, help=field.ask.flag_help)


def _import_command(command: Command) -> None:
    importing = command("import", "import IRCC's rounds JSON into content/draws/",
                        "Add, confirm or update draw files from IRCC's rounds JSON (a file, or a URL; by default "
                        "site.yml's ircc_rounds_url). Only official fields change: people's corrections, notes, "
                        "sources and bodies are never touched, and a conflict leaves its file alone.")
    importing.add_argument("source", nargs="?", help="the rounds JSON: a path, or an http(s) URL")
    importing.add_argument("--timeout", type=timeout_seconds, default=TIMEOUT,
                           help=f"seconds allowed for the whole download (default: {TIMEOUT:g})")
    importing.add_argument("--summary", type=Path, help="also write the summary as Markdown to this file (cut "
                                                        "to fit a pull request; the whole as FILE.full.md if cut)")
    importing.add_argument("--max-new", type=new_rounds, default=MAX_NEW,
                           help=f"refuse an answer that adds more new rounds than this (default: {MAX_NEW})")
    importing.add_argument("--fetched-on", type=fetch_day, metavar="YYYY-MM-DD",
                           help="for a file: the day it was fetched from IRCC, recorded in content/checked.yml as "
                                "the day IRCC's data was last checked (an address is recorded as read today)")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except WorkspaceError as error:  # content/ or .drawarchive/ as it can't be used: one line, what to do
        print(f"{args.command or 'build'}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{args.command or 'build'}: stopped", file=sys.stderr)
        return 130


def run(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    ready(root, write=args.command in ("new", "import"))  # before anything is read or written
    if args.command == "check":
        return check(root)
    if args.command == "new":
        return new(root, Answers({field.name: getattr(args, field.name) for field in NEW_FIELDS}))
    if args.command == "serve":
        config, problems = configured(root)
        return report(problems) if problems else serve(root, config, args.port)
    if args.command == "import":
        return import_command(root, args.source, args.timeout, args.summary, args.max_new, args.fetched_on)
    return build(root, args.base_url, args.path, args.check_ircc, args.timeout)
