"""The person's own practice files: ids from titles, safe saving, deleting with a copy kept.

Saving writes the draft's TOML to a temporary file beside the target, lets the loader
validate exactly those bytes, then renames it into place (after fsync): a crash never
leaves half a file, and nothing the loader would refuse is ever saved. Files are only
ever written in the person's sessions folder, never among the built-ins.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from mbsr_tui.core import files, paths
from mbsr_tui.core.course import COURSE_STEM
from mbsr_tui.core.loader import SessionError, file_name_problem, validate
from mbsr_tui.core.safe_read import read_bytes
from mbsr_tui.core.session_draft import SessionDraft
from mbsr_tui.core.toml_reader import MAX_FILE_BYTES

MAX_ID_LENGTH = 60
DELETED_SUFFIX = ".deleted"


class Origin(StrEnum):
    NEW = "new"  # a blank practice
    BUILTIN = "builtin"  # one shipped with the app: edited as a copy (or replaced)
    OWN = "own"  # the person's own file in their sessions folder
    ELSEWHERE = "elsewhere"  # a file given by path: saved as a copy in the sessions folder


def slug(title: str) -> str:
    """An id made from a title: lower-case letters and digits joined by hyphens."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", plain.lower())
    made = "-".join(words)[:MAX_ID_LENGTH].strip("-")
    return made or "my-practice"


def origin_of(source: Path | None, user_dir: Path | None = None,
              builtin_dir: Path | None = None) -> Origin:  # fmt: skip
    if source is None:
        return Origin.NEW
    user_dir = (user_dir or paths.user_sessions_dir()).resolve()
    builtin_dir = (builtin_dir or paths.builtin_sessions_dir()).resolve()
    folder = Path(source).resolve().parent
    if folder == user_dir and Path(source).suffix == ".toml":
        return Origin.OWN
    if folder == builtin_dir:
        return Origin.BUILTIN
    return Origin.ELSEWHERE


def taken_ids(user_dir: Path | None = None, builtin_dir: Path | None = None) -> set[str]:
    """Ids a new practice may not take: the built-ins', the course's, and every file in the
    folder."""
    user_dir = user_dir or paths.user_sessions_dir()
    builtin_dir = builtin_dir or paths.builtin_sessions_dir()
    taken = {COURSE_STEM} | {path.stem for path in builtin_dir.glob("*.toml")}
    with contextlib.suppress(OSError):  # a folder that cannot be entered takes no ids
        if user_dir.is_dir():
            taken |= {path.stem for path in user_dir.glob("*.toml")}
    return taken


def free_id(title: str, taken: set[str]) -> str:
    """`slug(title)`, or with -2, -3… when that id is someone else's."""
    base = slug(title)
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


@dataclass(frozen=True)
class HandWritten:
    """Why rewriting a file would change more than the person changed."""

    comments: bool

    def message(self, name: str) -> str:
        if self.comments:
            return (
                f"{name} was written by hand and has comments. Saving here rewrites it and "
                "the comments will be lost."
            )
        return (
            f"{name} was written by hand. Saving here rewrites it: its keys will be put in "
            "the editor's order and its layout will change."
        )


def written_by_hand(path: Path) -> HandWritten | None:
    """Whether `path` differs from what the editor would write for the practice it holds.

    The editor writes exactly `SessionDraft.dumps()`: a file that reads back the same way
    but is not byte for byte that text (comments, another key order, other spacing) was
    written or changed by hand.
    """
    if not path.exists():
        return None  # nothing there to rewrite (saving asks whether to make it again)
    session, problems = validate(path)
    if session is None or problems:
        return HandWritten(comments=_has_comments(path))
    try:
        text = read_bytes(path, MAX_FILE_BYTES, follow_links=True).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if text == SessionDraft.of(session, folder=path.parent).dumps():
        return None
    return HandWritten(comments=_has_comments(path))


def _has_comments(path: Path) -> bool:
    try:
        text = read_bytes(path, MAX_FILE_BYTES, follow_links=True).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return has_comments(text)


_QUOTES = ('"""', "'''", '"', "'")


def has_comments(text: str) -> bool:
    """Whether TOML `text` holds a comment: a '#' outside every kind of string."""
    at, size = 0, len(text)
    while at < size:
        char = text[at]
        if char == "#":
            return True
        quote = next((q for q in _QUOTES if text.startswith(q, at)), None)
        if quote is None:
            at += 1
            continue
        at += len(quote)
        escapes = quote[0] == '"'
        while at < size and not text.startswith(quote, at):
            if escapes and text[at] == "\\":
                at += 1
            elif len(quote) == 1 and text[at] == "\n":
                break  # an unterminated one-line string: the loader says why
            at += 1
        at += len(quote)
    return False


class NotSaved(Exception):
    """The draft was not saved: the loader's problems, or the operating system's."""

    def __init__(self, message: str, problems: list[SessionError] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class ChangedOnDisk(NotSaved):
    """The file is no longer what the editor last read or wrote there: someone (the person,
    by hand) changed, made or removed it meanwhile. `found` is what is there now."""

    def __init__(self, target: Path, found: bytes | None) -> None:
        super().__init__(f"{target.name} was changed outside the editor")
        self.target, self.found = target, found


def file_bytes(draft: SessionDraft) -> bytes:
    """Exactly what `save_draft` writes for `draft`."""
    return draft.dumps().encode("utf-8")


def read_current(path: Path) -> bytes | None:
    """What `path` holds now (None: no file there), read as the loader would read it:
    without following a link or waiting on a pipe, at most just over the loader's limit.
    Anything that is not a plain file reads as `b""`: never equal to what was written."""
    try:
        return read_bytes(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return None
    except OSError:
        return b""


def save_draft(draft: SessionDraft, session_id: str, user_dir: Path | None = None, *,
               replacing: bytes | None = None) -> Path:  # fmt: skip
    """Write `draft` as `<user_dir>/<session_id>.toml`, atomically, if the loader accepts it.

    `replacing` is what the caller last read or wrote in that file (None: it expects no
    file there). When the file holds anything else, nothing is written and
    `ChangedOnDisk` says what is there now: a save never overwrites what it has not seen.
    The caller decides the id (see `free_id`); any name the loader accepts will do.
    Raises `NotSaved` with the loader's problems when the file would not load.
    """
    named = file_name_problem(f"{session_id}.toml")
    if named is not None or session_id == COURSE_STEM:
        raise NotSaved(f"'{session_id}' cannot name a practice file")
    folder = paths.ensure_private_dir(user_dir or paths.user_sessions_dir())
    target = folder / f"{session_id}.toml"
    data = file_bytes(draft)

    def loads(written: Path) -> None:  # the file as written must load, or it is not saved
        session, problems = validate(written)
        if session is None or problems:
            shown = [SessionError(target, p.line, p.message) for p in problems]
            raise NotSaved("the practice has problems", shown)
        # Checked last, just before the rename: the window for a change is a moment.
        found = read_current(target)
        if found != replacing:
            raise ChangedOnDisk(target, found)

    return files.write_atomically(target, data, check=loads)


def delete_session(path: Path) -> Path:
    """Set the file aside as `<id>.toml.deleted` (never removed): where it went."""
    kept = files.set_aside(Path(path), DELETED_SUFFIX, first=2)
    files.sync_folder(kept.parent)
    return kept
