"""How far through the session: a thin bar with elapsed and remaining time."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from mbsr_tui.ui.guidance import clock_text


class SessionProgress(Widget):
    """Repaints only when the text or the number of filled cells changes (about once a second)."""

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
        self.elapsed = 0.0
        self.total = 0.0
        self._drawn: tuple[int, str] | None = None

    def _parts(self) -> tuple[int, str]:
        left = max(0.0, self.total - self.elapsed)
        label = f" {clock_text(self.elapsed)} · {clock_text(left)} left"
        bar_width = max(0, self.content_size.width - len(label) - 1)
        share = 0.0 if self.total <= 0 else min(1.0, self.elapsed / self.total)
        return round(share * bar_width), label

    def show(self, elapsed: float, total: float) -> None:
        self.elapsed, self.total = elapsed, total
        if self._parts() != self._drawn:
            self.refresh()

    def render(self) -> Text:
        filled, label = self._drawn = self._parts()
        bar_width = max(0, self.content_size.width - len(label) - 1)
        text = Text(no_wrap=True, overflow="crop")
        text.append("━" * filled, self.get_component_rich_style("session-progress--done"))
        text.append(
            "─" * (bar_width - filled), self.get_component_rich_style("session-progress--todo")
        )
        text.append(" " + label)
        return text
