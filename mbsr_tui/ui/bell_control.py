"""The app's side of the bells: start the player off the event loop, ring timeline events."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from mbsr_tui.audio.players import BellPlayer
from mbsr_tui.audio.rings import sounds_for
from mbsr_tui.core.events import Event

if TYPE_CHECKING:
    from textual.app import App


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
        """Open the mixer in a thread: importing pygame must never stall a frame."""
        if self._started:
            return
        self._started = True
        player = self.player
        self.app.run_worker(lambda: self._start(player), thread=True, group="bells")

    def _start(self, player: BellPlayer) -> None:
        player.start()
        # fd 2 (where Textual draws) was silenced while the mixer opened: redraw.
        self.app.call_from_thread(self.app.refresh)
        notice = getattr(player, "notice", None)
        if notice:
            self.app.call_from_thread(self.app.notify, notice, timeout=6)

    def _terminal_bell(self) -> None:
        # The player may ring from any thread; BEL must be written from the app's loop.
        try:
            self.app.call_from_thread(self.app.bell)
        except RuntimeError:
            self.app.bell()  # already on the app's thread

    def configure(self, mode: str | None, volume: int) -> None:
        self.volume = volume
        self.player.set_volume(volume)
        if mode and mode != self.mode:
            self.mode = mode
            old, self._player = self._player, None
            self._started = False
            if old is not None:
                old.close()
            self.start()

    def ring_events(self, events: list[Event], *, phase_cues: bool) -> None:
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
        if self._player is not None:
            self._player.close()
