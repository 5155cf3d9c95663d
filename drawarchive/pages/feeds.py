"""Atom and RSS 2.0 feeds of the draws, made with feedgen, in each language.

One pair of feeds holds the latest draws of the whole site; one pair per category holds that
category's latest draws. Every feed is deterministic: the feed's updated time is its newest
entry's time (feedgen would stamp the build time), and entries are newest first.

An entry's time is a moment that falls on the round's date on every clock in Canada, so that a reader
anywhere there sees the draw's date (see entry_moment). Fixed offsets bound Canada's clocks, so no time
zone database is needed. Each feed names its language's XSLT stylesheet (feed_style.py): a browser that
opens it shows a page that says how to subscribe; feed readers ignore it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import partial
from html import escape
from xml.sax.saxutils import quoteattr

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from drawarchive.config import SiteConfig
from drawarchive.languages.registry import language, source
from drawarchive.languages.texts import Texts, texts
from drawarchive.languages.words import draw_title, entry_summary
from drawarchive.model import Archive, Category, Draw
from drawarchive.pages.feed_style import style_file
from drawarchive.pages.kind import Kind, Planned, Site
from drawarchive.pages.urls import FORMATS, category_page, draw_page, feed_file, page

# RFC 4151 tag URIs: ids that survive a new base URL, a new title or edited notes, so that
# feed readers never show a draw twice. The authority is a constant name and the year the
# archive begins; never change it, or every reader sees every draw as new. A French entry is
# another entry (other words), so it has its own id, under fr/.
TAG_PREFIX = "tag:drawarchive,2015:"
LATEST = 50  # entries per feed: a reader catches up on weeks of draws, and a feed stays small

# Canada's clocks run from UTC−8 (Pacific standard time) to UTC−2:30 (Newfoundland daylight time), and
# every other zone, with or without daylight time, lies between: a moment on one day at both ends is on
# that day everywhere in Canada. 16:00 UTC is noon in Toronto in summer and 08:00 in Vancouver in winter.
CANADA = (timedelta(hours=-8), timedelta(hours=-2, minutes=-30))
MIDDAY = time(16)



@dataclass(frozen=True, slots=True)
class Feed:
    """What one feed pair shows, in one language; the draws are newest first."""

    slug: str | None  # None for the site-wide feeds
    lang: str
    title: str
    description: str
    page: str  # the HTML page the feed mirrors, relative to the site root
    draws: tuple[Draw, ...]
    categories: tuple[Category, ...]  # every category an entry names


def draw_id(draw: Draw, lang: str | None = None) -> str:
    """The permanent id of a draw's entry, such as tag:drawarchive,2015:draw/254 (fr/draw/254 in French)."""
    return f"{TAG_PREFIX}{_prefix(lang)}draw/{draw.label}"


def feed_id(slug: str | None, lang: str | None = None) -> str:
    name = source().words["all"] if slug is None else f"category/{slug}"
    return f"{TAG_PREFIX}{_prefix(lang)}feed/{name}"


def _prefix(lang: str | None) -> str:
    return language(lang).prefix if lang else ""


def site_feed(archive: Archive, config: SiteConfig, t: Texts) -> Feed:
    draws = tuple(reversed(archive.draws[-LATEST:]))
    title = config.title_in(t.lang)
    description = config.description_in(t.lang) or t.gettext("The latest Express Entry rounds of invitations.")
    return Feed(None, t.lang, title, description, page("home", lang=t.lang), draws, _categories(archive, draws))


def category_feed(archive: Archive, config: SiteConfig, category: Category, t: Texts) -> Feed:
    draws = tuple(reversed(archive.draws_in(category.slug)[-LATEST:]))
    title = t.gettext("{site}: {category}").format(site=config.title_in(t.lang), category=category.name)
    return Feed(category.slug, t.lang, title, category.description, category_page(category.slug, t.lang), draws,
                (category,))


def _categories(archive: Archive, draws: tuple[Draw, ...]) -> tuple[Category, ...]:
    # Entry titles name each draw's category, so a renamed category must change the fingerprint.
    used = {d.category for d in draws}
    return tuple(c for c in archive.categories if c.slug in used)


def all_feeds(archive: Archive, config: SiteConfig, t: Texts) -> list[Feed]:
    """The site-wide feed, then one per category with draws, in the categories' order."""
    feeds = [site_feed(archive, config, t)] if archive.draws else []
    feeds += [category_feed(archive, config, c, t) for c in archive.categories if archive.draws_in(c.slug)]
    return feeds


def plan(site: Site) -> list[Planned]:
    """Each feed is made from its Feed value alone (and the configuration, part of every fingerprint)."""
    return [Planned(feed_file(feed.slug, form, site.t.lang), (feed, form), partial(render_feed, config=site.config))
            for feed in all_feeds(site.archive, site.config, site.t) for form in FORMATS]


def render_feed(value: tuple[Feed, str], config: SiteConfig) -> bytes:
    feed, form = value
    t = texts(feed.lang)
    # RSS readers read a title and a description as HTML, and feedgen writes them as text: a
    # person's "<img onerror=…>" would come out as markup. Atom's are text, and read as text.
    said = _as_html if form == "rss" else str
    generator = _generator(feed, form, config, said)
    categories = {c.slug: c for c in feed.categories}
    for draw in feed.draws:
        # feedgen prepends by default, which would reverse our newest-first order.
        generator.add_entry(_entry(draw, categories[draw.category], config, t, said), order="append")
    made = generator.atom_str(pretty=True) if form == "atom" else generator.rss_str(pretty=True)
    return _styled(bytes(made), config.url(style_file(feed.lang)))


def _styled(feed: bytes, stylesheet: str) -> bytes:
    """The feed with its stylesheet named right after the XML declaration, where the instruction must be."""
    declaration, rest = feed.split(b"\n", 1)
    assert declaration.startswith(b"<?xml "), declaration
    # quoteattr escapes ">", so no address can end the instruction early.
    instruction = f"<?xml-stylesheet type=\"text/xsl\" href={quoteattr(stylesheet)}?>".encode()
    return b"\n".join((declaration, instruction, rest))


def _as_html(text: str) -> str:
    return escape(text, quote=False)


def _generator(feed: Feed, form: str, config: SiteConfig, said: Callable[[str], str]) -> FeedGenerator:
    generator = FeedGenerator()
    generator.id(feed_id(feed.slug, feed.lang))
    generator.title(said(feed.title))
    generator.subtitle(said(feed.description))  # also the RSS description
    generator.author(name=config.title_in(feed.lang))
    # RSS's channel link is the href of the LAST link added, so the page link goes last.
    generator.link(href=config.absolute(feed_file(feed.slug, form, feed.lang)), rel="self", type=FORMATS[form][0])
    generator.link(href=config.absolute(feed.page), rel="alternate", type="text/html")
    generator.language(feed.lang)
    generator.generator("drawarchive")  # feedgen's default embeds its own version
    generator.updated(_newest(feed.draws))  # also lastBuildDate; feedgen's default is now()
    return generator


def _newest(draws: tuple[Draw, ...]) -> datetime:
    # max, not the first entry: two rounds on one day are in round order, not time order.
    return max(entry_moment(d) for d in draws)


def entry_moment(draw: Draw) -> datetime:
    """When an entry says its draw happened: the round time, where every Canadian clock reads it on the
    draw's date; otherwise 16:00 UTC on that date. A reported round has no time yet, and where IRCC's round
    time contradicts its date (#357's is 10 days before it), the date wins."""
    if draw.time is not None and all((draw.time + offset).date() == draw.date for offset in CANADA):
        return draw.time
    return datetime.combine(draw.date, MIDDAY, tzinfo=UTC)


def _entry(draw: Draw, category: Category, config: SiteConfig, t: Texts, said: Callable[[str], str]) -> FeedEntry:
    entry = FeedEntry()
    entry.id(draw_id(draw, t.lang))  # also the RSS guid, with isPermaLink="false"
    entry.title(said(draw_title(draw, category, t)))
    entry.link(href=config.absolute(draw_page(draw.label, t.lang)), rel="alternate", type="text/html")
    moment = entry_moment(draw)
    entry.published(moment)  # also the RSS pubDate
    entry.updated(moment)  # feedgen's default is now()
    entry.summary(said(entry_summary(draw, category, t)))  # also the RSS description
    entry.category(term=draw.category, label=category.name)
    return entry


KIND = Kind("feeds", plan, frozenset({"draws", "categories", "texts"}))
