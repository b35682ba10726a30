"""Two quick questions before and after a practice: back pain and stress, 0 to 10.

Every key goes through the screen, in the order it arrived, into one `CheckInForm`: no
priority binding may act on Enter before the digit typed just ahead of it has landed.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

from mbsr_tui.core.checkin_form import NOTE, CheckInForm
from mbsr_tui.core.journal.entry import NOTE_LIMIT
from mbsr_tui.core.practice import CheckIn

QUESTIONS = {
    "pain": ("How bothersome is your back pain right now?", "none", "as bad as it gets"),
    "stress": ("How stressed do you feel right now?", "calm", "extremely stressed"),
}


class RatingScale(Widget):
    """0..10 in a row, the chosen one highlighted; it only draws (the screen takes keys)."""

    DEFAULT_CSS = """
    RatingScale { height: 1; width: 100%; }
    RatingScale > .rating--chosen { background: $accent; color: $text; text-style: bold; }
    RatingScale > .rating--other { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"rating--chosen", "rating--other"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.value: int | None = None

    def render(self) -> Text:
        text = Text(no_wrap=True)
        for number in range(11):
            style = "rating--chosen" if number == self.value else "rating--other"
            text.append(f" {number} ", self.get_component_rich_style(style))
        return text

    def show(self, value: int | None) -> None:
        if value != self.value:
            self.value = value
            self.refresh()


class CheckInScreen(ModalScreen[CheckIn]):
    """Asks pain, then stress, then (after a practice) an optional note.

    `answered` hears every answer as it is given, so the answers survive a signal or a
    quit before the check-in is finished.
    """

    AUTO_FOCUS = ""  # nothing focused: keys come to the screen itself while a rating is asked

    def __init__(self, when: str, answered: Callable[[CheckIn], None] | None = None) -> None:
        super().__init__()
        self.when = when  # "before" or "after"
        self.form = CheckInForm(with_note=when == "after")
        self._answered = answered

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
        self._show_question()

    @property
    def current(self) -> str:
        return self.form.current

    # -- keys, in arrival order ---------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        form, before = self.form, self.form.position
        if form.done:
            event.stop()
            return
        if event.key == "escape":
            self._keep_note()
            form.skip_rest()
        elif form.current == NOTE:
            if event.key == "enter":
                self._keep_note()
                form.keep()
            elif event.is_printable and event.character:
                # A key that reached the screen before the note field had focus.
                self.query_one("#checkin-note", Input).insert_text_at_cursor(event.character)
            else:
                return
        elif event.key == "enter":
            form.keep()
        elif event.key in ("left", "right"):
            form.step(1 if event.key == "right" else -1)
        elif event.character == "s":
            form.skip()
        elif not (event.character and form.digit(event.character)):
            return
        event.stop()
        event.prevent_default()
        self._after_key(question_changed=form.position != before)

    def on_paste(self, event: events.Paste) -> None:
        # Text pasted before the note field had focus (read with the keys that led there):
        # the note's, as the field itself would take it (its first line).
        if self.form.current == NOTE and not self.form.done and event.text:
            event.stop()
            self.query_one("#checkin-note", Input).insert_text_at_cursor(event.text.splitlines()[0])

    @on(Input.Submitted, "#checkin-note")
    def _note_sent(self, event: Input.Submitted) -> None:
        event.stop()
        if self.form.current == NOTE and not self.form.done:
            self._keep_note()
            self.form.keep()
            self._after_key(question_changed=True)

    def _keep_note(self) -> None:
        self.form.note = self.query_one("#checkin-note", Input).value

    def _after_key(self, *, question_changed: bool) -> None:
        if question_changed or self.form.done:
            self._tell()
        if self.form.done:
            self.dismiss(self.form.so_far())
        elif question_changed:
            self._show_question()
        else:
            self.query_one(RatingScale).show(self.form.value)

    def _tell(self) -> None:
        if self._answered is not None:
            self._answered(self.form.so_far())

    # -- what is on screen --------------------------------------------------------------

    def _show_question(self) -> None:
        scale = self.query_one(RatingScale)
        note = self.query_one("#checkin-note", Input)
        is_note = self.current == NOTE
        scale.display = not is_note
        note.display = is_note
        question = self.query_one("#checkin-question", Static)
        ends = self.query_one("#checkin-ends", Static)
        keys = self.query_one("#checkin-keys", Static)
        if is_note:
            question.update("Anything you would like to remember?")
            ends.update("")
            keys.update("Enter to save · Escape to skip")
            note.focus()
            return
        text, low, high = QUESTIONS[self.current]
        question.update(text)
        ends.update(f"0 = {low} · 10 = {high}")
        keys.update("Type 0–10 (1 then 0 for ten) or use ← →, then Enter · s to skip")
        scale.show(self.form.value)
        self.set_focus(None)

    # Kept for callers and tests that drive the screen by action name.
    def action_next(self) -> None:
        if self.current == NOTE:
            self._keep_note()
        self.form.keep()
        self._after_key(question_changed=True)

    def action_skip(self) -> None:
        self.form.skip()
        self._after_key(question_changed=True)

    def action_skip_all(self) -> None:
        self._keep_note()
        self.form.skip_rest()
        self._after_key(question_changed=True)
