"""After a practice: a quiet moment, what was practised, and where to go next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from mbsr_tui.core.safe_text import visible
from mbsr_tui.ui.guidance import clock_text
from mbsr_tui.ui.widgets.key_line import KeyLine


class ClosingScreen(Screen[None]):
    CSS_PATH = "../practice.tcss"
    BINDINGS = [
        Binding("enter,escape", "back", "Menu"),
        Binding("h", "app.history", "History"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, title: str, practised_seconds: float, ending: str, saved: str) -> None:
        super().__init__()
        self.title_text = visible(title)  # a title from a file, a room or the journal
        self.practised = practised_seconds
        self.ending = ending  # how it went, in words (Outcome.ending_words)
        self.saved = saved

    def compose(self) -> ComposeResult:
        ending = self.ending
        with Vertical(id="closing"):
            yield Static("Thank you for taking this time.", id="closing-title")
            yield Static(
                f"{self.title_text} · {clock_text(self.practised)} practised\n{ending}\n\n"
                "Before moving on, you might notice how you feel right now, without needing "
                "it to be any different.",
                id="closing-text",
                markup=False,
            )
            yield Static(self.saved, id="closing-saved", markup=False)
        yield KeyLine()

    def action_back(self) -> None:
        from mbsr_tui.ui.screens.requests import BackToMenu

        self.post_message(BackToMenu())
