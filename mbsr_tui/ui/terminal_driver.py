"""Textual's Linux driver, made to let go when the terminal goes away (issue 15).

What kept a process alive for hours after its terminal was gone (py-spy on survivors):
the main thread waited forever in `Queue.put` inside Textual's `WriterThread.write` (or
`WriterThread.stop`), called from the driver's shutdown. Two things put it there:

1. A hung-up terminal sends SIGCONT along with SIGHUP. Textual's driver answers every
   SIGCONT by re-entering application mode, as if coming back from Ctrl+Z: a second
   writer thread, a second input thread, fresh escape codes for a terminal that is gone.
2. The writer thread dies on the first write that fails (EIO once the tty has hung up).
   Its queue holds 30 writes; once full, every later write blocks the event loop for
   good, and so do the restore at exit and `stop()`'s join.

Here: a SIGCONT only resumes after our own SIGTSTP; the writer survives a failed write,
drops what it cannot deliver, never lets a write wait (a terminal that stops reading gets
a bounded backlog) and never lets the exit wait on it for long; a small thread notices
the hang-up itself (POLLHUP), so a terminal that vanishes without a signal (or under
`nohup`) ends the app too. The writer thread writes only while the audio guard has fd 2
(where Textual draws) pointed at the terminal, never at /dev/null, so a quit during
`mixer.init` still restores the terminal (issue 14, item 5); frames written straight from
the loop go to the terminal opened anew, which the guard never points elsewhere.

Frames go out from the event loop while the terminal takes them (issue 22): handing each
to the writer thread (a `Condition.notify` and a thread wake-up per frame) was most of
what a breathing practice cost.
"""

from __future__ import annotations

import contextlib
import os
import select
import stat
import threading
from collections import deque
from collections.abc import Callable
from typing import IO

from textual.drivers._writer_thread import WriterThread
from textual.drivers.linux_driver import LinuxDriver

from mbsr_tui.audio.stderr_guard import fd2_settled
from mbsr_tui.ui.terminal_input import InputWake, read_keys

# A writer thread still writing this long after the app asked it to stop means the
# terminal is not taking bytes (blocked, or gone without saying so): drop the rest.
EXIT_PATIENCE_SECONDS = 1.0
# What may wait for a terminal that stopped reading (a frozen SSH link): minutes of a
# practice's frames, a few full screens. Past it the waiting frames are dropped.
MAX_BACKLOG_BYTES = 1 << 20


class TerminalWriter(WriterThread):
    """Textual's writer thread, minus its two ways of hanging the app, and its cost.

    Frames go straight to the terminal from the caller's thread (the event loop) while
    the terminal takes them: `write_directly()` opens the terminal a second time,
    non-blocking, so a write never waits and the writer thread is not woken per frame
    (that wake-up was most of a breathing practice's CPU, issue 22). What the terminal
    cannot take at once, and everything after it until the thread has caught up, goes
    to the thread, which writes it (blocking) to the file, in order.

    A terminal that stops reading never blocks the caller: writes wait in a backlog of
    at most MAX_BACKLOG_BYTES; past that the waiting frames are dropped and
    `on_dropped` is called once the terminal takes bytes again (the app then draws the
    whole screen anew). `gone` is set when the terminal refused a write (or
    `give_up()` said so): from then on writes are dropped at once. `stop()` waits for
    the thread at most EXIT_PATIENCE_SECONDS before the terminal counts as gone.
    """

    def __init__(self, file: IO[str]) -> None:
        super().__init__(file)
        self.gone = threading.Event()
        self.on_dropped: Callable[[], object] | None = None
        # Reentrant: Textual's SIGTSTP handler writes from the main thread, which may be
        # inside `write` already when the signal arrives.
        self._lock = threading.RLock()
        self._wake = threading.Condition(self._lock)
        self._backlog: deque[str | bytes | None] = deque()
        self._backlog_size = 0
        self._busy = False  # the thread holds a write the terminal has not had in full
        self._dropped = False
        self._direct_fd: int | None = None
        self._codec = ("utf-8", "strict")

    def give_up(self) -> None:
        self.gone.set()

    def write_directly(self) -> bool:
        """Write from the caller's thread from now on, while the terminal takes bytes.

        Only for a real terminal, opened anew: O_NONBLOCK on the file's own descriptor
        would also change the shell's and the input reader's (they share it).
        """
        try:
            fd = self._file.fileno()
            if not os.isatty(fd) or not hasattr(self._file, "buffer"):
                return False
            flags = os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC | os.O_NOFOLLOW
            own = os.open(os.ttyname(fd), flags)
        except (OSError, AttributeError, ValueError):
            return False
        try:
            mine, theirs = os.fstat(own), os.fstat(fd)
        except OSError:
            os.close(own)
            return False
        if not stat.S_ISCHR(mine.st_mode) or mine.st_rdev != theirs.st_rdev:
            os.close(own)  # not the same terminal (the name was reused meanwhile)
            return False
        encoding = getattr(self._file, "encoding", None) or "utf-8"
        self._codec = (encoding, getattr(self._file, "errors", None) or "strict")
        with self._lock:
            self._direct_fd = own
        return True

    def write(self, text: str) -> None:
        if self.gone.is_set() or not text:
            return
        with self._lock:
            if self._direct_fd is None or self._busy or self._backlog:
                self._hand_over(text)
                return
            data = text.encode(*self._codec)
            try:
                sent = os.write(self._direct_fd, data)
            except BlockingIOError:
                sent = 0
            except OSError:  # EIO: the terminal hung up
                self.gone.set()
                return
            if sent < len(data):
                self._hand_over(data[sent:])

    def _hand_over(self, item: str | bytes) -> None:
        """Give `item` to the thread (the lock is held). Never waits."""
        if self._backlog_size + len(item) > MAX_BACKLOG_BYTES:
            self._drop_frames()
        self._backlog.append(item)
        self._backlog_size += len(item)
        self._wake.notify()

    def _drop_frames(self) -> None:
        """The terminal has not read for long: forget the frames waiting for it. The rest
        of a frame already begun (bytes) stays, so no escape sequence is cut short."""
        kept = deque(item for item in self._backlog if not isinstance(item, str))
        self._backlog = kept
        self._backlog_size = sum(len(item) for item in kept if item is not None)
        self._dropped = True

    def run(self) -> None:
        file = self._file
        while True:
            with self._lock:
                while not self._backlog:
                    self._wake.wait()
                item = self._backlog.popleft()
                self._busy = item is not None
                if item is not None:
                    self._backlog_size -= len(item)
            if item is None:
                break
            if not self.gone.is_set():
                self._deliver(file, item)
            with self._lock:
                # Bytes still in `file`'s buffer would come after a direct write:
                # `_deliver` flushed them if nothing else was waiting.
                self._busy = False
                repaint = self._dropped and not self._backlog
                if repaint:
                    self._dropped = False
            if repaint and self.on_dropped is not None and not self.gone.is_set():
                self.on_dropped()
        if not self.gone.is_set():
            with contextlib.suppress(OSError, ValueError), fd2_settled():
                file.flush()

    def _deliver(self, file: IO[str], item: str | bytes) -> None:
        try:
            # Waits (briefly) while the audio guard points fd 2 at /dev/null.
            with fd2_settled():
                if isinstance(item, bytes):  # the rest of a direct write
                    file.flush()
                    file.buffer.write(item)
                else:
                    file.write(item)
                if not self._backlog:
                    file.flush()
        except (OSError, ValueError):  # EIO: the terminal hung up; ValueError: closed
            self.gone.set()

    def stop(self) -> None:
        with self._lock:
            self._backlog.append(None)
            self._wake.notify()
        if self.ident is not None:  # started
            self.join(EXIT_PATIENCE_SECONDS)
        if self.is_alive():  # stuck in a write: the terminal takes nothing
            self.gone.set()
        with self._lock:
            fd, self._direct_fd = self._direct_fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)


class HangupWatch(threading.Thread):
    """Waits for POLLHUP on the terminal's descriptors and reports it once.

    Asks only for hang-ups and errors, never for input, so it sleeps in `poll` until the
    terminal goes away (or `stop()`), costing nothing meanwhile.
    """

    def __init__(self, fds: list[int], on_hangup) -> None:
        super().__init__(daemon=True, name="mbsr-hangup-watch")
        self._fds = fds
        self._on_hangup = on_hangup
        self._wake_r, self._wake_w = os.pipe()
        self._pipe_lock = threading.Lock()
        self._pipe_open = True

    def run(self) -> None:
        poller = select.poll()
        for fd in self._fds:
            poller.register(fd, select.POLLHUP | select.POLLERR)
        poller.register(self._wake_r, select.POLLIN)
        trouble = select.POLLHUP | select.POLLERR | select.POLLNVAL
        try:
            while True:
                ready = poller.poll()
                if any(fd == self._wake_r for fd, _ in ready):
                    return
                if any(mask & trouble for _, mask in ready):
                    self._on_hangup()
                    return
        finally:
            with self._pipe_lock:  # never leave a closed (maybe reused) fd to `stop`
                self._pipe_open = False
                for fd in (self._wake_r, self._wake_w):
                    with contextlib.suppress(OSError):
                        os.close(fd)

    def stop(self) -> None:
        with self._pipe_lock, contextlib.suppress(OSError):
            if self._pipe_open:
                os.write(self._wake_w, b"x")


class MbsrDriver(LinuxDriver):
    """LinuxDriver that ends cleanly and promptly when its terminal goes away.

    The app may define `terminal_hung_up()`: called on the app's loop when the terminal
    hangs up (else the app exits with 129, as after SIGHUP).
    """

    def __init__(self, *args, **kwargs) -> None:
        self._stopped_by_us = False
        self._watch: HangupWatch | None = None
        self._input_wake: InputWake | None = None
        super().__init__(*args, **kwargs)

    # -- Ctrl+Z, and the SIGCONT a hang-up sends ---------------------------------------

    def _sigtstp_application(self, *args) -> None:
        self._stopped_by_us = self._auto_restart
        super()._sigtstp_application(*args)

    def _sigcont_application(self, *args) -> None:
        # Resume only what our own SIGTSTP suspended: a hung-up terminal sends SIGCONT with
        # SIGHUP, and `kill -CONT` may come at any time; neither is a way back from Ctrl+Z.
        if not self._stopped_by_us:
            return
        self._stopped_by_us = False
        if self.terminal_gone:
            return
        super()._sigcont_application(*args)

    # -- the writer and the watch --------------------------------------------------------

    @property
    def terminal_gone(self) -> bool:
        writer = self._writer_thread
        return isinstance(writer, TerminalWriter) and writer.gone.is_set()

    def start_application_mode(self) -> None:
        self._close_input_wake()  # a resume after Ctrl+Z: the old input thread has ended
        self._input_wake = InputWake()
        # Textual makes its WriterThread inside; give it ours by the same name.
        import textual.drivers.linux_driver as linux_driver

        original = linux_driver.WriterThread
        linux_driver.WriterThread = TerminalWriter
        try:
            super().start_application_mode()
        finally:
            linux_driver.WriterThread = original
        writer = self._writer_thread
        if isinstance(writer, TerminalWriter):
            writer.on_dropped = self._draw_all_again
            writer.write_directly()
        if self._watch is None and self._writer_thread is not None:
            fds = [fd for fd in {self.fileno, self._file.fileno()} if _is_tty(fd)]
            if fds:
                self._watch = HangupWatch(fds, self._hung_up)
                self._watch.start()

    def _hung_up(self) -> None:
        """On the watch thread: the terminal is gone."""
        self.give_up_terminal()
        app = self._app
        report = getattr(app, "terminal_hung_up", None)
        # `App.call_later` posts from any thread; this is the driver's watch thread, not a
        # worker with a result to post (issue 19, item 3).
        try:
            if report is not None:
                app.call_later(report)
            else:
                app.call_later(app.exit, None, 129)
        except RuntimeError:  # the loop has closed: the app is on its way out anyway
            pass

    def _draw_all_again(self) -> None:
        """On the writer thread: frames were dropped while the terminal did not read, and
        it reads again. Textual sends only what changed, so the whole screen is drawn."""
        # `App.call_later` posts from any thread; this is the driver's writer thread, not
        # a worker with a result to post (issue 19, item 3).
        with contextlib.suppress(RuntimeError):  # the loop has closed: nothing to draw
            self._app.call_later(self._app.refresh)

    def give_up_terminal(self) -> None:
        """Drop every write from now on (the terminal is gone)."""
        writer = self._writer_thread
        if isinstance(writer, TerminalWriter):
            writer.give_up()

    # -- the keys --------------------------------------------------------------------

    def run_input_thread(self) -> None:
        """Textual's input loop, asleep while no key comes (terminal_input.py)."""
        if self._input_wake is not None:
            read_keys(self.fileno, self._input_wake, self.process_message, debug=self._debug)

    def disable_input(self) -> None:
        # Textual sets its exit event and joins the input thread: wake it from `poll`.
        if self._input_wake is not None:
            self._input_wake.wake()
        super().disable_input()

    def _close_input_wake(self) -> None:
        if self._input_wake is not None:
            self._input_wake.close()
            self._input_wake = None

    def close(self) -> None:
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
        super().close()
        self._close_input_wake()


def _is_tty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False
