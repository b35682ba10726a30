"""What the plain menu reads before it speaks: today in the course, and the journal.

Read afresh each time the menu is shown (a practice just logged counts at once) and
never changed: the course, its state and the journal are only looked at. Whatever cannot
be read becomes one plain sentence, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from mbsr_tui.core.course import Course, Planned
from mbsr_tui.core.course_plan import TodayPlan
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.safe_text import visible


@dataclass(frozen=True)
class TodayLook:
    """Today in the course, as the Today card and `mbsr-tui today` see it."""

    plan: TodayPlan | None  # None when the course or its state could not be read
    course: Course | None = None
    problems: tuple[str, ...] = ()  # one sentence each: what could not be read

    @property
    def practice(self) -> Planned | None:
        return self.plan.practice if self.plan is not None else None


@dataclass(frozen=True)
class JournalLook:
    """Every practice in the journal, oldest first, and what could not be read."""

    entries: list[Entry] = field(default_factory=list)
    problems: tuple[str, ...] = ()
    day_starts_hour: int = 4


def _now() -> datetime:
    return datetime.now().astimezone()


def look_at_today(now: Callable[[], datetime] = _now) -> TodayLook:
    """Today's plan from the course, its state and this week's journal (the same core
    functions as the Today card and `mbsr-tui today`)."""
    from mbsr_tui.core.course import CourseError
    from mbsr_tui.core.course_file import load_course
    from mbsr_tui.core.course_plan import entries_needed_since, today_plan
    from mbsr_tui.core.course_state import CourseStateError, load_state
    from mbsr_tui.core.journal.look import look_at_journal
    from mbsr_tui.core.settings import load_settings

    moment = now()
    loaded = load_settings()
    problems = [loaded.problem] if loaded.problem else []
    hour = loaded.settings.day_starts_hour
    try:
        state = load_state()
        course = load_course()
    except (CourseError, CourseStateError, OSError) as err:
        return TodayLook(None, None, (*problems, f"The course could not be read: {err}"))
    since = entries_needed_since(state, moment, hour)
    entries: list[Entry] = []
    with look_at_journal() as opened:
        problems += opened.messages
        try:
            if opened.journal is not None:
                from_day = datetime.combine(since - timedelta(days=1), time(), tzinfo=UTC)
                entries = opened.journal.since(from_day)
        except Exception as err:  # a page found damaged only now: said, and on we go
            problems.append(f"Your journal could not be read ({err}).")
        entries += list(opened.waiting)
    plan = today_plan(state, course, moment, hour, entries)
    return TodayLook(plan, course, tuple(visible(p) for p in problems))


def look_at_journal_entries() -> JournalLook:
    """The whole journal, read as `mbsr-tui log` reads it (no write lock is taken)."""
    from mbsr_tui.core.journal.safekeeping import open_journal
    from mbsr_tui.core.settings import load_settings

    loaded = load_settings()
    problems = [loaded.problem] if loaded.problem else []
    hour = loaded.settings.day_starts_hour
    with open_journal(write=False) as opened:
        problems += opened.messages
        try:
            entries = opened.entries()
        except Exception as err:
            problems.append(f"Your journal could not be read ({err}).")
            entries = []
        told = opened.journal.unreadable_message() if opened.journal is not None else None
        if told:
            problems.append(told)
    return JournalLook(entries, tuple(visible(p) for p in problems), hour)
