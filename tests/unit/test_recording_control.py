"""Which bell modes play a person's recording, and what the person is told (issue 12)."""

from __future__ import annotations

import threading
from pathlib import Path

from mbsr_tui.audio.mixer import MixerBellPlayer
from mbsr_tui.audio.modes import make_bell_player
from mbsr_tui.audio.players import SilentBellPlayer
from mbsr_tui.audio.recording_start import (
    RECORDING_OVER_SSH,
    RECORDING_SILENT_OVER_SSH,
)
from mbsr_tui.core.clock import SessionClock
from mbsr_tui.ui import bell_control
from mbsr_tui.ui.bell_control import BellControl
from tests.support.clock import FakeClock
from tests.unit.test_audio_held_clock import Opening
from tests.unit.test_recording_player import FakeMusic


class App:
    def __init__(self) -> None:
        self.told: list[str] = []

    def bell(self) -> None:
        pass

    def notify(self, text, **kwargs) -> None:
        self.told.append(text)

    def call_later(self, callback, *args, **kwargs) -> None:
        callback(*args, **kwargs)


class Backend(Opening):
    """A mixer backend with a music channel, whose open waits for the test."""

    def __init__(self, music: FakeMusic) -> None:
        super().__init__()
        self.music_ = music

    def music(self) -> FakeMusic:
        return self.music_


def control_with(mode: str, environ: dict, backend: Backend | None = None) -> BellControl:
    app = App()
    control = BellControl(mode, app)
    factory = (lambda: backend) if backend is not None else None
    if mode in ("sound", "both") or (mode == "auto" and not environ):
        kwargs = {"mixer_factory": factory} if factory else {}
        control._player = make_bell_player(mode, app.bell, environ=environ, **kwargs)
    else:
        control._player = make_bell_player(mode, app.bell, environ=environ)
    return control


def play(control: BellControl, clock: SessionClock):
    return control.play_recording(Path("own.ogg"), 60.0, clock, prepare=0.0,
                                  practice_seconds=60.0, alive=lambda: True)  # fmt: skip


def test_terminal_and_off_bells_still_play_the_recording_here_on_a_mixer_of_its_own(
    monkeypatch,
):
    """The recording is the guidance, not a bell: with bells in the terminal or off, it
    plays through the speakers all the same; the bells stay where they were sent, and the
    recording's mixer closes with it."""
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    for mode in ("terminal", "off"):
        time = FakeClock()
        music = FakeMusic(time)
        backend = Backend(music)
        control = control_with(mode, {})
        control.mixer_factory = lambda backend=backend: backend
        held = control.hold_clock(time)
        clock = SessionClock(held)
        recording = play(control, clock)
        assert recording is not None
        assert not control.ready_for_practice()  # its mixer is opening: the clock waits
        backend.go.set()
        for _ in range(500):
            if control.ready_for_practice():
                break
            threading.Event().wait(0.01)
        assert control.ready_for_practice()
        assert recording.state in ("ready", "playing") and ("load", "own.ogg") in music.calls
        assert control.player.describe() == ("bells: terminal" if mode == "terminal"
                                             else "bells: off")  # fmt: skip
        assert control.app.told == []
        closed: list[bool] = []
        backend.close = lambda closed=closed: closed.append(True)
        control.close()
        assert closed == [True]


def test_over_ssh_auto_never_opens_the_mixer_and_says_where_it_would_play(monkeypatch):
    monkeypatch.setenv("SSH_CONNECTION", "1.2.3.4 5 6.7.8.9 22")
    control = control_with("auto", {"SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"})
    assert play(control, SessionClock(FakeClock())) is None
    assert control.app.told == [RECORDING_SILENT_OVER_SSH]


def test_over_ssh_sound_plays_here_and_says_so(monkeypatch):
    monkeypatch.setenv("SSH_TTY", "/dev/pts/3")
    time = FakeClock()
    backend = Backend(FakeMusic(time))
    control = control_with("sound", {"SSH_TTY": "/dev/pts/3"}, backend)
    backend.go.set()
    assert play(control, SessionClock(time)) is not None
    assert control.app.told == [RECORDING_OVER_SSH]
    control.close()


def test_the_practice_waits_for_the_recording_then_it_starts_with_the_bell(monkeypatch):
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    time = FakeClock()
    music = FakeMusic(time)
    backend = Backend(music)
    control = control_with("sound", {}, backend)
    held = control.hold_clock(time)  # starts the bells: the mixer is opening
    clock = SessionClock(held)
    recording = play(control, clock)
    assert isinstance(control.player, MixerBellPlayer)
    assert not control.ready_for_practice()
    backend.go.set()
    assert control.wait_until_opened(5)
    assert recording._loaded.wait(5)
    assert control.ready_for_practice()
    assert ("load", "own.ogg") in music.calls
    assert not any(call[0] == "play" for call in music.calls)  # still held: not yet
    clock.elapsed()  # the player's first look after ready: the practice's zero
    control.ring_events([], phase_cues=False)  # the start bell's frame pokes it
    assert ("play", 0.0) in music.calls
    control.toggle_mute()
    assert music.volume == 0.0
    control.close()
    assert ("unload",) in music.calls and control.recording is None


def test_a_mixer_that_fails_lets_the_practice_go_and_says_the_recording_cannot_play(
    monkeypatch,
):
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)

    def no_device():
        raise RuntimeError("no device")

    app = App()
    control = BellControl("sound", app)
    control._player = MixerBellPlayer(SilentBellPlayer(), no_device)
    control.hold_clock(FakeClock())
    recording = play(control, SessionClock(FakeClock()))
    assert recording._loaded.wait(5)
    assert recording.state == "failed"
    assert any("cannot be played (no audio device)" in text for text in app.told)
    assert control.ready_for_practice()
    assert bell_control.READY_WAIT_SECONDS <= 2.0


def test_rest_closes_the_player_and_start_makes_a_new_one():
    control = BellControl("terminal", App())
    control.start()
    first = control.player
    closed: list[bool] = []
    first.close = lambda: closed.append(True)
    control.rest()
    control.close()  # waits for the rested player's close
    assert closed == [True]
    control.start()
    assert control.player is not first


def test_rest_leaves_a_playing_recording_alone():
    time = FakeClock()
    backend = Backend(FakeMusic(time))
    control = control_with("sound", {}, backend)
    backend.go.set()
    control.start()
    assert play(control, SessionClock(time)) is not None
    player = control.player
    control.rest()
    assert control.player is player
    control.close()
