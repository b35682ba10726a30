"""Which nostril is open: a left/right picture for alternate-nostril breathing."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from mbsr_tui.core.events import Side


class NostrilPanel(Static):
    """One side: its name in large letters, and OPEN or closed."""

    DEFAULT_CSS = """
    NostrilPanel {
        width: 1fr;
        height: 3;
        border: round $panel-lighten-2;
        content-align: center middle;
        text-align: center;
        color: $text-muted;
    }
    NostrilPanel.-open {
        border: heavy $accent;
        color: $text;
        text-style: bold;
    }
    """

    def __init__(self, side: Side, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.side = side
        self.border_title = side.value.upper()

    def set_open(self, is_open: bool) -> None:
        self.set_class(is_open, "-open")
        name = self.side.value
        # A panel's size is set by the layout, never by its words: no layout needed.
        self.update(f"{name} side open" if is_open else f"{name} side closed", layout=False)


class Nostrils(Horizontal):
    """LEFT on the left, RIGHT on the right, the open one bright: never confusable."""

    DEFAULT_CSS = """
    Nostrils {
        height: 3;
        width: 100%;
    }
    """

    def compose(self) -> ComposeResult:
        yield NostrilPanel(Side.LEFT, id="nostril-left")
        yield NostrilPanel(Side.RIGHT, id="nostril-right")

    def on_mount(self) -> None:
        self._shown: Side | None = None
        self._left = self.query_one("#nostril-left", NostrilPanel)
        self._right = self.query_one("#nostril-right", NostrilPanel)
        self.show(Side.NONE)

    def show(self, side: Side) -> None:
        if side == self._shown:
            return
        self._shown = side
        self._left.set_open(side in (Side.LEFT, Side.BOTH))
        self._right.set_open(side in (Side.RIGHT, Side.BOTH))
