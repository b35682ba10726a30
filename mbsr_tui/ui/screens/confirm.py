"""A small yes/no question that never hides what it is asking about."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


def dialog(question: str, detail: str, buttons: list[Button]) -> ComposeResult:
    """A question, the detail under it (if any) and its answers: every dialog's layout."""
    with Vertical(classes="dialog"):
        yield Static(question, classes="dialog-question", markup=False)
        if detail:
            yield Static(detail, classes="dialog-detail", markup=False)
        with Horizontal(classes="dialog-buttons"):
            yield from buttons


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(
        self, question: str, *, yes: str = "Yes", no: str = "No", detail: str = ""
    ) -> None:
        super().__init__()
        self.question, self.detail, self.yes, self.no = question, detail, yes, no

    def compose(self) -> ComposeResult:
        no = Button(f"{self.no} (n)", id="no", variant="primary")
        yield from dialog(self.question, self.detail, [no, Button(f"{self.yes} (y)", id="yes")])

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
