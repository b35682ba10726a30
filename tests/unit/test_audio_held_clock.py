"""Issue 11: a practice's clock waits for the bells, so a bell at 0 s reaches the speakers."""

from __future__ import annotations

import threading

import pytest

from mbsr_tui.audio.mixer import MixerBellPlayer
from mbsr_tui.audio.modes import make_bell_player
from mbsr_tui.audio.players import SilentBellPlayer
from mbsr_tui.core.clock import SessionClock
from mbsr_tui.ui.bell_control import HOLDING_STATUS, BellControl, HeldClock
from tests.support.clock import FakeClock


class Flag:
    def __init__(self) -> None:
        self.up = False

    def __call__(self) -> bool:
        return self.up


def test_the_clock_stands_still_until_ready_then_runs_from_where_it_stood():
    clock, ready = FakeClock(), Flag()
    held = HeldClock(clock, ready, real=clock)
    session = SessionClock(held)
    clock.advance(0.4)
    assert held.holding and session.elapsed() == 0.0
    ready.up = True
    assert session.elapsed() == 0.0  # the first look after ready is the practice's zero
    assert not held.holding and held.held_for == pytest.approx(0.4)
    clock.advance(3.0)
    assert session.elapsed() == 3.0
    ready.up = False  # once let go, it never holds again
    clock.advance(1.0)
    assert session.elapsed() == 4.0


def test_it_holds_at_most_the_wait_counted_from_the_bells_start():
    clock, ready = FakeClock(), Flag()
    started: list[float | None] = [None]
    held = HeldClock(clock, ready, wait=1.0, since=lambda: started[0], real=clock)
    clock.advance(0.5)
    started[0] = clock()  # the bells began to open after the practice was made
    clock.advance(0.9)
    assert held() == 1000.0 and held.holding
    clock.advance(0.2)  # a second after the bells' start: go on without them
    assert held() == 1000.0 and not held.holding
    clock.advance(2.0)
    assert held() == 1002.0


def test_a_pause_or_skip_while_held_behaves_as_at_the_first_moment():
    clock, ready = FakeClock(), Flag()
    session = SessionClock(HeldClock(clock, ready, real=clock))
    session.skip_to(5.0)
    assert session.elapsed() == 5.0
    ready.up = True
    assert session.elapsed() == 5.0  # the practice's zero: the skip kept
    clock.advance(1.0)
    assert session.elapsed() == 6.0


class App:
    def bell(self) -> None:
        pass

    def call_later(self, *args, **kwargs) -> None:
        pass


class Opening:
    """A mixer backend whose open waits for the test."""

    def __init__(self) -> None:
        self.go = threading.Event()

    def open(self) -> None:
        assert self.go.wait(5)

    def play(self, sound, left, right) -> float:
        return 1.0

    def is_playing(self) -> bool:
        return False

    def fade_out(self, milliseconds) -> None:
        pass

    def close(self) -> None:
        pass


def test_bell_control_holds_for_a_mixer_and_says_so_calmly():
    backend = Opening()
    control = BellControl("sound", App())
    control._player = MixerBellPlayer(SilentBellPlayer(), lambda: backend)
    clock = FakeClock()
    held = control.hold_clock(clock)
    control.start()
    assert not control.ready_for_practice()
    assert control.describe() == HOLDING_STATUS
    assert held() == clock() and held.holding
    backend.go.set()
    assert control.wait_until_opened(5)
    assert control.ready_for_practice()
    held()
    assert not held.holding and control.describe() == "bells: sound"
    control.close()


def test_terminal_and_ssh_bells_never_hold_the_practice():
    for mode, environ in (("terminal", {}), ("off", {}), ("auto", {"SSH_TTY": "/dev/pts/1"})):
        control = BellControl(mode, App())
        control._player = make_bell_player(mode, lambda: None, environ=environ)
        held = control.hold_clock(FakeClock())
        held()
        assert not held.holding, mode


def test_a_failed_mixer_lets_the_practice_go_at_once():
    def no_device():
        raise RuntimeError("no device")

    player = MixerBellPlayer(SilentBellPlayer(), no_device)
    assert not player.settled
    player.start()
    assert player.failed and player.settled


def test_both_waits_for_its_mixer():
    backend = Opening()
    player = make_bell_player("both", lambda: None, mixer_factory=lambda: backend)
    assert not player.settled
    thread = threading.Thread(target=player.start)
    thread.start()
    backend.go.set()
    thread.join(5)
    assert player.settled
    player.close()
