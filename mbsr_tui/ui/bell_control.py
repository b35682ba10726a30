"""The app's side of the bells: start the player off the event loop, ring timeline events."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import TYPE_CHECKING

# The players, the rings and the timeline's events load with the first bell, not before
# the menu's first frame.
if TYPE_CHECKING:
    from textual.app import App

    from mbsr_tui.audio.players import BellPlayer
    from mbsr_tui.core.events import Event

# Closing waits this long for a mixer still opening: while it opens, fd 2 (where Textual
# draws) points at /dev/null, and pygame must not be shut down under a half-done init.
START_WAIT_SECONDS = 2.0


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
        player = self.player
        self._starting = threading.Thread(
            target=self._start, args=(player,), name="mbsr-bells", daemon=True
        )
        self._starting.start()

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
        if getattr(self.app, "_thread_id", None) == threading.get_ident():
            self.app.bell()
            return
        with contextlib.suppress(RuntimeError):  # the app has closed: no terminal to ring
            self.app.call_later(self.app.bell)

    def configure(self, mode: str | None, volume: int) -> None:
        self.volume = volume
        self.player.set_volume(volume)
        if mode and mode != self.mode:
            self.mode = mode
            old, self._player = self._player, None
            self._started = False
            if old is not None:
                # Returns at once even while the old mixer is still opening: the new
                # player's start waits for the old one to let the device go.
                old.close()
            self.start()

    def ring_events(self, events: list[Event], *, phase_cues: bool) -> None:
        from mbsr_tui.audio.rings import sounds_for

        for sound, side in sounds_for(events, phase_cues_enabled=phase_cues):
            self.player.ring(sound, side)

    def describe(self) -> str:
        return self.player.describe()

    def toggle_mute(self) -> None:
        self.player.set_muted(not self.player.muted)

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
        if self._player is not None:
            self._player.close()
