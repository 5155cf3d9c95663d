"""Fuzzing `check`: a committed corpus of hostile files through the real CLI, and Hypothesis over
front matter, bodies and file names in-process.

Whatever a file holds or is called, check must answer in bounded time and memory with a list of
problems, each one line naming a file that exists, and never a traceback. The Hypothesis profile
is fixed (derandomize=True) so CI runs the same examples every time; the module takes about a
minute on two cores.
"""
from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import markdown
import pytest
from conftest import REPO
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from drawarchive.content.read import read_content
from drawarchive.content.schema import draw_fields
from drawarchive.content.source import display_path
from drawarchive.model.validation import Problem
from drawarchive.render.markup import EXTENSIONS, render_markdown

CORPUS = Path(__file__).resolve().parent / "fuzz-corpus"
DRAW = "content/draws/2023/254.md"
MEMORY = 1 << 30  # bytes of address space for each `check`: a blow-up fails instead of eating the machine
# A stall fails by a timeout far above any machine's time (a `check` takes about 0.4 s, a read 0.05 s): how
# fast is for benchmarks, and a deadline near the real time failed on a loaded machine.
STALL = 10  # seconds, for one in-process read or rendering of the fuzz project
FUZZ = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example])


def today() -> date:
    return date(2026, 11, 21)


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _expire(*_: object) -> None:
    raise TimeoutError("stalled")


def within(seconds: float, work):  # type: ignore[no-untyped-def]
    """Runs work, failing with TimeoutError rather than hanging the test run if it stalls."""
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def project(root: Path) -> Path:
    shutil.copytree(REPO / "content" / "categories", root / "content" / "categories")
    (root / "content" / "draws" / "2023").mkdir(parents=True)
    return root


# ---------------------------------------------------------------------------------------------
# (a) The corpus, each file as content/draws/2023/254.md, through `python build.py check`.

ERROR_LINE = re.compile(rf"^{re.escape(DRAW)}:\d+(?::\d+)?: .+: .+$")
SUMMARY = re.compile(r"^check: \d+ problems? found$")


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.name != "README.md")


def check_one(root: Path, corpus_file: Path) -> list[str]:
    """What is wrong with how check handled one corpus file: nothing, for a sound check."""
    (root / DRAW).write_bytes(corpus_file.read_bytes())
    try:
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "check"],
                                capture_output=True, timeout=30, preexec_fn=limit_memory)
    except subprocess.TimeoutExpired:
        return [f"{corpus_file.name}: check hung for 30 s"]
    stderr = result.stderr.decode("utf-8")
    failures = []
    if result.returncode not in (0, 1):
        failures.append(f"{corpus_file.name}: exit {result.returncode}")
    if "Traceback" in stderr or re.search(r"^\w+(Error|Exception)\b", stderr, re.MULTILINE):
        failures.append(f"{corpus_file.name}: a traceback: {stderr[-500:]}")
    lines = stderr.splitlines()
    if result.returncode == 1:
        if not lines or not SUMMARY.match(lines[-1]):
            failures.append(f"{corpus_file.name}: no summary line: {stderr[-300:]!r}")
        failures += [f"{corpus_file.name}: a line that does not name the file: {line[:200]!r}"
                     for line in lines[:-1] if not ERROR_LINE.match(line)]
    elif result.returncode == 0 and (lines or not result.stdout.startswith(b"check: 1 draws and")):
        failures.append(f"{corpus_file.name}: exit 0 with {stderr[-300:]!r}")
    return failures


def test_the_corpus_is_small_and_listed():
    files = corpus_files()
    assert len(files) >= 100
    assert sum(f.stat().st_size for f in files) < 1_000_000
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert [f.name for f in files] == sorted(re.findall(r"^\| `([^`]+)` \|", readme, re.MULTILINE))


def test_every_corpus_file_gets_a_bounded_one_line_per_problem_answer(tmp_path):
    files = corpus_files()
    roots = [project(tmp_path / str(i)) for i in range(2)]
    halves = [files[0::2], files[1::2]]

    def run(i: int) -> list[str]:
        return [failure for f in halves[i] for failure in check_one(roots[i], f)]

    with ThreadPoolExecutor(2) as pool:
        failures = [failure for found in pool.map(run, range(2)) for failure in found]
    assert failures == []


def test_the_harness_flags_a_line_that_names_another_file(tmp_path):
    """The harness is not blind: a problem in a file other than the corpus file is a failure."""
    root = project(tmp_path)
    (root / "content" / "categories" / "all.md").mkdir()  # not a file: check reports it by name
    bomb = tmp_path / "bomb.md"
    bomb.write_text("---\nround: 1\n---\n", encoding="utf-8")
    assert check_one(root, bomb) != []


# ---------------------------------------------------------------------------------------------
# (b) Hypothesis, in-process: no exception, every problem one line naming an existing file, fast.

@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory) -> Path:
    return project(tmp_path_factory.mktemp("fuzz"))


def all_entries(root: Path) -> set[str]:
    """Every file, folder and link under content/, as problems show their paths."""
    found = set()
    for directory, folders, files in os.walk(root / "content"):
        for name in folders + files:
            found.add(display_path((Path(directory) / name).relative_to(root).as_posix()))
        found.add(display_path(Path(directory).relative_to(root).as_posix()))
    return found


def assert_sound_check(root: Path) -> list[Problem]:
    archive, problems = within(STALL, lambda: read_content(root, today))
    existing = all_entries(root)
    for problem in problems:
        assert isinstance(problem, Problem)
        line = str(problem)
        assert line.isprintable(), line
        assert problem.path in existing, line
        assert line.startswith(f"{problem.path}:{problem.line}") and problem.line >= 1, line
        assert problem.field and problem.problem, line
    for draw in archive.draws:
        assert (root / draw.path).is_file()
    return problems


def with_files(root: Path, files: dict[str, bytes]) -> list[Problem]:
    """Writes files, checks, and removes them again, so each example starts from the same project."""
    written: list[Path] = []
    try:
        for name, data in files.items():
            path = root / name
            for parent in reversed(path.relative_to(root).parents):
                if not (root / parent).exists():
                    (root / parent).mkdir()
                    written.append(root / parent)
            path.write_bytes(data)
            written.append(path)
        return assert_sound_check(root)
    finally:
        for path in reversed(written):
            path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()


SEEDS = {name: (REPO / name).read_text(encoding="utf-8") for name in (
    "content/draws/2023/254.md",  # an official round with a pool
    "content/draws/2018/091a.md",  # a lettered round
    "content/draws/2026/447.md",  # a reported round with sources
    "content/draws/2019/108.md",  # an official round with data notes
)}
FIELDS = list(draw_fields())
# Pieces of hostile YAML: tags, anchors, aliases, nesting, odd numbers and dates, fences, escapes.
FRAGMENTS = [
    "&a", "*a", "&a [1, 2]", "<<: *a", "!!python/object/apply:os.system ['true']", "!!timestamp", "!custom",
    "!<tag:yaml.org,2002:int>", "!!binary aGk=", "!!set {a}", "[" * 50, "{a: " * 40, "]" * 10, "}", "- " * 40,
    "? [a]\n: 1", "? ''\n: 1", "crs : 1", "crs: 1", "round: 91c", "round: 0254", "%TAG ! x", "%YAML 1.1", "---",
    "...", "\t", "'unterminated", '"\\x07"', '"\\0"', '"\\ud800"', '"\\u202e"', "9" * 5000, "-" + "9" * 30, "0470",
    "8:06", "0x1e6", "4_86", "1e400", ".nan", "2023-02-30", "2023-07-05T25:00:00Z", "2099-01-01T00:00:00Z",
    "2023-07-05T13:38:22+99:99", "9999-12-31T23:59:59-23:59", "yes", "no", "~", "null", "", "[]", "{}", "|",
    ">-", "  - a", "<<", "=", "\x00", "\x1b[2J", "\ufeff", "\u2028", "\r", "\r\n", "#", "'", '"', "&", "*", "@", "`",
]
KEYS = ["", " ", "{field}", "{field}\\n", "\\t{field}", "{field}\\x07", "cr\\u200bs", "{field}\\u202e", "\\x85",
        "{field}\\u00a0", "\\e", "{field}\\r", "a: b"]
SCALARS = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(date.isoformat),
    st.tuples(st.datetimes(), st.sampled_from(["Z", "", "+01:00", "-23:59"])).map(lambda t: t[0].isoformat() + t[1]),
    st.text(max_size=30),
    st.lists(st.sampled_from(["FSW", "CEC", "FST", "PNP", "EE", "1", ""]), max_size=5).map(
        lambda items: f"[{', '.join(items)}]"),
)


MUTATIONS = st.lists(st.tuples(
    st.sampled_from(["delete", "duplicate", "insert", "value", "field", "key", "unicode", "swap"]),
    st.integers(min_value=0, max_value=10_000),
    SCALARS,
    st.sampled_from(FIELDS),
    st.sampled_from(KEYS),
), min_size=1, max_size=6)


def mutate(text: str, mutations: list[tuple[str, int, str, str, str]]) -> str:
    lines = text.split("\n")
    for kind, index, scalar, field, key in mutations:
        i = index % len(lines)
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "insert":
            lines.insert(i, scalar)
        elif kind == "value" and ":" in lines[i]:
            lines[i] = lines[i].split(":", 1)[0] + ": " + scalar
        elif kind == "field":
            lines.insert(i, f"{field}: {scalar}")
        elif kind == "key":  # a key in quotes: empty, or with an escape YAML reads as an invisible character
            lines[i] = f'"{key.format(field=field)}": ' + lines[i].partition(":")[2]
        elif kind == "unicode":
            cut = index % (len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + scalar + lines[i][cut:]
        elif kind == "swap":
            j = (i + 1) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


@FUZZ
@given(seed=st.sampled_from(sorted(SEEDS)), mutations=MUTATIONS)
def test_mutated_front_matter(fuzz_root, seed, mutations):
    text = mutate(SEEDS[seed], mutations)
    with_files(fuzz_root, {seed: text.encode("utf-8", "surrogatepass")})


@FUZZ
@given(seed=st.sampled_from(sorted(SEEDS)), data=st.binary(max_size=64), at=st.integers(0, 10_000))
def test_random_bytes_in_a_draw_file(fuzz_root, seed, data, at):
    raw = SEEDS[seed].encode("utf-8")
    at %= len(raw) + 1
    with_files(fuzz_root, {seed: raw[:at] + data + raw[at:]})


TOKENS = ["[", "]", "(", ")", "![", "](", "[a]", "[a](b)", "<", ">", "<a ", "</a>", "<div>", "<!--", "-->",
          "<![CDATA[", "<?", "<http://x.y>", "`", "``", "```", "*", "_", "**", "__", "#", "# ", "- ", "* ", "+ ",
          "1. ", "1) ", "> ", "    ", "  ", "\t", "\n", "\n\n", "|", "|-|", "=", "-", "---", "***", "a", "word ",
          "http://x.y ", "\\", "&amp;", "&#", "&#x", "#254", "~", ":", '"', "'", "é", "\u00a0", "\r\n"]
BODIES = st.one_of(
    st.text(max_size=300),
    st.text(st.characters(categories=["Cs", "Cc", "Cf", "Zl", "Zp"]), max_size=50),  # surrogates, controls
    st.lists(st.sampled_from(TOKENS), max_size=400).map("".join),
    st.tuples(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6), st.integers(1, 12_000))
      .map(lambda t: ("".join(t[0]) * t[1])[:33_000]),
)


@FUZZ
@given(body=BODIES)
def test_bodies(fuzz_root, body):
    """Any body: check answers; rendering neither raises nor stalls; and what check accepts,
    Python-Markdown itself (without render_markdown's fallback) renders quickly and without
    RecursionError."""
    problems = with_files(fuzz_root, {DRAW: (SEEDS[DRAW] + body).encode("utf-8", "surrogatepass")})
    within(STALL, lambda: render_markdown(body))
    if not problems:
        within(STALL, lambda: markdown.Markdown(extensions=list(EXTENSIONS), output_format="html").convert(body))


NAME = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=60)
FOLDERS = ["content/draws/2023", "content/draws", "content/categories", "content/draws/2023/sub"]
SUFFIXES = [".md", ".MD", "", ".md.swp", ".markdown", ".md/"]
KINDS = ["draw", "category", "empty", "binary", "link:/dev/zero", "link:/etc/passwd", "link:..", "link:missing",
         "fifo", "folder"]
CATEGORY = (REPO / "content" / "categories" / "fst.md").read_text(encoding="utf-8").replace(
    "Federal Skilled Trades", "Fuzzed")


@FUZZ
@given(folder=st.one_of(st.sampled_from(FOLDERS), NAME.map(lambda n: f"content/draws/{n}")),
       name=st.one_of(NAME, st.integers(200, 250).map(lambda n: "x" * n)), suffix=st.sampled_from(SUFFIXES),
       kind=st.sampled_from(KINDS))
def test_file_names(fuzz_root, folder, name, suffix, kind):
    relative = f"{folder}/{name}{suffix.rstrip('/')}"
    assume(all(part not in (".", "..") and len(os.fsencode(part)) <= 255 for part in relative.split("/")))
    path = fuzz_root / relative
    assume(not os.path.lexists(path))
    data = {"draw": SEEDS[DRAW].encode(), "category": CATEGORY.encode(), "empty": b"",
            "binary": bytes(range(256))}.get(kind, b"")
    created = []
    try:
        for parent in reversed(Path(relative).parents):
            if not (fuzz_root / parent).exists():
                (fuzz_root / parent).mkdir()
                created.append(fuzz_root / parent)
        if kind.startswith("link:"):
            path.symlink_to(kind[5:])
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "folder" or suffix.endswith("/"):
            path.mkdir()
        else:
            path.write_bytes(data)
        created.append(path)
        assert_sound_check(fuzz_root)
    finally:
        for entry in reversed(created):
            entry.rmdir() if entry.is_dir() and not entry.is_symlink() else entry.unlink()
