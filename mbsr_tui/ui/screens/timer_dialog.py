"""Shape a silent sit before it starts: a length (or none) and the interval bells."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Function
from textual.widgets import Input, Label, Static

from mbsr_tui.core.limits import INTERVAL_MINUTES, PRACTICE_MINUTES
from mbsr_tui.core.timer import TimerError, TimerShape, check_shape, fitted_shape


class TimerDialog(ModalScreen[TimerShape | None]):
    """Dismissed with the shape to sit with, or None when the person went back."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Back")]

    def __init__(self, *, open_ended: bool, minutes: float, interval: float) -> None:
        super().__init__()
        self.open_ended = open_ended
        self.minutes = minutes
        self.interval = interval

    def compose(self) -> ComposeResult:
        heading = "Open-ended sit" if self.open_ended else "Quick timer"
        with Vertical(classes="dialog", id="timer-dialog"):
            yield Static(heading, classes="dialog-question")
            if not self.open_ended:
                yield Label("Minutes")
                yield Input(f"{self.minutes:g}", id="timer-minutes", type="number",
                            validators=[_within(PRACTICE_MINUTES)])  # fmt: skip
            yield Label("A bell every … minutes (0 for none)")
            yield Input(f"{self.interval:g}", id="timer-interval", type="number",
                        validators=[_within(INTERVAL_MINUTES)])  # fmt: skip
            yield Static(id="timer-problem", markup=False)
            ending = "no set end: q finishes" if self.open_ended else "Enter to start"
            yield Static(f"{ending} · Escape to go back", classes="dialog-detail")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        shape = self._shape()
        if shape is not None:
            self.dismiss(shape)

    def _shape(self) -> TimerShape | None:
        problem = self.query_one("#timer-problem", Static)
        try:
            minutes = None
            if not self.open_ended:
                minutes = float(self.query_one("#timer-minutes", Input).value)
            typed = self.query_one("#timer-interval", Input).value
            interval = float(typed or 0)
            # The interval shown as it was remembered is not the person's choice today:
            # if it does not fit the length they chose, it is left out and said.
            shape, notes = fitted_shape(minutes, interval, minutes_typed=True,
                                        interval_typed=typed != f"{self.interval:g}")  # fmt: skip
            check_shape(shape)
        except ValueError as err:  # TimerError is a ValueError, as is a number not typed
            said = str(err) if isinstance(err, TimerError) else "please type a number"
            problem.update(said[:1].upper() + said[1:] + ".")
            return None
        for note in notes:
            self.notify(note, timeout=6, markup=False)
        return shape


def _within(bound) -> Function:
    """The field's look follows `limits`, the bounds the timer itself is checked against."""

    def holds(text: str) -> bool:
        try:
            return bound.holds(float(text))
        except ValueError:
            return False

    return Function(holds, bound.range_words())
