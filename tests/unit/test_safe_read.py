"""Every file read at start-up is read without waiting on a FIFO (issue 21, item 16).

A FIFO in a file's place once made `today` (run at each login) and `log` block for good.
Each command runs as its own process with a timeout: a regression must fail, not hang.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mbsr_tui.core.journal.storage import Journal
from mbsr_tui.core.safe_read import NotARegularFile, read_bytes, something_else_is_there

BOUND_SECONDS = 20.0  # a command that ends at all ends in well under a second or two


def test_a_fifo_is_refused_at_once_and_a_regular_file_read_within_its_limit(tmp_path):
    fifo = tmp_path / "pending.toml"
    os.mkfifo(fifo)
    began = time.monotonic()
    with pytest.raises(NotARegularFile):
        read_bytes(fifo, 100)
    with pytest.raises(NotARegularFile):
        read_bytes(fifo, 100, follow_links=True)
    assert time.monotonic() - began < 1.0
    assert something_else_is_there(fifo)
    assert not something_else_is_there(tmp_path / "missing")
    with pytest.raises(NotARegularFile):
        read_bytes(tmp_path, 100)  # a folder in a file's place

    plain = tmp_path / "settings.toml"
    plain.write_bytes(b"x" * 500)
    assert read_bytes(plain, 1000) == b"x" * 500
    assert read_bytes(plain, 100) == b"x" * 101  # one past the limit: "too large"
    with pytest.raises(FileNotFoundError):
        read_bytes(tmp_path / "missing", 100)

    link = tmp_path / "link.toml"
    link.symlink_to(plain)
    with pytest.raises(NotARegularFile):
        read_bytes(link, 1000)  # the data, state and cache folders' files
    assert read_bytes(link, 1000, follow_links=True) == b"x" * 500  # a dotfiles manager's
    fifo_link = tmp_path / "fifo-link.toml"
    fifo_link.symlink_to(fifo)
    with pytest.raises(NotARegularFile):
        read_bytes(fifo_link, 100, follow_links=True)


@pytest.fixture
def folders(tmp_path) -> dict[str, Path]:
    found = {
        "config": tmp_path / "config" / "mbsr-tui",
        "data": tmp_path / "data" / "mbsr-tui",
        "state": tmp_path / "state" / "mbsr-tui",
        "cache": tmp_path / "cache" / "mbsr-tui",
    }
    for folder in found.values():
        folder.mkdir(parents=True)
    (found["config"] / "sessions").mkdir()
    return found


def run(folders: dict[str, Path], *argv: str) -> subprocess.CompletedProcess:
    root = folders["config"].parent.parent
    env = {
        **os.environ,
        **{f"XDG_{k.upper()}_HOME": str(root / k) for k in ("config", "data", "state", "cache")},
        "TERM": "dumb", "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1",
    }  # fmt: skip
    try:
        return subprocess.run(
            [sys.executable, "-m", "mbsr_tui", *argv], env=env, stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=BOUND_SECONDS,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"`mbsr-tui {' '.join(argv)}` was still waiting after {BOUND_SECONDS} s")


PLACES = {
    # where the FIFO is (folder, name), and whether a journal exists beside it
    "data-pending": ("data", "pending.toml", False),
    "state-pending": ("state", "pending.toml", False),
    "settings": ("config", "settings.toml", False),
    "course-state": ("data", "course.toml", False),
    "journal": ("data", "journal.sqlite3", False),
    "journal-wal": ("data", "journal.sqlite3-wal", True),
    "journal-shm": ("data", "journal.sqlite3-shm", True),
    "user-session": ("config", "sessions/evening.toml", False),
    "user-course": ("config", "sessions/course.toml", False),
}
# The course module (another part of issue 21) treats a course.toml that is not a file as
# no course of one's own and uses the built-in one: no word, but no wait either.
SILENT = {"user-course"}
COMMANDS = (("today",), ("today", "--quiet-if-done"), ("log",), ("list",), ("course",),
            ("log", "export", "--format", "csv"))  # fmt: skip


@pytest.mark.parametrize("place", list(PLACES))
def test_a_fifo_in_any_place_read_at_start_up_never_blocks_and_is_named(folders, place):
    folder, name, with_journal = PLACES[place]
    if with_journal:
        with Journal.open(folders["data"] / "journal.sqlite3"):
            pass
    fifo = folders[folder] / name
    os.mkfifo(fifo)
    told = False
    for argv in COMMANDS:
        done = run(folders, *argv)
        assert "Traceback" not in done.stderr, (argv, done.stderr)
        said = " ".join((done.stdout + done.stderr).split())
        told = told or "not a regular file" in said or "not a file" in said
    assert told or place in SILENT, f"no command said what is wrong with {fifo}"
    assert fifo.exists() and not fifo.is_file()  # left where it is, for the person to see


def test_the_exit_watchdog_never_waits_on_a_fifo_in_its_logs_place():
    from mbsr_tui.core import paths
    from mbsr_tui.ui.exit_watchdog import LOG_NAME, ExitWatchdog

    folder = paths.ensure_private_dir(paths.state_dir())
    os.mkfifo(folder / LOG_NAME)
    began = time.monotonic()
    ExitWatchdog()._write_log("after signal 15")  # its last step before os._exit
    assert time.monotonic() - began < 1.0
    (folder / LOG_NAME).unlink()
    ExitWatchdog()._write_log("after signal 15")
    assert "still running after signal 15" in (folder / LOG_NAME).read_text()
