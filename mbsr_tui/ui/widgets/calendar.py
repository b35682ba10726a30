"""The practice calendar: minutes per day over the last weeks, one shaded cell a day."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from mbsr_tui.core.progress import HeatmapWeek

# One character per level as well as a colour, so the shading survives 16 colours and
# NO_COLOR. The steps follow MBSR's home practice of about 45 minutes a day.
LEVEL_CHARS = "·░▒▓█"
LEVEL_MINUTES = (0, 1, 15, 30, 45)  # the least a day needs to reach each level
DAY_LABELS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def level(minutes: float | None) -> int | None:
    """The shading step (0-4) for a day's minutes; None for a day still to come."""
    if minutes is None:
        return None
    # Rounded first, so a day whose minutes are shown as 15 is never drawn as under 15.
    whole = round(minutes)
    if minutes > 0 and whole == 0:
        return 1  # some practice, however short, is never drawn as none
    return max(step for step, least in enumerate(LEVEL_MINUTES) if whole >= least)


def legend() -> list[tuple[str, int]]:
    """('·0', 0), ('░1+', 1), ...: each level's character with the minutes it starts at."""
    return [
        (LEVEL_CHARS[step] + (f"{least}+" if least else "0"), step)
        for step, least in enumerate(LEVEL_MINUTES)
    ]


class PracticeCalendar(Widget):
    """Weeks as columns (oldest on the left), Monday to Sunday as rows, then a legend."""

    COMPONENT_CLASSES = {
        "practice-calendar--label",
        "practice-calendar--level-0",
        "practice-calendar--level-1",
        "practice-calendar--level-2",
        "practice-calendar--level-3",
        "practice-calendar--level-4",
    }
    DEFAULT_CSS = """
    PracticeCalendar {
        width: auto;
        height: auto;
    }
    PracticeCalendar > .practice-calendar--label { color: $text-muted; }
    PracticeCalendar > .practice-calendar--level-0 { color: $text-muted; }
    PracticeCalendar > .practice-calendar--level-1 { color: $success-darken-2; }
    PracticeCalendar > .practice-calendar--level-2 { color: $success-darken-1; }
    PracticeCalendar > .practice-calendar--level-3 { color: $success; }
    PracticeCalendar > .practice-calendar--level-4 { color: $success-lighten-1; }
    """

    weeks: reactive[tuple[HeatmapWeek, ...]] = reactive((), layout=True)

    def _style(self, step: int):
        return self.get_component_rich_style(f"practice-calendar--level-{step}")

    def render(self) -> Text:
        label = self.get_component_rich_style("practice-calendar--label")
        text = Text(no_wrap=True, overflow="crop")
        for weekday, name in enumerate(DAY_LABELS):
            text.append(name + " ", label)
            for week in self.weeks:
                step = level(week.minutes[weekday])
                if step is None:
                    text.append("  ")
                else:
                    text.append(LEVEL_CHARS[step], self._style(step))
                    text.append(" ")
            text.append("\n")
        for index, (key, step) in enumerate(legend()):
            text.append(" " if index else "")
            text.append(key[0], self._style(step))
            text.append(key[1:], label)
        return text
