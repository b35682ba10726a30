"""The session clock, and the engine driven by it the way the player drives it: frame by frame."""

from __future__ import annotations

import random
import time

import pytest

from mbsr_tui.core.clock import SessionClock
from mbsr_tui.core.events import EventKind
from mbsr_tui.core.session import BellPlan, Session, Step
from mbsr_tui.core.timeline import Timeline
from tests.support.clock import FakeClock

PREPARE = 10.0


def sitting(minutes: float = 60) -> Session:
    """A long sitting: start, interval bells every five minutes, end."""
    return Session(
        id="sitting",
        title="Sitting",
        minutes=minutes,
        prepare_seconds=PREPARE,
        bells=BellPlan(start=True, end=True, interval_seconds=300),
    )


class Player:
    """What the UI does each frame: ring `events_between(last, elapsed)`, note the wall time."""

    def __init__(self, session: Session, clock: FakeClock) -> None:
        self.fake = clock
        self.launched_at = clock.time
        self.clock = SessionClock(clock)
        self.timeline = Timeline(session)
        self.last = 0.0
        self.rung: list[tuple[float, object]] = []  # (wall time, event)

    def frame(self) -> None:
        elapsed = self.clock.elapsed()
        for event in self.timeline.events_between(self.last, elapsed):
            self.rung.append((self.fake.time, event))
        self.last = max(self.last, elapsed)

    def run(self, rnd: random.Random, until: float, low=0.001, high=0.2) -> list[float]:
        """Frames at random gaps until the fake wall clock reaches `until`; the gaps."""
        gaps = []
        while self.fake.time < until:
            gap = rnd.uniform(low, high)
            gaps.append(gap)
            self.fake.advance(gap)
            self.frame()
        return gaps

    @property
    def finished(self) -> bool:
        return self.timeline.state_at(self.clock.elapsed()).finished


# -- the clock itself ---------------------------------------------------------------------


def test_elapsed_follows_the_clock_it_was_given():
    fake = FakeClock(start=500.0)
    clock = SessionClock(fake)
    assert clock.elapsed() == 0
    fake.advance(12.5)
    assert clock.elapsed() == 12.5
    assert clock.practised() == 12.5
    assert not clock.paused


def test_pause_freezes_and_resume_continues():
    fake = FakeClock()
    clock = SessionClock(fake)
    fake.advance(10)
    clock.pause()
    assert clock.paused
    fake.advance(100)
    assert clock.elapsed() == 10
    clock.resume()
    assert not clock.paused
    fake.advance(5)
    assert clock.elapsed() == 15
    assert clock.practised() == 15


def test_pause_and_resume_twice_are_harmless():
    fake = FakeClock()
    clock = SessionClock(fake)
    fake.advance(3)
    clock.pause()
    fake.advance(4)
    clock.pause()  # the second pause must not restart the paused stretch
    fake.advance(4)
    clock.resume()
    clock.resume()
    fake.advance(1)
    assert clock.elapsed() == 4


def test_toggle_reports_whether_now_paused():
    fake = FakeClock()
    clock = SessionClock(fake)
    assert clock.toggle() is True
    fake.advance(60)
    assert clock.toggle() is False
    fake.advance(1)
    assert clock.elapsed() == 1


def test_skip_to_jumps_ahead_but_never_back():
    fake = FakeClock()
    clock = SessionClock(fake)
    fake.advance(10)
    clock.skip_to(100)
    assert clock.elapsed() == 100
    assert clock.practised() == 10  # skipped time was not practised
    clock.skip_to(50)
    assert clock.elapsed() == 100
    fake.advance(2)
    assert clock.elapsed() == 102


def test_skip_while_paused_stays_paused_at_the_new_place():
    fake = FakeClock()
    clock = SessionClock(fake)
    fake.advance(5)
    clock.pause()
    clock.skip_to(60)
    fake.advance(30)
    assert clock.elapsed() == 60
    clock.resume()
    fake.advance(1)
    assert clock.elapsed() == 61
    assert clock.practised() == 6


def test_the_default_clock_is_monotonic():
    clock = SessionClock()
    first = clock.elapsed()
    assert 0 <= first < 5
    assert clock.elapsed() >= first
    assert SessionClock.__init__.__defaults__ == (time.monotonic,)


# -- sixty minutes of sitting, frame by frame -------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_sixty_minute_sitting_rings_every_bell_once_on_time_without_drift(seed):
    rnd = random.Random(seed)
    fake = FakeClock(start=10_000.0)
    player = Player(sitting(60), fake)
    gaps = player.run(rnd, until=player.launched_at + PREPARE + 3600 + 1)
    assert player.finished

    bells = [(wall, e) for wall, e in player.rung if e.sound]
    kinds = [e.kind for _, e in bells]
    # Start, eleven interval bells (5..55 min; none in the last 30 s), end.
    assert kinds == [EventKind.START] + [EventKind.INTERVAL] * 11 + [EventKind.END]
    expected = [PREPARE] + [PREPARE + 300.0 * n for n in range(1, 12)] + [PREPARE + 3600.0]
    assert [e.at for _, e in bells] == expected

    # Every event of the session was delivered once, in order.
    assert [e for _, e in player.rung] == player.timeline.events

    # Each bell rings within one frame of its time; the last is as close as the first.
    largest_gap = max(gaps)
    errors = [wall - (player.launched_at + e.at) for wall, e in bells]
    assert all(0 <= error <= largest_gap for error in errors), errors
    assert errors[-1] <= 0.2 and errors[0] <= 0.2
    # No drift at all: an hour of irregular frames leaves elapsed exactly on the clock.
    assert player.clock.elapsed() == pytest.approx(fake.time - player.launched_at, abs=1e-6)


def test_late_and_skipped_frames_still_ring_each_bell_once():
    # A frame can come very late (a suspended laptop): everything missed rings once, in order.
    fake = FakeClock()
    player = Player(sitting(20), fake)
    for gap in [0.05, 4, 600, 0.01, 0.01, 900, 300]:
        fake.advance(gap)
        player.frame()
    assert [e for _, e in player.rung] == player.timeline.events
    fake.advance(10)
    player.frame()
    assert len(player.rung) == len(player.timeline.events)


@pytest.mark.parametrize("pause_seconds", [1.5, 42.0, 600.0])
def test_pausing_shifts_every_later_event_by_the_pause(pause_seconds):
    rnd = random.Random(11)
    session = Session(
        id="s",
        title="S",
        prepare_seconds=PREPARE,
        bells=BellPlan(interval_seconds=60, at_seconds=(95.0,)),
        steps=(
            Step("a", "", 100, bell=True),
            Step("b", "", 100, bell=True),
            Step("c", "", 100, bell=True),
        ),
    )
    fake = FakeClock()
    player = Player(session, fake)
    player.run(rnd, until=player.launched_at + PREPARE + 130)
    paused_wall = fake.time
    player.clock.pause()
    before = len(player.rung)
    fake.advance(pause_seconds)
    player.frame()
    assert len(player.rung) == before  # nothing rings while paused
    player.clock.resume()
    player.run(rnd, until=fake.time + 400)

    assert [e for _, e in player.rung] == player.timeline.events
    paused_elapsed = paused_wall - player.launched_at
    for wall, event in player.rung:
        scheduled = player.launched_at + event.at
        if event.at >= paused_elapsed:
            scheduled += pause_seconds  # later events come exactly the pause later
        assert 0 <= wall - scheduled <= 0.2, (event, wall - scheduled)
    later = [e for e in player.timeline.events if e.at >= paused_elapsed]
    assert {e.kind for e in later} >= {EventKind.INTERVAL, EventKind.STEP, EventKind.END}


def test_skip_to_the_next_step_starts_it_and_rings_only_its_own_events():
    session = Session(
        id="s",
        title="S",
        prepare_seconds=PREPARE,
        steps=(
            Step("a", "", 120, bell=True),
            Step("b", "", 120, bell=True),
            Step("c", "", 120, bell=True),
        ),
        bells=BellPlan(at_seconds=(60.0, 170.0)),
    )
    fake = FakeClock()
    player = Player(session, fake)
    player.run(random.Random(3), until=player.launched_at + PREPARE + 30)
    state = player.timeline.state_at(player.clock.elapsed())
    assert state.step_index == 0

    # What the player does on "next step": jump, and let the skipped stretch stay silent.
    target = player.timeline.step_starts[state.step_index + 1]
    rung_before = len(player.rung)
    player.clock.skip_to(target)
    player.last = target
    player.frame()
    state = player.timeline.state_at(player.clock.elapsed())
    assert player.clock.elapsed() == target
    assert state.step_index == 1
    assert state.step_left == pytest.approx(120)
    fake.advance(0.016)
    player.frame()
    # The new step's own bell rings on the next frame; nothing from the skipped stretch.
    new = [e for _, e in player.rung[rung_before:]]
    assert [(e.kind, e.step_index) for e in new] == [(EventKind.STEP, 1)]
    assert new[0].sound == "bell"
    assert all(e.at != PREPARE + 60 for _, e in player.rung)  # the skipped bell stayed quiet

    fake.advance(50)
    player.frame()
    assert player.rung[-1][1].kind is EventKind.AT and player.rung[-1][1].at == PREPARE + 170
    assert player.clock.practised() == pytest.approx(PREPARE + 30 + 50, abs=0.25)
