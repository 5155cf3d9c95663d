"""People's notes: Markdown to HTML that can never run code.

Contributors write draw bodies, so raw HTML in them is sanitized with nh3 (an allow-list,
maintained against real-world XSS) rather than by patterns of our own.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import markdown
import nh3

TAGS = {"p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a",
        "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "abbr", "sup", "sub", "del"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
# One converter, reset per note: building a Markdown instance per draw cost a second at 4,000 draws.
_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
ROUND_MENTION = re.compile(r"(?<![\w&/#\"'=])#(\d{1,5}[a-z]?)\b")


def render_markdown(text: str, link_round: Callable[[str], str | None] = lambda label: None) -> str:
    """Markdown to safe HTML; '#254' becomes a link when link_round knows the round.

    Headings start at h3 because the page already has h1 and h2.
    """
    if not text.strip():
        return ""
    html = _MARKDOWN.reset().convert(text)
    html = re.sub(r"<(/?)h([12])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 2}", html)
    safe = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="nofollow noopener noreferrer")
    return _link_rounds(safe, link_round) if safe.strip() else ""


def mentioned_rounds(text: str) -> set[str]:
    """The round labels a note mentions as '#254'; a link is made for those that exist."""
    return set(ROUND_MENTION.findall(text))


def _link_rounds(html: str, link_round: Callable[[str], str | None]) -> str:
    parts = re.split(r"(<[^>]*>)", html)
    inside_link = False
    for i, part in enumerate(parts):
        if part.startswith("<"):
            inside_link = part.startswith("<a ") or (inside_link and not part.startswith("</a"))
            continue
        if not inside_link:
            parts[i] = ROUND_MENTION.sub(lambda m: _round_link(m, link_round), part)
    return "".join(parts)


def _round_link(match: re.Match[str], link_round: Callable[[str], str | None]) -> str:
    href = link_round(match.group(1))
    return f'<a href="{href}">{match.group(0)}</a>' if href else match.group(0)
