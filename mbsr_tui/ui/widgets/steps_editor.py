"""The guided steps of a practice: a list to add, remove and reorder, and the chosen step's
fields (title, guidance, seconds, bell, a breathing pattern of its own)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from mbsr_tui.core.limits import MAX_SESSION_SECONDS, MIN_STEP_SECONDS
from mbsr_tui.core.safe_text import visible, visible_lines
from mbsr_tui.core.session_draft import PatternDraft, StepDraft
from mbsr_tui.ui.guidance import clock_text
from mbsr_tui.ui.widgets.editor_fields import (
    Row,
    number_text,
    read_number,
    seconds_input,
    text_input,
)
from mbsr_tui.ui.widgets.pattern_fields import PatternFields


class StepsEditor(Vertical):
    """Edits the list of `StepDraft`s it is given (in place) and posts `Changed`."""

    DEFAULT_CSS = """
    StepsEditor {
        height: auto;
    }
    StepsEditor #step-list {
        height: auto;
        max-height: 8;
        border: none;
        background: $boost;
    }
    StepsEditor #step-buttons {
        height: 1;
        margin: 1 0 0 0;
    }
    StepsEditor #step-buttons > Button {
        min-width: 8;
        margin-right: 1;
    }
    StepsEditor #step-fields {
        height: auto;
        margin-top: 1;
        border-left: solid $panel-lighten-1;
        padding-left: 1;
    }
    """

    class Changed(Message):
        """A step was added, removed, moved or edited."""

    def __init__(self, steps: list[StepDraft], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.steps = steps
        self.current = 0 if steps else -1

    def compose(self) -> ComposeResult:
        yield Static(
            "No guided steps: the practice is one stretch of time. Add steps to guide it "
            "part by part.",
            id="steps-empty",
            classes="row-hint",
        )
        yield OptionList(*self._options(), id="step-list")
        with Horizontal(id="step-buttons"):
            yield Button("Add", id="step-add", compact=True)
            yield Button("Up", id="step-up", compact=True)
            yield Button("Down", id="step-down", compact=True)
            yield Button("Remove", id="step-remove", compact=True)
        yield Static("", id="steps-error", classes="row-error", markup=False)
        step = self.steps[self.current] if self.steps else StepDraft()
        with Vertical(id="step-fields"):
            yield Row("Step title", text_input(step.title, id="s-title",
                                               required="A step needs a title."))  # fmt: skip
            yield Row(
                "Seconds",
                seconds_input(
                    step.seconds, id="s-seconds", least=MIN_STEP_SECONDS, most=MAX_SESSION_SECONDS
                ),
                hint="With a length set above, steps keep these proportions.",
            )
            yield Row("Bell", Checkbox("a soft bell as it begins", step.bell, id="s-bell",
                                       compact=True))  # fmt: skip
            yield Row("Guidance", TextArea(step.prompt, id="s-prompt", soft_wrap=True,
                                           compact=True), block=True)  # fmt: skip
            yield Row(
                "Own breathing",
                Checkbox(
                    "a pattern for this step only",
                    step.pattern is not None,
                    id="s-own",
                    compact=True,
                ),
            )
            yield PatternFields(step.pattern or PatternDraft(), prefix="sp", id="step-pattern")

    def on_mount(self) -> None:
        self._refresh_list()
        self._show_fields()

    # -- the list ------------------------------------------------------------------------

    def _options(self) -> list[Option]:
        return [Option(_step_label(i, step), id=f"step-{i}") for i, step in enumerate(self.steps)]

    def _refresh_list(self) -> None:
        listing = self.query_one("#step-list", OptionList)
        listing.set_options(self._options())
        if self.current >= 0:
            listing.highlighted = self.current
        has_steps = bool(self.steps)
        listing.display = has_steps
        self.query_one("#steps-empty").display = not has_steps
        self.query_one("#step-fields").display = has_steps
        for name in ("up", "down", "remove"):
            self.query_one(f"#step-{name}", Button).disabled = not has_steps

    def _relabel(self) -> None:
        if 0 <= self.current < len(self.steps):
            listing = self.query_one("#step-list", OptionList)
            listing.replace_option_prompt_at_index(
                self.current, _step_label(self.current, self.steps[self.current])
            )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        index = event.option_index
        if index != self.current and 0 <= index < len(self.steps):
            self.current = index
            self._show_fields()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#s-title", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "step-add": self.add_step,
            "step-up": lambda: self.move_step(-1),
            "step-down": lambda: self.move_step(1),
            "step-remove": self.remove_step,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            event.stop()
            action()

    def add_step(self) -> None:
        at = self.current + 1
        self.steps.insert(at, StepDraft(title=f"Step {len(self.steps) + 1}"))
        self.current = at
        self._changed(fields=True)
        self.query_one("#s-title", Input).focus()

    def remove_step(self) -> None:
        if not self.steps:
            return
        del self.steps[self.current]
        self.current = min(self.current, len(self.steps) - 1)
        self._changed(fields=True)

    def move_step(self, by: int) -> None:
        to = self.current + by
        if not self.steps or not 0 <= to < len(self.steps):
            return
        steps = self.steps
        steps[self.current], steps[to] = steps[to], steps[self.current]
        self.current = to
        self._changed(fields=False)

    def _changed(self, *, fields: bool) -> None:
        self._refresh_list()
        if fields:
            self._show_fields()
        self.post_message(self.Changed())

    # -- the chosen step ---------------------------------------------------------------------

    @property
    def step(self) -> StepDraft | None:
        return self.steps[self.current] if 0 <= self.current < len(self.steps) else None

    def _show_fields(self) -> None:
        step = self.step
        if step is None:
            return
        with self.prevent(Input.Changed, TextArea.Changed, Checkbox.Changed):
            self.query_one("#s-title", Input).value = step.title
            self.query_one("#s-seconds", Input).value = number_text(step.seconds)
            self.query_one("#s-bell", Checkbox).value = step.bell
            self.query_one("#s-prompt", TextArea).text = step.prompt
            self.query_one("#s-own", Checkbox).value = step.pattern is not None
        for row in self.query_one("#step-fields").query(Row):
            row.show_error("")
        pattern_fields = self.query_one("#step-pattern", PatternFields)
        pattern_fields.load(step.pattern or PatternDraft())
        pattern_fields.display = step.pattern is not None

    def on_input_changed(self, event: Input.Changed) -> None:
        step, name = self.step, event.input.id
        if step is None or name not in ("s-title", "s-seconds"):
            return
        event.stop()
        if event.validation_result is not None and not event.validation_result.is_valid:
            return
        if name == "s-title":
            step.title = event.value
        else:
            step.seconds = read_number(event.value) or step.seconds
        self._relabel()
        self.post_message(self.Changed())

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        step = self.step
        if step is not None and event.text_area.id == "s-prompt":
            event.stop()
            step.prompt = event.text_area.text
            self.post_message(self.Changed())

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        step = self.step
        if step is None or event.checkbox.id not in ("s-bell", "s-own"):
            return
        event.stop()
        if event.checkbox.id == "s-bell":
            step.bell = event.value
        else:
            pattern_fields = self.query_one("#step-pattern", PatternFields)
            step.pattern = pattern_fields.pattern if event.value else None
            pattern_fields.display = event.value
        self._relabel()
        self.post_message(self.Changed())

    def on_pattern_fields_changed(self, event: PatternFields.Changed) -> None:
        event.stop()
        self.post_message(self.Changed())

    def show_error(self, message: str) -> None:
        error = self.query_one("#steps-error", Static)
        error.update(visible_lines(message))  # it may quote what was typed
        error.set_class(bool(message), "-shown")


def _step_label(index: int, step: StepDraft) -> Content:
    marks = [clock_text(step.seconds)]
    if step.bell:
        marks.append("bell")
    if step.pattern is not None:
        marks.append("paced")
    return Content.assemble(
        f"{index + 1}. ",
        (visible(step.title.strip()) or "(untitled)", "bold"),
        (f"  {' · '.join(marks)}", "dim"),
    )
