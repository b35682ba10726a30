"""Start a group sitting from the menu: which practice, how long, and when."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from mbsr_tui.core.safe_text import visible

if TYPE_CHECKING:
    from pathlib import Path

    from mbsr_tui.core.catalogue import Catalogue


class GroupStartScreen(ModalScreen[object]):
    """Dismissed with a GroupPlan to host, or None."""

    DEFAULT_CSS = """
    GroupStartScreen .dialog { width: 70; }
    GroupStartScreen Select, GroupStartScreen Input { width: 1fr; margin-bottom: 1; }
    GroupStartScreen #group-start-problem { color: $warning; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, catalogue: Catalogue, folder: Path, *, name: str = "") -> None:
        super().__init__()
        self.practices = [s for s in catalogue.sessions.values()
                          if not s.open_ended and s.audio is None]  # fmt: skip
        self.folder = folder
        self.share_name = name

    def compose(self) -> ComposeResult:
        choices = [(visible(session.title), session.id) for session in self.practices]
        with Vertical(classes="dialog"):
            yield Static("Start a group sitting", classes="dialog-question")
            yield Label("Practice")
            yield Select(choices, id="group-practice", allow_blank=False)
            yield Label("Minutes (empty: the practice's own length)")
            yield Input(id="group-minutes", type="number")
            yield Label("Starts in how many minutes (0: now)")
            yield Input("0", id="group-in", type="number")
            yield Label("A title for the room (optional)")
            yield Input(id="group-title", max_length=80)
            yield Static(id="group-start-problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Open the room", id="open", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "open":
            self.action_open()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_open(self) -> None:
        from dataclasses import replace

        from mbsr_tui.core.group.plan import GroupPlan
        from mbsr_tui.core.group.start_time import start_moment, wait_in_range
        from mbsr_tui.core.lengths import length_problem

        chosen = self.query_one("#group-practice", Select).value
        session = next((s for s in self.practices if s.id == chosen), None)
        minutes_text = self.query_one("#group-minutes", Input).value.strip()
        wait_text = self.query_one("#group-in", Input).value.strip() or "0"
        problem = self.query_one("#group-start-problem", Static)
        try:
            minutes = float(minutes_text) if minutes_text else None
            wait = float(wait_text)
        except ValueError:
            problem.update("Minutes are a number, such as 10.")
            return
        if session is None:
            problem.update("Choose a practice.")
            return
        why = length_problem(session, minutes, name="Minutes")
        if why:
            problem.update(f"{why}.")
            return
        if not wait_in_range(wait):
            problem.update("It can start from now up to a day ahead.")
            return
        seconds = minutes * 60 if minutes else session.default_seconds
        starts_at = start_moment(wait, time.time())
        title = self.query_one("#group-title", Input).value
        self.dismiss(GroupPlan(self.folder, replace(session, source=None), seconds, starts_at,
                               title, name=self.share_name))  # fmt: skip
