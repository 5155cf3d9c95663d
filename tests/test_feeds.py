"""The Atom and RSS feeds: valid, complete, newest first, stable ids, and byte-identical rebuilds."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from conftest import FIXTURES, REPO, make_tree
from lxml import etree

from drawarchive.build.outputs import Digests
from drawarchive.config import SiteConfig
from drawarchive.content.read import read_content
from drawarchive.languages.texts import ENGLISH
from drawarchive.languages.words import draw_summary
from drawarchive.model import Archive, Draw
from drawarchive.pages import feeds as feeds_kind
from drawarchive.pages.feeds import LATEST, draw_id, feed_links
from drawarchive.pages.kind import Site

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


def test_the_healthcare_feed_is_updated_at_its_latest_time_not_its_first_entry(archive, feeds):
    # Round #357's official time is 10 days before its date, so date order and time order differ.
    root = etree.fromstring(feeds["feeds/healthcare.atom.xml"])
    updated = datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    assert updated == max(d.moment for d in archive.draws_in("healthcare"))


def test_rendering_is_byte_identical(archive, feeds):
    # feedgen stamps now() (with microseconds) on anything left unset, so a leak shows here.
    again = {o.path: o.make(o.value) for o in plan_feeds(archive, CONFIG, ENGLISH)}
    assert again == feeds
    digests = Digests()
    assert [digests.fingerprint(o.value) for o in plan_feeds(archive, CONFIG, ENGLISH)] == \
        [Digests().fingerprint(o.value) for o in plan_feeds(archive, CONFIG, ENGLISH)]


def entry_254(data: bytes) -> feedparser.FeedParserDict:
    return next(e for e in feedparser.parse(data).entries if e.title.startswith("#254 "))


def test_the_entry_for_254(archive, feeds):
    draw = next(d for d in archive.draws if d.label == "254")
    entry = entry_254(feeds["feeds/stem.atom.xml"])
    assert entry.title == "#254 · STEM occupations · 500 invitations · CRS 486"
    assert entry.id == ID_254
    assert entry.link == "https://example.org/drawarchive/draws/254/"
    assert entry.summary == draw_summary(draw, archive.category("stem"), ENGLISH)
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
        'label: "anamanlab', f'label: "{MARKUP.replace(chr(34), chr(39))} anamanlab')
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
