"""The Atom and RSS feeds: valid, complete, newest first, stable ids, byte-identical rebuilds; each entry on its
round's date in Canada, titled by what matters first; and, opened in a browser, a page that says how to subscribe."""
from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from browser_support import horizontal_overflow, open_page, serve
from conftest import FIXTURES, REPO, make_tree, run_build
from lxml import etree, html
from playwright.sync_api import expect

from drawarchive.config import SiteConfig
from drawarchive.content.read import read_content
from drawarchive.languages.localize import localize
from drawarchive.languages.texts import ENGLISH, Texts
from drawarchive.languages.words import draw_title, entry_summary, round_ref
from drawarchive.model import Archive, Draw
from drawarchive.pages import feed_style, feeds_page, site_files
from drawarchive.pages import feeds as feeds_kind
from drawarchive.pages.feeds import LATEST, draw_id
from drawarchive.pages.kind import Site, as_bytes, feed_links
from drawarchive.pages.templates import make_environment
from drawarchive.pipeline.outputs import Digests
from drawarchive.pipeline.site import render_html

ATOM = "{http://www.w3.org/2005/Atom}"


def plan_feeds(archive, config, t):
    return feeds_kind.plan(Site(archive, config, t))


def render_one(planned, path):
    return next(o.make(o.value) for o in planned if o.path == path)
CONFIG = SiteConfig(title="Express Entry Draw Archive", description="Every round.",
                    base_url="https://example.org", path="/drawarchive/")
ID_254 = "tag:drawarchive,2015:draw/254"


@pytest.fixture(scope="module")
def archive(real_archive):
    return real_archive


@pytest.fixture(scope="module")
def feeds(archive) -> dict[str, bytes]:
    return {o.path: o.make(o.value) for o in plan_feeds(archive, CONFIG, ENGLISH)}


def kind(feeds: dict[str, bytes], suffix: str) -> dict[str, bytes]:
    return {path: data for path, data in feeds.items() if path.endswith(suffix)}


def newest_first(draws: tuple[Draw, ...]) -> list[str]:
    return [draw_id(d) for d in sorted(draws, key=lambda d: d.sort_key, reverse=True)]


def entry_ids(data: bytes) -> list[str]:
    return [e.id for e in feedparser.parse(data).entries]


def test_a_pair_for_the_site_and_for_every_category_with_draws(archive, feeds):
    slugs = ["all"] + [c.slug for c in archive.categories if archive.draws_in(c.slug)]
    assert len(slugs) == 16
    assert sorted(feeds) == sorted(f"feeds/{s}.{k}.xml" for s in slugs for k in ("atom", "rss"))


def test_a_category_without_draws_has_no_feeds(archive):
    without = Archive(tuple(d for d in archive.draws if d.category != "stem"), archive.categories)
    paths = {o.path for o in plan_feeds(without, CONFIG, ENGLISH)}
    assert "feeds/stem.atom.xml" not in paths and "feeds/cec.atom.xml" in paths
    assert len(feed_links(without, CONFIG, ENGLISH, "stem").all) == 2


def test_every_feed_parses_cleanly(feeds):
    for path, data in feeds.items():
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if path.endswith(".atom.xml") else "rss20"), path


def test_every_atom_feed_is_valid_against_rfc_4287(feeds):
    schema = etree.RelaxNG(etree.parse(str(FIXTURES / "atom.rng")))
    for path, data in kind(feeds, ".atom.xml").items():
        assert schema.validate(etree.fromstring(data)), (path, schema.error_log)


def rfc822(text: str) -> datetime:
    moment = parsedate_to_datetime(text)
    assert moment.utcoffset().total_seconds() == 0, text
    return moment


def test_rss_channels_and_items_are_complete(feeds):
    for path, data in kind(feeds, ".rss.xml").items():
        channel = etree.fromstring(data).find("channel")
        for name in ("title", "link", "description", "lastBuildDate"):
            assert channel.findtext(name), (path, name)
        rfc822(channel.findtext("lastBuildDate"))
        items = channel.findall("item")
        for item in items:
            for name in ("title", "link", "guid", "pubDate"):
                assert item.findtext(name), (path, name)
            assert item.find("guid").get("isPermaLink") == "false"
            rfc822(item.findtext("pubDate"))
        guids = [item.findtext("guid") for item in items]
        assert len(guids) == len(set(guids)), path


def test_the_stem_feeds_hold_exactly_the_stem_draws(archive, feeds):
    expected = {draw_id(d) for d in archive.draws_in("stem")}
    assert ID_254 in expected
    for fmt in ("atom", "rss"):
        assert set(entry_ids(feeds[f"feeds/stem.{fmt}.xml"])) == expected


def test_the_site_feeds_hold_the_latest_draws_newest_first(archive, feeds):
    expected = newest_first(archive.draws)[:LATEST]
    assert LATEST == 50
    for fmt in ("atom", "rss"):
        assert entry_ids(feeds[f"feeds/all.{fmt}.xml"]) == expected


def test_every_category_feed_holds_its_latest_draws_newest_first(archive, feeds):
    for category in archive.categories:
        for fmt in ("atom", "rss"):
            ids = entry_ids(feeds[f"feeds/{category.slug}.{fmt}.xml"])
            assert ids == newest_first(archive.draws_in(category.slug))[:LATEST], category.slug
    assert len(entry_ids(feeds["feeds/general.atom.xml"])) == LATEST < len(archive.draws_in("general"))


def test_a_feed_is_updated_when_its_newest_entry_is(feeds):
    for path, data in kind(feeds, ".atom.xml").items():
        root = etree.fromstring(data)
        times = [datetime.fromisoformat(t.text) for t in root.iter(f"{ATOM}updated")]
        assert times[0] == max(times[1:]), path  # the feed's own comes first
    for path, data in kind(feeds, ".rss.xml").items():
        channel = etree.fromstring(data).find("channel")
        dates = [rfc822(item.findtext("pubDate")) for item in channel.iter("item")]
        assert rfc822(channel.findtext("lastBuildDate")) == max(dates), path


CANADA = ("America/St_Johns", "America/Halifax", "America/Toronto", "America/Winnipeg", "America/Regina",
          "America/Edmonton", "America/Whitehorse", "America/Vancouver")  # Newfoundland to Pacific


def entry_moments(data: bytes) -> dict[str, datetime]:
    """Each entry's id and its time, as a feed reader reads it: Atom's published and updated must agree."""
    root = etree.fromstring(data)
    if root.tag == f"{ATOM}feed":
        moments = {}
        for entry in root.iter(f"{ATOM}entry"):
            published, updated = (datetime.fromisoformat(entry.findtext(f"{ATOM}{name}"))
                                  for name in ("published", "updated"))
            assert published == updated
            moments[entry.findtext(f"{ATOM}id")] = published
        return moments
    return {item.findtext("guid"): rfc822(item.findtext("pubDate")) for item in root.iter("item")}


def days_in_canada(moment: datetime) -> set[date]:
    return {moment.astimezone(ZoneInfo(zone)).date() for zone in CANADA}


def test_357_is_dated_on_its_date_not_on_irccs_round_time(archive, feeds):
    """#357 was held on July 22, 2025; IRCC's round time says July 12: the date wins."""
    draw = next(d for d in archive.draws if d.label == "357")
    assert draw.time.date() == date(2025, 7, 12)
    for fmt in ("atom", "rss"):
        moment = entry_moments(feeds[f"feeds/healthcare.{fmt}.xml"])[draw_id(draw)]
        assert days_in_canada(moment) == {date(2025, 7, 22)}, fmt


def test_a_reported_round_is_dated_on_its_date_in_toronto_and_vancouver(archive):
    """#446, as first reported with no time, was held on September 29, 2026; midnight UTC is the 28th in Canada."""
    untimed = replace(archive, draws=tuple(replace(d, time=None) if d.label == "446" else d for d in archive.draws))
    feeds = {o.path: o.make(o.value) for o in plan_feeds(untimed, CONFIG, ENGLISH)}
    draw = next(d for d in untimed.draws if d.label == "446")
    assert draw.reported and draw.time is None
    for path in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/cec.atom.xml", "feeds/cec.rss.xml"):
        moment = entry_moments(feeds[path])[draw_id(draw)]
        for zone in ("America/Toronto", "America/Vancouver"):
            assert moment.astimezone(ZoneInfo(zone)).date() == date(2026, 9, 29), (path, zone)


def test_every_entry_is_on_its_draws_date_everywhere_in_canada(archive, feeds):
    """Standard time and daylight time alike, from Newfoundland to the Pacific; IRCC's time where it agrees."""
    by_id = {draw_id(d): d for d in archive.draws}
    kept = set()
    for path, data in feeds.items():
        for entry, moment in entry_moments(data).items():
            draw = by_id[entry]
            assert days_in_canada(moment) == {draw.date}, (path, draw.label, moment)
            if moment == draw.time:
                kept.add(draw.label)
    assert {"254", "293"} <= kept and "357" not in kept


def test_rendering_is_byte_identical(archive, feeds):
    # feedgen stamps now() (with microseconds) on anything left unset, so a leak shows here.
    again = {o.path: o.make(o.value) for o in plan_feeds(archive, CONFIG, ENGLISH)}
    assert again == feeds
    digests = Digests()
    assert [digests.fingerprint(o.value) for o in plan_feeds(archive, CONFIG, ENGLISH)] == \
        [Digests().fingerprint(o.value) for o in plan_feeds(archive, CONFIG, ENGLISH)]


def entry_254(data: bytes) -> feedparser.FeedParserDict:
    return next(e for e in feedparser.parse(data).entries if e.id.endswith("draw/254"))


def test_the_entry_for_254(archive, feeds):
    draw = next(d for d in archive.draws if d.label == "254")
    entry = entry_254(feeds["feeds/stem.atom.xml"])
    assert entry.title == "STEM occupations: CRS 486, 500 invitations · #254 · July 5, 2023"
    assert entry.id == ID_254
    assert entry.link == "https://example.org/drawarchive/draws/254/"
    assert entry.summary == entry_summary(draw, archive.category("stem"), ENGLISH)
    assert " ".join(entry.summary.split()) == (  # a time's space may be a no-break one
        "Eligible programs: FSW, CEC, FST. Tie-breaking rule: November 23, 2022 at 00:01:29 UTC.")
    moment = datetime(2023, 7, 5, 13, 38, 22, tzinfo=UTC)
    assert datetime.fromisoformat(entry.published) == datetime.fromisoformat(entry.updated) == moment
    item = entry_254(feeds["feeds/stem.rss.xml"])
    assert (item.title, item.id, item.link) == (entry.title, ID_254, entry.link)
    assert parsedate_to_datetime(item.published) == moment


def test_the_feed_level_fields(feeds):
    atom = feedparser.parse(feeds["feeds/stem.atom.xml"]).feed
    assert atom.title == "Express Entry Draw Archive: STEM occupations"
    assert atom.id == "tag:drawarchive,2015:feed/category/stem"
    assert atom.author == "Express Entry Draw Archive" and atom.language == "en"
    assert atom.generator == "drawarchive" and atom.subtitle
    links = {link.rel: link.href for link in atom.links}
    assert links == {"self": "https://example.org/drawarchive/feeds/stem.atom.xml",
                     "alternate": "https://example.org/drawarchive/categories/stem/"}
    rss = feedparser.parse(feeds["feeds/all.rss.xml"]).feed
    assert rss.title == "Express Entry Draw Archive" and rss.subtitle == "Every round."
    assert rss.link == "https://example.org/drawarchive/" and rss.language == "en"


def test_feed_links(archive):
    site = [("Express Entry Draw Archive (Atom)", "application/atom+xml", "/drawarchive/feeds/all.atom.xml"),
            ("Express Entry Draw Archive (RSS)", "application/rss+xml", "/drawarchive/feeds/all.rss.xml")]
    assert list(feed_links(archive, CONFIG, ENGLISH, None).all) == site
    links = feed_links(archive, CONFIG, ENGLISH, "stem")
    stem = links.all
    assert list(links.site) == site and [href for _, _, href in links.category] == [
        "/drawarchive/feeds/stem.atom.xml", "/drawarchive/feeds/stem.rss.xml"]
    assert links.category[0][0] == "Express Entry Draw Archive: STEM occupations (Atom)"
    planned = {"/drawarchive/" + o.path for o in plan_feeds(archive, CONFIG, ENGLISH)}
    assert {href for _, _, href in stem} <= planned


def test_an_entry_id_survives_edited_notes_and_a_new_base_url(project, archive):
    text = (REPO / "content" / "draws" / "2023" / "254.md").read_text(encoding="utf-8")
    make_tree(project, {"content/draws/2023/254.md": text + "\nA correction, added later.\n"})
    edited, problems = read_content(project)
    assert problems == [] and edited.draws[0].body != archive.draws_in("stem")[0].body
    moved = SiteConfig(title="Renamed", base_url="https://mirror.example.net", path="/")
    before = render_one(plan_feeds(archive, CONFIG, ENGLISH), "feeds/stem.atom.xml")
    after = render_one(plan_feeds(edited, moved, ENGLISH), "feeds/stem.atom.xml")
    assert entry_254(after).link == "https://mirror.example.net/draws/254/"
    assert entry_254(before).id == entry_254(after).id == ID_254


def test_inputs_change_only_for_the_feeds_a_draw_is_in(archive):
    changed = Archive(tuple(replace(d, crs=487) if d.label == "254" else d for d in archive.draws),
                      archive.categories)
    before = {o.path: Digests().fingerprint(o.value) for o in plan_feeds(archive, CONFIG, ENGLISH)}
    after = {o.path: Digests().fingerprint(o.value) for o in plan_feeds(changed, CONFIG, ENGLISH)}
    assert {p for p in before if before[p] != after[p]} == {"feeds/stem.atom.xml", "feeds/stem.rss.xml"}


def test_the_atom_schema_is_not_vacuous(feeds):
    schema = etree.RelaxNG(etree.parse(str(FIXTURES / "atom.rng")))
    root = etree.fromstring(feeds["feeds/stem.atom.xml"])
    entry = root.find(f"{ATOM}entry")
    entry.remove(entry.find(f"{ATOM}id"))
    assert not schema.validate(root)


MARKUP = '<img src=x onerror="alert(1)"><b>bold</b>'


def test_no_element_of_peoples_text_reaches_a_feed_reader(project):
    """People's words (a category's name and description in both languages, a source's label) go into titles and
    descriptions; a reader that renders them as HTML, unsanitized, must find no element in them."""
    from lxml import html

    from drawarchive.languages.texts import every

    for name in ("stem.md", "stem.fr.md"):
        path = project / "content/categories" / name
        text = path.read_text()
        text = text.replace('name: "STEM occupations"', f"name: 'STEM {MARKUP}'").replace(
            "description: >-\n", f"description: >-\n  {MARKUP}\n")
        path.write_text(text)
    draw = (REPO / "content/draws/2026/446.md").read_text().replace(
        'label: "a copy of IRCC', f'label: "{MARKUP.replace(chr(34), chr(39))} a copy of IRCC', 1)
    make_tree(project, {"content/draws/2023/254.md": (REPO / "content/draws/2023/254.md").read_text(),
                        "content/draws/2026/446.md": draw})
    archive, problems = read_content(project, lambda: datetime(2026, 11, 1).date())
    assert problems == []
    seen = 0
    for t in every():
        for planned in plan_feeds(archive, CONFIG, t):
            parsed = feedparser.parse(planned.make(planned.value), sanitize_html=False)
            details = [parsed.feed.title_detail, parsed.feed.get("subtitle_detail")]
            details += [d for entry in parsed.entries for d in (entry.title_detail, entry.get("summary_detail"))]
            for detail in filter(None, details):
                seen += "onerror" in detail.value
                if detail.type == "text/html":  # RSS: read as HTML; Atom's type="text" is shown as text
                    fragment = html.fragment_fromstring(detail.value, create_parent="div")
                    assert len(fragment) == 0, (planned.path, detail.value)  # no <img>, no <b>
                else:
                    assert detail.type == "text/plain", detail.type
    assert seen >= 8  # the words are there, as text, in both languages and both formats


# What a feed says, in both languages: titles lead with what list views show first; summaries add the rest.

NBSP = "\u00a0"
FRENCH = Texts("fr")
INVITATIONS = ("{count} invitation", "{count} invitations")


@pytest.fixture(scope="module")
def french(archive) -> dict[str, bytes]:
    return {o.path: o.make(o.value) for o in plan_feeds(localize(archive, "fr"), CONFIG, FRENCH)}


def test_titles_lead_with_the_category_the_cut_off_and_the_invitations(feeds, french):
    english = {e.id: e.title for e in feedparser.parse(feeds["feeds/all.atom.xml"]).entries}
    assert english["tag:drawarchive,2015:draw/446"] == (
        "Canadian Experience Class: CRS 518, 2,000 invitations · #446 · September 29, 2026 (unconfirmed)")
    titles = {e.id: e.title for e in feedparser.parse(french["fr/fils/tous.atom.xml"]).entries}
    assert titles["tag:drawarchive,2015:fr/draw/446"] == (
        f"Catégorie de l’expérience canadienne{NBSP}: SCG 518, {FRENCH.number(2000)} invitations · "
        f"{round_ref('446', FRENCH)} · 29 septembre 2026 (non confirmé)")


def test_every_title_leads_with_its_category_cut_off_and_invitations(archive):
    for t, crs in ((ENGLISH, "CRS"), (FRENCH, "SCG")):
        shown = localize(archive, t.lang)
        colon = NBSP + ":" if t.lang == "fr" else ":"
        for planned in plan_feeds(shown, CONFIG, t):
            for entry in etree.fromstring(planned.make(planned.value)).iter(f"{ATOM}entry"):
                draw = next(d for d in shown.draws if draw_id(d, t.lang) == entry.findtext(f"{ATOM}id"))
                lead = (f"{shown.category(draw.category).name}{colon} {crs} {draw.crs}, "
                        f"{t.plural(draw.invitations, *INVITATIONS)}")
                assert entry.findtext(f"{ATOM}title").startswith(lead), (planned.path, lead)


def test_summaries_add_what_the_title_does_not_say(archive):
    """Never the title's facts again: the category, the cut-off, the invitations, the round or its date."""
    for t, crs in ((ENGLISH, "CRS"), (FRENCH, "SCG")):
        shown = localize(archive, t.lang)
        for draw in shown.draws:
            category = shown.category(draw.category)
            title, summary = draw_title(draw, category, t), entry_summary(draw, category, t)
            assert summary, draw.label
            repeated = [category.name, f"{crs} {draw.crs}", t.plural(draw.invitations, *INVITATIONS),
                        round_ref(draw.label, t), t.date(draw.date)]
            assert all(fact in title for fact in repeated)
            assert [fact for fact in repeated if fact in summary] == [], (t.lang, draw.label, summary)


def test_summaries_say_what_only_they_say(archive):
    by_label = {d.label: d for d in archive.draws}

    def summary(label: str) -> str:
        draw = by_label[label]
        return " ".join(entry_summary(draw, archive.category(draw.category), ENGLISH).split())

    assert summary("446") == (
        "Eligible programs: CEC. Tie-breaking rule: February 13, 2026 at 20:48:08 UTC. Unconfirmed: reported by a "
        "copy of IRCC's rounds feeds (English and French) taken on 2026-10-01, kept by the ask-canada project "
        "(GitHub), a daily copy of IRCC's rounds feed, last updated on 2026-10-09, kept by the jetravel-plus project "
        "(GitHub), a copy of IRCC's rounds feed checked on 2026-10-07, kept by the bonjour-francais project (GitHub), "
        "a copy of every round in IRCC's rounds feed, kept by the crs-pulse project (GitHub); not yet in IRCC's data.")
    assert summary("357") == ("Eligible programs: FSW, CEC, FST. Tie-breaking rule: March 13, 2025 at 13:08:29 UTC. "
                              "IRCC's round time (July 12, 2025 at 16:27:45 UTC) is 10 days before the round's date.")


# Opened in a browser, a feed is a page: its language's XSLT stylesheet says how to subscribe.

def stylesheets(archive, config: SiteConfig) -> dict[str, bytes]:
    made = {}
    for t in (ENGLISH, FRENCH):
        render = partial(render_html, env=make_environment(REPO / "templates", config, t), config=config)
        made |= {o.path: o.make(o.value) for o in feed_style.plan(Site(localize(archive, t.lang), config, t, render))}
    return made


def styled(feed: bytes, stylesheets: dict[str, bytes], path: str) -> html.HtmlElement:
    """The feed as a browser shows it: transformed by the stylesheet its instruction names, read as HTML."""
    href = etree.fromstring(feed).getroottree().getroot().getprevious()
    assert href.target == "xml-stylesheet" and href.get("type") == "text/xsl"
    xsl = stylesheets[href.get("href").removeprefix(CONFIG.path)]
    result = etree.XSLT(etree.fromstring(xsl))(etree.fromstring(feed))
    return html.document_fromstring(str(result))


SUBSCRIBE = {"en": ("A feed reader is an app or a website that follows sites for you and shows what they publish as "
                    "it appears. To subscribe, copy this page's address into your feed reader:"),
             "fr": ("Un lecteur de fils est une application ou un site Web qui suit des sites pour vous et affiche "
                    "leurs nouvelles publications dès leur parution. Pour vous abonner, copiez l’adresse de cette "
                    f"page dans votre lecteur de fils{NBSP}:")}


def test_every_feed_names_its_languages_stylesheet(archive, feeds, french):
    made = stylesheets(archive, CONFIG)
    assert sorted(made) == ["feeds/feeds.xsl", "fr/fils/fils.xsl"]
    for path, data in (feeds | french).items():
        lines = data.split(b"\n")
        assert lines[0].startswith(b"<?xml ")
        style = "fr/fils/fils.xsl" if path.startswith("fr/") else "feeds/feeds.xsl"
        assert lines[1] == f'<?xml-stylesheet type="text/xsl" href="/drawarchive/{style}"?>'.encode(), path


@pytest.mark.parametrize("lang, path", [("en", "feeds/all.atom.xml"), ("en", "feeds/stem.rss.xml"),
                                        ("fr", "fr/fils/tous.rss.xml"), ("fr", "fr/fils/stem.atom.xml")])
def test_a_feed_in_a_browser_says_how_to_subscribe_and_lists_its_entries(archive, feeds, french, lang, path):
    feed = (feeds | french)[path]
    page = styled(feed, stylesheets(archive, CONFIG), path)
    parsed = feedparser.parse(feed)
    assert page.get("lang") == lang
    assert page.findtext(".//h1") == page.findtext(".//title") == parsed.feed.title
    said = " ".join(p.text_content() for p in page.iter("p"))
    assert SUBSCRIBE[lang] + " " + f"https://example.org/drawarchive/{path}" in said
    entries = page.xpath("//ul[@class='cards']/li/a")
    assert [a.get("href") for a in entries] == [e.link for e in parsed.entries]
    atom = feedparser.parse((feeds | french)[path.replace(".rss.", ".atom.")]).entries
    assert [a.text_content() for a in entries] == [e.title for e in atom]  # RSS's HTML read back to text
    assert [a.getnext().text_content() for a in entries] == [e.summary for e in atom]
    assert len(entries) == min(LATEST, len(atom)) > 0


def test_the_styled_pages_are_valid_html(archive, feeds, french, tmp_path):
    from test_validity import validate

    made = stylesheets(archive, CONFIG)
    for path, data in (feeds | french).items():
        (tmp_path / path.replace("/", "-")).with_suffix(".html").write_text(
            html.tostring(styled(data, made, path), doctype="<!DOCTYPE html>", encoding="unicode"))
    validate(tmp_path)


def test_no_element_of_peoples_text_reaches_the_styled_page(project):
    """A category's name is text in the page in both formats: RSS's HTML-escaped title is read back to text."""
    for name, was in (("stem.md", "STEM occupations"), ("stem.fr.md", "Professions des STIM")):
        path = project / "content/categories" / name
        path.write_text(path.read_text().replace(f'name: "{was}"', f"name: 'STEM {MARKUP} & co'"))
    make_tree(project, {"content/draws/2023/254.md": (REPO / "content/draws/2023/254.md").read_text()})
    archive, problems = read_content(project)
    assert problems == []
    made = stylesheets(archive, CONFIG)
    for t in (ENGLISH, FRENCH):
        for planned in plan_feeds(localize(archive, t.lang), CONFIG, t):
            page = styled(planned.make(planned.value), made, planned.path)
            assert page.xpath("//main//img | //main//b") == [], planned.path
            link = page.xpath("//ul[@class='cards']/li/a")[0]
            assert f"STEM {MARKUP} & co" in link.text_content(), planned.path


def test_the_feeds_page_says_what_a_feed_reader_is(archive):
    for t in (ENGLISH, FRENCH):
        render = partial(render_html, env=make_environment(REPO / "templates", CONFIG, t), config=CONFIG)
        planned = feeds_page.plan(Site(localize(archive, t.lang), CONFIG, t, render))[0]
        page = html.document_fromstring(planned.make(planned.value))
        said = " ".join(page.xpath("//main")[0].text_content().split())
        assert " ".join(SUBSCRIBE[t.lang].split()).split(". ")[0] + "." in said, t.lang


# The same in Chromium, from a served site: the feeds, their stylesheets and the static files.

PHONE = {"width": 390, "height": 844}
SERVED = replace(CONFIG, path="/")


@pytest.fixture(scope="module")
def feed_site(archive, tmp_path_factory):
    root = tmp_path_factory.mktemp("feeds")
    for t in (ENGLISH, FRENCH):
        render = partial(render_html, env=make_environment(REPO / "templates", SERVED, t), config=SERVED)
        site = Site(localize(archive, t.lang), SERVED, t, render, REPO)
        kinds = (feeds_kind.KIND, feed_style.KIND, site_files.STATIC) if t is ENGLISH else (feeds_kind.KIND,
                                                                                             feed_style.KIND)
        for planned in (p for kind in kinds for p in kind.plan(site)):
            (root / planned.path).parent.mkdir(parents=True, exist_ok=True)
            (root / planned.path).write_bytes(as_bytes(planned.make(planned.value)))
    with serve(root) as served:
        yield served


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chromium_shows_a_feed_as_a_page(browser, feed_site, tmp_path, scheme):
    """Chromium 156 still runs XSLT, with a banner of its own announcing its removal (left out of axe's check).
    Set SCREENSHOTS_DIR=docs/screenshots to refresh docs/screenshots/feed-phone.png."""
    from axe_playwright_python.sync_playwright import Axe

    with open_page(browser, color_scheme=scheme, viewport=PHONE, device_scale_factor=1) as page:
        page.context.add_init_script(script=Axe().axe_script)
        for path, lang in (("feeds/stem.atom.xml", "en"), ("fr/fils/tous.rss.xml", "fr")):
            parsed = feedparser.parse((feed_site.root / path).read_bytes())
            page.goto(feed_site.url(path), wait_until="load")
            assert page.locator("main h1").count() == 1, f"{path}: Chromium did not apply the feed's stylesheet"
            assert page.evaluate("document.documentElement.lang") == lang
            assert page.locator("h1").inner_text() == parsed.feed.title
            assert " ".join(SUBSCRIBE[lang].split()) in " ".join(page.locator("main").inner_text().split())
            assert page.locator("ul.cards li a").count() == len(parsed.entries) > 0
            assert horizontal_overflow(page) == 0
            # The site's stylesheet applies, in the reader's scheme.
            assert page.evaluate("getComputedStyle(document.querySelector('header.site')).display") == "flex"
            assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
            found = page.evaluate("() => axe.run({exclude: [['xslt-warning-banner']]}, {resultTypes: ['violations']})")
            assert [(v["id"], [n["html"] for n in v["nodes"]]) for v in found["violations"]] == [], (path, scheme)
        if scheme == "light":
            page.goto(feed_site.url("feeds/stem.atom.xml"), wait_until="load")
            page.evaluate("document.querySelector('xslt-warning-banner')?.remove()")
            folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / "feed-phone.png"))
    assert feed_site.errors == []


# A source's label is people's words, bounded only by a draw file's front matter (64,000 characters): here
# quotes, "]]>" and markup, then 30,000 "&<", each an entity in RSS that the stylesheet must read back.
HOSTILE = "\"quoted\" 'single' ]]> <script>alert(1)</script> &amp; &lt;b&gt; " + "&<" * 30_000


def test_chromium_shows_every_feed_whatever_a_label_holds(browser, tmp_path):
    """2,500 "&<" in a label once made the RSS pages that show it empty documents in Chromium."""
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "site.yml", tmp_path / "site.yml")
    draw = tmp_path / "content/draws/2026/447.md"
    text, found = re.subn(r'label: ".*"', lambda _: f"label: {json.dumps(HOSTILE)}", draw.read_text(), count=1)
    assert found == 1 and "status: reported" in text
    draw.write_text(text)
    result = run_build("--base-url", "https://example.org", "--path", "/", root=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.xml") if p.name.endswith((".atom.xml",
                                                                                                 ".rss.xml")))
    assert len(paths) == 64  # the site's pair and 15 categories' pairs, in English and French
    shown = 0
    with serve(site) as served, open_page(browser) as page:
        for path in paths:
            parsed = feedparser.parse((site / path).read_bytes())
            assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
            # Atom's summaries are text: what the page must show, RSS's HTML read back to text.
            atom = feedparser.parse((site / path.replace(".rss.", ".atom.")).read_bytes()).entries
            reported = [e for e in parsed.entries if e.id.endswith("draw/447")]
            for entry in reported:  # what feed readers see: the label, as text
                summary = entry.summary_detail
                said = (html.fragment_fromstring(summary.value, create_parent="div").text_content()
                        if summary.type == "text/html" else summary.value)
                assert HOSTILE in said, path
            page.goto(served.url(path), wait_until="load")
            links = page.locator("main ul.cards li a")
            expect(links, f"{path} renders as an empty document").to_have_count(len(parsed.entries))
            assert links.all_text_contents() == [e.title for e in atom], path
            summaries = page.locator("main ul.cards li span").all_text_contents()
            assert summaries == [e.summary for e in atom], path
            assert sum(HOSTILE in s for s in summaries) == len(reported), path
            assert page.locator("main script, main b").count() == 0, path
            shown += len(reported)
    assert shown == 8  # the site's feeds and the trades category's: two formats, two languages
    # A feed's XML names no icon, so Chromium asks for the default one before the page names the site's.
    assert [e for e in served.errors if not e.endswith(" /favicon.ico")] == []
