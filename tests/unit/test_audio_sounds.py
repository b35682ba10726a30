"""The shipped WAVs: the format the mixer opens, no clipping, no click, a tail that fades out."""

from __future__ import annotations

import importlib.util
import itertools
import math
import sys
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
def test_each_sound_is_44k1_16_bit_stereo_of_its_length(stem):
    params, _ = read(stem)
    assert (params.framerate, params.sampwidth, params.nchannels) == (44100, 2, 2)
    low, high = LENGTHS[stem]
    assert low <= params.nframes / params.framerate <= high


@pytest.mark.parametrize("stem", LENGTHS)
def test_each_sound_peaks_near_minus_3_dbfs_without_clipping(stem):
    _, samples = read(stem)
    peak = max(abs(s) for s in samples)
    assert -4.0 < 20 * math.log10(peak / 32767) < -2.0


@pytest.mark.parametrize("stem", LENGTHS)
def test_both_channels_carry_the_same_signal_with_no_dc_offset(stem):
    _, samples = read(stem)
    left, right = samples[0::2], samples[1::2]
    assert left == right
    assert abs(sum(left) / len(left)) < 1.0


@pytest.mark.parametrize("stem", LENGTHS)
def test_each_sound_starts_and_ends_in_silence(stem):
    _, samples = read(stem)
    left = samples[0::2]
    assert max(abs(s) for s in left[:44]) < 330  # the first millisecond: below -40 dBFS
    assert max(abs(b - a) for a, b in itertools.pairwise(left[:221])) < 1500  # no jump: no click
    assert left[0] == 0 and left[-1] == 0
    tail = left[-441:]  # the last 10 ms
    assert max(abs(s) for s in tail) < 33  # below -60 dBFS


def test_the_bowl_carries_the_most_energy_and_the_cue_the_least():
    def energy(stem: str) -> float:
        _, samples = read(stem)
        return sum(s * s for s in samples[0::2]) / 44100

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
