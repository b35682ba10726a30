"""A practice that needs care asks for an explicit yes before it starts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from mbsr_tui.core.safe_text import visible, visible_lines
from mbsr_tui.core.session import Session


class CautionScreen(ModalScreen[bool]):
    """True only when the person chose to go ahead; anything else is a no."""

    BINDINGS = [Binding("escape,n", "dismiss(False)", "Choose another practice")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="caution-dialog"):
            yield Static(f"Before {visible(self.session.title)}", classes="dialog-question",
                         markup=False)  # fmt: skip
            with VerticalScroll(id="caution-scroll"):
                yield Static(visible_lines(self.session.caution), id="caution-text", markup=False)
                yield Static(
                    "This practice is optional. Choosing a gentler one is always a good choice.",
                    classes="dialog-detail",
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Choose another (n)", id="no", variant="primary")
                yield Button("I have read this; start (y)", id="yes")

    def on_mount(self) -> None:
        # The safe answer has the focus: Enter alone never starts a risky practice.
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def key_y(self) -> None:
        self.dismiss(True)
