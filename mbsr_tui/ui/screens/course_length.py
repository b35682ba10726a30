"""Today's course practice: the suggested length, or the shorter one for a day of pain."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mbsr_tui.core.course import Planned
from mbsr_tui.core.course_plan import minutes_text
from mbsr_tui.core.safe_text import visible, visible_lines


class CourseLengthScreen(ModalScreen[float | None]):
    """Returns the chosen minutes, or None if the person went back."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Back")]

    def __init__(self, planned: Planned) -> None:
        super().__init__()
        self.planned = planned

    def compose(self) -> ComposeResult:
        planned = self.planned
        with Vertical(classes="dialog"):
            yield Static(f"{visible(planned.title)}: how long today?", classes="dialog-question",
                         markup=False)  # fmt: skip
            yield OptionList(
                Option(f"{minutes_text(planned.minutes)}  (the week's suggestion)", id="full"),
                Option(f"{minutes_text(planned.shorter)}  (kinder on a day of pain)", id="short"),
                id="course-lengths",
            )
            if planned.note:
                yield Static(visible_lines(planned.note), classes="dialog-detail", markup=False)
            yield Static("Enter to start · Escape to go back", classes="dialog-detail")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        short = event.option.id == "short"
        self.dismiss(self.planned.shorter if short else self.planned.minutes)
