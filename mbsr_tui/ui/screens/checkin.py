"""Two quick questions before and after a practice: back pain and stress, 0 to 10."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

NOTE_LIMIT = 4000


@dataclass(frozen=True)
class CheckIn:
    pain: int | None = None
    stress: int | None = None
    note: str = ""


QUESTIONS = {
    "pain": ("How bothersome is your back pain right now?", "none", "as bad as it gets"),
    "stress": ("How stressed do you feel right now?", "calm", "extremely stressed"),
}


class RatingScale(Widget, can_focus=True):
    """0..10 in a row; digits choose (1 then 0 makes 10), arrows move, nothing is forced."""

    DEFAULT_CSS = """
    RatingScale { height: 1; width: 100%; }
    RatingScale > .rating--chosen { background: $accent; color: $text; text-style: bold; }
    RatingScale > .rating--other { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"rating--chosen", "rating--other"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.value: int | None = None
        self._last_digit: str | None = None

    def render(self) -> Text:
        text = Text(no_wrap=True)
        for number in range(11):
            style = "rating--chosen" if number == self.value else "rating--other"
            text.append(f" {number} ", self.get_component_rich_style(style))
        return text

    def choose(self, value: int) -> None:
        self.value = max(0, min(10, value))
        self.refresh()

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            # "1" then "0" is ten; any other digit stands alone.
            if event.character == "0" and self._last_digit == "1":
                self.choose(10)
            else:
                self.choose(int(event.character))
            self._last_digit = event.character
            event.stop()
        elif event.key in ("left", "right"):
            start = self.value if self.value is not None else 5
            self.choose(start + (1 if event.key == "right" else -1))
            self._last_digit = None
            event.stop()


class CheckInScreen(ModalScreen[CheckIn]):
    """Asks pain, then stress, then (after a practice) an optional note. `s` skips a question."""

    BINDINGS = [
        Binding("enter", "next", "Keep answer", priority=True),
        Binding("s", "skip", "Skip question"),
        Binding("escape", "skip_all", "Skip check-in"),
    ]

    def __init__(self, when: str) -> None:
        super().__init__()
        self.when = when  # "before" or "after"
        self.order = ["pain", "stress"] + (["note"] if when == "after" else [])
        self.position = 0
        self.answers: dict[str, int | None] = {}

    def compose(self) -> ComposeResult:
        heading = "Before you begin" if self.when == "before" else "Now that you have finished"
        with Vertical(classes="dialog", id="checkin"):
            yield Static(f"{heading}: a quick check-in", classes="dialog-question")
            yield Static(id="checkin-question", markup=False)
            yield RatingScale(id="checkin-scale")
            yield Static(id="checkin-ends", markup=False)
            yield Input(placeholder="A note for your journal (optional)", max_length=NOTE_LIMIT,
                        id="checkin-note")  # fmt: skip
            yield Static(id="checkin-keys", classes="dialog-detail", markup=False)

    def on_mount(self) -> None:
        self._show()

    @property
    def current(self) -> str:
        return self.order[self.position]

    def _show(self) -> None:
        scale = self.query_one(RatingScale)
        note = self.query_one("#checkin-note", Input)
        is_note = self.current == "note"
        scale.display = not is_note
        note.display = is_note
        if is_note:
            self.query_one("#checkin-question", Static).update(
                "Anything you would like to remember?"
            )
            self.query_one("#checkin-ends", Static).update("")
            self.query_one("#checkin-keys", Static).update("Enter to save · Escape to skip")
            note.focus()
            return
        question, low, high = QUESTIONS[self.current]
        self.query_one("#checkin-question", Static).update(question)
        self.query_one("#checkin-ends", Static).update(f"0 = {low} · 10 = {high}")
        self.query_one("#checkin-keys", Static).update(
            "Type 0–10 (1 then 0 for ten) or use ← →, then Enter · s to skip"
        )
        scale.value = None
        scale.refresh()
        scale.focus()

    def _advance(self, value: int | None) -> None:
        if self.current != "note":
            self.answers[self.current] = value
        self.position += 1
        if self.position >= len(self.order):
            self._finish()
        else:
            self._show()

    def _finish(self) -> None:
        note = self.query_one("#checkin-note", Input).value.strip()[:NOTE_LIMIT]
        self.dismiss(CheckIn(self.answers.get("pain"), self.answers.get("stress"), note))

    def action_next(self) -> None:
        if self.current == "note":
            self._finish()
        else:
            self._advance(self.query_one(RatingScale).value)

    def action_skip(self) -> None:
        if self.current == "note":
            return  # "s" is a letter in the note
        self._advance(None)

    def action_skip_all(self) -> None:
        if self.current == "note":
            self.query_one("#checkin-note", Input).value = ""
        self.position = len(self.order) - 1
        self._finish()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While typing a note, "s" is a letter, not "skip".
        return not (action == "skip" and self.current == "note")
