"""The feeds' XSLT stylesheet, one per language: a browser that opens a feed shows a page in the feed's
language that says what a feed reader is and how to subscribe, and lists the feed's entries.

Every feed names its language's stylesheet in an <?xml-stylesheet?> instruction (feeds.py); feed readers
ignore it. Its words are the catalog's, given to templates/feed.xsl, which only presents them.
"""
from __future__ import annotations

from dataclasses import dataclass

from drawarchive.config import SiteConfig
from drawarchive.languages.registry import language, source
from drawarchive.languages.texts import Texts
from drawarchive.model.marks import N_
from drawarchive.pages.kind import Context, Kind, Planned, Site
from drawarchive.pages.urls import page

# What a feed reader is, in a sentence: the feeds page says it too.
READER = N_("A feed reader is an app or a website that follows sites for you and shows what they publish as "
            "it appears.")
WORDS = {
    "reader": READER,
    "subscribe": N_("To subscribe, copy this page's address into your feed reader:"),
    "entries": N_("The draws in this feed, newest first"),
    "page": N_("These draws on the site"),
    "feeds": N_("Every feed"),
    "skip": N_("Skip to content"),
    "main": N_("Main"),
    "official": N_("Not an official Government of Canada site. Check IRCC's page for each round before relying "
                   "on it."),
}


def style_file(lang: str | None = None) -> str:
    """feeds/feeds.xsl, fr/fils/fils.xsl: beside the feeds (whose names end in .xml), in the language's words."""
    found = language(lang) if lang else source()
    return f"{page('feeds', lang=found.code)}{found.words['feeds']}.xsl"


@dataclass(frozen=True, slots=True)
class FeedStyle:
    words: tuple[tuple[str, str], ...]  # (name, text in the stylesheet's language)

    def context(self, config: SiteConfig, t: Texts) -> Context:
        return {"words": dict(self.words)}


def plan(site: Site) -> list[Planned]:
    words = tuple((name, site.t.gettext(message)) for name, message in WORDS.items())
    return [site.html("feed.xsl", FeedStyle(words), "feeds", None, site._("Feeds"), site.t.gettext(READER),
                      section="feeds", searchable=False, output=style_file(site.t.lang))]


KIND = Kind("feed style", plan, frozenset())
