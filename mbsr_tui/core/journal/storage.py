"""The journal's storage: every session (and calendar entry), kept in SQLite under the
data directory.

One table, `sessions`, one row per practice, unique on (session_id, started_at) so
logging the same practice twice (a worker and a signal handler, an import) is harmless.
WAL mode and a busy timeout let several processes write at once; `PRAGMA user_version`
records which of `MIGRATIONS` have run.

`open_journal()` (app start, `mbsr-tui log`) and `record()` (the end of a practice)
are the safe ways in: they never raise, and say plainly what happened.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mbsr_tui.core import paths
from mbsr_tui.core.journal.calendar_entry import CalendarEntry
from mbsr_tui.core.journal.calendar_rows import (
    CALENDAR_INSERT,
    CALENDAR_MIGRATIONS,
    CALENDAR_SELECT,
    calendar_from_row,
    calendar_row,
)
from mbsr_tui.core.journal.entry import ENTRY_FIELDS, NOTE_LIMIT, Entry, JournalError
from mbsr_tui.core.journal.rows import UnreadableRow, entry_from_row
from mbsr_tui.core.safe_read import something_else_is_there
from mbsr_tui.core.words import plural, word_for

# Entry and JournalError are offered here too: "the journal" is where one looks for them.
# (the package offers open_journal, record and their outcomes too: see __init__.py.)
__all__ = [
    "BUSY_TIMEOUT_SECONDS", "ENTRY_FIELDS", "MIGRATIONS", "NOTE_LIMIT", "SCHEMA_VERSION",
    "Entry", "Journal", "JournalError", "UnreadableRow", "private_folder",
]  # fmt: skip

BUSY_TIMEOUT_SECONDS = 10.0  # concurrent writers wait this long before giving up
MAX_LIMIT = 2**62  # SQLite's LIMIT takes a 64-bit integer; a larger one means "all"

MIGRATIONS: tuple[str, ...] = (
    # 1: the sessions table. Times are UTC ISO 8601 text, so the file reads well in any
    # SQLite tool and sorts by time as text.
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL,
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        started_at TEXT NOT NULL,
        utc_offset_minutes INTEGER NOT NULL,
        ended_at TEXT NOT NULL,
        planned_seconds INTEGER NOT NULL,
        practised_seconds INTEGER NOT NULL,
        completed INTEGER NOT NULL,
        pain_before INTEGER,
        pain_after INTEGER,
        stress_before INTEGER,
        stress_after INTEGER,
        note TEXT NOT NULL DEFAULT '',
        UNIQUE (session_id, started_at)
    );
    """,
    # 2: the history screen and `log` read by time.
    "CREATE INDEX sessions_by_start ON sessions (started_at);",
    # 3 and 4: the course's calendar entries (pleasant, unpleasant, communication) and
    # the weeks' reflections (see calendar_rows.py).
    *CALENDAR_MIGRATIONS,
)
SCHEMA_VERSION = len(MIGRATIONS)


_COLUMNS = ", ".join(ENTRY_FIELDS)
_SELECT = f"SELECT id, {_COLUMNS} FROM sessions"


def _stamp(moment: datetime) -> str:
    # One fixed shape, so equal moments are equal text (the uniqueness key) and sort by
    # time. isoformat() pads the year to four digits (strftime's %Y does not on Linux:
    # year 225 became "225-…", which fromisoformat() then refused to read back).
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _row_values(entry: Entry) -> tuple[Any, ...]:
    values = [getattr(entry, name) for name in ENTRY_FIELDS]
    values[ENTRY_FIELDS.index("started_at")] = _stamp(entry.started_at)
    values[ENTRY_FIELDS.index("ended_at")] = _stamp(entry.ended_at)
    values[ENTRY_FIELDS.index("completed")] = int(entry.completed)
    return tuple(values)


def private_folder(folder: Path) -> Path:
    """Create `folder` 0700; an existing one only loses group and other access, so a
    folder the person made read-only stays read-only (and we fall back, not override)."""
    if not folder.is_dir():
        return paths.ensure_private_dir(folder)
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode & 0o077:
        with contextlib.suppress(OSError):
            os.chmod(folder, mode & 0o700)
    return folder


def _private_file(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.chmod(path, 0o600)


def _refuse_odd_files(path: Path) -> None:
    """SQLite would wait for ever on a FIFO (or a device) in the journal's place or its
    -wal and -shm files': say so instead. (The journal may be a link the person made.)"""
    for name in (str(path), f"{path}-wal", f"{path}-shm"):
        if something_else_is_there(name, follow_links=True):
            raise JournalError(f"{name}: is not a regular file, so it cannot be used")


def _is_corruption(err: sqlite3.DatabaseError) -> bool:
    code = getattr(err, "sqlite_errorcode", None)
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return True
    text = str(err).lower()
    return "not a database" in text or "malformed" in text


def _use_wal(connection: sqlite3.Connection, path: Path, timeout: float) -> None:
    # Switching a new file to WAL needs it to itself, and SQLite answers "locked" at once
    # rather than waiting in the busy handler when several processes open it together.
    deadline = time.monotonic() + timeout
    while True:
        try:
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)
            continue
        if mode != "wal":
            raise JournalError(f"{path}: could not switch to WAL mode (it stays {mode})")
        return


class Journal:
    """An open journal. Safe to share between threads: calls take turns."""

    def __init__(self, connection: sqlite3.Connection, path: Path, read_only: bool) -> None:
        self._connection = connection
        self._lock = threading.Lock()
        self.path = path
        self.read_only = read_only
        # Rows that could not be read, by row number: skipped by every read, told once.
        self._unreadable: dict[int, str] = {}
        self._told: set[int] = set()

    @classmethod
    def open(cls, path: Path | None = None, *, timeout: float = BUSY_TIMEOUT_SECONDS) -> Journal:
        """Open (creating and migrating if needed) the journal for reading and writing."""
        path = Path(path) if path is not None else paths.journal_path()
        _refuse_odd_files(path)
        try:
            private_folder(path.parent)
            if not path.exists():
                # Created 0600 before SQLite touches it; the -wal and -shm files follow
                # the main file's permissions.
                os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
            connection = sqlite3.connect(
                path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as err:
            raise _error(path, "could not be opened", err) from err
        journal = cls(connection, path, read_only=False)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            _use_wal(connection, path, timeout)
            connection.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, much faster
            journal._migrate()
            connection.execute("SELECT count(*) FROM sessions").fetchone()
        except sqlite3.Error as err:
            connection.close()
            raise _error(path, "could not be opened", err) from err
        except BaseException:
            connection.close()
            raise
        for suffix in ("", "-wal", "-shm"):
            _private_file(Path(f"{path}{suffix}"))
        return journal

    @classmethod
    def open_read_only(cls, path: Path | None = None) -> Journal:
        """Open for reading when the journal (or its folder) cannot be written."""
        path = Path(path) if path is not None else paths.journal_path()
        _refuse_odd_files(path)
        if not path.is_file():
            raise JournalError(f"{path}: there is no journal yet")
        problem: Exception | None = None
        # `immutable` reads even when the -shm file cannot be created next to it.
        for query in ("mode=ro", "mode=ro&immutable=1"):
            try:
                connection = sqlite3.connect(
                    f"{path.resolve().as_uri()}?{query}", uri=True, check_same_thread=False
                )
                connection.execute("PRAGMA query_only = ON")
                version = connection.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.Error as err:
                problem = err
                continue
            if version != SCHEMA_VERSION:
                connection.close()
                if version < SCHEMA_VERSION:  # reading only, it is not ours to migrate
                    raise JournalError(
                        f"{path}: is in an older format (version {version}); the command "
                        "mbsr-tui log, or opening mbsr-tui, updates it"
                    )
                raise JournalError(f"{path}: its format (version {version}) cannot be read")
            return cls(connection, path, read_only=True)
        raise _error(path, "could not be read", problem)

    def _migrate(self) -> None:
        with self._transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise JournalError(
                    f"{self.path}: written by a newer mbsr-tui (format {version}); "
                    "please update mbsr-tui"
                )
            for number in range(version, SCHEMA_VERSION):
                db.execute(MIGRATIONS[number])
            if version != SCHEMA_VERSION:
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front, so a busy journal waits at BEGIN
        # (under the busy timeout) instead of failing half-way.
        with self._lock:
            db = self._connection
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                # Also when COMMIT itself failed (a full disk); never hide the first error.
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise

    def add(self, entry: Entry) -> bool:
        """Keep `entry`; False when that practice is already in the journal."""
        return self.add_many([entry]) == 1

    def add_many(self, entries: Iterable[Entry]) -> int:
        """Keep several entries in one transaction; how many were new."""
        rows = [_row_values(entry) for entry in entries]
        marks = ", ".join("?" * len(ENTRY_FIELDS))
        try:
            with self._transaction() as db:
                before = db.total_changes
                db.executemany(
                    f"INSERT OR IGNORE INTO sessions ({_COLUMNS}) VALUES ({marks})", rows
                )
                return db.total_changes - before
        except sqlite3.Error as err:
            raise _error(self.path, "could not be written", err) from err

    def _read(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[Entry]:
        """The entries a query finds (see `_rows`)."""
        return self._rows(sql, parameters, entry_from_row)

    def _rows(self, sql: str, parameters: tuple[Any, ...], build: Callable[[Any], Any], *,
              sign: int = 1) -> list[Any]:  # fmt: skip
        """What `build` makes of each row a query finds; a row that cannot be read is
        skipped (and kept in `unreadable` under `sign` * its number), so one odd value
        never hides the rest of the journal."""
        try:
            with self._lock:
                rows = self._connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as err:
            raise _error(self.path, "could not be read", err) from err
        built = []
        for row in rows:
            try:
                built.append(build(row))
            except (UnreadableRow, TypeError, ValueError, OverflowError) as err:
                with self._lock:
                    self._unreadable[sign * row[0]] = str(err)
        return built

    @property
    def unreadable(self) -> dict[int, str]:
        """Rows skipped so far because they could not be read: row number -> why."""
        with self._lock:
            return dict(self._unreadable)

    def unreadable_message(self, *, again: bool = False) -> str | None:
        """One sentence about rows skipped since the last time it was asked (all of them
        with `again`); None when there is nothing new to tell."""
        with self._lock:
            news = {k: v for k, v in self._unreadable.items() if again or k not in self._told}
            self._told.update(news)
        if not news:
            return None
        first, why = min(news.items())
        rows = plural(len(news), "session")
        return (
            f"{rows} in {self.path} could not be read and {word_for(len(news), 'was', 'were')} "
            f"skipped (row {first}: {why}). The rest of your journal reads and exports as usual."
        )

    def recent(self, limit: int = 20) -> list[Entry]:
        """The latest `limit` practices, newest first."""
        limit = max(0, min(limit, MAX_LIMIT))
        return self._read(f"{_SELECT} ORDER BY started_at DESC, id DESC LIMIT ?", (limit,))

    def all(self) -> list[Entry]:
        """Every practice, oldest first."""
        return self._read(f"{_SELECT} ORDER BY started_at, id")

    def since(self, moment: datetime) -> list[Entry]:
        """The practices begun at or after `moment`, oldest first (the Today card)."""
        return self._read(f"{_SELECT} WHERE started_at >= ? ORDER BY started_at, id",
                          (_stamp(moment),))  # fmt: skip

    def add_calendar(self, entries: Iterable[CalendarEntry]) -> int:
        """Keep calendar entries in one transaction; how many were new."""
        rows = [calendar_row(entry) for entry in entries]
        try:
            with self._transaction() as db:
                before = db.total_changes
                db.executemany(CALENDAR_INSERT, rows)
                return db.total_changes - before
        except sqlite3.Error as err:
            raise _error(self.path, "could not be written", err) from err

    def calendar(self, since: datetime | None = None) -> list[CalendarEntry]:
        """Calendar entries (from `since` on), oldest first; unreadable rows skipped."""
        where, parameters = ("WHERE written_at >= ?", (_stamp(since),)) if since else ("", ())
        sql = f"{CALENDAR_SELECT} {where} ORDER BY written_at, id"
        # Kept under a negative number in `unreadable`: not a session's number.
        return self._rows(sql, parameters, calendar_from_row, sign=-1)

    def get(self, row_id: int) -> Entry | None:
        found = self._read(f"{_SELECT} WHERE id = ?", (row_id,))
        return found[0] if found else None

    def count(self) -> int:
        with self._lock:
            return self._connection.execute("SELECT count(*) FROM sessions").fetchone()[0]

    def healthy(self, *, thorough: bool = False) -> bool:
        """SQLite's own check of the file: quick (a few ms for ten years) or thorough."""
        pragma = "integrity_check" if thorough else "quick_check"
        try:
            with self._lock:
                return self._connection.execute(f"PRAGMA {pragma}").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            return False

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _error(path: Path, what: str, err: BaseException | None) -> JournalError:
    damaged = isinstance(err, sqlite3.DatabaseError) and _is_corruption(err)
    return JournalError(f"{path}: {what} ({_reason(err)})", damaged=damaged)


def _reason(err: BaseException | None) -> str:
    """What went wrong, in words a person can act on."""
    if err is None:
        return "unknown reason"
    text = str(err)
    lowered = text.lower()
    if isinstance(err, PermissionError) or "readonly" in lowered or "read-only" in lowered:
        return "the folder or file is read-only"
    if "disk is full" in lowered or getattr(err, "errno", None) == 28:
        return "the disk is full"
    if "locked" in lowered or "busy" in lowered:
        return "another program kept it locked"
    if isinstance(err, sqlite3.DatabaseError) and _is_corruption(err):
        return "the file is damaged"
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()
    return text or type(err).__name__
