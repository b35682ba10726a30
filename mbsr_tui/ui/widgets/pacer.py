"""The breathing pacer: a round shape that grows on the in-breath and shrinks on the out."""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from mbsr_tui.core.events import BreathState
from mbsr_tui.core.session import Pattern
from mbsr_tui.ui.widgets.pacer_geometry import (
    Glyphs,
    ShapeKey,
    changed_spans,
    draw,
    next_radius_change,
    shape_key,
    terminal_glyphs,
)

# Rows kept per picture: a size has about twenty radii; a resize or a theme starts afresh.
_STRIP_CACHE_LIMIT = 64


@lru_cache(maxsize=256)
def _changed_regions(old: ShapeKey, new: ShapeKey) -> tuple[Region, ...]:
    """The cells to repaint between two pictures of one size (breaths repeat: kept)."""
    return tuple(Region(x, y, width, 1) for x, y, width in changed_spans(draw(old), draw(new)))


class Pacer(Widget):
    """Draws one value, the breath's fullness (0..1), and repaints only on a visible change.

    Over SSH every repaint is bytes on the person's connection, so `show()` compares the
    quantised picture with the one on screen and asks Textual to repaint only the cells
    that differ; rows are drawn once per picture and kept (`render_line`).
    """

    class Resized(Message):
        """The pacer has a new size: when its picture next changes has changed too."""

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
        self._strips: dict[tuple[ShapeKey, Style], list[Strip]] = {}
        self._outer: Size | None = None
        self._cells = (1, 1)
        self.repaints = 0  # how many pictures were asked for: tests and benches read it

    def _shape_size(self) -> tuple[int, int]:
        # The content size is worked out from regions and styles: only when the outer
        # size (a plain attribute) says it may have changed.
        if self.outer_size != self._outer:
            self._outer = self.outer_size
            size = self.content_size
            self._cells = (max(1, size.width), max(1, size.height))
        return self._cells

    def _key(self) -> ShapeKey:
        return shape_key(*self._shape_size(), self.fullness, self.glyphs)

    def show(self, fullness: float) -> None:
        """Set the breath's fullness; repaint the cells that change, if any."""
        self.fullness = fullness
        key = self._key()
        drawn = self._drawn
        if key == drawn:
            return
        self.repaints += 1
        self._drawn = key
        if drawn is None or (drawn.width, drawn.height) != (key.width, key.height):
            self.refresh()
            return
        regions = _changed_regions(drawn, key)
        if regions:
            self.refresh(*regions)

    def next_change_in(self, pattern: Pattern, breath: BreathState) -> float | None:
        """Seconds until the picture changes within the present phase (None: it holds)."""
        return next_radius_change(
            pattern,
            breath.phase,
            breath.phase_progress,
            breath.phase_seconds,
            self._shape_size(),
            self.glyphs,
        )

    def on_resize(self) -> None:
        self._drawn = None
        self._strips.clear()
        self.post_message(self.Resized())

    def render_line(self, y: int) -> Strip:
        key = self._key()
        self._drawn = key
        base = self.visual_style.rich_style
        shape = base + self.get_component_rich_style("pacer--shape")
        strips = self._strips.get((key, shape))
        if strips is None:
            if len(self._strips) >= _STRIP_CACHE_LIMIT:
                self._strips.clear()
            strips = [Strip([Segment(row, shape)], key.width) for row in draw(key)]
            self._strips[(key, shape)] = strips
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, base)
