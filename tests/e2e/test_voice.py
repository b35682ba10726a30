"""Spoken guidance in a real terminal: the speak command is called once per step, at the
step's start, in order; and the real espeak-ng path writes a spoken WAV."""

from __future__ import annotations

import itertools
import os
import shutil
import time
import wave
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

STEPS = ("Feet", "Legs", "Back and shoulders")


def stepped_practice(folder: Path, seconds: int = 3) -> Path:
    steps = "".join(
        f'\n[[steps]]\ntitle = "{title}"\nprompt = "Rest your attention on the {title.lower()}."'
        f"\nseconds = {seconds}\n"
        for title in STEPS
    )
    path = folder / "voice-practice.toml"
    path.write_text(
        'title = "Voice practice"\nsummary = "Steps for the voice tests."\n'
        'kind = "body-scan"\nposture = "lying"\nprepare_seconds = 0\n'
        "\n[bells]\nstart = false\nend = false\n" + steps
    )
    return path


def test_the_speak_command_hears_each_step_once_at_its_start(terminal, tmp_path):
    heard = tmp_path / "heard.txt"
    script = tmp_path / "speak.sh"
    # Slow on purpose: a new step must not wait for the old words to finish.
    script.write_text(f'#!/bin/sh\necho "$(date +%s.%N) $*" >> {heard}\nsleep 5\n')
    script.chmod(0o755)
    practice = stepped_practice(tmp_path)
    term = terminal(f"run {practice} --voice on --speak-command {script} --no-checkin "
                    "--exit-at-end --bell off", name="voice")  # fmt: skip
    term.wait_exit(timeout=30)
    assert term.exit_status() == 0
    lines = heard.read_text().splitlines()
    assert len(lines) == len(STEPS)
    times = [float(line.split(" ", 1)[0]) for line in lines]
    for line, title in zip(lines, STEPS, strict=True):
        assert title in line
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert all(abs(gap - 3) < 0.5 for gap in gaps), gaps  # each at its step's start


def test_pausing_silences_the_voice_and_resuming_brings_the_next_step(terminal, tmp_path):
    heard = tmp_path / "heard.txt"
    script = tmp_path / "speak.sh"
    script.write_text(f'#!/bin/sh\necho "$$ $*" >> {heard}\nsleep 30\n')
    script.chmod(0o755)
    practice = stepped_practice(tmp_path, seconds=4)
    term = terminal(f"run {practice} --voice force --speak-command {script} --no-checkin "
                    "--exit-at-end --bell off", name="voicepause")  # fmt: skip
    term.wait_for("Feet")
    deadline = time.monotonic() + 5
    while not heard.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    speaking = int(heard.read_text().split()[0])
    assert alive(speaking)
    term.burst("Space")
    term.wait_for("paused")
    deadline = time.monotonic() + 2
    while alive(speaking) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(speaking)  # the words stop with the practice
    term.burst("Space")
    term.wait_exit(timeout=30)
    said = [line.split(" ", 1)[1] for line in heard.read_text().splitlines()]
    assert [text.split(":")[1].split(".")[0].strip() for text in said] == list(STEPS)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A process that ended but was not yet reaped is a zombie: not speaking.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"


def test_the_real_voice_speaks_into_a_wav(terminal, tmp_path):
    if shutil.which("espeak-ng") is None:
        if os.environ.get("CI"):
            pytest.fail("CI installs espeak-ng (.ci/run): the real speech path must be tried")
        pytest.skip("espeak-ng is not installed here")
    spoken = tmp_path / "spoken.wav"
    practice = stepped_practice(tmp_path, seconds=2)
    term = terminal(f"run {practice} --voice on --speak-command 'espeak-ng -w {spoken}' "
                    "--no-checkin --exit-at-end --bell off", name="espeak")  # fmt: skip
    term.wait_exit(timeout=30)
    with wave.open(str(spoken)) as sound:
        seconds = sound.getnframes() / sound.getframerate()
    assert seconds > 0.5  # words, not an empty file


@pytest.mark.parametrize("chosen", ["found", "named", "plain"])
def test_a_step_titled_like_an_option_is_spoken_not_obeyed(terminal, tmp_path, chosen):
    """`--phonout=FILE` as a step's title: the real espeak-ng (found by the app, or named
    with --speak-command, in the app or the plain player) speaks it, and writes no file
    of the listener's."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed here")
    victim = tmp_path / "victim."  # the heading's full stop ends the name espeak-ng gets
    victim.write_text("kept\n")
    path = tmp_path / "option-title.toml"
    path.write_text(
        'title = "Option"\nkind = "body-scan"\nposture = "lying"\nprepare_seconds = 0\n'
        "[bells]\nstart = false\nend = false\n"
        f'[[steps]]\ntitle = "--phonout={tmp_path / "victim"}"\nseconds = 3\n'
    )
    spoken = tmp_path / "spoken.wav"
    command = "" if chosen == "found" else f"--speak-command 'espeak-ng -w {spoken}'"
    if chosen == "plain":
        command += " --plain"
    term = terminal(f"run {path} --voice force {command} --no-checkin --exit-at-end "
                    "--bell off", name=f"optiontitle{chosen}")  # fmt: skip
    term.wait_exit(timeout=30)
    assert term.exit_status() == 0
    assert victim.read_text() == "kept\n"
    names = [p.name for p in tmp_path.iterdir()]
    assert [name for name in names if "victim" in name] == ["victim."]
    if chosen != "found":
        with wave.open(str(spoken)) as sound:
            assert sound.getnframes() / sound.getframerate() > 1.0
