"""Trust at a glance: how current the archive is, unconfirmed rounds said plainly, subtotals a source
left out never added up, a 404 in each language, and print that keeps the addresses."""
from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import lxml.html
import pytest
from conftest import FIXTURES, REPO, run_build
from test_serve_hostile import call

from drawarchive.content.read import read_content

CHECKED = REPO / "content" / "checked.yml"
HTML_PAGES = ("index.html", "draws/index.html", "draws/441/index.html", "fr/index.html", "fr/tirages/441/index.html",
              "categories/cec/index.html", "years/2026/index.html", "404.html", "fr/404.html")


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def text(html: str) -> str:
    """What a reader reads of some HTML, its spaces collapsed (no-break spaces kept)."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for cell in root.iter("td", "th", "p", "li"):
        cell.tail = " " + (cell.tail or "")  # cells and paragraphs read apart
    return re.sub(r"[ \t\n]+", " ", root.text_content()).strip()


# ------------------------------------------------------------------ when IRCC's data was checked

def test_every_page_says_when_irccs_data_was_last_checked(built_site):
    recorded = read_content(REPO)[0].checked
    assert recorded is not None and recorded.on == date(2026, 8, 20) and recorded.latest_round == "437"
    for path in HTML_PAGES:
        footer = text(read(built_site, path).split('<footer class="site">')[1])
        said = ("IRCC's data checked on August 20, 2026: it holds rounds up to #437, and this archive has them all.",
                "Données d’IRCC vérifiées le 20 août 2026\u00a0: elles vont jusqu’à la ronde nº\u00a0437, et cette "
                "archive les contient toutes.")
        assert any(words in footer for words in said), (path, footer)


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/ircc-rounds.json"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def imported(project: Path) -> Path:
    assert run_build("import", str(FIXTURES / "ircc-rounds.json"), "--max-new", "1000", root=project).returncode == 0
    return project


def test_import_records_a_check_only_when_it_knows_the_day_of_the_data(imported, tmp_path):
    record = imported / "content" / "checked.yml"
    assert not record.exists()  # a file of unknown age is no check
    done = run_build("import", str(FIXTURES / "ircc-rounds.json"), "--fetched-on", "2026-08-20", root=imported)
    assert done.returncode == 0, done.stderr
    assert "checked: IRCC's data as of 2026-08-20 holds rounds up to 437" in done.stdout
    assert record.read_text() == CHECKED.read_text()  # the archive's own record was made so
    shutil.copy(FIXTURES / "ircc-rounds.json", tmp_path / "ircc-rounds.json")
    with serving(tmp_path) as address:
        done = run_build("import", address, root=imported)
    assert done.returncode == 0, done.stderr
    assert ("checked: IRCC's data as of " + date.today().isoformat() + " holds rounds up to 437, as on record since "
            "2026-08-20; nothing to record") in done.stdout
    assert record.read_text() == CHECKED.read_text()  # only the day would move: the sync's pull request doesn't
    shutil.copy(FIXTURES / "ircc-later-rounds.json", tmp_path / "ircc-rounds.json")
    with serving(tmp_path) as address:
        done = run_build("import", address, root=imported)
    assert done.returncode == 0, done.stderr
    values = dict(line.split(": ", 1) for line in record.read_text().splitlines()[1:])
    assert values == {"checked": date.today().isoformat(), "source": json.dumps(address), "latest_round": '"441"'}


@pytest.mark.parametrize("arguments, message", [
    (["--fetched-on", "2026-02-30"], "'2026-02-30' is not a day YYYY-MM-DD from 2015-01-01 to today"),
    (["--fetched-on", "2999-01-01"], "'2999-01-01' is not a day YYYY-MM-DD"),
    (["--fetched-on", "yesterday"], "'yesterday' is not a day YYYY-MM-DD"),
    (["http://127.0.0.1:9/x.json", "--fetched-on", "2026-08-20"], "--fetched-on: only for a file"),
])
def test_a_wrong_fetch_day_is_refused_before_anything_changes(project, arguments, message):
    if not arguments[0].startswith("http"):
        arguments = [str(FIXTURES / "ircc-rounds.json"), *arguments]
    done = run_build("import", *arguments, root=project)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not list((project / "content" / "draws").rglob("*.md"))


@pytest.mark.parametrize("body, where", [
    ('checked: 2026-08-20\nsource: "x.json"\nlatest_round: "437"\nextra: 1\n', "content/checked.yml:4: extra"),
    ('checked: 2099-08-20\nsource: "x.json"\nlatest_round: "437"\n', "content/checked.yml:1: checked"),
    ('checked: 2026-08-20\nsource: "x.json"\nlatest_round: "#437"\n', "content/checked.yml:3: latest_round"),
    ('checked: 2026-08-20\nsource: "x.json"\nlatest_round: "0437"\n', "content/checked.yml:3: latest_round"),
    ("checked: [\n", "content/checked.yml:"),
    ("# " + "x" * 5_000_000 + "\n", "content/checked.yml:1: file: 5,000,003 bytes long (expected a YAML file"),
])
def test_check_reads_the_record_of_the_last_check(imported, body, where):
    (imported / "content" / "checked.yml").write_text(body)
    done = run_build("check", root=imported)
    assert done.returncode == 1 and where in done.stdout + done.stderr, done.stdout + done.stderr


def test_a_check_date_never_goes_back_nor_before_the_datas_newest_round(imported):
    record = imported / "content" / "checked.yml"
    source = str(FIXTURES / "ircc-rounds.json")
    early = run_build("import", source, "--fetched-on", "2015-01-02", root=imported)
    assert (early.returncode, early.stdout) == (1, "")
    assert early.stderr == ("import: --fetched-on 2015-01-02: before the newest round in the data, of 2026-08-19 "
                            "(expected the day the file was fetched from IRCC, on or after that); nothing changed\n")
    assert not record.exists()
    assert run_build("import", source, "--fetched-on", "2026-09-01", root=imported).returncode == 0
    kept = record.read_bytes()
    older = run_build("import", source, "--fetched-on", "2026-08-20", root=imported)
    assert older.returncode == 0, older.stderr
    assert "checked: the record of 2026-09-01 is kept, being later than 2026-08-20" in older.stdout
    assert record.read_bytes() == kept


STATING_A_LATEST = ["index.html", "categories/cec/index.html", "draws/index.html", "draws/254/index.html",
                    "years/2026/index.html", "fr/index.html", "fr/categories/cec/index.html", "fr/tirages/index.html",
                    "fr/tirages/254/index.html", "fr/annees/2026/index.html"]


@pytest.mark.parametrize("path", STATING_A_LATEST)
def test_every_page_stating_a_latest_draw_can_warn_the_archive_may_be_behind(built_site, path):
    """The warning waits for the reader's day (scripts); without scripts, the day IRCC's data was last checked.
    The build's own day is never given: it would read as the data's."""
    html = read(built_site, path)
    behind = re.search(r'<p class="behind" data-since="2026-10-01" data-longest-gap="(\d+)" hidden>(.*?)</p>', html)
    assert behind and behind[1] == "25", "the longest gap between draws in the year up to 2026-10-01 is 25 days"
    assert ("The archive may be behind; check" in behind[2] or "L’archive est peut-être en retard" in behind[2])
    assert 'href="https://www.canada.ca/' in behind[2]
    checked = re.search(r'<noscript><p class="checked-note">(.*?)</p></noscript>', html)
    assert checked and '<time datetime="2026-08-20">' in checked[1]
    assert "static/ago.js" in html
    assert date.today().isoformat() not in html and "was built" not in html and "construite" not in html


def test_a_finished_year_states_no_latest_and_gives_no_warning(built_site):
    assert 'class="behind"' not in read(built_site, "years/2025/index.html")


@pytest.mark.parametrize("today, shown", [("2026-10-20", False), ("2026-10-27", True), ("2026-12-03", True)])
@pytest.mark.parametrize("path", ["", "fr/", "categories/cec/", "fr/categories/cec/", "draws/", "draws/254/",
                                  "fr/annees/2026/"])
def test_the_may_be_behind_notice_shows_once_the_silence_is_longer_than_any_gap(page, served_site, today, shown,
                                                                                 path):
    page.clock.set_fixed_time(f"{today}T12:00:00")
    page.goto(served_site.url(path))
    page.wait_for_load_state("load")
    assert page.locator("p.behind").is_visible() is shown
    if shown:
        words = "L’archive est peut-être en retard" if path.startswith("fr/") else "The archive may be behind"
        assert words in page.locator("p.behind").inner_text()


# ------------------------------------------------------------------ unconfirmed rounds

@pytest.mark.parametrize("path", ["draws/index.html", "categories/cec/index.html", "years/2026/index.html",
                                  "categories/index.html", "index.html", "fr/tirages/index.html"])
def test_wherever_a_badge_appears_a_legend_explains_it(built_site, path):
    html = read(built_site, path)
    assert html.count('<span class="status-mark" tabindex="0">') >= 2  # a badge, and the legend's own
    legend = re.search(r'<p class="legend">(.*?)</p>', html, re.S)
    assert legend and any(words in text(legend[1]) for words in ("IRCC's data does not list yet",
                                                                  "ne comptent pas encore"))
    assert "reported</span>" not in html and "rapportée</span>" not in html


def test_the_badge_explains_itself_on_focus_and_hover(page, served_site):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(served_site.url("years/2026/"))
    badge = page.locator("table.draws .status-mark").first
    tip = badge.locator(".tip")
    assert badge.inner_text().startswith("unconfirmed") and not tip.is_visible()
    badge.focus()
    assert tip.is_visible() and "not yet in IRCC's data" in tip.inner_text()
    box = tip.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390  # readable on a phone
    badge.blur()
    assert not tip.is_visible()
    badge.hover()
    assert tip.is_visible()


def test_totals_count_the_unconfirmed_rounds_and_a_partial_year_says_so(built_site):
    year = text(read(built_site, "years/2026/index.html").split('<p class="lede">')[1].split("</p>")[0])
    assert year == ("59 draws (10 of them unconfirmed) and 135,215 invitations (15,350 of them in unconfirmed rounds) "
                    "in 2026 so far: the year is not over.")
    french = text(read(built_site, "fr/annees/2026/index.html").split('<p class="lede">')[1].split("</p>")[0])
    assert french.startswith("59 tirages (dont 10 non confirmés) et 135")
    finished = text(read(built_site, "years/2025/index.html").split('<p class="lede">')[1].split("</p>")[0])
    assert "so far" not in finished and "unconfirmed" not in finished
    years = text(read(built_site, "years/index.html"))
    assert "2026 (so far) 59 (10 unconfirmed)" in years and "2025 (so far)" not in years
    home = text(read(built_site, "index.html").split('<p class="lede">')[1].split("</p>")[0])
    assert "448 draws (10 of them unconfirmed)" in home


# ------------------------------------------------------------------ a subtotal left out stays out

def without_subtotals(project: Path) -> Path:
    """#441 as a copy of IRCC's JSON first gave it: the pool's sub-bands without IRCC's 451-500 and 401-450."""
    draw = project / "content/draws/2026/441.md"
    draw.parent.mkdir(parents=True, exist_ok=True)
    text = (REPO / "content/draws/2026/441.md").read_text()
    draw.write_text(re.sub(r"    (451-500|401-450): \d+\n", "", text))
    return draw


def test_a_subtotal_the_source_left_out_is_never_shown_as_a_sum(project):
    without_subtotals(project)
    shutil.copytree(REPO / "static", project / "static")
    assert run_build(root=project).returncode == 0
    draw = read(project / "site", "draws/441/index.html")
    pool = text(draw.split('<table class="pool">')[1].split("</table>")[0])
    assert "451–500 not published" in pool and "401–450 not published" in pool and "74,105" not in draw
    assert "491–500 12,952" in pool and "Total 226,673" in pool
    record = json.loads(read(project / "site", "data/draws.json"))["draws"][0]
    assert "451-500" not in record["pool"]["bands"] and record["pool"]["bands"]["491-500"] == 12952
    row = next(csv.DictReader(io.StringIO(read(project / "site", "data/draws.csv"))))
    assert row["pool_451-500"] == "" and row["pool_491-500"] == "12952"


def test_check_still_adds_up_a_pool_whose_subtotals_are_left_out(project):
    draw = without_subtotals(project)
    draw.write_text(draw.read_text().replace("total: 226673", "total: 226674"))
    done = run_build("check", root=project)
    assert done.returncode == 1 and "content/draws/2026/441.md:15: pool.total: 226,674 is not the sum of the " \
                                      "bands (226,673)" in done.stdout + done.stderr, done.stdout + done.stderr


def test_the_third_searchs_subtotals_are_ircc_s_own_and_add_up(built_site):
    """#441's pool now carries IRCC's published 451-500 and 401-450, equal to the sums of their sub-bands."""
    record = next(d for d in json.loads(read(built_site, "data/draws.json"))["draws"] if d["round"] == "441")
    bands = record["pool"]["bands"]
    assert bands["451-500"] == 74105 == sum(bands[b] for b in ("491-500", "481-490", "471-480", "461-470", "451-460"))
    assert bands["401-450"] == 60413 == sum(bands[b] for b in ("441-450", "431-440", "421-430", "411-420", "401-410"))


# ------------------------------------------------------------------ 404 and print

@pytest.mark.parametrize("address, words", [
    ("/no/such/page/", ("Page not found", "The latest draw: #447, October 1, 2026.", 'href="/search/"')),
    ("/fr/pas/de/page/", ("Page introuvable", "Le dernier tirage\u00a0: nº\u00a0447", 'href="/fr/recherche/"')),
])
def test_the_404_page_comes_in_the_language_of_the_address(built_site, address, words):
    status, _, body = call(built_site, address)
    page = body.decode()
    assert status == 404
    for expected in words:
        assert expected in (text(page) if not expected.startswith("href") else page), expected
    assert 'href="/draws/447/"' in page or 'href="/fr/tirages/447/"' in page


def test_print_keeps_the_addresses_and_hides_the_forms(page, served_site):
    page.goto(served_site.url("draws/254/"))
    page.emulate_media(media="print")
    assert not page.locator("form.site-search").is_visible()
    address = page.locator(".print-address")
    assert address.is_visible() and "https://example.org/draws/254/" in address.inner_text()
    source = page.locator(".facts a[href^='https://www.canada.ca']").first
    after = source.evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://www.canada.ca/" in after
    page.emulate_media(media="screen")
    assert page.locator("form.site-search").is_visible() and not address.is_visible()


def test_tie_break_times_in_tables_say_utc(built_site):
    row = read(built_site, "draws/index.html").split('<tr data-draw="437">')[1].split("</tr>")[0]
    assert re.search(r"\d\d:\d\d UTC</time>", row), row


# ------------------------------------------------------------------ licences and citation

@pytest.mark.parametrize("path, licences, citation", [
    ("data/index.html", ('href="https://open.canada.ca/en/open-government-licence-canada" hreflang="en"',
                         'href="https://creativecommons.org/licenses/by/4.0/" hreflang="en"'),
     "Express Entry Draw Archive, https://example.org/, data as of October 1, 2026. Contains information licensed "
     "under the Open Government Licence – Canada."),
    ("fr/donnees/index.html", ('href="https://ouvert.canada.ca/fr/licence-du-gouvernement-ouvert-canada" hreflang="fr"',
                               'href="https://creativecommons.org/licenses/by/4.0/deed.fr" hreflang="fr"'),
     "données au 1er octobre 2026. Contient des informations visées par la Licence du gouvernement ouvert – Canada."),
])
def test_the_data_page_gives_licences_a_citation_and_the_datas_date(built_site, path, licences, citation):
    html = read(built_site, path)
    for licence in licences:
        assert licence in html
    assert citation in text(html.split('<blockquote class="citation">')[1].split("</blockquote>")[0])
    as_of = text(html.split('<h2 id="as-of">')[1].split("<h2")[0])
    assert ("#447" in as_of and "#437" in as_of and "August 20, 2026" in as_of) or "20 août 2026" in as_of
    assert "content/categories" not in html  # no internal words for readers


def test_the_repository_and_the_package_declare_their_licences():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT AND OGL-Canada-2.0 AND CC-BY-4.0"
    for name in project["license-files"]:
        assert (REPO / name).is_file(), name
    assert (REPO / "LICENSE").read_text().startswith("MIT License")
    data = (REPO / "content" / "LICENSE.md").read_text()
    assert "Open Government Licence – Canada" in data and "CC BY 4.0" in data


def test_a_project_with_no_draws_and_no_check_yet_builds(project):
    """A new archive: no draws, and import never recorded a check. Nothing to date, so nothing is dated."""
    shutil.copytree(REPO / "static", project / "static")
    done = run_build(root=project)
    assert done.returncode == 0, done.stderr
    data = read(project / "site", "data/index.html")
    assert '<blockquote class="citation">' not in data and "last checked" not in data
