"""The search page in a real browser: exact matches first (a round, a date or a month, an official round name,
a category, a NOC code or an occupation's title), then Pagefind's full text, in one list, each address once."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from browser_support import BASE_URL, REPO, horizontal_overflow, open_page, serve

from drawarchive.config import load_config
from drawarchive.pipeline.site import build_site

PHONE = {"width": 390, "height": 844}
NOTE_WORD = "Ottawa"  # only in the body people wrote for round 274 (content/draws/2023/274.md)


def results(page, path: str) -> list[tuple[str, str, str, str]]:
    """The list a query in the address gives, once every part of it is in: (address, title, line, how found)."""
    page.goto(path)
    page.wait_for_selector("#search[data-state='done']", timeout=15_000)
    found = page.eval_on_selector_all(".search-results li", "items => items.map(li => [li.querySelector('a')"
                                      ".getAttribute('href'), li.querySelector('a').textContent, li.querySelector("
                                      "'.search-line').textContent, li.dataset.found])")
    addresses = [item[0] for item in found]
    assert len(set(addresses)) == len(addresses), f"an address twice: {addresses}"
    kinds = [item[3] for item in found]
    assert kinds == sorted(kinds, key=["exact", "full text"].index), f"exact matches come first: {kinds}"
    return [tuple(item) for item in found]


def addresses(page, path: str) -> list[str]:
    return [item[0] for item in results(page, path)]


def month(archive, year: int, number: int, prefix: str) -> list[str]:
    return [f"{prefix}{d.label}/" for d in archive.draws if (d.date.year, d.date.month) == (year, number)]


def newest_named(archive, name: str, prefix: str) -> str:
    return f"{prefix}{[d for d in archive.draws if d.name == name][-1].label}/"


ENGLISH = [
    ("254", "/draws/254/"), ("%23254", "/draws/254/"), ("91a", "/draws/91a/"), ("2023-07-05", "/draws/254/"),
    ("July 5, 2023", "/draws/254/"), ("Oct 1, 2026", "/draws/447/"), ("STEM", "/categories/stem/"),
    ("CEC", "/categories/cec/"), ("Canadian Experience Class", "/categories/cec/"),
    ("21231", "/occupations/noc/21231/"), ("NOC 21231", "/occupations/noc/21231/"),
    ("software engineers", "/occupations/noc/21231/"), ("2023", "/years/2023/"),
]
FRENCH = [
    ("254", "/fr/tirages/254/"), ("%23254", "/fr/tirages/254/"), ("nº 254", "/fr/tirages/254/"),
    ("no 254", "/fr/tirages/254/"), ("91a", "/fr/tirages/91a/"), ("2023-07-05", "/fr/tirages/254/"),
    ("5 juillet 2023", "/fr/tirages/254/"), ("1er octobre 2026", "/fr/tirages/447/"),
    ("STIM", "/fr/categories/stem/"), ("Professions des STIM", "/fr/categories/stem/"),
    ("21231", "/fr/professions/cnp/21231/"), ("CNP 21231", "/fr/professions/cnp/21231/"),
    ("ingénieurs en logiciel", "/fr/professions/cnp/21231/"), ("Ingenieurs en LOGICIEL", "/fr/professions/cnp/21231/"),
]


@pytest.mark.parametrize("query, expected", ENGLISH)
def test_an_english_query_finds_its_page_first(browser, served_site, query, expected):
    with open_page(browser) as page:
        found = results(page, served_site.url(f"search/?q={query}"))
        assert found[0][0] == expected and found[0][3] == "exact", found[:3]


@pytest.mark.parametrize("query, expected", FRENCH)
def test_a_french_query_finds_its_french_page_first(browser, served_site, query, expected):
    with open_page(browser) as page:
        found = results(page, served_site.url(f"fr/recherche/?q={query}"))
        assert found[0][0] == expected and found[0][3] == "exact", found[:3]
        assert all(address.startswith("/fr/") for address, *_ in found)


@pytest.mark.parametrize("path, prefix", [("search/?q=July 2023", "/draws/"), ("search/?q=2023-07", "/draws/"),
                                          ("fr/recherche/?q=juillet 2023", "/fr/tirages/"),
                                          ("fr/recherche/?q=juill. 2023", "/fr/tirages/")])
def test_a_month_lists_its_rounds_in_date_order(browser, served_site, real_archive, path, prefix):
    expected = month(real_archive, 2023, 7, prefix)
    with open_page(browser) as page:
        found = addresses(page, served_site.url(path))
    assert len(expected) == 6 and found[:len(expected)] == expected


@pytest.mark.parametrize("path, name, prefix", [
    ("search/?q=social services occupations (Version 2)", "Healthcare and social services occupations (Version 2)",
     "/draws/"),
    ("search/?q=healthcare and social services occupations (version 2)",
     "Healthcare and social services occupations (Version 2)", "/draws/"),
    ("fr/recherche/?q=santé et des services sociaux (Version 2)",
     "Professions de la santé et des services sociaux (Version 2)", "/fr/tirages/"),
])
def test_part_of_an_official_round_name_finds_its_newest_round(browser, served_site, real_archive, path, name, prefix):
    from drawarchive.languages.localize import localize

    archive = localize(real_archive, "fr" if prefix.startswith("/fr/") else "en")
    with open_page(browser) as page:
        found = addresses(page, served_site.url(path))
    named = [f"{prefix}{d.label}/" for d in reversed(archive.draws) if d.name == name]
    assert found[0] == newest_named(archive, name, prefix) and found[:len(named)] == named


@pytest.mark.parametrize("path, title", [
    ("search/?q=254", "Express Entry draw #254, July 5, 2023: STEM occupations"),
    ("fr/recherche/?q=254", "Tirage d’Entrée express nº\u00a0254, 5 juillet 2023\u00a0: Professions des STIM"),
    ("fr/recherche/?q=447", "Tirage d’Entrée express nº\u00a0447, 1er octobre 2026\u00a0: Métiers"),
])
def test_a_draw_is_listed_by_its_pages_title_with_date_category_and_cut_off(browser, served_site, path, title):
    with open_page(browser) as page:
        address, shown, line, _ = results(page, served_site.url(path))[0]
        page.goto(served_site.url(address))
        assert page.title().startswith(shown + " · ") and shown == title
    assert line in ("July 5, 2023 · STEM · CRS cut-off 486", "5 juillet 2023 · STIM · seuil SCG de 486",
                    "1er octobre 2026 · Métiers · seuil SCG de 476 · non confirmé")


def test_exact_matches_precede_full_text_ones(browser, served_site):
    with open_page(browser) as page:
        found = results(page, served_site.url("search/?q=STEM"))
    kinds = [how for *_, how in found]
    assert kinds[:4] == ["exact"] * 4 and "full text" in kinds  # results() holds the order
    assert [address for address, *_ in found[:4]] == ["/categories/stem/", "/draws/293/", "/draws/274/", "/draws/254/"]


@pytest.mark.parametrize("path, expected", [("search/?q=" + NOTE_WORD, "/draws/274/"),
                                            ("fr/recherche/?q=" + NOTE_WORD, "/fr/tirages/274/")])
def test_a_word_only_people_wrote_finds_the_draw_it_is_about(browser, served_site, path, expected):
    """Found in the draw's record of people's words: no page the generator wrote says it."""
    elsewhere = [p for p in served_site.pages if p not in ("draws/274/", "fr/tirages/274/")
                 and NOTE_WORD in (served_site.root / (p + "index.html" if p.endswith("/") or not p else p))
                 .read_text(encoding="utf-8")]
    assert elsewhere == []
    with open_page(browser) as page:
        found = results(page, served_site.url(path))
        assert [(address, how) for address, _, _, how in found] == [(expected, "full text")]
        assert page.inner_text(".search-line mark") == NOTE_WORD


@pytest.mark.parametrize("start, query, expected", [("categories/", "254", "/draws/254/"),
                                                    ("fr/categories/", "5 juillet 2023", "/fr/tirages/254/")])
def test_the_header_box_sends_the_query_to_the_search_page(browser, served_site, start, query, expected):
    with open_page(browser) as page:
        page.goto(served_site.url(start))
        page.fill("#site-search-q", query)
        page.press("#site-search-q", "Enter")
        page.wait_for_selector("#search[data-state='done']", timeout=15_000)
        assert "?q=" in page.url and page.input_value("#search-q") == query
        assert page.get_attribute(".search-results li a", "href") == expected


def test_typing_searches_and_the_address_keeps_the_query(browser, served_site):
    with open_page(browser) as page:
        page.goto(served_site.url("search/"))
        assert page.evaluate("document.activeElement.id") == "search-q"
        page.keyboard.type("91a")
        page.wait_for_function("document.querySelector('.search-results a')?.getAttribute('href') === '/draws/91a/'")
        assert page.url.endswith("/search/?q=91a")
        assert page.inner_text(".search-status") == "1 result for “91a”"
        page.fill("#search-q", "zzzzqqq")
        page.press("#search-q", "Enter")
        page.wait_for_function("document.querySelector('.search-status').textContent.startsWith('No results')")
        assert page.eval_on_selector_all(".search-results li", "items => items.length") == 0


def test_more_results_come_a_batch_at_a_time_never_twice(browser, served_site):
    with open_page(browser) as page:
        first = results(page, served_site.url("search/?q=occupations"))
        assert page.is_visible(".search-more")
        page.click(".search-more")
        page.wait_for_function(f"document.querySelectorAll('.search-results li').length > {len(first)}")
        page.wait_for_selector("#search[data-state='done']")
        links = page.eval_on_selector_all(".search-results li a", "as => as.map(a => a.getAttribute('href'))")
        assert len(set(links)) == len(links) and links[:len(first)] == [address for address, *_ in first]
        assert page.evaluate("document.activeElement.getAttribute('href')") == links[len(first)]
        assert page.inner_text(".search-status").startswith(f"{len(links)} results for")


def test_search_works_under_a_sub_path(browser, tmp_path):
    """Every address under the site's sub-path: the exact ones, Pagefind's, and its records' (built from a copy
    of the project, whose state folder is its own)."""
    project, target = tmp_path / "project", tmp_path / "root" / "sub"
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "site.yml", project / "site.yml")
    build_site(project, load_config(project)[0].with_overrides(BASE_URL, "/sub/"), target)
    with serve(tmp_path / "root") as site, open_page(browser) as page:
        assert addresses(page, site.url("sub/search/?q=254"))[0] == "/sub/draws/254/"
        found = addresses(page, site.url(f"sub/fr/recherche/?q={NOTE_WORD}"))
        assert found == ["/sub/fr/tirages/274/"]
        assert site.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["search/?q=STEM", "fr/recherche/?q=logiciel"])
def test_results_fit_a_phone_in_both_schemes(browser, served_site, tmp_path, scheme, path):
    """Set SCREENSHOTS_DIR to keep the pictures."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    with open_page(browser, color_scheme=scheme, viewport=PHONE, device_scale_factor=1) as page:
        results(page, served_site.url(path))
        name = "search-fr" if path.startswith("fr/") else "search-en"
        page.screenshot(path=str(folder / f"phone-{name}-{scheme}.png"), full_page=True)
        assert horizontal_overflow(page) == 0
        colours = page.eval_on_selector(".search-results a", "a => [getComputedStyle(a).color, "
                                        "getComputedStyle(document.body).backgroundColor]")
        assert colours[1] == ("rgb(15, 20, 25)" if scheme == "dark" else "rgb(255, 255, 255)")


# ------------------------------------------------------------------ what readers typed and found nothing, or noise

PAGES = {"en": ("search/", "/draws/", "/categories/", "/occupations/noc/"),
         "fr": ("fr/recherche/", "/fr/tirages/", "/fr/categories/", "/fr/professions/cnp/")}


def asked(page, served_site, lang: str, query: str) -> list[tuple[str, str, str, str]]:
    return results(page, served_site.url(PAGES[lang][0] + "?q=" + query.replace("#", "%23")))


@pytest.mark.parametrize("lang", PAGES)
@pytest.mark.parametrize("query", ["draw 254", "round 254", "tirage 254", "ronde 254", "#254", "254"])
def test_a_round_asked_for_in_either_language_leads_and_no_page_holding_part_of_its_number_follows(
        browser, served_site, lang, query):
    with open_page(browser) as page:
        found = asked(page, served_site, lang, query)
    assert found[0][0] == f"{PAGES[lang][1]}254/"
    assert all("254" in title + line for _, title, line, _ in found), found  # "25" alone was highlighted before


@pytest.mark.parametrize("lang", PAGES)
@pytest.mark.parametrize("query, day", [("5 juillet 2023", 5), ("July 5, 2023", 5), ("juillet 2023", 0),
                                        ("July 2023", 0)])
def test_a_date_or_month_in_either_language_finds_its_rounds_on_either_languages_pages(
        browser, served_site, real_archive, lang, query, day):
    expected = [f"{PAGES[lang][1]}{d.label}/" for d in real_archive.draws
                if (d.date.year, d.date.month) == (2023, 7) and day in (0, d.date.day)]
    with open_page(browser) as page:
        assert [found[0] for found in asked(page, served_site, lang, query)] == expected


@pytest.mark.parametrize("lang, query, term, slug", [
    ("en", "helthcare", "Did you mean “healthcare”?", "healthcare"),
    ("en", "steem", "Did you mean “stem”?", "stem"),
    ("fr", "helthcare", "Vouliez-vous dire «\u00a0healthcare\u00a0»\u202f?", "healthcare"),
    ("fr", "steem", "Vouliez-vous dire «\u00a0stem\u00a0»\u202f?", "stem"),
])
def test_a_name_a_letter_or_two_off_is_found_with_did_you_mean(browser, served_site, lang, query, term, slug):
    with open_page(browser) as page:
        found = asked(page, served_site, lang, query)
        assert found[0][1] == term and found[1][0] == f"{PAGES[lang][2]}{slug}/"
        page.click(".search-results li:first-child a")  # the suggestion is a search of its own
        page.wait_for_selector("#search[data-state='done']")
        assert page.input_value("#search input[name='q']") in term and page.url.endswith("?q=" + slug)


@pytest.mark.parametrize("lang, title, line", [("en", "CEC draws in 2026", "{} draws"),
                                               ("fr", "Tirages CEC en 2026", "{} tirages")])
def test_a_category_and_a_year_offer_the_filtered_list_of_draws(browser, served_site, real_archive, lang, title, line):
    count = sum(d.category == "cec" and d.date.year == 2026 for d in real_archive.draws)
    with open_page(browser) as page:
        found = asked(page, served_site, lang, "CEC 2026")
        assert found[0][:3] == (f"{PAGES[lang][1]}?category=cec&year=2026", title, line.format(count))
        page.click(".search-results li:first-child a")
        page.wait_for_selector("[data-draws]:not([hidden])")
        assert page.inner_text(".filter-summary").startswith(line.format(count))


@pytest.mark.parametrize("lang, said", [
    ("en", "No longer on the current STEM list: removed on February 27, 2025."),
    ("fr", "Ne figure plus sur la liste actuelle STIM\u00a0: retirée le 27 février 2025."),
])
@pytest.mark.parametrize("query", ["21231", "NOC 21231"])
def test_an_occupation_dropped_from_its_list_says_since_when(browser, served_site, lang, said, query):
    if lang == "fr":
        query = query.replace("NOC", "CNP")
    with open_page(browser) as page:
        found = asked(page, served_site, lang, query)
        assert found[0][0] == f"{PAGES[lang][3]}21231/" and found[0][2] == said
        assert "In the STEM" not in found[0][2] and "Dans la liste" not in found[0][2]
        page.goto(served_site.url(found[0][0].lstrip("/")))  # the NOC page says the same
        assert page.inner_text("p.removed") == said


@pytest.mark.parametrize("lang, query, other, message", [
    ("en", "ingénieur", "fr", "Nothing here; the search in French has results for “ingénieur”."),
    ("en", "Expérience canadienne", "fr",
     "Nothing here; the search in French has results for “Expérience canadienne”."),
    ("fr", "software engineers", "en",
     "Aucun résultat ici\u202f; la recherche en anglais en trouve pour «\u00a0software engineers\u00a0»."),
    ("fr", "Canadian Experience Class", "en",
     "Aucun résultat ici\u202f; la recherche en anglais en trouve pour «\u00a0Canadian Experience Class\u00a0»."),
])
def test_a_query_in_the_other_language_is_sent_to_its_search_not_to_noise(browser, served_site, lang, query, other,
                                                                          message):
    search = PAGES[other][0]
    with open_page(browser) as page:
        found = asked(page, served_site, lang, query)
        assert [item[:3] for item in found] == [(f"/{search}?q={quote(query)}", message, "")]  # and no full text
        assert page.get_attribute(".search-results a", "hreflang") == other
        page.click(".search-results li:first-child a")
        page.wait_for_selector("#search[data-state='done']")
        answered = page.eval_on_selector_all(".search-results a", "links => links.map(a => a.getAttribute('href'))")
        assert answered and answered[0].startswith("/fr/") == (other == "fr")  # that language's own pages
        assert page.eval_on_selector(".search-results li", "li => li.dataset.found") == "exact"


@pytest.mark.parametrize("lang", PAGES)
def test_a_query_no_language_answers_says_so(browser, served_site, lang):
    with open_page(browser) as page:
        assert asked(page, served_site, lang, "qqzzxq") == []
        assert "qqzzxq" in page.inner_text(".search-status")
