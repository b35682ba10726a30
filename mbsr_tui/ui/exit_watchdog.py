"""The last resort after a signal or a hang-up: the process ends by a deadline, whatever.

Not the fix (see terminal_driver.py for what used to hang); a backstop against what
nobody has found yet. Once the app has been told to go, `arm()` starts a daemon thread;
if the process is still there at the deadline, the thread writes every thread's stack
to `$XDG_STATE_HOME/mbsr-tui/exit-watchdog.log` (so the cause can be found), puts the
terminal's modes back if it still can, and ends the process with `os._exit`.

It never writes to the terminal: a terminal that takes no bytes would block it too.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import stat
import threading
import time
from datetime import UTC, datetime

LOG_NAME = "exit-watchdog.log"

# After a signal: time to log the practice (the journal may be locked: its waits add up
# to a few seconds), then to leave once it is logged.
LOGGING_DEADLINE_SECONDS = 15.0
EXIT_DEADLINE_SECONDS = 3.0


class ExitWatchdog:
    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._deadline: float | None = None
        self._code = 1
        self._why = ""
        self._thread: threading.Thread | None = None
        self.terminal_attrs: tuple[int, list] | None = None  # (fd, termios attrs) to restore

    @property
    def armed(self) -> bool:
        return self._deadline is not None

    def arm(self, seconds: float, code: int, why: str) -> None:
        """End the process with `code` in `seconds` unless it has ended by then. A later
        call moves the deadline (sooner or later). Safe to call from a signal handler."""
        with self._changed:
            self._deadline = time.monotonic() + seconds
            self._code, self._why = code, why
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._wait, name="mbsr-exit-watchdog", daemon=True
                )
                self._thread.start()
            self._changed.notify_all()

    def _wait(self) -> None:
        with self._changed:
            while True:
                left = self._deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            code, why = self._code, self._why
        self._write_log(why)
        self._restore_terminal()
        os._exit(code)

    def _write_log(self, why: str) -> None:
        with contextlib.suppress(Exception):
            from mbsr_tui.core.paths import ensure_private_dir, state_dir

            folder = ensure_private_dir(state_dir())
            # Never waits on a FIFO put in the log's place, nor writes through a link:
            # the watchdog must reach os._exit whatever is in the state folder.
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_NOFOLLOW
            handle = os.open(folder / LOG_NAME, flags | os.O_CLOEXEC, 0o600)
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                os.close(handle)
                return
            os.set_blocking(handle, True)
            with open(handle, "a", encoding="utf-8") as log:
                stamp = datetime.now(UTC).isoformat(timespec="seconds")
                log.write(f"{stamp} pid {os.getpid()}: still running {why}; ending it.\n")
                log.flush()
                faulthandler.dump_traceback(log, all_threads=True)
                log.write("\n")

    def _restore_terminal(self) -> None:
        if self.terminal_attrs is None:
            return
        import termios

        fd, attrs = self.terminal_attrs
        with contextlib.suppress(Exception):
            termios.tcsetattr(fd, termios.TCSANOW, attrs)


# One per process: it ends the process. Armed only by a real signal or hang-up, never in
# tests that call the app's handlers directly.
WATCHDOG = ExitWatchdog()
