"""The app's side of the journal: every practice kept, and the journal's writes off the loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    from mbsr_tui.core.journal import Entry
    from mbsr_tui.core.safekeeping import RecordOutcome

# A signal handler must finish quickly: the terminal may already be gone.
SIGNAL_TIMEOUT_SECONDS = 2.0


class JournalKeeper:
    """Opens the journal at start (merging entries kept aside), records practices."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._unsaved: list[str] = []
        self._not_in_journal: list[str] = []

    def open(self) -> None:
        self.app.run_worker(self._open, thread=True, group="journal")

    def _open(self) -> None:
        from mbsr_tui.core.safekeeping import open_journal

        with open_journal() as opened:
            for message in opened.messages:
                self.app.call_from_thread(self.app.notify, message, timeout=12)

    def record(self, entry: Entry, done: Callable[[str], None]) -> None:
        """Write in a worker thread, then call `done` on the app's loop with what happened."""
        from mbsr_tui.core.safekeeping import record

        def write() -> None:
            result = record(entry)
            self._keep_news(result)
            self.app.call_from_thread(done, result.message)

        self.app.run_worker(write, thread=True, group="journal")

    def record_now(self, entry: Entry) -> None:
        """Write at once (Ctrl+C, a signal): the app is about to exit."""
        from mbsr_tui.core.safekeeping import record

        result = record(entry, timeout=SIGNAL_TIMEOUT_SECONDS)
        self._keep_news(result)

    def _keep_news(self, result: RecordOutcome) -> None:
        from mbsr_tui.core.safekeeping import SAVED

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
        """Every practice, oldest first (call from a worker thread)."""
        from mbsr_tui.core.safekeeping import open_journal

        with open_journal() as opened:
            return opened.journal.all() if opened.journal else []

    def get(self, row_id: int) -> Entry | None:
        from mbsr_tui.core.safekeeping import open_journal

        with open_journal() as opened:
            return opened.journal.get(row_id) if opened.journal else None
