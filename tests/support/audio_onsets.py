"""Find where sounds start in raw audio: for tests and benches of bell timing.

Works on what SDL's disk driver writes (`SDL_AUDIODRIVER=disk`, `SDL_DISKAUDIOFILE`):
interleaved signed 16-bit little-endian frames at the mixer's rate and channel count.
Standard library only, and quick enough for an hour of audio (per-window max/min run
in C).
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Sequence
from pathlib import Path

RATE = 44100


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
