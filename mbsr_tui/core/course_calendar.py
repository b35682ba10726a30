"""Where a person is in the 8-week course, from pure date arithmetic.

Days are practice days, as in the journal's streaks (`progress.day_of`): a day starts at
`day_start_hour` local time (default 04:00), so a practice at 01:30 still belongs to the
day before; the local calendar decides the date, so daylight-saving changes never move a
day (23- and 25-hour days are still one day each).

- The first day of the course is day 1 of week 1; week n, day k is the date
  `started_on + 7 * (n - 1) + (k - 1)` while no week has been repeated.
- Repeating a week adds one more run of it right after its first run: everything after
  it moves by seven days. `repeats` keeps the weeks repeated, e.g. (3,) or (3, 3, 5).
- The all-day practice is no extra day: it takes the place of the last day (day 7) of
  week `after_week` (6) — of its last run when that week is repeated — so the course
  stays 8 weeks, 56 days. `mbsr-tui course` shows it between weeks 6 and 7.
- After the last day of week 8 the course is complete. A stopped course is over too; its
  history stays in the journal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from mbsr_tui.core.course import COURSE_WEEKS, DAYS_PER_WEEK
from mbsr_tui.core.progress import DEFAULT_DAY_START_HOUR, day_of

UPCOMING = "upcoming"  # the start date is still to come
RUNNING = "running"
COMPLETE = "complete"
STOPPED = "stopped"
NO_COURSE = "none"  # no course was ever started
MAX_REPEATS = 52  # a year of repeated weeks is more than anyone will ask for


@dataclass(frozen=True)
class CourseState:
    """What is remembered of a person's course (see course_state.py for the file)."""

    started_on: date  # day 1 of week 1
    repeats: tuple[int, ...] = ()  # weeks repeated, in the order chosen
    stopped_on: date | None = None
    reviewed: int = 0  # how many course weeks (runs, see `schedule`) have had their review

    def with_repeat(self, week: int) -> CourseState:
        """The course with one more run of `week` (1-8): what follows moves by 7 days."""
        if not 1 <= week <= COURSE_WEEKS:
            raise ValueError(f"week must be from 1 to {COURSE_WEEKS}, not {week}")
        if len(self.repeats) >= MAX_REPEATS:  # the state file would no longer be read
            raise ValueError(f"a course repeats at most {MAX_REPEATS} weeks in all")
        return replace(self, repeats=(*self.repeats, week))

    def stopped(self, today: date) -> CourseState:
        return replace(self, stopped_on=today)

    def with_review(self, position: Position) -> CourseState:
        """The review of the week that ended before `position` has been seen (or skipped)."""
        return replace(self, reviewed=max(self.reviewed, position.run))


def schedule(repeats: tuple[int, ...] = ()) -> tuple[int, ...]:
    """The week number of each run of seven days, in order: (1, 2, 3, 3, 4, ...)."""
    runs: list[int] = []
    for week in range(1, COURSE_WEEKS + 1):
        runs += [week] * (1 + repeats.count(week))
    return tuple(runs)


@dataclass(frozen=True)
class Position:
    """Where a course stands on one practice day."""

    status: str  # UPCOMING | RUNNING | COMPLETE | STOPPED
    today: date
    days_in: int  # days since the first day (0 on day 1; negative before it)
    run: int  # index into `schedule(repeats)`: 0 in week 1 (the number of runs when complete)
    week: int  # 1-8 while running (8 when complete, 0 before the start)
    day: int  # 1-7 while running, else 0
    attempt: int  # 1 the first time through this week, 2 when repeating it, ...
    week_starts: date  # the first day of this run (of the start when upcoming)
    day_of_practice: bool = False  # today is the all-day practice

    @property
    def running(self) -> bool:
        return self.status == RUNNING


def practice_today(
    now: datetime, tz: tzinfo | None = None, day_start_hour: int = DEFAULT_DAY_START_HOUR
) -> date:
    """The practice day `now` falls on, in zone `tz` (default: the system's)."""
    zone = tz or now.astimezone().tzinfo
    assert zone is not None
    return day_of(now, zone, day_start_hour)


def locate(state: CourseState, today: date, day_after_week: int | None = 6) -> Position:
    """Where the course stands on practice day `today`.

    `day_after_week`: the week whose last day is the all-day practice (None: no such day).
    """
    runs = schedule(state.repeats)
    days_in = (today - state.started_on).days
    if state.stopped_on is not None and today >= state.stopped_on:
        status = STOPPED
    elif days_in < 0:
        return Position(UPCOMING, today, days_in, 0, 0, 0, 0, state.started_on)
    elif days_in >= len(runs) * DAYS_PER_WEEK:
        status = COMPLETE
    else:
        status = RUNNING
    run = min(max(days_in, 0) // DAYS_PER_WEEK, len(runs))
    if status != RUNNING:
        last = min(run, len(runs) - 1)
        starts = state.started_on + timedelta(weeks=last)
        return Position(status, today, days_in, run, runs[last] if days_in >= 0 else 0, 0, 0,
                        starts)  # fmt: skip
    week = runs[run]
    day = days_in % DAYS_PER_WEEK + 1
    attempt = runs[: run + 1].count(week)
    last_run_of_week = run + 1 == len(runs) or runs[run + 1] != week
    is_day = week == day_after_week and day == DAYS_PER_WEEK and last_run_of_week
    starts = state.started_on + timedelta(weeks=run)
    return Position(RUNNING, today, days_in, run, week, day, attempt, starts, is_day)


def run_dates(state: CourseState, run: int) -> tuple[date, date]:
    """The first and last day of run `run` (an index into `schedule`)."""
    first = state.started_on + timedelta(weeks=run)
    return first, first + timedelta(days=DAYS_PER_WEEK - 1)


def week_runs(state: CourseState, week: int) -> tuple[int, ...]:
    """The runs (indices into `schedule`) of week `week`: one, or more when repeated."""
    return tuple(i for i, w in enumerate(schedule(state.repeats)) if w == week)


def review_due(state: CourseState, position: Position) -> int | None:
    """The run whose week review is due (the one that ended last), or None.

    Due the first time the app opens after a week has ended and its review was neither
    seen nor skipped (`CourseState.with_review`). When several weeks passed unseen, only
    the latest one is reviewed.
    """
    if position.status not in (RUNNING, COMPLETE) or position.run == 0:
        return None
    return position.run - 1 if state.reviewed < position.run else None
