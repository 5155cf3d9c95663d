"""Every quirk of the official snapshot (tests/fixtures/ircc-rounds.json), read from the raw text in the file."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import REPO, raw_round

from drawarchive.authoring.ircc import RoundError, normalize_round, parse_count, parse_link, parse_time
from drawarchive.content.categories import read_categories
from drawarchive.languages.texts import ENGLISH, Texts
from drawarchive.languages.words import data_note
from drawarchive.model import Archive, DataNote
from drawarchive.model.fields import IRCC_KEYS


@pytest.fixture(scope="module")
def archive() -> Archive:
    categories, problems = read_categories(REPO)
    assert problems == []
    return Archive((), categories)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_numbers_with_commas(snapshot):
    raw = raw_round(snapshot, "437")
    assert raw["drawSize"] == "5,000" and parse_count(raw["drawSize"], "drawSize") == 5000
    assert raw["dd18"] == "226,859" and parse_count(raw["dd18"], "dd18") == 226859


def test_unreadable_number_names_field_and_text():
    with pytest.raises(RoundError) as error:
        parse_count("about 500", "drawSize")
    assert str(error.value) == "drawSize: cannot read 'about 500' (expected a whole number such as 5,000)"


@pytest.mark.parametrize("number, expected", [
    ("1", "https://www.canada.ca/en/immigration-refugees-citizenship/corporate/mandate/policies-operational-"
          "instructions-agreements/ministerial-instructions/express-entry-rounds/invitations-1.html"),
    ("437", "https://www.canada.ca/en/immigration-refugees-citizenship/corporate/mandate/policies-operational-"
            "instructions-agreements/ministerial-instructions/express-entry-rounds/invitations.html?q=437"),
])
def test_html_links_become_absolute_public_urls(snapshot, number, expected):
    raw = raw_round(snapshot, number)["drawNumberURL"]
    assert raw.startswith("<a href='/")
    assert parse_link(raw, "drawNumberURL") == expected


# (round, field, raw text exactly as in the snapshot, UTC instant)
TIMES = [
    ("437", "drawDateTime", "August 19th 2026 at 12:35:37 UTC", utc(2026, 8, 19, 12, 35, 37)),
    ("432", "drawCutOff", "July 3rd 2026 at 21:35:13 UTC", utc(2026, 7, 3, 21, 35, 13)),
    ("297", "drawDateTime", "May 31, 2024 at12:48:30 UTC", utc(2024, 5, 31, 12, 48, 30)),
    ("210", "drawCutOff", "June 22, 2021 at 20:19:59 PM UTC", utc(2021, 6, 22, 20, 19, 59)),
    ("270", "drawDateTime", "October 25, 2023 at 15:48:39 AM UTC", utc(2023, 10, 25, 15, 48, 39)),
    ("270", "drawCutOff", "September 30, 2023 at 04:22:17 AM UTC", utc(2023, 9, 30, 4, 22, 17)),
    ("208", "drawCutOff", "October 7 at 16:38:21 UTC", utc(2021, 10, 7, 16, 38, 21)),
    ("322", "drawCutOff", "March 02. 2024 at 01:58:34 UTC", utc(2024, 3, 2, 1, 58, 34)),
    ("333", "drawDateTime", "January 23, 2025 at 2025-01-23 15:30:04 UTC", utc(2025, 1, 23, 15, 30, 4)),
    ("422", "drawCutOff", "May 21, 2026 at  12:14:09 UTC", utc(2026, 5, 21, 12, 14, 9)),
    ("412", "drawCutOff", "April 13, 2026  at 23:10:05 UTC", utc(2026, 4, 13, 23, 10, 5)),
    ("82", "drawCutOff", " January 17, 2018 at 12:33:00 UTC", utc(2018, 1, 17, 12, 33, 0)),
    ("262", "drawCutOff", "July 04, 2023 at 19:36:18 UTC ", utc(2023, 7, 4, 19, 36, 18)),
    ("383", "drawCutOff", "March 05, 2025 at 05:10:48", utc(2025, 3, 5, 5, 10, 48)),
    ("247", "drawDateTime", "April 26,2023 18:10:04 UTC", utc(2023, 4, 26, 18, 10, 4)),
    ("242", "drawDateTime", "March 01, 2023, at 17:24:39 UTC", utc(2023, 3, 1, 17, 24, 39)),
    ("382", "drawCutOff", "May 26 2025 at 12:28:38 UTC", utc(2025, 5, 26, 12, 28, 38)),
    ("255", "drawDateTime", "July 06, 2023 14:25:05 UTC", utc(2023, 7, 6, 14, 25, 5)),
    ("395", "drawCutOff", "September 05, 2025 at 0:59:13 UTC", utc(2025, 9, 5, 0, 59, 13)),
    ("386", "drawCutOff", "October 18, 2025 at  7:18:52 UTC", utc(2025, 10, 18, 7, 18, 52)),
]


@pytest.mark.parametrize("number, field, text, expected", TIMES, ids=[f"{t[0]}-{t[1]}" for t in TIMES])
def test_every_date_time_format(snapshot, number, field, text, expected):
    raw = raw_round(snapshot, number)
    assert raw[field] == text, "the test must use the snapshot's own text"
    value, _ = parse_time(raw[field], field, date.fromisoformat(raw["drawDate"]), "round time")
    assert value == expected


def test_missing_year_takes_the_draws_year_and_says_so(snapshot, archive):
    facts = normalize_round(raw_round(snapshot, "208"), archive)
    assert facts["tie_break"] == utc(2021, 10, 7, 16, 38, 21)
    assert facts["data_notes"] == [{"kind": "no year", "field": "tie_break", "official": "October 7 at 16:38:21 UTC",
                                    "year": 2021}]
    note = DataNote(**facts["data_notes"][0])
    assert data_note(note, facts["date"], ENGLISH) == ("The official tie-break time ('October 7 at 16:38:21 UTC') "
                                                       "gives no year; the draw's year, 2021, is assumed.")


def test_unreadable_time_is_an_error_naming_the_text():
    with pytest.raises(RoundError) as error:
        parse_time("sometime in May", "drawDateTime", date(2024, 5, 1), "round time")
    assert str(error.value) == ("drawDateTime: cannot read 'sometime in May' "
                                "(expected a date and time such as 'August 19, 2026 at 12:35:37 UTC')")


def test_rounds_91a_and_91b(snapshot, archive):
    a = normalize_round(raw_round(snapshot, "91a"), archive)
    b = normalize_round(raw_round(snapshot, "91b"), archive)
    assert (a["round"], b["round"]) == ("91a", "91b")
    assert a["date"] == b["date"] == date(2018, 5, 30)
    assert a["category"] == "fst"


def test_no_tie_break_before_77(snapshot, archive):
    assert raw_round(snapshot, "76")["drawCutOff"] == ""
    assert "tie_break" not in normalize_round(raw_round(snapshot, "76"), archive)
    assert normalize_round(raw_round(snapshot, "77"), archive)["tie_break"].year == 2017


@pytest.mark.parametrize("number", ["1", "213", "223", "224", "226", "227"])
def test_all_zero_distributions_are_left_out(snapshot, archive, number):
    assert {raw_round(snapshot, number)[f"dd{i}"] for i in range(1, 19)} == {"0"}
    assert "pool" not in normalize_round(raw_round(snapshot, number), archive)


def test_pool_distribution_bands(snapshot, archive):
    pool = normalize_round(raw_round(snapshot, "437"), archive)["pool"]
    assert pool["as_of"] == date(2026, 8, 16)
    assert pool["total"] == 226859
    assert list(pool["bands"].items())[:4] == [("601-1200", 439), ("501-600", 18657), ("451-500", 73554),
                                               ("491-500", 12915)]
    assert pool["bands"]["0-300"] == 7709


def test_inconsistent_subtotal_is_kept_and_noted(snapshot, archive):
    facts = normalize_round(raw_round(snapshot, "247"), archive)
    assert facts["pool"]["bands"]["451-500"] == 55867
    assert facts["data_notes"] == [{"kind": "subtotal", "band": "451-500", "published": 55867, "sum": 55687}]
    assert data_note(DataNote(**facts["data_notes"][0]), facts["date"], ENGLISH) == (
        "The 451–500 subtotal (55,867) is not the sum of its five bands (55,687).")


def test_round_time_on_another_day_is_kept_and_noted(snapshot, archive):
    facts = normalize_round(raw_round(snapshot, "357"), archive)
    assert facts["date"] == date(2025, 7, 22)
    assert facts["time"] == utc(2025, 7, 12, 16, 27, 45)
    assert facts["data_notes"] == [{"kind": "time and date", "official": "July 12, 2025 at 16:27:45 UTC",
                                    "days": -10}]
    note = DataNote(**facts["data_notes"][0])
    assert data_note(note, facts["date"], ENGLISH) == ("The official round time (July 12, 2025 at 16:27:45 UTC) is "
                                                       "10 days before the draw date, July 22, 2025.")
    assert data_note(note, facts["date"], Texts("fr")) == (
        "L’heure officielle de la ronde (\u00ab\u00a0July 12, 2025 at 16:27:45 UTC\u00a0\u00bb) tombe 10 jours "
        "avant la date du tirage, le 22 juillet 2025.")  # IRCC's own words, quoted (marked as English on the page)


def test_eleven_rounds_have_a_round_time_on_another_day(snapshot, archive):
    noted = [r["drawNumber"] for r in snapshot
             if any(n["kind"] == "time and date" for n in normalize_round(r, archive).get("data_notes", []))]
    assert sorted(noted, key=int) == ["7", "8", "9", "11", "13", "104", "108", "139", "146", "148", "357"]


@pytest.mark.parametrize("number, name, category, version", [
    ("1", "No Program Specified", "general", None),
    ("272", "General", "general", None),
    ("254", "STEM occupations (Version 1)", "stem", 1),
    ("357", "Healthcare and social services occupations (Version 2)", "healthcare", 2),
    ("437", "French-Language proficiency 2026-Version 2", "french", 2),
])
def test_draw_names_map_through_content(snapshot, archive, number, name, category, version):
    facts = normalize_round(raw_round(snapshot, number), archive)
    assert (facts["name"], facts["category"], facts.get("list_version")) == (name, category, version)


def test_programs_are_read_from_the_text(snapshot, archive):
    assert normalize_round(raw_round(snapshot, "1"), archive)["programs"] == ["FSW", "CEC", "FST", "PNP"]
    assert normalize_round(raw_round(snapshot, "437"), archive)["programs"] == ["FSW", "CEC", "FST"]
    assert normalize_round(raw_round(snapshot, "214"), archive)["programs"] == ["PNP"]


def test_unknown_draw_name_is_an_error(snapshot, archive):
    raw = dict(raw_round(snapshot, "437"), drawName="Researchers, 2026-Version 1")
    with pytest.raises(RoundError) as error:
        normalize_round(raw, archive)
    assert str(error.value) == ("drawName: cannot read 'Researchers, 2026-Version 1' "
                                "(expected a draw name listed in content/categories/*.md)")


def test_the_keys_import_expects_are_those_of_irccs_rounds_and_each_missing_one_is_named(snapshot, archive):
    """The keys are declared once, with the fields (model/fields.py); IRCC's real rounds carry each of them,
    and a round without one is refused by its name, not with a KeyError."""
    expected = set(IRCC_KEYS)
    assert all(expected <= set(raw) for raw in snapshot)
    assert {"drawNumber", "drawDate", "drawCRS", "dd18"} <= expected  # the declarations are where keys come from
    latest = raw_round(snapshot, "437")
    for key in IRCC_KEYS:
        with pytest.raises(RoundError) as error:
            normalize_round({k: v for k, v in latest.items() if k != key}, archive)
        assert str(error.value) == f"{key}: missing (expected a string, as IRCC writes every value)"
