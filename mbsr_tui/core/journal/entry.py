"""One practice as the journal keeps it, checked on the way in, and the journal's error.

Also the journal's limits, written once: everything that reads or writes entries (the
journal, exports and imports, the check-in, `mbsr-tui log`) takes them from here.
Every value is checked against a plausible range on the way in, so that no stored value
can later break reading, date arithmetic or the screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from mbsr_tui.core.safe_text import clean_text

NOTE_LIMIT = 4000  # characters of a note (the check-in's input stops there too)
RATING_MAX = 10
MAX_OFFSET_MINUTES = 18 * 60  # the widest UTC offset Python's tzinfo allows
MAX_SECONDS = 24 * 60 * 60  # no single practice lasts longer than a day
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)  # plausible practice dates: from here ...
LATEST = datetime(2200, 1, 1, tzinfo=UTC)  # ... up to (not including) here
FORMATS = ("toml", "csv", "json")  # the forms an exported journal takes


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
    try:
        moment = value.astimezone(UTC)
    except (OverflowError, ValueError):  # 9999-12-31 23:00 at -05:00 is past year 9999 in UTC
        moment = None
    if moment is None or not EARLIEST <= moment < LATEST:
        raise JournalError(
            f"'{name}' must be a date from {EARLIEST.year} to {LATEST.year - 1}, "
            f"not {value.isoformat()}"
        )
    return moment


def _seconds(value: Any, name: str) -> int:
    # Clocks give floats; the journal keeps whole seconds.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise JournalError(f"'{name}' must be a number of seconds")
    if value < 0:
        raise JournalError(f"'{name}' must not be negative")
    if value > MAX_SECONDS:
        raise JournalError(f"'{name}' must be at most {MAX_SECONDS} seconds (a day)")
    return round(value)


def _text(value: Any, name: str, *, required: bool, multiline: bool = False) -> str:
    """The text as kept: control and bidirectional characters taken out (an import,
    a form or a session file may hold them), one line unless `multiline`."""
    if not isinstance(value, str):
        raise JournalError(f"'{name}' must be some text" if required else f"'{name}' must be text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates, from a file name that was not UTF-8
        raise JournalError(f"'{name}' must be UTF-8 text") from None
    value = clean_text(value, multiline=multiline)
    if required and not value.strip():
        raise JournalError(f"'{name}' must be some text")
    return value


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
            set_(self, name, _text(getattr(self, name), name, required=True))
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
                isinstance(rating, bool)
                or not isinstance(rating, int)
                or not 0 <= rating <= RATING_MAX
            ):
                raise JournalError(f"'{name}' must be a whole number from 0 to {RATING_MAX}")
        set_(self, "note", _text(self.note, "note", required=False, multiline=True))
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
