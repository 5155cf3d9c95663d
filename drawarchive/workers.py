"""Rendering on every core: once everything is planned, forked workers each write a share of the files.

Forking after planning means the workers inherit the model and the plan as they are, so nothing
is pickled but a share's number; each worker writes its files straight into the staging folder.
Outputs are interleaved between workers, so neighbouring (similar) pages spread evenly; the
languages of one page stay together.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
from collections.abc import Sequence
from pathlib import Path

from .outputs import Output

PR_SET_PDEATHSIG = 1
# Below this, starting workers costs more than it saves (the real archive's edits, serve's rebuilds).
MIN_PARALLEL = 400

_jobs: Sequence[Output] = ()  # what the forked workers render; set just before they start


def worker_count() -> int:
    """The cores this process may use, or DRAWARCHIVE_JOBS when it is set (1 renders in this process)."""
    wanted = os.environ.get("DRAWARCHIVE_JOBS", "")
    return max(1, int(wanted)) if wanted.isdigit() else len(os.sched_getaffinity(0))


def render_outputs(outputs: Sequence[Output], staging: Path, workers: int | None = None) -> None:
    """Writes each output's rendering to staging/<path>, on `workers` processes."""
    global _jobs
    workers = min(workers or worker_count(), max(1, len(outputs) // (MIN_PARALLEL // 2)))
    # A fork copies only the calling thread: a lock another thread held (serve's server, a test's) stays held.
    if workers < 2 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        _write_share(staging, [output for unit in _units(outputs) for output in unit])
        return
    _jobs = outputs
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_die_with_parent) as pool:
            pool.starmap(_render_share, [(staging, share, workers) for share in range(workers)])
    finally:
        _jobs = ()


def _render_share(staging: Path, share: int, workers: int) -> None:
    _write_share(staging, [output for unit in _units(_jobs)[share::workers] for output in unit])


def _units(outputs: Sequence[Output]) -> list[list[Output]]:
    """The outputs in groups, in order of first appearance: a page's languages go to one worker, one
    after the other, so what they share (a draw's notes as HTML, its charts) is made once."""
    units: dict[object, list[Output]] = {}
    for i, output in enumerate(outputs):
        units.setdefault(output.group if output.group is not None else i, []).append(output)
    return list(units.values())


def _write_share(staging: Path, outputs: Sequence[Output]) -> None:
    for output in outputs:
        made = output.render()
        with open(staging / output.path, "wb") as handle:
            handle.write(made) if isinstance(made, bytes) else handle.writelines(made)


def _die_with_parent() -> None:
    """A killed build must not leave workers writing into a staging folder the next build clears."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):  # not Linux: the parent's pool still stops them on a normal exit
        pass
