"""The app's side of the bells: start the player off the event loop, ring timeline events."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

# The players, the rings and the timeline's events load with the first bell, not before
# the menu's first frame.
if TYPE_CHECKING:
    from pathlib import Path

    from textual.app import App

    from mbsr_tui.audio.players import BellPlayer
    from mbsr_tui.audio.recording import RecordingPlayer
    from mbsr_tui.core.clock import SessionClock
    from mbsr_tui.core.events import Event

# Closing waits this long for a mixer still opening: while it opens, fd 2 (where Textual
# draws) points at /dev/null, and pygame must not be shut down under a half-done init.
START_WAIT_SECONDS = 2.0
# A practice's clock waits at most this long (from the bells' start) for the bells to be
# ready. The mixer opens in ~0.2–0.4 s on a quiet machine (pygame's import, then
# mixer.init); measured 0.43–0.89 s with two busy cores (load 3–4). Past it, the practice
# starts anyway and a bell rung before the mixer is ready rings in the terminal.
READY_WAIT_SECONDS = 2.0
HOLDING_STATUS = "bells: getting ready"


class HeldClock:
    """A practice's `now`: it stands still until the sound is ready, then runs on.

    Issue 11: a practice whose first bell is at 0 s (no "getting ready" countdown, or a
    person's own file) rang that bell in the terminal, because the mixer was still
    opening. Held, the practice's time stays at its first moment until `ready()` says
    the bells (and a recording, if any) can sound, or until `wait` seconds have passed
    since `since()` (the bells' start; the clock's making if there is none). The first
    look after that is the practice's zero, so its first bell rings at that look, through
    the speakers, and every later moment keeps its distance from it.
    """

    def __init__(
        self,
        now: Callable[[], float],
        ready: Callable[[], bool],
        *,
        wait: float = READY_WAIT_SECONDS,
        since: Callable[[], float | None] = lambda: None,
        real: Callable[[], float] = time.monotonic,
    ) -> None:
        self._now = now
        self._ready = ready
        self._wait = wait
        self._since = since
        self._real = real
        self._made = real()
        self._held_at = now()
        self._offset: float | None = None
        self.held_for: float | None = None  # real seconds held, once let go (for benches)

    @property
    def holding(self) -> bool:
        return self._offset is None

    def __call__(self) -> float:
        if self._offset is None:
            if not self._ready() and not self._waited_enough():
                return self._held_at
            self._offset = self._now() - self._held_at
            self.held_for = self._real() - self._made
        return self._now() - self._offset

    def _waited_enough(self) -> bool:
        since = self._since()
        began = self._made if since is None else max(self._made, since)
        return self._real() - began >= self._wait


class BellControl:
    """Owns the bell player: made on first need (cheap), started in a thread (not cheap).

    Until the mixer is ready the player hands bells to the terminal bell, so a start
    bell at the very first moment is never lost.
    """

    def __init__(self, mode: str, app: App, volume: int = 70) -> None:
        self.mode = mode
        self.volume = volume
        self.app = app
        self._player: BellPlayer | None = None
        self._started = False
        self._starting: threading.Thread | None = None
        self._started_at: float | None = None  # when the mixer began to open (monotonic)
        self._held: HeldClock | None = None  # the clock of the practice waiting for us
        self.recording: RecordingPlayer | None = None  # the practice's own recording
        self._told: set[str] = set()  # recording notices, each told once
        self.mixer_factory = None  # a recording's own mixer: pygame's unless a test says
        self._resting: threading.Thread | None = None  # a rested mixer, closing

    @property
    def player(self) -> BellPlayer:
        if self._player is None:
            # Opens nothing: the mixer modules load here, pygame only in `start`.
            from mbsr_tui.audio.modes import make_bell_player

            self._player = make_bell_player(
                self.mode, terminal_bell=self._terminal_bell, volume=self.volume
            )
        return self._player

    def start(self) -> None:
        """Open the mixer in a thread: importing pygame must never stall a frame.

        A daemon thread of our own, not a Textual worker: workers run in the loop's
        executor, which the exit joins without a time limit, so a mixer stuck in its init
        would keep the process alive after the app has gone.
        """
        if self._started:
            return
        self._started = True
        self._started_at = time.monotonic()
        player = self.player
        self._starting = threading.Thread(
            target=self._start, args=(player,), name="mbsr-bells", daemon=True
        )
        self._starting.start()

    # The mixer's and the recording's threads reach the loop with `App.call_later` (a
    # thread-safe post), not a worker's message (issue 19, item 3): they are the sound's own
    # threads, not Textual workers, and a bell or BEL must not wait behind a queue.
    def _start(self, player: BellPlayer) -> None:
        player.start()
        notice = getattr(player, "notice", None)
        if notice and player is self._player:
            # Never `call_from_thread` here: it waits for the loop, and a loop that has
            # stopped (the app quit while the mixer opened) never answers.
            with contextlib.suppress(RuntimeError):
                self.app.call_later(self.app.notify, notice, timeout=6)

    def wait_until_opened(self, timeout: float = START_WAIT_SECONDS) -> bool:
        """Wait (at most `timeout` s) for a mixer still opening; True when none is."""
        thread = self._starting
        if thread is None or thread is threading.current_thread():
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def _terminal_bell(self) -> None:
        # The player may ring from any thread; BEL must be written from the app's loop.
        from mbsr_tui.ui.textual_adapter import on_app_thread

        if on_app_thread(self.app):
            self.app.bell()
            return
        with contextlib.suppress(RuntimeError):  # the app has closed: no terminal to ring
            self.app.call_later(self.app.bell)

    def configure(self, mode: str | None, volume: int) -> None:
        self.volume = volume
        self.player.set_volume(volume)
        if self.recording is not None:
            from mbsr_tui.audio.players import volume_gain

            self.recording.set_gain(volume_gain(volume))
        if mode and mode != self.mode:
            self.mode = mode
            old, self._player = self._player, None
            self._started = False
            if old is not None:
                # Returns at once even while the old mixer is still opening: the new
                # player's start waits for the old one to let the device go.
                old.close()
            self.start()

    def rest(self) -> None:
        """Close the sound while nothing needs it; `start()` opens it again.

        The mixer is closed in a thread of its own: a bell still fading would otherwise
        hold the event loop for its fade. `close()` waits for it.
        """
        if not self._started or self.recording is not None:
            return
        old, self._player = self._player, None
        self._started = False
        self._held = None
        if old is not None:
            self._resting = threading.Thread(target=old.close, name="mbsr-bells-rest",
                                             daemon=True)  # fmt: skip
            self._resting.start()

    def ring_events(self, events: list[Event], *, phase_cues: bool) -> None:
        from mbsr_tui.audio.rings import sounds_for

        for sound, side in sounds_for(events, phase_cues_enabled=phase_cues):
            self.player.ring(sound, side)
        if self.recording is not None:
            # The start bell, a skipped-to step, the end: the recording follows at once.
            self.recording.poke()

    def describe(self) -> str:
        if self._held is not None and self._held.holding:
            return HOLDING_STATUS
        return self.player.describe()

    # -- a practice's first moment (issue 11) ---------------------------------------------

    def ready_for_practice(self) -> bool:
        """Whether a bell rung now goes where the mode sends it: the terminal and silence
        are ready at once; the mixer once it has opened (or failed, or was closed). A
        recording must be loaded too (or have failed), so it starts with the start bell."""
        if not getattr(self.player, "settled", True):
            return False
        return self.recording is None or self.recording.settled

    # -- the person's own recording (issue 12) --------------------------------------------

    def play_recording(
        self,
        path: Path,
        length: float,
        clock: SessionClock,
        *,
        prepare: float,
        practice_seconds: float,
        alive: Callable[[], bool],
    ) -> RecordingPlayer | None:
        """Play `path` (`length` seconds) on the mixer's music channel from the start
        bell (`prepare` seconds into `clock`), following the practice's clock until it
        ends (`practice_seconds` after the start bell) or `alive()` says it is over.

        Here it plays through the speakers in every bell mode (on a mixer of its own when
        the bells go to the terminal or nowhere). Over SSH it plays on this computer's
        speakers only with --bell sound or both, and the person is told so; otherwise
        told once why it stays silent.
        """
        from mbsr_tui.audio.players import volume_gain
        from mbsr_tui.audio.recording_start import follow_recording

        self.stop_recording()
        held = self._held
        recording = follow_recording(
            self.player, path, length, clock, prepare=prepare,
            practice_seconds=practice_seconds, alive=alive,
            holding=lambda: held is not None and held.holding,
            tell=self._tell, tell_later=self._tell_later, gain=volume_gain(self.volume),
            mixer_factory=self.mixer_factory,
        )  # fmt: skip
        self.recording = recording
        return recording

    def follow_practice(self) -> None:
        """The practice paused or went on: the recording follows at once."""
        if self.recording is not None:
            self.recording.poke()

    def skip_refused(self) -> str | None:
        """Why a step may not be skipped now (a recording that cannot seek), or None."""
        return self.recording.refuses_skip() if self.recording is not None else None

    def stop_recording(self) -> None:
        recording, self.recording = self.recording, None
        if recording is not None:
            recording.close()

    def _tell(self, text: str) -> None:
        """A notice about the recording, once per run (on the loop's thread)."""
        if text in self._told:
            return
        self._told.add(text)
        with contextlib.suppress(Exception):  # no screen to tell it on: nothing lost
            self.app.notify(text, timeout=10, markup=False)

    def _tell_later(self, text: str) -> None:
        """`_tell` from the recording's thread."""
        with contextlib.suppress(RuntimeError):
            self.app.call_later(self._tell, text)

    def hold_clock(self, now: Callable[[], float]) -> HeldClock:
        """A `now` for the next practice that stands still until the bells are ready
        (at most READY_WAIT_SECONDS after they began to open); see HeldClock.

        Starts the bells now if they have not started: `mbsr-tui run` goes straight into
        a practice, and its first bell waits for them.
        """
        self._held = HeldClock(now, self.ready_for_practice, since=lambda: self._started_at)
        self.start()
        return self._held

    def toggle_mute(self) -> None:
        self.player.set_muted(not self.player.muted)
        if self.recording is not None:
            self.recording.set_muted(self.player.muted)

    async def wait_until_quiet(self, timeout: float) -> None:
        waited = 0.0
        while waited < timeout and self.player.busy_seconds() > 0:
            await asyncio.sleep(0.1)
            waited += 0.1

    def close(self) -> None:
        """Stop the bells; idempotent. Waits (bounded) for a mixer still opening, so that
        the app never restores the terminal while fd 2 points at /dev/null and pygame is
        never shut down in the middle of its init."""
        self.wait_until_opened()
        resting = self._resting
        if resting is not None:
            resting.join(START_WAIT_SECONDS)
        self.stop_recording()  # before the mixer it plays on is shut
        if self._player is not None:
            self._player.close()
