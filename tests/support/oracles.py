"""Helpers the tests use to look into the core; none of them is used by the app itself."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from mbsr_tui.core import paths, progress
from mbsr_tui.core.checkin_form import NOTE, CheckInForm
from mbsr_tui.core.course import DAYS_PER_WEEK
from mbsr_tui.core.course_calendar import CourseState, week_runs
from mbsr_tui.core.events import Phase, Side
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.timeline import Timeline


def phase_sides(timeline: Timeline) -> list[tuple[Phase, Side]]:
    """Every breathing phase of `timeline` in order, with its open nostril."""
    return [(seg.phase, seg.side) for segs in timeline._segments for seg in segs]


def date_of(state: CourseState, week: int, day: int, attempt: int = 1) -> date:
    """The date of week `week`, day `day` (its `attempt`-th run when repeated)."""
    runs = week_runs(state, week)
    if not 1 <= day <= DAYS_PER_WEEK or not 1 <= attempt <= len(runs):
        raise ValueError(f"there is no week {week} day {day} (attempt {attempt})")
    return state.started_on + timedelta(weeks=runs[attempt - 1], days=day - 1)


def type_note(form: CheckInForm, text: str) -> None:
    """Typing into the note, as the check-in screen's input does."""
    if not form.done and form.current == NOTE:
        form.note += text


def minutes_per_day(
    entries: Iterable[Entry], day_start_hour: int = progress.DEFAULT_DAY_START_HOUR
) -> dict[date, float]:
    """Minutes practised on each practice day (days without practice are absent)."""
    return progress._minutes_per_day(progress.dated(entries, day_start_hour))


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/mbsr-tui`: where an older mbsr-tui kept a course it had read."""
    from platformdirs import user_cache_path

    return paths._from_environment("XDG_CACHE_HOME") or user_cache_path(
        paths.APP_NAME, appauthor=False
    )


def lit_cells(picture: tuple[str, ...] | list[str]) -> int:
    """How many cells of a picture show something: a measure of its size."""
    return sum(1 for row in picture for ch in row if ch != " ")


def start_in_background(player) -> threading.Thread:
    """`player.start()` in a thread of its own, as the app's worker runs it."""
    thread = threading.Thread(target=player.start, name="mbsr-bells", daemon=True)
    thread.start()
    return thread
