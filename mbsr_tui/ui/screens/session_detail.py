"""One practice from the journal in full: when, what, how long, the check-ins and the note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.journal.format import (
    length_text,
    note_text,
    rating_change,
    title_text,
    when_text,
)


def facts_text(entry: Entry) -> str:
    pain = rating_change(entry.pain_before, entry.pain_after, unrated="not rated")
    stress = rating_change(entry.stress_before, entry.stress_after, unrated="not rated")
    return "\n".join(
        [
            when_text(entry),
            length_text(entry),
            "",
            f"Back pain (0–10), before → after:  {pain}",
            f"Stress (0–10), before → after:     {stress}",
        ]
    )


class SessionDetailScreen(ModalScreen[None]):
    CSS_PATH = "../history.tcss"
    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        # The whole dialog scrolls: a note may be up to 4000 characters.
        with VerticalScroll(classes="dialog", id="session-detail"):
            # Stored text may come from an import: control characters shown, never sent.
            yield Static(title_text(self.entry), classes="dialog-question", markup=False)
            yield Static(facts_text(self.entry), id="session-facts", markup=False)
            if self.entry.note.strip():
                yield Static("Note", classes="dialog-question", id="session-note-title")
                yield Static(note_text(self.entry), id="session-note", markup=False)
            yield Static("Escape to close", classes="dialog-detail")
