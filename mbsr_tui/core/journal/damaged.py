"""What can still be read from a damaged journal file: sessions and calendar entries;
and the damaged files set aside beside the journal, told of until the person acts.

Reads by row number and hops over what cannot be read, so one bad page costs only the
rows on it. Each row is checked again as it is rebuilt. Imports run one way:
storage <- damaged <- safekeeping.
"""

from __future__ import annotations

import contextlib
import os
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
from mbsr_tui.core.words import plural

T = TypeVar("T")

CORRUPT = "corrupt"  # a damaged journal set aside: journal.sqlite3.corrupt-20250101T120000Z
MAX_NAMES_LOOKED_AT = 10_000  # the data folder is the person's own; bounded all the same


def set_aside_journals(journal_file: Path) -> list[Path]:
    """The damaged journals set aside beside `journal_file`, oldest first by name."""
    return files_set_aside(journal_file.parent, f"{journal_file.name}.{CORRUPT}-")


def files_set_aside(folder: Path, prefix: str) -> list[Path]:
    """The files in `folder` whose names begin with `prefix` (a journal's -wal and -shm
    left out), oldest first by name; [] when there are none or the folder cannot be read."""
    found: list[Path] = []
    try:
        with os.scandir(folder) as entries:
            for number, entry in enumerate(entries):
                if number >= MAX_NAMES_LOOKED_AT:
                    break
                name = entry.name
                if name.startswith(prefix) and not name.endswith(("-wal", "-shm")):
                    found.append(folder / name)
    except OSError:
        return []
    return sorted(found)


def set_aside_note(journal_file: Path) -> str | None:
    """Where a damaged journal was set aside and what to do, said on every start (`log`,
    `today`, the menu and the history) until the person has moved or deleted it."""
    found = set_aside_journals(journal_file)
    if not found:
        return None
    return (
        f"A damaged journal was set aside as {newest_of(found)}. What could still be read "
        "from it was copied into your journal, and nothing was deleted. Once you no longer "
        "need it, delete it or move it out of that folder, and this note stops."
    )


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


def newest_of(found: list[Path]) -> str:
    """The newest of files set aside (their names sort by time), and how many more."""
    older = len(found) - 1
    more = f" (and {plural(older, 'older one')} beside it)" if older else ""
    return f"{found[-1]}{more}"


def _checked_entry(row: tuple[Any, ...]) -> Entry:
    values = dict(zip(ENTRY_FIELDS, row[1:], strict=True))
    values["started_at"] = datetime.fromisoformat(values["started_at"])
    values["ended_at"] = datetime.fromisoformat(values["ended_at"])
    if values["completed"] in (0, 1):
        values["completed"] = bool(values["completed"])
    return Entry(**values)
