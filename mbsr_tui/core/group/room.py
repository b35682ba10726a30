"""A room file: the whole session it carries, its shared start, the host's pauses and end.

The room is TOML, like a session file, so the session inside it is checked by the very
loader that checks session files: a participant needs nothing of the host's but this one
file. Everything in it is someone else's input: every value is checked for type and for
a plausible range (a start in the far future or long past, a pause longer than a day),
and anything wrong makes the whole room unusable, with a plain reason, never a crash.

A list reads only a room's header (`decode_head`: the `[room]` table, within its first
HEAD_BYTES): what it shows, and whether the sitting is over, are there; a person who
joins reads the whole file, whose header must agree with its practice.

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
host_member = "9f2c41d07a3b5e68"  # the host's presence: `<id>~<host_member>.here`
practice_title = "Body scan"   # for lists, which read only this header: the session's
total_seconds = 1205.0         # title, and the timeline's total (getting ready included)

[session]                      # the practice, exactly as in a session file
title = "Body scan"
...
```
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import re
import tempfile
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomli_w

from mbsr_tui.core import limits
from mbsr_tui.core.group.folder import MAX_FILE_BYTES
from mbsr_tui.core.safe_text import strip_controls
from mbsr_tui.core.session import MAX_SESSION_SECONDS, Session
from mbsr_tui.core.toml_lines import shape_problem

FORMAT = 1
ROOM_SUFFIX = ".room"
ROOM_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")
PRACTICE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
MEMBER = re.compile(r"[0-9a-f]{8,32}")  # a presence's own part of its file name
HEAD_BYTES = 4096  # a header is well under 2 KB: titles and names are short
# Room files are rewritten with a pause or an end: what a room may weigh when opened.
ROOM_BYTES = MAX_FILE_BYTES - 512
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
    session: Session | None  # None: only the header was read (`decode_head`, for a list)
    seconds: float
    opened_at: float
    starts_at: float
    paused_seconds: float = 0.0
    paused_since: float | None = None
    ended_at: float | None = None
    host_name: str = ""
    host_member: str = ""
    # What a header says of the practice (the session's own, once the session is read).
    listed_title: str = field(default="", compare=False)
    listed_total: float = field(default=0.0, compare=False)

    @property
    def paused(self) -> bool:
        return self.paused_since is not None and self.ended_at is None

    @property
    def practice_title(self) -> str:
        return self.listed_title if self.session is None else plain_title(self.session.title)

    @property
    def total(self) -> float:
        """The timeline's total, getting ready included."""
        return (
            self.listed_total
            if self.session is None
            else practice_total(self.session, self.seconds)
        )


def practice_total(session: Session, seconds: float) -> float:
    """The timeline's total (getting ready included), added up as `Timeline` adds it, but
    without laying out every breath: a room's practice of six hours of 0.1 s breaths
    would take a second to lay out, and a list looks at every room."""
    from mbsr_tui.core.timeline import scale_steps

    at = session.prepare_seconds
    for step in scale_steps(session, seconds):
        at += step.seconds
    return at


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
    assert room.session is not None, "a room is written with its practice"
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
    if room.host_member:
        head["host_member"] = room.host_member
    head["practice_title"] = room.practice_title
    head["total_seconds"] = float(room.total)
    return tomli_w.dumps({"room": head, "session": session_table(room.session)},
                         multiline_strings=True).encode("utf-8")  # fmt: skip


# -- reading -----------------------------------------------------------------------------


def decode(data: bytes, *, now: float, file_id: str | None = None) -> Room:
    """The room in `data`, checked; RoomError says why it cannot be used."""
    head, body = _tables(_parse(data))
    if not isinstance(body, dict):
        raise RoomError("not a room file (no [room] and [session])")
    room = _room(head, now, file_id)
    session = _session(body, _text(head, "practice"))
    played = limits.played_problem(session, room.seconds)
    if played:
        raise RoomError(f"its practice is not valid: {played}")
    room = replace(room, session=session, title=room.title or plain_title(session.title))
    # A header that does not say what the practice is would list one room and seat
    # people in another.
    listed = head.get("total_seconds")
    if listed is not None and not math.isclose(_number(head, "total_seconds"), room.total,
                                               rel_tol=1e-9, abs_tol=1e-6):  # fmt: skip
        raise RoomError("its header does not match its practice")
    if "practice_title" in head and plain_title(head.get("practice_title")) != room.practice_title:
        raise RoomError("its header does not match its practice")
    return room


def decode_head(data: bytes, *, now: float, file_id: str | None = None) -> Room:
    """The room's header only (a list's look): `data` is the file's first HEAD_BYTES."""
    data = data[:HEAD_BYTES]
    cut = data.find(b"\n[session]")
    if cut < 0:
        if len(data) < HEAD_BYTES:
            _tables(_parse(data))  # the whole file: its own reason (not text, not TOML...)
        raise RoomError("not a room file (no [session] after a short [room] header)")
    head, _ = _tables(_parse(data[: cut + 1]), want_session=False)
    room = _room(head, now, file_id)
    if "total_seconds" not in head:
        raise RoomError("a room from an older mbsr-tui (its header lacks its length)")
    total = _number(head, "total_seconds")
    if not 0 < total <= 2 * MAX_SESSION_SECONDS:
        raise RoomError("its length is not a practice's length")
    title = plain_title(head.get("practice_title"))
    return replace(room, title=room.title or title, listed_title=title, listed_total=total)


def _parse(data: bytes) -> dict:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RoomError("not UTF-8 text") from None
    shape = shape_problem(text)
    if shape is not None:
        raise RoomError(f"line {shape.line}: {shape.message}")
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):  # ValueError: a 5,000-digit int
        raise RoomError("not a room file (invalid TOML)") from None


def _tables(parsed: dict, *, want_session: bool = True) -> tuple[dict, object]:
    head, body = parsed.get("room"), parsed.get("session")
    if not isinstance(head, dict) or (want_session and not isinstance(body, dict)):
        raise RoomError("not a room file (no [room] and [session])")
    return head, body


def _room(head: dict, now: float, file_id: str | None) -> Room:
    """The header's values, each checked (the practice itself not yet read)."""
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
    member = head.get("host_member", "")
    if not isinstance(member, str) or (member and not MEMBER.fullmatch(member)):
        raise RoomError("its host's presence is not a plain name")
    return Room(
        id=room_id,
        title=plain_title(head.get("title")),
        session=None,
        seconds=seconds,
        opened_at=opened_at,
        starts_at=starts_at,
        paused_seconds=paused_seconds,
        paused_since=_moment(head, "paused_since", starts_at, now),
        ended_at=_moment(head, "ended_at", opened_at, now),
        host_name=shared_name(head.get("host_name", "")),
        host_member=member,
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
