"""People's notes: Markdown to HTML that can never run code.

Contributors write draw bodies, so raw HTML in them is sanitized with nh3 (an allow-list,
maintained against real-world XSS) rather than by patterns of our own.
"""
from __future__ import annotations

import html as html_module
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


# Limits on a note's shape, from measuring Python-Markdown 3.11 (benchmarks/markdown_shapes.py).
# - Each '[' (and each '(' after ']') makes the link processors scan ahead for its partner; an
#   unclosed one scans to the end of the paragraph, so 8,000 '[' take 6 s and 32,000 minutes.
#   With at most MAX_OPEN_BRACKETS open at once the scans cost at most that many paragraph lengths.
# - Each level of list nesting costs the block parser four Python frames: 250 levels (a tab more
#   per line, or '- - - ... a' on one line) end in RecursionError.
# - Headings, rules and list items are split off a paragraph one at a time, the rest copied and
#   searched again: 16,000 lines without a blank one take 4 s.
# The committed notes nest once, open one bracket at a time and run to 4 lines a paragraph.
MAX_OPEN_BRACKETS = 16
MAX_NESTING = 8  # lists, block quotes and 4-column indentation, counted together
MAX_PARAGRAPH_LINES = 200
_INDENT = re.compile(r"[ \t]*")
_MARKER = re.compile(r"(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]*")
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_BRACKET = re.compile(r"\\.|[\[\]()]")


def body_problem(text: str) -> tuple[int, str, str] | None:
    """What makes a note too costly for Markdown to render, as (line in text, problem, expected).

    Linear in the text's length; None when the note is safe to render.
    """
    open_brackets: list[int] = []
    paragraph_lines = 0
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            open_brackets, paragraph_lines = [], 0
            continue
        paragraph_lines += 1
        if paragraph_lines > MAX_PARAGRAPH_LINES:
            return (number, f"more than {MAX_PARAGRAPH_LINES} lines without a blank line",
                    f"paragraphs and lists of at most {MAX_PARAGRAPH_LINES} lines, separated by blank lines")
        depth = _nesting(line)
        if depth > MAX_NESTING:
            return (number, f"nested {depth} levels deep",
                    f"lists, block quotes and 4-space indentation nested at most {MAX_NESTING} levels")
        for match in _BRACKET.finditer(line):
            char = match.group()
            if char in "[(":
                open_brackets.append(number)
                if len(open_brackets) > MAX_OPEN_BRACKETS:
                    return (number, f"more than {MAX_OPEN_BRACKETS} brackets open at once "
                            f"(the first unclosed on line {open_brackets[0]})",
                            f"at most {MAX_OPEN_BRACKETS} '[' or '(' open at once in a paragraph")
            elif char in "])" and open_brackets:
                open_brackets.pop()
    return None


def _nesting(line: str) -> int:
    """How deep a line sits: a level per list or quote marker it starts with, and per 4 columns
    of the indentation before and between them (beyond the one space a marker takes)."""
    if _RULE.match(line):
        return (len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())) // 4
    prefix, markers = _INDENT.match(line).group(), 0  # type: ignore[union-attr]
    while match := _MARKER.match(line, len(prefix)):
        prefix, markers = prefix + match.group(), markers + 1
    spaces = sum(1 for c in prefix.expandtabs(4) if c == " ")
    return markers + max(0, spaces - markers) // 4


def render_markdown(text: str, link_round: Callable[[str], str | None] = lambda label: None) -> str:
    """Markdown to safe HTML; '#254' becomes a link when link_round knows the round.

    Headings start at h3 because the page already has h1 and h2. A note `check` would refuse
    (see body_problem) is shown as plain text rather than given to Markdown, so that rendering
    can neither stall nor raise.
    """
    if not text.strip():
        return ""
    if body_problem(text) is not None:
        return _plain(text)
    try:
        html = _MARKDOWN.reset().convert(text)
    except RecursionError:  # body_problem's limits keep notes far from this; a deep caller's stack may not
        return _plain(text)
    html = re.sub(r"<(/?)h([12])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 2}", html)
    safe = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="nofollow noopener noreferrer")
    return _link_rounds(safe, link_round) if safe.strip() else ""


def _plain(text: str) -> str:
    paragraphs = (p.strip() for p in re.split(r"\n[ \t]*\n", text))
    return "".join(f"<p>{html_module.escape(p)}</p>" for p in paragraphs if p)


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
