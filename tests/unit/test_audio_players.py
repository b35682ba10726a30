"""The bell players without a device: terminal bell, silence, volume, mute, the mixer's logic."""

from __future__ import annotations

import sys
import threading

import pytest

from mbsr_tui.audio.mixer import NO_DEVICE_NOTICE, NO_PYGAME_NOTICE, MixerBellPlayer
from mbsr_tui.audio.players import (
    SilentBellPlayer,
    TerminalBellPlayer,
    is_soft_cue,
    stereo_gains,
    volume_gain,
)
from mbsr_tui.audio.pygame_backend import PygameMixer
from mbsr_tui.core.events import Side
from tests.support.oracles import start_in_background


class Spy:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1


class FakeMixer:
    """Stands in for pygame: records what would play."""

    def __init__(self, fail: Exception | None = None, length: float = 3.5) -> None:
        self.fail = fail
        self.length = length
        self.played: list[tuple[str, float, float]] = []
        self.opened = self.closed = False
        self.fades: list[int] = []

    def open(self) -> None:
        if self.fail:
            raise self.fail
        self.opened = True

    def play(self, sound: str, left: float, right: float) -> float:
        if sound == "missing":
            raise FileNotFoundError(sound)
        self.played.append((sound, left, right))
        return self.length

    def is_playing(self) -> bool:
        return bool(self.played) and not self.fades

    def fade_out(self, milliseconds: int) -> None:
        self.fades.append(milliseconds)

    def close(self) -> None:
        self.closed = True


def mixer_player(fake: FakeMixer, volume: int = 100):
    spy = Spy()
    return MixerBellPlayer(TerminalBellPlayer(spy), lambda: fake, volume=volume), spy


# -- terminal -------------------------------------------------------------------------


def test_the_terminal_rings_once_per_bell_and_never_for_a_cue():
    spy = Spy()
    player = TerminalBellPlayer(spy)
    for sound in ("bowl", "cue", "bell", "cue", "cue", "bowl"):
        player.ring(sound, Side.LEFT)
    assert spy.calls == 3


def test_soft_cues_are_the_stems_that_start_with_cue():
    assert is_soft_cue("cue") and is_soft_cue("cue-wood")
    assert not is_soft_cue("bell") and not is_soft_cue("bowl")


def test_a_muted_terminal_stays_quiet_and_says_so():
    spy = Spy()
    player = TerminalBellPlayer(spy, reason="SSH")
    assert player.describe() == "bells: terminal (SSH)"
    player.set_muted(True)
    player.ring("bowl")
    assert spy.calls == 0 and player.muted and player.describe() == "bells: muted"
    player.set_muted(False)
    player.ring("bowl")
    assert spy.calls == 1 and player.describe() == "bells: terminal (SSH)"


def test_a_terminal_bell_that_raises_does_not_reach_the_caller():
    def broken() -> None:
        raise RuntimeError("no loop")

    TerminalBellPlayer(broken).ring("bowl")


def test_silence_is_silent_and_quiet_at_once():
    player = SilentBellPlayer()
    player.start()
    player.ring("bowl")
    assert player.describe() == "bells: off"
    assert player.busy_seconds() == 0 and player.wait_until_quiet(0.0)
    player.close()


# -- volume and stereo ---------------------------------------------------------------


def test_volume_maps_0_to_100_onto_a_gentle_curve():
    assert volume_gain(0) == 0.0 and volume_gain(100) == 1.0
    assert volume_gain(50) == pytest.approx(0.25)
    gains = [volume_gain(p) for p in range(101)]
    assert gains == sorted(gains)
    assert volume_gain(-5) == 0.0 and volume_gain(250) == 1.0


@pytest.mark.parametrize(
    ("side", "expected"),
    [(Side.LEFT, (0.5, 0.0)), (Side.RIGHT, (0.0, 0.5)), (Side.BOTH, (0.5, 0.5)),
     (Side.NONE, (0.5, 0.5))],
)  # fmt: skip
def test_a_side_puts_the_sound_in_one_ear_or_both(side, expected):
    assert stereo_gains(side, 0.5) == expected


# -- the mixer player's logic (no pygame) ---------------------------------------------------


def test_a_ready_mixer_plays_on_the_asked_side_at_the_set_volume():
    fake = FakeMixer()
    player, spy = mixer_player(fake, volume=50)
    assert player.start() and player.ready
    player.ring("cue", Side.LEFT)
    player.ring("bell", Side.RIGHT)
    player.set_volume(100)
    player.ring("bowl")
    assert fake.played == [("cue", 0.25, 0.0), ("bell", 0.0, 0.25), ("bowl", 1.0, 1.0)]
    assert spy.calls == 0 and player.describe() == "bells: sound" and player.notice is None


def test_rings_before_the_mixer_is_ready_go_to_the_fallback_at_once():
    fake = FakeMixer()
    player, spy = mixer_player(fake)
    player.ring("bowl")  # not started yet
    assert spy.calls == 1 and fake.played == []
    player.start()
    player.ring("bowl")
    assert spy.calls == 1 and fake.played == [("bowl", 1.0, 1.0)]


def test_a_mixer_that_cannot_open_falls_back_to_the_terminal_with_a_notice():
    player, spy = mixer_player(FakeMixer(fail=RuntimeError("ALSA: no card")))
    assert player.start() is False and player.failed
    assert player.notice == NO_DEVICE_NOTICE
    assert player.describe() == "bells: terminal (no audio device)"
    player.ring("bowl")
    player.ring("cue", Side.LEFT)
    assert spy.calls == 1


def test_without_pygame_the_notice_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "pygame", None)  # import pygame fails
    spy = Spy()
    player = MixerBellPlayer(TerminalBellPlayer(spy), PygameMixer)
    assert player.start() is False
    assert player.notice == NO_PYGAME_NOTICE
    assert player.describe() == "bells: terminal (no pygame)"


def test_a_sound_the_mixer_cannot_play_rings_the_fallback():
    fake = FakeMixer()
    player, spy = mixer_player(fake)
    player.start()
    player.ring("missing")
    assert spy.calls == 1


def test_mute_fades_what_rings_and_silences_both_mixer_and_fallback():
    fake = FakeMixer()
    player, spy = mixer_player(fake)
    player.start()
    player.ring("bowl")
    assert player.busy_seconds() > 3
    player.set_muted(True)
    assert fake.fades and player.busy_seconds() == 0
    player.ring("bell")
    assert fake.played == [("bowl", 1.0, 1.0)] and player.describe() == "bells: muted"
    player.set_muted(False)
    player.ring("bell")
    assert fake.played[-1] == ("bell", 1.0, 1.0) and spy.calls == 0


def test_busy_seconds_follow_the_longest_sound_and_waiting_gives_up_at_the_timeout():
    fake = FakeMixer(length=3.0)
    player, _ = mixer_player(fake)
    player.start()
    assert player.busy_seconds() == 0
    player.ring("bell")
    assert 2.9 < player.busy_seconds() <= 3.0
    assert player.wait_until_quiet(0.05) is False


def test_close_stops_with_a_fade_releases_the_device_and_is_idempotent():
    fake = FakeMixer()
    player, spy = mixer_player(fake)
    player.start()
    player.ring("bowl")
    player.close()
    player.close()
    assert fake.fades and fake.closed
    player.ring("bowl")
    assert fake.played == [("bowl", 1.0, 1.0)] and spy.calls == 0
    assert player.describe() == "bells: off"


def test_closing_while_the_mixer_opens_releases_it_when_the_open_finishes():
    release = threading.Event()

    class SlowMixer(FakeMixer):
        def open(self) -> None:
            release.wait(5)
            super().open()

    fake = SlowMixer()
    player, _ = mixer_player(fake)
    thread = start_in_background(player)
    player.close()
    release.set()
    thread.join(5)
    assert player.settled and not player.ready
    assert fake.opened and fake.closed


def test_start_twice_opens_once():
    opened: list[FakeMixer] = []

    def factory() -> FakeMixer:
        opened.append(FakeMixer())
        return opened[-1]

    player = MixerBellPlayer(SilentBellPlayer(), factory)
    assert player.start() and player.start()
    assert len(opened) == 1
