"""The shipped WAVs: mono for the stereo mixer, no clipping, no click, a tail that fades out."""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import os
import subprocess
import sys
import textwrap
import wave
from array import array
from pathlib import Path

import pytest

from mbsr_tui.core.paths import sounds_dir

REPO = Path(__file__).resolve().parents[2]
LENGTHS = {"bowl": (6.0, 8.0), "bell": (3.0, 4.0), "cue": (0.3, 0.5)}  # seconds


def read(stem: str) -> tuple[wave._wave_params, array]:
    with wave.open(str(sounds_dir() / f"{stem}.wav")) as source:
        params = source.getparams()
        samples = array("h", source.readframes(params.nframes))
    return params, samples


@pytest.mark.parametrize("stem", LENGTHS)
def test_each_sound_is_44k1_16_bit_mono_of_its_length(stem):
    params, _ = read(stem)
    assert (params.framerate, params.sampwidth, params.nchannels) == (44100, 2, 1)
    low, high = LENGTHS[stem]
    assert low <= params.nframes / params.framerate <= high


@pytest.mark.parametrize("stem", LENGTHS)
def test_each_sound_peaks_near_minus_3_dbfs_without_clipping(stem):
    _, samples = read(stem)
    peak = max(abs(s) for s in samples)
    assert -4.0 < 20 * math.log10(peak / 32767) < -2.0


@pytest.mark.parametrize("stem", LENGTHS)
def test_no_dc_offset(stem):
    _, samples = read(stem)
    assert abs(sum(samples) / len(samples)) < 1.0


@pytest.mark.parametrize("stem", LENGTHS)
def test_each_sound_starts_and_ends_in_silence(stem):
    _, left = read(stem)
    assert max(abs(s) for s in left[:44]) < 330  # the first millisecond: below -40 dBFS
    assert max(abs(b - a) for a, b in itertools.pairwise(left[:221])) < 1500  # no jump: no click
    assert left[0] == 0 and left[-1] == 0
    tail = left[-441:]  # the last 10 ms
    assert max(abs(s) for s in tail) < 33  # below -60 dBFS


def test_the_bowl_carries_the_most_energy_and_the_cue_the_least():
    def energy(stem: str) -> float:
        _, samples = read(stem)
        return sum(s * s for s in samples) / 44100

    assert energy("bowl") > energy("bell") > energy("cue")


def test_the_generator_reproduces_the_shipped_files(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("generate", REPO / "sounds" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "generate", generate)  # dataclasses look it up
    spec.loader.exec_module(generate)
    for voice in generate.VOICES:
        generate.write(voice, tmp_path)
        shipped = (REPO / "sounds" / f"{voice.name}.wav").read_bytes()
        assert (tmp_path / f"{voice.name}.wav").read_bytes() == shipped, voice.name


LOAD_IN_STEREO_MIXER = """
import array, json, os, sys
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
import pygame
from mbsr_tui.audio.pygame_backend import BUFFER_FRAMES, RATE
from mbsr_tui.core.paths import sounds_dir

pygame.mixer.init(frequency=RATE, size=-16, channels=2, buffer=BUFFER_FRAMES, allowedchanges=0)
found = {}
for stem in sys.argv[1:]:
    raw = array.array("h", pygame.mixer.Sound(str(sounds_dir() / f"{stem}.wav")).get_raw())
    found[stem] = {"frames": len(raw) // 2, "same": raw[0::2] == raw[1::2],
                   "peak": max(abs(v) for v in raw)}
pygame.mixer.quit()
print(json.dumps(found))
"""


def test_the_stereo_mixer_plays_a_mono_file_as_the_same_signal_on_both_channels(tmp_path):
    """SDL_mixer converts a mono WAV to the mixer's stereo when it loads it: the gains a
    channel is given at play time (a nostril cue on one side) then pan it; the channel
    tests in test_audio_device.py and tests/e2e/test_bells.py hear that through the
    disk driver."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SDL_", "PYGAME"))}
    env.update(SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(tmp_path / "out.raw"),
               PYTHONPATH=str(REPO))  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(LOAD_IN_STEREO_MIXER), *LENGTHS],
        env=env, capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    for stem in LENGTHS:
        params, samples = read(stem)
        assert loaded[stem]["frames"] == params.nframes, stem
        assert loaded[stem]["same"], stem
        # At full level: SDL's conversion rounds, so within a step or two of the file's.
        assert abs(loaded[stem]["peak"] - max(abs(s) for s in samples)) <= 2, stem
