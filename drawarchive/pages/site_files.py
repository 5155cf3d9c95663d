"""The files beside the pages: the static files, robots.txt, and the sitemap of every page."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from drawarchive.config import SiteConfig
from drawarchive.pages.kind import Kind, Planned, Site


def plan_static(site: Site) -> list[Planned]:
    """The project's static/ folder, as it is."""
    folder = (site.root or Path()) / "static"
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    return [Planned("static/" + p.relative_to(folder).as_posix(), p.read_bytes(), bytes) for p in files]


def plan_robots(site: Site) -> list[Planned]:
    text = f"User-agent: *\nAllow: /\nSitemap: {site.config.absolute('sitemap.xml')}\n"
    return [Planned("robots.txt", text, str.encode)]


def plan_sitemap(site: Site) -> list[Planned]:
    """The sitemap of every page, given by its folder (Site.pages, once the pages are written)."""
    config = site.config

    def render(pages: tuple[str, ...]) -> bytes:
        return _sitemap(pages, config)

    return [Planned("sitemap.xml", site.pages, render)]


def _sitemap(pages: tuple[str, ...], config: SiteConfig) -> bytes:
    urls = "".join(f"<url><loc>{escape(config.absolute(p))}</loc></url>\n" for p in pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
            f'sitemap/0.9">\n{urls}</urlset>\n').encode()


STATIC = Kind("static", plan_static, frozenset(), per_language=False)
ROBOTS = Kind("robots", plan_robots, frozenset(), per_language=False)
SITEMAP = Kind("sitemap", plan_sitemap, frozenset({"pages"}), per_language=False)
