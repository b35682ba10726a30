"""The input thread sleeps until a key comes, and still hands every key to Textual,
a lone Escape included (issue 22; ui/terminal_input.py)."""

from __future__ import annotations

import contextlib
import os
import queue
import select
import threading
import time
import tty

import pytest
from textual import events

from mbsr_tui.ui import terminal_input
from mbsr_tui.ui.terminal_input import InputWake, read_keys

REAL_POLL = select.poll


class CountedPoll:
    """`select.poll` that counts how often the thread came back from waiting."""

    def __init__(self) -> None:
        self.returns = 0

    def __call__(self):
        real = REAL_POLL()
        counter = self

        class Poll:
            def register(self, fd, mask):
                real.register(fd, mask)

            def unregister(self, fd):
                real.unregister(fd)

            def poll(self, timeout=None):
                ready = real.poll(timeout)
                counter.returns += 1
                return ready

        return Poll()


@pytest.fixture
def keyboard(monkeypatch):
    """A pty: the test types on one side, `read_keys` runs on the other in a thread."""
    leader, follower = os.openpty()
    tty.setraw(follower)
    polls = CountedPoll()
    monkeypatch.setattr(terminal_input.select, "poll", polls)
    wake = InputWake()
    got: queue.Queue = queue.Queue()
    thread = threading.Thread(target=read_keys, args=(follower, wake, got.put), daemon=True)
    thread.start()
    yield leader, got, polls, wake, thread
    wake.wake()
    thread.join(5)
    wake.close()
    for fd in (leader, follower):
        with contextlib.suppress(OSError):
            os.close(fd)


def keys(got: queue.Queue, count: int, timeout: float = 5.0) -> list[str]:
    found = []
    deadline = time.monotonic() + timeout
    while len(found) < count and time.monotonic() < deadline:
        try:
            event = got.get(timeout=0.05)
        except queue.Empty:
            continue
        if isinstance(event, events.Key):
            found.append(event.key)
    return found


def test_typed_keys_and_a_lone_escape_reach_textual(keyboard):
    leader, got, _, _, _ = keyboard
    os.write(leader, b"q\x1b[A")
    assert keys(got, 2) == ["q", "up"]
    os.write(leader, b"\x1b")  # a lone Escape: reported once ESCDELAY passes
    assert keys(got, 1) == ["escape"]


def test_no_key_no_wake_up(keyboard):
    leader, got, polls, _, _ = keyboard
    time.sleep(0.6)
    assert polls.returns <= 1  # Textual's own loop comes back ~6 times in 0.6 s
    os.write(leader, b"x")
    assert keys(got, 1) == ["x"]


def test_wake_ends_the_thread_at_once(keyboard):
    _, _, _, wake, thread = keyboard
    time.sleep(0.2)
    began = time.monotonic()
    wake.wake()
    thread.join(5)
    assert not thread.is_alive() and time.monotonic() - began < 0.5


def test_a_terminal_that_hangs_up_does_not_make_the_thread_spin(keyboard):
    leader, _, polls, _wake, thread = keyboard
    os.close(leader)  # the other side goes: POLLHUP, then EIO, for ever
    time.sleep(0.5)
    assert polls.returns <= 4
    assert thread.is_alive()  # still there for `wake`, as Textual expects
