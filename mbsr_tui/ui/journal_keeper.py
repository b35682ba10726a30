"""The app's side of the journal: every practice kept, and the journal's writes off the loop."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from textual.app import App

    from mbsr_tui.core.journal.calendar_entry import CalendarEntry
    from mbsr_tui.core.journal.entry import Entry
    from mbsr_tui.core.journal.safekeeping import OpenOutcome, RecordOutcome

# A signal handler must finish quickly: the terminal may already be gone.
SIGNAL_TIMEOUT_SECONDS = 2.0


class JournalKeeper:
    """Opens the journal at start (merging entries kept aside), records practices.

    The journal is opened once, by the first of `open()`'s worker and a history read,
    and that one handle serves every later read: merging the fallback file or moving a
    damaged journal aside happens once, and what it says is told once.
    """

    def __init__(self, app: App) -> None:
        self.app = app
        self._unsaved: list[str] = []
        self._not_in_journal: list[str] = []
        self._opened: OpenOutcome | None = None
        self._opening = threading.Lock()
        self._told: set[str] = set()
        self.waiting = 0  # entries in a fallback file, not yet in the journal (last read)
        self.set_aside: str | None = None  # a damaged journal set aside (last read): where
        self._in_flight: list[Entry] = []  # being written by a worker thread just now
        self._writes_over = threading.Condition()
        self._kept_aside: list[Entry] = []  # of those, already kept in the fallback file
        self._leaving = False  # settle() was called: the app is on its way out

    def open(self) -> None:
        self.app.run_worker(self._open, thread=True, group="journal")

    def _open(self) -> OpenOutcome:
        """The journal, opened on the first call only (call from a worker thread)."""
        from mbsr_tui.core.journal.safekeeping import open_journal

        with self._opening:
            if self._opened is None:
                self._opened = open_journal()
                for message in self._opened.messages:
                    self._tell(message)
            return self._opened

    def _tell(self, message: str) -> None:
        """Show `message` once, literally (it may hold a path with brackets)."""
        from mbsr_tui.core.safe_text import visible_lines

        if message in self._told:
            return
        self._told.add(message)
        text = visible_lines(message)
        try:
            self.app.call_from_thread(self.app.notify, text, timeout=12, markup=False)
        except RuntimeError:  # on the app's own thread, or the app is not running
            if self.app.is_running:
                self.app.notify(text, timeout=12, markup=False)

    def close(self) -> None:
        """Close the one handle (for the app to call as it exits)."""
        with self._opening:
            if self._opened is not None:
                self._opened.close()
                self._opened = None

    def record(self, entry: Entry, done: Callable[[str], None]) -> None:
        """Write in a worker thread, then call `done` on the app's loop with what happened.
        Until the write is over, the entry is "in flight": `settle()` keeps it if the app
        must leave first."""
        from mbsr_tui.core.journal.safekeeping import record

        with self._writes_over:
            self._in_flight.append(entry)

        def write() -> None:
            try:
                result = record(entry)
                self._keep_news(result)
            finally:
                with self._writes_over:
                    self._in_flight.remove(entry)
                    self._writes_over.notify_all()
            if self._leaving:  # the app is closing: no closing screen to show it on
                return
            # Left as call_from_thread (issue 19, item 3): the keeper's callers hand it a
            # `done` callback, and its writes are bound to `settle()` on the way out
            # (`_in_flight`, `_leaving`); how a result travels is part of that contract.
            with contextlib.suppress(RuntimeError):  # the app has gone meanwhile
                self.app.call_from_thread(done, result.message)

        self.app.run_worker(write, thread=True, group="journal")

    def settle(self, seconds: float = SIGNAL_TIMEOUT_SECONDS) -> None:
        """Before the process ends (a signal, a hang-up, any way out): wait up to `seconds`
        for the writes in flight; what is still waiting for a busy journal then goes to the
        fallback file, so a practice is in the journal or in `pending.toml` either way.
        (If the late write lands in the journal after all, the next start merges the two
        copies into one row.)"""
        from mbsr_tui.core.journal.safekeeping import keep_aside

        self._leaving = True
        deadline = time.monotonic() + seconds
        with self._writes_over:
            while self._waited_for() and (left := deadline - time.monotonic()) > 0:
                self._writes_over.wait(left)
            late = self._waited_for()
        for entry in late:
            reason = "the journal was still busy when mbsr-tui had to close"
            self._keep_news(keep_aside(entry, reason, timeout=SIGNAL_TIMEOUT_SECONDS))
            with self._writes_over:
                self._kept_aside.append(entry)  # a second settle() need not wait for it

    def _waited_for(self) -> list[Entry]:
        """The writes in flight not yet kept aside (call holding `_writes_over`)."""
        return [entry for entry in self._in_flight if entry not in self._kept_aside]

    def record_now(self, entry: Entry) -> None:
        """Write at once (Ctrl+C, a signal): the app is about to exit."""
        from mbsr_tui.core.journal.safekeeping import record

        result = record(entry, timeout=SIGNAL_TIMEOUT_SECONDS)
        self._keep_news(result)

    def _keep_news(self, result: RecordOutcome) -> None:
        from mbsr_tui.core.journal.safekeeping import SAVED

        if result.status != SAVED:
            self._not_in_journal.append(result.message)
        if result.text:
            self._unsaved.append(result.text)

    def not_in_journal_messages(self) -> list[str]:
        """What became of practices the journal could not take, told again after the app
        closes: with --exit-at-end, Ctrl+C or a signal no closing screen ever showed it."""
        return self._not_in_journal

    def unsaved_lines(self) -> list[str]:
        """Entries that could be written nowhere: printed after the app closes."""
        return self._unsaved

    def entries(self) -> list[Entry]:
        """Every practice, oldest first, with those still waiting in a fallback file (a
        practice saved there since the start shows too); rows that cannot be read are
        skipped and told of. Call from a worker thread."""
        from mbsr_tui.core import paths
        from mbsr_tui.core.journal.safekeeping import read_waiting, set_aside_notes, with_waiting

        opened = self._open()
        self.set_aside = "\n\n".join(set_aside_notes(paths.data_dir())) or None
        kept = opened.journal.all() if opened.journal is not None else []
        problems: list[str] = []
        waiting = read_waiting(paths.data_dir(), problems)
        self.waiting = len(with_waiting(kept, waiting)) - len(kept)
        skipped = opened.journal.unreadable_message() if opened.journal is not None else None
        for message in [*problems, *([skipped] if skipped else [])]:
            self._tell(message)
        return with_waiting(kept, waiting)

    def get(self, row_id: int) -> Entry | None:
        opened = self._open()
        return opened.journal.get(row_id) if opened.journal is not None else None

    # -- the 8-week course (issue 8) ------------------------------------------------------

    def since(self, moment: datetime) -> list[Entry]:
        """The practices begun from `moment` on, oldest first, with any still waiting in
        a fallback file. Call from a worker thread."""
        from mbsr_tui.core.journal.safekeeping import with_waiting

        opened = self._open()
        kept = opened.journal.since(moment) if opened.journal is not None else []
        return with_waiting(kept, [e for e in opened.waiting if e.started_at >= moment])

    def calendar_entries(self, since: datetime | None = None) -> list[CalendarEntry]:
        """The course's calendar entries (from `since` on), oldest first. Worker thread."""
        opened = self._open()
        return opened.journal.calendar(since) if opened.journal is not None else []

    def write_calendar(self, entry: CalendarEntry, done: Callable[[str, bool], None]) -> None:
        """Keep a calendar entry in a worker thread, then call `done(message, saved)` on
        the app's loop. Not saved: the form stays open with the words still in it."""
        from mbsr_tui.core.journal.entry import JournalError

        def write() -> None:
            opened = self._open()
            try:
                if opened.journal is None or opened.journal.read_only:
                    raise JournalError("your journal cannot be written just now")
                opened.journal.add_calendar([entry])
                message, saved = "Saved in your journal.", True
            except JournalError as err:
                message, saved = f"Not saved yet: {err}. Your words are still here.", False
            self.app.call_from_thread(done, message, saved)

        self.app.run_worker(write, thread=True, group="journal")
