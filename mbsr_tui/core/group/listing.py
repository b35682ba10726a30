"""Reading rooms: what a list shows, and the one room a person joins, read safely.

Another account may fill the folder with anything, so:
- a known room's own files are opened by name: `<id>.room`, and the host's presence
  `<id>~<host_member>.here` (the member is in the room's header);
- a look goes through every name (a cheap test of the name, nothing more for junk),
  and of one account's wanted-looking names reads only its newest few: a flood by one
  account crowds out only that account's own rooms;
- a list reads only rooms' headers (the first 4 KB), cached by file identity;
- a paused sitting goes on only by what its host published: a host's presence that is
  missing or cannot be read is not a host gone.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from mbsr_tui.core.group import folder as files
from mbsr_tui.core.group import presence as here
from mbsr_tui.core.group.accounts import who
from mbsr_tui.core.group.room import (
    HEAD_BYTES,
    ROOM_ID,
    ROOM_SUFFIX,
    Room,
    RoomError,
    decode,
    decode_head,
)
from mbsr_tui.core.group.shared import RoomView, room_elapsed, room_total

MAX_PER_ROOM = 500  # presences counted in one room (a flood is not a crowd)
ROOMS_PER_ACCOUNT = 8  # one account's rooms in a list, newest first (a host has one or two)
PRESENCES_PER_ACCOUNT = 16  # one account's presences counted in a room (its terminals, or
# people sharing one account): a flood by one account adds at most this many, each shown
# with that account


@dataclass
class Listing:
    """A room as the list shows it: the room, who is there, and whether it is over."""

    room: Room  # from a list: its header only (`room.session` is None)
    uid: int  # the room file's owner: the host
    people: list[here.Presence] = field(default_factory=list)
    host_seen: float | None = None  # the host's last heartbeat, if the host has gone quiet
    problem: str = ""  # a change of the room that was not believed (a sitting's read)

    @property
    def count(self) -> int:
        return len(self.people)

    def names(self) -> list[str]:
        """The names people chose, each with the account it comes from."""
        return [who(p.name, p.uid) for p in self.people if p.name]

    def host(self) -> str:
        """The name the host chose, beside the account that owns the room: "Anna (anna)"."""
        return who(self.room.host_name, self.uid)

    def view(self) -> RoomView:
        return RoomView(self.room, self.host_seen)


@dataclass
class Look:
    rooms: list[Listing]
    problems: list[str]
    complete: bool = True  # False: too many names to look through in time


def is_room_name(name: str) -> str | None:
    if not name.endswith(ROOM_SUFFIX):
        return None
    return "room" if ROOM_ID.fullmatch(name[: -len(ROOM_SUFFIX)]) else None


# A room's header by (folder, name, owner) and file identity: a list is looked at again
# every few seconds, and a room's file changes only when its host pauses or ends.
_HEADS: OrderedDict[tuple[str, str, int], tuple[files.Identity, bytes | str]] = OrderedDict()
_HEADS_KEPT = 1024
_HEADS_LOCK = threading.Lock()


def head_bytes(folder: Path, entry: files.Entry) -> bytes:
    key = (str(folder), entry.name, entry.uid)
    with _HEADS_LOCK:
        cached = _HEADS.get(key)
    if cached is not None and cached[0] == entry.ident:
        if isinstance(cached[1], str):
            raise files.Unreadable(cached[1])
        return cached[1]
    try:
        found = files.read_file(folder, entry.name, HEAD_BYTES, head=True)
        result: bytes | str = found.data
        ident = found.ident
    except files.Unreadable as err:
        result, ident = str(err), entry.ident
    with _HEADS_LOCK:
        _HEADS[key] = (ident, result)
        _HEADS.move_to_end(key)
        while len(_HEADS) > _HEADS_KEPT:
            _HEADS.popitem(last=False)
    if isinstance(result, str):
        raise files.Unreadable(result)
    return result


def look(folder: Path, *, now: float | None = None, include_over: bool = False) -> Look:
    """Every usable room in `folder`, soonest first; over or empty rooms left out."""
    now = time.time() if now is None else now
    problems: list[str] = []
    scanned = files.scan(folder, is_room_name, per_owner=ROOMS_PER_ACCOUNT)
    heads: list[tuple[Room, int]] = []
    for entry in scanned.entries:
        if entry.ident[2] > files.MAX_FILE_BYTES:  # nobody could join it: not listed
            problems.append(f"{_shown(entry.name)}: larger than {files.MAX_FILE_BYTES // 1024} KB")
            continue
        try:
            room = decode_head(head_bytes(folder, entry), now=now,
                               file_id=entry.name[: -len(ROOM_SUFFIX)])  # fmt: skip
        except (files.Unreadable, RoomError) as err:
            problems.append(f"{_shown(entry.name)}: {err}")
            continue
        heads.append((room, entry.uid))
    people = presences_in(folder, {room.id for room, _ in heads})
    rooms: list[Listing] = []
    for room, uid in heads:
        listing = listing_of(room, uid, people.get(room.id, []), host_presence(folder, room, uid),
                           now)  # fmt: skip
        if include_over or (listing.count and not is_over(listing, now)):
            rooms.append(listing)
    rooms.sort(key=lambda r: (r.room.starts_at, r.room.id))
    complete = scanned.complete
    return Look(rooms, problems, complete)


def presences_in(folder: Path, room_ids: set[str]) -> dict[str, list[here.Presence]]:
    """The presences of these rooms: each account's newest few in each room."""

    def room_of(name: str) -> str | None:
        parsed = here.parse_name(name) if name.endswith(here.SUFFIX) else None
        return parsed[0] if parsed is not None and parsed[0] in room_ids else None

    found: dict[str, list[here.Presence]] = {}
    if not room_ids:
        return found
    for entry in files.scan(folder, room_of, per_owner=PRESENCES_PER_ACCOUNT).entries:
        try:
            person = read_presence(folder, entry.name)
        except files.Unreadable:
            continue
        if person is not None and len(found.get(person.room, ())) < MAX_PER_ROOM:
            found.setdefault(person.room, []).append(person)
    return found


def read_presence(folder: Path, name: str) -> here.Presence | None:
    parsed = here.parse_name(name)
    if parsed is None:
        return None
    found = files.read_file(folder, name, here.MAX_PRESENCE_BYTES)
    return here.decode(found.data, room_id=parsed[0], member=parsed[1], uid=found.uid)


def host_presence(folder: Path, room: Room, uid: int) -> here.Presence | None:
    """The host's presence, opened by its name: None when missing, unreadable, not the
    host's own, or not a presence (none of which says the host has gone)."""
    if not room.host_member:
        return None
    try:
        person = read_presence(folder, here.file_name(room.id, room.host_member))
    except files.Unreadable:
        return None
    if person is None or person.uid != uid or not person.host:
        return None
    return person


def listing_of(room: Room, uid: int, people: list[here.Presence], host: here.Presence | None,
             now: float) -> Listing:  # fmt: skip
    """Who is there, and whether the host has gone quiet: only a host's own presence,
    read and stale, says so (a missing one never does: it would end the host's pause)."""
    if host is not None and all(p.member != host.member for p in people):
        people = [*people, host]
    fresh = [p for p in people if p.fresh(now)]
    fresh.sort(key=lambda p: (not (p.host and p.uid == uid), p.joined_at, p.member))
    host_seen = None
    if host is not None and not host.fresh(now) and host.heartbeat <= now:
        host_seen = host.heartbeat
    return Listing(room, uid, fresh, host_seen)


def is_over(listing: Listing, now: float) -> bool:
    room = listing.room
    if room.ended_at is not None:
        return True
    return room_elapsed(room, now, listing.host_seen) >= room_total(room)


def describe(listing: Listing, now: float) -> str:
    """A room in one plain line: title and practice, length, start, host, how many sitting."""
    from datetime import datetime

    room = listing.room
    minutes = max(1, round(room.seconds / 60))
    what = room.practice_title
    if room.title != what:
        what = f"{room.title} ({what})"
    start = datetime.fromtimestamp(room.starts_at).strftime("%H:%M")
    if room.starts_at > now:
        wait = max(1, round((room.starts_at - now) / 60))
        when = f"starts {start} (in {wait} min)"
    else:
        when = f"started {start}"
    paused = " · paused" if listing.view().paused else ""
    return (f"{what} · {minutes} min · {when} · hosted by {listing.host()} · "
            f"{listing.count} sitting{paused}")  # fmt: skip


def _shown(name: str) -> str:
    from mbsr_tui.core.safe_text import visible

    return visible(name[:80])


def open_listed(folder: Path, room_id: str, *, now: float | None = None) -> Listing:
    """The room `room_id`, read whole by its name, with who is there (to join it).

    RoomError says why it cannot be joined (gone, unusable, over)."""
    now = time.time() if now is None else now
    if not ROOM_ID.fullmatch(room_id):
        raise RoomError("not a room's id")
    try:
        found = files.read_file(folder, room_id + ROOM_SUFFIX)
    except files.Missing:
        raise RoomError("there is no such room") from None
    except files.Unreadable as err:
        raise RoomError(str(err)) from None
    room = decode(found.data, now=now, file_id=room_id)
    people = presences_in(folder, {room_id}).get(room_id, [])
    listing = listing_of(room, found.uid, people, host_presence(folder, room, found.uid), now)
    if is_over(listing, now):
        raise RoomError("that sitting is over")
    if not listing.count:
        raise RoomError("nobody is in it any more")
    return listing


def find(
    folder: Path, wanted: str | None, *, now: float | None = None
) -> tuple[Listing | None, str]:
    """The room to join: `wanted` by id (or the start of one), else the only open room.

    A room named in full is opened by its name, whatever else the folder holds."""
    now = time.time() if now is None else now
    if wanted and ROOM_ID.fullmatch(wanted):
        try:
            return open_listed(folder, wanted, now=now), ""
        except RoomError as err:
            if str(err) != "there is no such room":
                return None, f"the group sitting '{_shown(wanted)}' cannot be joined: {err}"
    looked = look(folder, now=now)
    rooms = looked.rooms
    if wanted:
        matches = [r for r in rooms if r.room.id.startswith(wanted)]
        if not matches:
            return None, f"no open group sitting called '{_shown(wanted)}' in {folder}"
        if len(matches) > 1:
            return None, f"'{_shown(wanted)}' could be any of: " + ", ".join(
                r.room.id for r in matches
            )
        rooms = matches
    if not rooms:
        return (
            None,
            f"no group sitting is open in {folder}; start one with: mbsr-tui group start ID",
        )
    if len(rooms) > 1:
        return None, "several group sittings are open; name one: " + ", ".join(
            r.room.id for r in rooms
        )
    try:
        return open_listed(folder, rooms[0].room.id, now=now), ""
    except RoomError as err:
        return None, f"the group sitting '{rooms[0].room.id}' cannot be joined: {err}"
