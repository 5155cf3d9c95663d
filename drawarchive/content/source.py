"""Reading one content file: split its front matter from its body, then parse the front matter.

Content comes from anyone with a pull request, so the parser refuses what YAML allows but a
draw never needs (anchors and aliases, tags, duplicate keys, deep nesting) before it can cost
memory or time, and every refusal is a Problem naming the file, the line and what was expected.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from drawarchive.model.validation import Lines, Problem, printable, shown
from drawarchive.render.markup import body_problem

MAX_FRONT_MATTER = 64_000  # characters; the longest category file is about a fifth of this
MAX_BODY = 32_000  # characters: notes run to 400; within markup.body_problem's limits, 32,000 render in 0.6 s
MAX_DEPTH = 6  # a category's occupations sit at depth 5: versions, a version, occupations, one, its title
MAX_DIGITS = 20  # no count or score comes near; Python refuses to read an int of more than 4,300 digits
# libyaml reads valid files fast; a file it refuses is read again by PyYAML's own Python parser, whose
# messages are the reference. libyaml's own limits (a nesting depth since the libyaml in PyYAML 6.0.4)
# and wording vary by release, so no message depends on which libyaml is installed.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CONSTRUCT = yaml.SafeLoader.yaml_constructors
# Control characters other than tab and line ends; the Unicode line separators and a carriage
# return without its line feed, which would make YAML's line numbers and ours disagree; and the
# bidirectional controls, which make text read differently in a review than on the site.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069"
FORBIDDEN = re.compile(f"[{_CONTROL}]|\r(?!\n)")
FORBIDDEN_IN_VALUE = re.compile(f"[{_CONTROL}\r]")  # a value's "\r" or "\x07" escapes, once read
_NAMES = {"\x00": "NUL byte", "\r": "carriage return without a line feed", "\ufeff": "byte order mark",
          "\u2028": "line separator", "\u2029": "paragraph separator"}
STR, INT, FLOAT, BOOL, TIMESTAMP = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "timestamp"))
BOOLEANS = ("true", "True", "TRUE", "false", "False", "FALSE")  # YAML 1.1's yes/no/on/off stay text
DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


class StrictHandler(YAMLHandler):
    """python-frontmatter's YAML handler, used only to split, with a strict boundary.

    Its load()/loads()/dumps() strip the text around the body, and its default boundary
    (`^-{3,}\\s*$`) swallows blank lines after the closing '---'; bodies must survive an
    import byte for byte, CRLF included. So the boundary is exactly a '---' line.
    """

    FM_BOUNDARY = re.compile(r"^---[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


HANDLER = StrictHandler()


@dataclass(frozen=True, slots=True)
class KeySpan:
    """Where a top-level field sits: its key's line and its value's last line (file lines, from 1)."""

    key: str
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A content file: the front matter's values with the line of every field, and the body."""

    path: str
    data: dict[str, Any]
    lines: Lines
    body: str
    text: str = ""
    spans: tuple[KeySpan, ...] = ()

    @property
    def newline(self) -> str:
        return "\r\n" if self.text.split("\n", 1)[0].endswith("\r") else "\n"


class Refused(Exception):
    def __init__(self, line: int, column: int | None, field: str, problem: str, expected: str) -> None:
        super().__init__(problem)
        self.line, self.column, self.field, self.problem, self.expected = line, column, field, problem, expected


def display_path(path: str) -> str:
    """A path as one printable line: control characters and line breaks in file names are shown escaped."""
    return printable(path)


def describe(char: str) -> str:
    """A forbidden character as a message names it: 'control character U+0007', 'NUL byte (U+0000)'."""
    if char in _NAMES:
        return f"{_NAMES[char]} (U+{ord(char):04X})"
    kind = "bidirectional control" if "\u202a" <= char <= "\u2069" else "control character"
    return f"{kind} U+{ord(char):04X}"


def decode(data: bytes, path: str) -> str | Problem:
    """UTF-8 without newline translation: a CRLF body must come back as CRLF."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return Problem(path, line, "file", f"not UTF-8 ({error.reason} at byte {error.start})",
                       "a UTF-8 text file", column)


def parse_file(text: str, path: str) -> SourceFile | Problem:
    """Splits and parses one file; the first thing wrong with it is returned as a Problem."""
    path = display_path(path)
    bad = FORBIDDEN.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        if bad.start() == 0 and bad.group() == "\ufeff":
            return Problem(path, 1, "file", describe("\ufeff"), "UTF-8 without a byte order mark", 1)
        return Problem(path, line, "file", describe(bad.group()[0]),
                       "printable text, tabs and line ends (\\n or \\r\\n) only", column)
    if not text.strip():
        return Problem(path, 1, "file", "empty", "front matter between two '---' lines, then notes")
    if not HANDLER.detect(text):
        return Problem(path, 1, "front matter", "missing", "the file to start with a '---' line")
    try:
        front, body = HANDLER.split(text)
    except ValueError:
        return Problem(path, 1, "front matter", "not closed", "a second '---' line after the front matter")
    if len(front) > MAX_FRONT_MATTER:
        return Problem(path, 2, "front matter", f"{len(front):,} characters long",
                       f"at most {MAX_FRONT_MATTER:,}")
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    if len(body) > MAX_BODY:
        return Problem(path, body_line, "body", f"{len(body):,} characters long",
                       f"notes of at most {MAX_BODY:,} characters")
    try:
        data, lines, spans = parse_yaml(front)
    except Refused as refused:
        return Problem(path, refused.line, refused.field, refused.problem, refused.expected, refused.column)
    unsafe = body_problem(body, first_line=body_line)
    if unsafe:
        line, problem, expected = unsafe
        return Problem(path, line, "body", problem, expected)
    return SourceFile(path, data, lines, body, text, spans)


def parse_yaml(front: str, first_line: int = 2) -> tuple[dict[str, Any], Lines, tuple[KeySpan, ...]]:
    """The front matter's mapping, built from parser events without recursion.

    `first_line` is the file line the text starts on: 2 for front matter, after its opening '---'.
    """
    padded = "\n" * (first_line - 1) + front  # padding lines, so that YAML's line numbers are the file's
    try:
        return _build(FAST_LOADER, padded)
    except Refused:
        if FAST_LOADER is yaml.SafeLoader:
            raise
    return _build(yaml.SafeLoader, padded)  # the file is refused: say why in the reference parser's words


def _build(loader_class: Any, text: str) -> tuple[dict[str, Any], Lines, tuple[KeySpan, ...]]:
    loader = loader_class(text)
    try:
        return _Builder(loader).document()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise Refused(mark.line + 1 if mark else 1, mark.column + 1 if mark else None, "front matter",
                      f"YAML syntax error: {problem}", "valid YAML") from None
    finally:
        loader.dispose()


@dataclass
class _Frame:
    """An open mapping or list, with the key its next value belongs to."""

    container: dict[str, Any] | list[Any]
    where: tuple[str, ...]
    flow: bool
    key: str | None = None


class _Builder:
    """Turns YAML events into dicts, lists and scalars without recursion, tracking each field's line."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.lines: Lines = {}
        self.spans: list[KeySpan] = []
        self.last_line = 1  # the last line holding content, for the spans of top-level fields

    def document(self) -> tuple[dict[str, Any], Lines, tuple[KeySpan, ...]]:
        self.loader.get_event()  # stream start
        if isinstance(self.loader.peek_event(), yaml.StreamEndEvent):
            return {}, {}, ()
        self.loader.get_event()  # document start
        first = self._check(self.loader.get_event(), ())
        if not isinstance(first, yaml.MappingStartEvent):
            raise Refused(_at(first)[0], None, "front matter", "not a mapping", "'field: value' lines")
        root: dict[str, Any] = {}
        self._fill([_Frame(root, (), bool(first.flow_style))])
        if not isinstance(self.loader.get_event(), yaml.DocumentEndEvent) or not isinstance(
                self.loader.peek_event(), yaml.StreamEndEvent):
            raise Refused(_at(first)[0], None, "front matter", "more than one YAML document",
                          "one block of 'field: value' lines")
        return root, self.lines, tuple(self.spans)

    def _fill(self, stack: list[_Frame]) -> None:
        while stack:
            event, frame = self.loader.get_event(), stack[-1]
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                if frame.flow:
                    self.last_line = _last_line(event)
                if stack:
                    self._store(stack, frame.container)
            elif isinstance(frame.container, dict) and frame.key is None:
                frame.key = self._key(event, frame)
            else:
                where = frame.where + ((frame.key,) if frame.key is not None else (str(len(frame.container)),))
                self._check(event, where)
                if isinstance(frame.container, list):
                    self.lines[where] = _at(event)[0]
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    stack.append(self._open(event, where, len(stack)))
                else:
                    self.last_line = _last_line(event)
                    self._store(stack, self._scalar(event, where))

    def _open(self, event: Any, where: tuple[str, ...], depth: int) -> _Frame:
        if depth >= MAX_DEPTH:
            raise Refused(*_at(event), ".".join(where),
                          f"nested more than {MAX_DEPTH} levels deep", "the shallow fields of the schema")
        container: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        return _Frame(container, where, bool(event.flow_style))

    def _store(self, stack: list[_Frame], value: Any) -> None:
        frame = stack[-1]
        if isinstance(frame.container, list):
            frame.container.append(value)
            return
        assert frame.key is not None
        frame.container[frame.key] = value
        if len(stack) == 1:
            self.spans.append(KeySpan(frame.key, self.lines[(frame.key,)], self.last_line))
        frame.key = None

    def _key(self, event: Any, frame: _Frame) -> str:
        (line, column), where = _at(event), frame.where
        if not isinstance(event, yaml.ScalarEvent):
            raise Refused(line, column, ".".join(where) or "front matter",
                          "a key that is not a plain name", "'field: value'")
        self._check(event, where)
        name = str(event.value)
        if not name.strip() or "\n" in name or FORBIDDEN_IN_VALUE.search(name):
            raise Refused(line, column, ".".join(where) or "front matter",
                          f"the key {shown(name)}, which is not a plain name", "'field: value'")
        if name in frame.container:
            raise Refused(line, column, ".".join((*where, name)),
                          f"duplicate key (first on line {self.lines[(*where, name)]})", "each field once")
        self.lines[(*where, name)] = line
        return name

    @staticmethod
    def _check(event: Any, where: tuple[str, ...]) -> Any:
        line, column = _at(event)
        field = ".".join(where) or "front matter"
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Refused(line, column, field, "YAML anchors and aliases are not allowed",
                          "each value written out in full")
        if getattr(event, "tag", None):
            raise Refused(line, column, field, f"YAML tag {event.tag} is not allowed", "a plain value")
        return event

    def _scalar(self, event: Any, where: tuple[str, ...]) -> Any:
        """A value as YAML 1.1 reads it, except where that reading would surprise a person.

        yes/no/on/off stay text, and a number must be plain decimal digits: YAML 1.1 reads
        0470 as octal 312, 8:06 as 486 (base 60) and 0x1e6 as 486, and a draw means none of them.
        """
        value, field = event.value, ".".join(where)
        bad = FORBIDDEN_IN_VALUE.search(value)
        if bad:
            raise Refused(*_at(event), field, f"{describe(bad.group())}, written as an escape",
                          "printable text, tabs and line ends only")
        tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
        if tag not in CONSTRUCT or (event.implicit[0] and tag == BOOL and value not in BOOLEANS):
            tag = STR  # '<<' (merge) and '=' (value) have no constructor: as values, they are text
        elif event.implicit[0] and (tag == INT or (tag == FLOAT and ":" in value)):
            if not DECIMAL.fullmatch(value):
                problem = f"{shown(value)} is not a plain decimal number{_yaml11(self.loader, value)}"
                raise Refused(*_at(event), field, problem,
                              "digits such as 486, without a leading 0, '_' or ':'; or text in quotes")
            if len(value.lstrip("+-")) > MAX_DIGITS:
                raise Refused(*_at(event), field, f"a number {len(value.lstrip('+-')):,} digits long",
                              f"a number of at most {MAX_DIGITS} digits")
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            return CONSTRUCT[tag](self.loader, node)
        except (ValueError, OverflowError, yaml.YAMLError) as error:
            what = "date" if tag == TIMESTAMP and len(value) <= 10 else "time" if tag == TIMESTAMP else "number"
            reason = "" if isinstance(error, yaml.YAMLError) or not str(error) else (
                "its UTC offset is a day or more" if "offset" in str(error) else str(error))
            reason = f" ({reason})" if reason else ""
            raise Refused(*_at(event), field, f"{shown(value)} is not a real {what}{reason}",
                          _EXPECTED.get(tag, "a valid value")) from None


def _yaml11(loader: Any, value: str) -> str:
    """What YAML 1.1 makes of an octal, hexadecimal or base-60 number, to say why it is refused."""
    try:
        number = CONSTRUCT[INT](loader, yaml.ScalarNode(INT, value)) if len(value) <= MAX_DIGITS else None
    except (ValueError, TypeError):
        number = None
    return f" (YAML 1.1 would read it as {number})" if isinstance(number, int) else ""


_EXPECTED = {TIMESTAMP: "a real date such as 2023-07-05, or a UTC time such as 2023-07-05T13:38:22Z",
             FLOAT: "a number"}


def _at(event: Any) -> tuple[int, int]:
    """An event's file line and column, counted from 1."""
    return int(event.start_mark.line) + 1, int(event.start_mark.column) + 1


def _last_line(event: Any) -> int:
    """The file line a value ends on: a block value's end mark sits at the start of the next line."""
    mark = event.end_mark
    return int(mark.line if mark.column == 0 else mark.line + 1)
