"""The driver's ways of letting go of a terminal that has gone away (issue 15).

The whole story runs in tests/e2e/test_hangup.py (a real tmux killed many times); these
pin down each cause on its own, without a terminal.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from mbsr_tui.ui.terminal_driver import HangupWatch, MbsrDriver, TerminalWriter

REPO = Path(__file__).resolve().parents[2]


class HungUpTerminal:
    """What a tty that has hung up does: every write fails with EIO."""

    def __init__(self) -> None:
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        raise OSError(5, "Input/output error")

    def flush(self) -> None:
        raise OSError(5, "Input/output error")

    def fileno(self) -> int:
        return 2


def in_thread(action, timeout: float = 5.0) -> bool:
    """Run `action` in a daemon thread; True if it returned within `timeout`."""
    thread = threading.Thread(target=action, daemon=True)
    thread.start()
    thread.join(timeout)
    return not thread.is_alive()


def test_writes_to_a_hung_up_terminal_never_block_and_stop_returns():
    writer = TerminalWriter(HungUpTerminal())
    writer.start()

    def shutdown_writes() -> None:
        # Far more than the writer's queue holds (30): Textual's own writer thread dies
        # on the first EIO, and the 31st write then waits forever.
        for n in range(200):
            writer.write(f"\x1b[?{n}l")
        writer.stop()

    assert in_thread(shutdown_writes), "a write or stop() blocked on the dead writer"
    assert writer.gone.is_set()


def test_a_writer_that_takes_nothing_lets_the_exit_go_after_a_while(monkeypatch):
    monkeypatch.setattr("mbsr_tui.ui.terminal_driver.EXIT_PATIENCE_SECONDS", 0.3)
    blocked = threading.Event()

    class Blocked:  # a terminal that stopped reading (a frozen SSH link)
        def write(self, text: str) -> int:
            blocked.wait(30)
            return len(text)

        def flush(self) -> None:
            pass

    writer = TerminalWriter(Blocked())
    writer.start()
    try:

        def leaving() -> None:
            writer.hurry()
            for _ in range(60):
                writer.write("x")
            writer.stop()

        assert in_thread(leaving), "the exit waited on a terminal that takes nothing"
        assert writer.gone.is_set()
    finally:
        blocked.set()


def test_a_writer_still_writes_after_the_terminal_is_back_to_normal():
    written: list[str] = []

    class Fine:
        def write(self, text: str) -> int:
            written.append(text)
            return len(text)

        def flush(self) -> None:
            pass

    writer = TerminalWriter(Fine())
    writer.start()
    writer.write("frame")
    writer.stop()
    assert written == ["frame"] and not writer.gone.is_set()


@pytest.fixture
def driver(monkeypatch):
    """An MbsrDriver that starts nothing: only its signal logic is tried."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGTSTP, signal.SIGCONT)}
    started: list[str] = []
    monkeypatch.setattr(
        "textual.drivers.linux_driver.LinuxDriver.start_application_mode",
        lambda self: started.append("start"),
    )
    monkeypatch.setattr(
        "textual.drivers.linux_driver.LinuxDriver.stop_application_mode",
        lambda self: started.append("stop"),
    )
    monkeypatch.setattr(os, "kill", lambda pid, sig: started.append(f"kill {sig}"))

    class App:
        pass

    async def make() -> MbsrDriver:  # a driver notes the loop it is made on
        return MbsrDriver(App())

    made = asyncio.run(make())
    made.started = started
    yield made
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def test_a_sigcont_without_our_own_stop_restarts_nothing(driver):
    # A hung-up terminal sends SIGCONT with SIGHUP. Textual's driver answered it by
    # starting application mode again: a second writer and input thread on a dead tty.
    driver._sigcont_application(signal.SIGCONT, None)
    assert driver.started == []


def test_ctrl_z_then_fg_still_suspends_and_resumes(driver):
    driver._sigtstp_application(signal.SIGTSTP, None)
    driver._sigcont_application(signal.SIGCONT, None)
    driver._sigcont_application(signal.SIGCONT, None)  # a stray second one: nothing
    assert driver.started == ["stop", f"kill {signal.SIGSTOP}", "start"]


def test_the_watch_reports_a_hang_up_once():
    # A pty whose other side closes hangs up, as tmux's does when its server is killed.
    leader, follower = os.openpty()
    reported = threading.Event()
    watch = HangupWatch([follower], reported.set)
    watch.start()
    try:
        assert not reported.wait(0.2)  # a live terminal (even with input) is no hang-up
        os.write(leader, b"typed")
        assert not reported.wait(0.2)
        os.close(leader)
        assert reported.wait(5)
        watch.join(5)
        assert not watch.is_alive()
    finally:
        os.close(follower)


def test_the_watch_stops_when_asked():
    leader, follower = os.openpty()
    watch = HangupWatch([follower], lambda: None)
    watch.start()
    watch.stop()
    watch.join(5)
    assert not watch.is_alive()
    watch.stop()  # again, after its pipe is closed: harmless
    os.close(leader)
    os.close(follower)


WATCHDOG_SCRIPT = """
import os, threading
from mbsr_tui.ui.exit_watchdog import WATCHDOG
WATCHDOG.arm(30, 1, "never")
WATCHDOG.arm(0.3, 129, "after signal 1")  # a later arm moves the deadline
threading.Event().wait()  # the main thread stuck for good, as on the dead writer's queue
"""


def test_the_watchdog_ends_a_stuck_process_and_leaves_its_stacks(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_STATE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(WATCHDOG_SCRIPT)],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 129
    log = (tmp_path / "mbsr-tui" / "exit-watchdog.log").read_text()
    assert "still running after signal 1" in log
    assert "Event().wait()" in log or "wait" in log  # the stuck main thread's stack
