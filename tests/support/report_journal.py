"""Journals for the report's tests and bench: a practice, an eight-week course, ten years."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from mbsr_tui.core.journal.calendar_entry import CalendarEntry
from mbsr_tui.core.journal.entry import Entry

COURSE_START = date(2025, 3, 3)  # a Monday
TITLES = {"body-scan": "Body scan", "sitting": "Sitting meditation", "yoga": "Mindful movement"}


def practice(
    day: date,
    minutes: float,
    *,
    session_id: str = "body-scan",
    title: str | None = None,
    pain: tuple[int | None, int | None] = (None, None),
    stress: tuple[int | None, int | None] = (None, None),
    note: str = "",
    hour: int = 8,
    offset_minutes: int = 0,
) -> Entry:
    """One practice begun at `hour` on `day`, local time at `offset_minutes` from UTC."""
    local = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    started = local - timedelta(minutes=offset_minutes)
    return Entry(
        session_id=session_id,
        title=title if title is not None else TITLES.get(session_id, session_id),
        kind="body-scan",
        started_at=started,
        utc_offset_minutes=offset_minutes,
        ended_at=started + timedelta(minutes=minutes),
        planned_seconds=round(minutes * 60),
        practised_seconds=round(minutes * 60),
        completed=True,
        pain_before=pain[0],
        pain_after=pain[1],
        stress_before=stress[0],
        stress_after=stress[1],
        note=note,
    )


def course_journal(start: date = COURSE_START) -> list[Entry]:
    """Eight weeks from `start`: six days a week (day 4 of each week missed), body scan in
    weeks 1-4 and sitting after, `course_minutes(week)` each; pain before `course_pain(week)`,
    two points lower after (the same on day 7); stress 5 before, 3 after; a note on day 1."""
    entries = []
    for week in range(1, 9):
        for day in range(1, 8):
            if day == 4:
                continue
            when = start + timedelta(days=7 * (week - 1) + day - 1)
            before = course_pain(week)
            entries.append(
                practice(
                    when,
                    course_minutes(week),
                    session_id="body-scan" if week <= 4 else "sitting",
                    pain=(before, before - 2 if day != 7 else before),
                    stress=(5, 3),
                    note="Lower back eased." if day == 1 else "",
                )
            )
    return entries


def course_minutes(week: int) -> int:
    """Minutes of each practice in course week `week`: 20 in week 1, 5 more each week."""
    return 20 + 5 * (week - 1)


def course_pain(week: int) -> int:
    """Pain before practice in course week `week`: 6 in weeks 1-3, 5 in 4-6, 4 in 7-8."""
    return 6 if week <= 3 else 5 if week <= 6 else 4


def calendar_entry(day: date, text: str, kind: str = "pleasant") -> CalendarEntry:
    when = datetime(day.year, day.month, day.day, 20, tzinfo=UTC)
    key = "happened" if kind == "communication" else "experience"
    return CalendarEntry(kind, when, 0, ((key, text),))


def ten_years(first: date = date(2015, 1, 5), sessions: int = 11_000) -> list[Entry]:
    """About three practices a day over ten years, with ratings and notes."""
    entries = []
    ids = list(TITLES)
    for i in range(sessions):
        day = first + timedelta(days=i * 3650 // sessions)
        entries.append(
            practice(
                day,
                10 + i % 35,
                session_id=ids[i % 3],
                pain=(i % 9, max(0, i % 9 - i % 3)),
                stress=(i % 7, i % 5),
                note="A note." if i % 5 == 0 else "",
                hour=6 + (i % 3) * 5,
            )
        )
    return entries
