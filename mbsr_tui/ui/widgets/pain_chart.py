"""Weekly average back pain before practice as small bars on a 0-10 scale."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from mbsr_tui.core.progress import WeekPain

BAR_ROWS = 5  # each row is two points of the 0-10 scale
EIGHTHS = " ▁▂▃▄▅▆▇█"
AXIS_WIDTH = 3  # "10┤"
BAR_WIDTH = 2  # a bar and the gap after it


def bar_cells(value: float, rows: int = BAR_ROWS) -> list[str]:
    """One column of a bar, top row first, in eighths of a row."""
    height = round(max(0.0, min(10.0, value)) / 10 * rows * 8)
    return [EIGHTHS[max(0, min(8, height - 8 * (rows - 1 - row)))] for row in range(rows)]


def short_date(day: date) -> str:
    return f"{day.day} {day:%b}"


def averages_line(before_after: tuple[float, float] | None) -> str:
    """Average pain before and after, over practices rated both times."""
    if before_after is None:
        return "Before → after: –"
    before, after = before_after
    return f"Before {before:.1f} → after {after:.1f}"


class PainChart(Widget):
    """The most recent weeks that fit, oldest on the left; weeks without ratings are skipped."""

    COMPONENT_CLASSES = {"pain-chart--axis", "pain-chart--bar"}
    DEFAULT_CSS = """
    PainChart {
        height: auto;
    }
    PainChart > .pain-chart--axis { color: $text-muted; }
    PainChart > .pain-chart--bar { color: $primary-lighten-1; }
    """

    weeks: reactive[tuple[WeekPain, ...]] = reactive((), layout=True)
    before_after: reactive[tuple[float, float] | None] = reactive(None)

    def _shown(self) -> list[WeekPain]:
        rated = [week for week in self.weeks if week.pain_before is not None]
        room = max(1, (self.content_size.width - AXIS_WIDTH) // BAR_WIDTH)
        return rated[-room:]

    def render(self) -> Text:
        axis = self.get_component_rich_style("pain-chart--axis")
        bar = self.get_component_rich_style("pain-chart--bar")
        shown = self._shown()
        text = Text(no_wrap=True, overflow="crop")
        if not shown:
            text.append("No pain ratings yet.\n", axis)
            text.append(averages_line(self.before_after), axis)
            return text
        columns = [bar_cells(week.pain_before or 0.0) for week in shown]
        labels = {0: "10┤", BAR_ROWS // 2: " 5┤"}
        for row in range(BAR_ROWS):
            text.append(labels.get(row, "  │"), axis)
            text.append(" ".join(column[row] for column in columns), bar)
            text.append("\n")
        text.append(" 0└" + "─" * (BAR_WIDTH * len(shown)), axis)
        text.append("\n" + self._dates_line(shown) + "\n", axis)
        text.append(averages_line(self.before_after))
        return text

    def _dates_line(self, shown: list[WeekPain]) -> str:
        """The first shown week under the first bar and the latest under the last."""
        first, latest = short_date(shown[0].monday), short_date(shown[-1].monday)
        span = BAR_WIDTH * len(shown)
        if len(shown) == 1:
            return " " * AXIS_WIDTH + first
        if len(first) + len(latest) + 1 <= span:
            return " " * AXIS_WIDTH + first + latest.rjust(span - len(first))
        return " " * AXIS_WIDTH + f"{first} – {latest}"
