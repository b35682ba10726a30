"""The breathing pacer: a round shape that grows on the in-breath and shrinks on the out."""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget

from mbsr_tui.core.events import BreathState
from mbsr_tui.core.session import Pattern
from mbsr_tui.ui.widgets.kept_lines import keep_lines
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
        keep_lines(self)
        self.glyphs = glyphs or terminal_glyphs()
        self.fullness = 0.0
        self._drawn: ShapeKey | None = None
        self._strips: dict[tuple[ShapeKey, Style], list[Strip]] = {}
        self._lines: dict[tuple, list[Strip]] = {}  # rows on screen per picture and crop
        self._outer: Size | None = None
        self._cells = (1, 1)
        self._styled: tuple[VisualStyle, Style, Style] | None = None
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
        self._lines.clear()
        self.post_message(self.Resized())

    def _styles(self) -> tuple[Style, Style]:
        """The blank's style and the shape's. Textual forgets component styles at every
        refresh; they change only with the widget's own style (a new `visual_style`)."""
        visual = self.visual_style
        styled = self._styled
        if styled is None or styled[0] is not visual:
            base = visual.rich_style
            styled = (visual, base, base + self.get_component_rich_style("pacer--shape"))
            self._styled = styled
        return styled[1], styled[2]

    def notify_style_update(self) -> None:
        self._styled = None
        self._lines.clear()
        super().notify_style_update()

    def _plain(self) -> bool:
        """No border, padding, outline, hatch, tint or opacity: a row on screen is the
        picture's row, filtered and cropped (what Textual's styling pass would make)."""
        styles = self.styles
        return (
            not any(styles.gutter)
            and not any(edge for edge, _ in styles.outline)
            and not (styles.has_rule("hatch") and styles.hatch != "none")
            and not styles.tint.a
            and styles.text_opacity == 1.0
            and self.opacity == 1.0
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        """The rows in `crop`, kept whole per picture.

        Textual passes every repainted row through its styling pass (borders, padding,
        tint, opacity: about 50 us a row, six rows a picture) before it filters and
        crops it. The pacer has none of those, so its rows are the picture's rows with
        the terminal's line filters and the crop applied: worked out once per picture
        and crop, then handed back as they are. Any other styling goes Textual's way.
        """
        if not self._plain():
            return super().render_lines(crop)
        key = self._key()
        self._drawn = key
        base, shape = self._styles()
        filters = tuple(self.get_line_filters())
        lines_key = (key, shape, crop, filters)
        lines = self._lines.get(lines_key)
        if lines is None:
            if len(self._lines) >= _STRIP_CACHE_LIMIT:
                self._lines.clear()
            background = self.background_colors[1]
            width = self.size.width
            x1, x2 = crop.column_span
            lines = []
            for y in crop.line_range:
                strip = self.render_line(y).adjust_cell_length(width, base)
                for line_filter in filters:
                    strip = strip.apply_filter(line_filter, background)
                lines.append(strip.crop(x1, x2) if (x1, x2) != (0, width) else strip)
            self._lines[lines_key] = lines
        return lines

    def render_line(self, y: int) -> Strip:
        key = self._key()
        self._drawn = key
        base, shape = self._styles()
        strips = self._strips.get((key, shape))
        if strips is None:
            if len(self._strips) >= _STRIP_CACHE_LIMIT:
                self._strips.clear()
            strips = [Strip([Segment(row, shape)], key.width) for row in draw(key)]
            self._strips[(key, shape)] = strips
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, base)
