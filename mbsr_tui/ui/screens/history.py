"""Your practice: totals, days in a row, the calendar, pain over the weeks, recent sessions
and the course's calendar entries among them; c shows the 8-week course's progress, w
writes a calendar entry, r writes the report to show a teacher (`mbsr-tui report`).

The journal is read and summarised in a worker thread (ten years of practice is about
11,000 sessions); the screen says "Loading…" until the worker posts what it found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Protocol

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from mbsr_tui.core.journal.calendar_entry import CalendarEntry
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.journal.format import (
    date_cell,
    format_duration,
    minutes_text,
    one_line,
)
from mbsr_tui.core.progress import HOME_PRACTICE_DAYS, Progress, summarise
from mbsr_tui.core.safe_text import visible_lines
from mbsr_tui.core.settings import Settings
from mbsr_tui.core.words import plural
from mbsr_tui.ui.report_file import ReportFile, write_report_file
from mbsr_tui.ui.screens.session_detail import SessionDetailScreen
from mbsr_tui.ui.table_fit import Column, fit_columns, table_room
from mbsr_tui.ui.widgets.calendar import PracticeCalendar
from mbsr_tui.ui.widgets.key_line import KeyLine
from mbsr_tui.ui.widgets.pain_chart import PainChart
from mbsr_tui.ui.worker_errors import WorkerErrors, reason

RECENT_LIMIT = 50  # enough to look back over a few weeks; the table stays quick to build
NOTE_WIDTH = 60  # the most a note's column takes; Enter shows it whole
RECENT_COLUMNS = {
    "date": "Date",
    "title": "Practice",
    "min": Text("Min", justify="right"),
    "note": "Note",
}

EMPTY_TEXT = (
    "Your practice will appear here after your first session: the days you practised, "
    "the minutes, and, if you rate it, how your back pain changes over the weeks.\n\n"
    "Whenever you feel ready, press Escape and choose a practice. "
    "A few minutes is a fine place to begin."
)


class EntrySource(Protocol):
    """What the screen needs from the journal (the app's JournalKeeper, or a fake).

    A source may also say how many of those entries still wait in a fallback file
    (`waiting`, an int, read after `entries()`).
    """

    def entries(self) -> list[Entry]: ...


def summary_text(progress: Progress, waiting: int = 0) -> Text:
    """Three short groups: this week, days in a row, everything so far (and how many of
    those wait in the fallback file to be added to the journal)."""
    totals, streaks = progress.totals, progress.streaks
    text = Text()
    groups = [
        (
            "This week",
            [
                f"{plural(totals.sessions_this_week, 'session')} · "
                f"{format_duration(totals.seconds_this_week)}",
                f"{progress.days_this_week} of {HOME_PRACTICE_DAYS} practice days",
            ],
        ),
        ("Days in a row", [f"{streaks.current:,} now · longest {streaks.longest:,}"]),
        (
            "In all",
            [plural(totals.sessions, "session"), format_duration(totals.seconds)]
            + ([f"{waiting:,} waiting to be saved"] if waiting else []),
        ),
    ]
    for heading, lines in groups:
        text.append(("\n" if text else "") + heading, "bold")
        for line in lines:
            text.append("\n " + line)
    return text


class HistoryScreen(WorkerErrors, Screen[None]):
    CSS_PATH = "../history.tcss"
    BINDINGS = [
        Binding("escape,h", "app.pop_screen", "Back"),
        # Before the table's own Enter, so the footer can say what Enter does here.
        Binding("enter", "open_session", "Open", priority=True),
        Binding("c", "course", "Course"),
        Binding("w", "write", "Write"),
        Binding("r", "report", "Report"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    @dataclass
    class Loaded(Message, bubble=False):
        """The worker's findings: the summary and the latest sessions, newest first."""

        progress: Progress
        recent: list[Entry | CalendarEntry]
        waiting: int = 0  # of those, how many wait in the fallback file
        set_aside: str | None = None  # where a damaged journal was set aside, what to do

    @dataclass
    class Failed(Message, bubble=False):
        reason: str

    @dataclass
    class ReportWritten(Message, bubble=False):
        """The report's worker wrote the page (`report.path`)."""

        report: ReportFile

    @dataclass
    class ReportFailed(Message, bubble=False):
        reason: str

    def __init__(
        self,
        journal: EntrySource,
        settings: Settings,
        *,
        now: datetime | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__()
        self.journal = journal
        self.settings = settings
        self.now, self.tz = now, tz  # fixed in tests; the present and local zone otherwise
        self.recent: list[Entry | CalendarEntry] = []

    def compose(self) -> ComposeResult:
        yield Static("mbsr-tui · history", id="history-title")
        yield Static("Loading…", id="history-message", markup=False)
        with VerticalScroll(id="history-body", can_focus=False):
            with Horizontal(id="history-top"):
                yield Static(id="history-summary")
                yield PracticeCalendar(id="history-calendar")
                yield PainChart(id="history-pain")
            yield Static(id="history-pain-words", markup=False)
            yield DataTable(id="history-recent", cursor_type="row", zebra_stripes=False)
        yield KeyLine()

    def on_mount(self) -> None:
        self.query_one("#history-summary").border_title = "Your practice"
        self.query_one("#history-calendar").border_title = "Minutes a day"
        self.query_one("#history-pain").border_title = "Pain before practice"
        self.query_one("#history-recent").border_title = "Recent sessions"
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        try:
            entries = self.journal.entries()
            progress = summarise(
                entries, now=self.now, tz=self.tz, day_start_hour=self.settings.day_starts_hour
            )
        except Exception as err:  # a journal that cannot be read must not end the app
            self.post_message(self.Failed(str(err) or type(err).__name__))
            return
        waiting = getattr(self.journal, "waiting", 0)
        set_aside = getattr(self.journal, "set_aside", None)
        recent = with_calendar(entries, self._calendar())
        self.post_message(self.Loaded(progress, recent, waiting, set_aside))

    def _calendar(self) -> list[CalendarEntry]:
        """The course's calendar entries, when the journal keeps them (worker thread)."""
        read = getattr(self.journal, "calendar_entries", None)
        try:
            return read() if read is not None else []
        except Exception:  # the sessions still show; the entries wait for the next look
            return []

    def on_history_screen_failed(self, message: Failed) -> None:
        self.query_one("#history-message", Static).update(
            visible_lines(f"Your journal could not be read just now. {message.reason}")
        )

    def on_history_screen_loaded(self, message: Loaded) -> None:
        progress = message.progress
        note = visible_lines(message.set_aside) if message.set_aside else None
        if progress.totals.sessions == 0 and not message.recent:
            text = f"{EMPTY_TEXT}\n\n{note}" if note else EMPTY_TEXT
            self.query_one("#history-message", Static).update(text)
            return
        # A damaged journal set aside stays pointed at above the history until dealt with.
        if note:
            self.query_one("#history-message", Static).update(note)
        else:
            self.query_one("#history-message").display = False
        self.query_one("#history-body").display = True
        self.query_one("#history-summary", Static).update(summary_text(progress, message.waiting))
        self.query_one(PracticeCalendar).weeks = progress.heatmap
        chart = self.query_one(PainChart)
        chart.weeks, chart.before_after = progress.weekly_pain, progress.pain_before_after
        self.query_one("#history-pain-words", Static).update(progress.pain_sentence)
        self._fill_recent(message.recent)

    def _fill_recent(self, recent: list[Entry | CalendarEntry]) -> None:
        self.recent = recent
        self._fill_table()
        self.query_one("#history-recent", DataTable).focus()
        self.refresh_bindings()

    def on_resize(self) -> None:
        if self.recent:
            self._fill_table()

    def _fill_table(self) -> None:
        """The recent list, its title and note as wide as the room (ui/table_fit.py)."""
        table = self.query_one("#history-recent", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        longest = max(len(entry.title) for entry in self.recent)
        widths = fit_columns(
            [Column("date", 16, keep=3), Column("title", max(longest, 8), True, 12, keep=4),
             Column("min", 4, keep=2), Column("note", NOTE_WIDTH, True, 10, keep=1)],
            table_room(self.size.width) - 2,  # the body's own scrollbar, when it scrolls
        )  # fmt: skip
        for key, label in RECENT_COLUMNS.items():
            if key in widths:
                table.add_column(label, width=widths[key], key=key)
        title, note = widths.get("title", 1), widths.get("note", 1)
        for index, entry in enumerate(self.recent):
            if isinstance(entry, CalendarEntry):
                cells = {
                    "date": calendar_date_cell(entry),
                    "title": Text(one_line(entry.title, title), style="italic"),
                    "min": "",
                    "note": Text(one_line(entry.first_answer, note), style="italic"),
                }
            else:
                cells = {
                    "date": date_cell(entry),
                    "title": Text(one_line(entry.title, title)),
                    "min": Text(minutes_text(entry), justify="right"),
                    "note": Text(one_line(entry.note, note), style="italic"),
                }
            table.add_row(*(cells[key] for key in widths), key=str(index))
        table.move_cursor(row=cursor)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "Open" is offered only once there is a session to open.
        return bool(self.recent) if action == "open_session" else True

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # On a short screen the list may start below the fold: moving in it brings it up.
        if self._person_moved:
            event.data_table.scroll_visible(animate=False)
        self._person_moved = True  # the first highlight is the list's own, on filling it

    _person_moved = False

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open(int(event.row_key.value or 0))

    def action_open_session(self) -> None:
        table = self.query_one("#history-recent", DataTable)
        if self.recent:
            self._open(table.cursor_row)

    def _open(self, index: int) -> None:
        if 0 <= index < len(self.recent):
            entry = self.recent[index]
            if isinstance(entry, CalendarEntry):
                from mbsr_tui.ui.screens.calendar_detail import CalendarDetailScreen

                self.app.push_screen(CalendarDetailScreen(entry))
            else:
                self.app.push_screen(SessionDetailScreen(entry))

    def action_course(self) -> None:
        from mbsr_tui.ui.screens.requests import ShowCourseProgress

        self.post_message(ShowCourseProgress())

    def action_report(self) -> None:
        self.notify("Writing the report…", timeout=3)
        self.write_report()

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def write_report(self) -> None:
        try:
            written = write_report_file(self.journal.entries, self.settings.day_starts_hour,
                                        now=self.now, tz=self.tz)  # fmt: skip
        except Exception as err:  # a folder or a journal that cannot be used: told, not fatal
            self.post_message(self.ReportFailed(reason(err)))
            return
        self.post_message(self.ReportWritten(written))

    def on_history_screen_report_written(self, message: ReportWritten) -> None:
        self.notify(message.report.message(), title="Report", markup=False, timeout=15)

    def on_history_screen_report_failed(self, message: ReportFailed) -> None:
        self.notify(f"The report could not be written: {visible_lines(message.reason)}",
                    severity="error", markup=False, timeout=15)  # fmt: skip

    def action_write(self) -> None:
        from mbsr_tui.ui.screens.requests import WriteCalendar

        self.post_message(WriteCalendar(None))


def calendar_date_cell(entry: CalendarEntry) -> str:
    local = entry.local_written_at
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def with_calendar(
    entries: list[Entry], calendar: list[CalendarEntry]
) -> list[Entry | CalendarEntry]:
    """The latest sessions and calendar entries together, newest first."""
    sessions: list[Entry | CalendarEntry] = list(entries[-RECENT_LIMIT:])
    mixed = sessions + list(calendar[-RECENT_LIMIT:])
    mixed.sort(key=lambda e: e.written_at if isinstance(e, CalendarEntry) else e.started_at)
    return mixed[-RECENT_LIMIT:][::-1]
