"""Every way out of the app (a mixin of `MbsrApp`): Ctrl+C, Ctrl+Q, the palette's Quit,
signals, a terminal that hung up, a crash. Whatever is under way is logged first; the
watchdog (exit_watchdog.py) ends the process should anything keep it from exiting."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen

    from mbsr_tui.audio.voice import VoiceControl
    from mbsr_tui.core.practice import PracticeLife
    from mbsr_tui.ui.bell_control import BellControl
    from mbsr_tui.ui.journal_keeper import JournalKeeper
    from mbsr_tui.ui.screens.player import PlayerScreen


class Shutdown:
    """Needs `practice`, `_player`, `journal`, `bells`, `voice` (the other mixins)."""

    practice: PracticeLife | None
    _player: PlayerScreen | None
    journal: JournalKeeper
    bells: BellControl
    voice: VoiceControl | None
    _quit_question: Screen | None = None  # "not saved: quit?" while it is asked

    def action_quit_now(self) -> None:
        self._when_words_landed(self._quit_now)

    def _quit_now(self) -> None:
        if self._asked_before_quitting():
            return
        self.end_abruptly()
        self.exit(0)

    async def action_quit(self) -> None:
        # Ctrl+Q and the command palette's Quit: the practice is logged as Ctrl+C logs it.
        self._when_words_landed(self._quit)

    def _quit(self) -> None:
        if self._asked_before_quitting():
            return
        self.end_abruptly()
        self.bells.close()
        self.exit(0)

    def _when_words_landed(self, then: Callable[[], None]) -> None:
        """`then`, once the keys read with this one reach the form on screen: words typed
        just before Ctrl+C or Ctrl+Q are the form's, so it asks before they are lost."""
        if any(hasattr(s, "ask_before_quitting") for s in self.screen_stack):
            from mbsr_tui.ui.typed_input import after_typing

            after_typing(self.screen, then, always=True)
        else:
            then()

    def _asked_before_quitting(self) -> bool:
        """Changes in the editor not saved: ask first (True). Asked already and still on
        screen: the second Ctrl+C or Ctrl+Q quits at once (False)."""
        if self._quit_question is not None and self._quit_question in self.screen_stack:
            return False
        for screen in reversed(self.screen_stack):
            ask = getattr(screen, "ask_before_quitting", None)
            if ask is not None:
                self._quit_question = ask()
                return self._quit_question is not None
        return False

    def end_abruptly(self) -> None:
        """Any way out but the practice's own end: log what is under way, right now.

        A practice still playing is logged as ended early; one that already ended (the
        closing check-in is on screen) as it ended, with the answers given so far. Signals,
        a hang-up, Ctrl+C, Ctrl+Q and the palette's Quit all follow the one logging rule
        (core/practice.py `worth_logging`), as ending with q does.
        Safe to call more than once: a practice is logged once.
        """
        practice, self.practice = self.practice, None
        player, self._player = self._player, None
        if practice is None or practice.logged:
            return
        if not practice.ended and player is not None:
            practice.end(*player.final_outcome())
        if practice.worth_logging():
            practice.logged = True
            self.journal.record_now(practice.entry())

    def on_unmount(self) -> None:
        # Every way out passes here (even a crash in a dialog): nothing under way is lost.
        self.end_abruptly()
        group = getattr(self, "group", None)  # a room's files go with us (issue 20)
        if group is not None:
            group.leave()
        self.journal.settle()
        self.bells.close()
        if self.voice is not None:
            self.voice.close()
        # Nothing is left to log: a signal from here on may end the process at once.
        for signum, handler in getattr(self, "_mbsr_saved_signals", {}).items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, handler)

    # -- signals and the terminal going away (issue 15; see terminal_driver.py) ------------

    def _watch_signals(self) -> None:
        # SIGHUP is a dropped SSH connection; SIGTERM a shutdown; SIGINT `kill -INT` (in
        # the terminal Ctrl+C is a key). Either way the practice in progress (or being
        # saved) is kept before the app exits and restores the terminal. A plain handler
        # rather than the loop's: it runs even while the loop is busy, and it arms the
        # watchdog that ends the process should anything keep it from exiting. (Headless,
        # under tests, Ctrl+C stays the test runner's.)
        loop = asyncio.get_running_loop()
        saved = {}
        watched = (signal.SIGHUP, signal.SIGTERM, *(() if self.is_headless else (signal.SIGINT,)))
        for signum in watched:
            with contextlib.suppress(ValueError, OSError):  # not the main thread
                saved[signum] = signal.signal(signum, partial(self._signal_arrived, loop))
        self._mbsr_saved_signals = saved

    def _on_signal(self, signum: int) -> None:
        """On the loop, after SIGHUP, SIGTERM or SIGINT (or a hang-up): log, stop bells, exit."""
        from mbsr_tui.ui.exit_watchdog import EXIT_DEADLINE_SECONDS, WATCHDOG

        self.end_abruptly()
        self.journal.settle()  # a practice being saved when the signal came is kept too
        self.bells.close()
        self.exit(128 + signum)
        if WATCHDOG.armed:
            # What had to be logged is logged (or kept in pending.toml, settle() saw to it):
            # from here on, leaving takes a moment.
            WATCHDOG.arm(EXIT_DEADLINE_SECONDS, 128 + signum, f"after signal {signum}")

    def _signal_arrived(self, loop: asyncio.AbstractEventLoop, signum: int, _frame) -> None:
        """The signal handler proper: runs on the main thread between two bytecodes, even
        while the loop waits. It only arms the watchdog and hands over to the loop."""
        from mbsr_tui.ui.exit_watchdog import LOGGING_DEADLINE_SECONDS, WATCHDOG
        from mbsr_tui.ui.textual_adapter import driver_of

        driver = driver_of(self)
        attrs = getattr(driver, "attrs_before", None)
        if attrs is not None:
            WATCHDOG.terminal_attrs = (driver.fileno, attrs)
        WATCHDOG.arm(LOGGING_DEADLINE_SECONDS, 128 + signum, f"after signal {signum}")
        # A signal handler, not a worker (issue 19, item 3): the one async-signal-safe way
        # onto the loop.
        with contextlib.suppress(RuntimeError):  # the loop has closed: the watchdog ends it
            loop.call_soon_threadsafe(self._on_signal, signum)

    def terminal_hung_up(self) -> None:
        """The driver saw the terminal hang up (with or without a SIGHUP): as SIGHUP."""
        from mbsr_tui.ui.exit_watchdog import LOGGING_DEADLINE_SECONDS, WATCHDOG

        WATCHDOG.arm(LOGGING_DEADLINE_SECONDS, 128 + signal.SIGHUP, "after the terminal hung up")
        self._on_signal(signal.SIGHUP)

    def get_driver_class(self):
        """Textual's Linux driver, made to let go of a terminal that has gone away."""
        driver_class = super().get_driver_class()
        if driver_class.__module__ == "textual.drivers.linux_driver":
            from mbsr_tui.ui.terminal_driver import MbsrDriver

            return MbsrDriver
        return driver_class
