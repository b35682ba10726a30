"""The plain player's terminal: lines out, keys and answers in, nothing else.

No alternate screen, no cursor movement, no colour: only text and newlines (and BEL for a
bell). Keys are read one at a time in cbreak mode where stdin is a terminal (so space and
q work without Enter; Ctrl+C still interrupts), and answers a line at a time with the
terminal's own line editing. A terminal that has gone away (SIGHUP, EIO) never raises
from a write: the practice is logged whether or not anyone can read the words.

Ctrl+Z and `fg`: the shell gets the terminal back in the person's own modes, and the keys'
mode is set again when the practice goes on (a shell does not restore a job's modes; without
this, `q` would be echoed and nothing read until Enter).
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
from typing import TextIO

from mbsr_tui.core.journal.entry import NOTE_LIMIT
from mbsr_tui.plain.wrap import terminal_width, wrap_prompt, wrap_text

# The longest answer kept: a check-in's note may be this long, nothing asked is longer.
MAX_LINE = NOTE_LIMIT

try:
    import termios
    import tty
except ImportError:  # Windows: no cbreak; keys arrive a line at a time
    termios = None  # type: ignore[assignment]
    tty = None  # type: ignore[assignment]


class PlainTerminal:
    """Writes whole lines and reads keys from file descriptors (a tty, a pipe, a test)."""

    def __init__(
        self, out: TextIO | None = None, in_fd: int | None = None, width: int | None = None
    ) -> None:
        self.out = out or sys.stdout
        self._width = width  # fixed (a test), or None: the terminal's, asked each time
        self.in_fd = sys.stdin.fileno() if in_fd is None else in_fd
        self._buffer = ""
        self._saved: list | None = None
        self._closed_input = False
        self._keys = False  # whether keys are wanted one at a time (cbreak), not lines
        self._previous: dict[int, object] = {}

    # -- modes --------------------------------------------------------------------

    def __enter__(self) -> PlainTerminal:
        self._cbreak()
        self._watch_stops()
        return self

    def __exit__(self, *_: object) -> None:
        self._restore()
        self._unwatch_stops()

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
            self._keys = True

    def _restore(self) -> None:
        self._keys = False
        self._cooked()

    def _cooked(self) -> None:
        """The modes the terminal had before: the person's own (line editing, echo)."""
        if self._saved is not None and termios is not None:
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self.in_fd, termios.TCSADRAIN, self._saved)

    # -- Ctrl+Z and fg -----------------------------------------------------------------

    def _watch_stops(self) -> None:
        if termios is None or self._saved is None or not hasattr(signal, "SIGTSTP"):
            return
        for signum, handler in ((signal.SIGTSTP, self._on_stop),
                                (signal.SIGCONT, self._on_continue)):  # fmt: skip
            with contextlib.suppress(ValueError, OSError):  # not the main thread: no handlers
                self._previous[signum] = signal.signal(signum, handler)

    def _unwatch_stops(self) -> None:
        for signum, handler in self._previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, handler)  # type: ignore[arg-type]
        self._previous.clear()

    def _on_stop(self, signum: int, _frame: object) -> None:
        """Ctrl+Z: give the shell the person's modes, then stop as asked."""
        self._cooked()
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        try:
            os.kill(os.getpid(), signal.SIGTSTP)  # stopped here until `fg` or `bg`
        finally:
            signal.signal(signal.SIGTSTP, self._on_stop)
        self._on_continue(signal.SIGCONT, None)

    def _on_continue(self, _signum: int, _frame: object) -> None:
        """`fg`: keys one at a time again. Only in the foreground: a background process
        setting the terminal's modes would be stopped again (SIGTTOU)."""
        if not self._keys or termios is None:
            return
        try:
            foreground = os.tcgetpgrp(self.in_fd) == os.getpgrp()
        except OSError:
            foreground = True  # not the controlling terminal: no job control to mind
        if foreground:
            with contextlib.suppress(termios.error, OSError):
                tty.setcbreak(self.in_fd)

    # -- output -------------------------------------------------------------------

    def say(self, *lines: str) -> None:
        """Each line as it happens, flushed at once (a screen reader reads it then),
        broken between words to the terminal's width."""
        width = self.width()
        with contextlib.suppress(OSError, ValueError):
            for line in lines:
                for part in wrap_text(line, width):
                    self.out.write(part + "\n")
            self.out.flush()

    def prompt(self, text: str) -> None:
        """A question, its answer typed on its last line."""
        before, last = wrap_prompt(text, self.width())
        with contextlib.suppress(OSError, ValueError):
            for part in before:
                self.out.write(part + "\n")
            self.out.write(last)
            self.out.flush()

    def width(self) -> int:
        """Asked each time: the window may have been resized since."""
        return self._width if self._width is not None else terminal_width()

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
        """One line typed with the terminal's own editing (cooked mode); None at the end.
        A line is kept to MAX_LINE characters: the rest of a longer one is dropped as it
        comes, so a paste of a whole file holds no more than that in memory."""
        self._restore()
        try:
            while "\n" not in self._buffer and "\r" not in self._buffer:
                if len(self._buffer) > MAX_LINE:
                    line, self._buffer = self._buffer[:MAX_LINE], ""
                    self._skip_rest_of_line()
                    return line
                if not self._fill(None):
                    if self._buffer:
                        break
                    return None
            line, _, self._buffer = (
                self._buffer.replace("\r\n", "\n").replace("\r", "\n").partition("\n")
            )
            return line[:MAX_LINE]
        finally:
            self._cbreak()

    def _skip_rest_of_line(self) -> None:
        """Drop what follows an over-long line, up to and with its end."""
        while True:
            for end in ("\n", "\r"):
                if end in self._buffer:
                    self._buffer = self._buffer.split(end, 1)[1].lstrip("\n")
                    return
            self._buffer = ""
            if not self._fill(None):
                return
