"""Synthesise the bell sounds: `python sounds/generate.py` rewrites bowl, bell and cue.wav.

Standard library only and fully deterministic (no randomness), so anyone can regenerate
the files byte for byte and tune them here. Each sound is a sum of partials with
exponential decays; a singing bowl's partials are inharmonic (roughly 1 : 2.76 : 5.40 :
8.93 of the fundamental), and each is split into two slightly detuned components so the
tone beats slowly, the way a real bowl wobbles.

Every file is 44.1 kHz, 16-bit mono, peak-normalised to -3 dBFS, with a raised-cosine
attack (no click) and a raised-cosine fade that brings the tail to exactly zero. Mono
is half the size of the same signal twice: the mixer is opened in stereo, SDL_mixer
copies a mono sound to both channels when it loads it, and each play sets the left and
right gains of its channel (a nostril cue on one side only).
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

RATE = 44100
PEAK_DBFS = -3.0
FULL_SCALE = 32767


@dataclass(frozen=True)
class Partial:
    ratio: float  # frequency as a multiple of the fundamental
    amplitude: float
    decay: float  # seconds for the partial to fall to 1/e
    beat_hz: float = 0.0  # detuning between the two components: a slow wobble


# The second, detuned component is quieter, so the wobble swells by a few dB instead
# of cancelling to silence on every beat.
BEAT_SHARE = 0.2


@dataclass(frozen=True)
class Voice:
    name: str
    fundamental: float  # Hz
    partials: tuple[Partial, ...]
    seconds: float
    attack: float  # raised-cosine rise, seconds
    fade: float  # raised-cosine fall at the very end, seconds


# Deep singing bowl (D3): the start and end bell. Low partials ring longest.
BOWL = Voice(
    name="bowl",
    fundamental=146.83,
    partials=(
        Partial(1.00, 1.00, 2.6, beat_hz=0.7),
        Partial(2.76, 0.62, 1.9, beat_hz=1.3),
        Partial(5.40, 0.24, 1.0, beat_hz=2.1),
        Partial(8.93, 0.09, 0.55),
        Partial(13.34, 0.035, 0.3),
    ),
    seconds=7.0,
    attack=0.030,
    fade=1.2,
)

# Lighter bell (D5, two octaves up, same family of partials): interval and step bells.
BELL = Voice(
    name="bell",
    fundamental=587.33,
    partials=(
        Partial(1.00, 1.00, 0.95, beat_hz=1.1),
        Partial(2.76, 0.38, 0.55, beat_hz=1.9),
        Partial(5.40, 0.12, 0.28),
        Partial(8.93, 0.04, 0.15),
    ),
    seconds=3.5,
    attack=0.012,
    fade=0.8,
)

# Soft cue (A4, nearly pure): a breathing phase change. Short and round, no bright edge.
CUE = Voice(
    name="cue",
    fundamental=440.0,
    partials=(
        Partial(1.00, 1.00, 0.11),
        Partial(2.00, 0.12, 0.06),
    ),
    seconds=0.4,
    attack=0.015,
    fade=0.12,
)

VOICES = (BOWL, BELL, CUE)


def raised_cosine(x: float) -> float:
    """0 at x=0, 1 at x=1, with zero slope at both ends."""
    return 0.5 - 0.5 * math.cos(math.pi * x)


def synthesise(voice: Voice) -> list[float]:
    count = round(voice.seconds * RATE)
    samples = [0.0] * count
    for partial in voice.partials:
        frequency = voice.fundamental * partial.ratio
        if frequency >= RATE / 2:
            continue
        # Two components straddling the frequency; a single one when it does not beat.
        half = partial.beat_hz / 2
        if half:
            share = partial.amplitude * BEAT_SHARE
            components = ((frequency - half, partial.amplitude - share), (frequency + half, share))
        else:
            components = ((frequency, partial.amplitude),)
        # Per-sample rotation instead of sin() per sample: the same sine, ~3x faster.
        fall = math.exp(-1.0 / (partial.decay * RATE))
        for hz, weight in components:
            step = 2 * math.pi * hz / RATE
            cos_step, sin_step = math.cos(step), math.sin(step)
            re, im = 1.0, 0.0  # phase 0: every component starts at zero amplitude
            gain = weight
            for i in range(count):
                samples[i] += gain * im
                re, im = re * cos_step - im * sin_step, re * sin_step + im * cos_step
                gain *= fall
    shape(samples, voice)
    remove_offset(samples, voice)
    return samples


def shape(samples: list[float], voice: Voice) -> None:
    """Gentle attack and a fade that ends at exactly zero."""
    attack = max(1, round(voice.attack * RATE))
    for i in range(min(attack, len(samples))):
        samples[i] *= raised_cosine(i / attack)
    fade = max(1, round(voice.fade * RATE))
    last = len(samples) - 1
    for i in range(min(fade, len(samples))):
        samples[last - i] *= raised_cosine(i / fade)


def remove_offset(samples: list[float], voice: Voice) -> None:
    # A decaying sine that starts at phase zero leaves a tiny DC offset; subtract it
    # under the same envelope so both ends stay at zero.
    mean = sum(samples) / len(samples)
    envelope = [1.0] * len(samples)
    shape(envelope, voice)
    weight = sum(envelope) / len(envelope)
    for i, level in enumerate(envelope):
        samples[i] -= mean / weight * level


def to_pcm(samples: list[float]) -> tuple[bytes, int]:
    """Peak-normalise to PEAK_DBFS; 16-bit little-endian mono frames and the peak."""
    peak = max(abs(s) for s in samples) or 1.0
    scale = FULL_SCALE * 10 ** (PEAK_DBFS / 20) / peak
    frames = array("h")
    for s in samples:
        value = round(s * scale)
        frames.append(value)
    if sys.byteorder != "little":
        frames.byteswap()
    return frames.tobytes(), max(abs(v) for v in frames)


def write(voice: Voice, folder: Path) -> str:
    pcm, peak = to_pcm(synthesise(voice))
    path = folder / f"{voice.name}.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm)
    tail = struct.unpack_from("<h", pcm, len(pcm) - 2)[0]
    return (
        f"{path.name}: {voice.seconds:.2f} s, peak {20 * math.log10(peak / FULL_SCALE):.1f} dBFS, "
        f"last sample {tail}, {path.stat().st_size // 1024} KB"
    )


def main() -> None:
    folder = Path(__file__).resolve().parent
    for voice in VOICES:
        print(f"wrote {folder / voice.name}.wav — {write(voice, folder)}")


if __name__ == "__main__":
    main()
