"""The mixer's life when things overlap (issue 14, items 5–7).

5. A quit while the audio guard points fd 2 at /dev/null must still reach the terminal.
6. A new player must not open the device before the old one has let it go.
7. A second `start()` during the first waits for its outcome instead of deadlocking.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from mbsr_tui.audio.mixer import MixerBellPlayer
from mbsr_tui.audio.players import SilentBellPlayer
from mbsr_tui.audio.stderr_guard import fd2_silenced
from tests.support.oracles import start_in_background

REPO = Path(__file__).resolve().parents[2]


class Device:
    """Stands in for pygame's one mixer per process: `quit` closes it for everyone."""

    def __init__(self) -> None:
        self.open_by: object | None = None
        self.log: list[str] = []


class SharedMixer:
    """A backend on the shared Device; `open` can be held up until `go` is set."""

    def __init__(self, device: Device, name: str, go: threading.Event | None = None) -> None:
        self.device, self.name, self.go = device, name, go
        self.entered = threading.Event()

    def open(self) -> None:
        self.entered.set()
        if self.go is not None:
            assert self.go.wait(5), "the test never let the open finish"
        self.device.log.append(f"{self.name} init")
        self.device.open_by = self

    def play(self, sound: str, left: float, right: float) -> float:
        if self.device.open_by is not self:
            raise RuntimeError("mixer not initialized")  # pygame.error after another's quit
        self.device.log.append(f"{self.name} play {sound}")
        return 1.0

    def is_playing(self) -> bool:
        return False

    def fade_out(self, milliseconds: int) -> None:
        pass

    def close(self) -> None:
        self.device.log.append(f"{self.name} quit")
        self.device.open_by = None  # pygame.mixer.quit(): whoever opened it, it is shut


def shared_factory(device: Device, mixers: list[SharedMixer]):
    def factory() -> SharedMixer:
        return mixers.pop(0)

    return factory


# -- item 7 --------------------------------------------------------------------------


def test_a_second_start_during_the_first_waits_for_it_and_rings_follow():
    go = threading.Event()
    device = Device()
    mixer = SharedMixer(device, "one", go)
    player = MixerBellPlayer(SilentBellPlayer(), lambda: mixer)
    first = start_in_background(player)
    assert mixer.entered.wait(5)
    outcome: list[bool] = []
    second = threading.Thread(target=lambda: outcome.append(player.start()), daemon=True)
    second.start()
    go.set()
    first.join(5)
    second.join(5)
    assert not first.is_alive() and not second.is_alive(), "the second start deadlocked"
    assert outcome == [True] and player.ready
    ringing = threading.Thread(target=player.ring, args=("bell",), daemon=True)
    ringing.start()
    ringing.join(5)
    assert not ringing.is_alive(), "ring() hung on the mixer's lock"
    assert device.log == ["one init", "one play bell"]
    player.close()


# -- item 6 --------------------------------------------------------------------------


def test_changing_mode_while_the_first_mixer_opens_leaves_the_new_one_playing():
    go = threading.Event()
    device = Device()
    old_mixer = SharedMixer(device, "old", go)
    new_mixer = SharedMixer(device, "new")
    factory = shared_factory(device, [old_mixer, new_mixer])  # one device, as pygame's
    old = MixerBellPlayer(SilentBellPlayer(), factory)
    old_start = start_in_background(old)
    assert old_mixer.entered.wait(5)
    # The person changes the bell mode now: the app closes the old player at once and
    # starts a new one, while the old one is still inside its open.
    old.close()
    new = MixerBellPlayer(SilentBellPlayer(), factory)
    new_start = start_in_background(new)
    go.set()
    old_start.join(5)
    new_start.join(5)
    assert new.ready
    new.ring("bell")
    assert device.log == ["old init", "old quit", "new init", "new play bell"]
    new.close()


def test_a_player_that_never_lets_the_device_go_makes_the_next_fall_back(monkeypatch):
    monkeypatch.setattr("mbsr_tui.audio.mixer.DEVICE_WAIT_SECONDS", 0.2)
    device = Device()
    factory = shared_factory(device, [SharedMixer(device, "a"), SharedMixer(device, "b")])
    first = MixerBellPlayer(SilentBellPlayer(), factory)
    assert first.start()
    second = MixerBellPlayer(SilentBellPlayer(), factory)
    assert second.start() is False and second.failed and second.notice
    first.close()


def test_closing_before_the_device_is_free_opens_nothing():
    device = Device()
    factory = shared_factory(device, [SharedMixer(device, "a"), SharedMixer(device, "b")])
    first = MixerBellPlayer(SilentBellPlayer(), factory)
    assert first.start()
    second = MixerBellPlayer(SilentBellPlayer(), factory)
    waiting = start_in_background(second)
    second.close()
    first.close()
    waiting.join(5)
    assert not waiting.is_alive() and not second.ready
    assert device.log == ["a init", "a quit"]


# -- item 5 --------------------------------------------------------------------------

QUIT_DURING_THE_GUARD = """
import sys, threading, time
from mbsr_tui.audio.stderr_guard import fd2_silenced
from mbsr_tui.ui.terminal_driver import TerminalWriter

entered, leave = threading.Event(), threading.Event()

def mixer_init():  # what PygameMixer.open does: fd 2 silenced around mixer.init
    with fd2_silenced():
        entered.set()
        leave.wait(5)

opening = threading.Thread(target=mixer_init)
opening.start()
entered.wait(5)
writer = TerminalWriter(sys.__stderr__)
writer.start()
# The app quits now: Textual's restore goes through the writer, then stop() joins it.
writer.write("RESTORE:alt-screen-off,cursor-on")
threading.Timer(0.3, leave.set).start()
writer.stop()
opening.join()
"""


def test_a_quit_while_fd2_is_silenced_still_restores_the_terminal():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SDL_", "PYGAME"))}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(QUIT_DURING_THE_GUARD)],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "RESTORE:alt-screen-off,cursor-on" in done.stderr


def test_the_guard_does_not_wait_forever_for_a_writer_that_hangs():
    from mbsr_tui.audio import stderr_guard

    stderr_guard._FD2_LOCK.acquire()  # a writer stuck on a terminal that takes nothing
    try:
        ran = threading.Event()

        def guarded() -> None:
            with fd2_silenced(wait=0.1):
                ran.set()

        thread = threading.Thread(target=guarded, daemon=True)
        thread.start()
        thread.join(5)
        assert ran.is_set()
    finally:
        stderr_guard._FD2_LOCK.release()
