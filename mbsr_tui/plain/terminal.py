"""The plain player's terminal: lines out, keys and answers in, nothing else.

No alternate screen, no cursor movement, no colour: only text and newlines (and BEL for a
bell). Keys are read one at a time in cbreak mode where stdin is a terminal (so space and
q work without Enter; Ctrl+C still interrupts), and answers a line at a time with the
terminal's own line editing. A terminal that has gone away (SIGHUP, EIO) never raises
from a write: the practice is logged whether or not anyone can read the words.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
from typing import TextIO

try:
    import termios
    import tty
except ImportError:  # Windows: no cbreak; keys arrive a line at a time
    termios = None  # type: ignore[assignment]
    tty = None  # type: ignore[assignment]


class PlainTerminal:
    """Writes whole lines and reads keys from file descriptors (a tty, a pipe, a test)."""

    def __init__(self, out: TextIO | None = None, in_fd: int | None = None) -> None:
        self.out = out or sys.stdout
        self.in_fd = sys.stdin.fileno() if in_fd is None else in_fd
        self._buffer = ""
        self._saved: list | None = None
        self._closed_input = False

    # -- modes --------------------------------------------------------------------

    def __enter__(self) -> PlainTerminal:
        self._cbreak()
        return self

    def __exit__(self, *_: object) -> None:
        self._restore()

    def _is_tty(self) -> bool:
        try:
            return os.isatty(self.in_fd)
        except OSError:
            return False

    def _cbreak(self) -> None:
        if termios is None or not self._is_tty():
            return
        with contextlib.suppress(termios.error, OSError):
            if self._saved is None:
                self._saved = termios.tcgetattr(self.in_fd)
            tty.setcbreak(self.in_fd)

    def _restore(self) -> None:
        if self._saved is not None and termios is not None:
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self.in_fd, termios.TCSADRAIN, self._saved)

    # -- output -------------------------------------------------------------------

    def say(self, *lines: str) -> None:
        """Each line as it happens, flushed at once (a screen reader reads it then)."""
        with contextlib.suppress(OSError, ValueError):
            for line in lines:
                self.out.write(line + "\n")
            self.out.flush()

    def prompt(self, text: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.out.write(text)
            self.out.flush()

    def bell(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.out.write("\a")
            self.out.flush()

    # -- input --------------------------------------------------------------------

    def _fill(self, timeout: float | None) -> bool:
        """Wait up to `timeout` seconds (None: for ever) for input; False if none came."""
        if self._closed_input:
            if timeout is not None:
                select.select([], [], [], max(0.0, timeout))
            return False
        ready, _, _ = select.select(
            [self.in_fd], [], [], None if timeout is None else max(0.0, timeout)
        )
        if not ready:
            return False
        try:
            data = os.read(self.in_fd, 1024)
        except OSError:
            data = b""
        if not data:
            self._closed_input = True  # end of input: the practice goes on without keys
            return False
        self._buffer += data.decode("utf-8", "replace")
        return True

    def read_key(self, timeout: float | None) -> str | None:
        """One character, or None when `timeout` passes first (or input has ended)."""
        if not self._buffer and not self._fill(timeout):
            return None
        key, self._buffer = self._buffer[0], self._buffer[1:]
        return key

    def read_line(self) -> str | None:
        """One line typed with the terminal's own editing (cooked mode); None at the end."""
        self._restore()
        try:
            while "\n" not in self._buffer and "\r" not in self._buffer:
                if not self._fill(None):
                    if self._buffer:
                        break
                    return None
            line, _, self._buffer = (
                self._buffer.replace("\r\n", "\n").replace("\r", "\n").partition("\n")
            )
            return line
        finally:
            self._cbreak()
