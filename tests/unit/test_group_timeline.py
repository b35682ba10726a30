"""The shared timeline (issue 10): one start, the host's pauses, late joiners, a host gone.

Pure: wall-clock moments are numbers handed in; nothing sleeps.
"""

from __future__ import annotations

import pytest

from mbsr_tui.core.group.presence import STALE_SECONDS
from mbsr_tui.core.group.room import Room
from mbsr_tui.core.group.shared import (
    GroupPracticeLife,
    RoomView,
    SharedClock,
    ended_room,
    paused_room,
    planned_from,
    resumed_room,
    room_elapsed,
    room_total,
)
from mbsr_tui.core.practice import Outcome
from mbsr_tui.core.session import BellPlan, Session, Step
from mbsr_tui.core.timeline import Timeline
from tests.support.clock import FakeClock

T0 = 1_800_000_000.0  # the room's start, wall clock


def stepped() -> Session:
    steps = tuple(Step(f"Step {i}", "…", 60.0, bell=i > 0) for i in range(4))
    return Session("stepped", "Stepped", prepare_seconds=5.0, steps=steps,
                   bells=BellPlan(interval_seconds=30.0))  # fmt: skip


def room(**changes) -> Room:
    base = dict(id="stepped-0a0a", title="Stepped", session=stepped(), seconds=240.0,
                opened_at=T0 - 60, starts_at=T0)  # fmt: skip
    return Room(**{**base, **changes})


def test_elapsed_is_the_wall_clock_since_the_start():
    assert room_elapsed(room(), T0 - 3) == -3
    assert room_elapsed(room(), T0 + 100.25) == 100.25


def test_the_hosts_pause_freezes_everyone_and_its_length_is_left_out():
    paused = paused_room(room(), T0 + 50)
    assert paused.paused
    assert room_elapsed(paused, T0 + 50) == room_elapsed(paused, T0 + 80) == 50
    going = resumed_room(paused, T0 + 80)
    assert not going.paused and going.paused_seconds == 30
    assert room_elapsed(going, T0 + 100) == 70
    again = resumed_room(paused_room(going, T0 + 110), T0 + 115)
    assert again.paused_seconds == 35 and room_elapsed(again, T0 + 120) == 85


def test_a_host_gone_while_paused_is_taken_to_resume_when_last_seen_plus_the_grace():
    paused = paused_room(room(), T0 + 50)
    seen = T0 + 52  # the host's last heartbeat
    back = seen + STALE_SECONDS
    assert room_elapsed(paused, back - 1, host_seen=seen) == 50
    assert room_elapsed(paused, back + 10, host_seen=seen) == pytest.approx(60)
    assert not RoomView(paused, host_seen=seen).paused  # a participant's player goes on


def test_a_host_gone_while_running_changes_nothing_the_sitting_runs_to_its_end():
    total = room_total(room())
    assert room_elapsed(room(), T0 + 90, host_seen=T0 + 10) == 90
    assert room_elapsed(room(), T0 + total - 1, host_seen=T0 + 10) < total
    assert room_elapsed(room(), T0 + total, host_seen=T0 + 10) >= total


def test_the_hosts_end_stops_everyone_at_that_moment():
    ended = ended_room(room(), T0 + 100)
    assert room_elapsed(ended, T0 + 500) == 100
    assert ended.ended_at == T0 + 100


def test_a_late_joiner_starts_at_the_rooms_moment_and_counts_only_their_time():
    wall = FakeClock(T0 + 130.0)  # joins 2:05 into the practice (5 s getting ready)
    clock = SharedClock(lambda: RoomView(room()), wall=wall, mono=wall, counts_from=5.0)
    assert clock.joined == 130
    assert clock.elapsed() == 130
    wall.advance(40)
    assert clock.elapsed() == 170
    assert clock.practised_since(5.0) == 40
    timeline = Timeline(stepped(), 240.0)
    assert planned_from(clock.joined, timeline.prepare, timeline.length) == 240 - 125


def test_two_participants_who_joined_apart_see_the_same_moment_and_hear_the_same_bells():
    wall = FakeClock(T0 - 1.0)
    timeline = Timeline(stepped(), 240.0)
    early = SharedClock(lambda: RoomView(room()), wall=wall)
    wall.advance(73.3)
    late = SharedClock(lambda: RoomView(room()), wall=wall)
    heard = {id(early): [], id(late): []}
    last = {id(early): max(0.0, early.joined), id(late): late.joined}
    for step in (0.4, 7.9, 0.01, 30.0, 2.2, 120.0):  # irregular frames
        wall.advance(step)
        for clock in (early, late):
            now = clock.elapsed()
            events = timeline.events_between(last[id(clock)], now)
            heard[id(clock)] += [e.at for e in events if e.sound]
            last[id(clock)] = max(last[id(clock)], now)
        assert timeline.state_at(early.elapsed()) == timeline.state_at(late.elapsed())
    joined_at = late.joined
    assert heard[id(late)] == [at for at in heard[id(early)] if at >= joined_at]


def test_a_participant_joining_in_the_first_moments_hears_the_start_bell():
    clock = SharedClock(lambda: RoomView(room(session=stepped())), wall=lambda: T0 + 0.4)
    assert clock.joined == 0.0


def test_nobody_skips_and_only_the_handed_in_toggle_pauses():
    view = RoomView(room())
    toggled = []
    wall = FakeClock(T0 + 10)
    clock = SharedClock(lambda: view, wall=wall, toggle=lambda: toggled.append(1))
    clock.skip_to(200.0)
    assert clock.elapsed() == 10
    assert clock.toggle() is False and toggled == [1]
    viewer = SharedClock(lambda: view, wall=wall)
    assert viewer.toggle() is False


def test_ending_ones_own_practice_freezes_only_ones_own_view_and_says_so():
    stopped = []
    wall = FakeClock(T0 + 10)
    clock = SharedClock(lambda: RoomView(room()), wall=wall, on_stop=stopped.append)
    clock.pause()
    wall.advance(30)
    assert clock.elapsed() == 10 and clock.paused and stopped == [10]


def test_the_journal_keeps_what_remained_at_joining_and_tags_a_group_sitting():
    from datetime import UTC, datetime

    life = GroupPracticeLife(stepped(), datetime(2026, 11, 27, 9, tzinfo=UTC), None,
                             planned_seconds=115.0)  # fmt: skip
    life.end(Outcome(stepped(), 240.0, 115.0, reached_end=True),
             datetime(2026, 11, 27, 9, 2, tzinfo=UTC))  # fmt: skip
    entry = life.entry()
    assert entry.planned_seconds == 115 and entry.practised_seconds == 115 and entry.completed
    assert entry.title == "Stepped · group sitting"
    assert entry.session_id == "stepped"


def test_the_group_core_loads_neither_textual_nor_rich_nor_pygame():
    import json
    import subprocess
    import sys

    script = (
        "import json, sys\n"
        "import mbsr_tui.core.group.rooms, mbsr_tui.core.group.shared\n"
        "print(json.dumps(sorted(m for m in sys.modules\n"
        "                        if m.split('.')[0] in ('textual', 'rich', 'pygame'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=60)  # fmt: skip
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_a_rooms_length_is_the_timelines_without_laying_out_every_breath():
    import time as clock

    from mbsr_tui.core.session import Pattern

    fast = Session("fast", "Fast", minutes=360.0, pattern=Pattern(inhale=0.1, exhale=0.1))
    for session, seconds in ((stepped(), 240.0), (stepped(), 97.3), (fast, 21600.0)):
        shaped = room(session=session, seconds=seconds)
        started = clock.perf_counter()
        total = room_total(shaped)
        assert clock.perf_counter() - started < 0.05
        if session is not fast:
            assert total == Timeline(session, seconds).total


# -- issue 21, item 3: what a room file says later never takes back what was practised ----


def test_practised_time_is_never_reduced_by_a_later_room_file():
    wall = FakeClock(T0 + 10.0)
    current = {"room": room()}
    clock = SharedClock(lambda: RoomView(current["room"]), wall=wall, mono=wall,
                        counts_from=5.0)  # fmt: skip
    wall.advance(71.0)  # joined at 0:10; 1:11 there
    assert clock.elapsed() == 81 and clock.practised_since(5.0) == 71
    current["room"] = room(paused_seconds=20_000.0)  # back to "getting ready", and before
    wall.advance(1.0)
    assert clock.elapsed() == 81  # the moment never goes back
    assert clock.practised_since(5.0) == 71
    current["room"] = room(paused_seconds=-500.0)  # and on, 500 s at once
    wall.advance(1.0)
    assert clock.elapsed() == 583
    assert clock.practised_since(5.0) == 72  # only the second that passed here counts
    assert clock.practised() == 72


def test_a_participant_believes_pauses_that_grow_with_time_and_nothing_else():
    from mbsr_tui.core.group.shared import unbelievable

    going = room()
    seen = T0 + 70
    assert unbelievable(going, seen, going, seen + 0.25) == ""
    paused = paused_room(going, T0 + 70.1)
    assert unbelievable(going, seen, paused, seen + 0.25) == ""
    assert unbelievable(paused, seen + 0.25, resumed_room(paused, T0 + 100), T0 + 100.2) == ""
    huge = room(paused_seconds=20_000.0)
    assert "grew by more" in unbelievable(going, seen, huge, seen + 0.25)
    assert "grew by more" in unbelievable(going, seen, room(paused_seconds=30.0), seen + 10)
    shrunk = room(paused_seconds=5.0)
    assert "went back" in unbelievable(room(paused_seconds=30.0), seen, shrunk, seen + 1)
    early = paused_room(going, T0 + 10)  # a pause said to have begun a minute ago
    assert "grew by more" in unbelievable(going, seen, early, seen + 0.25)
    ended = ended_room(going, T0 + 70)
    assert unbelievable(going, seen, ended, seen + 0.25) == ""
    assert "ended before" in unbelievable(going, seen, ended_room(going, T0 + 20), seen + 1)
    assert "end moved" in unbelievable(ended, seen, ended_room(going, T0 + 71), seen + 1)
