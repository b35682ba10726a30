"""The person's own recording follows the practice clock (issue 12): a fake music channel
on a fake clock, a device that may run fast or slow, no sleeping."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from mbsr_tui.audio.recording import CANNOT_SEEK, Cue, RecordingPlayer
from mbsr_tui.core.clock import SessionClock
from tests.support.clock import FakeClock

PREPARE = 2.0


class FakeMusic:
    """pygame.mixer.music as measured: get_pos counts ms mixed since play (pauses left
    out), the device runs at `rate` times the clock, a WAV seeks to whole seconds."""

    def __init__(self, clock: FakeClock, rate: float = 1.0, whole_seconds: bool = False) -> None:
        self.clock, self.rate, self.whole_seconds = clock, rate, whole_seconds
        self.calls: list[tuple] = []
        self.playing = False
        self.paused = False
        self.volume = 1.0
        self._content = 0.0  # position in the recording at the anchor
        self._mixed = 0.0  # seconds mixed since play, at the anchor
        self._at = clock()
        self.fail_load = self.fail_seek = False

    def _run(self) -> float:
        return 0.0 if self.paused or not self.playing else (self.clock() - self._at) * self.rate

    def _anchor(self) -> None:
        run = self._run()
        self._content += run
        self._mixed += run
        self._at = self.clock()

    def content(self) -> float:
        return self._content + self._run()

    def _landing(self, seconds: float) -> float:
        return math.floor(seconds) if self.whole_seconds else seconds

    def load(self, path: str) -> None:
        if self.fail_load:
            raise RuntimeError("Unrecognized audio format")
        self.calls.append(("load", path))

    def play(self, start: float) -> None:
        if self.fail_seek and start:
            raise RuntimeError("Position not implemented for music type")
        self.calls.append(("play", start))
        self.playing, self.paused = True, False
        self._content, self._mixed, self._at = self._landing(start), 0.0, self.clock()

    def pause(self) -> None:
        self._anchor()
        self.paused = True
        self.calls.append(("pause",))

    def unpause(self) -> None:
        self._anchor()
        self.paused = False
        self.calls.append(("unpause",))

    def set_pos(self, seconds: float) -> None:
        if self.fail_seek:
            raise RuntimeError("Position not implemented for music type")
        self._anchor()
        self._content = self._landing(seconds)
        self.calls.append(("set_pos", seconds))

    def get_pos(self) -> int:
        return int(1000 * (self._mixed + self._run()))

    def set_volume(self, gain: float) -> None:
        self.volume = gain

    def fade_out(self, milliseconds: int) -> None:
        self.calls.append(("fade_out", milliseconds))
        self.playing = False

    def stop(self) -> None:
        self.calls.append(("stop",))
        self.playing = False

    def unload(self) -> None:
        self.calls.append(("unload",))


class Practice:
    """A practice clock and a recording following it, stepped by hand."""

    def __init__(self, rate=1.0, whole_seconds=False, length=600.0, practice=600.0) -> None:
        self.time = FakeClock()
        self.clock = SessionClock(self.time)
        self.music = FakeMusic(self.time, rate, whole_seconds)
        self.told: list[str] = []

        def where() -> Cue | None:
            position = self.clock.elapsed() - PREPARE
            if position >= practice:
                return None
            return Cue(position, running=not self.clock.paused)

        suffix = ".wav" if whole_seconds else ".ogg"
        self.recording = RecordingPlayer(
            Path("own" + suffix), length, where, lambda: self.music,
            tell=self.told.append, real=self.time,
        )  # fmt: skip
        self.recording._load()
        self.recording._whole_seconds = whole_seconds  # no file to sniff here
        self.worst = 0.0

    def position(self) -> float:
        return self.clock.elapsed() - PREPARE

    def run(self, seconds: float, step: float = 0.1) -> None:
        """Let `seconds` pass, looking when the recording asks (or every `step`)."""
        end = self.time() + seconds
        while self.time() < end - 1e-9:
            wait = self.recording.sync()
            self.time.advance(max(1e-4, min(wait, step, end - self.time())))
            if self.music.playing and not self.music.paused and self.position() > 0.5:
                self.worst = max(self.worst, abs(self.music.content() - self.position()))

    def error(self) -> float:
        return self.music.content() - self.position()


def test_silent_before_the_start_bell_then_from_its_first_moment():
    practice = Practice()
    practice.run(1.9)
    assert practice.music.calls == [("load", "own.ogg")]
    wait = practice.recording.sync()
    assert wait == pytest.approx(0.1)  # 0.1 s before the bell: look again right at it
    practice.time.advance(wait)
    practice.recording.sync()
    assert practice.music.calls[-1] == ("play", pytest.approx(0.0, abs=1e-6))
    practice.run(5)
    assert practice.error() == pytest.approx(0.0, abs=0.002)


def test_a_pause_holds_the_recording_where_it_stopped_and_it_goes_on_from_there():
    practice = Practice()
    practice.run(PREPARE + 3.5)
    practice.clock.pause()
    practice.recording.poke()  # what the player's pause does: at once, not a poll later
    held = practice.music.content()
    assert practice.music.paused and held == pytest.approx(3.5, abs=0.01)
    practice.run(3.0)
    assert practice.music.content() == held
    practice.clock.resume()
    practice.recording.poke()
    assert not practice.music.paused
    practice.run(2.5)
    assert practice.music.content() == pytest.approx(6.0, abs=0.01)
    assert practice.error() == pytest.approx(0.0, abs=0.002)


@pytest.mark.parametrize("whole_seconds", [False, True])
def test_a_fast_device_is_held_back_to_the_practice(whole_seconds):
    """SDL's disk driver runs ~4% fast: the recording never gets more than the tolerance
    and a look ahead of the practice, over twenty minutes."""
    practice = Practice(rate=1.04, whole_seconds=whole_seconds, length=1300)
    practice.run(PREPARE + 20 * 60)
    assert practice.worst < 0.030, f"{1000 * practice.worst:.1f} ms out of step"
    assert practice.recording.holds > 100


@pytest.mark.parametrize("whole_seconds", [False, True])
def test_a_slow_device_is_brought_forward(whole_seconds):
    practice = Practice(rate=0.99, whole_seconds=whole_seconds, length=1300)
    practice.run(PREPARE + 20 * 60)
    assert practice.worst < 0.035, f"{1000 * practice.worst:.1f} ms out of step"
    seeks = [call for call in practice.music.calls if call[0] == "set_pos"]
    assert seeks
    if whole_seconds:  # a WAV is only ever put to whole seconds
        assert all(float(at).is_integer() for _, at in seeks)


def test_a_skipped_step_seeks_at_once():
    practice = Practice()
    practice.run(PREPARE + 3.0)
    practice.clock.skip_to(PREPARE + 40.4)
    practice.recording.poke()
    assert practice.music.calls[-1] == ("set_pos", pytest.approx(40.4, abs=0.001))
    practice.run(1.0)
    assert practice.error() == pytest.approx(0.0, abs=0.002)


def test_a_wav_skips_to_the_next_whole_second_silently_then_plays_in_step():
    practice = Practice(whole_seconds=True)
    practice.run(PREPARE + 3.0)
    practice.clock.skip_to(PREPARE + 40.4)
    wait = practice.recording.sync()
    assert practice.music.paused and practice.recording.state == "hushed"
    assert wait == pytest.approx(0.1)
    practice.run(0.7)
    assert ("play", 41) in practice.music.calls
    assert practice.error() == pytest.approx(0.0, abs=0.002)


def test_the_practice_end_fades_the_recording_out():
    practice = Practice(practice=10.0)
    practice.run(PREPARE + 10.05)
    assert ("fade_out", 1500) in practice.music.calls
    assert practice.recording.state == "over"


def test_the_recording_end_stops_it_and_the_practice_goes_on():
    practice = Practice(length=5.0)
    practice.run(PREPARE + 6.0)
    assert practice.recording.state == "over"
    assert practice.music.calls[-1] == ("stop",)


def test_a_recording_that_cannot_be_loaded_is_told_once_and_the_practice_goes_on():
    time = FakeClock()
    music = FakeMusic(time)
    music.fail_load = True
    told: list[str] = []
    recording = RecordingPlayer(Path("own.ogg"), 60, lambda: Cue(1.0, True), lambda: music,
                                tell=told.append, real=time)  # fmt: skip
    assert not recording.settled
    recording._load()
    assert recording.settled and recording.state == "failed"
    assert len(told) == 1 and "cannot be played (Unrecognized audio format)" in told[0]
    recording.sync()
    assert len(told) == 1


def test_no_mixer_no_recording():
    told: list[str] = []
    recording = RecordingPlayer(Path("own.ogg"), 60, lambda: Cue(1.0, True), lambda: None,
                                tell=told.append)  # fmt: skip
    recording._load()
    assert recording.state == "failed" and "no audio device" in told[0]


def test_a_recording_that_cannot_seek_refuses_skips():
    practice = Practice()
    practice.run(PREPARE + 3.0)
    assert practice.recording.refuses_skip() is None
    practice.music.fail_seek = True
    practice.clock.skip_to(PREPARE + 30)
    practice.recording.poke()
    assert practice.recording.refuses_skip() == CANNOT_SEEK
    assert CANNOT_SEEK in practice.told


def test_mute_silences_the_recording_and_unmute_restores_its_volume():
    practice = Practice()
    practice.recording.set_gain(0.49)
    practice.recording.set_muted(True)
    assert practice.music.volume == 0.0
    practice.recording.set_muted(False)
    assert practice.music.volume == 0.49


def test_close_fades_and_lets_the_channel_go():
    practice = Practice()
    practice.run(PREPARE + 1.0)
    practice.recording.close()
    assert practice.music.calls[-3:] == [("fade_out", 60), ("stop",), ("unload",)]
    assert practice.recording.state == "closed"
    practice.recording.sync()  # nothing after close
    assert practice.music.calls[-1] == ("unload",)


def test_a_wav_seek_woken_late_waits_for_the_next_whole_second_rather_than_lag():
    practice = Practice(whole_seconds=True)
    practice.run(PREPARE + 3.0)
    practice.clock.skip_to(PREPARE + 40.4)
    practice.recording.sync()  # hushed until 41
    practice.time.advance(0.8)  # the thread woke 200 ms late
    practice.recording.sync()
    assert practice.recording.state == "hushed" and ("play", 41) not in practice.music.calls
    practice.run(1.0)
    assert ("play", 42) in practice.music.calls
    assert practice.error() == pytest.approx(0.0, abs=0.002)
