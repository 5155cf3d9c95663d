"""An output is one file of the site: where it goes, what it reads, and how to make it.

`inputs` fingerprints everything the file is made from, so that an incremental build
can skip a file whose inputs are unchanged (Lektor's dependency recording, made explicit).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Output:
    path: str  # relative to site/, e.g. "draws/254/index.html"
    inputs: str  # fingerprint of what the file is made from
    render: Callable[[], bytes]


@cache
def digest(value: object) -> str:
    """A stable digest of a frozen domain object (repr is deterministic; hash() is salted per process)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


def fingerprint(*parts: object) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        if isinstance(part, (tuple, list)):
            for item in part:
                hasher.update(digest(item).encode())
        else:
            hasher.update(digest(part).encode())
        hasher.update(b"|")
    return hasher.hexdigest()
