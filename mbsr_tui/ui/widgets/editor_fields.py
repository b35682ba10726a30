"""Form rows for the practice editor: a label, one control, and why its value is wrong.

A row's message sits right under the control it is about. Inputs check their own values
as they are typed (`textual.validation`); the loader's problems with the whole practice
are placed in the row of the key they name (`EditorScreen.show_problems`).
"""

from __future__ import annotations

import math
import re

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.validation import Function, Number, ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from mbsr_tui.core.safe_text import visible_lines


class Row(Vertical):
    """`label  [control]` on one line, and a message under it when there is one."""

    def __init__(self, label: str, control: Widget, *, hint: str = "", block: bool = False,
                 id: str | None = None) -> None:  # fmt: skip
        """`block`: the label on a line of its own, the control (a text area) under it."""
        super().__init__(id=id, classes="row -block" if block else "row")
        self.label, self.control, self.hint, self.block = label, control, hint, block
        self._error = ""

    def compose(self) -> ComposeResult:
        if self.block:
            yield Label(self.label, classes="row-label", markup=False)
            yield self.control
        else:
            with Horizontal(classes="row-line"):
                yield Label(self.label, classes="row-label", markup=False)
                yield self.control
        if self.hint:
            yield Static(self.hint, classes="row-hint", markup=False)
        yield Static("", classes="row-error", markup=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        # The value's own checks, as it is typed; the event goes on to the form.
        result = event.validation_result
        self.show_error("" if result is None or result.is_valid else result.failure_descriptions[0])

    def show_error(self, message: str) -> None:
        self._error = message
        self.set_class(bool(message), "-invalid")
        # A row added a moment ago (a step pasted in) may not have composed its children
        # yet when a check's result arrives: the message waits for on_mount then.
        for error in self.query(".row-error").results(Static):
            error.update(visible_lines(message))  # it may quote what was typed
            error.set_class(bool(message), "-shown")

    def on_mount(self) -> None:
        if self._error:
            self.show_error(self._error)


# -- values -----------------------------------------------------------------------------


def seconds_input(value: float, *, id: str, least: float = 0.0, most: float = 3600.0,
                  optional: bool = False, whole: bool = False) -> Input:  # fmt: skip
    """An Input for a number of seconds (or minutes) with its range checked as typed."""
    kind = "a whole number" if whole else "a number"
    checks: list[Validator] = [
        Number(
            minimum=least,
            maximum=most,
            failure_description=f"Please give {kind} from {least:g} to {most:g}.",
        )
    ]
    if whole:
        checks.append(Function(_is_whole, "Please give a whole number."))
    return Input(
        number_text(value),
        id=id,
        type="number",
        validators=checks,
        valid_empty=optional,
        compact=True,
    )


def number_text(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if math.isfinite(value) else ""


def _is_whole(text: str) -> bool:
    try:
        return float(text).is_integer()
    except ValueError:
        return False


def read_number(text: str) -> float | None:
    text = text.strip()
    return float(text) if text else None


class TimesValidator(Validator):
    """Moments in seconds, separated by commas or spaces: `120, 300`."""

    def __init__(self, most: float) -> None:
        super().__init__()
        self.most = most

    def validate(self, value: str) -> ValidationResult:
        try:
            times = read_times(value)
        except ValueError:
            return self.failure("Please list seconds as numbers, like 120, 300.")
        if any(not 0 < t <= self.most for t in times):
            return self.failure(f"Each moment is a number of seconds from 1 to {self.most:g}.")
        return self.success()


def read_times(text: str) -> list[float]:
    parts = [part for part in re.split(r"[,\s;]+", text.strip()) if part]
    times = [float(part) for part in parts]
    if any(not math.isfinite(t) for t in times):
        raise ValueError(text)
    return sorted(times)


def times_text(times: list[float]) -> str:
    return ", ".join(f"{t:g}" for t in sorted(times))


def text_input(value: str, *, id: str, required: str = "") -> Input:
    checks: list[Validator] = []
    if required:
        checks.append(Function(lambda text: bool(text.strip()), required))
    checks.append(Function(_printable, "Please leave out control characters."))
    # The start of the text in view (a long title is read from its beginning).
    return Input(value, id=id, validators=checks, compact=True, select_on_focus=False)


def _printable(text: str) -> bool:
    return not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
