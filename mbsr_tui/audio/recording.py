"""A person's own recording on the mixer's music channel, tied to the practice clock.

The practice clock (`SessionClock`, the monotonic clock underneath) is the one source of
time; the recording follows it. `where()` says, at any moment, where in the recording the
practice is and whether it is running; `sync()` brings the music channel there:

- it starts the recording at the practice's start bell (from the right place, should it
  start late), pauses and resumes it with the practice (pygame's pause holds the
  position), seeks on a skipped step, and stops it at the practice's end;
- it corrects drift: the music runs on the sound device's clock, the practice on the
  monotonic clock. A real sound card differs by some parts per million (tens of ms an
  hour); SDL's disk driver runs percents fast. The position the device has reached is
  the seek point plus the milliseconds of music mixed since (`music.get_pos()` counts
  them, pauses left out). More than TOLERANCE_SECONDS ahead (two looks in a row), the
  music is held (paused) for exactly that long; behind, it seeks forward (a WAV at a
  whole second: SDL_mixer 2.6 seeks WAVs to whole seconds only, measured).

`sync()` runs on a small thread of its own every POLL_SECONDS (exactly at the start bell
when that is sooner), and at once whenever the practice pauses, resumes, skips or rings
(`poke()`): pausing is exact, not up to a poll late. Never raises; a recording that
cannot be played is told once, and the practice goes on with its bells.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from mbsr_tui.audio.mixer import MixerBellPlayer

POLL_SECONDS = 0.1
# Correct when the recording is further than this from the practice (two looks in a row:
# `get_pos` itself wobbles by up to one mixer buffer, 11.6 ms).
TOLERANCE_SECONDS = 0.020
# Further than this (a skipped step, a resumed pause that was skipped ahead): seek at once.
JUMP_SECONDS = 0.25
# A WAV is put back in step only this soon after a whole second of it (see `_jump`), when
# it is further out than this (get_pos wobbles a few ms), or would be past the tolerance
# by the next whole second at the rate it drifts.
BOUNDARY_SLACK = 0.010
BOUNDARY_TOLERANCE = 0.012
ALIGN_SLACK = 0.002
END_FADE_MS = 1500  # a practice ended early, or shorter than its recording: fade, never cut
CLOSE_FADE_MS = 60
# How long the recording waits for the bells' mixer to open before giving up.
MIXER_WAIT_SECONDS = 10.0


class MusicBackend(Protocol):
    """pygame.mixer.music (see PygameMusic), or a stand-in in tests."""

    def load(self, path: str) -> None: ...
    def play(self, start: float) -> None: ...
    def pause(self) -> None: ...
    def unpause(self) -> None: ...
    def set_pos(self, seconds: float) -> None: ...
    def get_pos(self) -> int: ...
    def set_volume(self, gain: float) -> None: ...
    def fade_out(self, milliseconds: int) -> None: ...
    def stop(self) -> None: ...
    def unload(self) -> None: ...


@dataclass(frozen=True)
class Cue:
    """Where the practice is in its recording: `position` seconds from the start bell
    (negative before it), and whether the practice's time is running."""

    position: float
    running: bool


CANNOT_PLAY = "Your recording cannot be played ({why}); the practice goes on with its bells."
CANNOT_SEEK = "This recording cannot jump to another moment, so the practice stays where it is."


class RecordingPlayer:
    """Plays one recording for one practice; `start()` once, `close()` at the end."""

    def __init__(
        self,
        path: Path,
        length: float,
        where: Callable[[], Cue | None],
        music: Callable[[], MusicBackend | None],
        *,
        settled: Callable[[], bool] = lambda: True,
        tell: Callable[[str], None] = lambda text: None,
        gain: float = 1.0,
        poll: float = POLL_SECONDS,
        tolerance: float = TOLERANCE_SECONDS,
        real: Callable[[], float] = time.monotonic,
        own_mixer: MixerBellPlayer | None = None,
    ) -> None:
        self.path = path
        # A mixer opened for the recording alone (the bells go to the terminal or nowhere):
        # opened in the recording's thread, closed with it.
        self._own_mixer = own_mixer
        self.length = length  # the recording's own length, seconds
        self._where = where
        self._music_source = music
        self._bells_settled = settled
        self._tell = tell
        self._gain = gain
        self._muted = False
        self._poll = poll
        self._tolerance = tolerance
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._loaded = threading.Event()  # loading is over: ready, or failed
        self._music: MusicBackend | None = None
        # loading -> ready -> playing <-> paused -> over (ended, or its end reached);
        # playing -> hushed -> playing (a WAV waiting for a whole second to seek to);
        # playing -> holding -> playing (ahead of the practice: held until it catches up);
        # loading -> failed; any -> closed
        self.state = "loading"
        self.problem: str | None = None
        self.can_seek = True
        self._base = 0.0  # the recording's position at the last play or seek...
        self._base_ms = 0  # ...and get_pos() then
        self._strikes = 0  # looks in a row found out of step
        self._seek_at: float | None = None  # a whole second to seek to when reached (WAV)
        self._hold_until: float | None = None  # a drift hold ends then (monotonic)
        self._real = real  # the clock drift holds are timed on
        self.holds = 0  # drift corrections by holding the music, for benches and tests
        self._whole_seconds = False  # WAV: seeks land on whole seconds only
        self.seeks = 0  # drift corrections and skips, for benches and tests
        self._thread: threading.Thread | None = None

    # -- starting ---------------------------------------------------------------------

    @property
    def settled(self) -> bool:
        """Loaded or failed: the practice's clock need not wait for it any longer."""
        return self._loaded.is_set()

    def start(self) -> threading.Thread:
        self._thread = threading.Thread(target=self._run, name="mbsr-recording", daemon=True)
        self._thread.start()
        return self._thread

    def _run(self) -> None:
        if self._own_mixer is not None:
            self._own_mixer.start()
        self._load()
        while self.state not in ("failed", "closed", "over"):
            wait = self.sync()
            self._wake.wait(wait)
            self._wake.clear()

    def _load(self) -> None:
        deadline = time.monotonic() + MIXER_WAIT_SECONDS
        while not self._bells_settled() and time.monotonic() < deadline:
            if self.state == "closed":
                self._loaded.set()
                return
            time.sleep(0.01)
        self._whole_seconds = _is_wav(self.path)
        music = self._music_source()
        try:
            if music is None:
                raise RuntimeError("no audio device")
            music.load(str(self.path))
            music.set_volume(0.0 if self._muted else self._gain)
        except Exception as error:  # no device, a file gone or undecodable since `check`
            with self._lock:
                self.problem = _said(error)
                if self.state != "closed":
                    self.state = "failed"
                    self._tell(CANNOT_PLAY.format(why=self.problem))
            self._loaded.set()
            return
        with self._lock:
            if self.state == "closed":
                with contextlib.suppress(Exception):
                    music.unload()
            else:
                self._music, self.state = music, "ready"
        self._loaded.set()

    # -- following the practice -----------------------------------------------------------

    def poke(self) -> None:
        """The practice paused, resumed, skipped or rang: follow it now."""
        self.sync()
        self._wake.set()

    def sync(self) -> float:
        """Bring the music to where the practice is; return how long until the next look."""
        with self._lock:
            if self.state not in ("ready", "playing", "paused", "hushed", "holding"):
                return self._poll
            try:
                return self._follow(self._where())
            except Exception as error:  # the device went away mid-practice: stop trying
                self.problem = _said(error)
                self.state = "failed"
                self._tell(CANNOT_PLAY.format(why=self.problem))
                return self._poll

    def _follow(self, cue: Cue | None) -> float:
        music = self._music
        if cue is None:  # the practice is over (or was left): fade out
            self._stop(END_FADE_MS)
            return self._poll
        position = cue.position
        if position >= self.length:  # the recording has played to its end
            if self.state != "ready":
                self._stop(0)
            self.state = "over"
            return self._poll
        if not cue.running:
            self._seek_at = self._hold_until = None
            if self.state == "playing":
                music.pause()
            if self.state in ("playing", "holding"):
                self.state = "paused"
            return self._poll
        if position < 0:  # before the start bell: look again right at it
            return min(self._poll, -position)
        if self._seek_at is not None:  # a seek waiting for its whole second (WAV)
            if position < self._seek_at - ALIGN_SLACK:
                return min(self._poll, self._seek_at - position)
            at, self._seek_at = self._seek_at, None
            if position - at > self._tolerance:  # woken late (a busy machine): the next one
                self._seek_at = at + math.ceil(position - at)
                return min(self._poll, self._seek_at - position)
            self._seek(at)
            return self._next_look(position)
        if self.state in ("ready", "hushed"):
            return self._jump(position)
        if self.state == "holding":
            left = self._hold_until - self._real()
            if left > 0:
                return left
            self._hold_until = None
            music.unpause()
            self.state = "playing"
        elif self.state == "paused":
            music.unpause()
            self.state = "playing"
        drift = self.device_position() - position
        if abs(drift) > JUMP_SECONDS:  # a skipped step
            return self._jump(position)
        out = abs(drift) > self._tolerance
        self._strikes = self._strikes + 1 if out else 0
        if out and self._strikes >= 2 and drift > 0:
            # Ahead (the device runs fast): hold the music until the practice catches up,
            # exact to a mixer buffer in every format, without seeking.
            music.pause()
            self.state, self._strikes = "holding", 0
            self._hold_until = self._real() + drift
            self.holds += 1
            return drift
        if drift < 0 and self._whole_seconds:
            # Behind (the device runs slow): a WAV seeks to whole seconds only, so it is
            # put back in step right at one, if out by more than a little.
            whole = round(position)
            if abs(position - whole) <= BOUNDARY_SLACK and -drift > BOUNDARY_TOLERANCE:
                self._seek(whole)
        elif out and self._strikes >= 2:
            self._seek(position)
        return self._next_look(position)

    def _next_look(self, position: float) -> float:
        if not self._whole_seconds:
            return self._poll
        # Wake at each whole second: the moments a WAV can be put back in step.
        boundary = math.floor(position + ALIGN_SLACK) + 1
        return max(0.0005, min(self._poll, boundary - position))

    def _jump(self, position: float) -> float:
        """Go to `position` (the start, a late start, a skipped step) as exactly as the
        format allows: OGG and MP3 at once; a WAV from the next whole second (SDL_mixer
        2.6 seeks a WAV to whole seconds only, measured), silent until then."""
        if not self._whole_seconds:
            self._seek(position)
            return self._poll
        whole = math.floor(position)
        if position - whole <= self._tolerance:
            self._seek(whole)  # behind by at most the tolerance
            return self._next_look(position)
        if self.state == "playing":
            self._music.pause()
            self.state = "hushed"
        self._seek_at = whole + 1
        return min(self._poll, self._seek_at - position)

    def device_position(self) -> float:
        """Where in the recording the sound device has got to (seconds)."""
        with self._lock:
            if self._music is None or self.state not in ("playing", "paused", "holding"):
                return self._base
            return self._base + (self._music.get_pos() - self._base_ms) / 1000

    def _seek(self, position: float) -> None:
        music, first = self._music, self.state == "ready"
        if self.state in ("ready", "hushed"):
            music.play(start=position)  # (re)started from there, a paused one included
        else:
            try:
                music.set_pos(position)
            except Exception:
                try:  # some formats cannot set a position but can start from one
                    music.play(start=position)
                except Exception:
                    if self.can_seek:
                        self.can_seek = False
                        self._tell(CANNOT_SEEK)
                    raise
        self._base, self._base_ms = position, music.get_pos()
        self.state, self._strikes = "playing", 0
        if not first:
            self.seeks += 1

    def refuses_skip(self) -> str | None:
        """Why a step may not be skipped (the recording cannot follow), or None."""
        return None if self.can_seek else CANNOT_SEEK

    # -- volume ----------------------------------------------------------------------------

    def set_gain(self, gain: float) -> None:
        with self._lock:
            self._gain = gain
            self._apply_volume()

    def set_muted(self, muted: bool) -> None:
        with self._lock:
            self._muted = muted
            self._apply_volume()

    def _apply_volume(self) -> None:
        if self._music is not None:
            with contextlib.suppress(Exception):
                self._music.set_volume(0.0 if self._muted else self._gain)

    # -- stopping --------------------------------------------------------------------------

    def _stop(self, fade_ms: int) -> None:
        music = self._music
        if music is not None and self.state in ("playing", "paused", "hushed", "holding"):
            with contextlib.suppress(Exception):
                if fade_ms and self.state == "playing":
                    music.fade_out(fade_ms)
                else:
                    music.stop()
        self.state = "over"

    def close(self) -> None:
        """Stop (with a short fade, never a click) and let the music channel go."""
        with self._lock:
            music, playing = self._music, self.state == "playing"
            self.state = "closed"
            self._music = None
        self._wake.set()
        if music is not None:
            with contextlib.suppress(Exception):
                if playing:
                    music.fade_out(CLOSE_FADE_MS)
                    time.sleep(CLOSE_FADE_MS / 1000 + 0.03)
                music.stop()
                music.unload()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(1.0)
        if self._own_mixer is not None:
            self._own_mixer.close()  # safe while it is still opening: it lets go when done


def _said(error: Exception) -> str:
    text = str(error).strip().rstrip(".") or type(error).__name__
    return text[:100]


def _is_wav(path: Path) -> bool:
    """WAVs seek to whole seconds only (SDL_mixer 2.6.3, measured); OGG and MP3 exactly."""
    from mbsr_tui.core.recording_file import sniff

    try:
        with open(path, "rb") as handle:
            return sniff(handle.read(12)) == "WAV"
    except OSError:
        return False  # loading it will say what is wrong
