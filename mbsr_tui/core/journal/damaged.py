"""What can still be read from a damaged journal file: sessions and calendar entries.

Reads by row number and hops over what cannot be read, so one bad page costs only the
rows on it. Each row is checked again as it is rebuilt. Imports run one way:
storage <- damaged <- safekeeping.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from mbsr_tui.core.journal.calendar_entry import CalendarEntry
from mbsr_tui.core.journal.calendar_rows import CALENDAR_SELECT, calendar_from_row
from mbsr_tui.core.journal.entry import ENTRY_FIELDS, Entry, JournalError
from mbsr_tui.core.journal.rows import UnreadableRow
from mbsr_tui.core.journal.storage import _SELECT

T = TypeVar("T")


def _rows(damaged: Path, select: str, rebuild: Callable[[tuple[Any, ...]], T]) -> list[T]:
    try:
        db = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return []
    found: list[T] = []
    after, hop = 0, 1
    with contextlib.closing(db):
        while hop < 2**40:  # past any row number SQLite hands out in practice
            try:
                for row in db.execute(f"{select} WHERE id > ? ORDER BY id", (after,)):
                    after, hop = row[0], 1
                    with contextlib.suppress(
                        JournalError, UnreadableRow, TypeError, ValueError, OverflowError
                    ):
                        found.append(rebuild(row))
                break
            except sqlite3.DatabaseError as err:
                if "no such table" in str(err):  # a journal from before calendar entries
                    break
                after, hop = after + hop, hop * 2
    return found


def salvage(damaged: Path) -> list[Entry]:
    """Every session that can still be read from a damaged journal file, in order."""
    return _rows(damaged, _SELECT, _checked_entry)


def salvage_calendar(damaged: Path) -> list[CalendarEntry]:
    """Every calendar entry that can still be read (none from a journal before them)."""
    return _rows(damaged, CALENDAR_SELECT, calendar_from_row)


def _checked_entry(row: tuple[Any, ...]) -> Entry:
    values = dict(zip(ENTRY_FIELDS, row[1:], strict=True))
    values["started_at"] = datetime.fromisoformat(values["started_at"])
    values["ended_at"] = datetime.fromisoformat(values["ended_at"])
    if values["completed"] in (0, 1):
        values["completed"] = bool(values["completed"])
    return Entry(**values)
