"""Presence: one small file per person in a room, owned by that person, with a heartbeat.

`<room-id>~<member>.here` holds who (a name only if the person shares one), since when,
and a heartbeat renewed every few seconds. A heartbeat older than `STALE_SECONDS` means
the person has gone (a dropped connection leaves its file behind); one in the future is
someone's odd clock, and is not believed. The host's file is the host's only if it has
the same owner as the room.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass

import tomli_w

from mbsr_tui.core.group.room import MEMBER, ROOM_ID, shared_name

FORMAT = 1
SUFFIX = ".here"
HEARTBEAT_SECONDS = 5.0
STALE_SECONDS = 20.0
MAX_PRESENCE_BYTES = 4096
_FILE = re.compile(rf"({ROOM_ID.pattern})~({MEMBER.pattern}){re.escape(SUFFIX)}")


@dataclass(frozen=True)
class Presence:
    room: str
    member: str
    joined_at: float
    heartbeat: float
    name: str = ""
    host: bool = False
    uid: int = -1  # the file's owner, filled in when read

    def fresh(self, now: float) -> bool:
        return now - STALE_SECONDS <= self.heartbeat <= now + STALE_SECONDS


def file_name(room_id: str, member: str) -> str:
    return f"{room_id}~{member}{SUFFIX}"


def parse_name(name: str) -> tuple[str, str] | None:
    """(room id, member) of a presence file's name; None for any other name."""
    match = _FILE.fullmatch(name)
    return (match.group(1), match.group(2)) if match else None


def encode(presence: Presence) -> bytes:
    data = {
        "format": FORMAT,
        "room": presence.room,
        "member": presence.member,
        "joined_at": float(presence.joined_at),
        "heartbeat": float(presence.heartbeat),
        "host": presence.host,
    }
    if presence.name:
        data["name"] = presence.name
    return tomli_w.dumps(data).encode("utf-8")


def decode(data: bytes, *, room_id: str, member: str, uid: int) -> Presence | None:
    """The presence in `data`, or None when it is not a usable one (never raises)."""
    if len(data) > MAX_PRESENCE_BYTES:
        return None
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None
    if parsed.get("format") != FORMAT:
        return None
    if parsed.get("room") != room_id or parsed.get("member") != member:
        return None
    joined, beat = parsed.get("joined_at"), parsed.get("heartbeat")
    for value in (joined, beat):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if not math.isfinite(value):
            return None
    host = parsed.get("host", False)
    return Presence(room_id, member, float(joined), float(beat),
                    shared_name(parsed.get("name", "")), host is True, uid)  # fmt: skip
