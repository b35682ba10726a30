"""A stored row back into an `Entry`, checked cheaply so no odd value breaks a read.

Rows are checked on the way in (`Entry`); a row written some other way (by hand, by an
older mbsr-tui that let a year 225 or an infinite duration in) raises `UnreadableRow`
here, and the journal skips it and says so instead of failing every later read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mbsr_tui.core.journal.entry import (
    EARLIEST,
    LATEST,
    MAX_OFFSET_MINUTES,
    MAX_SECONDS,
    RATING_MAX,
    Entry,
)


class UnreadableRow(ValueError):
    """A stored row that does not make a sensible entry (written by hand, or by an older
    mbsr-tui that let an odd value in)."""


def _read_time(value: Any, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise UnreadableRow(f"'{name}' is {_shown(value)}, not a date and time") from None
    if moment.tzinfo is None or not EARLIEST <= moment < LATEST:
        raise UnreadableRow(f"'{name}' is {_shown(value)}, outside {EARLIEST.year}-{LATEST.year}")
    return moment


def _read_number(value: Any, name: str, low: int, high: int, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if type(value) is not int or not low <= value <= high:
        raise UnreadableRow(f"'{name}' is {_shown(value)}, not a whole number from {low} to {high}")
    return value


def _read_text(value: Any, name: str) -> str:
    if type(value) is not str:
        raise UnreadableRow(f"'{name}' is {_shown(value)}, not text")
    return value


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def entry_from_row(row: tuple[Any, ...]) -> Entry:
    """An entry from a stored row, or UnreadableRow saying which value is wrong.

    Rows were checked on the way in; these are the cheap checks that keep a row written
    some other way (by hand, by an older mbsr-tui) from breaking every later read. They
    cost about a microsecond a row: the history screen reads ten years at once.
    """
    (row_id, session_id, title, kind, started_at, utc_offset_minutes, ended_at,
     planned_seconds, practised_seconds, completed, pain_before, pain_after,
     stress_before, stress_after, note) = row  # fmt: skip
    entry = object.__new__(Entry)
    offset = MAX_OFFSET_MINUTES - 1
    entry.__dict__.update(
        session_id=_read_text(session_id, "session_id"),
        title=_read_text(title, "title"),
        kind=_read_text(kind, "kind"),
        started_at=_read_time(started_at, "started_at"),
        utc_offset_minutes=_read_number(utc_offset_minutes, "utc_offset_minutes", -offset, offset),
        ended_at=_read_time(ended_at, "ended_at"),
        planned_seconds=_read_number(planned_seconds, "planned_seconds", 0, MAX_SECONDS),
        practised_seconds=_read_number(practised_seconds, "practised_seconds", 0, MAX_SECONDS),
        completed=bool(_read_number(completed, "completed", 0, 1)),
        pain_before=_read_number(pain_before, "pain_before", 0, RATING_MAX, optional=True),
        pain_after=_read_number(pain_after, "pain_after", 0, RATING_MAX, optional=True),
        stress_before=_read_number(stress_before, "stress_before", 0, RATING_MAX, optional=True),
        stress_after=_read_number(stress_after, "stress_after", 0, RATING_MAX, optional=True),
        note=_read_text(note, "note"),
        row_id=row_id,
    )
    return entry
