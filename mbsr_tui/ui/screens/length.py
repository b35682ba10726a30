"""Choose how long to practise: a few sensible lengths, the practice's own preselected."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mbsr_tui.core.safe_text import visible
from mbsr_tui.core.session import Session

COMMON_MINUTES = (2, 3, 5, 10, 15, 20, 25, 30, 40, 45, 60)


def length_choices(session: Session) -> list[int]:
    """Lengths in minutes within the practice's range, always including its default.

    A length at which the breathing steps, in whole breaths, would leave the other steps
    next to no time is not offered (`timeline.squeezes`): the routine is never played
    squeezed. The default always stays (`check` refuses a file whose default squeezes).
    """
    from mbsr_tui.core.timeline import squeezes

    default = session.default_minutes
    low = session.min_minutes or max(1, default // 2)
    high = session.max_minutes or max(default, default * 2)
    choices = {m for m in COMMON_MINUTES if low <= m <= high}
    choices.update({default, int(low), int(high)})
    return sorted(c for c in choices if c > 0 and (c == default or not squeezes(session, c * 60)))


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
                    Option(f"{m} minutes" + ("  (usual)" if m == default else ""), id=str(m))
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
