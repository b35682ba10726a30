"""Hosting and sitting in a room: one person's files in the folder, written safely.

A `Seat` is one person's place in one room: their presence file (renewed by
`heartbeat`), and for the host the room file too (`pause`, `resume`, `end`); `read`
looks at the room as it is now (by its files' names: `listing`). Reading the folder
for a list is `listing.look`.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import threading
import time
from dataclasses import replace
from pathlib import Path

from mbsr_tui.core.group import folder as files
from mbsr_tui.core.group import people
from mbsr_tui.core.group import presence as here
from mbsr_tui.core.group.listing import (
    Listing,
    head_bytes,
    host_presence,
    is_over,
    is_room_name,
    listing_of,
    presences_in,
    read_presence,
)
from mbsr_tui.core.group.room import (
    ROOM_BYTES,
    ROOM_SUFFIX,
    Room,
    RoomError,
    decode,
    decode_head,
    encode,
)
from mbsr_tui.core.group.shared import (
    ended_room,
    paused_room,
    resumed_room,
    room_elapsed,
    room_total,
    unbelievable,
)
from mbsr_tui.core.session import Session

START_LEAD = 2.0  # "start now": everyone's first moment a breath away, so all can be ready
OWN_FILES = 256  # this person's own files looked at when clearing what a crash left


def room_id_for(session: Session) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", session.id.lower()).strip("-")[:36] or "room"
    return f"{stem}-{secrets.token_hex(2)}"


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
        # The room file's owner when this person came (-1: learnt at the first read): a
        # file of that name from anyone else is not this room.
        self.uid = os.geteuid() if host else (-1 if uid is None else uid)
        now = time.time() if now is None else now
        self.me = here.Presence(room.id, member or secrets.token_hex(8), now, now, name, host,
                                os.geteuid())  # fmt: skip
        self.file = here.file_name(room.id, self.me.member)
        self.left = False
        self._lock = threading.Lock()
        # The room as last believed, and when (wall clock): what a new read must follow.
        self._known = (room, now)
        self._last_read: tuple[files.Identity, Room] | None = None
        # Who is there (issue 22): the host counts and publishes; a guest reads that.
        self._publisher = people.Publisher(folder, room.id) if host else None
        self._summary = None if host else people.Summary(folder, room.id)
        self._said: list[here.Presence] | None = None  # the summary last made into a list
        self._people: list[here.Presence] = []  # the last list handed out
        self._counted: list[here.Presence] = []  # a guest's own count, when it must count
        self._people_at: int | None = None  # the folder's mtime when people were counted
        self._people_next = 0.0  # (monotonic) not before then: a flooded folder costs more
        self._host_seen: tuple[files.Identity, here.Presence | None] | None = None
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

    def leave(self, now: float | None = None) -> bool:
        """Gone from the room: our presence goes at once; a host's pause ends first (the
        others carry on). A host's room file and summary go too once the room is past
        its planned end; before that they stay a moment, for the others to read the
        host's last word (the end, or the pause ended): the caller then calls `withdraw`
        (issue 20: whoever ends or abandons a room removes what they wrote).

        True when a host's room file is left for `withdraw`."""
        now = time.time() if now is None else now
        keep_presence = False
        later = False
        if self.host:
            try:
                if self.room.paused_since is not None:
                    self.resume(now)
            except OSError:
                # The pause could not be ended: the presence stays, to go stale, which
                # is how the others learn that the host has gone (a missing one is not).
                keep_presence = True
            if room_elapsed(self.room, now) >= room_total(self.room):
                self.withdraw()
            else:
                later = not keep_presence
        with self._lock:
            self.left = True
            if not keep_presence:
                files.remove_own(self.folder, self.file)
        return later

    def withdraw(self) -> None:
        """A host's room file and summary out of the folder (ours only; never raises)."""
        if not self.host:
            return
        files.remove_own(self.folder, people.file_name(self.room.id))
        files.remove_own(self.folder, self.room.id + ROOM_SUFFIX)

    def read(self, now: float | None = None) -> Listing | None:
        """The room as it is now; None when its file has gone or is another room.

        Raises `files.Unreadable` when it cannot be read just now (the caller carries
        on with what it knew). A change the host could not have made (pauses that went
        back, or grew faster than time) is not believed: the listing keeps the room as
        it was, and says why in `problem`.
        """
        now = time.time() if now is None else now
        room, uid = self._read_room(now)
        if room is None:
            return None
        if self.uid < 0:
            self.uid = uid
        if uid != self.uid:
            return None  # the host's file went and someone else's took its name
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
        host = self._host_presence(room, uid)
        if self.host:
            listing = self._hosts_listing(room, uid, host, now)
        else:
            listing = self._guests_listing(room, uid, host, now)
        listing.problem = problem
        return listing

    def _hosts_listing(self, room: Room, uid: int, host: here.Presence | None,
                       now: float) -> Listing:  # fmt: skip
        """The host counts (at most twice a second, each changed file read) and publishes
        who is there for the guests, whenever that changes."""
        publisher = self._publisher
        assert publisher is not None
        if publisher.due():
            fresh = listing_of(room, uid, publisher.look(), host, now).people
            with self._lock:
                if not self.left:
                    with contextlib.suppress(OSError):  # the guests count for themselves
                        publisher.publish(fresh)
            self._people = fresh
        return Listing(room, uid, self._people or [self.me])

    def _guests_listing(self, room: Room, uid: int, host: here.Presence | None,
                        now: float) -> Listing:  # fmt: skip
        """While the host is there, who the host says is there (one file looked at); else
        a count of our own, as before the summary (a host gone quiet, an older host)."""
        summary = self._summary
        assert summary is not None
        said = summary.people(uid) if host is not None and host.fresh(now) else None
        if said is None:
            return listing_of(room, uid, self._count_people(), host, now)
        if said is not self._said:  # only when the host has written again
            self._said = said
            counted = any(p.member == self.me.member for p in said)
            self._people = said if counted else [*said, self.me]  # just come: not yet counted
        return Listing(room, uid, self._people)

    def _host_presence(self, room: Room, uid: int) -> here.Presence | None:
        """The host's presence, read again only when its file has changed."""
        if not room.host_member:
            return None
        try:
            info = os.lstat(self.folder / here.file_name(room.id, room.host_member))
        except OSError:
            return None
        seen = self._host_seen
        if seen is not None and seen[0] == files.identity(info):
            person = seen[1]
        else:
            person = host_presence(self.folder, room, uid)
            self._host_seen = (files.identity(info), person)
        return person if person is not None and person.uid == uid else None

    def _read_room(self, now: float) -> tuple[Room | None, int]:
        """The room file, read and checked only when its identity has changed (a sitting
        looks a few times a second; the host rewrites it only to pause or end)."""
        name = self.room.id + ROOM_SUFFIX
        try:
            info = os.lstat(self.folder / name)
        except FileNotFoundError:
            return None, -1
        except OSError as err:
            raise files.Unreadable(err.strerror or "cannot be read") from None
        last = self._last_read
        if last is not None and last[0] == files.identity(info) and stat.S_ISREG(info.st_mode):
            return last[1], info.st_uid  # unchanged since the last look (the usual case)
        try:
            found = files.read_file(self.folder, name)
        except files.Missing:
            return None, -1
        try:
            room = decode(found.data, now=now, file_id=self.room.id)
        except RoomError as err:
            raise files.Unreadable(str(err)) from None
        self._last_read = (found.ident, room)
        return room, found.uid

    def _count_people(self) -> list[here.Presence]:
        """Everyone's presence in this room, looked for again only when the folder's
        names have changed (every heartbeat renames a file); a stale one is told by its
        time, which `listing_of` asks afresh."""
        changed = files.changed_at(self.folder)
        due = time.monotonic() >= self._people_next
        if due and (changed is None or changed != self._people_at):
            began = time.monotonic()
            self._counted = presences_in(self.folder, {self.room.id}).get(self.room.id, [])
            self._people_at = changed
            # A folder full of others' names makes a look cost more: look less often then
            # (7 ms for 10,000 names: every 0.7 s), never less than every 2 s.
            # A folder full of others' names makes a look cost more: look less often then
            # (7 ms for 10,000 names: every 0.7 s), never less than every 2 s.
            self._people_next = began + min(2.0, (time.monotonic() - began) * 100)
        return self._counted


def clean_own_leftovers(folder: Path, now: float | None = None) -> None:
    """Remove this person's rooms and presences that are over (a crash leaves them)."""
    now = time.time() if now is None else now
    mine = os.geteuid()

    def room_or_presence(name: str) -> str | None:
        if is_room_name(name) is not None:
            return "room"
        if people.room_of_summary(name) is not None:
            return "people"
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
            room = decode_head(head_bytes(folder, entry), now=now, file_id=room_id)
        except (files.Unreadable, RoomError):
            continue
        known.add(room_id)
        listing = listing_of(room, mine, [], host_presence(folder, room, mine), now)
        if is_over(listing, now):
            files.remove_own(folder, entry.name)
            over.add(room_id)
    for entry in own:
        if entry.key == "people":  # a summary outlives its room only by a crash
            room_id = people.room_of_summary(entry.name)
            if room_id in over or room_id not in known:
                files.remove_own(folder, entry.name)
        if entry.key != "here":
            continue
        room_id = here.parse_name(entry.name)[0]
        try:
            person = read_presence(folder, entry.name)
        except files.Unreadable:
            continue
        stale = person is None or person.heartbeat < now - here.STALE_SECONDS
        # A presence in a room that is over goes; in a room not (yet) seen, only once stale:
        # another of our own terminals may be opening that room right now.
        if room_id in over or (stale and room_id not in known) or (stale and person is None):
            files.remove_own(folder, entry.name)
