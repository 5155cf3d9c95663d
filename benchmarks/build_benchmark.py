"""How long does the build take as the archive grows? Prints figures; asserts nothing about time.

For each size it writes a synthetic archive (real categories, templates and static files; N
generated draw files shaped like imported ones) into its own temp project, then times, each in
a fresh child process so that peak memory is that build's alone:

  a. a clean build (no site/, no state file);
  b. a rebuild with no changes;
  c. a rebuild after changing one draw's CRS, then after appending a sentence to one draw's body.

    python benchmarks/build_benchmark.py                 # 400, 4,000 and 20,000 draws
    python benchmarks/build_benchmark.py --sizes 400,4000 --keep
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the package is not necessarily installed; use this checkout's

from drawarchive.authoring.drawfile import format_draw, write_atomic  # noqa: E402
from drawarchive.content.categories import read_categories  # noqa: E402
from drawarchive.content.files import draw_file  # noqa: E402
from drawarchive.content.source import parse_file  # noqa: E402
from drawarchive.model import POOL_BANDS, POOL_SUBBANDS, Category  # noqa: E402
from drawarchive.model.validation import Problem  # noqa: E402

DEFAULT_SIZES = (400, 4_000, 20_000)
SEED = 20150131  # fixed, so that two runs build the same archives
FIRST_DAY = date(2015, 1, 31)
GAP_DAYS = 3.0  # "a few days apart", unless N draws would not fit before today
POOL_SHARE = 0.9  # IRCC published no pool for some rounds; most have one
TIE_BREAK_FROM = 77  # IRCC published no tie-breaking rule before round 77
PROGRAM_ORDER = ("FSW", "CEC", "FST", "PNP")  # the order IRCC's text names them in, as imported
CATEGORY_PROGRAMS = ("FSW", "CEC", "FST")  # what occupation and French rounds are open to
BODY_WORDS = 150
SOURCE = ("https://www.canada.ca/en/immigration-refugees-citizenship/corporate/mandate/"
          "policies-operational-instructions-agreements/ministerial-instructions/express-entry-rounds/"
          "invitations.html?q={label}")

# kind -> (invitations range, CRS range); PNP rounds include the 600 nomination points.
RANGES: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "general": ((1_500, 7_000), (430, 560)),
    "program": ((300, 5_000), (300, 560)),
    "category": ((100, 6_000), (350, 520)),
    "PNP": ((300, 1_500), (600, 850)),
}

FILLER = (
    "Candidates who were invited have 60 days to submit a complete application for permanent residence.",
    "The tie-breaking rule means that among candidates with the cut-off score, only those who created "
    "their profile before that moment were invited.",
    "Scores in the pool move every week as new profiles arrive and older ones expire.",
    "IRCC does not announce rounds in advance, and the size of each round can change without notice.",
    "Compared with the same month last year, the cut-off is within the usual range for this kind of round.",
    "Candidates below the cut-off keep their place in the pool and may be invited in a later round.",
    "The published pool distribution is a snapshot taken a few days before the round itself.",
    "Provincial nominations add 600 points, which is why nominee rounds have much higher cut-offs.",
    "Category-based rounds look only at candidates with recent experience in the listed occupations.",
    "French-language rounds require strong results in an approved French test.",
    "Invitations that are declined or left unanswered do not return to the pool of this round.",
)


@dataclass(frozen=True)
class NameChoice:
    """One official draw name a synthetic draw may carry, with what it implies."""

    category: Category
    name: str
    version: int | None
    programs: tuple[str, ...]


# ---------------------------------------------------------------- generating an archive


def real_category_weights() -> dict[str, int]:
    """How many real draws each category has, so the synthetic mix of pages and feeds is realistic."""
    counts: dict[str, int] = {}
    for path in (REPO / "content" / "draws").rglob("*.md"):
        match = re.search(r"^category: (\S+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        if match:
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return counts


def name_choices(categories: tuple[Category, ...]) -> tuple[list[NameChoice], list[float]]:
    """Every official draw name in the category files, weighted by its category's share of real draws."""
    known = [c.program.code for c in categories if c.program]
    codes = tuple(sorted(known, key=lambda c: PROGRAM_ORDER.index(c) if c in PROGRAM_ORDER else len(known)))
    counts = real_category_weights()
    choices, weights = [], []
    for category in categories:
        if category.program:
            programs: tuple[str, ...] = (category.program.code,)
        elif category.kind == "general":
            programs = codes
        else:
            programs = tuple(c for c in CATEGORY_PROGRAMS if c in codes)
        for entry in category.draw_names:
            choices.append(NameChoice(category, entry.name, entry.version, programs))
            # Categories no real draw uses yet still get a few draws, so their pages have content.
            weights.append(max(counts.get(category.slug, 0), 1) / len(category.draw_names))
    return choices, weights


def draw_days(count: int, today: date) -> list[date]:
    """Dates from FIRST_DAY, GAP_DAYS apart, or closer (several a day) so that the last is before today."""
    span = (today - timedelta(days=1) - FIRST_DAY).days
    step = min(GAP_DAYS, span / max(count - 1, 1))
    return [FIRST_DAY + timedelta(days=int(i * step)) for i in range(count)]


def pool_facts(day: date, rng: random.Random) -> dict[str, Any]:
    """All 17 bands; each parent is the sum of its sub-bands and the total the sum of the top bands."""
    bands = {"601-1200": rng.randint(300, 1_500), "501-600": rng.randint(700, 20_000)}
    for parent, subbands in POOL_SUBBANDS.items():
        subs = {b: rng.randint(800, 20_000) for b in subbands}
        bands[parent] = sum(subs.values())
        bands.update(subs)
    bands.update({"351-400": rng.randint(45_000, 65_000), "301-350": rng.randint(17_000, 33_000),
                  "0-300": rng.randint(5_000, 8_000)})
    ordered = {b: bands[b] for b in POOL_BANDS}
    nested = {b for subs in POOL_SUBBANDS.values() for b in subs}
    total = sum(v for b, v in ordered.items() if b not in nested)
    return {"as_of": day - timedelta(days=rng.randint(1, 4)), "total": total, "bands": ordered}


def draw_facts(number: int, day: date, slot: int, choice: NameChoice, rng: random.Random) -> dict[str, Any]:
    """Front matter in the importer's shape: schema order, with None and [] left out."""
    kind = "PNP" if choice.programs == ("PNP",) else choice.category.kind
    (low_inv, high_inv), (low_crs, high_crs) = RANGES[kind]
    # Several draws a day get increasing times, all on the draw's own date, in UTC.
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC) + timedelta(
        minutes=slot * 7 + rng.randrange(6), seconds=rng.randrange(60))
    # Express Entry opened on 2015-01-01: no profile, so no tie-break, is older than that.
    opened = datetime(2015, 1, 1, tzinfo=UTC)
    tie_break = max(moment - timedelta(days=rng.randint(1, 300), seconds=rng.randrange(86_400)), opened)
    facts: dict[str, Any] = {
        "round": number, "status": "official", "date": day, "time": moment, "name": choice.name,
        "category": choice.category.slug, "list_version": choice.version,
        "invitations": rng.randint(low_inv, high_inv), "crs": rng.randint(low_crs, high_crs),
        "tie_break": tie_break if number >= TIE_BREAK_FROM else None,
        "programs": list(choice.programs), "source": SOURCE.format(label=number),
        "pool": pool_facts(day, rng) if rng.random() < POOL_SHARE else None,
    }
    return {k: v for k, v in facts.items() if v is not None and v != []}


def body_text(facts: dict[str, Any], choice: NameChoice, rng: random.Random) -> str:
    """About BODY_WORDS words of notes: two paragraphs around a bulleted list, naming earlier rounds."""
    number, short = facts["round"], choice.category.short_name
    previous = f" (compare #{number - 1})" if number > 1 else ""
    opening = (f"Round {number} was a **{short}** round{previous}. It invited {facts['invitations']:,} "
               f"candidates with a cut-off of {facts['crs']}.")
    bullets = [f"- Official name: *{choice.name}*.",
               f"- Eligible programs: {', '.join(choice.programs)}.",
               f"- Cut-off score: {facts['crs']} points.",
               "- See the [official page](" + facts["source"] + ") for the full announcement."]
    closing, spare = [], rng.sample(FILLER, len(FILLER))
    words = len(" ".join([opening, *bullets]).split())
    while words < BODY_WORDS and spare:  # pad with filler until the notes read like a real entry
        closing.append(spare.pop())
        words += len(closing[-1].split())
    return f"\n{opening} {closing[0]}\n\n" + "\n".join(bullets) + "\n\n" + " ".join(closing[1:]) + "\n"


def write_archive(root: Path, count: int, rng: random.Random) -> None:
    categories, problems = read_categories(root)
    if problems:
        raise SystemExit("the real categories do not check:\n" + "\n".join(map(str, problems)))
    choices, weights = name_choices(categories)
    previous_day, slot = None, 0
    for number, day in enumerate(draw_days(count, date.today()), start=1):
        slot = slot + 1 if day == previous_day else 0
        previous_day = day
        choice = rng.choices(choices, weights)[0]
        facts = draw_facts(number, day, slot, choice, rng)
        path = draw_file(root, str(number), day)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(format_draw(facts, body_text(facts, choice, rng)), encoding="utf-8")


def make_project(count: int) -> Path:
    """A temp project: the repo's real categories, templates, static files and site.yml, plus N draws."""
    root = Path(tempfile.mkdtemp(prefix=f"drawarchive-bench-{count}-"))
    shutil.copytree(REPO / "content" / "categories", root / "content" / "categories")
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy2(REPO / "site.yml", root / "site.yml")
    for translation in (REPO / "content").glob("*.fr.md"):  # the French occupation titles
        shutil.copy2(translation, root / "content" / translation.name)
    write_archive(root, count, random.Random(SEED))
    return root


# ---------------------------------------------------------------- editing one draw


def middle_draw(root: Path, count: int) -> Path:
    label = max(count // 2, 1)
    return next((root / "content" / "draws").glob(f"*/{label:03d}.md"))


def rewrite_draw(path: Path, crs_delta: int = 0, extra_body: str = "") -> None:
    """Rewrite a draw file as a contributor or an import would: facts via format_draw, body kept."""
    source = parse_file(path.read_text(encoding="utf-8"), path.name)
    if isinstance(source, Problem):
        raise SystemExit(f"cannot edit {path}: {source}")
    facts = dict(source.data)
    facts["crs"] = min(max(facts["crs"] + crs_delta, 0), 1200)
    write_atomic(path, format_draw(facts, source.body + extra_body))


# ---------------------------------------------------------------- measuring, in a child process


def child(mode: str, root: Path) -> None:
    """Runs one build in this fresh process and prints its figures as one JSON line."""
    from drawarchive.config import load_config
    from drawarchive.pipeline.site import InvalidContent, build_site
    from drawarchive.pipeline.workspace import Workspace

    target = root / "site"
    if mode == "clean":
        shutil.rmtree(target, ignore_errors=True)
        Workspace(target).state_path.unlink(missing_ok=True)
    config, problems = load_config(root)
    if problems:
        raise SystemExit("\n".join(map(str, problems)))
    started = time.perf_counter()
    try:
        result = build_site(root, config)
    except InvalidContent as error:  # the generator wrote something `check` rejects
        raise SystemExit("\n".join(map(str, error.problems[:20]))) from None
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    # The build may run tools of its own (a search indexer); their peak is reported apart.
    tools_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "rendered": result.rendered, "files": result.files,
                      "pages": result.pages, "feeds": result.feeds, "peak_mib": peak_kib / 1024,
                      "tools_peak_mib": tools_kib / 1024, "stages": result.stages}))


def serve_child(root: Path) -> None:
    """serve's path: one process keeps its parse cache and the search index between rebuilds."""
    from drawarchive.config import load_config
    from drawarchive.pipeline.site import build_site

    config, _ = load_config(root)
    cache: dict = {}
    figures = {}
    for step, edit in (("first", None), ("crs", {"crs_delta": 1}),
                       ("body", {"extra_body": "\nEdited while serving.\n"})):
        if edit is not None:
            rewrite_draw(middle_draw(root, len(list((root / "content" / "draws").rglob("*.md")))), **edit)
        started = time.perf_counter()
        result = build_site(root, config, search=edit is None, cache=cache)
        figures[step] = {"seconds": time.perf_counter() - started, "rendered": result.rendered}
    print(json.dumps(figures))


def run_child(mode: str, root: Path) -> dict[str, Any]:
    """One measurement in a fresh interpreter; adds its total wall time, start-up and imports included."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", mode, str(root)],
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"child {mode} failed in {root}:\n{done.stderr[-4000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {**figures, "wall": wall}


def serve_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| size | clean build s | serve: first build s | serve: one-draw edit s (rendered) | "
             "serve: body edit s (rendered) | edit / clean |",
             "|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        serve = row["serve"]
        lines.append(f"| {row['size']:,} | {row['clean']['seconds']:.2f} | {serve['first']['seconds']:.2f} | "
                     f"{_timed(serve['crs'])} | {_timed(serve['body'])} | "
                     f"{serve['crs']['seconds'] / row['clean']['seconds']:.2f} |")
    return "\n".join(lines)


def measure(count: int, keep: bool) -> dict[str, Any]:
    """Generates one archive and runs the four measurements in order, each on the previous build's state."""
    started = time.perf_counter()
    root = make_project(count)
    row: dict[str, Any] = {"size": count, "generate": time.perf_counter() - started, "root": root}
    try:
        log(f"{count:,} draws: generated in {row['generate']:.1f} s in {root}")
        row["clean"] = run_child("clean", root)
        log(f"  clean build {row['clean']['seconds']:.2f} s")
        row["unchanged"] = run_child("rebuild", root)
        rewrite_draw(middle_draw(root, count), crs_delta=1)
        row["crs"] = run_child("rebuild", root)
        rewrite_draw(middle_draw(root, count), extra_body="\nA later note: this round was edited.\n")
        row["body"] = run_child("rebuild", root)
        row["serve"] = run_child("serve", root)
        # On disk, not BuildResult.files: tools run by the build (a search index) add files of their own.
        row["on_disk"] = sum(1 for p in (root / "site").rglob("*") if p.is_file())
        log(f"  rebuilds {row['unchanged']['seconds']:.2f} / {row['crs']['seconds']:.2f} / "
            f"{row['body']['seconds']:.2f} s")
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    return row


# ---------------------------------------------------------------- reporting


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _timed(figures: dict[str, Any]) -> str:
    return f"{figures['seconds']:.2f} ({figures['rendered']:,})"


def main_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| size | clean build s | no-change rebuild s (rendered) | one-draw edit rebuild s (rendered) "
             "| body edit rebuild s (rendered) | peak MiB (clean) | files in site |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['size']:,} | {r['clean']['seconds']:.2f} | {_timed(r['unchanged'])} | "
                     f"{_timed(r['crs'])} | {_timed(r['body'])} | {r['clean']['peak_mib']:.0f} | "
                     f"{r['on_disk']:,} ({r['clean']['files']:,} planned) |")
    return "\n".join(lines)


def ratio_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| size | no-change / clean | one-draw edit / clean | body edit / clean |", "|---:|---:|---:|---:|"]
    for r in rows:
        clean = r["clean"]["seconds"]
        lines.append(f"| {r['size']:,} | {r['unchanged']['seconds'] / clean:.2f} | "
                     f"{r['crs']['seconds'] / clean:.2f} | {r['body']['seconds'] / clean:.2f} |")
    return "\n".join(lines)


def wall_table(rows: list[dict[str, Any]]) -> str:
    """What a contributor waits for: interpreter start, imports and the build, per child process."""
    lines = ["| size | clean s | no-change s | one-draw edit s | body edit s | peak MiB (no-change) "
             "| build's sub-processes peak MiB (clean) | generate s |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['size']:,} | {r['clean']['wall']:.2f} | {r['unchanged']['wall']:.2f} | "
                     f"{r['crs']['wall']:.2f} | {r['body']['wall']:.2f} | "
                     f"{r['unchanged']['peak_mib']:.0f} | {r['clean']['tools_peak_mib']:.0f} | "
                     f"{r['generate']:.1f} |")
    return "\n".join(lines)


def stage_table(rows: list[dict[str, Any]]) -> str:
    """Where each build's time goes: build_site's stages, in seconds (BuildResult.stages)."""
    builds = (("clean", "clean"), ("unchanged", "no-change"), ("crs", "one-draw edit"))
    names = list(dict.fromkeys(stage for r in rows for key, _ in builds for stage, _ in r[key]["stages"]))
    lines = ["| size | build | " + " | ".join(names) + " |", "|---:|---|" + "---:|" * len(names)]
    for r in rows:
        for key, label in builds:
            seconds = dict(r[key]["stages"])
            cells = (f"{seconds[name]:.2f}" if name in seconds else "" for name in names)
            lines.append(f"| {r['size']:,} | {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(rows: list[dict[str, Any]], keep: bool, load_before: float) -> None:
    # Other work on the machine inflates every figure; say how busy it was.
    print(f"{os.cpu_count()} CPUs; 1-minute load average {load_before:.2f} at start, "
          f"{os.getloadavg()[0]:.2f} at end.\n")
    print("## Build time by archive size (build_site only, seconds; files rendered in brackets)\n")
    print(main_table(rows))
    print("\n## Ratios to the clean build\n")
    print(ratio_table(rows))
    print("\n## Where the time goes: seconds per stage of the build\n")
    print(stage_table(rows))
    print("\n## Child process wall time (interpreter start + imports + build)\n")
    print(wall_table(rows))
    print("\n## serve: rebuilds in one process, parse cache kept, search index carried over\n")
    print(serve_table(rows))
    if keep:
        print("\nKept:\n" + "\n".join(f"- {r['root']}" for r in rows))


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("expected positive integers such as 400,4000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time clean and incremental builds of synthetic archives.")
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                        help="comma-separated draw counts (default: 400,4000,20000)")
    parser.add_argument("--keep", action="store_true", help="leave the temp projects for inspection")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        (serve_child if args.child[0] == "serve" else lambda root: child(args.child[0], root))(Path(args.child[1]))
        return 0
    load_before = os.getloadavg()[0]
    rows = [measure(size, args.keep) for size in args.sizes]
    report(rows, args.keep, load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
