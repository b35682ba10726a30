"""Sitting together in the app (issue 10): one person's part in a room, start to journal.

`begin_group` walks the way in (the practice's caution, the check-in, the room opened or
joined, the waiting screen while the start is ahead) and `GroupControl` keeps this
person's place while they sit: a thread renews their presence and reads the room a few
times a second (files only; never on the event loop) and hands what it read to the loop,
where the player's header, the host's pause and end are applied. The player runs on a
`SharedClock`: the room's moment, so every screen and bell agrees.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import threading
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from mbsr_tui.core.group import listing as reading
from mbsr_tui.core.group import rooms
from mbsr_tui.core.group.plan import GroupPlan
from mbsr_tui.core.group.presence import HEARTBEAT_SECONDS
from mbsr_tui.core.group.shared import (
    JOIN_GRACE,
    GroupPracticeLife,
    RoomView,
    SharedClock,
    planned_from,
)

if TYPE_CHECKING:
    from textual.app import App

    from mbsr_tui.core.group.room import Room
    from mbsr_tui.core.practice import CheckIn
    from mbsr_tui.ui.screens.player import PlayerScreen

READ_EVERY = 0.25  # seconds between looks at the room: the host's pause reaches all within it
SWITCH_EARLY = 1.0  # the player is shown this long before the start: its first frame is ready
# ... and more: each person's player is uncovered at their own moment within this much
# more (by their presence's random name), so that a crowd's screen changes, each a burst
# of work, are spread out before the start rather than all at once (issue 22).
SWITCH_SPREAD = 8.0
# A host who leaves before the room's end: its last word (the end, or the pause ended) is
# read by every guest (they look 4 times a second) before the room file goes.
LAST_WORD_SECONDS = 1.0


def begin_group(app: App, plan: GroupPlan) -> None:
    """The caution (if the practice asks for it), the check-in, then the room."""
    if plan.room is not None and plan.room.session is None:
        # A list's room is its header only: the room is read whole, by its name.
        from dataclasses import replace

        from mbsr_tui.core.group.room import RoomError

        try:
            whole = reading.open_listed(plan.folder, plan.room.id, now=GroupControl.wall())
        except RoomError as err:
            app.notify(f"Could not join the room: {err}", severity="error", markup=False)
            _leave_app_if_asked(app, 1)
            return
        plan = replace(plan, room=whole.room, host_uid=whole.uid)
    session = plan.session if plan.room is None else plan.room.session
    assert session is not None
    app.gate(session, lambda before: enter(app, plan, before))  # as a solo practice's way in


def _leave_app_if_asked(app: App, code: int = 0) -> None:
    if app.launch.exit_at_end and len(app.screen_stack) <= 1:
        app.exit(code)


def enter(app: App, plan: GroupPlan, before: CheckIn | None) -> None:
    """Open or join the room, then wait for its start or sit at once."""
    try:
        if plan.room is None:
            assert plan.session is not None and plan.seconds is not None
            seat = rooms.Seat.open_room(plan.folder, plan.session, plan.seconds,
                                        starts_at=plan.starts_at, title=plan.title,
                                        name=plan.name, now=GroupControl.wall())  # fmt: skip
        else:
            seat = rooms.Seat(plan.folder, plan.room, host=False, name=plan.name,
                              now=GroupControl.wall(), uid=plan.host_uid)  # fmt: skip
    except (OSError, ValueError) as err:  # ValueError: a RoomError, in plain words
        why = getattr(err, "strerror", None) or err
        app.notify(f"Could not {'open' if plan.room is None else 'join'} the room: {why}",
                   severity="error", markup=False)  # fmt: skip
        _leave_app_if_asked(app, 1)
        return
    control = GroupControl(app, seat, before)
    app.group = control
    control.start()
    if control.seconds_to_start() > control.switch_early:
        from mbsr_tui.ui.screens.waiting import WaitingScreen

        # The player is built now, under the countdown (issue 22): at the start everyone
        # only uncovers it, and its bells are planned from the room's moment already.
        app.push_screen(control.ready_player())
        app.push_screen(WaitingScreen(control), control.waited)
    else:
        control.play()


class GroupControl:
    """One person's place in one room while they are in it."""

    # The clock every process on the host shares, and this process's own clock, which
    # counts what this person practised (tests hand in fake ones).
    wall = staticmethod(time.time)
    mono = staticmethod(time.monotonic)

    def __init__(self, app: App, seat: rooms.Seat, before: CheckIn | None) -> None:
        self.app = app
        self.seat = seat
        self.before = before
        self.view = RoomView(seat.room)
        self.people: list = [seat.me]
        self.player: PlayerScreen | None = None
        self.left = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listeners: list = []
        self.host_uid = seat.uid
        self.switch_early = SWITCH_EARLY + SWITCH_SPREAD * int(seat.me.member[:4], 16) / 0xFFFF
        self._told = ""  # the last change of the room not believed, told once
        self._names: tuple[list | None, list[str]] = (None, [])
        self._ready: PlayerScreen | None = None  # the player built during the countdown
        self._withdrawal: threading.Timer | None = None  # a host's room file, going

    @property
    def hosting(self) -> bool:
        return self.seat.host

    @property
    def room(self) -> Room:
        return self.view.room

    # -- reading the room, off the loop ----------------------------------------------------

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        # One look now (a few small files): the first frame already counts who is there.
        with contextlib.suppress(Exception):
            self._read(self.seat.read(self.wall()))
        # A signal or a crash: the others see us go at once, and a host's room goes after
        # its last word (atexit runs the later registered first: leave, then this).
        atexit.register(self._withdraw_at_exit)
        atexit.register(self.leave)
        self._thread = threading.Thread(target=self._watch, name="mbsr-room", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        beat_at = self.wall() + HEARTBEAT_SECONDS
        while not self._stop.wait(READ_EVERY):
            now = self.wall()
            try:
                if now >= beat_at:
                    self.seat.heartbeat(now)
                    beat_at = now + HEARTBEAT_SECONDS
                listing = self.seat.read(now)
            except Exception:  # the folder is others' ground: never fatal here
                continue
            loop = self._loop
            if loop is None or loop.is_closed() or self._stop.is_set():
                self.leave()  # the app has ended (a test's, or one that crashed): go
                return
            # Straight onto the loop, not a worker's message (issue 19, item 3): this is the
            # room's heartbeat thread, and a message queued behind the screen's others
            # would delay a bell past its frame.
            with contextlib.suppress(RuntimeError):  # the loop has closed
                loop.call_soon_threadsafe(self._read, listing)

    def _read(self, listing: reading.Listing | None) -> None:
        """On the loop: what was read of the room."""
        if self.left:
            return
        if listing is None:
            # The room's file went (or became unusable): carry on with what was known.
            self.view = RoomView(self.view.room, self.view.host_seen or self.wall(), gone=True)
            return
        was = self.view
        if self.hosting:
            listing.room = self.seat.room  # our own writes are the truth, even before read back
        elif listing.problem and listing.problem != self._told:
            self._told = listing.problem
            self.app.notify(f"The room's file changed in a way that cannot be right "
                            f"({listing.problem}); the sitting goes on as it was.",
                            severity="warning", timeout=8, markup=False)  # fmt: skip
        self.host_uid = listing.uid
        self.view = listing.view()
        self.people = listing.people or [self.seat.me]
        player = self.player
        for listener in list(self._listeners):
            listener()
        if player is None:
            return
        if listing.room.ended_at is not None and not self.hosting:
            player.room_ended()
        elif was.paused != self.view.paused or was.room != self.view.room:
            player.tick()  # the host paused or went on: draw it now, not at the next wake

    def listen(self, callback) -> None:
        self._listeners.append(callback)

    def unlisten(self, callback) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(callback)

    def seconds_to_start(self, wall: float | None = None) -> float:
        return -self.view.elapsed(self.wall() if wall is None else wall)

    # -- what the player and the waiting screen show -------------------------------------

    def host(self) -> str:
        """The host's chosen name beside the account that owns the room: "Anna (anna)"."""
        from mbsr_tui.core.group.accounts import who

        return who(self.room.host_name, self.host_uid)

    def names(self) -> list[str]:
        """The names people chose, each beside the account its presence file is from.

        Made again only when a new list of people comes: the header asks every frame,
        and a hundred names must not cost every frame (issue 22)."""
        from mbsr_tui.core.group.accounts import who

        people = self.people
        if self._names[0] is not people:
            self._names = (people, [who(p.name, p.uid) for p in people if p.name])
        return self._names[1]

    def label(self) -> str:
        count = max(1, len(self.people))
        names = self.names()
        # "1 sitting together" says what cannot be: alone, it says so.
        text = f"{count} sitting together" if count > 1 else "Only you so far"
        if names:
            shown = ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
            text += f" ({shown})"
        if self.view.paused:
            text += " · the host has paused" if not self.hosting else ""
        return text

    def end_question(self) -> tuple[str, str]:
        if self.hosting:
            return "End this sitting for everyone?", "End for everyone"
        return "Leave the group sitting? The others carry on.", "Leave"

    def refuse_skip(self) -> None:
        self.app.notify("In a group sitting everyone moves on together: no skipping ahead.",
                        timeout=4)  # fmt: skip

    # -- the sitting ---------------------------------------------------------------------

    def waited(self, go: bool | None) -> None:
        if go:
            self.play()
        else:
            self._drop_ready()
            self.leave()
            self.app.group = None
            _leave_app_if_asked(self.app)

    def ready_player(self) -> PlayerScreen:
        """The player for the start, built ahead and held (silent, asleep) until `play`."""
        from mbsr_tui.ui.screens.player import PlayerScreen

        app, room = self.app, self.room
        clock = SharedClock(lambda: self.view, self.wall, self._toggle, self._stopped,
                            mono=self.mono, counts_from=room.session.prepare_seconds)  # fmt: skip
        player = PlayerScreen(room.session, room.seconds, sound=app,
                              animation=app.settings.animation)  # fmt: skip
        player.sit_together(self, clock)
        player.held = True
        self._ready = player
        return player

    def _drop_ready(self) -> None:
        """The player built ahead is not wanted (the person left, or came too late to it)."""
        ready, self._ready = self._ready, None
        if ready is not None and ready.is_attached and self.app.screen is ready:
            self.app.pop_screen()

    def play(self) -> None:
        """The player on the room's clock, from the room's present moment: the one built
        during the countdown if it is still the start, else a new one."""
        from mbsr_tui.ui.guidance import clock_text

        ready = self._ready
        if ready is not None and (
            not ready.is_attached or self.app.screen is not ready
            or self.seconds_to_start() < -JOIN_GRACE
        ):  # fmt: skip
            self._drop_ready()  # the start has long gone by (a host asked to close): anew
            ready = None
        if ready is None:
            player = self.ready_player()
            player.held = False  # shown at once: nothing to hold it for
        else:
            player = ready
        self._ready = None
        clock, timeline = player.clock, player.timeline
        planned = planned_from(clock.joined, timeline.prepare, timeline.length)
        practice = GroupPracticeLife(self.room.session, datetime.now(UTC), self.before,
                                     planned_seconds=planned)  # fmt: skip
        self.player = player
        # A room's practice names no recording. Built ahead, the player is on screen
        # already: the switch costs an uncovering, and it rings the start bell itself,
        # at the moment its clock planned (not when a screen change is done).
        self.app.play_practice(practice, player, shown=ready is not None)
        if ready is not None:
            player.release()
        if clock.joined > timeline.prepare:
            self.app.notify(f"You joined at {clock_text(clock.joined - timeline.prepare)}.",
                            timeout=6)  # fmt: skip

    def _toggle(self) -> None:
        if not self.hosting:
            self.app.notify("Only the host can pause a group sitting; q leaves it, for you "
                            "alone.", timeout=4)  # fmt: skip
            return
        try:
            if self.seat.room.paused_since is None:
                self.seat.pause(self.wall())
            else:
                self.seat.resume(self.wall())
        except OSError as err:
            self.app.notify(f"Could not tell the room: {err.strerror or err}", severity="error",
                            markup=False)  # fmt: skip
            return
        self.view = RoomView(self.seat.room)

    def _stopped(self, elapsed: float) -> None:
        """This person's practice ended (its end, q, or the host's end): leave the room;
        a host who ends early ends it for everyone."""
        player = self.player
        finished = player is not None and elapsed >= player.timeline.total
        if self.hosting and not finished:
            with contextlib.suppress(OSError):
                self.seat.end(self.wall())
        self.leave()

    def close_room(self) -> None:
        """The host closes the room before it starts: it ends for everyone."""
        with contextlib.suppress(OSError):
            self.seat.end(self.wall())
        self.leave()

    def leave(self) -> None:
        """Our files out of the room (safe to call more than once; never raises)."""
        if self.left:
            return
        self.left = True
        self._stop.set()
        with contextlib.suppress(Exception):
            atexit.unregister(self.leave)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            # A look under way finishes first (a few small files); the seat's lock makes
            # leaving win over a heartbeat being written even if it does not.
            thread.join(timeout=0.5)
        later = False
        with contextlib.suppress(Exception):
            later = self.seat.leave(self.wall())
        if later:
            # The host's last word (the end, the pause ended) stays a moment for every
            # guest to read it, then the room file and summary go (issue 20).
            self._withdrawal = threading.Timer(LAST_WORD_SECONDS, self._withdraw)
            self._withdrawal.daemon = True
            self._withdrawal.start()
        else:
            with contextlib.suppress(Exception):
                atexit.unregister(self._withdraw_at_exit)

    def _withdraw(self) -> None:
        with contextlib.suppress(Exception):
            self.seat.withdraw()

    def _withdraw_at_exit(self) -> None:
        """The process is ending: a host's room file goes now, once its last word has had
        its moment (never more than LAST_WORD_SECONDS from the leaving)."""
        timer = self._withdrawal
        if timer is not None:
            timer.join(LAST_WORD_SECONDS + 0.5)
        if self.left:
            self._withdraw()
