"""The menu's "Sit together": open and coming group sittings on this host, and a new one.

The rooms folder is read in a worker thread (every file in it is someone else's, and a
slow disk must not stall the keys), again every few seconds while the list is shown.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mbsr_tui.core.safe_text import visible
from mbsr_tui.ui.widgets.key_line import KeyLine
from mbsr_tui.ui.worker_errors import WorkerErrors

if TYPE_CHECKING:
    from pathlib import Path

    from mbsr_tui.core.group.listing import Listing

START = "@start-group"  # "@": never a room's id
LOOK_EVERY = 3.0


class RoomsScreen(WorkerErrors, Screen[None]):
    DEFAULT_CSS = """
    RoomsScreen #rooms-box { padding: 1 2; }
    RoomsScreen #rooms-title { text-style: bold; color: $accent; }
    RoomsScreen #rooms-note { color: $text-muted; margin: 1 0; }
    RoomsScreen #rooms { height: auto; max-height: 1fr; }
    RoomsScreen.-short #rooms-box { padding: 0 1; }
    RoomsScreen.-short #rooms-note { margin: 0; }
    """
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back"),
        Binding("r", "look", "Look again"),
    ]

    def __init__(self, folder: Path | None = None, *, wall=time.time) -> None:
        super().__init__()
        from mbsr_tui.core.group.folder import rooms_folder

        self.folder = folder or rooms_folder()
        self._wall = wall
        self.listings: dict[str, Listing] = {}
        self.problem = ""

    class Looked(Message):
        """The worker's look at the rooms folder: its rooms, or why it cannot be used."""

        def __init__(self, listings: list[Listing], problem: str, complete: bool) -> None:
            super().__init__()
            self.listings, self.problem, self.complete = listings, problem, complete

    def compose(self) -> ComposeResult:
        with Vertical(id="rooms-box"):
            yield Static("Sit together", id="rooms-title")
            yield Static("Looking for group sittings on this host…", id="rooms-note", markup=False)
            yield OptionList(Option(Content.styled("Start a group sitting…", "bold"), id=START),
                             id="rooms")  # fmt: skip
        yield KeyLine()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.action_look()
        self.set_interval(LOOK_EVERY, self.action_look)

    def action_look(self) -> None:
        self._look()

    @work(thread=True, exclusive=True, group="rooms", exit_on_error=False)
    def _look(self) -> None:
        from mbsr_tui.core.group.folder import FolderProblem, check_folder
        from mbsr_tui.core.group.listing import look

        try:
            check_folder(self.folder, writing=False)
        except FolderProblem as problem:
            self.post_message(self.Looked([], str(problem), True))
            return
        looked = look(self.folder, now=self._wall())
        self.post_message(self.Looked(looked.rooms, "", looked.complete))

    def on_rooms_screen_looked(self, message: Looked) -> None:
        self.show(message.listings, message.problem, message.complete)

    def show(self, listings: list[Listing], problem: str, complete: bool = True) -> None:
        """The rooms found (attributes down: tests hand them in directly too)."""
        from mbsr_tui.core.group.listing import describe

        self.listings = {listing.room.id: listing for listing in listings}
        self.problem = problem
        now = self._wall()
        options = self.query_one(OptionList)
        kept = options.highlighted_option.id if options.highlighted_option else None
        rows = [Option(Content(visible(describe(listing, now))), id=listing.room.id)
                for listing in listings]  # fmt: skip
        rows.append(Option(Content.styled("Start a group sitting…", "bold"), id=START))
        options.set_options(rows)
        ids = [row.id for row in rows]
        options.highlighted = ids.index(kept) if kept in ids and kept != START else 0
        if problem:
            note = f"Group sittings cannot be used here: {problem}"
        elif listings:
            note = "Open and coming group sittings on this host. Enter joins one."
        else:
            note = "No group sittings are open on this host right now. Start one?"
        if not complete:
            note += " (The rooms folder holds too many files to look through: some may be missing.)"
        self.query_one("#rooms-note", Static).update(visible(note))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from mbsr_tui.core.group.plan import GroupPlan
        from mbsr_tui.core.group.room import shared_name
        from mbsr_tui.ui.screens.requests import SitTogether

        if self.problem:
            self.app.notify(self.problem, severity="error", markup=False)
            return
        name = shared_name(self.app.settings.share_name)
        if event.option.id == START:
            from mbsr_tui.ui.screens.group_start import GroupStartScreen

            def chosen(plan: GroupPlan | None) -> None:
                if plan is not None:
                    self.post_message(SitTogether(plan))

            screen = GroupStartScreen(self.app.catalogue, self.folder, name=name)
            self.app.push_screen(screen, chosen)
            return
        listing = self.listings.get(event.option.id or "")
        if listing is None:
            return
        from mbsr_tui.core.group.listing import open_listed
        from mbsr_tui.core.group.room import RoomError

        try:  # the list read only its header: the room is read whole, by its name
            whole = open_listed(self.folder, listing.room.id, now=self._wall())
        except RoomError as err:
            self.app.notify(f"That group sitting cannot be joined: {err}", severity="error",
                            markup=False)  # fmt: skip
            self.action_look()
            return
        plan = GroupPlan(self.folder, room=whole.room, name=name, host_uid=whole.uid)
        self.post_message(SitTogether(plan))
