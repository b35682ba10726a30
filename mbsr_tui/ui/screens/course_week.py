"""A week of the course: its theme and teaching, the formal practice, the informal one,
the week's calendar and questions to reflect on. Shown when a new week begins and from
the Today card (t)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from mbsr_tui.core.course import Week
from mbsr_tui.core.course_plan import practice_text
from mbsr_tui.core.safe_text import visible, visible_lines
from mbsr_tui.ui.widgets.fitted_text import FittedText
from mbsr_tui.ui.widgets.key_line import KeyLine

if TYPE_CHECKING:
    from mbsr_tui.ui.course_companion import CourseView

CALENDAR_TEXT = {
    "pleasant": "Each day, write down one pleasant event (w).",
    "unpleasant": "Each day, write down one unpleasant event (w).",
    "communication": "Each day, write down one difficult communication (w).",
}


def _days(days: tuple[int, ...]) -> str:
    if len(days) == 7:
        return "every day"
    return "days " + ", ".join(str(d) for d in days)


def week_text(week: Week) -> str:
    """The week's plan in plain lines (text from the course file, shown literally)."""
    parts = [week.teaching, "", "Formal practice"]
    parts += [f"  {practice_text(p)}, {_days(p.days)}" + (f" · {p.note}" if p.note else "")
              for p in week.practices]  # fmt: skip
    if week.informal:
        parts += ["", "In daily life"] + [f"  {line}" for line in week.informal]
    if week.calendar in CALENDAR_TEXT:
        parts += ["", "Calendar", f"  {CALENDAR_TEXT[week.calendar]}"]
    if week.reflection:
        parts += ["", "To reflect on"] + [f"  {line}" for line in week.reflection]
    return "\n".join(parts)


class WeekPlanScreen(Screen[None]):
    CSS_PATH = "../course.tcss"
    BINDINGS = [
        Binding("escape,enter,q", "app.pop_screen", "Back to the menu"),
        Binding("w", "write", "Write in the calendar"),
    ]

    def __init__(self, view: CourseView) -> None:
        super().__init__()
        self.view = view
        plan, course = view.plan, view.course
        assert plan is not None and course is not None and plan.position is not None
        self.week = course.week(plan.position.week)

    def compose(self) -> ComposeResult:
        pos = self.view.position
        assert pos is not None
        again = " (again)" if pos.attempt > 1 else ""
        yield Static(f"mbsr-tui · week {self.week.number}{again} of 8", id="week-title")
        with VerticalScroll(id="week-body"):
            yield Static(visible(self.week.title), id="week-theme", markup=False)
            # Wrapped lines of an item stay under its words (widgets/fitted_text.py).
            yield FittedText(visible_lines(week_text(self.week)), id="week-plan")
        yield KeyLine(id="week-keys")

    def on_mount(self) -> None:
        self.query_one("#week-body").focus()

    def action_write(self) -> None:
        kind = self.week.calendar if self.week.calendar in CALENDAR_TEXT else None
        from mbsr_tui.ui.screens.requests import WriteCalendar

        self.post_message(WriteCalendar(kind))
