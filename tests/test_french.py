"""Le site en français: every page in both languages, the interface through gettext, CLDR formats,
French content from content/, feeds and search in French."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from browser_support import horizontal_overflow, open_page, serve
from conftest import REPO, make_tree, run_build
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from sitecheck import block_text, pages, parse, text

from drawarchive.config import SiteConfig
from drawarchive.content.read import read_content
from drawarchive.languages.localize import localize
from drawarchive.languages.texts import ENGLISH, Texts
from drawarchive.pages.urls import official_page, page
from drawarchive.pipeline.site import build_site

FRENCH = Texts("fr")

CATALOG = REPO / "drawarchive" / "languages" / "locale" / "fr" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None, "NP_": (1, 2),
            "plural": (2, 3), "counted": (2, 3)}
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("french") / "site"
    config = SiteConfig("Express Entry Draw Archive", "", "https://example.org", "/")
    languages = tuple(replace(found, title="Archive des tirages d’Entrée express") if found.code == "fr" else found
                      for found in config.languages)
    build_site(REPO, replace(config, languages=languages), target, search=False)
    return target


def relative(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


def test_every_english_page_has_its_french_counterpart_and_back(site):
    all_pages = [relative(site, p) for p in pages(site)]
    english = [p for p in all_pages if not p.startswith("fr/")]
    french = [p for p in all_pages if p.startswith("fr/")]
    assert len(english) == len(french) > 600
    for name in english:
        doc = parse(site / name)
        alternates = dict(zip(doc.xpath("//link[@hreflang]/@hreflang"), doc.xpath("//link[@hreflang]/@href"),
                              strict=True))
        counterpart = alternates["fr"].removeprefix("https://example.org/")
        counterpart += "index.html" if counterpart.endswith("/") or not counterpart else ""
        assert counterpart in french, name
        back = parse(site / counterpart)
        assert back.get("lang") == "fr"
        assert back.xpath("//link[@hreflang='en']/@href") == [alternates["en"]], name
        # The language switch leads to the same page in the other language.
        assert doc.xpath("//a[@class='language']/@href")[0] == "/" + counterpart.removesuffix("index.html")


def test_french_addresses_use_french_words():
    assert page("draw", "254", "fr") == "fr/tirages/254/"
    assert page("year", 2023, "fr") == "fr/annees/2023/"
    assert page("noc", "21231", "fr") == "fr/professions/cnp/21231/"
    assert page("draws", 2, "fr") == "fr/tirages/page/2/"
    assert (page("feeds", lang="fr"), page("data", lang="fr"), page("search", lang="fr")) == (
        "fr/fils/", "fr/donnees/", "fr/recherche/")


def test_dates_numbers_and_typography_follow_cldr(site):
    page = text(site / "fr/tirages/254/index.html")
    assert "Heure de la ronde 5 juillet 2023 à 13 h 38 min 22 s UTC" in page
    assert "Règle de départage 23 novembre 2022 à 00 h 01 min 29 s UTC" in page
    home = text(site / "fr/index.html")  # text() folds every space, no-break ones too
    assert "Invitations 3 500" in home and "Tenu le 1er octobre 2026." in home
    assert "Dernier tirage : nº 447" in home
    raw = (site / "fr/index.html").read_text()
    assert f"3{NBSP}500" in raw and f"Dernier tirage{NBSP}: " in raw and f"nº{NBSP}447" in raw
    english = text(site / "draws/254/index.html")
    assert "Round time July 5, 2023 at 13:38:22 UTC" in english


def test_french_pages_put_a_no_break_space_before_each_colon(site):
    for name in ["fr/index.html", "fr/tirages/254/index.html", "fr/categories/stem/index.html",
                 "fr/professions/stem/index.html", "fr/donnees/index.html", "fr/tirages/441/index.html"]:
        doc = parse(site / name)
        for bad in doc.xpath("//code|//script|//style|//time|//*[@lang='en']|//a[@href]"):
            bad.getparent().remove(bad) if bad.tag != "a" else None
        body = doc.find("body")
        words = " ".join(body.itertext())
        words = re.sub(r"«[^»]*»|\{[^}]*\}", "", words)  # quoted formats, such as «\xa0field: value\xa0»
        bare = [m.group() for m in re.finditer(r".{0,12}[^\u00a0]:(?=\s|$).{0,12}", words)]
        assert bare == [], (name, bare)


def test_category_texts_official_names_and_titles_come_from_content(site):
    stem = parse(site / "fr/categories/stem/index.html")
    assert stem.findtext(".//h1") == "Professions des STIM" and not stem.find(".//h1").get("lang")
    last = text(site / "fr/tirages/447/index.html")
    assert "Nom officiel de la ronde Métiers spécialisés 2026-Version 3" in last
    assert "Nom officiel de la ronde Métiers spécialisés (Version 1)" in text(site / "fr/tirages/261/index.html")
    assert "Nom officiel de la ronde Métiers (Version 1)" in text(site / "fr/tirages/276/index.html")
    # Not found in any French source: IRCC's English name, marked as English, never a translation of ours.
    unknown = parse(site / "fr/tirages/434/index.html")
    name = unknown.xpath("//dt[.='Nom officiel de la ronde']/following-sibling::dd")[0]
    assert (name.text, name.get("lang")) == ("Transport Occupations, 2026-Version 2", "en")
    noc = parse(site / "fr/professions/cnp/21231/index.html")
    assert block_text(noc.find(".//h1")) == "CNP 21231 Ingénieurs/ingénieures et concepteurs/conceptrices en logiciel"


def test_english_notes_on_french_pages_are_marked(site):
    doc = parse(site / "fr/tirages/254/index.html")
    notes = doc.xpath("//section[@class='notes']/div")[0]
    assert notes.get("lang") == "en" and "The first round for" in block_text(notes)
    reported = parse(site / "fr/tirages/441/index.html")
    assert all(li.get("lang") == "en" for li in reported.xpath("//ul[@class='sources']/li"))
    assert parse(site / "draws/254/index.html").xpath("//section[@class='notes']/div/@lang") == []


def test_a_french_note_beside_an_english_one(project):
    make_tree(project, {
        "content/draws/2023/254.md": (REPO / "content/draws/2023/254.md").read_text(),
        "content/draws/2023/254.fr.md": "---\nnotes:\n  - \"Une note en français.\"\n---\nLe premier tirage STIM.\n"})
    archive, problems = read_content(project)
    assert problems == []
    localized = localize(archive, "fr")  # the languages share one set of rows: they must hold no translated text
    assert localized.rows is archive.rows and localized.rows == tuple(d.row() for d in localized.draws)
    assert localized.draws[-1].notes != archive.draws[-1].notes
    config = SiteConfig("Archive", "", "https://example.org", "/")
    build_site(project, config, project / "site", search=False)
    french = parse(project / "site/fr/tirages/254/index.html")
    assert block_text(french.xpath("//section[@class='notes']/div")[0]) == "Le premier tirage STIM."
    assert french.xpath("//section[@class='notes']/div/@lang") == []
    assert "Une note en français." in text(project / "site/fr/tirages/254/index.html")
    assert "The first round for" in text(project / "site/draws/254/index.html")  # English stays English


@pytest.mark.parametrize("name, body, message", [
    ("content/categories/science.fr.md", "---\nname: a\nshort_name: b\ndescription: c\n---\n",
     "content/categories/science.fr.md:1: file: no English file science.md beside it (expected a companion of a "
     "category file)"),
    ("content/categories/stem.fr.md", "---\nname: a\nshort_name: b\ndescription: c\ndraw_names:\n"
     "  \"STEM (Version 9)\": \"STIM\"\n---\n",
     "content/categories/stem.fr.md:6: draw_names.STEM (Version 9): 'STEM (Version 9)' is not an official name of "
     "stem (expected one of the draw_names in content/categories/stem.md)"),
    ("content/draws/2023/999.fr.md", "---\nnotes: []\n---\nTexte.\n",
     "content/draws/2023/999.fr.md:1: file: no draw file content/draws/2023/999.md beside it (expected a "
     "companion of a draw file)"),
    ("content/categories/stem.fr.md", "---\nname: a\nslug: b\n---\n",
     "content/categories/stem.fr.md:3: slug: unknown field (expected one of: name, short_name, description, "
     "draw_names, round_names, sources)"),
])
def test_check_reads_the_french_files_too(project, name, body, message):
    make_tree(project, {name: body})
    result = run_build("check", root=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert message in result.stderr.splitlines()


def test_french_feeds_have_french_titles_and_their_own_ids(site):
    atom = etree.parse(str(site / "fr/fils/tous.atom.xml")).getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.findtext("a:title", namespaces=ns) == "Archive des tirages d’Entrée express"
    entry = atom.find("a:entry", ns)
    assert entry.findtext("a:id", namespaces=ns) == "tag:drawarchive,2015:fr/draw/447"
    assert entry.findtext("a:title", namespaces=ns).startswith(f"Métiers{NBSP}: SCG 476, ")
    assert entry.findtext("a:title", namespaces=ns).endswith(f" · nº{NBSP}447 · 1er octobre 2026 (non confirmé)")
    assert entry.find("a:link", ns).get("href") == "https://example.org/fr/tirages/447/"
    rss = etree.parse(str(site / "fr/fils/stem.rss.xml")).getroot()
    assert rss.findtext("channel/language") == "fr"
    english = etree.parse(str(site / "feeds/all.atom.xml")).getroot()
    assert english.find("a:entry", ns).findtext("a:id", namespaces=ns) == "tag:drawarchive,2015:draw/447"


def catalog_ids() -> set[str]:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple)
                                                                         and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert (untranslated, fuzzy) == ([], [])
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_every_interface_string_has_a_french_translation():
    """Extracts as pybabel does (babel.cfg); a string missing from the catalog, or untranslated, fails."""
    found = set()
    for folder, method, options in (("drawarchive", "python", {}),
                                    ("templates", "jinja2", {"extensions": "jinja2.ext.i18n"})):
        for _, _, message, _, _ in extract_from_dir(str(REPO / folder), [("**.py", "python"), ("**.html", method)],
                                                     keywords=KEYWORDS, options_map={"**.html": options}):
            found.add(message if isinstance(message, str) else message[0])
    missing = sorted(found - catalog_ids())
    assert missing == [], f"run the pybabel commands in README.md: {missing[:5]}"
    assert len(found) > 250


def test_placeholders_survive_translation():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    pattern = re.compile(r"%\(\w+\)s|\{\w+\}")
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for source, target in zip(ids, strings, strict=False):
            assert sorted(set(pattern.findall(source))) == sorted(set(pattern.findall(target))), source


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_numbers_are_grouped_exactly_as_babel_groups_them(value):
    """Texts.number groups integers itself (Babel's own call was a tenth of a page's rendering): same text."""
    for t in (ENGLISH, FRENCH):
        assert t.number(value) == format_decimal(value, locale=t.locale)


# What a reader reads of a page, in French: its text, and the words its attributes show (tooltips, names).
SHOWN = ("title", "aria-label", "alt", "placeholder", "data-tip")
IRCC_EN = ("https://www.canada.ca/en/immigration-refugees-citizenship/corporate/mandate/"
           "policies-operational-instructions-agreements/ministerial-instructions/express-entry-rounds/")
IRCC_FR = ("https://www.canada.ca/fr/immigration-refugies-citoyennete/organisation/mandat/"
           "politiques-directives-operationnelles-ententes-accords/instructions-ministerielles/entree-express-rondes/")


def french_words(path: Path) -> str:
    """The page's words outside what is marked as English (people's notes, IRCC's English names)."""
    doc = parse(path)
    for marked in doc.xpath("//body//*[@lang='en']"):
        marked.drop_tree()
    shown = [value for name in SHOWN for value in doc.xpath(f"//@{name}")]
    shown += doc.xpath("//meta[@name='description']/@content")
    return block_text(doc) + " " + " ".join(shown)


def test_french_pages_say_scg_and_ircc_french_program_names(site):
    """IRCC writes « Système de classement global (SCG) » and PTQF, PTMSF, PCP in French; CEC is the same."""
    english = re.compile(r"\b(CRS|FSW|FST|PNP)\b")
    found = {}
    for path in pages(site / "fr"):
        words = french_words(path)
        if hits := english.findall(words):
            found[relative(site, path)] = sorted(set(hits))
    assert found == {}
    draw = parse(site / "fr/tirages/254/index.html")
    programs = draw.xpath("//dt[.='Programmes admissibles']/following-sibling::dd/abbr")
    assert [(a.text, a.get("title")) for a in programs] == [
        ("PTQF", "Programme des travailleurs qualifiés (fédéral)"), ("CEC", "Catégorie de l’expérience canadienne"),
        ("PTMSF", "Programme des travailleurs de métiers spécialisés (fédéral)")]
    assert "Note obtenue dans le SCG par le candidat invité le moins bien classé 486" in block_text(draw)
    index = parse(site / "fr/tirages/index.html")
    options = index.xpath("//select[@name='program']/option")
    assert [(o.get("value"), o.text) for o in options] == [
        ("", "Tous"), ("CEC", "CEC"), ("FSW", "PTQF"), ("FST", "PTMSF"), ("PNP", "PCP")]  # values: the data's codes
    english_index = parse(site / "draws/index.html")
    assert [o.text for o in english_index.xpath("//select[@name='program']/option")] == [
        "Any", "CEC", "FSW", "FST", "PNP"]


def test_french_round_pages_link_ircc_french_round_pages(site):
    for label, page_name in (("254", "invitations.html?q=254"), ("1", "invitations-1.html")):
        french = parse(site / f"fr/tirages/{label}/index.html")
        link = french.xpath("//dt[.='Source officielle']/following-sibling::dd/a")[0]
        assert (link.get("href"), link.get("hreflang")) == (IRCC_FR + page_name, None)
        assert block_text(link.getparent()) == f"IRCC : ronde nº {label}"  # no « (en anglais) »
        english = parse(site / f"draws/{label}/index.html")
        assert english.xpath("//dt[.='Official source']/following-sibling::dd/a/@href") == [IRCC_EN + page_name]
    # A page IRCC has only in English stays English, and says so.
    assert official_page("https://www.canada.ca/en/news.html", "fr") == ("https://www.canada.ca/en/news.html", "en")
    footer = parse(site / "fr/index.html").xpath("//footer//a[contains(., 'rondes d’invitations')]")[0]
    assert footer.get("href") == IRCC_FR.removesuffix("/") + ".html" and "anglais" not in block_text(footer.getparent())


def test_times_never_break_between_their_parts(site):
    assert FRENCH.time(datetime(2023, 7, 5, 13, 38, 22)) == "13\u00a0h\u00a038\u00a0min\u00a022\u00a0s\u00a0UTC"
    raw = (site / "fr/tirages/254/index.html").read_text()
    assert f"5 juillet 2023 à 13{NBSP}h{NBSP}38{NBSP}min{NBSP}22{NBSP}s{NBSP}UTC</time>" in raw
    assert "13 h" not in raw and "22 s UTC" not in raw
    assert f"13:38:22{NBSP}UTC</time>" in (site / "draws/254/index.html").read_text()


def test_french_agrees_in_gender_and_number(site):
    first = parse(site / "fr/tirages/1/index.html")  # no draw before it, overall or in its category
    assert first.xpath("//dt[.='Tirage précédent']/following-sibling::dd/span/text()") == ["aucun"]
    assert "Tirage précédent (Générales) aucun" in block_text(first)
    # A cut-off (le seuil) stays masculine; invitations are feminine and plural.
    unchanged = text(site / "fr/tirages/106/index.html")
    assert "seuil inchangé (contre 445), invitations inchangées (contre 3 900)" in unchanged
    assert "Previous draw none" in text(site / "draws/1/index.html")


def test_notes_on_ircc_record_are_in_french_and_quote_ircc_as_english(site):
    doc = parse(site / "fr/tirages/357/index.html")
    note = doc.xpath("//section[@class='data-notes']//li")[0]
    assert block_text(note) == ("L’heure officielle de la ronde (« July 12, 2025 at 16:27:45 UTC ») tombe 10 jours "
                                "avant la date du tirage, le 22 juillet 2025.")
    assert [(q.text, q.get("lang")) for q in note.iter("span")] == [("July 12, 2025 at 16:27:45 UTC", "en")]
    assert f"(«{NBSP}<span" in (site / "fr/tirages/357/index.html").read_text()
    no_year = parse(site / "fr/tirages/208/index.html").xpath("//section[@class='data-notes']//li")[0]
    assert block_text(no_year) == ("L’heure de départage officielle (« October 7 at 16:38:21 UTC ») ne donne pas "
                                   "d’année ; celle du tirage, 2021, est retenue.")
    assert "\u202f;" in etree.tostring(no_year, encoding="unicode")
    subtotal = parse(site / "fr/tirages/247/index.html").xpath("//section[@class='data-notes']//li")[0]
    assert block_text(subtotal) == ("Le sous-total de la tranche 451–500 (55 867) n’est pas la somme de ses cinq "
                                    "sous-tranches (55 687).")
    english = parse(site / "draws/208/index.html").xpath("//section[@class='data-notes']//li")[0]
    assert block_text(english) == ("The official tie-break time ('October 7 at 16:38:21 UTC') gives no year; the "
                                   "draw's year, 2021, is assumed.") and not english.xpath(".//span")


def test_the_search_page_speaks_the_catalogs_words(site):
    box = parse(site / "fr/recherche/index.html").get_element_by_id("search")
    words = json.loads(box.find(".//script[@class='messages']").text)
    assert words["results"] == {"one": f"{{count}} résultat pour «{NBSP}{{query}}{NBSP}»",
                                "other": f"{{count}} résultats pour «{NBSP}{{query}}{NBSP}»",
                                "many": f"{{count}} résultats pour «{NBSP}{{query}}{NBSP}»"}
    assert words["draw"] == "{date} · {category} · seuil SCG de {crs}"
    assert box.find(".//label").text == "Rechercher des tirages, des catégories et des professions"
    assert box.get("data-terms") == "/fr/recherche/terms.json"
    english = json.loads(parse(site / "search/index.html").get_element_by_id("search")
                         .find(".//script[@class='messages']").text)
    assert english["results"]["one"] == "{count} result for “{query}”"


def test_french_feeds_page_fits_a_phone(browser, site):
    with serve(site) as served, open_page(browser, viewport={"width": 390, "height": 844}) as tab:
        tab.goto(served.url("fr/fils/"))
        assert horizontal_overflow(tab) == 0
        assert tab.eval_on_selector_all(".table-wrap", "ws => ws.map(w => w.scrollWidth - w.clientWidth)") == [0]
