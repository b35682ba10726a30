"""Choose how long to practise: a few sensible lengths, the practice's own preselected."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mbsr_tui.core.lengths import length_choices
from mbsr_tui.core.safe_text import visible
from mbsr_tui.core.session import Session
from mbsr_tui.core.words import plural


class LengthScreen(ModalScreen[int | None]):
    """Returns the chosen minutes, or None if the person went back."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Back")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.choices = length_choices(session)

    def compose(self) -> ComposeResult:
        default = self.session.default_minutes
        with Vertical(classes="dialog"):
            yield Static(
                f"{visible(self.session.title)}: how long?", classes="dialog-question", markup=False
            )
            yield OptionList(
                *[
                    Option(plural(m, "minute") + ("  (usual)" if m == default else ""), id=str(m))
                    for m in self.choices
                ],
                id="lengths",
            )
            yield Static("Enter to start · Escape to go back", classes="dialog-detail")

    def on_mount(self) -> None:
        lengths = self.query_one("#lengths", OptionList)
        lengths.highlighted = self.choices.index(self.session.default_minutes)
        lengths.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or self.session.default_minutes))
