"""Who is in a room, at a cost that does not grow with the room (issue 22).

Reading every presence file a few times a second cost each person in proportion to the
group (and everyone together its square). So the host alone counts the presences (each
file read again only when it has changed, `PresenceCount`) and publishes who is there in
one small file, `<room-id>.people`, rewritten only when someone arrives or goes. A guest
looks at that one file (its identity a few times a second, its bytes only when it has
changed) while the host is there; without a believable summary (the host has gone quiet,
or runs an older version) a guest counts for itself, less often.

The summary is the host's word, as the room is: believed only from the room's owner,
read without following links, bounded in size and entries, every name made plain.
"""

from __future__ import annotations

import math
import os
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from mbsr_tui.core.group import folder as files
from mbsr_tui.core.group import presence as here
from mbsr_tui.core.group.room import MEMBER, shared_name

FORMAT = 1
SUFFIX = ".people"
MAX_ENTRIES = 500  # as listing.MAX_PER_ROOM: a flood is not a crowd
MAX_SUMMARY_BYTES = 128 * 1024  # 500 entries of ~150 bytes
PRESENCES_PER_ACCOUNT = 16  # as listing.PRESENCES_PER_ACCOUNT


def file_name(room_id: str) -> str:
    return room_id + SUFFIX


def room_of_summary(name: str) -> str | None:
    """The room id a summary's file name is for (None for any other name)."""
    from mbsr_tui.core.group.room import ROOM_ID

    if not name.endswith(SUFFIX):
        return None
    room_id = name[: -len(SUFFIX)]
    return room_id if ROOM_ID.fullmatch(room_id) else None


def _entry(person: here.Presence) -> dict:
    entry = {"member": person.member, "uid": int(person.uid),
             "joined_at": float(person.joined_at), "host": person.host}  # fmt: skip
    if person.name:
        entry["name"] = person.name
    return entry


def encode(room_id: str, people: list[here.Presence]) -> bytes:
    """Who is there, as the host counted them (at most MAX_ENTRIES, within the size)."""
    entries = [_entry(p) for p in people[:MAX_ENTRIES]]
    while True:
        data = tomli_w.dumps({"format": FORMAT, "room": room_id, "people": entries}).encode()
        if len(data) <= MAX_SUMMARY_BYTES or not entries:
            return data
        entries = entries[: len(entries) * 3 // 4]


def decode(data: bytes, *, room_id: str, heartbeat: float) -> list[here.Presence] | None:
    """The people in a summary, each taken as fresh at `heartbeat` (the host's own, who
    keeps the summary current while there); None when it is not a usable summary."""
    if len(data) > MAX_SUMMARY_BYTES:
        return None
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None
    if parsed.get("format") != FORMAT or parsed.get("room") != room_id:
        return None
    entries = parsed.get("people")
    if not isinstance(entries, list):
        return None
    people: list[here.Presence] = []
    seen: set[str] = set()
    for entry in entries[:MAX_ENTRIES]:
        person = _person(entry, room_id, heartbeat)
        if person is not None and person.member not in seen:
            seen.add(person.member)
            people.append(person)
    return people


def _person(entry: object, room_id: str, heartbeat: float) -> here.Presence | None:
    if not isinstance(entry, dict):
        return None
    member, uid, joined = entry.get("member"), entry.get("uid"), entry.get("joined_at")
    if not isinstance(member, str) or not MEMBER.fullmatch(member):
        return None
    if isinstance(uid, bool) or not isinstance(uid, int) or not 0 <= uid < 2**32:
        return None
    if isinstance(joined, bool) or not isinstance(joined, int | float):
        return None
    if not math.isfinite(joined):
        return None
    return here.Presence(room_id, member, float(joined), heartbeat,
                         shared_name(entry.get("name", "")), entry.get("host") is True,
                         uid)  # fmt: skip


@dataclass
class _Known:
    ident: files.Identity
    person: here.Presence | None


class PresenceCount:
    """A room's presences, each file read again only when its identity has changed: a
    look costs one `lstat` per presence, and a read per heartbeat written since."""

    def __init__(self, folder: Path, room_id: str) -> None:
        self.folder = folder
        self.room_id = room_id
        self._known: dict[str, _Known] = {}

    def _wanted(self, name: str) -> str | None:
        if not name.endswith(here.SUFFIX):
            return None
        parsed = here.parse_name(name)
        return parsed[0] if parsed is not None and parsed[0] == self.room_id else None

    def look(self) -> list[here.Presence]:
        scanned = files.scan(self.folder, self._wanted, per_owner=PRESENCES_PER_ACCOUNT)
        known: dict[str, _Known] = {}
        people: list[here.Presence] = []
        for entry in scanned.entries:
            cached = self._known.get(entry.name)
            if cached is None or cached.ident != entry.ident:
                cached = _Known(entry.ident, self._read(entry.name))
            known[entry.name] = cached
            if cached.person is not None and len(people) < MAX_ENTRIES:
                people.append(cached.person)
        self._known = known
        return people

    def _read(self, name: str) -> here.Presence | None:
        from mbsr_tui.core.group.listing import read_presence

        try:
            return read_presence(self.folder, name)
        except files.Unreadable:
            return None


class Summary:
    """A guest's view of the host's summary: one `lstat` a look, a read when it changed.

    The same list comes back while the file is unchanged: whoever shows it may keep what
    they made of it."""

    READ_EVERY = 0.5  # a host rewriting it without end costs a guest this much at most

    def __init__(self, folder: Path, room_id: str, clock=time.monotonic) -> None:
        self.folder = folder
        self.room_id = room_id
        self._clock = clock
        self._last: tuple[files.Identity, list[here.Presence] | None] | None = None
        self._read_at = -math.inf

    def people(self, owner: int) -> list[here.Presence] | None:
        """Who the host says is there (None: no usable summary from `owner`)."""
        name = file_name(self.room_id)
        try:
            info = os.lstat(self.folder / name)
        except OSError:
            return None
        if info.st_uid != owner:
            return None  # only the room's owner speaks for the room
        ident = files.identity(info)
        if self._last is not None and (
            self._last[0] == ident or self._clock() - self._read_at < self.READ_EVERY
        ):  # fmt: skip
            return self._last[1]
        self._read_at = self._clock()
        try:
            found = files.read_file(self.folder, name, MAX_SUMMARY_BYTES)
        except files.Unreadable:
            self._last = (ident, None)
            return None
        said = None
        if found.uid == owner:
            said = decode(found.data, room_id=self.room_id, heartbeat=0.0)
        self._last = (found.ident, said)
        return said


class Publisher:
    """The host's side: count (incrementally), and rewrite the summary only when who is
    there has changed."""

    LOOK_EVERY = 0.5  # seconds between the host's counts while the folder changes
    RECHECK_EVERY = 3.0  # ... and while it does not (a silent drop goes stale)

    def __init__(self, folder: Path, room_id: str, clock=time.monotonic) -> None:
        self.count = PresenceCount(folder, room_id)
        self.folder = folder
        self.room_id = room_id
        self._clock = clock
        self._written: bytes | None = None
        self._looked_at: float | None = None
        self._folder_at: int | None = None
        self.people: list[here.Presence] = []

    def due(self) -> bool:
        if self._looked_at is None:
            return True
        since = self._clock() - self._looked_at
        if since >= self.RECHECK_EVERY:
            return True
        return since >= self.LOOK_EVERY and files.changed_at(self.folder) != self._folder_at

    def look(self) -> list[here.Presence]:
        self._folder_at = files.changed_at(self.folder)
        self._looked_at = self._clock()
        self.people = self.count.look()
        return self.people

    def publish(self, fresh: list[here.Presence]) -> None:
        """Write who is fresh, if it differs from what was written (raises OSError)."""
        data = encode(self.room_id, fresh)
        if data != self._written:
            files.replace_file(self.folder, file_name(self.room_id), data)
            self._written = data

    def withdraw(self) -> None:
        files.remove_own(self.folder, file_name(self.room_id))
        self._written = None
