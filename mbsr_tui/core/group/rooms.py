"""Hosting, joining and listing rooms: the folder's files read and written safely.

A `Seat` is one person's place in one room: their presence file (renewed by
`heartbeat`), and for the host the room file too (`pause`, `resume`, `end`). `look`
reads the folder into `Listing`s: the rooms that are open or coming, with who is there;
a file that is not a usable room is skipped and told.

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

import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path

from mbsr_tui.core.group import folder as files
from mbsr_tui.core.group import presence as here
from mbsr_tui.core.group.accounts import who
from mbsr_tui.core.group.room import (
    HEAD_BYTES,
    ROOM_BYTES,
    ROOM_ID,
    ROOM_SUFFIX,
    Room,
    RoomError,
    decode,
    decode_head,
    encode,
)
from mbsr_tui.core.group.shared import (
    RoomView,
    ended_room,
    paused_room,
    resumed_room,
    room_elapsed,
    room_total,
    unbelievable,
)
from mbsr_tui.core.session import Session

START_LEAD = 2.0  # "start now": everyone's first moment a breath away, so all can be ready
MAX_PER_ROOM = 500  # presences counted in one room (a flood is not a crowd)
ROOMS_PER_ACCOUNT = 8  # one account's rooms in a list, newest first (a host has one or two)
PRESENCES_PER_ACCOUNT = 4  # one account's presences counted in a room (a few terminals)
OWN_FILES = 256  # this person's own files looked at when clearing what a crash left


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
        """ "Anna (anna)": the name the host chose, beside the account that owns the room."""
        return who(self.room.host_name, self.uid)

    def view(self) -> RoomView:
        return RoomView(self.room, self.host_seen)


@dataclass
class Look:
    rooms: list[Listing]
    problems: list[str]
    complete: bool = True  # False: too many names to look through in time


def room_id_for(session: Session) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", session.id.lower()).strip("-")[:36] or "room"
    return f"{stem}-{secrets.token_hex(2)}"


def _room_name(name: str) -> str | None:
    if not name.endswith(ROOM_SUFFIX):
        return None
    return "room" if ROOM_ID.fullmatch(name[: -len(ROOM_SUFFIX)]) else None


# A room's header by (folder, name, owner) and file identity: a list is looked at again
# every few seconds, and a room's file changes only when its host pauses or ends.
_HEADS: OrderedDict[tuple[str, str, int], tuple[files.Identity, bytes | str]] = OrderedDict()
_HEADS_KEPT = 1024
_HEADS_LOCK = threading.Lock()


def _head_bytes(folder: Path, entry: files.Entry) -> bytes:
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
    scanned = files.scan(folder, _room_name, per_owner=ROOMS_PER_ACCOUNT)
    heads: list[tuple[Room, int]] = []
    for entry in scanned.entries:
        try:
            room = decode_head(_head_bytes(folder, entry), now=now,
                               file_id=entry.name[: -len(ROOM_SUFFIX)])  # fmt: skip
        except (files.Unreadable, RoomError) as err:
            problems.append(f"{_shown(entry.name)}: {err}")
            continue
        heads.append((room, entry.uid))
    people = _presences(folder, {room.id for room, _ in heads})
    rooms: list[Listing] = []
    for room, uid in heads:
        listing = _listing(room, uid, people.get(room.id, []), _host_presence(folder, room, uid),
                           now)  # fmt: skip
        if include_over or (listing.count and not _over(listing, now)):
            rooms.append(listing)
    rooms.sort(key=lambda r: (r.room.starts_at, r.room.id))
    complete = scanned.complete
    return Look(rooms, problems, complete)


def _presences(folder: Path, room_ids: set[str]) -> dict[str, list[here.Presence]]:
    """The presences of these rooms: each account's newest few in each room."""

    def room_of(name: str) -> str | None:
        parsed = here.parse_name(name) if name.endswith(here.SUFFIX) else None
        return parsed[0] if parsed is not None and parsed[0] in room_ids else None

    found: dict[str, list[here.Presence]] = {}
    if not room_ids:
        return found
    for entry in files.scan(folder, room_of, per_owner=PRESENCES_PER_ACCOUNT).entries:
        try:
            person = _read_presence(folder, entry.name)
        except files.Unreadable:
            continue
        if person is not None and len(found.get(person.room, ())) < MAX_PER_ROOM:
            found.setdefault(person.room, []).append(person)
    return found


def _read_presence(folder: Path, name: str) -> here.Presence | None:
    parsed = here.parse_name(name)
    if parsed is None:
        return None
    found = files.read_file(folder, name, here.MAX_PRESENCE_BYTES)
    return here.decode(found.data, room_id=parsed[0], member=parsed[1], uid=found.uid)


def _host_presence(folder: Path, room: Room, uid: int) -> here.Presence | None:
    """The host's presence, opened by its name: None when missing, unreadable, not the
    host's own, or not a presence (none of which says the host has gone)."""
    if not room.host_member:
        return None
    try:
        person = _read_presence(folder, here.file_name(room.id, room.host_member))
    except files.Unreadable:
        return None
    if person is None or person.uid != uid or not person.host:
        return None
    return person


def _listing(room: Room, uid: int, people: list[here.Presence], host: here.Presence | None,
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


def _over(listing: Listing, now: float) -> bool:
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
    people = _presences(folder, {room_id}).get(room_id, [])
    listing = _listing(room, found.uid, people, _host_presence(folder, room, found.uid), now)
    if _over(listing, now):
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


def too_big(room: Room) -> str:
    """Why `room` is too big for others to read ("" when it is not)."""
    size = len(encode(room))
    if size <= ROOM_BYTES:
        return ""
    return (f"its room file would be {size // 1024} KB, more than the "
            f"{ROOM_BYTES // 1024} KB others can read")  # fmt: skip


def shareable(session: Session, seconds: float, *, title: str = "", name: str = "") -> str:
    """Why `session` cannot be carried in a room ("" when it can)."""
    from mbsr_tui.core.group.room import plain_title, shared_name

    now = time.time()
    room = Room("check-0000", plain_title(title) or session.title, session, float(seconds),
                now, now + START_LEAD, host_name=shared_name(name),
                host_member="0" * 16)  # fmt: skip
    big = too_big(room)
    if big:
        return big
    try:
        decode(encode(room), now=now)
    except RoomError as err:
        return str(err)
    return ""


# -- one person's place in a room ----------------------------------------------------------


class Seat:
    """This person's files in one room: the presence, and for the host the room.

    A heartbeat may be under way in the watching thread when the person leaves: leaving
    wins. Every write happens under one lock, after a look at `left`, so once `leave`
    has taken the lock no heartbeat (or host's write) can make a file again.
    """

    def __init__(self, folder: Path, room: Room, *, host: bool, name: str = "",
                 now: float | None = None, member: str | None = None,
                 uid: int | None = None) -> None:  # fmt: skip
        self.folder = folder
        self.room = room
        self.host = host
        self.uid = os.geteuid() if host or uid is None else uid  # the room's owner
        now = time.time() if now is None else now
        self.me = here.Presence(room.id, member or secrets.token_hex(8), now, now, name, host,
                                os.geteuid())  # fmt: skip
        self.file = here.file_name(room.id, self.me.member)
        self.left = False
        self._lock = threading.Lock()
        # The room as last believed, and when (wall clock): what a new read must follow.
        self._known = (room, now)
        self._last_read: tuple[files.Identity, Room] | None = None
        self._people: list[here.Presence] = []
        self._people_at: int | None = None  # the folder's mtime when people were counted
        if member is None:
            files.create_file(folder, self.file, here.encode(self.me))

    @classmethod
    def open_room(cls, folder: Path, session: Session, seconds: float, *,
                  starts_at: float | None = None, title: str = "", name: str = "",
                  now: float | None = None) -> Seat:  # fmt: skip
        """Host a new room: the host's presence, then the room that names it."""
        from mbsr_tui.core.group.room import plain_title, shared_name

        now = time.time() if now is None else now
        start = now + START_LEAD if starts_at is None else starts_at
        shown = shared_name(name)
        for _ in range(8):
            member = secrets.token_hex(8)
            room = Room(room_id_for(session), plain_title(title) or session.title, session,
                        float(seconds), now, start, host_name=shown,
                        host_member=member)  # fmt: skip
            big = too_big(room)
            if big:  # others could not read it: refused before any file is made
                raise RoomError(f"this practice is too long to share: {big}")
            data = encode(room)
            # The host plays the practice exactly as everyone else reads it from the file
            # (a RoomError here: this practice cannot be shared, said before any file).
            room = replace(room, session=decode(data, now=now, file_id=room.id).session)
            me = here.Presence(room.id, member, now, now, shown, True, os.geteuid())
            try:
                files.create_file(folder, here.file_name(room.id, member), here.encode(me))
            except FileExistsError:
                continue
            try:
                files.create_file(folder, room.id + ROOM_SUFFIX, data)
            except FileExistsError:
                files.remove_own(folder, here.file_name(room.id, member))
                continue
            except BaseException:
                files.remove_own(folder, here.file_name(room.id, member))
                raise
            return cls(folder, room, host=True, name=shown, now=now, member=member)
        raise FileExistsError("no free room name")

    def heartbeat(self, now: float | None = None) -> None:
        with self._lock:
            if self.left:
                return
            self.me = replace(self.me, heartbeat=time.time() if now is None else now)
            files.replace_file(self.folder, self.file, here.encode(self.me))

    def _publish(self, room: Room) -> None:
        if not self.host:
            return
        with self._lock:
            if self.left:
                return
            files.replace_file(self.folder, room.id + ROOM_SUFFIX, encode(room))
            self.room = room

    def pause(self, now: float | None = None) -> None:
        self._publish(paused_room(self.room, time.time() if now is None else now))

    def resume(self, now: float | None = None) -> None:
        self._publish(resumed_room(self.room, time.time() if now is None else now))

    def end(self, now: float | None = None) -> None:
        self._publish(ended_room(self.room, time.time() if now is None else now))

    def leave(self, now: float | None = None) -> None:
        """Gone from the room: a host's pause ends first (the others carry on); the room
        file goes only once past its planned end."""
        now = time.time() if now is None else now
        keep_presence = False
        if self.host:
            try:
                if self.room.paused_since is not None:
                    self.resume(now)
                # Past its planned end the room goes; one ended early stays (hidden from
                # lists) so that everyone still in it reads the end: the host's next
                # `group start` clears it away (clean_own_leftovers).
                if room_elapsed(self.room, now) >= room_total(self.room):
                    files.remove_own(self.folder, self.room.id + ROOM_SUFFIX)
            except OSError:
                # The pause could not be ended: the presence stays, to go stale, which
                # is how the others learn that the host has gone (a missing one is not).
                keep_presence = self.room.paused_since is not None
        with self._lock:
            self.left = True
            if not keep_presence:
                files.remove_own(self.folder, self.file)

    def read(self, now: float | None = None) -> Listing | None:
        """The room as it is now; None when its file has gone or is another room.

        Raises `files.Unreadable` when it cannot be read just now (the caller carries
        on with what it knew). A change the host could not have made (pauses that went
        back, or grew faster than time) is not believed: the listing keeps the room as
        it was, and says why in `problem`.
        """
        now = time.time() if now is None else now
        name = self.room.id + ROOM_SUFFIX
        try:
            found = files.read_file(self.folder, name)
        except files.Missing:
            return None
        last = self._last_read
        if last is not None and last[0] == found.ident:
            room = last[1]  # unchanged since the last look (the usual case): not parsed
        else:
            try:
                room = decode(found.data, now=now, file_id=self.room.id)
            except RoomError as err:
                raise files.Unreadable(str(err)) from None
            self._last_read = (found.ident, room)
        if room.session != self.room.session or room.starts_at != self.room.starts_at:
            return None  # the practice cannot change under a sitting: not the same room
        problem = ""
        known, seen_at = self._known
        if room != known:
            problem = "" if self.host else unbelievable(known, seen_at, room, now)
            if problem:
                room = known
            else:
                self._known = (room, now)
        else:
            self._known = (room, now)
        people = self._count_people()
        host = _host_presence(self.folder, room, found.uid)
        listing = _listing(room, found.uid, people, host, now)
        listing.problem = problem
        return listing

    def _count_people(self) -> list[here.Presence]:
        """Everyone's presence in this room, looked for again only when the folder's
        names have changed (every heartbeat renames a file); a stale one is told by its
        time, which `_listing` asks afresh."""
        changed = files.changed_at(self.folder)
        if changed is None or changed != self._people_at:
            self._people = _presences(self.folder, {self.room.id}).get(self.room.id, [])
            self._people_at = changed
        return self._people


def clean_own_leftovers(folder: Path, now: float | None = None) -> None:
    """Remove this person's rooms and presences that are over (a crash leaves them)."""
    now = time.time() if now is None else now
    mine = os.geteuid()

    def room_or_presence(name: str) -> str | None:
        if _room_name(name) is not None:
            return "room"
        return "here" if here.parse_name(name) is not None else None

    own = [e for e in files.scan(folder, room_or_presence, per_owner=OWN_FILES).entries
           if e.uid == mine]  # fmt: skip
    known: set[str] = set()
    over: set[str] = set()
    for entry in own:
        if entry.key != "room":
            continue
        room_id = entry.name[: -len(ROOM_SUFFIX)]
        try:
            room = decode_head(_head_bytes(folder, entry), now=now, file_id=room_id)
        except (files.Unreadable, RoomError):
            continue
        known.add(room_id)
        listing = _listing(room, mine, [], _host_presence(folder, room, mine), now)
        if _over(listing, now):
            files.remove_own(folder, entry.name)
            over.add(room_id)
    for entry in own:
        if entry.key != "here":
            continue
        room_id = here.parse_name(entry.name)[0]
        try:
            person = _read_presence(folder, entry.name)
        except files.Unreadable:
            continue
        stale = person is None or person.heartbeat < now - here.STALE_SECONDS
        # A presence in a room that is over goes; in a room not (yet) seen, only once stale:
        # another of our own terminals may be opening that room right now.
        if room_id in over or (stale and room_id not in known) or (stale and person is None):
            files.remove_own(folder, entry.name)
