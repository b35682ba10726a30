"""A dropped connection ends the app, wherever it is (issue 15).

Killing the tmux server is what a dropped SSH connection does to the app: the terminal
hangs up (SIGHUP and SIGCONT arrive, reads return EOF, writes fail with EIO). Before the
fix, now and then a process stayed alive for good, its main thread waiting forever on the
queue of Textual's dead writer thread. So each place is tried several times, the kills
spread over moments, and every process of every run is counted.

Each run carries an environment variable of its own; its processes are found by that in
/proc/*/environ (other tests run mbsr-tui too, so never by name).
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

GONE_WITHIN = 5.0  # the bound, seconds from the kill
RUN_TAG = "MBSR_TUI_HANGUP_RUN"


def processes_of(tag: str) -> list[int]:
    """Live processes whose environment holds RUN_TAG=tag (zombies count as gone)."""
    wanted = f"{RUN_TAG}={tag}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if wanted not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if state != "Z":
            found.append(int(entry.name))
    return found


def wait_gone(tag: str, killed_at: float) -> list[int]:
    """The run's processes still alive GONE_WITHIN seconds after `killed_at`."""
    while (left := processes_of(tag)) and time.monotonic() < killed_at + GONE_WITHIN:
        time.sleep(0.05)
    return left


def finish_off(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


PLACES = {
    # place: (arguments, what shows once it is up, keys to press then, what shows after)
    "menu": ("", "MEDITATION", (), "MEDITATION"),
    "history": ("", "MEDITATION", ("h",), "mbsr-tui · history"),
    "practice": ("run counted-breathing --bell sound --no-checkin", "bells: sound", (), ""),
}
REPEATS = {"menu": 7, "history": 7, "practice": 6}
PRACTICE_SECONDS = 5.0  # killed this far into the practice, as the issue says


@pytest.mark.parametrize("place", list(PLACES))
def test_killing_the_terminal_ends_every_run(terminal, place):
    args, up, keys, there = PLACES[place]
    runs = []
    for n in range(REPEATS[place]):
        tag = f"{uuid.uuid4().hex}-{place}-{n}"
        # The mixer really opens (dummy driver) when the practice rings through it.
        term = terminal(args, name=f"hup-{place}-{n}", extra_env={RUN_TAG: tag})
        runs.append((tag, term))
    for _, term in runs:
        term.wait_for(up)
        if keys:
            term.keys(*keys)
            term.wait_for(there)
    if place == "practice":
        time.sleep(PRACTICE_SECONDS)
    survivors = kill_all(runs)
    assert survivors == {}, f"{len(survivors)} of {len(runs)} runs left processes: {survivors}"


def test_killing_the_terminal_while_the_app_starts_ends_every_run(terminal):
    """Kills spread over the first second, while the app draws its first frames and the
    mixer opens: where most of the processes used to stay behind."""
    runs = []
    for n in range(8):
        tag = f"{uuid.uuid4().hex}-start-{n}"
        runs.append((tag, terminal("", name=f"hup-start-{n}", extra_env={RUN_TAG: tag})))
        time.sleep(0.1)  # kill n comes ~(0.45 + 0.1 n) s after its start, see below
    time.sleep(0.45 - 0.1)
    survivors = kill_all(runs, spacing=0.1)
    assert survivors == {}, f"{len(survivors)} of {len(runs)} runs left processes: {survivors}"


def kill_all(runs, spacing: float = 0.0) -> dict[str, list[int]]:
    """Kill each run's tmux server; the runs with a process left GONE_WITHIN s after."""
    killed = []
    for tag, term in runs:
        assert processes_of(tag), "each run's process is found before the kill"
        term.close()  # `tmux kill-server`: the terminal is gone
        killed.append((tag, time.monotonic()))
        time.sleep(spacing)
    survivors = {}
    for tag, killed_at in killed:
        left = wait_gone(tag, killed_at)
        if left:
            survivors[tag] = left
            finish_off(left)
    return survivors
