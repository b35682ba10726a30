"""Journal entries in and out of files: export, import, and the fallback `pending.toml`.

A record is a plain mapping of `Entry` field names. TOML exports hold a top-level
`[[sessions]]` array with TOML date-times; CSV and JSON hold ISO 8601 text. Reading
accepts either kind of time in any format, so a person can edit an export by hand.

Calendar entries (the course's pleasant and unpleasant events, difficult communications
and the weeks' reflections) follow as a `[[calendar]]` array in TOML and a "calendar"
list in JSON: kind, written_at, utc_offset_minutes and the answers by question name. A
CSV export gains them only when there are any: a `record` column (session | calendar)
and a column per question; a calendar row puts its kind, time and offset in the kind,
started_at and utc_offset_minutes columns. Exports without them read as before.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import os
import time
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tomli_w

from mbsr_tui.core import files, paths
from mbsr_tui.core.files import write_atomically
from mbsr_tui.core.journal.calendar_entry import ANSWER_FIELDS, CalendarEntry
from mbsr_tui.core.journal.entry import ENTRY_FIELDS, FORMATS, Entry, JournalError
from mbsr_tui.core.journal.storage import private_folder
from mbsr_tui.core.safe_read import read_bytes
from mbsr_tui.core.safe_text import cell_text, escape_controls, from_spreadsheet, spreadsheet_safe

try:  # not on Windows; there the fallback file simply goes unlocked
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "FORMATS", "PENDING_NAME", "append_pending", "calendar_from_record", "export_text",
    "format_of", "from_record", "pending_lock", "pending_path", "read_entries",
    "read_entries_leniently", "read_export", "read_pending", "set_aside", "to_record",
    "write_through",
]  # fmt: skip

PENDING_NAME = "pending.toml"
PENDING_LOCK_SECONDS = 5.0
UNREADABLE = "unreadable"  # pending.toml.unreadable-<UTC time>: a fallback file set aside
# Ten years of daily practice kept aside is ~2 MB: a larger fallback file is not ours.
PENDING_MAX_BYTES = 32 * 2**20
# An export to import: ten years of daily practice with notes is a few MB; a file far
# larger is not a journal, and reading it whole would only fill memory.
IMPORT_MAX_BYTES = 64 * 2**20
REQUIRED = frozenset(ENTRY_FIELDS) - {
    "pain_before", "pain_after", "stress_before", "stress_after", "note"
}  # fmt: skip
_TIMES = ("started_at", "ended_at")
_WHOLE_NUMBERS = (
    "utc_offset_minutes", "planned_seconds", "practised_seconds",
    "pain_before", "pain_after", "stress_before", "stress_after",
)  # fmt: skip
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}
# Text a spreadsheet might run as a formula: guarded in CSV exports, unguarded on import.
_TEXT_FIELDS = ("session_id", "title", "kind", "note")


# -- records ---------------------------------------------------------------------------


def to_record(entry: Entry, *, text_times: bool = True) -> dict[str, Any]:
    """`entry` as a mapping; None values left out (TOML has no null)."""
    record: dict[str, Any] = {}
    for name in ENTRY_FIELDS:
        value = getattr(entry, name)
        if value is None:
            continue
        if isinstance(value, datetime) and text_times:
            value = value.isoformat()
        record[name] = value
    return record


def from_record(record: Any) -> Entry:
    """An `Entry` from a mapping read from any export; JournalError says what is wrong."""
    if not isinstance(record, Mapping):
        raise JournalError("is not a table of session fields")
    if None in record:  # csv.DictReader files surplus values under None
        raise JournalError("has more values than the header has columns")
    unknown = sorted(str(key) for key in record if key not in ENTRY_FIELDS)
    if unknown:
        raise JournalError(f"unknown field '{unknown[0]}'")
    values = {name: value for name, value in record.items() if value not in ("", None)}
    missing = sorted(REQUIRED - set(values))
    if missing:
        raise JournalError(f"'{missing[0]}' is missing")
    for name in _TIMES:
        values[name] = _time(values[name], name)
    for name in _WHOLE_NUMBERS:
        if name in values:
            values[name] = _whole_number(values[name], name)
    values["completed"] = _yes_no(values["completed"])
    try:
        return Entry(**values)
    except (TypeError, ValueError, OverflowError, ArithmeticError) as err:
        raise JournalError(str(err) or type(err).__name__) from None


def calendar_from_record(record: Any) -> CalendarEntry:
    """A calendar entry from a mapping read from any export; JournalError says why not."""
    if not isinstance(record, Mapping):
        raise JournalError("is not a table of calendar fields")
    values = {name: value for name, value in record.items() if value not in ("", None)}
    for name in ("kind", "written_at", "utc_offset_minutes"):
        if name not in values:
            raise JournalError(f"'{name}' is missing")
    unknown = sorted(str(k) for k in values if k not in ANSWER_FIELDS and k not in _CALENDAR_KEYS)
    if unknown:
        raise JournalError(f"unknown field '{unknown[0]:.40}'")
    answers = tuple((k, v) for k, v in values.items() if k in ANSWER_FIELDS)
    offset = _whole_number(values["utc_offset_minutes"], "utc_offset_minutes")
    when = _time(values["written_at"], "written_at")
    try:
        return CalendarEntry(values["kind"], when, offset, answers)
    except (TypeError, ValueError, OverflowError, ArithmeticError) as err:
        raise JournalError(str(err) or type(err).__name__) from None


_CALENDAR_KEYS = ("kind", "written_at", "utc_offset_minutes")


def _time(value: Any, name: str) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise JournalError(f"'{name}' is not an ISO 8601 date and time") from None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise JournalError(f"'{name}' must be a date and time with a UTC offset")
    return value


def _whole_number(value: Any, name: str) -> Any:
    # CSV gives text; other formats give numbers, which Entry checks itself.
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            raise JournalError(f"'{name}' must be a whole number, not {value!r}") from None
    return value


def _yes_no(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    return value


# -- export ----------------------------------------------------------------------------


def export_text(entries: Iterable[Entry], fmt: str, calendar: Iterable[CalendarEntry] = ()) -> str:
    """The entries (and calendar entries, if any) as a TOML, CSV or JSON document."""
    written = list(calendar)
    if fmt in ("toml", "json"):
        text_times = fmt == "json"
        document: dict[str, Any] = {
            "sessions": [to_record(e, text_times=text_times) for e in entries]
        }
        if written:
            document["calendar"] = [c.to_record(text_times=text_times) for c in written]
        # A row written before text was cleaned on the way in may hold raw controls.
        if fmt == "toml":
            return escape_controls(tomli_w.dumps(document))
        return escape_controls(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        columns = ENTRY_FIELDS + ((_RECORD, *ANSWER_FIELDS) if written else ())
        # RFC 4180's CRLF: with it the writer quotes any field holding "\r" or "\n".
        # CSV has no escapes: a control character left in an old row is shown as a mark.
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        for entry in entries:
            record = to_record(entry)
            record["completed"] = "true" if entry.completed else "false"
            for name in _TEXT_FIELDS:
                record[name] = spreadsheet_safe(cell_text(record[name])) if name in record else ""
            if written:
                record[_RECORD] = "session"
            writer.writerow(record)
        for item in written:
            when, offset = item.written_at.isoformat(), item.utc_offset_minutes
            row = {_RECORD: "calendar", "kind": item.kind, "started_at": when,
                   "utc_offset_minutes": offset}  # fmt: skip
            row.update((name, spreadsheet_safe(cell_text(text))) for name, text in item.answers)
            writer.writerow(row)
        return out.getvalue()
    raise JournalError(f"unknown export format '{fmt}' (use {', '.join(FORMATS)})")


# -- import ----------------------------------------------------------------------------


def format_of(path: Path, text: str) -> str:
    """The format by extension, else by a look at the content."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    start = text.lstrip()
    if start.startswith("{") or (start.startswith("[") and not start.startswith("[[")):
        return "json"
    first_line = start.partition("\n")[0]
    if "," in first_line and "session_id" in first_line:
        return "csv"
    return "toml"


_RECORD = "record"  # CSV: session | calendar (only in exports with calendar entries)
_CSV_MOVED = {
    "kind": "kind",
    "started_at": "written_at",
    "utc_offset_minutes": "utc_offset_minutes",
}


def _csv_calendar(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV calendar row as a calendar record; its other session columns must be empty."""
    record = {_CSV_MOVED[k]: v for k, v in row.items() if k in _CSV_MOVED}
    for name, value in row.items():
        if name in ANSWER_FIELDS:
            record[name] = from_spreadsheet(value) if isinstance(value, str) else value
        elif name not in _CSV_MOVED and name != _RECORD and value not in ("", None):
            record[name] = value  # refused by calendar_from_record, which says which
    return record


def _csv_parts(text: str) -> tuple[list[Any], list[Any]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        if not reader.fieldnames or "session_id" not in reader.fieldnames:
            raise JournalError("the first line must name the columns, starting with session_id")
        rows = list(reader)
    except csv.Error as err:
        raise JournalError(f"is not valid CSV (line {reader.line_num}: {err})") from None
    sessions, calendar = [], []
    for row in rows:
        if row.get(_RECORD) == "calendar":
            calendar.append(_csv_calendar(row))
            continue
        for name in _TEXT_FIELDS:  # undo spreadsheet_safe() on the text cells
            if isinstance(row.get(name), str):
                row[name] = from_spreadsheet(row[name])
        if _RECORD in row:  # an export with calendar entries: a session's extra cells
            row = {k: v for k, v in row.items() if k != _RECORD and k not in ANSWER_FIELDS}
        sessions.append(row)
    return sessions, calendar


def _raw_parts(text: str, fmt: str) -> tuple[list[Any], list[Any]]:
    """The session records and the calendar records of a document."""
    if fmt == "csv":
        return _csv_parts(text)
    try:
        data = json.loads(text) if fmt == "json" else tomllib.loads(text)
    except RecursionError:  # 2,000 nested "[": both parsers recurse once per level
        raise JournalError(f"is not valid {fmt.upper()} (nested too deeply)") from None
    except (ValueError, tomllib.TOMLDecodeError) as err:
        raise JournalError(f"is not valid {fmt.upper()} ({err})") from None
    if fmt == "json" and isinstance(data, list):
        return data, []  # a bare list of sessions is fine too
    if not isinstance(data, dict) or not isinstance(data.get("sessions"), list):
        raise JournalError("has no list of 'sessions'")
    calendar = data.get("calendar", [])
    if not isinstance(calendar, list):
        raise JournalError("has a 'calendar' that is not a list of entries")
    return data["sessions"], calendar


def _parts_in(path: Path, *, ours: bool = False) -> tuple[list[Any], list[Any]]:
    """The sessions and calendar records in an export file. `ours`: a file mbsr-tui keeps
    (the fallback file), read as every file at start-up is (safe_read: never a FIFO or a
    link, never past a limit); a file the person names for import may be a pipe."""
    try:
        # Bytes, not read_text(): universal newlines would turn a "\r" inside a note into "\n".
        if ours:
            raw, limit = read_bytes(path, PENDING_MAX_BYTES), PENDING_MAX_BYTES
        else:  # may be a pipe (`log import <(...)`): read as it comes, never past the limit
            with path.open("rb") as handle:
                raw, limit = handle.read(IMPORT_MAX_BYTES + 1), IMPORT_MAX_BYTES
        if len(raw) > limit:
            raise OSError(errno.EFBIG, f"larger than {limit // 2**20} MB")
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else "not UTF-8 text"
        # Only a file that is not UTF-8 is "damaged": one that cannot be opened may be later.
        damaged = isinstance(err, UnicodeDecodeError)
        problem = f"{path}: could not be read ({reason.lower()})"
        raise JournalError(problem, damaged=damaged) from None
    try:
        return _raw_parts(text, format_of(path, text))
    except JournalError as err:
        raise JournalError(f"{path}: {err}", damaged=True) from None


def read_export(path: Path) -> tuple[list[Entry], list[CalendarEntry]]:
    """Every session and calendar entry in an export file, or JournalError naming the
    file and the record (calendar records are numbered on from the sessions)."""
    sessions, calendar = _parts_in(path)
    entries = []
    for found in _entries_in(path, sessions):
        if isinstance(found, JournalError):
            raise found
        entries.append(found)
    written = []
    for number, record in enumerate(calendar, start=len(sessions) + 1):
        try:
            written.append(calendar_from_record(record))
        except (JournalError, TypeError, ValueError, OverflowError) as err:
            raise JournalError(f"{path}: record {number} (calendar): {err}", damaged=True) from None
    return entries, written


def _entries_in(path: Path, raw: list[Any]) -> Iterator[Entry | JournalError]:
    for number, record in enumerate(raw, start=1):
        try:
            yield from_record(record)
        except (JournalError, TypeError, ValueError, OverflowError) as err:
            yield JournalError(f"{path}: record {number}: {err}", damaged=True)


def read_entries(path: Path, *, ours: bool = False) -> list[Entry]:
    """Every entry in an export file, or JournalError naming the file and the record."""
    entries = []
    for found in _entries_in(path, _parts_in(path, ours=ours)[0]):
        if isinstance(found, JournalError):
            raise found
        entries.append(found)
    return entries


def read_entries_leniently(path: Path) -> tuple[list[Entry], list[str]]:
    """The entries that can be read, and a sentence for each record that cannot.

    JournalError only when the file as a whole cannot be read (`damaged` is set when its
    content is the problem rather than, say, its permissions).
    """
    entries: list[Entry] = []
    problems: list[str] = []
    for found in _entries_in(path, _parts_in(path, ours=True)[0]):
        if isinstance(found, JournalError):
            problems.append(str(found))
        else:
            entries.append(found)
    return entries, problems


# -- the fallback file -----------------------------------------------------------------


def pending_path(data_dir: Path | None = None) -> Path:
    return (data_dir or paths.data_dir()) / PENDING_NAME


@contextlib.contextmanager
def pending_lock(data_dir: Path, timeout: float = PENDING_LOCK_SECONDS) -> Iterator[None]:
    """Hold the data folder's lock, so appends and the merge never lose each other's work.

    The lock is on the folder itself: the file is replaced by rename, so locking it
    would lock an old copy. It waits at most `timeout` seconds, then raises OSError:
    a signal handler that interrupts a save in the same process must not hang.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    descriptor = os.open(data_dir, os.O_RDONLY)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OSError(f"{data_dir}: {PENDING_NAME} is busy elsewhere") from None
                time.sleep(0.01)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def read_pending(data_dir: Path) -> list[Entry]:
    """The entries waiting in the fallback file (none when there is no file)."""
    path = pending_path(data_dir)
    if not path.exists():
        return []
    return read_entries(path, ours=True)


def append_pending(entry: Entry, data_dir: Path, *, timeout: float = PENDING_LOCK_SECONDS) -> Path:
    """Add `entry` to the fallback file, atomically; OSError or JournalError on failure.

    A fallback file with something unreadable in it is set aside whole (never rewritten
    without what could not be read), and what could be read goes on in the new one.
    """
    private_folder(data_dir)
    with pending_lock(data_dir, timeout):
        path = pending_path(data_dir)
        try:
            waiting, problems = read_entries_leniently(path) if path.exists() else ([], [])
        except JournalError as err:
            if not err.damaged:  # it could not be opened: try the next place instead
                raise
            waiting, problems = [], [str(err)]
        if problems:
            set_aside(path)
        if entry not in waiting:
            waiting.append(entry)
        return write_atomically(pending_path(data_dir), export_text(waiting, "toml"))


def set_aside(path: Path, why: str = UNREADABLE) -> Path:
    """Move `path` to `<name>.<why>-<UTC time>` beside it (never over another)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return files.set_aside(path, f".{why}-{stamp}")


def write_through(path: Path, text: str) -> Path:
    """Write `text` to `path` atomically; a symbolic link is followed, not replaced, so
    the file it points at gets the text and the link stays a link."""
    return write_atomically(Path(os.path.realpath(path)), text)
