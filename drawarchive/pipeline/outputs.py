"""The fingerprints of planned files (pages/kind.py's Planned), and the digests of content/ and the generator.

A planned file's fingerprint is a digest of the one frozen value its rendering reads, plus the
generator itself (this package's code, the templates, the static files, site.yml and the
libraries that shape the output). A file whose fingerprint is unchanged since the last build
is reused; any other is rendered. Because a renderer is handed only that value, it cannot read
anything the fingerprint does not cover: incremental builds equal clean ones by construction.
"""
from __future__ import annotations

import dataclasses
import hashlib
import operator
import os
import stat
import sys
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drawarchive.config import SiteConfig

PACKAGE = Path(__file__).resolve().parent.parent  # drawarchive/: all of its code shapes the output
# The libraries whose versions change what the site's bytes are.
LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "feedgen", "lxml", "pyyaml", "python-frontmatter",
             "pagefind", "pagefind-bin", "babel")


class Digests:
    """Stable digests of frozen values; each composite object is digested once per build.

    hash() is salted per process and set order follows it, so digests are computed from each
    value's fields (sets sorted), never from hash() or from repr() of a set. A leaf (a string,
    a number, a date) is written into its parent's bytes as it is, length first, rather than
    digested on its own: a page's value holds hundreds of thousands of them.
    """

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}

    def of(self, value: object, remember: bool = True) -> bytes:
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        digest = hashlib.sha256(self._parts(value)).digest()
        if remember and not _is_leaf(value) and not _small(value):
            self._memo[id(value)] = (value, digest)  # keeps value alive, so its id stays its own
        return digest

    def held(self) -> list[object]:
        """The values the memo keeps alive: a worker's memory across runs of pages."""
        return [value for value, _ in self._memo.values()]

    def forget_unheld(self) -> None:
        """Forgets the values only the memo still holds (the pages just written): they cannot recur,
        and the memo must not keep them alive. What outlives them (a category, the draws) stays."""
        self._memo = {key: known for key, known in self._memo.items() if sys.getrefcount(known[0]) > _HELD_BY_MEMO}

    def _encode(self, value: object) -> bytes:
        """A leaf's tagged bytes, or "#" and a composite's digest: no two values encode alike."""
        cls = type(value)
        if cls in _LEAVES or (cls is not bytes and _is_leaf(value)):
            text = f"{cls.__name__}:{value!r}".encode("utf-8", "surrogatepass")
            return b"%d:" % len(text) + text
        if cls is bytes and isinstance(value, bytes):
            return b"B%d:" % len(value) + value
        return b"#" + self.of(value)

    def _parts(self, value: object) -> bytes:
        encode = self._encode
        if _is_leaf(value) or type(value) is bytes:
            return encode(value)
        fields = _fields(type(value))
        if fields is not None:
            return type(value).__name__.encode() + b"(" + b"".join(map(encode, fields(value)))
        if isinstance(value, (tuple, list)):
            return b"[" + b"".join(map(encode, value))
        if isinstance(value, (set, frozenset)):
            return b"{" + b"".join(sorted(map(encode, value)))
        if isinstance(value, dict):
            return b"<" + b"".join(sorted(encode(k) + encode(v) for k, v in value.items()))
        raise TypeError(f"cannot fingerprint a {type(value).__name__}: page inputs are frozen values")

    def fingerprint(self, *parts: object) -> str:
        """The parts are one file's own (its path, its page): digested, not remembered."""
        return hashlib.sha256(b"".join(self.of(part, remember=False) for part in parts)).hexdigest()


_HELD_BY_MEMO = 2  # getrefcount's: the memo's tuple, and getrefcount's own argument
_LEAVES = frozenset((str, int, float, bool, type(None), date, datetime))


def _is_leaf(value: object) -> bool:
    """The exact types first, as nearly every value is one; then their subclasses (an Enum, a str of a kind)."""
    return type(value) in _LEAVES or isinstance(value, (Enum, str, int, float, date))


def _small(value: object) -> bool:
    """A short tuple, list or dict (a band and its count, a pair of neighbours): encoded again where it
    recurs, as cheaply as it is looked up; remembering each took 150 MB at 20,000 draws."""
    return isinstance(value, (tuple, list, dict)) and len(value) <= 2


_FIELDS: dict[type, Callable[[object], tuple[object, ...]] | None] = {}


def _fields(cls: type) -> Callable[[object], tuple[object, ...]] | None:
    """A dataclass's field values as a tuple (one getter per class, made once); None for any other class."""
    if cls not in _FIELDS:
        _FIELDS[cls] = _getter([f.name for f in dataclasses.fields(cls)]) if dataclasses.is_dataclass(cls) else None
    return _FIELDS[cls]


def _getter(names: list[str]) -> Callable[[object], tuple[object, ...]]:
    if not names:
        return lambda value: ()
    get = operator.attrgetter(*names)
    return get if len(names) > 1 else lambda value: (get(value),)


def generator_digest(root: Path, config: SiteConfig) -> str:
    """Everything besides content that shapes the output: this package, the project's templates and static
    files, the catalogs of its languages, site.yml's values, the libraries. A change re-renders every file."""
    folders = (root / "templates", root / "static")
    catalogs = [Path(found.catalog) for found in config.languages if found.catalog]
    hasher = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        try:
            hasher.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"{name}=absent".encode())
    for folder in (PACKAGE, *folders):
        for path in sorted(folder.rglob("*")) if folder.exists() else ():
            if path.is_file() and "__pycache__" not in path.parts:
                hasher.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    for catalog in catalogs:  # where it is, too: a project's own catalog is outside the package
        hasher.update(b"catalog\0" + (catalog.read_bytes() if catalog.is_file() else b"missing"))
    hasher.update(Digests().of(config))
    return hasher.hexdigest()


def content_digest(folder: Path, *context: str, parts: dict[str, bytes] | None = None) -> str:
    """Every name, kind and byte under content/, with what else the reading depends on (today's
    date): the same digest reads to the same archive, so a build from it makes the same site.
    `parts` gains each regular file's digest, by its path under the folder."""
    hasher = hashlib.sha256("\0".join(context).encode())
    for top, folders, files in os.walk(folder):  # symlinked folders are listed, not followed
        folders.sort()
        for name in sorted(folders + files):
            path = os.path.join(top, name)
            mode = os.lstat(path).st_mode
            hasher.update(f"\0{os.path.relpath(path, folder)}\0{stat.S_IFMT(mode)}\0".encode())
            if stat.S_ISREG(mode):
                with open(path, "rb") as handle:
                    digest = hashlib.sha256(handle.read()).digest()
                hasher.update(digest)
                if parts is not None:
                    parts[os.path.relpath(path, folder)] = digest
            elif stat.S_ISLNK(mode):
                hasher.update(os.fsencode(os.readlink(path)))
    return hasher.hexdigest()
