"""A room file: the whole session it carries, its shared start, the host's pauses and end.

The room is TOML, like a session file, so the session inside it is checked by the very
loader that checks session files: a participant needs nothing of the host's but this one
file. Everything in it is someone else's input: every value is checked for type and for
a plausible range (a start in the far future or long past, a pause longer than a day),
and anything wrong makes the whole room unusable, with a plain reason, never a crash.

```toml
[room]
format = 1
id = "body-scan-4f2a"          # the file is `<id>.room`
title = "Tuesday body scan"
practice = "body-scan"         # the session's id
seconds = 1200.0               # the practice's planned length (the timeline's length)
opened_at = 1764233000.25      # wall-clock seconds (time.time()): shared by every process
starts_at = 1764233060.0       # the timeline's moment 0 for everyone
paused_seconds = 0.0           # pauses the host has ended
paused_since = 1764233300.0    # only while the host pauses
ended_at = 1764233500.0        # only when the host ended the sitting early
host_name = "Anna"             # only when the host shares a name

[session]                      # the practice, exactly as in a session file
title = "Body scan"
...
```
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import tempfile
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import tomli_w

from mbsr_tui.core import limits
from mbsr_tui.core.safe_text import strip_controls
from mbsr_tui.core.session import MAX_SESSION_SECONDS, Session
from mbsr_tui.core.toml_lines import shape_problem

FORMAT = 1
ROOM_SUFFIX = ".room"
ROOM_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")
PRACTICE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
NAME_LIMIT = 32  # a shared name: plain text, at most this many characters
TITLE_LIMIT = 80
# How far from now a room's moments may be: a start up to a week ahead (`--at` is at
# most a day), a room at most a day past its planned length, a host's clock that runs a
# minute ahead of ours.
MAX_AHEAD = 7 * 24 * 3600.0
MAX_PAUSED = 24 * 3600.0
CLOCK_SLACK = 60.0


class RoomError(ValueError):
    """Why a room file cannot be used: one plain line."""


@dataclass(frozen=True)
class Room:
    id: str
    title: str
    session: Session
    seconds: float
    opened_at: float
    starts_at: float
    paused_seconds: float = 0.0
    paused_since: float | None = None
    ended_at: float | None = None
    host_name: str = ""

    @property
    def paused(self) -> bool:
        return self.paused_since is not None and self.ended_at is None


def shared_name(text: object) -> str:
    """A name as others see it: plain text on one line, at most NAME_LIMIT characters."""
    if not isinstance(text, str):
        return ""
    plain = " ".join(strip_controls(text).split())  # a line break becomes a space
    return plain[:NAME_LIMIT].strip()


def plain_title(text: object) -> str:
    if not isinstance(text, str):
        return ""
    return " ".join(strip_controls(text, keep_newlines=False).split())[:TITLE_LIMIT].strip()


# -- writing -----------------------------------------------------------------------------


def session_table(session: Session) -> dict[str, Any]:
    """The session as the tables of a session file (the editor's exact writer)."""
    from mbsr_tui.core.session_draft import SessionDraft

    return SessionDraft.of(session).to_toml()


def encode(room: Room) -> bytes:
    head: dict[str, Any] = {
        "format": FORMAT,
        "id": room.id,
        "title": room.title,
        "practice": room.session.id,
        "seconds": float(room.seconds),
        "opened_at": float(room.opened_at),
        "starts_at": float(room.starts_at),
        "paused_seconds": float(room.paused_seconds),
    }
    if room.paused_since is not None:
        head["paused_since"] = float(room.paused_since)
    if room.ended_at is not None:
        head["ended_at"] = float(room.ended_at)
    if room.host_name:
        head["host_name"] = room.host_name
    return tomli_w.dumps({"room": head, "session": session_table(room.session)},
                         multiline_strings=True).encode("utf-8")  # fmt: skip


# -- reading -----------------------------------------------------------------------------


def decode(data: bytes, *, now: float, file_id: str | None = None) -> Room:
    """The room in `data`, checked; RoomError says why it cannot be used."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RoomError("not UTF-8 text") from None
    shape = shape_problem(text)
    if shape is not None:
        raise RoomError(f"line {shape.line}: {shape.message}")
    try:
        parsed = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):  # ValueError: a 5,000-digit int
        raise RoomError("not a room file (invalid TOML)") from None
    head, body = parsed.get("room"), parsed.get("session")
    if not isinstance(head, dict) or not isinstance(body, dict):
        raise RoomError("not a room file (no [room] and [session])")
    if head.get("format") != FORMAT:
        raise RoomError("a room format this version does not know")
    room_id = _text(head, "id")
    if not ROOM_ID.fullmatch(room_id) or (file_id is not None and room_id != file_id):
        raise RoomError("its id does not match its file name")
    practice = _text(head, "practice")
    if not PRACTICE_ID.fullmatch(practice):
        raise RoomError("its practice id is not a plain name")
    seconds = _number(head, "seconds")
    if not 0 < seconds <= MAX_SESSION_SECONDS:
        raise RoomError("its length is not a practice's length")
    opened_at, starts_at = _number(head, "opened_at"), _number(head, "starts_at")
    if not now - MAX_AHEAD <= opened_at <= now + CLOCK_SLACK:
        raise RoomError("it was opened at an impossible time")
    if not opened_at - CLOCK_SLACK <= starts_at <= opened_at + MAX_AHEAD:
        raise RoomError("it starts at an impossible time")
    paused_seconds = _number(head, "paused_seconds")
    if not 0 <= paused_seconds <= MAX_PAUSED:
        raise RoomError("its pauses are impossibly long")
    paused_since = _moment(head, "paused_since", starts_at, now)
    ended_at = _moment(head, "ended_at", opened_at, now)
    session = _session(body, practice)
    played = limits.played_problem(session, seconds)
    if played:
        raise RoomError(f"its practice is not valid: {played}")
    return Room(
        id=room_id,
        title=plain_title(head.get("title")) or session.title,
        session=session,
        seconds=seconds,
        opened_at=opened_at,
        starts_at=starts_at,
        paused_seconds=paused_seconds,
        paused_since=paused_since,
        ended_at=ended_at,
        host_name=shared_name(head.get("host_name", "")),
    )


def _text(head: dict, key: str) -> str:
    value = head.get(key)
    if not isinstance(value, str):
        raise RoomError(f"'{key}' is missing or not text")
    return value


def _number(head: dict, key: str) -> float:
    value = head.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not limits.is_finite(value):
        raise RoomError(f"'{key}' is missing or not a number")
    return float(value)


def _moment(head: dict, key: str, earliest: float, now: float) -> float | None:
    if key not in head:
        return None
    value = _number(head, key)
    if not earliest - CLOCK_SLACK <= value <= now + CLOCK_SLACK:
        raise RoomError(f"'{key}' is at an impossible time")
    return value


# Sessions already checked, by the hash of their text: a room is read every few tenths of
# a second while a sitting runs, and its session never changes.
_CHECKED: dict[str, Session] = {}


def _session(body: dict, practice: str) -> Session:
    if "audio" in body:
        raise RoomError("its practice names a recording, which others cannot play")
    try:
        text = tomli_w.dumps(body, multiline_strings=True)
    except (TypeError, ValueError):
        raise RoomError("its practice cannot be read") from None
    key = hashlib.sha256(f"{practice}\n{text}".encode()).hexdigest()
    if key in _CHECKED:
        return _CHECKED[key]
    # The loader reads files: the practice goes through it as a file of our own, so a
    # room is held to exactly the rules of a session file.
    from mbsr_tui.core.loader import validate

    with tempfile.TemporaryDirectory(prefix="mbsr-room-") as private:
        path = Path(private) / f"{practice}.toml"
        path.write_text(text, encoding="utf-8")
        session, problems = validate(path)
    if session is None:
        first = problems[0].message if problems else "it cannot be read"
        raise RoomError(f"its practice is not valid: {first}")
    session = replace(session, source=None)
    if len(_CHECKED) > 64:
        with contextlib.suppress(KeyError, StopIteration):
            del _CHECKED[next(iter(_CHECKED))]
    _CHECKED[key] = session
    return session
