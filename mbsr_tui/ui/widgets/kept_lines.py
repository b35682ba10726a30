"""Lines a widget already drew, handed back whole while nothing about them has changed.

When any cell of the player changes, Textual's compositor asks every widget whose *clip*
overlaps the repaint for its lines, not only the widgets that changed: inside a container
that is all of them (the clip is the container). Each answer costs the styling pass of
`StylesCache.render_widget` (background colours up the tree, theme, opacity, filters,
crop) even when every line comes from its cache: measured at 80x24, 60-170 us per widget,
eleven widgets, three to four times a second.

`KeptLines` is Textual's own line cache plus its last answer. The answer is a function
of the cached lines, the crop, the width and the line filters; the lines go stale only
through `set_dirty` / `clear` (every `refresh`, resize and style update of the widget goes
through them). So the kept answer is dropped exactly when Textual would draw a line
afresh, and is otherwise what Textual would have returned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual._styles_cache import StylesCache

if TYPE_CHECKING:
    from textual.geometry import Region
    from textual.strip import Strip
    from textual.widget import Widget

W = TypeVar("W", bound="Widget")


class KeptLines(StylesCache):
    """A widget's `StylesCache` that keeps its last answer until a line goes stale."""

    def __init__(self) -> None:
        super().__init__()
        self._kept: tuple[tuple, list[Strip]] | None = None
        self.hits = 0  # answers handed back whole: tests read it

    def set_dirty(self, *regions: Region) -> None:
        self._kept = None
        super().set_dirty(*regions)

    def clear(self) -> None:
        self._kept = None
        super().clear()

    def render_widget(self, widget: Widget, crop: Region) -> list[Strip]:
        # Everything besides the cached lines that the answer depends on.
        key = (crop, widget.outer_size, tuple(widget.get_line_filters()), widget.hover_style)
        kept = self._kept
        if kept is not None and kept[0] == key:
            self.hits += 1
            return kept[1]
        strips = super().render_widget(widget, crop)
        self._kept = (key, strips)
        return strips


def keep_lines(widget: W) -> W:
    """Give `widget` a `KeptLines` (before it is first drawn); returns the widget."""
    widget._styles_cache = KeptLines()
    return widget
