"""One practice as the journal keeps it, checked on the way in, and the journal's error."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

NOTE_LIMIT = 4000
RATING_MAX = 10
MAX_OFFSET_MINUTES = 18 * 60  # the widest UTC offset Python's tzinfo allows


class JournalError(Exception):
    """Anything that goes wrong with the journal, as one plain sentence.

    `damaged` is set when the file itself is corrupt (not merely busy or read-only):
    `open_journal()` then moves it aside and starts a new one.
    """

    def __init__(self, message: str, *, damaged: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged


def _utc(value: Any, name: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise JournalError(f"'{name}' must be a date and time with a time zone")
    return value.astimezone(UTC)


def _seconds(value: Any, name: str) -> int:
    # Clocks give floats; the journal keeps whole seconds.
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise JournalError(f"'{name}' must be a number of seconds")
    if value < 0:
        raise JournalError(f"'{name}' must not be negative")
    return round(value)


@dataclass(frozen=True)
class Entry:
    """One practice as the journal keeps it. Times are normalised to UTC."""

    session_id: str
    title: str
    kind: str
    started_at: datetime  # aware; stored as UTC
    utc_offset_minutes: int  # the person's local offset when the practice began
    ended_at: datetime
    planned_seconds: int
    practised_seconds: int  # pauses excluded
    completed: bool  # reached the end; False means ended early
    pain_before: int | None = None
    pain_after: int | None = None
    stress_before: int | None = None
    stress_after: int | None = None
    note: str = ""
    # The journal's row number: set on entries read back, never part of equality.
    row_id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalising happens once, here
        for name in ("session_id", "title", "kind"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                raise JournalError(f"'{name}' must be some text")
        set_(self, "started_at", _utc(self.started_at, "started_at"))
        set_(self, "ended_at", _utc(self.ended_at, "ended_at"))
        if self.ended_at < self.started_at:
            raise JournalError("'ended_at' must not be before 'started_at'")
        offset = self.utc_offset_minutes
        if isinstance(offset, bool) or not isinstance(offset, int):
            raise JournalError("'utc_offset_minutes' must be a whole number")
        if abs(offset) >= MAX_OFFSET_MINUTES:
            raise JournalError("'utc_offset_minutes' must be within 18 hours of UTC")
        set_(self, "planned_seconds", _seconds(self.planned_seconds, "planned_seconds"))
        set_(self, "practised_seconds", _seconds(self.practised_seconds, "practised_seconds"))
        if not isinstance(self.completed, bool):
            raise JournalError("'completed' must be true or false")
        for name in ("pain_before", "pain_after", "stress_before", "stress_after"):
            rating = getattr(self, name)
            if rating is not None and (
                isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10
            ):
                raise JournalError(f"'{name}' must be a whole number from 0 to {RATING_MAX}")
        if not isinstance(self.note, str):
            raise JournalError("'note' must be text")
        if len(self.note) > NOTE_LIMIT:
            raise JournalError(f"'note' must be at most {NOTE_LIMIT} characters")

    @property
    def local_started_at(self) -> datetime:
        """The start on the person's wall clock at the time."""
        return self.started_at.astimezone(_offset_zone(self.utc_offset_minutes))


_ZONES: dict[int, timezone] = {}


def _offset_zone(minutes: int) -> timezone:
    if minutes not in _ZONES:
        _ZONES[minutes] = timezone(timedelta(minutes=minutes))
    return _ZONES[minutes]


ENTRY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Entry) if f.name != "row_id")
