"""One calendar entry in full: each question and what the person wrote."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from mbsr_tui.core.journal.calendar_entry import QUESTIONS, CalendarEntry
from mbsr_tui.core.safe_text import visible_lines


def written_when(entry: CalendarEntry) -> str:
    local = entry.local_written_at
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M}"


class CalendarDetailScreen(ModalScreen[None]):
    CSS_PATH = "../course.tcss"
    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, entry: CalendarEntry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        entry = self.entry
        with VerticalScroll(classes="dialog", id="calendar-detail"):
            yield Static(entry.title, classes="dialog-question", markup=False)
            yield Static(written_when(entry), markup=False)
            for name, question in QUESTIONS[entry.kind]:
                answer = entry.answer(name)
                if answer:
                    # Text from the journal (perhaps an import): shown, never sent.
                    yield Static(question, classes="calendar-question", markup=False)
                    yield Static(visible_lines(answer), classes="calendar-answer", markup=False)
            yield Static("Escape to close", classes="dialog-detail")
