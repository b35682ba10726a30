"""Before a group sitting starts: the countdown for everyone, and who is already there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from mbsr_tui.core.safe_text import visible, visible_lines
from mbsr_tui.ui.guidance import clock_text
from mbsr_tui.ui.widgets.key_line import KeyLine

if TYPE_CHECKING:
    from mbsr_tui.core.group.room import Room

NAMES_SHOWN = 8


class Waited(Protocol):
    """What the waiting screen shows and asks: a place in a room (group_control's
    GroupControl; the screen does not import it, the control imports the screen)."""

    room: Room
    people: list
    hosting: bool
    wall: Callable[[], float]
    switch_early: float  # the player comes this long before the start (built already)

    def host(self) -> str: ...
    def names(self) -> list[str]: ...
    def listen(self, callback: Callable[[], None]) -> None: ...
    def unlisten(self, callback: Callable[[], None]) -> None: ...
    def seconds_to_start(self, wall: float | None = None) -> float: ...
    def close_room(self) -> None: ...


class WaitingScreen(Screen[bool]):
    """Dismissed with True at the start, False when the person leaves (or the host closes)."""

    # Its own look, as the other group screens: the shared stylesheet is another's file.
    DEFAULT_CSS = """
    WaitingScreen #waiting { padding: 1 2; height: auto; }
    WaitingScreen #waiting-title { text-style: bold; color: $accent; }
    WaitingScreen #waiting-count { text-style: bold; margin: 1 0; }
    WaitingScreen #waiting-people { margin-bottom: 1; }
    WaitingScreen .waiting-line { color: $text-muted; }
    WaitingScreen #waiting-join { text-style: bold; margin-bottom: 1; }
    /* A phone's terminal (issue 20): the start, the join command and the way out stay. */
    WaitingScreen.-short #waiting { padding: 0 1; }
    WaitingScreen.-short #waiting-count { margin: 0; }
    WaitingScreen.-short #waiting-join { margin-bottom: 0; }
    WaitingScreen.-short #waiting-settle { display: none; }
    """
    BINDINGS = [Binding("q,escape", "leave", "Leave")]

    def __init__(self, control: Waited) -> None:
        super().__init__()
        self.control = control
        self._wall = control.wall

    def compose(self) -> ComposeResult:
        room = self.control.room
        starts = datetime.fromtimestamp(room.starts_at).strftime("%H:%M")
        host = f" · hosted by {visible(self.control.host())}"
        role = "You are hosting. " if self.control.hosting else ""
        with Vertical(id="waiting"):
            yield Static(
                f"Sitting together: {visible(room.title)}", id="waiting-title", markup=False
            )
            yield Static(id="waiting-count", markup=False)
            # The command others need, on a line of its own: never cut or split.
            yield Static(f"{role}Others join room {room.id} with:", markup=False)
            yield Static(f"mbsr-tui group join {room.id}", id="waiting-join", markup=False)
            practice = visible(room.session.title)
            yield Static(f"{practice} · starts at {starts}{host}", classes="waiting-line",
                         markup=False)  # fmt: skip
            yield Static(id="waiting-people", markup=False)
            yield Static("Settle in; the practice begins for everyone at the same moment.",
                         id="waiting-settle", classes="waiting-line", markup=False)  # fmt: skip
        yield KeyLine()

    def on_mount(self) -> None:
        self.control.listen(self._show)
        self._show()
        self.set_interval(0.1, self._show)

    def on_unmount(self) -> None:
        self.control.unlisten(self._show)

    def _show(self) -> None:
        if not self.is_attached or self._leaving or self._asking:
            # While the host is asked whether to close the room, the start waits for the
            # answer: this screen is not the top one, and its question must not vanish.
            return
        left = self.control.seconds_to_start(self._wall())
        if self.control.room.ended_at is not None:
            self.app.notify("The host has closed the room.", timeout=6)
            self._leave(False)
            return
        if left <= self.control.switch_early:
            self._leave(True)
            return
        people = self.control.people
        named = self.control.names()
        names = named[:NAMES_SHOWN]
        unnamed = len(people) - len(named)
        parts = names + ([f"{unnamed} without a name shown"] if unnamed and names else [])
        self._set("#waiting-count", f"Starts in {clock_text(left)} · {len(people)} here")
        self._set("#waiting-people", ", ".join(parts))

    _leaving = False
    _asking = False  # the host's "close this room?" is open above this screen

    def _leave(self, start: bool) -> None:
        """Dismissed once: a second dismiss, from the next look or tick before this screen
        is gone, would pop the player the first one pushed."""
        if not self._leaving:
            self._leaving = True
            self.dismiss(start)

    def _set(self, selector: str, text: str) -> None:
        # Only a changed line is sent: ten looks a second cost the terminal nothing.
        widget = self.query_one(selector, Static)
        if getattr(widget, "_mbsr_text", None) != text:
            widget._mbsr_text = text
            widget.update(visible_lines(text))  # names from others' presence files

    def action_leave(self) -> None:
        if self.control.hosting:
            from mbsr_tui.ui.screens.confirm import ConfirmScreen

            def answered(close: bool | None) -> None:
                self._asking = False
                if close:
                    self.control.close_room()
                    self._leave(False)
                else:
                    self._show()  # the start may have come while the question was open

            self._asking = True
            self.app.push_screen(
                ConfirmScreen("Close this room for everyone?", yes="Close it", no="Keep it open"),
                answered,
            )
        else:
            self._leave(False)
