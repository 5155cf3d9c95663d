"""People's notes: Markdown to HTML that can never run code.

Contributors write draw bodies, so raw HTML in them is sanitized with nh3 (an allow-list,
maintained against real-world XSS) rather than by patterns of our own.
"""
from __future__ import annotations

import html as html_module
import re
from collections.abc import Callable
from functools import lru_cache

import markdown
import nh3

TAGS = {"p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a",
        "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "abbr", "sup", "sub", "del"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
# One converter, reset per note: building a Markdown instance per draw cost a second at 4,000 draws.
EXTENSIONS = ("tables", "sane_lists")  # Python-Markdown's, as notes are rendered (test_fuzz renders with them too)
_MARKDOWN = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
ROUND_MENTION = re.compile(r"(?<![\w&/#\"'=])#(\d{1,5}[a-z]?)\b")


# Limits on a note's shape, from measuring Python-Markdown 3.11 (benchmarks/fuzz_check.py --markdown).
# - Each '[' (and each '(' after ']') makes the link processors scan ahead for its partner; an
#   unclosed one scans to the end of the paragraph, so 8,000 '[' take 6 s and 32,000 minutes.
#   With at most MAX_OPEN_BRACKETS open at once the scans cost at most that many paragraph lengths.
# - Each level of list nesting costs the block parser four Python frames: 250 levels (a tab more
#   per line, or '- - - ... a' on one line) end in RecursionError.
# - Headings, rules and list items are split off a paragraph one at a time, the rest copied and
#   searched again: 16,000 lines without a blank one take 4 s.
# - Each '<' that may start a tag, comment or CDATA section makes the HTML parser look for its end
#   in the rest of the note, blank lines or not: 10,000 '<a ' take 6 s, 1,800 '<![CDATA[' 4 s.
# - A run of backquotes that no run of the same length closes makes the code-span pattern search
#   the rest of the paragraph, a character at a time; a closing run it splits may open the next
#   search, so '``a`' repeated 8,000 times takes 6 s. A paragraph's runs are counted.
# The committed notes nest once, open one bracket at a time, run to 4 lines a paragraph and hold
# no HTML at all.
MAX_OPEN_BRACKETS = 16
MAX_NESTING = 8  # lists, block quotes and 4-column indentation, counted together
MAX_PARAGRAPH_LINES = 200
MAX_TAGS = 200  # '<' followed by a letter, '/', '!' or '?', in the whole note
MAX_CODE_RUNS = 32  # runs of '`' in a paragraph: 16 code spans
_INDENT = re.compile(r" *")
_MARKER = re.compile(r"(?:>|[-*+](?= |$)|\d{1,9}[.)](?= |$)) *")
# Markdown's own rule pattern: '- - -' is a rule, but '-   -   -' (three spaces) is three nested lists.
_RULE = re.compile(markdown.blockprocessors.HRProcessor.RE)
_BRACKET = re.compile(r"\\.|[\[\]()]")
_TAG = re.compile(r"<[A-Za-z/!?]")
_OPENING, _CLOSING = "[(", {"]": "[", ")": "("}
_BACKQUOTES = re.compile(r"(?<!\\)`+")


def body_problem(text: str, first_line: int = 1) -> tuple[int, str, str] | None:
    """What makes a note too costly for Markdown to render, as (line, problem, expected).

    Lines are counted from first_line. Linear in the text's length; None when the note is safe to
    render. The text is read as Markdown reads it: line ends made '\\n', tabs expanded to 4 columns.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    open_brackets: dict[str, list[int]] = {"[": [], "(": []}  # the line of each, by kind: ')' closes no '['
    paragraph_lines = tags = code_runs = 0
    for number, line in enumerate(text.split("\n"), first_line):
        tags += len(_TAG.findall(line))
        if tags > MAX_TAGS:
            return (number, f"more than {MAX_TAGS} HTML tags", f"at most {MAX_TAGS} '<' starting an HTML tag, "
                    "comment or <https://…> link in a note")
        if not line.strip():
            open_brackets, code_runs, paragraph_lines = {"[": [], "(": []}, 0, 0
            continue
        code_runs += len(_BACKQUOTES.findall(line))
        if code_runs > MAX_CODE_RUNS:
            return (number, f"more than {MAX_CODE_RUNS} runs of '`' in a paragraph",
                    f"at most {MAX_CODE_RUNS // 2} code spans in a paragraph")
        paragraph_lines += 1
        if paragraph_lines > MAX_PARAGRAPH_LINES:
            return (number, f"more than {MAX_PARAGRAPH_LINES} lines without a blank line",
                    f"paragraphs and lists of at most {MAX_PARAGRAPH_LINES} lines, separated by blank lines")
        depth = _nesting(line)
        if depth > MAX_NESTING:
            return (number, f"nested {depth} levels deep",
                    f"lists, block quotes and 4-space indentation nested at most {MAX_NESTING} levels")
        if (problem := _bracket_problem(line, number, open_brackets)) is not None:
            return problem
    return None


def _bracket_problem(line: str, number: int, open_brackets: dict[str, list[int]]) -> tuple[int, str, str] | None:
    """Adds the line's '[' and '(' to its paragraph's open ones and removes those it closes, saying
    when too many are open: the link processors scan ahead from each one for its partner."""
    for match in _BRACKET.finditer(line):
        char = match.group()
        if char in _OPENING:
            opened = open_brackets[char]
            opened.append(number)
            if len(opened) > MAX_OPEN_BRACKETS:
                return (number, f"more than {MAX_OPEN_BRACKETS} '{char}' open at once "
                        f"(the first unclosed on line {opened[0]})",
                        f"at most {MAX_OPEN_BRACKETS} '[' and {MAX_OPEN_BRACKETS} '(' open at once in a paragraph")
        elif char in _CLOSING and open_brackets[_CLOSING[char]]:
            open_brackets[_CLOSING[char]].pop()
    return None


def _nesting(line: str) -> int:
    """How deep a line sits: a level per 4 columns of indentation, and per list or quote marker
    it starts with (a marker takes up to 4 columns; the spaces after it beyond those count too)."""
    indent = len(_INDENT.match(line).group())  # type: ignore[union-attr]
    if _RULE.match(line):
        return indent // 4
    markers, position, extra = 0, indent, 0
    while match := _MARKER.match(line, position):
        markers, position = markers + 1, match.end()
        extra += max(0, len(match.group()) - len(match.group().rstrip(" ")) - 4)
    return indent // 4 + markers + extra // 4


def render_markdown(text: str, link_round: Callable[[str], str | None] = lambda label: None) -> str:
    """Markdown to safe HTML; '#254' becomes a link when link_round knows the round.

    Headings start at h3 because the page already has h1 and h2. A note `check` would refuse
    (see body_problem) is shown as plain text rather than given to Markdown, so that rendering
    can neither stall nor raise.
    """
    if not text.strip():
        return ""
    safe, plain = _safe_html(text)
    if plain:
        return safe
    return _link_rounds(safe, link_round) if safe.strip() else ""


@lru_cache(maxsize=1 << 12)
def _safe_html(text: str) -> tuple[str, bool]:
    """A note as clean HTML before its round mentions are linked, and whether it fell back to plain
    text; kept, since each language's page shows the same note."""
    text = text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate would make nh3 raise
    if body_problem(text) is not None:
        return _plain(text), True
    try:
        html = _MARKDOWN.reset().convert(text)
    except RecursionError:  # body_problem's limits keep notes far from this; a deep caller's stack may not
        return _plain(text), True
    html = re.sub(r"<(/?)h([12])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 2}", html)
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="nofollow noopener noreferrer"), False


def _plain(text: str) -> str:
    paragraphs = (p.strip() for p in re.split(r"\n[ \t]*\n", text))
    return "".join(f"<p>{html_module.escape(p)}</p>" for p in paragraphs if p)


def plain_words(text: str) -> str:
    """A note's words for the search index, read from its Markdown without rendering it (rendering every
    note again would cost more than indexing it): link targets, tags and markup characters left out."""
    text = re.sub(r"\]\([^)]*\)", " ", text)  # [words](target): the words stay
    text = html_module.unescape(re.sub(r"<[^>]*>", " ", text))
    return " ".join(re.sub(r"[*_`#>\[\]|~]+", " ", text).split())


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
