"""Hosting, joining and listing rooms: the folder's files read and written safely.

A `Seat` is one person's place in one room: their presence file (renewed by
`heartbeat`), and for the host the room file too (`pause`, `resume`, `end`). `look`
reads the folder (bounded, every file hostile) into `Listing`s: the rooms that are open
or coming, with who is there; a file that is not a usable room is skipped and told.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from mbsr_tui.core.group import folder as files
from mbsr_tui.core.group import presence as here
from mbsr_tui.core.group.room import ROOM_SUFFIX, Room, RoomError, decode, encode
from mbsr_tui.core.group.shared import (
    RoomView,
    ended_room,
    paused_room,
    resumed_room,
    room_elapsed,
    room_total,
)
from mbsr_tui.core.session import Session

START_LEAD = 2.0  # "start now": everyone's first moment a breath away, so all can be ready
MAX_PER_ROOM = 500  # presences counted in one room (a flood is not a crowd)
_ROOM_FILE = re.compile(rf"(.+){re.escape(ROOM_SUFFIX)}")


@dataclass
class Listing:
    """A room as the list shows it: the room, who is there, and whether it is over."""

    room: Room
    uid: int  # the room file's owner: the host
    people: list[here.Presence] = field(default_factory=list)
    host_seen: float | None = None  # the host's last heartbeat, if the host has gone quiet

    @property
    def count(self) -> int:
        return len(self.people)

    def names(self) -> list[str]:
        return [p.name for p in self.people if p.name]

    def view(self) -> RoomView:
        return RoomView(self.room, self.host_seen)


@dataclass
class Look:
    rooms: list[Listing]
    problems: list[str]


def room_id_for(session: Session) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", session.id.lower()).strip("-")[:36] or "room"
    return f"{stem}-{secrets.token_hex(2)}"


def look(folder: Path, *, now: float | None = None, include_over: bool = False) -> Look:
    """Every usable room in `folder`, soonest first; over or empty rooms left out."""
    now = time.time() if now is None else now
    names = files.list_names(folder)
    presences: dict[str, list[here.Presence]] = {}
    problems: list[str] = []
    for name in names:
        parsed = here.parse_name(name)
        if parsed is None:
            continue
        room_id, member = parsed
        if len(presences.get(room_id, ())) >= MAX_PER_ROOM:
            continue
        try:
            found = files.read_file(folder, name, here.MAX_PRESENCE_BYTES)
        except files.Unreadable:
            continue
        person = here.decode(found.data, room_id=room_id, member=member, uid=found.uid)
        if person is not None:
            presences.setdefault(room_id, []).append(person)
    rooms: list[Listing] = []
    for name in names:
        match = _ROOM_FILE.fullmatch(name)
        if match is None:
            continue
        try:
            found = files.read_file(folder, name)
            room = decode(found.data, now=now, file_id=match.group(1))
        except (files.Unreadable, RoomError) as err:
            problems.append(f"{_shown(name)}: {err}")
            continue
        listing = _listing(room, found.uid, presences.get(room.id, []), now)
        if include_over or (listing.count and not _over(listing, now)):
            rooms.append(listing)
    rooms.sort(key=lambda r: (r.room.starts_at, r.room.id))
    return Look(rooms, problems)


def _listing(room: Room, uid: int, people: list[here.Presence], now: float) -> Listing:
    fresh = [p for p in people if p.fresh(now)]
    fresh.sort(key=lambda p: (not (p.host and p.uid == uid), p.joined_at, p.member))
    hosts = [p for p in people if p.host and p.uid == uid]
    there = any(p.fresh(now) for p in hosts)
    last = max((p.heartbeat for p in hosts if p.heartbeat <= now + here.STALE_SECONDS),
               default=room.paused_since or room.opened_at)  # fmt: skip
    return Listing(room, uid, fresh, None if there else min(last, now))


def _over(listing: Listing, now: float) -> bool:
    room = listing.room
    if room.ended_at is not None:
        return True
    return room_elapsed(room, now, listing.host_seen) >= room_total(room)


def describe(listing: Listing, now: float) -> str:
    """A room in one plain line: title and practice, length, start, how many sitting."""
    from datetime import datetime

    room = listing.room
    minutes = max(1, round(room.seconds / 60))
    what = room.session.title
    if room.title != what:
        what = f"{room.title} ({what})"
    start = datetime.fromtimestamp(room.starts_at).strftime("%H:%M")
    if room.starts_at > now:
        wait = max(1, round((room.starts_at - now) / 60))
        when = f"starts {start} (in {wait} min)"
    else:
        when = f"started {start}"
    paused = " · paused" if listing.view().paused else ""
    return f"{what} · {minutes} min · {when} · {listing.count} sitting{paused}"


def _shown(name: str) -> str:
    from mbsr_tui.core.safe_text import visible

    return visible(name[:80])


def find(
    folder: Path, wanted: str | None, *, now: float | None = None
) -> tuple[Listing | None, str]:
    """The room to join: `wanted` by id (or the start of one), else the only open room."""
    looked = look(folder, now=now)
    rooms = looked.rooms
    if wanted:
        exact = [r for r in rooms if r.room.id == wanted]
        matches = exact or [r for r in rooms if r.room.id.startswith(wanted)]
        if len(matches) == 1:
            return matches[0], ""
        if not matches:
            return None, f"no open group sitting called '{_shown(wanted)}' in {folder}"
        return None, f"'{_shown(wanted)}' could be any of: " + ", ".join(r.room.id for r in matches)
    if not rooms:
        return (
            None,
            f"no group sitting is open in {folder}; start one with: mbsr-tui group start ID",
        )
    if len(rooms) > 1:
        return None, "several group sittings are open; name one: " + ", ".join(
            r.room.id for r in rooms
        )
    return rooms[0], ""


def shareable(session: Session, seconds: float) -> str:
    """Why `session` cannot be carried in a room ("" when it can)."""
    now = time.time()
    room = Room("check-0000", session.title, session, float(seconds), now, now + START_LEAD)
    try:
        decode(encode(room), now=now)
    except RoomError as err:
        return str(err)
    return ""


# -- one person's place in a room ----------------------------------------------------------


class Seat:
    """This person's files in one room: the presence, and for the host the room."""

    def __init__(self, folder: Path, room: Room, *, host: bool, name: str = "",
                 now: float | None = None) -> None:  # fmt: skip
        self.folder = folder
        self.room = room
        self.host = host
        now = time.time() if now is None else now
        self.me = here.Presence(room.id, secrets.token_hex(8), now, now, name, host,
                                os.geteuid())  # fmt: skip
        self.file = here.file_name(room.id, self.me.member)
        files.create_file(folder, self.file, here.encode(self.me))

    @classmethod
    def open_room(cls, folder: Path, session: Session, seconds: float, *,
                  starts_at: float | None = None, title: str = "", name: str = "",
                  now: float | None = None) -> Seat:  # fmt: skip
        """Host a new room: the room file, then the host's presence."""
        from mbsr_tui.core.group.room import plain_title, shared_name

        now = time.time() if now is None else now
        start = now + START_LEAD if starts_at is None else starts_at
        shown = shared_name(name)
        for _ in range(8):
            room = Room(room_id_for(session), plain_title(title) or session.title, session,
                        float(seconds), now, start, host_name=shown)  # fmt: skip
            data = encode(room)
            # The host plays the practice exactly as everyone else reads it from the file
            # (a RoomError here: this practice cannot be shared, said before any file).
            room = replace(room, session=decode(data, now=now, file_id=room.id).session)
            try:
                files.create_file(folder, room.id + ROOM_SUFFIX, data)
            except FileExistsError:
                continue
            return cls(folder, room, host=True, name=shown, now=now)
        raise FileExistsError("no free room name")

    def heartbeat(self, now: float | None = None) -> None:
        self.me = replace(self.me, heartbeat=time.time() if now is None else now)
        files.replace_file(self.folder, self.file, here.encode(self.me))

    def _publish(self, room: Room) -> None:
        if not self.host:
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
                pass
        files.remove_own(self.folder, self.file)

    def read(self, now: float | None = None) -> Listing | None:
        """The room as it is now (None: its file is gone or no longer usable)."""
        now = time.time() if now is None else now
        name = self.room.id + ROOM_SUFFIX
        try:
            found = files.read_file(self.folder, name)
            last = getattr(self, "_last_read", None)
            if last is not None and last[0] == found.data:
                room = last[1]  # unchanged since the last look (the usual case): not parsed
            else:
                room = decode(found.data, now=now, file_id=self.room.id)
                self._last_read = (found.data, room)
        except (files.Unreadable, RoomError):
            return None
        people: list[here.Presence] = []
        prefix = f"{self.room.id}~"
        for entry in files.list_names(self.folder):
            parsed = here.parse_name(entry) if entry.startswith(prefix) else None
            if parsed is None or len(people) >= MAX_PER_ROOM:
                continue
            try:
                got = files.read_file(self.folder, entry, here.MAX_PRESENCE_BYTES)
            except files.Unreadable:
                continue
            person = here.decode(got.data, room_id=parsed[0], member=parsed[1], uid=got.uid)
            if person is not None:
                people.append(person)
        if room.session != self.room.session or room.starts_at != self.room.starts_at:
            return None  # the practice cannot change under a sitting: not the same room
        return _listing(room, found.uid, people, now)


def clean_own_leftovers(folder: Path, now: float | None = None) -> None:
    """Remove this person's rooms and presences that are over (a crash leaves them)."""
    now = time.time() if now is None else now
    looked = look(folder, now=now, include_over=True)
    mine = os.geteuid()
    known = {listing.room.id for listing in looked.rooms}
    over = set()
    for listing in looked.rooms:
        if listing.uid == mine and _over(listing, now):
            files.remove_own(folder, listing.room.id + ROOM_SUFFIX)
            over.add(listing.room.id)
    for name in files.list_names(folder):
        parsed = here.parse_name(name)
        if parsed is None:
            continue
        try:
            found = files.read_file(folder, name, here.MAX_PRESENCE_BYTES)
        except files.Unreadable:
            continue
        if found.uid != mine:
            continue
        person = here.decode(found.data, room_id=parsed[0], member=parsed[1], uid=found.uid)
        stale = person is None or person.heartbeat < now - here.STALE_SECONDS
        # A presence in a room that is over goes; in a room not (yet) seen, only once stale:
        # another of our own terminals may be opening that room right now.
        if parsed[0] in over or (stale and parsed[0] not in known) or (stale and person is None):
            files.remove_own(folder, name)
