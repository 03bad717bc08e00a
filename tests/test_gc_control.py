"""Collector control for batch runs: off and frozen during the run, bounded, restored."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from fixer import gc_control
from fixer.gc_control import batch_collection, checkpoint, project_started


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(gc_control, "_projects", 0)
    assert gc.isenabled()
    yield
    assert gc.isenabled() and gc.get_freeze_count() == 0


def cycle() -> weakref.ref[Node]:
    return weakref.ref(Node())


def test_a_batch_runs_with_the_collector_off_and_start_up_frozen() -> None:
    with batch_collection():
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0
        with batch_collection():  # nested: left alone
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_collector_already_off_is_left_off() -> None:
    gc.disable()
    try:
        with batch_collection(bound=0):
            assert not checkpoint()  # not ours to manage
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_checkpoint_collects_past_the_bound_only() -> None:
    with batch_collection(bound=10**9):
        garbage = cycle()
        assert not checkpoint()
        assert garbage() is not None  # nothing collects it while the collector is off
    gc.collect()
    with batch_collection(bound=100):
        garbage = cycle()
        _ = [[] for _ in range(200)]  # past the bound
        assert checkpoint()
        assert garbage() is None
        assert gc.get_count()[0] < 100


def test_garbage_of_a_finished_project_is_collected_when_the_next_starts() -> None:
    with batch_collection(bound=100):
        project_started()
        garbage = cycle()
        _ = [[] for _ in range(200)]
        alive = Node()
        assert checkpoint()  # alive is frozen now
        kept = weakref.ref(alive)
        del alive
        assert kept() is not None  # a frozen cycle is not collected ...
        project_started()
        assert kept() is None  # ... until the next project starts
        assert garbage() is None


def test_only_projects_of_the_same_batch_cost_a_collection(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process running many batches (tests, a library user) pays no full collection
    for the first project of each."""
    collections: list[int] = []
    monkeypatch.setattr(gc_control.gc, "collect", lambda *a: collections.append(1) or 0)
    for _ in range(3):
        with batch_collection():
            project_started()
    assert collections == []
    with batch_collection():
        project_started()
        project_started()
    assert collections == [1]


def test_a_one_shot_process_leaves_its_last_batch_uncollected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The `fixer` process exits after its run: collecting the run's trees at the end of
    the last project only costs time (about a second on the corpus)."""
    monkeypatch.setattr(gc_control, "_one_shot", True)
    monkeypatch.setattr(gc_control, "_left_off", False)
    try:
        with batch_collection():
            garbage = cycle()
        assert not gc.isenabled()
        assert garbage() is not None  # not collected at the end of the batch
        with batch_collection():  # a next project of the same process
            assert garbage() is None  # collects what the one before left
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()
