"""Read a built site the way a browser would: every page, its links and its text."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


BLOCKS = ("p", "div", "dt", "dd", "li", "td", "th", "tr", "caption", "h1", "h2", "h3", "h4", "section",
          "table", "dl", "ul", "ol", "nav", "header", "footer", "main", "title", "br")


def text(path: Path) -> str:
    """The page's text as a reader sees it: block elements separated by spaces."""
    return block_text(parse(path))


def block_text(doc: lxml.html.HtmlElement) -> str:
    for el in doc.iter(*BLOCKS):
        el.text = " " + (el.text or "")
        el.tail = " " + (el.tail or "")
    return " ".join(doc.text_content().split())


def links(doc: lxml.html.HtmlElement) -> list[str]:
    found = [el.get("href") for el in doc.iter("a", "link") if el.get("href")]
    found += [el.get("src") for el in doc.iter("img", "script", "iframe", "source") if el.get("src")]
    found += [el.get("content") for el in doc.iter("meta") if el.get("property") == "og:url"]
    return found


def resolve(site: Path, href: str, page: str, base_url: str, prefix: str) -> Path | None:
    """The file an internal link points at, or None for an external link."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        if not href.startswith(base_url + prefix):
            return None
        parts = urlsplit(href[len(base_url):])
    path = unquote(parts.path)
    if not path:
        return site / page
    assert path.startswith(prefix), f"{href} is outside the site's path {prefix}"
    target = site / path[len(prefix):]
    return target / "index.html" if path.endswith("/") else target


def broken_links(site: Path, base_url: str, prefix: str) -> list[str]:
    broken = []
    ids: dict[Path, set[str]] = {}
    for page in pages(site):
        doc = parse(page)
        for href in links(doc):
            target = resolve(site, href, page.relative_to(site).as_posix(), base_url, prefix)
            if target is None:
                continue
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
                continue
            fragment = urlsplit(href).fragment
            if fragment and target.suffix == ".html":
                known = ids.setdefault(target, {el.get("id") for el in parse(target).iter() if el.get("id")})
                if fragment not in known:
                    broken.append(f"{page.relative_to(site)}: {href} (no id {fragment})")
    return broken
