"""Find where sounds start in raw audio: for tests and benches of bell timing.

Works on what SDL's disk driver writes (`SDL_AUDIODRIVER=disk`, `SDL_DISKAUDIOFILE`):
interleaved signed 16-bit little-endian frames at the mixer's rate and channel count.
Standard library only, and quick enough for an hour of audio (per-window max/min run
in C).
"""

from __future__ import annotations

import bisect
import itertools
import os
import sys
import threading
import time
from array import array
from collections.abc import Sequence
from pathlib import Path

RATE = 44100
# The disk driver's file grows every few tens of milliseconds. Longer without growth, the
# app's audio thread was not running (a starved, busy machine: measured at 1.2 s with
# three busy processes on two cores): the device then falls behind the wall clock for
# good, and every later sound is heard that much late. Timing is judged between sounds
# with no such stall between them; a stall is the machine's, not the app's.
STALL_SECONDS = 0.25


def read_raw_stereo(path: str | Path) -> tuple[array, array]:
    """(left, right) sample arrays from a raw s16le stereo file."""
    data = Path(path).read_bytes()
    samples = array("h")
    samples.frombytes(data[: len(data) - len(data) % 4])
    if sys.byteorder != "little":
        samples.byteswap()
    return samples[0::2], samples[1::2]


def window_peaks(samples: Sequence[int], window: int) -> list[int]:
    """The largest absolute sample in each run of `window` samples."""
    peaks = []
    for start in range(0, len(samples), window):
        chunk = samples[start : start + window]
        peaks.append(max(max(chunk), -min(chunk)))
    return peaks


def find_onsets(
    samples: Sequence[int],
    rate: int = RATE,
    *,
    threshold: int = 200,
    quiet: int = 16,
    rise: float = 2.0,
    window: int = 32,
    attack: float = 0.04,
    lookback: float = 0.05,
    hold: float = 0.25,
) -> list[int]:
    """Sample indices where a new sound starts.

    A sound starts where the level climbs above `threshold` and to `rise` times the
    loudest moment of the `lookback` seconds before its attack (an attack lasts up to
    `attack` seconds), so a bell is found even while an earlier one rings out. The onset
    is then walked back to the first sample that stands out from that earlier level
    (or from `quiet`, on silence), which undoes most of the attack's delay: what is left
    is ~1–3 ms on silence, more over a loud tail. After an onset, `hold` seconds are
    ignored (a sound's own attack is not a new sound).
    """
    peaks = window_peaks(samples, window)
    gap = max(1, round(attack * rate / window))
    back = max(1, round(lookback * rate / window))
    skip = max(1, round(hold * rate / window))
    onsets: list[int] = []
    k = 0
    while k < len(peaks):
        background = max(peaks[max(0, k - gap - back) : max(0, k - gap)], default=0)
        if peaks[k] > threshold and peaks[k] > rise * background:
            level = max(background, quiet)
            first = k
            while first > max(0, k - gap) and peaks[first - 1] > level:
                first -= 1
            start = first * window
            end = min(len(samples), start + window)
            onset = next((i for i in range(start, end) if abs(samples[i]) > level), start)
            onsets.append(onset)
            k = first + skip
        else:
            k += 1
    return onsets


def peak(samples: Sequence[int]) -> int:
    return max(max(samples, default=0), -min(samples, default=0))


class Starved(Exception):
    """The machine starved the app's audio thread between every two sounds."""


class DiskFileWatch(threading.Thread):
    """Notes (monotonic time, frames in the file) each time the disk driver's file grows.

    SDL writes one buffer, sleeps, writes the next; stdio flushes every few buffers. Between
    two flushes the device advanced steadily, so a position maps to a moment by straight
    interpolation.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.times: list[float] = []
        self.frames: list[int] = []
        self._done = threading.Event()

    def run(self) -> None:
        last = -1
        while not self._done.is_set():
            try:
                size = os.stat(self.path).st_size
            except FileNotFoundError:
                size = 0
            if size != last:
                self.times.append(time.monotonic())
                self.frames.append(size // 4)  # s16 stereo: 4 bytes a frame
                last = size
            time.sleep(0.0005)

    def stop(self) -> None:
        self._done.set()
        self.join()

    def moment_of(self, frame: float) -> float:
        """The monotonic moment the device reached `frame` of the file."""
        i = bisect.bisect_right(self.frames, frame)
        i = min(max(i, 1), len(self.frames) - 1)
        f0, f1 = self.frames[i - 1], self.frames[i]
        t0, t1 = self.times[i - 1], self.times[i]
        return t0 + (t1 - t0) * (frame - f0) / (f1 - f0)

    def position_at(self, moment: float) -> float:
        """Frames the device had written at `moment`, between the flushes around it."""
        i = min(max(bisect.bisect_left(self.times, moment), 1), len(self.times) - 1)
        t0, t1 = self.times[i - 1], self.times[i]
        f0, f1 = self.frames[i - 1], self.frames[i]
        return f0 + (f1 - f0) * (moment - t0) / (t1 - t0)

    def stalled(self, start: float, end: float) -> bool:
        """Whether the file stood still for STALL_SECONDS or more between two moments."""
        i = max(bisect.bisect_right(self.times, start) - 1, 0)
        j = bisect.bisect_left(self.times, end)
        span = [start, *self.times[i + 1 : j], end]
        return any(b - a >= STALL_SECONDS for a, b in itertools.pairwise(span))

    def steady_runs(self, moments: Sequence[float]) -> list[list[int]]:
        """Indices of `moments` grouped into runs with no stall between neighbours."""
        runs: list[list[int]] = []
        for index, moment in enumerate(moments):
            if runs and not self.stalled(moments[index - 1], moment):
                runs[-1].append(index)
            else:
                runs.append([index])
        return runs

    def steady_offsets(
        self, moments: Sequence[float], planned: Sequence[float]
    ) -> list[tuple[float, float]]:
        """(heard, planned) offsets of each sound from the first of its steady run; the
        first of each run is left out. Raises `Starved` when no two sounds share a run."""
        pairs = [
            (moments[i] - moments[run[0]], planned[i] - planned[run[0]])
            for run in self.steady_runs(moments)
            for i in run[1:]
        ]
        if not pairs and len(moments) > 1:
            raise Starved("the audio thread stalled between every two sounds")
        return pairs

    def speed(self) -> float:
        """File seconds per wall second."""
        return (self.frames[-1] - self.frames[1]) / RATE / (self.times[-1] - self.times[1])


# Bells at 0, 3, 12, 17 and 24 s with no getting-ready time: the opening bell's check
# (issue 11), shared by tests/e2e/test_bells.py and bench/bell_timing.py.
OPENING_SESSION = """\
title = "Opening"
prepare_seconds = 0

[bells]
start = true
end = true
sound = "bell"
at_seconds = [3, 12, 17]

[[steps]]
title = "Sitting"
prompt = "Just sit."
seconds = 24
"""
