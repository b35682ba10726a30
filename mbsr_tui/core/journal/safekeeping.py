"""The two safe ways into the journal, which never raise and never lose an entry.

`record()` keeps a finished practice: in the journal, else in a fallback file
`pending.toml` (in the data folder, or, when that folder cannot be written, in the state
folder `$XDG_STATE_HOME/mbsr-tui`), else as text for the app to print on exit.
`open_journal()` opens the journal at start (and for `mbsr-tui log import`): it moves a
damaged file aside, merges what waits in the fallback file, and falls back to reading
only. `open_journal(write=False)` (`mbsr-tui log`, `log export`) only reads: it takes no
write lock, so a busy journal never makes it wait, and it shows what waits in the
fallback file without merging it. Both say what happened in plain sentences the app
shows as they are; a value that cannot be read is told and skipped, never fatal. What
was set aside earlier (a damaged journal, a fallback file that could not be read) is
told at every opening, until the person has moved or deleted it.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

from mbsr_tui.core import paths
from mbsr_tui.core.journal.damaged import (
    CORRUPT,
    files_set_aside,
    newest_of,
    salvage,
    salvage_calendar,
    set_aside_journals,
    set_aside_note,
)
from mbsr_tui.core.journal.entry import Entry, JournalError
from mbsr_tui.core.journal.io import (
    PENDING_LOCK_SECONDS,
    PENDING_NAME,
    UNREADABLE,
    append_pending,
    export_text,
    pending_lock,
    pending_path,
    read_entries_leniently,
    set_aside,
)
from mbsr_tui.core.journal.storage import BUSY_TIMEOUT_SECONDS, Journal
from mbsr_tui.core.paths import JOURNAL_NAME, state_dir
from mbsr_tui.core.words import plural, word_for

__all__ = [
    "JOURNAL_NAME", "NOT_SAVED", "SAVED", "SAVED_TO_FALLBACK", "OpenOutcome", "RecordOutcome",
    "fallback_dirs", "keep_aside", "move_aside", "open_journal", "read_waiting", "record",
    "set_aside_notes", "state_dir",
]  # fmt: skip

SAVED = "saved"
SAVED_TO_FALLBACK = "saved_to_fallback"
NOT_SAVED = "not_saved"


@dataclass(frozen=True)
class RecordOutcome:
    """What became of one practice's entry."""

    status: str  # SAVED | SAVED_TO_FALLBACK | NOT_SAVED
    message: str  # one or two plain sentences for the person
    path: Path | None = None  # the journal, or the fallback file
    reason: str | None = None  # why the journal could not be used
    text: str | None = None  # NOT_SAVED: the entry as TOML, to print on exit

    @property
    def kept(self) -> bool:
        """True when the entry is on disk somewhere mbsr-tui will find it again."""
        return self.status != NOT_SAVED


@dataclass(frozen=True)
class OpenOutcome:
    """The journal as opened at start, and anything the person should be told."""

    journal: Journal | None  # None when it can be neither written nor read
    messages: tuple[str, ...] = ()
    merged: int = 0  # entries taken in from the fallback file
    moved_aside: Path | None = None  # where a damaged journal now is
    read_only: bool = False
    # Entries in a fallback file, not (yet) in the journal: shown and exported with it.
    waiting: tuple[Entry, ...] = ()

    def entries(self) -> list[Entry]:
        """Every practice, oldest first: the journal's (skipping rows that cannot be read;
        `journal.unreadable_message()` tells of them) and those still waiting."""
        kept = self.journal.all() if self.journal is not None else []
        return with_waiting(kept, self.waiting)

    def close(self) -> None:
        if self.journal is not None:
            self.journal.close()

    def __enter__(self) -> OpenOutcome:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def fallback_dirs(data_dir: Path) -> tuple[Path, ...]:
    """Where `pending.toml` may be, in the order `record()` tries them."""
    return (data_dir, state_dir())


def _why(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return (
            f"{err.filename or 'a file'}: {err.strerror.lower()}" if err.filename else err.strerror
        )
    return str(err) or type(err).__name__


def record(
    entry: Entry, *, data_dir: Path | None = None, timeout: float = BUSY_TIMEOUT_SECONDS
) -> RecordOutcome:
    """Keep `entry`, whatever it takes. Call it off the UI thread: it may wait on a lock."""
    folder = data_dir or paths.data_dir()
    journal_file = folder / JOURNAL_NAME
    try:
        with Journal.open(journal_file, timeout=timeout) as journal:
            journal.add(entry)
        return RecordOutcome(SAVED, "Saved in your journal.", path=journal_file)
    except Exception as err:  # any failure at all: the entry goes somewhere else
        reason = _why(err)
    return keep_aside(entry, reason, data_dir=folder, timeout=timeout)


def keep_aside(
    entry: Entry, reason: str, *, data_dir: Path | None = None,
    timeout: float = PENDING_LOCK_SECONDS,
) -> RecordOutcome:  # fmt: skip
    """Keep `entry` in the fallback file `pending.toml` without touching the journal (a
    signal came while the journal was busy); else as text to print on exit."""
    folder = data_dir or paths.data_dir()
    problems = []
    for place in fallback_dirs(folder):
        try:
            fallback = append_pending(entry, place, timeout=min(timeout, PENDING_LOCK_SECONDS))
        except Exception as err:
            problems.append(_why(err))
            continue
        return RecordOutcome(
            SAVED_TO_FALLBACK,
            f"Your journal could not be written ({reason}). This session is kept safe in "
            f"{fallback} and will be added to the journal the next time mbsr-tui starts.",
            path=fallback,
            reason=reason,
        )
    return RecordOutcome(
        NOT_SAVED,
        f"This session could not be saved ({reason}; nor in {PENDING_NAME}: "
        f"{'; '.join(problems)}). It will be printed when mbsr-tui closes: save that text "
        "to a file, and the command mbsr-tui log import FILE adds it to your journal later.",
        reason=reason,
        text=export_text([entry], "toml"),
    )


def with_waiting(kept: list[Entry], waiting: tuple[Entry, ...] | list[Entry]) -> list[Entry]:
    """`kept` with the waiting entries it lacks, oldest first."""
    if not waiting:
        return kept
    present = {(entry.session_id, entry.started_at) for entry in kept}
    extra = [entry for entry in waiting if (entry.session_id, entry.started_at) not in present]
    return sorted([*kept, *extra], key=lambda entry: entry.started_at) if extra else kept


def read_waiting(folder: Path, messages: list[str] | None = None) -> list[Entry]:
    """What waits in the fallback files, read without their lock (each is replaced whole,
    by rename, so a reader sees the old file or the new one); problems go to `messages`."""
    waiting: list[Entry] = []
    for place in fallback_dirs(folder):
        path = pending_path(place)
        try:
            if not path.exists():
                continue
            found, problems = read_entries_leniently(path)
        except Exception as err:  # whatever is in the file, reading it must not fail
            found, problems = [], [_why(err)]
        waiting.extend(entry for entry in found if entry not in waiting)
        if messages is not None and problems:
            messages.append(f"Some sessions kept aside could not be read ({problems[0]}).")
    return waiting


def open_journal(*, data_dir: Path | None = None, write: bool = True) -> OpenOutcome:
    """Open the journal for the app or `mbsr-tui log`; never raises. Close it when done.

    With `write=False` the journal is opened for reading only (no write lock, nothing
    merged or moved); anything unusual (an old format, a damaged file) falls back to
    the full opening.
    """
    folder = data_dir or paths.data_dir()
    opened = _open_to_read(folder) if not write else None
    if opened is None:
        try:
            opened = _open_to_write(folder)
        except Exception as err:  # the promise is "never raises": say it instead
            opened = OpenOutcome(None, (f"Your journal could not be opened ({_why(err)}).",))
    return with_set_aside_notes(opened, folder)


def set_aside_notes(data_dir: Path | None = None) -> list[str]:
    """What was set aside because it could not be read, told at every opening until the
    person has dealt with it: a damaged journal (`journal.sqlite3.corrupt-…`), a fallback
    file that could not be read (`pending.toml.unreadable-…`, data or state folder)."""
    return [note for _, note in _set_aside(data_dir or paths.data_dir())]


def _set_aside(folder: Path) -> list[tuple[Path, str]]:
    """(the newest file set aside, the note about it), for each kind set aside."""
    found = []
    journals = set_aside_journals(folder / JOURNAL_NAME)
    if journals:
        found.append((journals[-1], set_aside_note(folder / JOURNAL_NAME) or ""))
    files = [
        file
        for place in fallback_dirs(folder)
        for file in files_set_aside(place, f"{PENDING_NAME}.{UNREADABLE}-")
    ]
    if files:
        files.sort(key=lambda file: file.name)  # by time, whichever folder holds it
        found.append((files[-1], (
            f"Sessions kept aside that could not be read were set aside as "
            f"{newest_of(files)}, and nothing was deleted. A text editor can mend it, and "
            "the command mbsr-tui log import FILE then adds it to your journal. Once you no longer "
            "need it, delete it or move it out of that folder, and this note stops."
        )))  # fmt: skip
    return found


def with_set_aside_notes(opened: OpenOutcome, folder: Path) -> OpenOutcome:
    """Notes on what was set aside earlier (one set aside just now is told already)."""
    told = " ".join(opened.messages)
    notes = [note for newest, note in _set_aside(folder) if str(newest) not in told]
    return replace(opened, messages=(*opened.messages, *notes)) if notes else opened


def _open_to_read(folder: Path) -> OpenOutcome | None:
    journal_file = folder / JOURNAL_NAME
    messages: list[str] = []
    try:
        waiting = tuple(read_waiting(folder, messages))
        if waiting:  # take them in now if that needs no waiting at all
            merged = _merge_without_waiting(folder, messages)
            if merged is not None:
                return merged
        journal = Journal.open_read_only(journal_file) if journal_file.exists() else None
        if journal is not None and not journal.healthy():
            journal.close()
            return None
    except Exception:
        return None
    if waiting:
        count = plural(len(waiting), "session")
        messages.append(
            f"{count} kept in {PENDING_NAME} while the journal was unavailable "
            f"{word_for(len(waiting), 'is', 'are')} included here, and will be added to the "
            "journal the next time mbsr-tui starts."
        )
    return OpenOutcome(journal, tuple(messages), waiting=waiting)


def _merge_without_waiting(folder: Path, messages: list[str]) -> OpenOutcome | None:
    """Merge the fallback files when neither the journal nor their lock is busy; None
    (and nothing said) when either is, so a reader never waits for a writer."""
    try:
        journal = Journal.open(folder / JOURNAL_NAME, timeout=0)
    except JournalError:
        return None
    if not journal.healthy():
        journal.close()
        return None
    told = list(messages)
    merged = sum(
        _merge_pending(journal, place, told, lock_timeout=0, quiet_if_busy=True)
        for place in fallback_dirs(folder)
    )
    waiting = tuple(read_waiting(folder))
    if waiting:  # someone else held a fallback file: show what waits, merge it later
        journal.close()
        return None
    return OpenOutcome(journal, tuple(told), merged=merged, waiting=waiting)


def _open_to_write(folder: Path) -> OpenOutcome:
    journal_file = folder / JOURNAL_NAME
    messages: list[str] = []
    moved: Path | None = None
    journal: Journal | None = None
    try:
        journal = Journal.open(journal_file)
        if not journal.healthy():  # a damaged page would otherwise surface mid-read
            journal.close()
            journal = None
            raise JournalError(f"{journal_file}: is damaged", damaged=True)
    except JournalError as err:
        problem = str(err)
        if err.damaged:
            moved, journal, problem = _start_afresh(journal_file, messages)
    if journal is None:
        return _read_only(journal_file, problem, messages, moved)
    merged = sum(_merge_pending(journal, place, messages) for place in fallback_dirs(folder))
    waiting = tuple(read_waiting(folder))  # what a failed merge left behind
    return OpenOutcome(journal, tuple(messages), merged=merged, moved_aside=moved, waiting=waiting)


def _start_afresh(
    journal_file: Path, messages: list[str]
) -> tuple[Path | None, Journal | None, str]:
    """Move a damaged journal aside (never deleting it) and begin a new one."""
    try:
        moved = move_aside(journal_file)
    except OSError as err:
        messages.append(
            f"Your journal {journal_file} is damaged and could not be moved aside "
            f"({_why(err)}). Nothing was deleted; new sessions are kept in {PENDING_NAME}."
        )
        return None, None, _why(err)
    messages.append(
        f"Your journal file was damaged, so it was moved aside to {moved} (nothing was "
        "deleted) and a new journal was started. Once you no longer need the damaged "
        "file, delete it or move it out of that folder."
    )
    try:
        journal = Journal.open(journal_file)
    except JournalError as err:
        return moved, None, str(err)
    _copy_what_survives(moved, journal, messages)
    return moved, journal, ""


def _copy_what_survives(moved: Path, journal: Journal, messages: list[str]) -> None:
    try:
        copied = journal.add_many(salvage(moved))
        journal.add_calendar(salvage_calendar(moved))  # the course's written entries too
    except JournalError:
        copied = 0
    if copied:
        kept = plural(copied, "session")
        verb = word_for(copied, "was", "were")
        messages.append(f"{kept} could still be read from it and {verb} copied into the new one.")


def move_aside(journal_file: Path) -> Path:
    """Rename the journal (and its -wal and -shm files) to `<name>.corrupt-<UTC time>`,
    never over another (the one way to set a file aside: io.set_aside)."""
    target = set_aside(journal_file, CORRUPT)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.rename(f"{journal_file}{suffix}", f"{target}{suffix}")
    return target


def _read_only(
    journal_file: Path, problem: str, messages: list[str], moved: Path | None
) -> OpenOutcome:
    # Name both places record() tries: when the data folder itself cannot be written, the
    # fallback file lands in the state folder, and the first place alone would mislead.
    places = " or else ".join(
        str(pending_path(place)) for place in fallback_dirs(journal_file.parent)
    )
    keeping = f"New sessions will be kept in {places} until it can."
    waiting = tuple(read_waiting(journal_file.parent, messages))
    try:
        journal = Journal.open_read_only(journal_file)
    except JournalError:
        messages.append(f"Your journal could not be opened ({problem}). {keeping}")
        return OpenOutcome(None, tuple(messages), moved_aside=moved, waiting=waiting)
    messages.append(f"Your journal can be read but not written ({problem}). {keeping}")
    return OpenOutcome(journal, tuple(messages), moved_aside=moved, read_only=True, waiting=waiting)


def _merge_pending(
    journal: Journal,
    folder: Path,
    messages: list[str],
    *,
    lock_timeout: float = PENDING_LOCK_SECONDS,
    quiet_if_busy: bool = False,
) -> int:
    """Take in the fallback file's entries; delete the file only once they are committed.

    Entries that cannot be read never stop the others: the file is then set aside whole
    (never deleted) and the person told where it is.
    """
    path = pending_path(folder)
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    except OSError as err:
        # A folder that cannot be entered (the state folder made unreadable) hides
        # nothing from the journal: it opens as ever, and the folder is named.
        if not quiet_if_busy:
            messages.append(
                f"{folder} could not be looked into ({_why(err)}); any sessions kept "
                f"there in {PENDING_NAME} will be added once it can."
            )
        return 0
    try:
        with pending_lock(folder, lock_timeout):
            try:
                waiting, problems = read_entries_leniently(path)
            except JournalError as err:
                if not err.damaged:
                    raise
                waiting, problems = [], [str(err)]
            added = journal.add_many(waiting)
            if problems:
                kept = set_aside(path)
                count = plural(len(problems), "session")
                messages.append(
                    f"{count} kept in {path} could not be read ({problems[0]}), so the file "
                    f"was set aside as {kept} (nothing was deleted); the others were added."
                )
            else:
                path.unlink()
    except Exception as err:  # a lock held elsewhere, a read-only folder, a full disk
        if quiet_if_busy:
            return 0
        messages.append(
            f"Sessions kept in {path} could not be added to your journal yet "
            f"({_why(err)}); the file is kept and will be tried again next time."
        )
        return 0
    if added:
        kept_word = plural(added, "session")
        verb = word_for(added, "was", "were")
        messages.append(f"{kept_word} kept while the journal was unavailable {verb} added.")
    return added
