"""The person's own practice files: ids from titles, safe saving, deleting with a copy kept.

Saving writes the draft's TOML to a temporary file beside the target, lets the loader
validate exactly those bytes, then renames it into place (after fsync): a crash never
leaves half a file, and nothing the loader would refuse is ever saved. Files are only
ever written in the person's sessions folder, never among the built-ins.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from mbsr_tui.core import files, paths
from mbsr_tui.core.loader import SessionError, validate
from mbsr_tui.core.session_draft import SessionDraft

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
    if folder == user_dir:
        return Origin.OWN
    if folder == builtin_dir:
        return Origin.BUILTIN
    return Origin.ELSEWHERE


def taken_ids(user_dir: Path | None = None, builtin_dir: Path | None = None) -> set[str]:
    """Ids a new practice may not take: the built-ins' and every file in the folder."""
    user_dir = user_dir or paths.user_sessions_dir()
    builtin_dir = builtin_dir or paths.builtin_sessions_dir()
    taken = {path.stem for path in builtin_dir.glob("*.toml")}
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
    session, problems = validate(path)
    if session is None or problems:
        return HandWritten(comments=_has_comments(path))
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    if text == SessionDraft.of(session, folder=path.parent).dumps():
        return None
    return HandWritten(comments=_has_comments(path))


def _has_comments(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
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


def save_draft(draft: SessionDraft, session_id: str, user_dir: Path | None = None) -> Path:
    """Write `draft` as `<user_dir>/<session_id>.toml`, atomically, if the loader accepts it.

    The caller decides the id (see `free_id`); this only refuses ids that are not plain.
    Raises `NotSaved` with the loader's problems when the file would not load.
    """
    if slug(session_id) != session_id:
        raise NotSaved(f"'{session_id}' cannot name a practice file")
    folder = paths.ensure_private_dir(user_dir or paths.user_sessions_dir())
    target = folder / f"{session_id}.toml"
    data = draft.dumps().encode("utf-8")

    def loads(written: Path) -> None:  # the file as written must load, or it is not saved
        session, problems = validate(written)
        if session is None or problems:
            shown = [SessionError(target, p.line, p.message) for p in problems]
            raise NotSaved("the practice has problems", shown)

    return files.write_atomically(target, data, check=loads)


def delete_session(path: Path) -> Path:
    """Set the file aside as `<id>.toml.deleted` (never removed): where it went."""
    kept = files.set_aside(Path(path), DELETED_SUFFIX, first=2)
    files.sync_folder(kept.parent)
    return kept
