"""Hostile content: every malformed file gets one line, `path:line[:col]: field: problem (expected …)`.

Each case names the exact message `check` prints. A few run `build.py check` as a subprocess too
(exit 1, no traceback, the file named). The fuzz tests (test_fuzz.py) throw random input at the
same code; these pin down what a person reads for each kind of mistake or attack.
"""
from __future__ import annotations

import os
import re
import threading
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from conftest import REPO, run_build

from drawarchive.content import files as contentfiles
from drawarchive.content import source
from drawarchive.content.read import read_content
from drawarchive.content.schema import draw_fields
from drawarchive.content.source import Refused, parse_yaml
from drawarchive.model import POOL_BANDS, POOL_SUBBANDS
from drawarchive.render.markup import body_problem, render_markdown

GOOD = """\
---
round: 254
status: official
date: 2023-07-05
time: 2023-07-05T13:38:22Z
name: STEM occupations (Version 1)
category: stem
list_version: 1
invitations: 500
crs: 486
tie_break: 2022-11-23T00:01:29Z
programs: [FSW, CEC, FST]
source: "https://www.canada.ca/en/express-entry-rounds/invitations.html?q=254"
---
A note.
"""
BANDS = {b: 5 if b in POOL_SUBBANDS else 1 for b in POOL_BANDS}  # each subtotal the sum of its five sub-bands
POOL = "pool:\n  as_of: 2023-07-04\n  total: 15\n  bands: {" + ", ".join(f"{b}: {n}" for b, n in BANDS.items()) + "}\n"
POOL_SUM = ("601-1200 + 501-600 + 451-500 + 401-450 + 351-400 + 301-350 + 0-300, or a data note from import where "
            "IRCC's figures disagree")
DRAW = "content/draws/2023/254.md"
FST = (REPO / "content" / "categories" / "fst.md").read_text(encoding="utf-8")
ROUND_91A = (REPO / "content" / "draws" / "2018" / "091a.md").read_text(encoding="utf-8")
DATE = "a real date such as 2023-07-05, or a UTC time such as 2023-07-05T13:38:22Z"
DECIMAL = "digits such as 486, without a leading 0, '_' or ':'; or text in quotes"
ALIAS = "YAML anchors and aliases are not allowed (expected each value written out in full)"
CONTROL = "(expected printable text, tabs and line ends (\\n or \\r\\n) only)"
SLUG = ("does not make a slug (expected lower-case letters, digits and hyphens, starting with a letter or digit, "
        "then .md, such as senior-managers.md)")


def today() -> date:
    return date(2026, 11, 21)


def edit(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_bytes(data.encode("utf-8"))


def problems(root: Path) -> list[str]:
    _, found = read_content(root, today)
    return [str(p) for p in found]


ALIAS_BOMB = "---\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
    for p, c in zip(["", "a", "b", "c", "d", "e", "f", "g"], "abcdefgh", strict=True)) + "---\n"

# (case, the draw file's text, the exact problems)
DRAW_CASES = [
    # Impossible dates and times.
    ("february 30", edit("date: 2023-07-05", "date: 2023-02-30"),
     [f"{DRAW}:4:7: date: '2023-02-30' is not a real date (day is out of range for month) (expected {DATE})"]),
    ("hour 25", edit("time: 2023-07-05T13:38:22Z", "time: 2023-07-05T25:38:22Z"),
     [f"{DRAW}:5:7: time: '2023-07-05T25:38:22Z' is not a real time (hour must be in 0..23) (expected {DATE})"]),
    ("minute 60", edit("time: 2023-07-05T13:38:22Z", "time: 2023-07-05T13:60:22Z"),
     [f"{DRAW}:5:7: time: '2023-07-05T13:60:22Z' is not a real time (minute must be in 0..59) (expected {DATE})"]),
    ("year 0", edit("date: 2023-07-05", "date: 0000-07-05"),
     [f"{DRAW}:4:7: date: '0000-07-05' is not a real date (year 0 is out of range) (expected {DATE})"]),
    ("offset of a day", edit("time: 2023-07-05T13:38:22Z", "time: 2023-07-05T13:38:22+24:00"),
     [f"{DRAW}:5:7: time: '2023-07-05T13:38:22+24:00' is not a real time (its UTC offset is a day or more) "
      f"(expected {DATE})"]),
    ("a date, not a time", edit("time: 2023-07-05T13:38:22Z", "time: 2023-07-05"),
     [f"{DRAW}:5: time: 2023-07-05 is not a date-time (expected a UTC date-time such as 2023-06-28T13:38:22Z)"]),
    # Dates and times in the future, or inconsistent with each other.
    ("date in the future", edit("date: 2023-07-05", "date: 2099-07-05"),
     [f"{DRAW}:4: date: 2099-07-05 is in the future (expected a date YYYY-MM-DD from 2015-01-01 to 2026-11-21)"]),
    ("round time in 2099", edit("time: 2023-07-05T13:38:22Z", "time: 2099-07-05T13:38:22Z"),
     [f"{DRAW}:5: time: 2099-07-05T13:38:22Z is in the future "
      "(expected a UTC date-time such as 2023-06-28T13:38:22Z)"]),
    ("round time two months off", edit("time: 2023-07-05T13:38:22Z", "time: 2023-09-05T13:38:22Z"),
     [f"{DRAW}:5: time: 2023-09-05T13:38:22Z is 62 days from the draw (2023-07-05) "
      "(expected a round time within 31 days of the draw date)"]),
    ("pool after its round", edit("---\nA note", POOL.replace("07-04", "07-06") + "---\nA note"),
     [f"{DRAW}:15: pool.as_of: 2023-07-06 is after the draw (2023-07-05) "
      "(expected a pool measured on or before the draw date)"]),
    ("pool a year before its round", edit("---\nA note", POOL.replace("2023-07-04", "2022-07-04") + "---\nA note"),
     [f"{DRAW}:15: pool.as_of: 2022-07-04 is 366 days before the draw (2023-07-05) "
      "(expected a pool measured within 31 days before the draw)"]),
    ("pool total that does not add up", edit("---\nA note", POOL.replace("total: 15", "total: 2") + "---\nA note"),
     [f"{DRAW}:16: pool.total: 2 is not the sum of the bands (15) (expected {POOL_SUM})"]),
    ("pool subtotal that does not add up", edit("---\nA note", POOL.replace("451-500: 5", "451-500: 6").replace(
        "total: 15", "total: 16") + "---\nA note"),
     [f"{DRAW}:17: pool.bands.451-500: 6 is not the sum of its sub-bands (5) (expected 491-500 + 481-490 + "
      "471-480 + 461-470 + 451-460, or a data note from import where IRCC's figures disagree)"]),
    ("pool subtotal as IRCC published it, noted", edit("---\nA note", POOL.replace("451-500: 5", "451-500: 6").replace(
        "total: 15", "total: 16") + "data_notes: [{kind: subtotal, band: 451-500, published: 6, sum: 5}]\n"
        "---\nA note"), []),
    ("a data note in words", edit("crs: 486", "crs: 486\ndata_notes: [IRCC's subtotal is off.]"),
     [f"{DRAW}:11: data_notes.0: str is not a mapping (expected a mapping)"]),
    ("a data note without its figures", edit("crs: 486", "crs: 486\ndata_notes: [{kind: subtotal, band: 451-500}]"),
     [f"{DRAW}:11: data_notes.0.published: missing (expected the published of a 'subtotal' note)",
      f"{DRAW}:11: data_notes.0.sum: missing (expected the sum of a 'subtotal' note)"]),
    # Integers out of range, thousands of digits long, or not what they seem.
    ("integer out of range", edit("crs: 486", "crs: 99999999999"),
     [f"{DRAW}:10: crs: 99999999999 is too large (expected an integer from 0 to 1200)"]),
    ("integer of 5,000 digits", edit("crs: 486", "crs: " + "9" * 5000),
     [f"{DRAW}:10:6: crs: a number 5,000 digits long (expected a number of at most 20 digits)"]),
    ("negative integer of 50,000 digits", edit("invitations: 500", "invitations: -" + "1" * 50_000),
     [f"{DRAW}:9:14: invitations: a number 50,000 digits long (expected a number of at most 20 digits)"]),
    ("octal", edit("crs: 486", "crs: 0470"),
     [f"{DRAW}:10:6: crs: '0470' is not a plain decimal number (YAML 1.1 would read it as 312) "
      f"(expected {DECIMAL})"]),
    ("base 60", edit("crs: 486", "crs: 8:06"),
     [f"{DRAW}:10:6: crs: '8:06' is not a plain decimal number (YAML 1.1 would read it as 486) "
      f"(expected {DECIMAL})"]),
    ("hexadecimal", edit("crs: 486", "crs: 0x1e6"),
     [f"{DRAW}:10:6: crs: '0x1e6' is not a plain decimal number (YAML 1.1 would read it as 486) "
      f"(expected {DECIMAL})"]),
    ("yes is not true", edit("crs: 486", "crs: yes"),
     [f"{DRAW}:10: crs: 'yes' is not an integer (expected an integer from 0 to 1200)"]),
    ("a plain << (YAML's merge key) as a value", edit("crs: 486", "crs: <<"),
     [f"{DRAW}:10: crs: '<<' is not an integer (expected an integer from 0 to 1200)"]),
    ("a plain = (YAML's value key) as a value", edit("crs: 486", "crs: ="),
     [f"{DRAW}:10: crs: '=' is not an integer (expected an integer from 0 to 1200)"]),
    ("a float", edit("crs: 486", "crs: .inf"),
     [f"{DRAW}:10: crs: inf is not an integer (expected an integer from 0 to 1200)"]),
    # YAML tags.
    ("!!timestamp", edit("date: 2023-07-05", "date: !!timestamp 2023-07-05"),
     [f"{DRAW}:4:7: date: YAML tag tag:yaml.org,2002:timestamp is not allowed (expected a plain value)"]),
    ("!!python/object/apply", edit("name: STEM", "name: !!python/object/apply:os.system [echo]\nx: STEM"),
     [f"{DRAW}:6:7: name: YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed "
      "(expected a plain value)"]),
    ("!custom", edit("crs: 486", "crs: !custom 486"),
     [f"{DRAW}:10:6: crs: YAML tag !custom is not allowed (expected a plain value)"]),
    ("verbatim tag", edit("crs: 486", "crs: !<tag:yaml.org,2002:int> 486"),
     [f"{DRAW}:10:6: crs: YAML tag tag:yaml.org,2002:int is not allowed (expected a plain value)"]),
    ("tag on a mapping", edit("---\nA note", "pool: !!map {as_of: 2023-07-04}\n---\nA note"),
     [f"{DRAW}:14:7: pool: YAML tag tag:yaml.org,2002:map is not allowed (expected a plain value)"]),
    ("tag on a key", edit("crs: 486", "!!str crs: 486"),
     [f"{DRAW}:10:1: front matter: YAML tag tag:yaml.org,2002:str is not allowed (expected a plain value)"]),
    # Duplicate keys: an error, never last-wins.
    ("duplicate key", edit("crs: 486", "crs: 486\ncrs: 500"),
     [f"{DRAW}:11:1: crs: duplicate key (first on line 10) (expected each field once)"]),
    ("duplicate key with a space", edit("crs: 486", "crs: 486\ncrs : 500"),
     [f"{DRAW}:11:1: crs: duplicate key (first on line 10) (expected each field once)"]),
    ("duplicate key in quotes", edit("crs: 486", "crs: 486\n'crs': 500"),
     [f"{DRAW}:11:1: crs: duplicate key (first on line 10) (expected each field once)"]),
    ("duplicate key in a flow mapping", edit("---\nA note", "pool: {as_of: 2023-07-04, as_of: 2023-07-03}\n---\nA"),
     [f"{DRAW}:14:27: pool.as_of: duplicate key (first on line 14) (expected each field once)"]),
    ("duplicate nested key", edit("---\nA note", "pool:\n  total: 1\n  total: 2\n---\nA"),
     [f"{DRAW}:16:3: pool.total: duplicate key (first on line 15) (expected each field once)"]),
    # Anchors and aliases, refused at the first one: an alias bomb costs nothing.
    ("anchor", edit("crs: 486", "crs: &score 486"), [f"{DRAW}:10:6: crs: {ALIAS}"]),
    ("alias", edit("crs: 486", "crs: 486\nnotes: *x"), [f"{DRAW}:11:8: notes: {ALIAS}"]),
    ("alias bomb", ALIAS_BOMB, [f"{DRAW}:2:4: a: {ALIAS}"]),
    ("merge key", edit("crs: 486", "crs: 486\n<<: *base"), [f"{DRAW}:11:5: <<: {ALIAS}"]),
    # Nesting past a small depth, refused as the parser reads it, without recursion.
    ("nested 30,000 deep in flow style", "---\nround: " + "[" * 30_000 + "]" * 30_000 + "\n---\n",
     [f"{DRAW}:2:13: round.0.0.0.0.0: nested more than 6 levels deep (expected the shallow fields of the schema)"]),
    ("nested 100,000 deep in flow style", "---\nround: " + "[" * 100_000 + "]" * 100_000 + "\n---\n",
     [f"{DRAW}:1: file: 200,016 bytes long (expected a draw or category file of at most 97,000)"]),
    ("nested mappings in block style", "---\n" + "".join(" " * i + "a:\n" for i in range(300)) + "---\n",
     [f"{DRAW}:8:7: a.a.a.a.a.a: nested more than 6 levels deep (expected the shallow fields of the schema)"]),
    # Control characters, each reported on its own line; NUL; invalid UTF-8; a byte order mark.
    ("control character", edit("name: STEM", "name: ST\x07EM"),
     [f"{DRAW}:6:9: file: control character U+0007 {CONTROL}"]),
    ("control character in the body", edit("A note.", "A\n\nnote \x1b[2J."),
     [f"{DRAW}:17:6: file: control character U+001B {CONTROL}"]),
    ("NUL byte", edit("crs: 486", "crs: 4\x0086"), [f"{DRAW}:10:7: file: NUL byte (U+0000) {CONTROL}"]),
    ("control character as an escape", edit("name: STEM occupations (Version 1)", 'name: "STEM\\x07"'),
     [f"{DRAW}:6:7: name: control character U+0007, written as an escape "
      "(expected printable text, tabs and line ends only)"]),
    ("carriage return without a line feed", edit("crs: 486\n", "crs: 486\rcrs: 500\n"),
     [f"{DRAW}:10:9: file: carriage return without a line feed (U+000D) {CONTROL}"]),
    ("line separator", edit("name: STEM", "name: ST\u2028EM"),
     [f"{DRAW}:6:9: file: line separator (U+2028) {CONTROL}"]),
    ("bidirectional override", edit("A note.", "A \u202enote."),
     [f"{DRAW}:15:3: file: bidirectional control U+202E {CONTROL}"]),
    ("byte order mark", "\ufeff" + GOOD,
     [f"{DRAW}:1:1: file: byte order mark (U+FEFF) (expected UTF-8 without a byte order mark)"]),
    ("invalid UTF-8", edit("name: STEM", "name: ST\udcffEM").encode("utf-8", "surrogateescape"),
     [f"{DRAW}:6:9: file: not UTF-8 (invalid start byte at byte 84) (expected a UTF-8 text file)"]),
    ("UTF-16", GOOD.encode("utf-16"),
     [f"{DRAW}:1:1: file: not UTF-8 (invalid start byte at byte 0) (expected a UTF-8 text file)"]),
    # Empty, unclosed, missing.
    ("empty file", "", [f"{DRAW}:1: file: empty (expected front matter between two '---' lines, then notes)"]),
    ("blank file", "\n \n\t\n",
     [f"{DRAW}:1: file: empty (expected front matter between two '---' lines, then notes)"]),
    ("no closing ---", GOOD.split("---\nA note")[0],
     [f"{DRAW}:1: front matter: not closed (expected a second '---' line after the front matter)"]),
    ("no front matter", "round: 254\n",
     [f"{DRAW}:1: front matter: missing (expected the file to start with a '---' line)"]),
    ("front matter not a mapping", "---\n- 254\n---\n",
     [f"{DRAW}:2: front matter: not a mapping (expected 'field: value' lines)"]),
    ("an empty key", edit("crs: 486", "crs: 486\n? ''\n: 1"),
     [f"{DRAW}:11:3: front matter: the key '', which is not a plain name (expected 'field: value')"]),
    ("a key with a newline", edit("crs: 486", 'crs: 486\n"cr\\ns": 1'),
     [f"{DRAW}:11:1: front matter: the key 'cr\\ns', which is not a plain name (expected 'field: value')"]),
    ("a key with a zero-width space", edit("crs: 486", "cr\u200bs: 486"),
     [f"{DRAW}:10: cr\\u200bs: unknown field (expected one of: {', '.join(draw_fields())})",
      f"{DRAW}:1: crs: missing (expected an integer from 0 to 1200)"]),
    # Size limits: none can stall the build.
    ("front matter of 70,000 characters", edit("crs: 486", "crs: 486\nnotes: [" + "a" * 70_000 + "]"),
     [f"{DRAW}:2: front matter: 70,311 characters long (expected at most 64,000)"]),
    ("body of 40,000 characters", GOOD + "a" * 40_000,
     [f"{DRAW}:15: body: 40,008 characters long (expected notes of at most 32,000 characters)"]),
    ("file of a megabyte", GOOD + "a" * 1_000_000,
     [f"{DRAW}:1: file: 1,000,317 bytes long (expected a draw or category file of at most 97,000)"]),
    # Round, file and programs.
    ("round 91c", edit("round: 91a", "round: 91c", ROUND_91A),
     [f"{DRAW}:2: round: '91c' is not a round number (expected a round number from 1 to 99999, or 91a/91b)"]),
    ("round 254a", edit("round: 254", "round: 254a"),
     [f"{DRAW}:2: round: '254a' is not a round number (expected a round number from 1 to 99999, or 91a/91b)"]),
    ("round in another file", edit("round: 254", "round: 255"),
     [f"{DRAW}:2: round: round 255 of 2023-07-05 is filed as {DRAW} (expected the file content/draws/2023/255.md)"]),
    ("date in another year", edit("date: 2023-07-05", "date: 2024-07-05"),
     [f"{DRAW}:5: time: 2023-07-05T13:38:22Z is 366 days from the draw (2024-07-05) "
      "(expected a round time within 31 days of the draw date)",
      f"{DRAW}:2: round: round 254 of 2024-07-05 is filed as {DRAW} (expected the file content/draws/2024/254.md)"]),
    ("programs: []", edit("programs: [FSW, CEC, FST]", "programs: []"),
     [f"{DRAW}:12: programs: an empty list (expected a list, each one of: CEC, FSW, FST, PNP; at least 1)"]),
    # Bodies that would stall or crash Python-Markdown.
    ("30,000 nested brackets", GOOD + "[" * 30_000,
     [f"{DRAW}:16: body: more than 16 '[' open at once (the first unclosed on line 16) "
      "(expected at most 16 '[' and 16 '(' open at once in a paragraph)"]),
    ("a list nested 100 deep by tabs", GOOD + "".join("\t" * i + "- a\n" for i in range(100)),
     [f"{DRAW}:24: body: nested 9 levels deep "
      "(expected lists, block quotes and 4-space indentation nested at most 8 levels)"]),
    ("list markers 1,000 deep on one line", GOOD + "-   " * 1000 + "\n",
     [f"{DRAW}:16: body: nested 1000 levels deep "
      "(expected lists, block quotes and 4-space indentation nested at most 8 levels)"]),
    ("block quotes 1,000 deep", GOOD + ">" * 1000 + " a\n",
     [f"{DRAW}:16: body: nested 1000 levels deep "
      "(expected lists, block quotes and 4-space indentation nested at most 8 levels)"]),
    ("5,000 headings without a blank line", GOOD + "a\n=\n" * 5000,
     [f"{DRAW}:215: body: more than 200 lines without a blank line "
      "(expected paragraphs and lists of at most 200 lines, separated by blank lines)"]),
    ("'``a`' 7,000 times", GOOD + "``a`" * 7_000,
     [f"{DRAW}:16: body: more than 32 runs of '`' in a paragraph (expected at most 16 code spans in a paragraph)"]),
    ("')' closes no '['", GOOD + "[)" * 15_000,
     [f"{DRAW}:16: body: more than 16 '[' open at once (the first unclosed on line 16) "
      "(expected at most 16 '[' and 16 '(' open at once in a paragraph)"]),
    ("10,000 unclosed HTML tags", GOOD + "<a " * 10_000,
     [f"{DRAW}:16: body: more than 200 HTML tags "
      "(expected at most 200 '<' starting an HTML tag, comment or <https://…> link in a note)"]),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in DRAW_CASES], ids=[c[0] for c in DRAW_CASES])
def test_each_hostile_draw_file_gets_one_exact_line(project, text, expected):
    write(project, {DRAW: text})
    assert problems(project) == expected


def test_the_good_draw_is_good(project):
    write(project, {DRAW: GOOD, "content/draws/2018/091a.md": ROUND_91A})
    assert problems(project) == []


def test_the_builder_never_recurses_even_past_the_size_limits():
    """parse_yaml itself, given 100,000 levels in flow and block style, stops at the depth limit."""
    for text in ("round: " + "[" * 100_000, "round: " + "{a: " * 100_000, "x:\n" + "- " * 100_000 + "a\n"):
        with pytest.raises(Refused) as refused:
            parse_yaml(text)
        assert refused.value.problem == "nested more than 6 levels deep"


class _StrictLibyaml(source.FAST_LOADER):  # type: ignore[name-defined,misc]
    """A libyaml with limits of its own, as a future release may have: it refuses every file its own way."""

    def get_event(self):
        raise source.yaml.YAMLError("libyaml 9.9: some limit of its own")


DEEP_AND_BROKEN = ["round: " + "[" * 30_000 + "]" * 30_000, "round: " + "{a: " * 2_000, "x:\n" + "- " * 1_000 + "a\n",
                   "crs: [486\nround: 1", "a: 1\na: 2", "round: &x 1"]


@pytest.mark.parametrize("loader", ["libyaml as installed", "pure Python", "a stricter libyaml"])
def test_messages_do_not_depend_on_the_installed_libyaml(monkeypatch, loader):
    """PyYAML 6.0.4's libyaml stops deep flow nesting with its own words; ours come whatever it does."""
    def messages():
        found = []
        for text in DEEP_AND_BROKEN:
            with pytest.raises(Refused) as refused:
                parse_yaml(text)
            found.append((refused.value.line, refused.value.column, refused.value.field, refused.value.problem))
        return found

    reference = messages() if loader == "libyaml as installed" else None
    fast = {"libyaml as installed": source.FAST_LOADER, "pure Python": source.yaml.SafeLoader,
            "a stricter libyaml": _StrictLibyaml}[loader]
    monkeypatch.setattr(source, "FAST_LOADER", fast)
    found = messages()
    assert parse_yaml("round: 1\ncrs: [486]")[0] == {"round": 1, "crs": [486]}
    monkeypatch.undo()
    assert found == (reference or messages())
    assert found[0] == (2, 13, "round.0.0.0.0.0", "nested more than 6 levels deep")
    assert found[1][2:] == ("round.a.a.a.a.a", "nested more than 6 levels deep")
    assert found[3][3] == "YAML syntax error: expected ',' or ']', but got ':'"


CATEGORY_CASES = [
    ("...md", f"content/categories/...md:1: file: the file name '...md' {SLUG}"),
    ("..md", f"content/categories/..md:1: file: the file name '..md' {SLUG}"),
    ("index.html.md", f"content/categories/index.html.md:1: file: the file name 'index.html.md' {SLUG}"),
    ("STEM.md", f"content/categories/STEM.md:1: file: the file name 'STEM.md' {SLUG}"),
    ("-stem.md", f"content/categories/-stem.md:1: file: the file name '-stem.md' {SLUG}"),
    ("a b.md", f"content/categories/a b.md:1: file: the file name 'a b.md' {SLUG}"),
    ("all.md", "content/categories/all.md:1: file: 'all' is taken by the site's own pages "
               "(expected a slug other than all, cnp, noc, tous)"),
    ("noc.md", "content/categories/noc.md:1: file: 'noc' is taken by the site's own pages "
               "(expected a slug other than all, cnp, noc, tous)"),
    ("sub/fst.md", "content/categories/sub/fst.md:1: file: in a subfolder of content/categories "
                   "(expected content/categories/<slug>.md)"),
]


@pytest.mark.parametrize("name, expected", CATEGORY_CASES, ids=[c[0] for c in CATEGORY_CASES])
def test_category_slugs_cannot_escape_or_collide(project, name, expected):
    fresh = FST.replace("Federal Skilled Trades", "Something else")
    write(project, {f"content/categories/{name}": fresh})
    assert problems(project) == [expected]


NAME_CASES = [
    ("2 54.md", "content/draws/2023/2 54.md"),
    ("25\n4.md", "content/draws/2023/25\\n4.md"),
    ("254\r.md", "content/draws/2023/254\\r.md"),
    ("2\u202e54.md", "content/draws/2023/2\\u202e54.md"),
    ("ドロー.md", "content/draws/2023/ドロー.md"),
    ("x" * 250 + ".md", "content/draws/2023/" + "x" * 250 + ".md"),
    (".254.md", "content/draws/2023/.254.md"),
]


@pytest.mark.parametrize("name, shown", NAME_CASES, ids=[repr(c[0])[:20] for c in NAME_CASES])
def test_odd_file_names_are_named_on_one_line(project, name, shown):
    write(project, {f"content/draws/2023/{name}": GOOD})
    assert problems(project) == [f"{shown}:2: round: round 254 of 2023-07-05 is filed as {shown} "
                                 f"(expected the file {DRAW})"]


def test_a_file_name_that_is_not_utf8_is_named_with_its_byte(project):
    folder = project / "content" / "draws" / "2023"
    folder.mkdir(parents=True)
    descriptor = os.open(os.fsencode(folder) + b"/25\xff.md", os.O_WRONLY | os.O_CREAT, 0o644)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(GOOD.encode())
    shown = "content/draws/2023/25\\xff.md"
    assert problems(project) == [f"{shown}:2: round: round 254 of 2023-07-05 is filed as {shown} "
                                 f"(expected the file {DRAW})"]


LINK = "a symbolic link (expected a regular file or folder in the repository)"


@pytest.mark.parametrize("target", ["/etc/passwd", "/dev/zero", "/etc", "/nonexistent", "../2022/254.md"])
def test_symbolic_links_are_refused_and_never_followed(project, target):
    link = project / DRAW
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    assert problems(project) == [f"{DRAW}:1: file: {LINK}"]


def test_a_linked_folder_is_refused(project):
    (project / "content" / "draws" / "2023").symlink_to("/etc")
    assert problems(project) == [f"content/draws/2023:1: file: {LINK}"]


def test_content_draws_as_a_link_is_refused(project):
    os.rmdir(project / "content" / "draws")
    (project / "content" / "draws").symlink_to("/etc")
    assert problems(project) == ["content/draws:1: file: a symbolic link (expected a folder in the repository)"]


def test_folders_nested_1200_deep_are_refused_without_recursion(project):
    """os.walk recurses in Python 3.11; 1,200 nested folders ended check in RecursionError."""
    folder = project / "content" / "draws"
    for _ in range(1200):
        folder = folder / "d"
        os.mkdir(folder)
    (folder / "254.md").write_text(GOOD, encoding="utf-8")
    try:
        assert problems(project) == ["content/draws/d/d/d/d:1: file: a folder nested 4 deep "
                                     "(expected at most 3 levels of folders here)"]
    finally:  # pytest removes its temporary folders recursively, which 1,200 levels would overflow
        (folder / "254.md").unlink()
        while folder != project / "content" / "draws":
            os.rmdir(folder)
            folder = folder.parent


def test_content_draws_as_a_file_is_refused(project):
    os.rmdir(project / "content" / "draws")
    (project / "content" / "draws").write_text("", encoding="utf-8")
    assert problems(project) == ["content/draws:1: file: not a folder (expected a folder of Markdown files)"]


def test_a_folder_named_like_a_draw_is_refused(project):
    (project / DRAW).mkdir(parents=True)
    assert problems(project) == [f"{DRAW}:1: file: a folder (expected a Markdown text file, not a folder named like "
                                 "one)"]


def test_an_upper_case_extension_is_not_silently_skipped(project):
    write(project, {"content/draws/2023/254.MD": GOOD})
    assert problems(project) == ["content/draws/2023/254.MD:1: file: named '.MD', which is not read "
                                 "(expected a file name ending in .md, in lower case)"]


def test_a_fifo_is_refused_and_never_opened(project, monkeypatch):
    """Opening a FIFO for reading blocks until a writer comes: check must not even try."""
    fifo = project / DRAW
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    result: list[list[str]] = []
    worker = threading.Thread(target=lambda: result.append(problems(project)), daemon=True)
    worker.start()
    worker.join(10)
    assert result == [[f"{DRAW}:1: file: not a regular file (expected a Markdown text file)"]]
    assert str(fifo) not in opened


def test_a_fifo_that_slips_past_lstat_does_not_block(tmp_path):
    """read_path opens without waiting and checks fstat, in case a regular file became a FIFO."""
    fifo = tmp_path / "254.md"
    os.mkfifo(fifo)
    problem = contentfiles.read_path(fifo, "254.md")
    assert str(problem) == "254.md:1: file: not a regular file (expected a Markdown text file)"


BODIES = [
    "[" * 31_000, "![" * 15_000, "[a](" * 7_000, "\t" * 30 + "- a", "- " * 10_000 + "a", "-   " * 1000, ">" * 30_000,
    "".join("\t" * i + "- a\n" for i in range(250)), "a\n=\n" * 8000, "<a " * 10_000, "<![CDATA[ a>" * 2000,
    "``a`" * 8000, "[)" * 16_000,
]


@pytest.mark.parametrize("body", BODIES, ids=[repr(b[:12]) for b in BODIES])
def test_bodies_that_stall_or_crash_markdown_are_refused_and_render_as_text(body):
    """Markdown never sees them (how long it would take is for benchmarks/): the page shows their text as written."""
    assert body_problem(body) is not None
    html = render_markdown(body)
    assert set(re.findall(r"</?([a-z0-9]+)", html)) <= {"p", "br"}
    shown = unescape(re.sub(r"<[^>]*>", "", html))
    assert "".join(shown.split()) == "".join(body.split())


def test_real_notes_pass_the_body_check(real_archive):
    for item in (*real_archive.draws, *real_archive.categories):
        assert body_problem(item.body) is None, item.path


def test_notes_at_the_limits_render_quickly():
    """What body_problem lets through renders, at the full 32,000 characters."""
    at_limits = [
        "[" * 16 + "a" * 31_000,
        ("\n".join("    " * i + "- a" for i in range(8)) + "\n\n") * 900,
        ("\n".join(["a", "="] * 100) + "\n\n") * 75,
        "<abbr>a</abbr> " * 100 + "a " * 15_000,
        ("[" * 16 + "]" * 16) * 1000,
        ("`a` " * 16 + "a " * 300 + "\n\n") * 40,
        "_=" * 16_000,
    ]
    for body in at_limits:  # how long they take is for benchmarks/, not a test: machines differ
        assert body_problem(body) is None
        assert render_markdown(body).strip(), body[:40]


# `build.py check` as a contributor runs it: exit 1, no traceback, every line naming the file.
CLI_CASES = {
    "alias bomb": (ALIAS_BOMB, f"{DRAW}:2:4: a: {ALIAS}"),
    "NUL byte": (edit("crs: 486", "crs: 4\x0086"), f"{DRAW}:10:7: file: NUL byte (U+0000) {CONTROL}"),
    "deep nesting": ("---\nround: " + "[" * 30_000 + "\n---\n",
                     f"{DRAW}:2:13: round.0.0.0.0.0: nested more than 6 levels deep "
                     "(expected the shallow fields of the schema)"),
    "nested brackets": (GOOD + "[" * 30_000, f"{DRAW}:16: body: more than 16 '[' open at once (the first "
                        "unclosed on line 16) (expected at most 16 '[' and 16 '(' open at once in a paragraph)"),
    "hour 25": (edit("time: 2023-07-05T13:38:22Z", "time: 2023-07-05T25:38:22Z"),
                f"{DRAW}:5:7: time: '2023-07-05T25:38:22Z' is not a real time (hour must be in 0..23) "
                f"(expected {DATE})"),
}


@pytest.mark.parametrize("case", list(CLI_CASES))
def test_check_reports_one_line_and_exits_1(project, case):
    text, line = CLI_CASES[case]
    write(project, {DRAW: text})
    result = run_build("check", root=project)
    assert (result.returncode, result.stderr) == (1, f"{line}\ncheck: 1 problem found\n")
    assert "Traceback" not in result.stderr


def test_check_does_not_hang_on_a_fifo_or_a_link_to_dev_zero(project):
    folder = project / "content" / "draws" / "2023"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "254.md")
    (folder / "255.md").symlink_to("/dev/zero")
    write(project, {"content/draws/2023/25\n6.md": GOOD})
    result = run_build("check", root=project)  # a hang ends in run_build's timeout
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{DRAW}:1: file: not a regular file (expected a Markdown text file)",
        f"content/draws/2023/255.md:1: file: {LINK}",
        "content/draws/2023/25\\n6.md:2: round: round 254 of 2023-07-05 is filed as content/draws/2023/25\\n6.md "
        f"(expected the file {DRAW})",
        "check: 3 problems found",
    ]
