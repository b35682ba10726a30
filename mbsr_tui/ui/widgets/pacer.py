"""The breathing pacer: a round shape that grows on the in-breath and shrinks on the out."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from mbsr_tui.ui.widgets.pacer_geometry import Glyphs, ShapeKey, draw, shape_key, terminal_glyphs


class Pacer(Widget):
    """Draws one value, the breath's fullness (0..1), and repaints only on a visible change.

    Over SSH every repaint is bytes on the person's connection, so `show()` compares the
    quantised picture with the one on screen and asks for a refresh only when they differ.
    """

    COMPONENT_CLASSES = {"pacer--shape"}
    DEFAULT_CSS = """
    Pacer {
        /* Just wide enough for the round shape (cells are twice as tall as wide): every
           blank cell repainted is bytes on a slow SSH link. */
        width: 20;
        height: 1fr;
        min-height: 3;
        content-align: center middle;
    }
    Pacer > .pacer--shape {
        color: $accent;
    }
    """

    def __init__(self, *, glyphs: Glyphs | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.glyphs = glyphs or terminal_glyphs()
        self.fullness = 0.0
        self._drawn: ShapeKey | None = None
        self.repaints = 0  # how many pictures were asked for: tests and benches read it

    def _key(self) -> ShapeKey:
        width, height = self.content_size.width, self.content_size.height
        return shape_key(max(1, width), max(1, height), self.fullness, self.glyphs)

    def show(self, fullness: float) -> None:
        """Set the breath's fullness; repaint only if the picture would change."""
        self.fullness = fullness
        if self._key() != self._drawn:
            self.repaints += 1
            self.refresh()

    def render(self) -> Text:
        key = self._key()
        self._drawn = key
        style = self.get_component_rich_style("pacer--shape")
        return Text("\n".join(draw(key)), style=style, no_wrap=True, overflow="crop")
