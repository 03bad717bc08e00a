"""The garbage collector during a batch run: frozen after start-up, off, collected by bound."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Young container objects (net, allocated minus freed) after which a batch run collects.
# A run's syntax trees stay alive until its report is printed, so the collector finds
# nothing in them; with its default thresholds it walks them again and again (13 full
# collections, a third of a corpus run). Off with this bound, each object is walked at
# most once: a collection freezes what survives it.
DEFAULT_BOUND = 2_000_000

_bound: int | None = None  # set while a batch run controls the collector
_projects = 0  # projects started in this batch
_one_shot = False  # the process ends with its command (one_shot_process)
_left_off = False  # a one-shot batch ended with the collector off and frozen


@contextmanager
def batch_collection(bound: int = DEFAULT_BOUND) -> Iterator[None]:
    """Freeze what start-up made and switch automatic collection off for a batch run,
    collecting only when `checkpoint` finds more than `bound` new objects; back to
    normal (unfrozen, on) at the end, except in a one-shot process (`one_shot_process`),
    where the next batch, if any, collects what this one left. Nested uses and runs with
    the collector already off (the language server manages its own) leave it alone."""
    global _bound, _projects, _left_off
    if _bound is not None or not (gc.isenabled() or _left_off):
        yield
        return
    if _left_off:  # the batch before, in this one-shot process, left its garbage
        gc.unfreeze()
        gc.collect()
        _left_off = False
    gc.freeze()
    gc.disable()
    _bound, _projects = bound, 0
    try:
        yield
    finally:
        _bound = None
        if _one_shot:
            _left_off = True
        else:
            gc.unfreeze()
            gc.enable()


def checkpoint() -> bool:
    """Collect, then freeze the survivors, when a batch run has made more than its bound
    of new objects since the last collection; whether it collected."""
    if _bound is None or gc.get_count()[0] < _bound:
        return False
    gc.collect()
    gc.freeze()
    return True


def project_started() -> None:
    """Called as each project starts: after the first of a batch, collect what the
    finished ones left, frozen survivors included (their trees may hold reference
    cycles), then freeze what remains."""
    global _projects
    _projects += 1
    if _bound is None or _projects == 1:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def one_shot_process() -> None:
    """Say that this process ends when its command does (`fixer.entry.main`): a batch
    run then leaves the collector off and frozen at its end, for a collection there
    would only walk the last project's trees to free memory the exit frees anyway."""
    global _one_shot
    _one_shot = True
