"""Print the weight of pages of the built site: the HTML and every file it loads, raw and gzipped.

Usage: python benchmarks/page_weight.py [site] [page ...]   (default: site/, the home page and draw #254)
"""
from __future__ import annotations

import gzip
import sys
from html.parser import HTMLParser
from pathlib import Path


class Assets(HTMLParser):
    """Collects what a browser would fetch to show the page: stylesheets, scripts, icons, images, and the
    data files its scripts fetch (named by data-index attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") in ("stylesheet", "icon"):
            self.found.append(values["href"] or "")
        elif tag in ("script", "img") and values.get("src"):
            self.found.append(values["src"] or "")
        if values.get("data-index"):
            self.found.append(values["data-index"] or "")


def weigh(site: Path, page: str) -> list[tuple[str, int, int]]:
    html = site / page / "index.html" if not page.endswith(".html") else site / page
    parser = Assets()
    parser.feed(html.read_text(encoding="utf-8"))
    files = [html] + [site / href.lstrip("/") for href in dict.fromkeys(parser.found)]
    return [(f.relative_to(site).as_posix(), len(f.read_bytes()), len(gzip.compress(f.read_bytes(), 9)))
            for f in files]


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else Path("site")
    pages = argv[1:] or ["", "draws/254/"]
    for page in pages:
        rows = weigh(site, page)
        print(f"/{page}: {sum(r[1] for r in rows) / 1024:.1f} KiB, {sum(r[2] for r in rows) / 1024:.1f} KiB gzipped")
        for name, raw, packed in rows:
            print(f"  {name}: {raw:,} bytes ({packed:,} gzipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
