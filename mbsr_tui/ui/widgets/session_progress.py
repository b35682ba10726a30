"""How far through the session: a thin bar with elapsed and remaining time."""

from __future__ import annotations

import math
from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget

from mbsr_tui.ui.guidance import clock_change_in, clock_text
from mbsr_tui.ui.widgets.kept_lines import keep_lines

DONE, TODO = "━", "─"


class BarParts(NamedTuple):
    """Everything the line depends on; equal parts draw equal lines."""

    filled: int
    bar_width: int
    label: str

    def text(self) -> str:
        return DONE * self.filled + TODO * (self.bar_width - self.filled) + " " + self.label


def bar_parts(elapsed: float, total: float, width: int) -> BarParts:
    if math.isinf(total):
        # An open-ended sit: nothing to fill and nothing left, only the time so far.
        return BarParts(0, 0, f"{clock_text(elapsed)} so far · no set end")
    left = max(0.0, total - elapsed)
    label = f" {clock_text(elapsed)} · {clock_text(left)} left"
    bar_width = max(0, width - len(label) - 1)
    share = 0.0 if total <= 0 else min(1.0, max(0.0, elapsed / total))
    return BarParts(round(share * bar_width), bar_width, label)


def progress_change_in(elapsed: float, total: float, width: int) -> float:
    """Seconds until the line reads differently as the session runs (infinity: never)."""
    return min(progress_changes_in(elapsed, total, width), default=math.inf)


def progress_changes_in(elapsed: float, total: float, width: int) -> tuple[float, ...]:
    """Seconds until each part of the line next reads differently (empty: never again).

    The label turns with its two clocks; the bar fills one cell at a time, each when
    the share crosses the middle of a cell (the bar rounds). A changed label may
    change the bar's width: that happens at a clock's turn, already counted. Each part
    is given, not only the soonest: the time so far turns just after a whole second
    and the time left just before it, and the player draws the two in one frame.
    """
    if elapsed >= total:
        return ()
    if math.isinf(total):
        return (clock_change_in(elapsed),)
    parts = bar_parts(elapsed, total, width)
    changes = [clock_change_in(elapsed), clock_change_in(total - elapsed, counting_down=True)]
    if total > 0 and parts.filled < parts.bar_width:
        # Rounding at the half may hold the old cell exactly there; just past it, not.
        turn = (parts.filled + 0.5) * total / parts.bar_width
        changes.append(max(0.0, turn - elapsed))
    return tuple(change for change in changes if change < math.inf)


def changed_span(old: str, new: str) -> tuple[int, int] | None:
    """(first column, width) of the stretch where two lines differ; None if equal."""
    if old == new:
        return None
    if len(old) != len(new):
        return 0, max(len(old), len(new))
    first = next(i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b)
    last = max(i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b)
    return first, last - first + 1


class SessionProgress(Widget):
    """Repaints only the cells that change (about once a second: the clocks)."""

    class Resized(Message):
        """A new width: the bar fills at other moments now."""

    COMPONENT_CLASSES = {"session-progress--done", "session-progress--todo"}
    DEFAULT_CSS = """
    SessionProgress {
        height: 1;
        width: 100%;
    }
    SessionProgress > .session-progress--done { color: $accent; }
    SessionProgress > .session-progress--todo { color: $panel-lighten-2; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        keep_lines(self)
        self.elapsed = 0.0
        self.total = 0.0
        self._drawn: BarParts | None = None
        self._outer: Size | None = None
        self._width = 0
        self._styled: tuple[VisualStyle, Style, Style, Style] | None = None

    def _content_width(self) -> int:
        # Worked out from regions and styles: only when the outer size may have changed.
        if self.outer_size != self._outer:
            self._outer = self.outer_size
            self._width = self.content_size.width
        return self._width

    def _parts(self) -> BarParts:
        return bar_parts(self.elapsed, self.total, self._content_width())

    def show(self, elapsed: float, total: float) -> None:
        self.elapsed, self.total = elapsed, total
        parts, drawn = self._parts(), self._drawn
        if parts == drawn:
            return
        self._drawn = parts
        span = None if drawn is None else changed_span(drawn.text(), parts.text())
        if span is None:
            self.refresh()  # nothing drawn yet
        else:
            self.refresh(Region(span[0], 0, span[1], 1))  # about once a second: the clocks

    def next_change_in(self) -> float:
        """Seconds until the line reads differently (infinity once the session is over)."""
        return progress_change_in(self.elapsed, self.total, self._content_width())

    def next_changes_in(self) -> tuple[float, ...]:
        """Seconds until each part of the line next reads differently."""
        return progress_changes_in(self.elapsed, self.total, self._content_width())

    def on_resize(self) -> None:
        self._drawn = None
        self.post_message(self.Resized())

    def _styles(self) -> tuple[Style, Style, Style]:
        """The label's style, the done part's and the rest's. Textual forgets component
        styles at every refresh; they change only with the widget's own style."""
        visual = self.visual_style
        styled = self._styled
        if styled is None or styled[0] is not visual:
            base = visual.rich_style
            done = base + self.get_component_rich_style("session-progress--done")
            todo = base + self.get_component_rich_style("session-progress--todo")
            styled = self._styled = (visual, base, done, todo)
        return styled[1], styled[2], styled[3]

    def notify_style_update(self) -> None:
        self._styled = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        base, done, todo = self._styles()
        width = self._content_width()
        if y != 0:
            return Strip.blank(width, base)
        parts = self._drawn = self._parts()
        segments = [
            Segment(DONE * parts.filled, done),
            Segment(TODO * (parts.bar_width - parts.filled), todo),
            Segment(" " + parts.label, base),
        ]
        return Strip([s for s in segments if s.text]).adjust_cell_length(width, base)
