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
drops what it cannot deliver, and never lets a write or the exit wait on it for long; a
small thread notices the hang-up itself (POLLHUP), so a terminal that vanishes without a
signal (or under `nohup`) ends the app too. The writer also writes only while the audio
guard has fd 2 (where Textual draws) pointed at the terminal, never at /dev/null, so a
quit during `mixer.init` still restores the terminal (issue 14, item 5).
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import threading
from typing import IO

from textual.drivers._writer_thread import WriterThread
from textual.drivers.linux_driver import LinuxDriver

from mbsr_tui.audio.stderr_guard import fd2_settled

# A write that cannot be queued for this long while the app is leaving means the terminal
# is not taking bytes (blocked, or gone without saying so): drop the rest.
EXIT_PATIENCE_SECONDS = 1.0
POLL_SECONDS = 0.2


class TerminalWriter(WriterThread):
    """Textual's writer thread, minus its two ways of hanging the app.

    `gone` is set when the terminal refused a write (or `give_up()` said so): from then on
    writes are dropped at once. After `hurry()` (the app is leaving) a write waits for
    room in the queue at most EXIT_PATIENCE_SECONDS before the terminal counts as gone.
    """

    def __init__(self, file: IO[str]) -> None:
        super().__init__(file)
        self.gone = threading.Event()
        self._hurry = threading.Event()

    def hurry(self) -> None:
        self._hurry.set()

    def give_up(self) -> None:
        self.gone.set()

    def write(self, text: str) -> None:
        waited = 0.0
        while not self.gone.is_set():
            try:
                self._queue.put(text, timeout=POLL_SECONDS)
                return
            except queue.Full:
                waited += POLL_SECONDS
                if not self.is_alive() or (
                    self._hurry.is_set() and waited >= EXIT_PATIENCE_SECONDS
                ):
                    self.gone.set()

    def run(self) -> None:
        get, qsize = self._queue.get, self._queue.qsize
        file = self._file
        try:
            while (text := get()) is not None:
                if self.gone.is_set():
                    continue
                # Waits (briefly) while the audio guard points fd 2 at /dev/null.
                with fd2_settled():
                    file.write(text)
                    if qsize() == 0:
                        file.flush()
            if not self.gone.is_set():
                with fd2_settled():
                    file.flush()
        except (OSError, ValueError):  # EIO: the terminal hung up; ValueError: closed
            self.gone.set()
            # Keep emptying the queue, so that no write ever waits on a dead consumer.
            while get() is not None:
                pass

    def stop(self) -> None:
        self.hurry()
        try:
            self._queue.put(None, timeout=EXIT_PATIENCE_SECONDS)
        except queue.Full:
            self.gone.set()
        self.join(EXIT_PATIENCE_SECONDS)


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
        # Textual makes its WriterThread inside; give it ours by the same name.
        import textual.drivers.linux_driver as linux_driver

        original = linux_driver.WriterThread
        linux_driver.WriterThread = TerminalWriter
        try:
            super().start_application_mode()
        finally:
            linux_driver.WriterThread = original
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

    def give_up_terminal(self) -> None:
        """Drop every write from now on (the terminal is gone)."""
        writer = self._writer_thread
        if isinstance(writer, TerminalWriter):
            writer.give_up()

    def hurry(self) -> None:
        """The app is leaving: no write may wait long for a terminal that takes nothing."""
        writer = self._writer_thread
        if isinstance(writer, TerminalWriter):
            writer.hurry()

    def disable_input(self) -> None:
        self.hurry()
        super().disable_input()

    def stop_application_mode(self) -> None:
        self.hurry()
        super().stop_application_mode()

    def close(self) -> None:
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
        super().close()


def _is_tty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False
