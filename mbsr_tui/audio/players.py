"""The BellPlayer interface and the players that need no audio device.

Every player is safe to call from the UI: `ring` never blocks and never raises.
How the app uses a player:

    player = make_bell_player(mode, terminal_bell=app_bell, volume=settings.volume)
    player.start()            # in a worker thread: may import pygame and open the mixer
    if player.notice: show it once, quietly
    each frame:  for sound, side in sounds_for(timeline.events_between(t0, t1),
                                               phase_cues_enabled=settings.phase_cues):
                     player.ring(sound, side)
    header:      player.describe()           # "bells: sound", "bells: muted", ...
    `m`:         player.set_muted(not player.muted)
    leaving:     player.wait_until_quiet(8)  # or poll busy_seconds(); then player.close()

Beside it: `mixer` (the mixer player and its fallback), `pygame_backend` (pygame
itself), `modes` (auto/sound/terminal/both/off), `rings` (timeline events to rings).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from mbsr_tui.core.events import Side

# Soft cues mark breathing phase changes. They are sounds, never terminal bells: a BEL
# every four seconds would be awful. A stem is a soft cue when it starts with "cue"
# ("cue", "cue-wood", ...); every other stem is a bell.
SOFT_CUE_PREFIX = "cue"


def is_soft_cue(sound: str) -> bool:
    return sound.startswith(SOFT_CUE_PREFIX)


def volume_gain(percent: int) -> float:
    """Volume 0–100 as a gain 0.0–1.0 on a squared curve: the ear hears loudness
    logarithmically, so 50% sounds about half as loud (-12 dB) rather than barely quieter."""
    share = min(100, max(0, int(percent))) / 100
    return share * share


def stereo_gains(side: Side, gain: float) -> tuple[float, float]:
    """(left, right) for a sound that belongs on `side`; NONE (both closed) plays centred."""
    if side is Side.LEFT:
        return gain, 0.0
    if side is Side.RIGHT:
        return 0.0, gain
    return gain, gain


@runtime_checkable
class BellPlayer(Protocol):
    """What the session player calls. Create with `make_bell_player`, then `start()`."""

    # One line for the UI to show once (e.g. no audio device), or None.
    notice: str | None

    @property
    def muted(self) -> bool: ...

    def start(self) -> None:
        """Open the device, if any. May block (pygame): call it from a worker thread."""

    def ring(self, sound: str, side: Side = Side.BOTH) -> None:
        """Ring `sound` (a stem in sounds/) now. Never blocks, never raises."""

    def set_volume(self, percent: int) -> None: ...

    def set_muted(self, muted: bool) -> None: ...

    def describe(self) -> str:
        """Short status for the player: "bells: sound", "bells: muted", ..."""

    def busy_seconds(self) -> float:
        """How much longer what is ringing now will sound (0 when quiet)."""

    def wait_until_quiet(self, timeout: float) -> bool:
        """Block until quiet or `timeout` seconds; True when quiet."""

    def close(self) -> None:
        """Stop sounding (without a click) and release the device. Idempotent."""


class BasePlayer:
    """Shared bookkeeping: the mute flag, the volume, waiting for quiet."""

    notice: str | None = None

    def __init__(self, volume: int = 70) -> None:
        self._muted = False
        self.volume = volume

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        self._muted = bool(muted)

    def set_volume(self, percent: int) -> None:
        self.volume = min(100, max(0, int(percent)))

    def start(self) -> None:
        pass

    @property
    def settled(self) -> bool:
        """Whether starting is over (nothing to open, or the device opened or failed):
        from then on a bell rung goes where it will go for the rest of the practice."""
        return True

    def busy_seconds(self) -> float:
        return 0.0

    def wait_until_quiet(self, timeout: float) -> bool:
        deadline = time.monotonic() + max(0.0, timeout)
        while (busy := self.busy_seconds()) > 0:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(busy, left, 0.05))
        return True

    def close(self) -> None:
        pass


class SilentBellPlayer(BasePlayer):
    """`--bell off`, and the stand-in while the real player is being started."""

    def ring(self, sound: str, side: Side = Side.BOTH) -> None:
        pass

    def describe(self) -> str:
        return "bells: off"


class TerminalBellPlayer(BasePlayer):
    """Rings the user's own terminal (BEL), which reaches them over SSH too.

    `bell` is called once per bell and never for soft cues; the app passes `App.bell`
    (or a wrapper that hops onto its event loop). The terminal has no volume to set.
    """

    def __init__(self, bell: Callable[[], None], reason: str = "", volume: int = 70) -> None:
        super().__init__(volume)
        self._bell = bell
        self.reason = reason  # why the terminal: "SSH", "no audio device", or ""

    def ring(self, sound: str, side: Side = Side.BOTH) -> None:
        if self._muted or is_soft_cue(sound):
            return
        with contextlib.suppress(Exception):  # a bell that cannot ring must not end a practice
            self._bell()

    def describe(self) -> str:
        if self._muted:
            return "bells: muted"
        return f"bells: terminal ({self.reason})" if self.reason else "bells: terminal"
