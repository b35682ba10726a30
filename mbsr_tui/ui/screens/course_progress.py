"""The course's progress: eight rows, one per week (practice days of six, minutes,
calendar entries, the pain average), the current week marked. Once the eighth week has
ended: the course is complete, with an invitation to keep a daily practice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from mbsr_tui.core.course_plan import WeekReview
from mbsr_tui.core.journal.format import one_line
from mbsr_tui.core.progress import HOME_PRACTICE_DAYS
from mbsr_tui.core.words import plural
from mbsr_tui.ui.worker_errors import WorkerErrors

if TYPE_CHECKING:
    from mbsr_tui.ui.course_companion import CourseCompanion, CourseJournal, CourseView

THEME_WIDTH = 30
COMPLETE_TEXT = (
    "The course is complete. Eight weeks of coming back, again and again: that is the "
    "practice. A daily practice of your own carries it on: the Today card suggests one, "
    "and any practice in the menu will do. Ten minutes is plenty."
)


def pain_text(row: WeekReview) -> str:
    return "–" if row.pain_before is None else f"{row.pain_before:.1f}"


class CourseProgressScreen(WorkerErrors, Screen[None]):
    CSS_PATH = "../course.tcss"
    BINDINGS = [
        Binding("escape,q,p", "app.pop_screen", "Back"),
        Binding("w", "write", "Write"),
    ]

    class Looked(Message, bubble=False):
        def __init__(self, view: CourseView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, companion: CourseCompanion, journal: CourseJournal, hour: int) -> None:
        super().__init__()
        self.companion, self.journal, self.hour = companion, journal, hour

    def compose(self) -> ComposeResult:
        yield Static("mbsr-tui · the 8-week course", id="progress-title")
        yield Static("Loading…", id="progress-message", markup=False)
        yield DataTable(id="progress-weeks", cursor_type="row", zebra_stripes=False)
        yield Static("Escape: back · w: write in the calendar", id="progress-keys")

    def action_write(self) -> None:
        from mbsr_tui.ui.screens.requests import WriteCalendar

        self.post_message(WriteCalendar(None))

    def on_mount(self) -> None:
        self.query_one("#progress-weeks").display = False
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        from mbsr_tui.ui.course_companion import CourseView

        try:
            view = self.companion.look(self.journal, self.hour, with_rows=True)
        except Exception as err:  # the journal or the course could not be read
            view = CourseView(None, problem=str(err) or type(err).__name__)
        self.post_message(self.Looked(view))

    def on_course_progress_screen_looked(self, message: Looked) -> None:
        view, words = message.view, self.query_one("#progress-message", Static)
        if not view.rows:
            words.update(view.problem or "No course has begun yet: the Today card at the "
                         "top of the menu starts it whenever you are ready.")  # fmt: skip
            return
        plan = view.plan
        complete = plan is not None and plan.status == "complete"
        done = sum(row.days_practised for row in view.rows)
        ongoing = (f"{plural(done, 'practice day')} so far. Each week asks for six; whatever "
                   "happened, the next day is a new start.")  # fmt: skip
        words.update(COMPLETE_TEXT if complete else ongoing)
        table = self.query_one("#progress-weeks", DataTable)
        table.display = True
        # The theme gives way on a narrow screen: the figures always show.
        theme = max(6, min(THEME_WIDTH, self.app.size.width - 33))
        table.add_column("Wk", width=3)
        table.add_column("Theme", width=theme)
        table.add_column(Text("Days", justify="right"), width=4)
        table.add_column(Text("Min", justify="right"), width=4)
        table.add_column(Text("Cal", justify="right"), width=3)
        table.add_column(Text("Pain", justify="right"), width=4)
        for row in view.rows:
            style = "bold" if row.current else ""
            mark = "▸" if row.current else " "
            table.add_row(
                Text(f"{mark}{row.week}" + ("+" if row.attempt > 1 else ""), style=style),
                Text(one_line(row.title, theme), style=style),
                Text(f"{row.days_practised}/{HOME_PRACTICE_DAYS}", justify="right"),
                Text(str(round(row.minutes)), justify="right"),
                Text(str(row.calendar_entries), justify="right"),
                Text(pain_text(row), justify="right"),
                key=str(row.week),
            )
        table.focus()
