"""What the course asks of today, and what a week held: from the course, its state and
the journal. Pure functions; the Today card, `mbsr-tui today`, the week review and the
history's course rows all draw from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from mbsr_tui.core.course import COURSE_WEEKS, Course, Planned, Week
from mbsr_tui.core.course_calendar import (
    COMPLETE,
    NO_COURSE,
    RUNNING,
    UPCOMING,
    CourseState,
    Position,
    locate,
    practice_today,
    run_dates,
    week_runs,
)
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.progress import (
    DEFAULT_DAY_START_HOUR,
    HOME_PRACTICE_DAYS,
    dated,
    days_this_week,
    practice_days,
    week_start,
)
from mbsr_tui.core.words import plural

# When no course runs (or after it): a short daily practice of one's own.
FALLBACK = Planned("daily-routine", "Daily practice", 15.0, 10.0)


@dataclass(frozen=True)
class TodayPlan:
    """Today in the course: the Today card and `mbsr-tui today` show this."""

    status: str  # NO_COURSE | UPCOMING | RUNNING | COMPLETE | STOPPED
    today: date  # the practice day
    position: Position | None  # None when no course was ever started
    title: str  # the week's title (or of the day of practice, or of "afterwards")
    practices: tuple[Planned, ...]  # today's formal practice(s), the first is the main one
    informal: tuple[str, ...]
    calendar: str  # none | pleasant | unpleasant | communication
    days_practised: int  # practice days so far this course week (this ISO week otherwise)
    practised_today: bool  # a practice stayed through is logged for today
    minutes_today: float  # minutes practised today, completed or not

    @property
    def week(self) -> int:
        return self.position.week if self.position is not None else 0

    @property
    def day(self) -> int:
        return self.position.day if self.position is not None else 0

    @property
    def practice(self) -> Planned | None:
        return self.practices[0] if self.practices else None

    @property
    def day_of_practice(self) -> bool:
        return self.position is not None and self.position.day_of_practice

    def lines(self) -> list[str]:
        """At most three plain lines (no colour, no markup): the Today card in words."""
        return today_lines(self)


def minutes_text(minutes: float) -> str:
    """45 -> '45 min'; 240 -> '4 h'; 90 -> '1 h 30 min'."""
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    return f"{hours} h" + (f" {rest} min" if rest else "")


def day_text(day: date, today: date) -> str:
    """'Monday 03 March'; with the year when it is not this year's."""
    return f"{day:%A %d %B}" + (f" {day.year}" if day.year != today.year else "")


def practice_text(planned: Planned) -> str:
    text = f"{planned.title} {minutes_text(planned.minutes)}"
    if planned.short_minutes is not None and round(planned.shorter) != round(planned.minutes):
        text += f" (or {minutes_text(planned.shorter)})"
    return text


def today_lines(plan: TodayPlan) -> list[str]:
    practices = " · then ".join(practice_text(p) for p in plan.practices[:2])
    pos = plan.position
    if plan.status == RUNNING and pos is not None:
        again = " (again)" if pos.attempt > 1 else ""
        first = f"Week {pos.week}{again} · day {pos.day} · {plan.title}"
        rhythm = f"{plan.days_practised} of {HOME_PRACTICE_DAYS} practice days this week"
    elif plan.status == UPCOMING and pos is not None:
        wait = -pos.days_in
        first = (f"The 8-week course begins on {day_text(pos.week_starts, pos.today)} "
                 f"(in {plural(wait, 'day')}).")  # fmt: skip
        rhythm = ""
    else:
        first = {
            COMPLETE: "The 8-week course is complete: a daily practice of your own carries it on.",
            NO_COURSE: "The command mbsr-tui course start begins the 8-week course.",
        }.get(plan.status, "The course is stopped; mbsr-tui course start begins it again.")
        rhythm = f"{plan.days_practised} of {HOME_PRACTICE_DAYS} practice days this week"
    second = f"Today: {practices}" if practices else ""
    if plan.practised_today:
        second = f"Practised today ({minutes_text(plan.minutes_today)}). Thank you."
    return [line for line in (first, second, rhythm) if line]


def _days_between(pairs: Iterable[tuple[date, Entry]], first: date, last: date) -> set[date]:
    return {d for d in practice_days(pairs) if first <= d <= last}


def today_plan(
    state: CourseState | None,
    course: Course,
    now: datetime,
    day_starts_hour: int = DEFAULT_DAY_START_HOUR,
    journal_entries: Iterable[Entry] = (),
    tz: tzinfo | None = None,
) -> TodayPlan:
    """Today's plan. `journal_entries` need only reach back to the start of this week
    (see `entries_needed_since`); older ones are ignored."""
    today = practice_today(now, tz, day_starts_hour)
    pairs = dated(journal_entries, day_starts_hour)
    done_today = [e for d, e in pairs if d == today]
    minutes_today = sum(e.practised_seconds for e in done_today) / 60
    practised = any(e.completed for e in done_today)  # stayed through: `n` never earns it
    day_after = course.day.after_week if course.day is not None else None
    position = locate(state, today, day_after) if state is not None else None
    if position is not None and position.status == RUNNING:
        week = course.week(position.week)
        practices = week.practices_on(position.day)
        title = week.title
        if position.day_of_practice and course.day is not None:
            practices, title = course.day.practices, course.day.title
        days = _days_between(pairs, position.week_starts, today)
        return TodayPlan(RUNNING, today, position, title, practices, week.informal,
                         week.calendar, len(days), practised, minutes_today)  # fmt: skip
    after: Week | None = course.afterwards
    practices = after.practices_on(today.isoweekday()) if after is not None else (FALLBACK,)
    days = days_this_week(practice_days(pairs), today)
    status = position.status if position is not None else NO_COURSE
    return TodayPlan(status, today, position, after.title if after else "Your own practice",
                     practices or (FALLBACK,), after.informal if after else (), "none", days,
                     practised, minutes_today)  # fmt: skip


def entries_needed_since(
    state: CourseState | None,
    now: datetime,
    day_starts_hour: int = DEFAULT_DAY_START_HOUR,
    tz: tzinfo | None = None,
) -> date:
    """The earliest practice day `today_plan` looks at: the start of this course week,
    or the Monday of this week; read the journal back to a day before it."""
    today = practice_today(now, tz, day_starts_hour)
    if state is not None:
        position = locate(state, today)
        if position.status == RUNNING:
            return position.week_starts
    return week_start(today)


@dataclass(frozen=True)
class WeekReview:
    """One course week as it was: for the new week's review and the history's rows."""

    week: int
    title: str
    attempt: int  # which run of this week (1 unless repeated)
    first_day: date
    last_day: date
    days_practised: int  # out of HOME_PRACTICE_DAYS
    minutes: float
    sessions: int
    pain_before: float | None
    pain_after: float | None
    stress_before: float | None
    stress_after: float | None
    calendar_entries: int
    current: bool = False


def _average(values: Sequence[int | None]) -> float | None:
    given = [v for v in values if v is not None]
    return sum(given) / len(given) if given else None


def week_review(
    state: CourseState,
    course: Course,
    run: int,
    journal_entries: Iterable[Entry],
    day_starts_hour: int = DEFAULT_DAY_START_HOUR,
    calendar_days: Iterable[date] = (),
    today: date | None = None,
) -> WeekReview:
    """What run `run` of the course (see `course_calendar.schedule`) held.

    `calendar_days`: the practice day of each calendar entry (pleasant, unpleasant,
    communication), counted when they fall in the week.
    """
    from mbsr_tui.core.course_calendar import schedule

    runs = schedule(state.repeats)
    week = runs[run]
    first, last = run_dates(state, run)
    inside = [e for d, e in dated(journal_entries, day_starts_hour) if first <= d <= last]
    days = _days_between(dated(inside, day_starts_hour), first, last)
    return WeekReview(
        week=week,
        title=course.week(week).title,
        attempt=runs[: run + 1].count(week),
        first_day=first,
        last_day=last,
        days_practised=len(days),
        minutes=sum(e.practised_seconds for e in inside) / 60,
        sessions=len(inside),
        pain_before=_average([e.pain_before for e in inside]),
        pain_after=_average([e.pain_after for e in inside]),
        stress_before=_average([e.stress_before for e in inside]),
        stress_after=_average([e.stress_after for e in inside]),
        calendar_entries=sum(1 for d in calendar_days if first <= d <= last),
        current=today is not None and first <= today <= last,
    )


def course_rows(
    state: CourseState,
    course: Course,
    journal_entries: Sequence[Entry],
    today: date,
    day_starts_hour: int = DEFAULT_DAY_START_HOUR,
    calendar_days: Sequence[date] = (),
) -> tuple[WeekReview, ...]:
    """One row per week (1-8) for the history screen; a repeated week shows its latest
    run that has begun. Weeks still to come show zeros."""
    rows = []
    for week in range(1, COURSE_WEEKS + 1):
        runs = week_runs(state, week)
        begun = [r for r in runs if run_dates(state, r)[0] <= today] or [runs[0]]
        rows.append(week_review(state, course, begun[-1], journal_entries, day_starts_hour,
                                calendar_days, today))  # fmt: skip
    return tuple(rows)


def days_practised(pairs: Iterable[tuple[date, Entry]], first: date, last: date) -> int:
    """Practice days between `first` and `last` (inclusive): days earned by practice."""
    return len(_days_between(pairs, first, last))


__all__ = [
    "FALLBACK", "TodayPlan", "WeekReview", "course_rows", "day_text", "days_practised",
    "entries_needed_since", "minutes_text", "practice_text", "today_lines", "today_plan",
    "week_review",
]  # fmt: skip
