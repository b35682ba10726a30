"""The app's side of the bells: start the player off the event loop, ring timeline events."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from mbsr_tui.audio.players import BellPlayer, SilentBellPlayer
from mbsr_tui.audio.rings import sounds_for
from mbsr_tui.core.events import Event

if TYPE_CHECKING:
    from textual.app import App


class BellControl:
    """Owns the bell player. Until the player is ready, bells go to the terminal bell."""

    def __init__(self, mode: str, app: App, volume: int = 70) -> None:
        self.mode = mode
        self.volume = volume
        self.app = app
        self.player: BellPlayer = SilentBellPlayer()
        self._started = False

    def start(self) -> None:
        """Create the player in a thread: loading pygame must never stall a frame."""
        if self._started:
            return
        self._started = True
        self.app.run_worker(self._create, thread=True, exclusive=True, group="bells")

    def _create(self) -> None:
        # The mixer's modules (and pygame) load here, in a thread, after the first frame.
        from mbsr_tui.audio.modes import make_bell_player

        player = make_bell_player(self.mode, terminal_bell=self._terminal_bell, volume=self.volume)
        player.start()
        self.player = player
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
            old = self.player
            self._started = False
            old.close()
            self.player = SilentBellPlayer()
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
        self.player.close()
