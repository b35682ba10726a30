"""Bells through the pygame mixer: 44.1 kHz, 16-bit stereo, opened off the UI's loop.

pygame is imported only in `start()`, on the caller's thread (see pygame_backend.py).

Rings that arrive before the mixer is ready go to the fallback player at once rather
than waiting: a bell that waits for the device is a late bell, and the start bell comes
seconds after the first frame anyway. After a failed start every ring goes to the
fallback (the terminal bell in `auto` and `sound`), and `notice` says so once.

pygame's mixer is global to the process: have one MixerBellPlayer open at a time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from mbsr_tui.audio.players import (
    BasePlayer,
    BellPlayer,
    SilentBellPlayer,
    stereo_gains,
    volume_gain,
)
from mbsr_tui.audio.pygame_backend import BUFFER_FRAMES, RATE, MixerBackend, PygameMixer
from mbsr_tui.core.events import Side

CLOSE_FADE_MS = 60  # long enough to avoid a click, short enough not to delay the exit
MUTE_FADE_MS = 150

NO_DEVICE_NOTICE = "No audio device found; bells ring in the terminal."
NO_PYGAME_NOTICE = "pygame is not installed; bells ring in the terminal."

# How long a new player waits for the previous one to let the device go (the previous
# one may still be inside `mixer.init`, ~0.1–0.4 s) before ringing in the terminal.
DEVICE_WAIT_SECONDS = 5.0


class MixerBellPlayer(BasePlayer):
    """Bells through a mixer backend, handing over to `fallback` when there is none."""

    def __init__(
        self,
        fallback: BellPlayer,
        backend_factory: Callable[[], MixerBackend] = PygameMixer,
        volume: int = 70,
    ) -> None:
        super().__init__(volume)
        self.fallback = fallback
        self._backend_factory = backend_factory
        self._backend: MixerBackend | None = None
        self._state = "new"  # new -> starting -> ready | failed; any -> closed
        self._lock = threading.RLock()
        self._started = threading.Event()
        self._sounding_until = 0.0  # monotonic time the longest ringing sound ends
        self.failure: str | None = None  # why the mixer could not start, for logs

    # -- starting -------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self._state == "ready"

    @property
    def failed(self) -> bool:
        return self._state == "failed"

    @property
    def settled(self) -> bool:
        """Opened, failed or closed: no ring from now on goes to the fallback for want of
        time (what `ready` alone cannot say: a failed mixer is settled too)."""
        return self._started.is_set()

    def start(self) -> bool:
        """Import pygame and open the mixer; blocks ~0.1–0.4 s. True when sound works.

        Call it from a worker thread. Safe to call twice,
        from two threads at once: the second call waits for the first one's outcome.
        If another player still holds the device (pygame's mixer is one per process),
        this waits for it to be closed first, at most DEVICE_WAIT_SECONDS.
        """
        with self._lock:
            first = self._state == "new"
            if first:
                self._state = "starting"
        if not first:
            # Never wait while holding the lock: the first call needs it to finish.
            self._started.wait()
            return self._state == "ready"
        device = _device_for(self._backend_factory)
        if not device.claim(self, DEVICE_WAIT_SECONDS):
            self._fail(TimeoutError("the previous mixer did not close"), None, claimed=False)
            return False
        backend: MixerBackend | None = None
        try:
            with self._lock:
                closed = self._state == "closed"
            if closed:  # closed while we waited for the device: open nothing
                device.release(self)
                self._started.set()
                return False
            backend = self._backend_factory()
            backend.open()
        except Exception as error:  # no device, no pygame, an unknown SDL driver...
            self._fail(error, backend)
            return False
        with self._lock:
            if self._state == "closed":  # closed while we were opening: undo quietly
                self._release(backend)
            else:
                self._backend, self._state = backend, "ready"
            self._started.set()
            return self._state == "ready"

    def _fail(self, error: Exception, backend: MixerBackend | None, claimed: bool = True) -> None:
        if claimed:
            self._release(backend)  # a half-opened mixer is still a mixer
        with self._lock:
            self.failure = f"{type(error).__name__}: {error}"
            if self._state != "closed":
                self._state = "failed"
                missing = isinstance(error, ImportError)
                self.notice = NO_PYGAME_NOTICE if missing else NO_DEVICE_NOTICE
            self._started.set()

    # -- ringing ----------------------------------------------------------------------

    def ring(self, sound: str, side: Side = Side.BOTH) -> None:
        if self._muted:
            return
        with self._lock:
            if self._state == "closed":
                return
            if self._state == "ready":
                try:
                    left, right = stereo_gains(side, volume_gain(self.volume))
                    length = self._backend.play(sound, left, right)
                except Exception:
                    pass  # a missing file, a device gone away: the fallback rings instead
                else:
                    ends = time.monotonic() + length
                    self._sounding_until = max(self._sounding_until, ends)
                    return
        self.fallback.ring(sound, side)

    def set_muted(self, muted: bool) -> None:
        super().set_muted(muted)
        self.fallback.set_muted(muted)
        if muted:
            with self._lock:
                if self._state == "ready":
                    self._quietly(lambda: self._backend.fade_out(MUTE_FADE_MS))
                    self._sounding_until = 0.0

    def music(self):
        """The backend's music channel once the mixer is ready (None before, or when it
        failed, or when the backend has none): where a person's recording plays."""
        with self._lock:
            if self._state != "ready":
                return None
            opener = getattr(self._backend, "music", None)
            return opener() if opener is not None else None

    def busy_seconds(self) -> float:
        with self._lock:
            if self._state != "ready" or not self._quietly(self._backend.is_playing):
                return self.fallback.busy_seconds()
            return max(0.0, self._sounding_until - time.monotonic())

    def describe(self) -> str:
        if self._state == "closed":
            return "bells: off"
        if self._muted:
            return "bells: muted"
        if self._state == "failed":
            reason = "no pygame" if self.notice == NO_PYGAME_NOTICE else "no audio device"
            mode = "off" if isinstance(self.fallback, SilentBellPlayer) else "terminal"
            return f"bells: {mode} ({reason})"
        return "bells: sound"

    # -- stopping -----------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            backend, self._backend = self._backend, None
            self._state = "closed"
            # Still opening (or waiting for the device)? `start` undoes what it opens and
            # lets the device go when it gets there.
            self._started.set()
        if backend is not None:
            if self._quietly(backend.is_playing):
                # Fade instead of cutting a ringing bowl mid-wave (a click).
                self._quietly(lambda: backend.fade_out(CLOSE_FADE_MS))
                time.sleep((CLOSE_FADE_MS + 2 * BUFFER_FRAMES * 1000 / RATE) / 1000)
            self._release(backend)
        self.fallback.close()

    def _release(self, backend: MixerBackend | None) -> None:
        """Close `backend` (if any) and let the device go to the next player."""
        if backend is not None:
            self._quietly(backend.close)
        _device_for(self._backend_factory).release(self)

    @staticmethod
    def _quietly(action: Callable[[], object]) -> object:
        try:
            return action()
        except Exception:
            return None


class _Device:
    """pygame's mixer is one per process: one player holds it from open to close.

    Without this, changing the bell mode while the first mixer was still opening let the
    old player's late cleanup call `pygame.mixer.quit()` under the new player, which then
    said "ready" and played nothing (issue 14, item 6).
    """

    def __init__(self) -> None:
        self._free = threading.Condition()
        self._holder: object | None = None

    def claim(self, holder: object, timeout: float) -> bool:
        with self._free:
            if not self._free.wait_for(lambda: self._holder in (None, holder), timeout):
                return False
            self._holder = holder
            return True

    def release(self, holder: object) -> None:
        with self._free:
            if self._holder is holder:
                self._holder = None
                self._free.notify_all()


_DEVICES: dict[object, _Device] = {}
_DEVICES_LOCK = threading.Lock()


def _device_for(factory: object) -> _Device:
    """The device behind a backend factory: PygameMixer is one device per process; each
    stand-in factory in tests is a device of its own."""
    with _DEVICES_LOCK:
        return _DEVICES.setdefault(factory, _Device())
