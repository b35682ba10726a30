"""The journal's calendar entries on disk: the table, and rows back into entries.

Kept beside `rows` (sessions) so `storage.py` stays about storage: imports run
one way, calendar_entry <- calendar_rows <- storage.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from mbsr_tui.core.journal.calendar_entry import CalendarEntry
from mbsr_tui.core.journal.rows import UnreadableRow

# Migrations 3 and 4 of the journal (see journal.MIGRATIONS): answers are kept as one
# JSON object, so each kind keeps its own questions without a column for each.
CALENDAR_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE calendar (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        written_at TEXT NOT NULL,
        utc_offset_minutes INTEGER NOT NULL,
        answers TEXT NOT NULL,
        UNIQUE (kind, written_at)
    );
    """,
    "CREATE INDEX calendar_by_time ON calendar (written_at);",
)

CALENDAR_INSERT = (
    "INSERT OR IGNORE INTO calendar (kind, written_at, utc_offset_minutes, answers) "
    "VALUES (?, ?, ?, ?)"
)
CALENDAR_SELECT = "SELECT id, kind, written_at, utc_offset_minutes, answers FROM calendar"


def calendar_row(entry: CalendarEntry) -> tuple[Any, ...]:
    stamp = entry.written_at.astimezone(UTC).isoformat(timespec="microseconds")
    answers = json.dumps(dict(entry.answers), ensure_ascii=False)
    return (entry.kind, stamp, entry.utc_offset_minutes, answers)


def calendar_from_row(row: tuple[Any, ...]) -> CalendarEntry:
    """An entry from a stored row (checked again: the row may have been written by hand)."""
    row_id, kind, written_at, offset, answers = row
    try:
        moment = datetime.fromisoformat(written_at)
        pairs = json.loads(answers)
        if not isinstance(pairs, dict):
            raise ValueError("the answers are not a table")
        entry = CalendarEntry(kind, moment, offset, tuple(pairs.items()))
    except Exception as err:  # JournalError, ValueError, TypeError, RecursionError
        raise UnreadableRow(f"calendar entry: {err}") from None
    object.__setattr__(entry, "row_id", row_id)
    return entry
