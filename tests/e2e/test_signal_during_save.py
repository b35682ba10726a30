"""A practice that has ended is kept, whatever ends the process while it is being saved.

Another process holds the journal's write lock (`BEGIN EXCLUSIVE`), so the save at the
end of a practice waits on it; then a signal arrives. Before the fix the app left ~4 s
later with no row and no `pending.toml`: the watchdog had been shortened on the belief
that what had to be logged was logged. Now the writes in flight are waited for within
the deadline, then kept in the fallback file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mbsr_tui.core.journal.io import read_pending
from mbsr_tui.core.journal.storage import Journal
from tests.e2e.test_journal import session_file

pytestmark = pytest.mark.e2e

HOLD_LOCK = (
    "import sqlite3, sys\n"
    "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "db.execute('BEGIN EXCLUSIVE')\n"
    "print('held', flush=True)\n"
    "sys.stdin.read()\n"
)


class LockHolder:
    """A helper process that holds the journal's write lock until released."""

    def __init__(self, journal: Path) -> None:
        Journal.open(journal).close()  # an existing journal, in WAL mode
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(journal)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout.readline().strip() == "held"

    def release(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=10)


@pytest.fixture
def busy_journal(home):
    holder = LockHolder(home / "data" / "mbsr-tui" / "journal.sqlite3")
    yield holder
    holder.release()


WAYS = {
    # name: (how the practice is started, the signal, the exit status it gives)
    "SIGTERM": ("run {practice}", signal.SIGTERM, 128 + signal.SIGTERM),
    "SIGHUP": ("run {practice}", signal.SIGHUP, 128 + signal.SIGHUP),
    "SIGINT": ("run {practice}", signal.SIGINT, 128 + signal.SIGINT),
    "plain-SIGTERM": ("run {practice} --plain", signal.SIGTERM, 128 + signal.SIGTERM),
    "plain-SIGHUP": ("run {practice} --plain", signal.SIGHUP, 128 + signal.SIGHUP),
    "plain-SIGINT": ("run {practice} --plain", signal.SIGINT, 0),  # as Ctrl+C: "Stopped."
    # Alone in a room: the room's clock starts 2 s after `group start`.
    "group-SIGTERM": ("group start {practice}", signal.SIGTERM, 128 + signal.SIGTERM),
}


@pytest.mark.parametrize("way", list(WAYS))
def test_a_practice_saved_into_a_busy_journal_survives_a_signal(terminal, home, tmp_path,
                                                                busy_journal, way):  # fmt: skip
    start, signum, status = WAYS[way]
    practice = session_file(tmp_path, (3,))
    rooms = tmp_path / "rooms"
    rooms.mkdir(mode=0o700)
    command = start.format(practice=practice)
    term = terminal(f"{command} --bell off --no-checkin", name=way,
                    extra_env={"MBSR_TUI_ROOMS": str(rooms)})  # fmt: skip
    term.wait_for("Part 1")
    time.sleep(3 + 1.5)  # the practice has ended; its save waits for the lock
    assert not term.exited()
    os.kill(term.pid(), signum)
    signalled = time.monotonic()
    term.wait_exit(timeout=20)
    took = time.monotonic() - signalled

    pending = home / "data" / "mbsr-tui" / "pending.toml"
    assert pending.is_file(), f"not kept anywhere ({took:.1f} s after the signal)"
    [entry] = read_pending(pending.parent)
    assert entry.completed is True and entry.practised_seconds == 3
    assert took < 15.0  # the watchdog's logging deadline
    assert term.exit_status() == status
