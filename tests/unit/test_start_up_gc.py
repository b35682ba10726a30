"""Garbage collection pauses while the app starts and resumes after its first frame,
with what start-up made set aside (ui/start_up_gc.py, issue 22)."""

from __future__ import annotations

import gc

import pytest

from mbsr_tui.ui import start_up_gc


@pytest.fixture
def collector():
    # A test before this one in the same worker may have started run_app (which pauses)
    # without a first frame (which resumes): begin from a collector as Python starts.
    gc.enable()
    start_up_gc._paused = False
    yield
    gc.enable()
    gc.unfreeze()
    start_up_gc._paused = False


def test_paused_until_resumed_then_start_up_objects_set_aside(collector):
    start_up_gc.pause_collection()
    assert not gc.isenabled()
    made_at_start = [object() for _ in range(10)]
    start_up_gc.resume_collection()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made_at_start)


def test_resuming_without_a_pause_changes_nothing(collector):
    start_up_gc.resume_collection()  # the app under tests: never paused
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_collector_someone_turned_off_stays_off(collector):
    gc.disable()
    start_up_gc.pause_collection()
    start_up_gc.resume_collection()
    assert not gc.isenabled()
