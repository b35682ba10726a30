"""The shared timeline: one start time and the host's pauses give everyone the same moment.

Each participant's player asks the same `Timeline.state_at` / `events_between` as any
practice; only its clock differs: elapsed = wall-clock now - the room's start - the
host's pauses. The wall clock (`time.time()`) is what every process on a host shares
(as is the monotonic clock on Linux, but only the wall clock can say "starts at 18:30"
and mean it in every user's process); if it is stepped, everyone's moment moves
together, and the timeline never rings a bell twice when time goes back.

The host's pause freezes everyone's moment; a host who vanishes while paused (no
heartbeat for STALE_SECONDS) is taken to have resumed when last seen plus that grace, a
moment every participant computes alike from the same file, so the sitting carries on
to its end for the others.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from mbsr_tui.core.group.presence import STALE_SECONDS
from mbsr_tui.core.practice import PracticeLife

if TYPE_CHECKING:
    from mbsr_tui.core.group.room import Room
    from mbsr_tui.core.journal.entry import Entry
    from mbsr_tui.core.practice import Outcome
    from mbsr_tui.core.timeline import SessionState, Timeline

# A person who joins this close after the start (a slow terminal) counts as there from it:
# the bells of these first moments ring for them, a little late, rather than never.
JOIN_GRACE = 1.0
# A host's write and a reader's look are a moment apart (and their wall clocks may be):
# what a published pause may seem to differ by from the time that passed.
MOMENT_SLACK = 2.0
GROUP_TAG = "group sitting"


def room_elapsed(room: Room, wall: float, host_seen: float | None = None) -> float:
    """Seconds into the room's timeline at wall-clock `wall` (negative before its start).

    `host_seen`: the host's last heartbeat, if the host has gone quiet (None while the
    host is there). Only a pause depends on it: a pause ends when the host is gone.
    """
    paused = room.paused_seconds
    moment = wall
    if room.ended_at is not None:
        moment = min(moment, room.ended_at)
    if room.paused_since is not None:
        resumed = None if host_seen is None else max(room.paused_since, host_seen + STALE_SECONDS)
        if resumed is None or moment < resumed:
            moment = min(moment, room.paused_since)
        else:
            paused += resumed - room.paused_since
    return moment - room.starts_at - paused


def room_total(room: Room) -> float:
    """The timeline's total, getting ready included (a header's, for a list)."""
    return room.total


def paused_total(room: Room, wall: float) -> float:
    """The host's pauses as published, counted up to wall-clock `wall`."""
    ongoing = 0.0
    if room.paused_since is not None:
        ongoing = max(0.0, (room.ended_at or wall) - room.paused_since)
    return room.paused_seconds + ongoing


def unbelievable(known: Room, seen_at: float, new: Room, now: float) -> str:
    """Why `new`, read at `now`, cannot follow `known`, read at `seen_at` ("" if it can).

    The host's pauses only ever grow, and never by more than the time that passed; an
    end, once published, stays where it was. A room that says otherwise would move
    everyone back (or on) through a practice they are sitting, so it is not believed.
    """
    passed = max(0.0, now - seen_at)
    before, after = paused_total(known, seen_at), paused_total(new, now)
    if after < before - MOMENT_SLACK:
        return "its pauses went back"
    if after > before + passed + MOMENT_SLACK:
        return "its pauses grew by more than the time that passed"
    if known.ended_at is not None and new.ended_at != known.ended_at:
        return "its end moved"
    if (
        known.ended_at is None
        and new.ended_at is not None
        and new.ended_at < seen_at - MOMENT_SLACK
    ):
        return "it says it ended before it was last seen going on"
    return ""


def paused_room(room: Room, wall: float) -> Room:
    """The room with the host's pause begun at `wall`."""
    if room.paused_since is not None or room.ended_at is not None:
        return room
    return replace(room, paused_since=max(wall, room.starts_at))


def resumed_room(room: Room, wall: float) -> Room:
    if room.paused_since is None:
        return room
    return replace(room, paused_seconds=room.paused_seconds + max(0.0, wall - room.paused_since),
                   paused_since=None)  # fmt: skip


def ended_room(room: Room, wall: float) -> Room:
    if room.ended_at is not None:
        return room
    return replace(room, ended_at=max(wall, room.opened_at))


@dataclass
class RoomView:
    """What a participant knows of the room right now (updated as files are read)."""

    room: Room
    host_seen: float | None = None  # set when the host has gone quiet
    gone: bool = False  # the room file itself has gone

    def elapsed(self, wall: float) -> float:
        return room_elapsed(self.room, wall, self.host_seen)

    @property
    def paused(self) -> bool:
        return self.room.paused and self.host_seen is None


class SharedClock:
    """A player's clock for a group sitting: the room's moment, not one of its own.

    It answers what the player asks of `SessionClock`. Only the host's toggle pauses
    (`toggle` is handed in: the host's writes the room, a participant's says no); the
    player pauses the clock when this person's practice ends, which freezes their view
    only. Nobody skips: the others would not be there.

    The moment never goes back (whatever a room file says later), and what this person
    practised is counted on their own monotonic clock: the room's moment moving on counts
    only as fast as their own time passed, so no room file can add to it or take it away.
    """

    def __init__(self, view: Callable[[], RoomView], wall: Callable[[], float] = time.time,
                 toggle: Callable[[], None] | None = None,
                 on_stop: Callable[[float], None] | None = None,
                 mono: Callable[[], float] = time.monotonic,
                 counts_from: float = 0.0) -> None:  # fmt: skip
        self._view = view
        self._wall = wall
        self._toggle = toggle
        self._on_stop = on_stop
        self._mono = mono
        self._stopped: float | None = None
        first = self._view().elapsed(self._wall())
        # When this person joined, on the room's timeline (0: from the start).
        self.joined = first if first > JOIN_GRACE else 0.0
        self._at = first  # the moment last given: never less from here on
        self._mono_at = mono()
        self._counts_from = counts_from  # the practice proper (after getting ready)
        self._ran = max(0.0, first - self.joined)  # own seconds the room moved on
        self._counted = max(0.0, first - max(self.joined, counts_from))  # ... past counts_from

    @property
    def paused(self) -> bool:
        return self._stopped is not None or self._view().paused

    def elapsed(self) -> float:
        if self._stopped is not None:
            return self._stopped
        target = self._view().elapsed(self._wall())
        now = self._mono()
        spent = max(0.0, now - self._mono_at)
        self._mono_at = now
        if target > self._at:
            # Only the room's own time counts: a clock made during the countdown waits.
            gained = target - max(self._at, self.joined)
            if gained > 0:
                self._ran += min(gained, spent)
            beyond = target - max(self._at, self._counts_from)
            if beyond > 0:
                self._counted += min(beyond, spent)
            self._at = target
        return self._at

    def practised(self) -> float:
        self.elapsed()
        return self._ran

    def practised_since(self, mark: float) -> float:
        """Seconds this person was there since the room's timeline reached `mark`, on
        their own clock (the host's pauses are not in the room's timeline: left out)."""
        at = self.elapsed()
        if mark == self._counts_from:
            return self._counted
        return min(self._ran, max(0.0, at - max(mark, self.joined)))

    def pause(self) -> None:
        """This person's practice has ended: their view stops here."""
        if self._stopped is None:
            self._stopped = self.elapsed()
            if self._on_stop is not None:
                self._on_stop(self._stopped)

    def resume(self) -> None:
        self._stopped = None

    def toggle(self) -> bool:
        if self._toggle is not None and self._stopped is None:
            self._toggle()
        return self.paused

    def skip_to(self, elapsed: float) -> None:
        """Nobody skips ahead in a group sitting."""


def state_before_start(timeline: Timeline, elapsed: float) -> SessionState:
    """What a player shows at a room's moment `elapsed`; before the start (negative, the
    player uncovered during the countdown) the practice's getting ready, counting down
    to the start bell, whether or not the practice has a getting ready of its own."""
    state = timeline.state_at(elapsed)
    if elapsed >= 0:
        return state
    return replace(state, preparing=True, prepare_left=state.prepare_left - elapsed,
                   breath=None)  # fmt: skip


def planned_from(joined: float, prepare: float, length: float) -> float:
    """What was left of the practice when a person joined at `joined` on the timeline."""
    return max(0.0, length - max(0.0, joined - prepare))


@dataclass
class GroupPracticeLife(PracticeLife):
    """A practice in a group sitting: planned is what remained when this person joined,
    and the journal's title says it was a group sitting (history and exports show it)."""

    planned_seconds: float | None = None

    def end(self, outcome: Outcome, at=None) -> None:
        if self.planned_seconds is not None:
            outcome = replace(outcome, planned_seconds=min(outcome.planned_seconds,
                                                           self.planned_seconds))  # fmt: skip
        super().end(outcome, at)

    def entry(self) -> Entry:
        entry = super().entry()
        return replace(entry, title=tagged(entry.title))


def tagged(title: str) -> str:
    return title if title.endswith(f" · {GROUP_TAG}") else f"{title} · {GROUP_TAG}"
