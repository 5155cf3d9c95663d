#!/usr/bin/env python3
"""Mutation fuzzing of `build.py check`, as in the issue: mutate the real draw files and check them.

    python benchmarks/fuzz_check.py                 # 3,000 mutated files in batches of 300
    python benchmarks/fuzz_check.py --count 600 --seed 7
    python benchmarks/fuzz_check.py --markdown      # what each body shape costs Python-Markdown

Each batch is a project with the real categories and up to 448 mutated draw files, each at its
original path (so an unchanged file passes); `check` runs once per batch as a subprocess, with
1 GB of address space and a time limit. Counted: tracebacks, crashes (an exit other than 0 or 1,
or a signal), hangs, and error lines that do not name an existing file. A batch that crashes or
hangs is re-run a file at a time to name the culprits. Figures go to stdout and to
benchmarks/out/fuzz_check.json.

--markdown times Python-Markdown (as drawarchive.render.markup configures it) on the body shapes that
drawarchive.render.markup.body_problem refuses, and render_markdown on the same text: the measurements
behind its limits.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drawarchive.content.source import display_path  # noqa: E402

MEMORY = 1 << 30
TIMEOUT = 120  # seconds for one batch of 300 files; a clean batch takes about 1 s
SUMMARY = re.compile(r"^check: (\d+) problems? found$|^check: \d+ draws and \d+ categories are valid$")

# What a mutation may put in place of a value, or insert as a line.
HOSTILE = [
    "&a 1", "*a", "&a [1, 2, 3]", "<<: *a", "!!python/object/apply:os.system ['true']", "!!timestamp 2023-07-05",
    "!custom 1", "!<tag:yaml.org,2002:int> 1", "!!binary aGk=", "[" * 40_000, "{a: " * 3000, "- " * 3000 + "1",
    "9" * 5000, "-" + "9" * 50_000, "0470", "8:06", "0x1e6", "4_86", "1e400", ".nan", "yes", "no", "~", "''",
    "2023-02-30", "2023-13-01", "2023-07-05T25:00:00Z", "2023-07-05T13:60:00Z", "2099-01-01", "2099-01-01T00:00:00Z",
    "0000-01-01", "2023-07-05T13:38:22+99:99", "9999-12-31T23:59:59-23:59", '"\\x07"', '"\\0"', '"\\ud800"',
    '"\\u202e"', "\x00", "\x07", "\x1b[2J", "\ufeff", "\u2028", "\u202e", "\r", "'unterminated", '"unterminated',
    "[a, b", "{a: 1", "? [a]\n: 1", "? ''\n: 1", "---", "...", "%YAML 1.1", "%TAG ! x", "\t- a", "[]", "{}",
    "91c", "254a", "0", "-1", "100001", "1201", "[FSW, FSW]", "[XYZ]", "[[FSW]]", "{a: 1}", "|\n  block",
]
BODIES = [
    "[" * 20_000, "![" * 8000, "[a](" * 5000, "[)" * 10_000, "".join("\t" * i + "- a\n" for i in range(200)),
    "- " * 8000 + "a", "-   " * 4000, ">" * 20_000 + " a", "a\n=\n" * 6000, "***\n" * 6000, "<a " * 8000,
    "<![CDATA[ a>" * 2000, "``a`" * 6000, "a" * 40_000, "\x00", "\u202e", "\r",
]


def mutate(text: str, rng: random.Random) -> str:
    """One to four changes: a line deleted, duplicated, swapped or cut, a value or line replaced by a
    hostile one, random bytes, or a hostile body."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        kind = rng.choice(["delete", "duplicate", "swap", "value", "value", "value", "insert", "cut", "unicode",
                           "body", "truncate"])
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "value" and ": " in lines[i]:
            lines[i] = lines[i].split(": ", 1)[0] + ": " + rng.choice(HOSTILE)
        elif kind == "insert":
            lines.insert(i, rng.choice(HOSTILE) if rng.random() < 0.5 else
                         f"{rng.choice(['crs', 'round', 'date', 'time', 'pool', 'x'])}: {rng.choice(HOSTILE)}")
        elif kind == "cut":
            lines[i] = lines[i][:rng.randrange(len(lines[i]) + 1)]
        elif kind == "unicode":
            cut = rng.randrange(len(lines[i]) + 1)
            noise = "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x80, 0x3000),
                                            rng.randrange(0x1F300, 0x1F600)])) for _ in range(rng.randint(1, 8)))
            lines[i] = lines[i][:cut] + noise + lines[i][cut:]
        elif kind == "body":
            lines.append(rng.choice(BODIES))
        elif kind == "truncate":
            lines = lines[:max(1, i)]
    return "\n".join(lines)


def to_bytes(text: str, rng: random.Random) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.05:  # invalid UTF-8, or another encoding
        at = rng.randrange(len(data) + 1)
        data = data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 4))) + data[at:]
    return data


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_check(root: Path, timeout: float) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "check"],
                                capture_output=True, timeout=timeout, preexec_fn=limit_memory)
    except subprocess.TimeoutExpired:
        return {"hang": True, "seconds": time.perf_counter() - started}
    return {"hang": False, "seconds": time.perf_counter() - started, "code": result.returncode,
            "stdout": result.stdout.decode("utf-8", "replace"), "stderr": result.stderr.decode("utf-8", "replace")}


def project(folder: Path) -> Path:
    shutil.copytree(ROOT / "content" / "categories", folder / "content" / "categories")
    (folder / "content" / "draws").mkdir()
    return folder


def judge(run: dict[str, Any], names: set[str]) -> dict[str, Any]:
    """Sorts a run's output: problem lines naming a file, lines naming none, tracebacks, crashes."""
    if run["hang"]:
        return {"hangs": 1, "crashes": 0, "tracebacks": 0, "unnamed": [], "named": set(), "lines": 0}
    lines = run["stderr"].splitlines() + run["stdout"].splitlines()
    named, unnamed, problem_lines = set(), [], 0
    for line in lines:
        if SUMMARY.match(line):
            continue
        problem_lines += 1
        path = next((n for n in names if line.startswith(n + ":")), None)
        if path is None:
            unnamed.append(line[:300])
        else:
            named.add(path)
    crash = run["code"] not in (0, 1)
    return {"hangs": 0, "crashes": int(crash), "tracebacks": int("Traceback" in run["stderr"]), "unnamed": unnamed,
            "named": named, "lines": problem_lines}


def fuzz(count: int, batch: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    originals = sorted((ROOT / "content" / "draws").rglob("*.md"))
    categories = {display_path(p.relative_to(ROOT).as_posix()) for p in (ROOT / "content" / "categories").iterdir()}
    totals: dict[str, Any] = {"files": 0, "batches": 0, "tracebacks": 0, "crashes": 0, "hangs": 0,
                              "unnamed_lines": [], "problem_lines": 0, "files_named": 0, "files_passing": 0,
                              "seconds": 0.0, "slowest_batch_seconds": 0.0, "culprits": []}
    with tempfile.TemporaryDirectory() as scratch:
        done = 0
        while done < count:
            size = min(batch, count - done, len(originals))
            root = project(Path(scratch) / f"batch{totals['batches']}")
            chosen = rng.sample(originals, size)
            names = set()
            for original in chosen:
                relative = original.relative_to(ROOT)
                (root / relative).parent.mkdir(parents=True, exist_ok=True)
                (root / relative).write_bytes(to_bytes(mutate(original.read_text(encoding="utf-8"), rng), rng))
                names.add(display_path(relative.as_posix()))
            run = run_check(root, TIMEOUT)
            verdict = judge(run, names | categories)
            if verdict["hangs"] or verdict["crashes"] or verdict["tracebacks"]:
                totals["culprits"] += culprits(root, chosen)
            totals["batches"] += 1
            totals["files"] += size
            for key in ("tracebacks", "crashes", "hangs"):
                totals[key] += verdict[key]
            totals["unnamed_lines"] += verdict["unnamed"]
            totals["problem_lines"] += verdict["lines"]
            totals["files_named"] += len(verdict["named"] & names)
            totals["files_passing"] += len(names - verdict["named"])
            totals["seconds"] += run["seconds"]
            totals["slowest_batch_seconds"] = max(totals["slowest_batch_seconds"], run["seconds"])
            shutil.rmtree(root)
            done += size
            print(f"batch {totals['batches']}: {size} files, exit {run.get('code', 'hang')}, "
                  f"{run['seconds']:.1f} s, {len(verdict['named'] & names)} named", flush=True)
    return totals


def culprits(root: Path, chosen: list[Path]) -> list[str]:
    """The files of a batch that crash or hang check on their own, kept in benchmarks/out/culprits/."""
    found = []
    kept = ROOT / "benchmarks" / "out" / "culprits"
    for original in chosen:
        relative = original.relative_to(ROOT)
        with tempfile.TemporaryDirectory() as scratch:
            single = project(Path(scratch))
            (single / relative).parent.mkdir(parents=True)
            shutil.copy(root / relative, single / relative)
            run = run_check(single, 30)
            if run["hang"] or run["code"] not in (0, 1) or "Traceback" in run["stderr"]:
                kept.mkdir(parents=True, exist_ok=True)
                shutil.copy(root / relative, kept / relative.as_posix().replace("/", "_"))
                last = "hang" if run["hang"] else (run["stderr"].strip().splitlines() or ["?"])[-1]
                found.append(f"{relative}: {last[:200]}")
    return found


MARKDOWN_SHAPES: dict[str, Callable[[int], str]] = {
    "unclosed '['": lambda n: "[" * n,
    "nested '[...]'": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "'[a](' repeated": lambda n: "[a](" * (n // 4),
    "'[)' repeated": lambda n: "[)" * (n // 2),
    "'![' repeated": lambda n: "![" * (n // 2),
    "'<a ' repeated": lambda n: "<a " * (n // 3),
    "'<![CDATA[ a>' repeated": lambda n: "<![CDATA[ a>" * (n // 12),
    "'``a`' repeated": lambda n: "``a`" * (n // 4),
    "setext headings, no blank line": lambda n: "a\n=\n" * (n // 4),
    "rules, no blank line": lambda n: "***\n" * (n // 4),
    "a tab deeper each line": lambda n: "".join("\t" * i + "- a\n" for i in range(int((2 * n) ** 0.5))),
    "'- ' repeated on one line": lambda n: "- " * (n // 2) + "a",
    "'-   ' repeated on one line": lambda n: "-   " * (n // 4),
    "'>' repeated": lambda n: ">" * n + " a",
    "plain words": lambda n: "word " * (n // 5),
}


def markdown_costs(sizes: tuple[int, ...] = (4000, 8000, 16000, 32000), limit: int = 20) -> list[dict[str, Any]]:
    """Python-Markdown's time on each shape (cut at `limit` seconds), and render_markdown's."""
    from drawarchive.render.markup import _MARKDOWN, body_problem, render_markdown

    def expire(*_: Any) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, expire)
    rows = []
    for name, shape in MARKDOWN_SHAPES.items():
        for n in sizes:
            text = shape(n)
            signal.alarm(limit)
            started = time.perf_counter()
            try:
                _MARKDOWN.reset().convert(text)
                outcome = "ok"
            except TimeoutError:
                outcome = f"over {limit} s"
            except RecursionError:
                outcome = "RecursionError"
            finally:
                signal.alarm(0)
            raw = time.perf_counter() - started
            started = time.perf_counter()
            render_markdown(text)
            rendered = time.perf_counter() - started
            refused = body_problem(text)
            rows.append({"shape": name, "characters": len(text), "markdown_seconds": round(raw, 3),
                         "markdown": outcome, "refused": refused[1] if refused else None,
                         "render_markdown_seconds": round(rendered, 3)})
            print(f"{name:32s} {len(text):6d} chars  Markdown {raw:7.3f} s {outcome:15s} "
                  f"render_markdown {rendered:6.3f} s  {'refused: ' + refused[1] if refused else 'accepted'}",
                  flush=True)
            if outcome != "ok":
                break
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", action="store_true", help="time Python-Markdown on hostile body shapes")
    args = parser.parse_args()
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    if args.markdown:
        rows = markdown_costs()
        (out / "markdown_shapes.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
        return 0
    totals = fuzz(args.count, args.batch, args.seed)
    unnamed = totals.pop("unnamed_lines")
    totals["unnamed_lines"] = len(unnamed)
    totals["unnamed_examples"] = unnamed[:10]
    print(json.dumps(totals, indent=2))
    (out / "fuzz_check.json").write_text(json.dumps(totals, indent=2), encoding="utf-8")
    bad = totals["tracebacks"] + totals["crashes"] + totals["hangs"] + totals["unnamed_lines"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
