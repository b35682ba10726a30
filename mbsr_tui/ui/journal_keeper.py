"""The app's side of the journal: every practice kept, and the journal's writes off the loop."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    from mbsr_tui.core.journal import Entry
    from mbsr_tui.core.safekeeping import RecordOutcome
    from mbsr_tui.ui.app import Practice
    from mbsr_tui.ui.screens.checkin import CheckIn
    from mbsr_tui.ui.screens.player import PlayerOutcome

# A signal handler must finish quickly: the terminal may already be gone.
SIGNAL_TIMEOUT_SECONDS = 2.0


def make_entry(practice: Practice, outcome: PlayerOutcome, after: CheckIn | None) -> Entry:
    """The journal's record of one practice, with the local offset at its start."""
    # SQLite and the journal load on first use, after the first frame.
    from mbsr_tui.core.journal import Entry

    started = practice.started_at
    offset = started.astimezone().utcoffset() or timedelta(0)
    before = practice.before
    ended = max(started, datetime.now(UTC))
    return Entry(
        session_id=practice.session.id,
        title=practice.session.title,
        kind=practice.session.kind,
        started_at=started,
        utc_offset_minutes=round(offset.total_seconds() / 60),
        ended_at=ended,
        planned_seconds=round(outcome.planned_seconds),
        practised_seconds=round(outcome.practised_seconds),
        completed=outcome.completed,
        pain_before=before.pain if before else None,
        stress_before=before.stress if before else None,
        pain_after=after.pain if after else None,
        stress_after=after.stress if after else None,
        note=after.note if after else "",
    )


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

    def record(
        self,
        practice: Practice,
        outcome: PlayerOutcome,
        after: CheckIn | None,
        done: Callable[[str], None],
    ) -> None:
        """Write in a worker thread, then call `done` on the app's loop with what happened."""
        from mbsr_tui.core.safekeeping import record

        entry = make_entry(practice, outcome, after)

        def write() -> None:
            result = record(entry)
            self._keep_news(result)
            self.app.call_from_thread(done, result.message)

        self.app.run_worker(write, thread=True, group="journal")

    def record_now(self, practice: Practice, outcome: PlayerOutcome, after: CheckIn | None) -> None:
        """Write at once (Ctrl+C, a signal): the app is about to exit."""
        from mbsr_tui.core.safekeeping import record

        result = record(make_entry(practice, outcome, after), timeout=SIGNAL_TIMEOUT_SECONDS)
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
