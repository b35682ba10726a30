"""The 8-week course in the app: what happens when the Today card, a week's review, the
command palette or the history screen asks for something. `CourseFlow` (a mixin of
`App`) receives the course's messages and hands over to these functions; each
screen is imported only when it is first shown.

Everything that reads or writes files runs in a worker started by `_off_the_loop`; it
posts what comes next as a message (`CourseChanged`, `CourseChangeFailed`,
`KeepCalendarEntry`) that `CourseFlow` handles on the loop. Whatever a job raises (a
journal that cannot be read, a state file that cannot be written) is said in one plain
sentence and the app stays up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.app import SystemCommand
from textual.message import Message

from mbsr_tui.ui.worker_errors import reason

if TYPE_CHECKING:
    from collections.abc import Iterator

    from textual.app import App
    from textual.screen import Screen

    from mbsr_tui.core.course import Planned
    from mbsr_tui.core.journal.calendar_entry import CalendarEntry
    from mbsr_tui.ui.course_companion import CourseCompanion, CourseView, TodayLooked
    from mbsr_tui.ui.screens.requests import ShowCourseProgress, WriteCalendar
    from mbsr_tui.ui.widgets.today_card import TodayCard

KIND_COMMANDS = {
    "pleasant": ("Write a pleasant event", "The course's calendar: a pleasant moment today"),
    "unpleasant": ("Write an unpleasant event", "The course's calendar: an unpleasant moment"),
    "communication": ("Write a difficult communication", "The course's calendar: a hard talk"),
}


class CourseChanged(Message):
    """A course worker is done: the course as it is now, to show."""

    def __init__(self, view: CourseView) -> None:
        super().__init__()
        self.view = view


class CourseChangeFailed(Message):
    """A course worker could not do its job: `failed` says what, `error` why."""

    def __init__(self, failed: str, error: Exception) -> None:
        super().__init__()
        self.failed, self.error = failed, error


class KeepCalendarEntry(Message):
    """A course worker asks for an entry to be written in the journal (its own worker)."""

    def __init__(self, entry: CalendarEntry) -> None:
        super().__init__()
        self.entry = entry


def _menu(app: App):
    from mbsr_tui.ui.screens.menu import MenuScreen

    return next((s for s in app.screen_stack if isinstance(s, MenuScreen)), None)


def looked(app: App, view: CourseView) -> None:
    """A fresh look at the course: the Today card, and the week's review when due (only
    over the menu: never on top of a practice)."""
    from mbsr_tui.ui.screens.menu import MenuScreen

    menu = _menu(app)
    if menu is not None:
        menu.show_today(view)
    # Once: a look taken while the last review's choice is being saved is already old.
    if view.review is not None and isinstance(app.screen, MenuScreen) and not app.course.busy:
        review(app, view)


def _off_the_loop(app: App, job: Callable[[], None], failed: str) -> None:
    """Run `job` in a worker; if it raises, say `failed` and why, plainly, on the Today
    card too, and carry on: no exception of the course's ever ends the app."""

    def guarded() -> None:
        try:
            job()
        except Exception as err:  # CourseStateError, JournalError, OSError, sqlite3...
            app.post_message(CourseChangeFailed(failed, err))

    app.course.busy = True  # until the job is done (see _next_week and _went_wrong)
    app.run_worker(guarded, thread=True, group="course-change", exit_on_error=False)


def _went_wrong(app: App, failed: str, err: Exception) -> None:
    from mbsr_tui.core.safe_text import visible
    from mbsr_tui.ui.course_companion import CourseView

    why = visible(reason(err))
    app.notify(f"{failed}: {why}", severity="warning", markup=False, timeout=12)
    _next_week(app, CourseView(None, problem=why))


def review(app: App, view: CourseView) -> None:
    from mbsr_tui.ui.screens.week_review import ReviewAnswer, WeekReviewScreen

    def answered(answer: ReviewAnswer | None) -> None:
        answer = answer or ReviewAnswer(repeat=False, reflection="")
        _off_the_loop(app, partial(_after_review, app, view, answer),
                      "Your choice for the new week could not be kept")  # fmt: skip

    app.course.busy = True
    app.push_screen(WeekReviewScreen(view), answered)


def _after_review(app: App, view: CourseView, answer) -> None:
    """Off the loop: keep the choice (and the reflection), then show what comes next."""
    from mbsr_tui.core.journal.calendar_entry import REFLECTION, CalendarEntry
    from mbsr_tui.ui.course_companion import reflection_answers

    app.course.reviewed(view, repeat=answer.repeat)
    if answer.reflection.strip() and view.review is not None:
        answers = reflection_answers(view.review, answer.reflection)
        entry = CalendarEntry.written(REFLECTION, answers, app.course.now())
        app.post_message(KeepCalendarEntry(entry))
    fresh = app.course.look(app.journal, app.settings.day_starts_hour)
    app.post_message(CourseChanged(fresh))


def _told(app: App, message: str, saved: bool) -> None:
    app.notify(message, severity="information" if saved else "warning", markup=False)


def _next_week(app: App, view: CourseView) -> None:
    from mbsr_tui.ui.screens.course_week import WeekPlanScreen

    app.course.busy = False
    menu = _menu(app)
    if menu is not None:
        menu.show_today(view)
    if view.plan is None or view.course is None:
        return
    if view.plan.status == "complete":
        show_progress(app)
    elif view.running:
        app.push_screen(WeekPlanScreen(view))


def chosen(app: App, action: str, view: CourseView) -> None:
    """The Today card's keys: start | write | week | progress."""
    plan = view.plan
    if plan is None:
        return
    if action == "start" and plan.status in ("none", "stopped"):
        start_course(app)
    elif action == "start" and plan.practice is not None:
        start_practice(app, plan.practice)
    elif action == "write":
        write_calendar(app, plan.calendar if plan.calendar in KIND_COMMANDS else None)
    elif action == "week" and view.running:
        from mbsr_tui.ui.screens.course_week import WeekPlanScreen

        app.push_screen(WeekPlanScreen(view))
    elif action == "progress":
        show_progress(app)


def start_course(app: App) -> None:
    from mbsr_tui.ui.screens.confirm import ConfirmScreen

    detail = (
        "Day 1 of week 1 is today. Each week has a theme, a practice for most days (with "
        "a shorter length for days of pain) and something to notice in daily life. "
        "Missed days are part of it: you simply begin again. The command mbsr-tui course "
        "stop ends the course; your history stays."
    )
    if _under_way(app):  # said only when it is so: otherwise it worries for nothing
        detail += " The course already under way begins again at week 1."

    def answered(yes: bool | None) -> None:
        if yes:
            _off_the_loop(app, partial(_start, app), "The course could not be started")

    app.push_screen(
        ConfirmScreen("Start the 8-week course today?", yes="Start", no="Not now", detail=detail),
        answered,
    )


def _under_way(app: App) -> bool:
    """Whether the Today card shows a course running or about to begin."""
    from mbsr_tui.ui.widgets.today_card import TodayCard

    menu = _menu(app)
    cards = list(menu.query(TodayCard)) if menu is not None else []
    plan = cards[0].view.plan if cards else None
    return plan is not None and plan.status in ("running", "upcoming")


def _start(app: App) -> None:
    """Off the loop: day 1 is today; then the first week's plan, read with the journal."""
    app.course.start(app.settings.day_starts_hour)
    try:
        view = app.course.look(app.journal, app.settings.day_starts_hour)
    except Exception as err:  # the start is saved; only what follows could not be read
        begun = "The course has begun today; your journal could not be read"
        app.post_message(CourseChangeFailed(begun, err))
        return
    app.post_message(CourseChanged(view))


def start_practice(app: App, planned: Planned) -> None:
    """Today's practice at its suggested length, or the shorter one for a day of pain."""
    from mbsr_tui.ui.screens.course_length import CourseLengthScreen

    session = app.catalogue.get(planned.practice)
    if session is None:
        app.notify(f"The practice '{planned.practice}' is not in your practices.",
                   severity="warning", markup=False)  # fmt: skip
        return
    from mbsr_tui.core.lengths import course_lengths

    if len(course_lengths(planned)) == 1:
        app.begin(session, minutes=planned.minutes)
        return

    def answered(minutes: float | None) -> None:
        if minutes:
            app.begin(session, minutes=minutes)

    app.push_screen(CourseLengthScreen(planned), answered)


def write_calendar(app: App, kind: str | None = None) -> None:
    """A calendar form; with no kind given, first a choice of the three."""
    from mbsr_tui.ui.screens.calendar_form import CalendarChoiceScreen, CalendarFormScreen

    def written(entry) -> None:
        if entry is not None:
            app.refresh_today()

    if kind is None:
        app.push_screen(CalendarChoiceScreen(), lambda k: k and write_calendar(app, k))
        return
    app.push_screen(CalendarFormScreen(kind, now=app.course.now), written)


def show_progress(app: App) -> None:
    from mbsr_tui.ui.screens.course_progress import CourseProgressScreen

    app.push_screen(CourseProgressScreen(app.course, app.journal, app.settings.day_starts_hour))


def course_commands(app: App) -> Iterator[SystemCommand]:
    """The course's commands for the command palette."""
    for kind, (title, help_text) in KIND_COMMANDS.items():
        yield SystemCommand(title, help_text, partial(write_calendar, app, kind))
    yield SystemCommand(
        "The 8-week course: progress", "Eight weeks, one row each", partial(show_progress, app)
    )
    yield SystemCommand(
        "Start the 8-week course", "Day 1 of week 1 is today", partial(start_course, app)
    )


class CourseFlow:
    """The app's side of the course: its companion, its worker and its messages."""

    @property
    def course(self) -> CourseCompanion:
        """The person's course, read and moved off the loop (tests bring a frozen day)."""
        companion = self.__dict__.get("_course_companion")
        if companion is None:
            from mbsr_tui.ui.course_companion import CourseCompanion

            companion = self._course_companion = CourseCompanion()
        return companion

    @course.setter
    def course(self, companion: CourseCompanion) -> None:
        self._course_companion = companion

    def refresh_today(self) -> None:
        """Look at the course in a worker (the menu asks after its frame, never before)."""
        if self.course.enabled:
            self._look_at_course()

    @work(thread=True, exclusive=True, group="course", exit_on_error=False)
    def _look_at_course(self) -> None:
        from mbsr_tui.ui.course_companion import CourseView, TodayLooked

        try:
            view = self.course.look(self.journal, self.settings.day_starts_hour)
        except Exception as err:  # a course that cannot be read must not end the app
            view = CourseView(None, problem=str(err) or type(err).__name__)
        self.post_message(TodayLooked(view))

    def on_today_looked(self, message: TodayLooked) -> None:
        looked(self, message.view)

    def on_course_changed(self, message: CourseChanged) -> None:
        _next_week(self, message.view)

    def on_course_change_failed(self, message: CourseChangeFailed) -> None:
        _went_wrong(self, message.failed, message.error)

    def on_keep_calendar_entry(self, message: KeepCalendarEntry) -> None:
        self.journal.write_calendar(message.entry, partial(_told, self))

    def on_today_card_chosen(self, message: TodayCard.Chosen) -> None:
        chosen(self, message.action, message.view)

    def write_calendar(self, kind: str | None = None) -> None:
        """A calendar form (pleasant, unpleasant, communication; None: choose first)."""
        write_calendar(self, kind)

    def on_write_calendar(self, message: WriteCalendar) -> None:
        write_calendar(self, message.kind)

    def on_show_course_progress(self, message: ShowCourseProgress) -> None:
        show_progress(self)

    def get_system_commands(self, screen: Screen) -> Iterator[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from course_commands(self)
