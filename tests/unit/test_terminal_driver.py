"""The driver's ways of letting go of a terminal that has gone away (issue 15).

The whole story runs in tests/e2e/test_hangup.py (a real tmux killed many times); these
pin down each cause on its own, without a terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import select
import signal
import subprocess
import sys
import textwrap
import threading
import time
import tty
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


# -- frames straight from the event loop (issue 22) -----------------------------------


@pytest.fixture
def pty_file():
    """A raw pty: the writer's file is its terminal side, the test reads the other side."""
    leader, follower = os.openpty()
    tty.setraw(follower)
    file = os.fdopen(follower, "w", encoding="utf-8", errors="strict")
    yield leader, file
    for close in (file.close, lambda: os.close(leader)):
        with contextlib.suppress(OSError):  # a test may have hung the terminal up
            close()


def read_until(leader: int, done, timeout: float = 10.0) -> bytes:
    """Everything the terminal side wrote, read until `done(bytes_so_far)`."""
    got = bytearray()
    deadline = time.monotonic() + timeout
    while not done(got) and time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.05)
        if ready:
            got += os.read(leader, 65536)
    return bytes(got)


def test_frames_reach_a_reading_terminal_without_waking_the_writer_thread(pty_file):
    leader, file = pty_file
    writer = TerminalWriter(file)
    assert writer.write_directly()
    # The thread is never started: every frame must go out from this (the loop's) thread.
    frames = [f"\x1b[{n};1H· frame {n} ·" for n in range(300)]
    received = bytearray()
    for frame in frames:
        writer.write(frame)
        received += read_until(leader, lambda got: False, timeout=0.0)
    expected = "".join(frames).encode()
    received += read_until(leader, lambda got: len(received) + len(got) >= len(expected))
    assert bytes(received) == expected
    writer.stop()


FRAME = re.compile(rb"<(\d{6})x{2000}>")


def test_a_terminal_that_stops_reading_never_blocks_a_write(pty_file, monkeypatch):
    """A frozen SSH link: the terminal takes nothing for a while. Every write returns at
    once; what waits is bounded; when it reads again the screen is drawn anew, and what
    it gets is whole frames in order (some dropped, none cut, none reordered)."""
    monkeypatch.setattr("mbsr_tui.ui.terminal_driver.MAX_BACKLOG_BYTES", 64 * 1024)
    leader, file = pty_file
    writer = TerminalWriter(file)
    redraw = threading.Event()
    writer.on_dropped = redraw.set
    assert writer.write_directly()
    writer.start()
    slowest = 0.0
    for n in range(2000):  # 4 MB, far more than the pty and the backlog hold
        began = time.perf_counter()
        writer.write(f"<{n:06d}{'x' * 2000}>")
        slowest = max(slowest, time.perf_counter() - began)
        assert writer._backlog_size <= 64 * 1024 + 2008
    assert slowest < 0.05, f"a write waited {slowest:.3f} s for a terminal that reads nothing"
    assert not redraw.is_set()
    last = "<999999" + "x" * 2000 + ">"
    writer.write(last)
    received = read_until(leader, lambda got: got.endswith(last.encode()))
    assert redraw.wait(5), "the screen was not drawn anew after frames were dropped"
    assert FRAME.sub(b"", received) == b"", "a frame was cut short"
    numbers = [int(n) for n in FRAME.findall(received)]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert 0 < len(numbers) < 2001 and numbers[-1] == 999999
    writer.stop()
    assert not writer.is_alive() and not writer.gone.is_set()


def test_a_hung_up_terminal_stops_direct_writes(pty_file):
    leader, file = pty_file
    writer = TerminalWriter(file)
    assert writer.write_directly()
    writer.write("before")
    os.close(leader)  # the terminal hangs up: writes fail with EIO
    for _ in range(3):
        writer.write("after")
    assert writer.gone.is_set()
    writer.stop()


def test_the_driver_writes_frames_straight_to_its_terminal(monkeypatch, pty_file):
    """What MbsrDriver makes of Textual's writer: ours, writing from the caller's thread,
    and asking for the whole screen again should frames be dropped."""
    import textual.drivers.linux_driver as linux_driver

    leader, file = pty_file

    def textual_start(self) -> None:  # the part of Textual's that makes the writer
        self._writer_thread = linux_driver.WriterThread(self._file)
        self._writer_thread.start()

    monkeypatch.setattr(linux_driver.LinuxDriver, "start_application_mode", textual_start)

    class App:
        pass

    async def make() -> MbsrDriver:
        return MbsrDriver(App())

    driver = asyncio.run(make())
    driver._file = file
    driver.start_application_mode()
    try:
        writer = driver._writer_thread
        assert isinstance(writer, TerminalWriter)
        assert writer.on_dropped == driver._draw_all_again
        driver.write("\x1b[1;1Ha frame")
        assert read_until(leader, lambda got: got.endswith(b"a frame"), timeout=5.0)
        assert writer._direct_fd is not None  # not through the thread's queue
    finally:
        driver.close()
    assert not driver._writer_thread.is_alive()
