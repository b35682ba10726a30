"""The fields of a breathing pattern: seconds per phase, nostrils, counting, pulses, cues.

Used twice by the editor: for the practice's own `[pattern]` and for a step's. It edits
the `PatternDraft` it is given and says so with `PatternFields.Changed`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Checkbox, Input, Select

from mbsr_tui.core.limits import (
    MAX_COUNT_TO,
    MAX_PHASE_SECONDS,
    MAX_REST_SECONDS,
    MAX_ROUNDS,
    MIN_PHASE_SECONDS,
)
from mbsr_tui.core.session import FOCUSES, NOSTRILS, STYLES
from mbsr_tui.core.session_draft import PatternDraft
from mbsr_tui.ui.widgets.editor_fields import Row, number_text, read_number, seconds_input

PHASES = (
    ("inhale", "Breathe in (s)"),
    ("hold_in", "Hold, full (s)"),
    ("exhale", "Breathe out (s)"),
    ("hold_out", "Hold, empty (s)"),
)
NOSTRIL_WORDS = {
    "both": "both nostrils",
    "alternate": "alternate nostrils",
    "left": "left nostril only",
    "right": "right nostril only",
}
STYLE_WORDS = {"smooth": "smooth breaths", "pulse": "quick pulses, in rounds"}
FOCUS_WORDS = {"breath": "the breath", "belly": "the belly rising and falling"}


class PatternFields(Vertical):
    """Every field of one `PatternDraft`; ids are `<prefix>-<field>`."""

    DEFAULT_CSS = """
    PatternFields {
        height: auto;
    }
    """

    class Changed(Message):
        def __init__(self, fields: PatternFields) -> None:
            super().__init__()
            self.fields = fields

        @property
        def control(self) -> PatternFields:
            return self.fields

    def __init__(self, pattern: PatternDraft, *, prefix: str, id: str | None = None) -> None:
        super().__init__(id=id, classes="pattern-fields")
        self.pattern = pattern
        self.prefix = prefix

    def _fid(self, name: str) -> str:
        return f"{self.prefix}-{name}"

    def compose(self) -> ComposeResult:
        p = self.pattern
        for name, label in PHASES:
            least = MIN_PHASE_SECONDS if name in ("inhale", "exhale") else 0.0
            control = seconds_input(getattr(p, name), id=self._fid(name), least=least,
                                    most=MAX_PHASE_SECONDS)  # fmt: skip
            yield Row(label, control, id=self._fid(f"{name}-row"))
        yield Row("Nostrils", _select(NOSTRILS, NOSTRIL_WORDS, p.nostrils, self._fid("nostrils")))
        yield Row(
            "Count to",
            seconds_input(p.count_to, id=self._fid("count_to"), most=MAX_COUNT_TO, whole=True),
            hint="Count breaths 1 to this, then start again (0: no counting).",
        )
        yield Row("Style", _select(STYLES, STYLE_WORDS, p.style, self._fid("style")))
        yield Row(
            "Pulses a round",
            seconds_input(p.rounds, id=self._fid("rounds"), most=MAX_ROUNDS, whole=True),
            id=self._fid("rounds-row"),
        )
        yield Row(
            "Rest between (s)",
            seconds_input(p.rest_seconds, id=self._fid("rest_seconds"), most=MAX_REST_SECONDS),
            id=self._fid("rest_seconds-row"),
        )
        yield Row("Attention on", _select(FOCUSES, FOCUS_WORDS, p.focus, self._fid("focus")))
        yield Row(
            "Phase cues",
            Checkbox(
                "a soft sound at each turn", p.phase_cues, id=self._fid("phase_cues"), compact=True
            ),
        )

    def on_mount(self) -> None:
        self._show_pulse_rows()

    def _show_pulse_rows(self) -> None:
        pulse = self.pattern.style == "pulse"
        for name in ("rounds", "rest_seconds"):
            self.query_one(f"#{self._fid(name)}-row").display = pulse

    def _field(self, widget_id: str | None) -> str | None:
        if widget_id and widget_id.startswith(self.prefix + "-"):
            return widget_id[len(self.prefix) + 1 :]
        return None

    def on_input_changed(self, event: Input.Changed) -> None:
        name = self._field(event.input.id)
        if name is None:
            return
        event.stop()
        valid = event.validation_result is None or event.validation_result.is_valid
        if not valid or not event.value.strip():
            return  # the row says why; the draft keeps its last good value
        value = read_number(event.value)
        if name in ("count_to", "rounds"):
            value = int(value)
        setattr(self.pattern, name, value)
        self.post_message(self.Changed(self))

    def on_select_changed(self, event: Select.Changed) -> None:
        name = self._field(event.select.id)
        if name is None or event.value is Select.BLANK:
            return
        event.stop()
        setattr(self.pattern, name, event.value)
        if name == "style":
            if event.value == "pulse" and self.pattern.rounds < 1:
                self.pattern.rounds = 20
                self.query_one(f"#{self._fid('rounds')}", Input).value = "20"
            self._show_pulse_rows()
        self.post_message(self.Changed(self))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if self._field(event.checkbox.id) == "phase_cues":
            event.stop()
            self.pattern.phase_cues = event.value
            self.post_message(self.Changed(self))

    def load(self, pattern: PatternDraft) -> None:
        """Show another pattern (a step's) in these fields."""
        self.pattern = pattern
        with self.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
            for name, _ in PHASES:
                self.query_one(f"#{self._fid(name)}", Input).value = number_text(
                    getattr(pattern, name)
                )
            for name in ("count_to", "rounds", "rest_seconds"):
                self.query_one(f"#{self._fid(name)}", Input).value = number_text(
                    getattr(pattern, name)
                )
            for name in ("nostrils", "style", "focus"):
                self.query_one(f"#{self._fid(name)}", Select).value = getattr(pattern, name)
            self.query_one(f"#{self._fid('phase_cues')}", Checkbox).value = pattern.phase_cues
        for row in self.query(Row):
            row.show_error("")
        self._show_pulse_rows()


def _select(values: tuple[str, ...], words: dict[str, str], value: str, widget_id: str) -> Select:
    options = [(words.get(v, v), v) for v in values]
    return Select(options, value=value, allow_blank=False, id=widget_id, compact=True)
