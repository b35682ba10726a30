"""A question with a few named answers, each on a button and a key (the editor's dialogs:
leaving with unsaved changes, rewriting a file written by hand, a file changed meanwhile)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button

from mbsr_tui.ui.screens.confirm import dialog


class ChoiceScreen(ModalScreen[str]):
    """Dismissed with the chosen answer's name; Escape gives the last (the safe) answer."""

    BINDINGS = [Binding("escape", "choose_last", "Cancel")]

    def __init__(self, question: str, answers: list[tuple[str, str, str]], *,
                 detail: str = "") -> None:  # fmt: skip
        """`answers`: (name, label, key); the first has the focus, the last is Escape's."""
        super().__init__()
        self.question, self.detail, self.answers = question, detail, answers

    def compose(self) -> ComposeResult:
        buttons = [
            Button(f"{label} ({key})", id=f"answer-{name}") for name, label, key in self.answers
        ]
        yield from dialog(self.question, self.detail, buttons)

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("answer-"))

    def on_key(self, event) -> None:
        for name, _, key in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(name)
                return

    def action_choose_last(self) -> None:
        self.dismiss(self.answers[-1][0])


def leave_question(quitting: bool = False) -> ChoiceScreen:
    """Leaving the editor (or quitting the app from it) with changes not saved."""
    if quitting:
        return ChoiceScreen(
            "You have changes that are not saved.",
            [
                ("save", "Save and quit", "s"),
                ("discard", "Quit without saving", "q"),
                ("stay", "Keep editing", "k"),
            ],
            detail="Pressing Ctrl+C or Ctrl+Q again quits without saving.",
        )
    return ChoiceScreen(
        "You have changes that are not saved.",
        [
            ("save", "Save and leave", "s"),
            ("discard", "Leave without saving", "d"),
            ("stay", "Keep editing", "k"),
        ],
    )


def rewrite_question(message: str) -> ChoiceScreen:
    return ChoiceScreen(
        message,
        [
            ("copy", "Save as a copy", "c"),
            ("rewrite", "Rewrite it", "r"),
            ("stay", "Keep editing", "k"),
        ],
        detail="A copy is saved as a new practice; the file stays exactly as you wrote it.",
    )


def changed_question(name: str, *, gone: bool = False) -> ChoiceScreen:
    """The file was changed (or removed) outside the editor since it last read or wrote it."""
    happened = "was removed" if gone else "was changed outside the editor"
    return ChoiceScreen(
        f"{name} {happened} since the editor last read or saved it.",
        [
            ("rewrite", "Overwrite it", "o"),
            ("copy", "Save as a copy", "c"),
            ("stay", "Keep editing", "k"),
        ],
        detail="Overwriting loses what was changed there; a copy keeps the file as it is now.",
    )
