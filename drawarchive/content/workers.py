"""Work on every core: forked workers each read a share of the draw files, and later, as each
batch of the site's files is planned, each fingerprint and write a share of the batch.

A forked worker inherits what its parent holds (the list of files to read; the model and the
batch), so nothing is sent to it but its share's number. What it reads comes back pickled (the
Draws); what it renders it writes straight into the staging folder, sending back only each
file's fingerprint. Files are interleaved between workers, so neighbouring (similar) pages
spread evenly; the languages of one page stay together.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

PR_SET_PDEATHSIG = 1
T = TypeVar("T")
R = TypeVar("R")
# Below this, starting workers costs more than it saves (the real archive's edits, serve's rebuilds).
MIN_PARALLEL = 400

_job: Callable[[int, int], Any] | None = None  # what the forked workers run; set just before they start


def worker_count() -> int:
    """The cores this process may use, or DRAWARCHIVE_JOBS when it is set (1 renders in this process)."""
    wanted = os.environ.get("DRAWARCHIVE_JOBS", "")
    return max(1, int(wanted)) if wanted.isdigit() else _usable_cpus()


def _usable_cpus() -> int:
    """The CPUs this process may run on, where the system says (not macOS's sched_getaffinity), else all."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+: affinity-aware, and portable
        return max(1, os.process_cpu_count() or 1)
    if hasattr(os, "sched_getaffinity"):  # Linux and some BSDs
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def in_workers(job: Callable[[int, int], T], items: int, workers: int | None = None, pieces: int = 1) -> list[T]:
    """[job(share, shares) for each share], the shares run by forked workers when `items` are many
    enough to be worth starting them (else one share, in this process). Results come back pickled,
    so a job that returns much is cut into `pieces` shares per worker: one result at a time in transit."""
    global _job
    workers = min(workers or worker_count(), max(1, items // (MIN_PARALLEL // 2)))
    # A fork copies only the calling thread: a lock another thread held (serve's server, a test's) stays held.
    if workers < 2 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [job(0, 1)]
    shares = workers * pieces
    _job = job
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_die_with_parent) as pool:
            return pool.starmap(_run_share, [(share, shares) for share in range(shares)], chunksize=1)
    finally:
        _job = None


def run_of(items: Sequence[T], share: int, shares: int) -> Sequence[T]:
    """A share's run of items: joined in share order, the runs give the items in their order."""
    return items[share * len(items) // shares:(share + 1) * len(items) // shares]


def _run_share(share: int, shares: int) -> Any:
    assert _job is not None
    return _job(share, shares)


def by_groups(items: Sequence[T], group: Callable[[T], object], job: Callable[[list[T]], list[R]],
              workers: int | None = None) -> list[R]:
    """job(a share of items) on every core, the results joined (a share's after another's). The items
    of one group go to one worker, one after the other, so that what they share (a draw's notes as
    HTML in each language) is made once; groups are dealt out in turn, so similar items spread evenly.
    An item whose group is None is a group of its own."""
    units = _units(items, group)
    shares = in_workers(lambda share, shares: job([i for unit in units[share::shares] for i in unit]), len(items),
                        workers)
    return [result for results in shares for result in results]


def _units(items: Sequence[T], group: Callable[[T], object]) -> list[list[T]]:
    """The items in groups, in order of first appearance."""
    units: dict[object, list[T]] = {}
    for i, item in enumerate(items):
        key = group(item)
        units.setdefault(key if key is not None else i, []).append(item)
    return list(units.values())


def _die_with_parent() -> None:
    """A killed build must not leave workers writing into a staging folder the next build clears."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):  # not Linux: the parent's pool still stops them on a normal exit
        pass
