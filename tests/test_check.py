"""`build.py check`: every class of content error, reported as path:line: field: problem (expected)."""
from __future__ import annotations

from datetime import date

import pytest
from conftest import make_tree, run_build

from drawarchive.content.read import read_content

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


def today() -> date:
    return date(2026, 11, 21)


def problems_for(project, files: dict[str, str]) -> list[str]:
    make_tree(project, files)
    _, problems = read_content(project, today)
    return [str(p) for p in problems]


def test_a_good_draw_has_no_problems(project):
    assert problems_for(project, {"content/draws/2023/254.md": GOOD}) == []


@pytest.mark.parametrize("old, new, message", [
    ("crs: 486", "crs: 1300",
     "content/draws/2023/254.md:10: crs: 1300 is too large (expected an integer from 0 to 1200)"),
    ("crs: 486", "crs: -1",
     "content/draws/2023/254.md:10: crs: -1 is too small (expected an integer from 0 to 1200)"),
    ("invitations: 500", "invitations: 0",
     "content/draws/2023/254.md:9: invitations: 0 is too small (expected an integer from 1 to 100,000)"),
    ("invitations: 500", 'invitations: "1,500"',
     "content/draws/2023/254.md:9: invitations: '1,500' is not an integer (expected an integer from 1 to 100,000)"),
    ("date: 2023-07-05", "date: 2014-12-31",
     "content/draws/2023/254.md:4: date: 2014-12-31 is before 2015-01-01 "
     "(expected a date YYYY-MM-DD from 2015-01-01 to 2026-11-21)"),
    ("date: 2023-07-05", "date: 2026-11-22",
     "content/draws/2023/254.md:4: date: 2026-11-22 is in the future "
     "(expected a date YYYY-MM-DD from 2015-01-01 to 2026-11-21)"),
    ("date: 2023-07-05", "date: July 5, 2023",
     "content/draws/2023/254.md:4: date: 'July 5, 2023' is not a date "
     "(expected a date YYYY-MM-DD from 2015-01-01 to 2026-11-21)"),
    ("time: 2023-07-05T13:38:22Z", "time: 2023-07-05T13:38:22-04:00",
     "content/draws/2023/254.md:5: time: 2023-07-05T13:38:22-04:00 is not in UTC "
     "(expected a UTC date-time such as 2023-06-28T13:38:22Z)"),
    ("tie_break: 2022-11-23T00:01:29Z", "tie_break: 2023-07-05T13:38:23Z",
     "content/draws/2023/254.md:11: tie_break: 2023-07-05T13:38:23Z is after the round (2023-07-05T13:38:22Z) "
     "(expected a tie-break at or before the round time)"),
    ("round: 254\n", "",
     "content/draws/2023/254.md:1: round: missing (expected a round number from 1 to 99999, or 91a/91b)"),
    ("round: 254", "round: 254b!",
     "content/draws/2023/254.md:2: round: '254b!' is not a round number (expected a round number from 1 to "
     "99999, or 91a/91b)"),
    ("category: stem", "category: science",
     "content/draws/2023/254.md:7: category: 'science' is unknown (expected one of: general, cec, fsw, fst, pnp, "
     "french, healthcare, stem, trades, transport, agriculture, education, physicians, senior-managers, "
     "military)"),
    ("list_version: 1", "list_version: 7",
     "content/draws/2023/254.md:8: list_version: stem has no list version 7 (expected one of: 1, 2)"),
    ("list_version: 1", "list_version: 2",
     "content/draws/2023/254.md:8: list_version: 'STEM occupations (Version 1)' implies version 1, not 2 "
     "(expected list_version: 1)"),
    ("name: STEM occupations (Version 1)", "name: STEM occupations",
     "content/draws/2023/254.md:6: name: 'STEM occupations' is not an official name of stem "
     "(expected one of the draw_names in content/categories/stem.md)"),
    ("programs: [FSW, CEC, FST]", "programs: [FSW, CEC, FSW]",
     "content/draws/2023/254.md:12: programs.2: 'FSW' is listed twice (expected each value once)"),
    ("programs: [FSW, CEC, FST]", "programs: [FSW, EE]",
     "content/draws/2023/254.md:12: programs.1: 'EE' is unknown (expected one of: CEC, FSW, FST, PNP)"),
    ('source: "https://www.canada.ca/en/express-entry-rounds/invitations.html?q=254"', "source: invitations.html",
     "content/draws/2023/254.md:13: source: 'invitations.html' is malformed (expected an absolute http(s) URL)"),
    ("crs: 486", "crs: 486\ncutoff: 486",
     "content/draws/2023/254.md:11: cutoff: unknown field (expected one of: round, status, date, time, name, "
     "category, list_version, invitations, crs, tie_break, programs, source, pool, data_notes, reported_by, "
     "reported_differences, corrections, notes)"),
    ("crs: 486", "crs: [486",
     "content/draws/2023/254.md:11:10: front matter: YAML syntax error: expected ',' or ']', but got ':' "
     "(expected valid YAML)"),
])
def test_each_class_of_draw_error(project, old, new, message):
    assert old in GOOD
    assert problems_for(project, {"content/draws/2023/254.md": GOOD.replace(old, new, 1)}) == [message]


def test_pool_bands_are_checked(project):
    pool = "pool:\n  as_of: 2023-07-04\n  total: 10\n  bands:\n    601-1200: -3\n"
    problems = problems_for(project, {"content/draws/2023/254.md": GOOD.replace("---\nA note", pool + "---\nA")})
    assert problems[0] == "content/draws/2023/254.md:17: pool.bands: 501-600 is missing (expected a mapping of " \
        "601-1200, 501-600, 451-500, 491-500, 481-490, 471-480, 461-470, 451-460, 401-450, 441-450, 431-440, " \
        "421-430, 411-420, 401-410, 351-400, 301-350, 0-300 (451-500, 401-450 optional))"
    assert problems[-1] == "content/draws/2023/254.md:18: pool.bands.601-1200: -3 is too small " \
        "(expected an integer from 0 to 10,000,000)"


def test_duplicate_round_numbers(project):
    later = GOOD.replace("2023-07-05", "2024-07-05").replace("2022-11-23", "2024-01-01")
    problems = problems_for(project, {"content/draws/2023/254.md": GOOD, "content/draws/2024/254.md": later})
    assert problems == ["content/draws/2024/254.md:2: round: 254 is also in content/draws/2023/254.md "
                        "(expected each round number once)"]


def test_missing_front_matter(project):
    assert problems_for(project, {"content/draws/2023/254.md": "round: 254\n"}) == [
        "content/draws/2023/254.md:1: front matter: missing (expected the file to start with a '---' line)"]


def test_every_problem_is_reported_at_once(project):
    bad = GOOD.replace("crs: 486", "crs: 1300").replace("invitations: 500", "invitations: 0")
    problems = problems_for(project, {"content/draws/2023/254.md": bad, "content/draws/2023/255.md": "---\n"})
    assert len(problems) == 2 + 1  # two fields, and an unclosed front matter


CATEGORY = """\
---
name: "Test occupations"
short_name: "Test"
kind: category
order: 99
description: A test.
draw_names:
  - name: "Test occupations (Version 1)"
    version: 1
versions:
  - version: 1
    occupations:
      - {noc: "21231", title: "Software engineers and designers"}
      - {noc: "2123", title: "Too short"}
      - {noc: 21232, title: "Not quoted"}
      - {noc: "21231", title: "Twice"}
---
"""


def test_occupation_codes_are_checked(project):
    problems = problems_for(project, {"content/categories/test.md": CATEGORY})
    assert problems == [
        "content/categories/test.md:14: versions.0.occupations.1.noc: '2123' is malformed "
        "(expected a 5-digit NOC 2021 code in quotes, such as \"21231\")",
        "content/categories/test.md:15: versions.0.occupations.2.noc: 21232 is not text "
        "(expected a 5-digit NOC 2021 code in quotes, such as \"21231\")",
        "content/categories/test.md:16: versions.0.occupations.3.noc: 21231 is listed twice "
        "(expected each NOC code once in a list)",
    ]


def test_a_draw_name_may_map_to_one_category_only(project):
    twin = CATEGORY.replace("Test occupations (Version 1)", "STEM occupations (Version 1)")
    twin = twin.replace('"2123"', '"21230"').replace('21232', '"21232"')
    twin = twin.replace('"21231", title: "Twice"', '"21233", title: "Web"')
    problems = problems_for(project, {"content/categories/test.md": twin})
    assert problems == ["content/categories/test.md:8: draw_names.0: 'STEM occupations (Version 1)' already maps "
                        "to stem (expected each official name in one category)"]


def test_check_passes_on_the_committed_content():
    result = run_build("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "check: 448 draws and 15 categories are valid\n"


def test_check_fails_with_the_report_and_no_traceback(project):
    make_tree(project, {"content/draws/2023/254.md": GOOD.replace("crs: 486", "crs: 1300")})
    result = run_build("check", root=project)
    assert result.returncode == 1
    assert result.stderr == ("content/draws/2023/254.md:10: crs: 1300 is too large "
                             "(expected an integer from 0 to 1200)\n"
                             "check: 1 problem found\n")


def test_the_readme_table_is_the_schema():
    from conftest import REPO

    from drawarchive.content.schema import fields_table

    assert fields_table() in (REPO / "README.md").read_text(encoding="utf-8")
