"""The real pygame mixer, each test in its own process so no mixer state leaks.

SDL's disk driver writes the mixed output to a file (raw s16 stereo at 44.1 kHz), which
lets a test hear where a sound landed; a driver that does not exist stands for a machine
without a sound card.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.audio_onsets import find_onsets, peak, read_raw_stereo

REPO = Path(__file__).resolve().parents[2]
RATE = 44100
PROMPT = 0.25  # seconds from ring() to the sound: on time as a person hears it
# The tests that time sounds run on one xdist worker, one after another (see test_bells).
audio_timing = pytest.mark.xdist_group("audio-timing")


def run_audio_script(body: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SSH_", "SDL_", "PYGAME"))}
    env.update(environ, PYTHONPATH=str(REPO))
    script = "import json, os, sys, time\n" + textwrap.dedent(body)
    return subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=REPO, capture_output=True, text=True,
        timeout=30,
    )  # fmt: skip


def frames_written(path: Path) -> int:
    return path.stat().st_size // 4 if path.exists() else 0


PLAY_ON_DISK = """
from mbsr_tui.audio.mixer import MixerBellPlayer
from mbsr_tui.audio.players import SilentBellPlayer
from mbsr_tui.core.events import Side

out = os.environ["SDL_DISKAUDIOFILE"]


def just_flushed():
    # The file grows in 4 KiB stdio blocks; right after one lands, its size is exactly
    # what the device has played, and the next buffer is ~10 ms away.
    size = os.path.getsize(out)
    deadline = time.monotonic() + 0.2
    while os.path.getsize(out) == size and time.monotonic() < deadline:
        time.sleep(0.0002)
    return os.path.getsize(out) // 4


player = MixerBellPlayer(SilentBellPlayer(), volume=100)
assert player.start(), player.failure
marks = {}
plan = [("left", "cue", Side.LEFT, 0.55), ("right", "cue", Side.RIGHT, 0.55),
        ("bell", "bell", Side.BOTH, 0.3)]
for name, sound, side, pause in plan:
    marks[name] = just_flushed()  # frames the device had played when we rang
    player.ring(sound, side)
    time.sleep(pause)
marks["end"] = os.path.getsize(out) // 4
player.close()
print(json.dumps(marks))
"""


@pytest.fixture(scope="module")
def disk_run(tmp_path_factory):
    raw = tmp_path_factory.mktemp("disk") / "out.raw"
    result = run_audio_script(PLAY_ON_DISK, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(raw))
    assert result.returncode == 0, result.stderr
    marks = json.loads(result.stdout.strip().splitlines()[-1])
    left, right = read_raw_stereo(raw)
    return marks, left, right, result


@audio_timing
def test_a_left_cue_sounds_on_the_left_only(disk_run):
    marks, left, right, _ = disk_run
    span = slice(marks["left"], marks["right"])
    assert peak(left[span]) > 10_000
    assert peak(right[span]) == 0


@audio_timing
def test_a_right_cue_sounds_on_the_right_only(disk_run):
    marks, left, right, _ = disk_run
    span = slice(marks["right"], marks["bell"])
    assert peak(right[span]) > 10_000
    assert peak(left[span]) == 0


@audio_timing
def test_a_bell_starts_promptly_once_rung_and_never_before(disk_run):
    """Within a quarter second, as a person hears it. How close to one mixer buffer it
    really is, is measured by `python bench/bell_onsets.py` (on two loaded cores shared by
    parallel tests, a one-buffer budget flakes)."""
    marks, left, right, _ = disk_run
    onsets = find_onsets(left)
    assert len(onsets) == 2  # the left cue, then the bell (the right cue is not on the left)
    for onset, rung in zip(onsets, (marks["left"], marks["bell"]), strict=True):
        assert 0 <= onset - rung <= PROMPT * RATE
    assert find_onsets(right)[-1] == pytest.approx(onsets[1], abs=2)


@audio_timing
def test_the_disk_drivers_own_stderr_line_is_silenced_too(disk_run):
    *_, result = disk_run
    assert result.stderr == ""


NO_DEVICE = """
from mbsr_tui.audio.modes import make_bell_player

rung = []
player = make_bell_player("auto", terminal_bell=lambda: rung.append("BEL"))
started = player.start()
player.ring("bowl")
player.ring("cue")
player.ring("bell")
player.close()
print(json.dumps({"started": started, "rung": len(rung), "notice": player.notice,
                  "described": "%s" % player.describe()}))
"""


def test_a_missing_driver_falls_back_to_the_terminal_and_writes_nothing_to_fd2():
    result = run_audio_script(NO_DEVICE, SDL_AUDIODRIVER="nonexistent")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, "pygame's greeting must not reach stdout"
    outcome = json.loads(lines[0])
    assert outcome["started"] is False
    assert outcome["rung"] == 2  # bowl and bell; never the cue
    assert outcome["notice"] == "No audio device found; bells ring in the terminal."


NO_SOUND_CARD_WITH_ALSA = """
from mbsr_tui.audio.modes import make_bell_player

player = make_bell_player("sound", terminal_bell=lambda: None)
print(json.dumps({"started": player.start(), "notice": player.notice}))
"""


def test_alsa_complaining_about_a_missing_card_never_reaches_fd2():
    # No SDL_AUDIODRIVER: SDL tries ALSA, which on a machine without a card writes
    # several lines straight to fd 2 from C. With a card, it simply starts.
    result = run_audio_script(NO_SOUND_CARD_WITH_ALSA)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["started"] or outcome["notice"]


def test_importing_the_bells_does_not_import_pygame_or_textual():
    result = run_audio_script(
        """
        import mbsr_tui.audio.modes, mbsr_tui.audio.rings
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("pygame", "textual")))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
