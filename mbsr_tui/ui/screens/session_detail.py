"""One practice from the journal in full: when, what, how long, the check-ins and the note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from mbsr_tui.core.journal_entry import Entry
from mbsr_tui.core.progress import format_duration


def when_text(entry: Entry) -> str:
    """'Monday 3 March 2025, 18:05' on the person's clock when they began."""
    local = entry.local_started_at
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M}"


def rating_change(before: int | None, after: int | None) -> str:
    """'6 → 4'; a question that was skipped shows as a dash."""
    if before is None and after is None:
        return "not rated"
    return f"{'–' if before is None else before} → {'–' if after is None else after}"


def length_text(entry: Entry) -> str:
    practised = format_duration(entry.practised_seconds)
    planned = format_duration(entry.planned_seconds)
    ending = "completed" if entry.completed else "ended early"
    return f"{practised} practised of {planned} planned · {ending}"


def facts_text(entry: Entry) -> str:
    pain = rating_change(entry.pain_before, entry.pain_after)
    stress = rating_change(entry.stress_before, entry.stress_after)
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
    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        # The whole dialog scrolls: a note may be up to 4000 characters.
        with VerticalScroll(classes="dialog", id="session-detail"):
            yield Static(self.entry.title, classes="dialog-question", markup=False)
            yield Static(facts_text(self.entry), id="session-facts", markup=False)
            if self.entry.note.strip():
                yield Static("Note", classes="dialog-question", id="session-note-title")
                yield Static(self.entry.note, id="session-note", markup=False)
            yield Static("Escape to close", classes="dialog-detail")
