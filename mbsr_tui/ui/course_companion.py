"""The app's side of the 8-week course: what the Today card shows, the week's review,
starting the course and moving on (or repeating a week).

Everything here that reads files or the journal is called from a worker thread; the
results travel to the app in a `TodayLooked` message. Textual is imported only for that
message: the course's arithmetic and plans come from the core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual.message import Message

if TYPE_CHECKING:
    from mbsr_tui.core.course import Course, Week
    from mbsr_tui.core.course_calendar import CourseState, Position
    from mbsr_tui.core.course_plan import TodayPlan, WeekReview
    from mbsr_tui.core.journal.calendar_entry import CalendarEntry
    from mbsr_tui.core.journal.entry import Entry


class CourseJournal(Protocol):
    """What the course needs from the journal (the app's JournalKeeper, or a fake)."""

    def since(self, moment: datetime) -> list[Entry]: ...

    def calendar_entries(self, since: datetime | None = None) -> list[CalendarEntry]: ...


@dataclass(frozen=True)
class CourseView:
    """The course as it stands today, worked out off the loop."""

    plan: TodayPlan | None  # None when the course or its state could not be read
    state: CourseState | None = None
    course: Course | None = None
    review: WeekReview | None = None  # the week that ended, when its review is due
    next_week: Week | None = None  # the week the person is now in (for the review's plan)
    problem: str | None = None  # one plain sentence: why the course could not be read
    calendar_today: tuple[str, ...] = ()  # kinds of calendar entry written today
    rows: tuple[WeekReview, ...] = field(default=(), compare=False)  # filled on request

    @property
    def running(self) -> bool:
        return self.plan is not None and self.plan.status == "running"

    @property
    def position(self) -> Position | None:
        return self.plan.position if self.plan is not None else None


class TodayLooked(Message):
    """A worker's look at the course, for the app to hand to the menu (and the review)."""

    def __init__(self, view: CourseView) -> None:
        super().__init__()
        self.view = view


def _day_before(day: date) -> datetime:
    # A day early: a practice day starts at the day-start hour, in the person's zone.
    return datetime.combine(day - timedelta(days=1), time(), tzinfo=UTC)


class CourseCompanion:
    """Reads and moves the person's course. `now` and `tz` are fixed in tests."""

    def __init__(
        self,
        *,
        now: Callable[[], datetime] | None = None,
        tz: tzinfo | None = None,
        enabled: bool = True,
        state_path: Path | None = None,
        course_path: Path | None = None,
    ) -> None:
        self._now = now
        self.tz = tz
        self.enabled = enabled
        self.state_path = state_path
        self.course_path = course_path
        self.busy = False  # a review (or a start) is being answered and saved

    def now(self) -> datetime:
        """The present, aware (on the person's clock)."""
        moment = self._now() if self._now is not None else datetime.now()
        return moment.astimezone(self.tz) if self.tz is not None else moment.astimezone()

    def today(self, hour: int) -> date:
        from mbsr_tui.core.course_calendar import practice_today

        return practice_today(self.now(), self.tz, hour)

    def _load(self) -> tuple[CourseState | None, Course]:
        from mbsr_tui.core.course_file import load_course
        from mbsr_tui.core.course_state import load_state

        return load_state(self.state_path), load_course(self.course_path)

    def look(self, journal: CourseJournal, hour: int, *, with_rows: bool = False) -> CourseView:
        """Today's plan, and the review when one is due. Call from a worker thread."""
        from mbsr_tui.core.course import CourseError
        from mbsr_tui.core.course_calendar import (
            locate,
            practice_today,
            review_due,
            run_dates,
            schedule,
        )
        from mbsr_tui.core.course_plan import (
            course_rows,
            entries_needed_since,
            today_plan,
            week_review,
        )
        from mbsr_tui.core.course_state import CourseStateError
        from mbsr_tui.core.journal.calendar_entry import CALENDAR_KINDS, practice_day_of
        from mbsr_tui.core.safe_text import visible

        try:
            state, course = self._load()
        except (CourseError, CourseStateError) as err:
            return CourseView(None, problem=visible(err))
        now = self.now()
        since = entries_needed_since(state, now, hour, self.tz)
        day_after = course.day.after_week if course.day is not None else None
        position = None
        if state is not None:
            position = locate(state, practice_today(now, self.tz, hour), day_after)
        due = review_due(state, position) if state is not None and position else None
        if due is not None:
            since = min(since, run_dates(state, due)[0])
        if with_rows and state is not None:
            since = min(since, state.started_on)
        entries = journal.since(_day_before(since))
        written = journal.calendar_entries(_day_before(since))
        days = [practice_day_of(c, hour) for c in written if c.kind in CALENDAR_KINDS]
        plan = today_plan(state, course, now, hour, entries, self.tz)
        review = next_week = None
        if due is not None and state is not None:
            review = week_review(state, course, due, entries, hour, days)
            runs = schedule(state.repeats)
            next_week = course.week(runs[due + 1]) if due + 1 < len(runs) else None
        today_kinds = tuple(c.kind for c in written if practice_day_of(c, hour) == plan.today)
        rows: tuple[WeekReview, ...] = ()
        if with_rows and state is not None:
            rows = course_rows(state, course, entries, plan.today, hour, days)
        return CourseView(plan, state, course, review, next_week, None, today_kinds, rows)

    # -- changes (each saved at once; call from a worker thread) ------------------------

    def start(self, hour: int) -> CourseState:
        """Day 1 of week 1 is today."""
        from mbsr_tui.core.course_calendar import CourseState
        from mbsr_tui.core.course_state import save_state

        state = CourseState(self.today(hour))
        save_state(state, self.state_path)
        return state

    def reviewed(self, view: CourseView, *, repeat: bool) -> CourseState:
        """The review was seen (or set aside); with `repeat`, the week that ended comes
        again: the course moves on by seven days."""
        from mbsr_tui.core.course_calendar import locate
        from mbsr_tui.core.course_state import save_state

        state, review, position = view.state, view.review, view.position
        assert state is not None and position is not None
        if repeat and review is not None:
            state = state.with_repeat(review.week)
            position = locate(state, position.today)
        state = state.with_review(position)
        save_state(state, self.state_path)
        return state


def reflection_answers(review: WeekReview, text: str) -> dict[str, Any]:
    """The answers of a week's reflection entry: which week, and the person's line."""
    again = f" (again, {review.attempt})" if review.attempt > 1 else ""
    return {"week": f"Week {review.week}{again}: {review.title}", "reflection": text}
