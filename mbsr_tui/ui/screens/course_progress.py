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
from mbsr_tui.core.safe_text import visible
from mbsr_tui.core.words import plural
from mbsr_tui.ui.table_fit import Column, fit_columns, table_room
from mbsr_tui.ui.widgets.key_line import KeyLine
from mbsr_tui.ui.worker_errors import WorkerErrors

if TYPE_CHECKING:
    from mbsr_tui.ui.course_companion import CourseCompanion, CourseJournal, CourseView

COLUMNS = {
    "wk": "Wk",
    "theme": "Theme",
    "days": Text("Days", justify="right"),
    "min": Text("Min", justify="right"),
    "cal": Text("Cal", justify="right"),
    "pain": Text("Pain", justify="right"),
}
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
        Binding("w", "write", "Write in the calendar"),
    ]

    class Looked(Message, bubble=False):
        def __init__(self, view: CourseView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, companion: CourseCompanion, journal: CourseJournal, hour: int) -> None:
        super().__init__()
        self.companion, self.journal, self.hour = companion, journal, hour
        self.rows: list[WeekReview] = []

    def compose(self) -> ComposeResult:
        yield Static("mbsr-tui · the 8-week course", id="progress-title")
        yield Static("Loading…", id="progress-message", markup=False)
        yield DataTable(id="progress-weeks", cursor_type="row", zebra_stripes=False)
        # A theme the table had to cut (…), whole, for the week under the cursor.
        yield Static(id="progress-theme", markup=False)
        yield KeyLine(id="progress-keys")

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
        self.rows = view.rows
        table = self.query_one("#progress-weeks", DataTable)
        table.display = True
        self._fill()
        current = next((i for i, row in enumerate(self.rows) if row.current), 0)
        table.move_cursor(row=current)  # the week under way, its theme whole below if cut
        table.focus()

    def on_resize(self) -> None:
        if self.rows:
            self._fill()

    def _fill(self) -> None:
        """The weeks, with the theme as wide as the room allows (ui/table_fit.py)."""
        table = self.query_one("#progress-weeks", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        longest = max(len(row.title) for row in self.rows)
        widths = fit_columns(
            [Column("wk", 3, keep=9), Column("theme", longest, flexible=True, least=16, keep=5),
             Column("days", 4, keep=8), Column("min", 4, keep=3), Column("cal", 3, keep=2),
             Column("pain", 4, keep=1)],
            table_room(self.size.width),
        )  # fmt: skip
        for key, label in COLUMNS.items():
            if key in widths:
                table.add_column(label, width=widths[key], key=key)
        for row in self.rows:
            style = "bold" if row.current else ""
            mark = "▸" if row.current else " "
            cells = {
                "wk": Text(f"{mark}{row.week}" + ("+" if row.attempt > 1 else ""), style=style),
                "theme": Text(one_line(row.title, widths.get("theme", 1)), style=style),
                "days": Text(f"{row.days_practised}/{HOME_PRACTICE_DAYS}", justify="right"),
                "min": Text(str(round(row.minutes)), justify="right"),
                "cal": Text(str(row.calendar_entries), justify="right"),
                "pain": Text(pain_text(row), justify="right"),
            }
            table.add_row(*(cells[key] for key in widths), key=str(row.week))
        self.theme_width = widths.get("theme", 0)
        table.move_cursor(row=cursor)

    theme_width = 0

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        line = self.query_one("#progress-theme", Static)
        row = next((r for r in self.rows if str(r.week) == event.row_key.value), None)
        cut = row is not None and len(row.title) > self.theme_width
        line.display = cut
        if cut:
            line.update(visible(f"Week {row.week}: {row.title}"))
