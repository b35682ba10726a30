"""The terminal's keys, read by a thread that sleeps until a key comes (issue 22).

Textual's input thread wakes ten times a second whether keys come or not (its `select`
has a 0.1 s timeout): a seventh of what a breathing practice cost. It needs those looks
for one thing: a lone Escape is reported once ESCDELAY has passed with nothing after it.
Here the thread looks that often only for a while after a key; otherwise it waits in
`poll` for input or for `wake()`. A terminal at its end of input (hung up, or a pipe that
closed) is no longer watched, so it cannot make the thread spin either.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
from codecs import getincrementaldecoder
from collections.abc import Callable

from textual import constants
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.message import Message

# How often to look while an escape sequence may be waiting for its end (Textual's pace).
LOOK_SECONDS = 0.1


def keep_looking_seconds() -> float:
    """How long after a key the thread still looks LOOK_SECONDS apart: well past the
    moment a lone Escape is due."""
    return max(1.0, 3 * constants.ESCAPE_DELAY)


class InputWake:
    """A pipe that wakes the input thread from `poll` when input is being disabled."""

    def __init__(self) -> None:
        self.read_fd, self._write_fd = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._open = True

    def wake(self) -> None:
        self.stopping.set()
        with self._lock, contextlib.suppress(OSError):  # full: a wake is already waiting
            if self._open:
                os.write(self._write_fd, b"x")

    def drain(self) -> None:
        with contextlib.suppress(OSError):
            while os.read(self.read_fd, 512):
                pass

    def close(self) -> None:
        with self._lock:
            if self._open:
                self._open = False
                for fd in (self.read_fd, self._write_fd):
                    with contextlib.suppress(OSError):
                        os.close(fd)


def read_keys(
    fileno: int, wake: InputWake, deliver: Callable[[Message], None], *, debug: bool = False
) -> None:
    """Feed what the terminal sends to Textual's parser and `deliver` each event, until
    `wake.wake()`. What is still unread then is left: Textual flushes it right after."""
    parser = XTermParser(debug)
    decode = getincrementaldecoder("utf-8")().decode
    poller = select.poll()
    poller.register(fileno, select.POLLIN)
    poller.register(wake.read_fd, select.POLLIN)
    watching = True
    last_key = -float("inf")
    keep_looking = keep_looking_seconds()
    wake.drain()

    def take() -> bool:
        """Read once; False at the end of input."""
        try:
            data = os.read(fileno, 4096)
        except BlockingIOError:
            return True
        except OSError:  # EIO: the terminal hung up
            return False
        for event in parser.feed(decode(data)):
            deliver(event)
        return bool(data)

    while not wake.stopping.is_set():
        looking = watching and time.monotonic() - last_key < keep_looking
        ready = poller.poll(LOOK_SECONDS * 1000 if looking else None)
        for fd, mask in ready:
            if fd == wake.read_fd:
                wake.drain()
            elif mask & (select.POLLIN | select.POLLHUP | select.POLLERR):
                if take():
                    last_key = time.monotonic()
                else:  # the end of input: nothing more will come from here
                    poller.unregister(fileno)
                    watching = False
            elif mask & select.POLLNVAL:
                poller.unregister(fileno)
                watching = False
        for event in parser.tick():
            deliver(event)
    with contextlib.suppress(EOFError, ParseError):
        for _event in parser.feed(""):
            pass
