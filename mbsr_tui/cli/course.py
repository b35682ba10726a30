"""`mbsr-tui course [start [--on DATE] [--yes] | stop]`: follow the 8-week course.

`course` prints the plan week by week and where the person is; `course start` begins it
(day 1 of week 1 is today, or `--on`); a second start while one runs asks first (on a
terminal) or needs `--yes`; `course stop` ends it, and the journal keeps everything.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from mbsr_tui.core.course import Course
    from mbsr_tui.core.course_calendar import CourseState, Position

CALENDAR_TEXT = {
    "pleasant": "a pleasant event each day",
    "unpleasant": "an unpleasant event each day",
    "communication": "a difficult communication each day",
}
# How far from today `--on` may be: a typo of a year should not start a course in 2052.
MAX_DAYS_AWAY = 366


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date like 2025-03-03, not {text[:40]!r}"
        ) from None


def add_course_parser(subparsers: argparse._SubParsersAction) -> None:
    course = subparsers.add_parser(
        "course",
        help="the 8-week course: the plan and where you are; start or stop it",
        description="The 8-week MBSR course: the plan week by week, and where you are.",
    )
    actions = course.add_subparsers(dest="course_action", metavar="ACTION")
    start = actions.add_parser("start", help="begin the course (day 1 of week 1 is today)")
    start.add_argument("--on", type=_day, metavar="YYYY-MM-DD", help="the course's first day")
    start.add_argument("--yes", action="store_true", help="restart a running course without asking")
    actions.add_parser("stop", help="end the course (your journal keeps everything)")


def _fail(message: str) -> int:
    from mbsr_tui.core.safe_text import visible

    print(f"mbsr-tui: {visible(message)}", file=sys.stderr)
    return 1


def _today(now: datetime | None) -> date:
    from mbsr_tui.core.course_calendar import practice_today
    from mbsr_tui.core.settings import load_settings

    return practice_today(now or datetime.now().astimezone(), None,
                          load_settings().settings.day_starts_hour)  # fmt: skip


def run_course(
    args: argparse.Namespace,
    *,
    now: datetime | None = None,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
) -> int:
    """Run `mbsr-tui course [start|stop]`; the exit code."""
    from mbsr_tui.core.course import CourseError
    from mbsr_tui.core.course_file import load_course
    from mbsr_tui.core.course_state import CourseStateError, load_state

    out = out or sys.stdout
    action = getattr(args, "course_action", None)
    try:
        course = load_course()
    except CourseError as err:
        return _fail(f"the course cannot be used: {err}")
    try:
        state = load_state()
    except CourseStateError as err:
        if action != "start":
            return _fail(f"{err}. The command mbsr-tui course start --yes begins it afresh.")
        state = None
    today = _today(now)
    if action == "start":
        return _start(args, course, state, today, stdin or sys.stdin, out)
    if action == "stop":
        return _stop(course, state, today, out)
    _print_plan(course, state, today, out)
    return 0


def _where(course: Course, state: CourseState, today: date) -> Position:
    from mbsr_tui.core.course_calendar import locate

    return locate(state, today, course.day.after_week if course.day else None)


def _start(args, course, state, today: date, stdin: TextIO, out: TextIO) -> int:
    from mbsr_tui.core.course_calendar import RUNNING, UPCOMING, CourseState
    from mbsr_tui.core.course_plan import day_text
    from mbsr_tui.core.course_state import CourseStateError, save_state

    first = args.on or today
    if abs((first - today).days) > MAX_DAYS_AWAY:
        return _fail(f"--on {first} is more than a year from today; please check the date")
    if state is not None and not args.yes:
        position = _where(course, state, today)
        if position.status in (RUNNING, UPCOMING):
            where = (f"week {position.week}, day {position.day}" if position.status == RUNNING
                     else f"starting on {state.started_on}")  # fmt: skip
            if not stdin.isatty():
                return _fail(f"a course is already running ({where}); "
                             "add --yes to start again from week 1")  # fmt: skip
            print(f"A course is already running ({where}). Start again from week 1 on "
                  f"{day_text(first, today)}? [y/N] ", end="", file=out, flush=True)  # fmt: skip
            answer = stdin.readline().strip().lower()
            if answer not in ("y", "yes"):
                print("Nothing changed.", file=out)
                return 0
    new = CourseState(started_on=first)
    try:
        save_state(new)
    except CourseStateError as err:
        return _fail(str(err))
    position = _where(course, new, today)
    if position.status == UPCOMING:
        print(f"The course begins on {day_text(first, today)}. The command mbsr-tui today "
              "shows each day's practice.", file=out)  # fmt: skip
    else:
        print(f"The course has begun: today is week {position.week}, day {position.day}. "
              "The command mbsr-tui today shows each day's practice.", file=out)  # fmt: skip
    return 0


def _stop(course, state, today: date, out: TextIO) -> int:
    from mbsr_tui.core.course_calendar import STOPPED
    from mbsr_tui.core.course_state import CourseStateError, save_state

    if state is None or _where(course, state, today).status == STOPPED:
        print("No course is running.", file=out)
        return 0
    try:
        save_state(state.stopped(today))
    except CourseStateError as err:
        return _fail(str(err))
    print("The course is stopped. Your journal keeps everything you practised; "
          "mbsr-tui course start begins it again whenever you like.", file=out)  # fmt: skip
    return 0


def _print_plan(course: Course, state: CourseState | None, today: date, out: TextIO) -> None:
    from mbsr_tui.core.course_calendar import COMPLETE, RUNNING, STOPPED, UPCOMING, week_runs
    from mbsr_tui.core.course_plan import day_text, practice_text
    from mbsr_tui.core.safe_text import visible

    position = _where(course, state, today) if state is not None else None
    status = position.status if position is not None else None
    print(visible(course.title), file=out)
    if status == RUNNING:
        again = " (again)" if position.attempt > 1 else ""
        print(f"You are in week {position.week}{again}, day {position.day}.", file=out)
    elif status == UPCOMING:
        print(f"The course begins on {day_text(state.started_on, today)}.", file=out)
    elif status == COMPLETE:
        print("The course is complete. Thank you for practising.", file=out)
    elif status == STOPPED:
        print(f"The course was stopped on {state.stopped_on:%d %B %Y}; "
              "mbsr-tui course start begins it again.", file=out)  # fmt: skip
    else:
        print("Not started: the command mbsr-tui course start begins it today.", file=out)
    for week in course.weeks:
        here = status == RUNNING and position.week == week.number and not position.day_of_practice
        dates = ""
        if state is not None:
            runs = week_runs(state, week.number)
            first = state.started_on + timedelta(weeks=runs[0])
            last = state.started_on + timedelta(weeks=runs[-1], days=6)
            dates = f"  {first:%d %b} – {last:%d %b}"
        marker = "→" if here else " "
        print(f"\n{marker} Week {week.number}: {visible(week.title)}{dates}", file=out)
        for planned in week.practices:
            print(f"    {visible(practice_text(planned))}{_days_text(planned.days)}", file=out)
        if week.calendar != "none":
            print(f"    Calendar: {CALENDAR_TEXT.get(week.calendar, week.calendar)}", file=out)
        if course.day is not None and course.day.after_week == week.number:
            here = status == RUNNING and position.day_of_practice
            marker = "→" if here else " "
            print(f"\n{marker} {visible(course.day.title)} (the last day of week "
                  f"{week.number})", file=out)  # fmt: skip
            for planned in course.day.practices:
                print(f"    {visible(practice_text(planned))}", file=out)


def _days_text(days: tuple[int, ...]) -> str:
    if len(days) == 7:
        return ", every day"
    return ", days " + ", ".join(str(d) for d in days)
