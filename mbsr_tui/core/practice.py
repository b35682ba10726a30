"""One practice's life, from the start bell to the journal, in one small object.

Every way out of a practice (the end, q, Ctrl+C, Ctrl+Q, the command palette, a signal, a
crash in a dialog) ends here: the outcome is kept the moment the player ends, answers are
kept the moment they are given, and `entry()` makes the journal's record from whatever is
known. So a signal during the closing check-in logs a completed practice as completed,
with the answers already given, and `ended_at` is when the practice ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from mbsr_tui.core.safe_text import strip_controls

if TYPE_CHECKING:
    from mbsr_tui.core.journal.entry import Entry
    from mbsr_tui.core.session import Session

# The rules every way out of a practice follows (keys, signals, a hang-up, a group
# sitting, the plain mode, a crash): written once, here.
# Under this much practice a practice is logged only if the person stayed through it: a
# mis-start, or a few seconds before a dropped connection, is not a session.
MIN_LOGGED_SECONDS = 60.0
# Stayed through = reached the end having practised at least this share of the planned
# length: skipping the odd part still counts, pressing `n` through most of it does not.
STAYED_THROUGH_SHARE = 0.9


def stayed_through(planned_seconds: float, practised_seconds: float, reached_end: bool) -> bool:
    """The practice reached its end and the person was there for (nearly) all of it.
    Nothing planned (an open sit) cannot be cut short: reaching its end is staying."""
    if not reached_end:
        return False
    return planned_seconds <= 0 or practised_seconds >= STAYED_THROUGH_SHARE * planned_seconds


def worth_logging(practised_seconds: float, stayed: bool) -> bool:
    """The one logging rule: a practice stayed through always, any other from a minute."""
    return stayed or practised_seconds >= MIN_LOGGED_SECONDS


@dataclass(frozen=True)
class CheckIn:
    """Answers to the check-in: each rating 0..10 or None (skipped, not yet asked)."""

    pain: int | None = None
    stress: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Outcome:
    """How a practice ended: for the journal and the closing screen."""

    session: Session
    planned_seconds: float
    practised_seconds: float  # the "getting ready" countdown, pauses and skips left out
    reached_end: bool  # the practice ran (or was skipped) to its end, or an open sit's q

    @property
    def completed(self) -> bool:
        """Stayed through (the journal's `completed`, the course's practice day)."""
        return stayed_through(self.planned_seconds, self.practised_seconds, self.reached_end)

    def ending_words(self) -> str:
        """The closing screen's (and the plain mode's) words on how it went: true, and kind."""
        if self.completed:
            return "You stayed to the end."
        if self.reached_end:
            return "You skipped ahead through some parts; that's fine."
        return "You stopped early, and that is fine."


@dataclass
class PracticeLife:
    """Started -> ended -> checked in -> logged; each stage kept as it happens."""

    session: Session
    started_at: datetime
    before: CheckIn | None = None
    outcome: Outcome | None = None
    ended_at: datetime | None = None
    after: CheckIn | None = None
    logged: bool = False

    @property
    def ended(self) -> bool:
        return self.outcome is not None

    def end(self, outcome: Outcome, at: datetime | None = None) -> None:
        """The player stopped: keep the first outcome (a later one cannot overwrite it)."""
        if self.outcome is None:
            self.outcome = outcome
            self.ended_at = at or datetime.now(UTC)

    def answered_after(self, answers: CheckIn) -> None:
        """The closing check-in so far (called after every answer, and at its end)."""
        self.after = answers

    def worth_logging(self) -> bool:
        """Ended, not yet logged, and within the one logging rule (`worth_logging`)."""
        if self.logged or self.outcome is None:
            return False
        return worth_logging(self.outcome.practised_seconds, self.outcome.completed)

    def entry(self) -> Entry:
        """The journal's record of this practice, with the local offset at its start."""
        # The journal (and SQLite behind it) loads on first use, after the first frame.
        from mbsr_tui.core.journal.entry import Entry

        if self.outcome is None:
            raise ValueError("a practice is logged only once it has ended")
        started = self.started_at
        offset = started.astimezone().utcoffset() or timedelta(0)
        before, after = self.before or CheckIn(), self.after or CheckIn()
        ended = max(started, self.ended_at or datetime.now(UTC))
        return Entry(
            session_id=self.session.id,
            title=self.session.title,
            kind=self.session.kind,
            started_at=started,
            utc_offset_minutes=round(offset.total_seconds() / 60),
            ended_at=ended,
            planned_seconds=round(self.outcome.planned_seconds),
            practised_seconds=round(self.outcome.practised_seconds),
            completed=self.outcome.completed,
            pain_before=before.pain,
            stress_before=before.stress,
            pain_after=after.pain,
            stress_after=after.stress,
            note=clean_note(after.note),
        )


def clean_note(note: str, limit: int | None = None) -> str:
    """A note as the journal keeps it: no control characters, trimmed, within the limit."""
    if limit is None:
        from mbsr_tui.core.journal.entry import NOTE_LIMIT

        limit = NOTE_LIMIT
    return strip_controls(note).strip()[:limit]
