"""Today's plan, the week review and the course rows from the journal; the state file."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mbsr_tui.core.course_calendar import COMPLETE, NO_COURSE, RUNNING, UPCOMING, CourseState
from mbsr_tui.core.course_file import load_course
from mbsr_tui.core.course_plan import course_rows, minutes_text, today_plan, week_review
from mbsr_tui.core.course_state import CourseStateError, load_state, save_state, state_path
from mbsr_tui.core.journal.entry import Entry

BERLIN = ZoneInfo("Europe/Berlin")
START = date(2025, 3, 3)


@pytest.fixture(scope="module")
def course():
    return load_course()


def entry(local: datetime, minutes: int = 20, *, completed: bool = True, pain=None) -> Entry:
    offset = int(local.utcoffset().total_seconds() // 60)
    return Entry("sitting", "Sitting meditation", "sitting", local, offset,
                 local + timedelta(minutes=minutes), minutes * 60, minutes * 60, completed,
                 pain_before=pain, pain_after=None if pain is None else pain - 1)  # fmt: skip


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)


def test_today_in_week_2_day_4(course):
    state = CourseState(started_on=START)
    now = at(START + timedelta(days=10))
    practised = [entry(at(START + timedelta(days=d))) for d in (7, 8, 9)]  # days 1-3 of week 2
    plan = today_plan(state, course, now, 4, [*practised, entry(at(START + timedelta(days=2)))],
                      tz=BERLIN)  # fmt: skip
    assert (plan.status, plan.week, plan.day) == (RUNNING, 2, 4)
    assert plan.title == course.week(2).title
    assert [p.practice for p in plan.practices] == ["body-scan", "sitting"]
    assert plan.calendar == "pleasant"
    assert plan.days_practised == 3  # week 1's day is not counted
    assert not plan.practised_today
    lines = plan.lines()
    assert len(lines) == 3
    assert lines[0] == f"Week 2 · day 4 · {course.week(2).title}"
    assert lines[1] == "Today: Body scan 45 min (or 20 min) · then Sitting meditation 10 min"
    assert lines[2] == "3 of 6 practice days this week"


def test_a_completed_practice_today_is_seen_and_a_late_one_counts_for_yesterday(course):
    state = CourseState(started_on=START)
    now = at(START + timedelta(days=10), 21)
    late = entry(at(START + timedelta(days=11), 1))  # 01:00 the next night: still today
    assert today_plan(state, course, now, 4, [late], tz=BERLIN).practised_today
    early = entry(at(START + timedelta(days=10), 3))  # 03:00: yesterday's practice day
    plan = today_plan(state, course, now, 4, [early], tz=BERLIN)
    assert not plan.practised_today and plan.days_practised == 1
    unfinished = entry(at(START + timedelta(days=10), 8), completed=False)
    plan = today_plan(state, course, now, 4, [unfinished], tz=BERLIN)
    assert not plan.practised_today and plan.minutes_today == 20


def test_the_day_of_practice_and_the_plan_after_the_course(course):
    state = CourseState(started_on=START)
    day = today_plan(state, course, at(START + timedelta(days=41)), tz=BERLIN)
    assert day.day_of_practice and day.practice.practice == "day-of-practice"
    assert "4 h (or 2 h)" in day.lines()[1]
    done = today_plan(state, course, at(START + timedelta(days=70)), tz=BERLIN)
    assert done.status == COMPLETE
    assert done.practice.practice == "daily-routine"
    assert "complete" in done.lines()[0]


def test_no_course_and_a_course_still_to_come(course):
    plan = today_plan(None, course, at(START), tz=BERLIN)
    assert plan.status == NO_COURSE and plan.practice is not None
    assert "course start" in plan.lines()[0]
    soon = today_plan(CourseState(started_on=START), course, at(START - timedelta(days=2)),
                      tz=BERLIN)  # fmt: skip
    assert soon.status == UPCOMING
    assert soon.lines()[0].startswith("The 8-week course begins on Monday 03 March (in 2 days)")


def test_minutes_text():
    assert [minutes_text(m) for m in (3, 45, 60, 90, 240)] == [
        "3 min", "45 min", "1 h", "1 h 30 min", "4 h",
    ]  # fmt: skip


def test_week_review_and_course_rows(course):
    state = CourseState(started_on=START, repeats=(2,))
    entries = [entry(at(START + timedelta(days=d)), pain=6) for d in (0, 1, 1, 3)]
    entries += [entry(at(START + timedelta(days=15)), minutes=30, pain=4)]  # week 2, again
    review = week_review(state, course, 0, entries, calendar_days=[START, START + timedelta(9)])
    assert (review.week, review.days_practised, review.sessions, review.minutes) == (1, 3, 4, 80)
    assert (review.pain_before, review.pain_after, review.calendar_entries) == (6, 5, 1)
    rows = course_rows(state, course, entries, START + timedelta(days=16))
    assert [r.week for r in rows] == list(range(1, 9))
    assert rows[1].attempt == 2 and rows[1].current and rows[1].minutes == 30
    assert rows[2].sessions == 0 and not rows[2].current


def test_the_state_round_trips_atomically():
    assert load_state() is None
    state = CourseState(started_on=START, repeats=(3, 3), stopped_on=date(2025, 4, 1), reviewed=4)
    path = save_state(state)
    assert path == state_path()
    assert load_state() == state
    assert [p.name for p in path.parent.iterdir()] == ["course.toml"]  # no temporary left
    assert oct(os.stat(path.parent).st_mode & 0o777) == "0o700"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("started_on = ", "could not be read"),
        ('started_on = "yesterday"\n', "must be a date"),
        ("format = 1\n", "must be a date"),
        ("started_on = 2025-03-03\nrepeats = [9]\n", "'repeats'"),
        ("started_on = 2025-03-03\nformat = 7\n", "another version"),
        ("started_on = 2025-03-03\nreviewed = -1\n", "'reviewed'"),
    ],
)
def test_a_broken_state_file_is_one_clear_sentence(text, needle):
    state_path().parent.mkdir(parents=True, exist_ok=True)
    state_path().write_text(text)
    with pytest.raises(CourseStateError) as caught:
        load_state()
    assert needle in str(caught.value) and str(state_path()) in str(caught.value)


def test_a_state_that_cannot_be_written_says_so(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    if os.access(folder, os.W_OK):
        pytest.skip("running as a user who can write anywhere")
    with pytest.raises(CourseStateError, match="could not be written"):
        save_state(CourseState(started_on=START), folder / "course.toml")


def test_now_in_utc_works_too(course):
    now = datetime(2025, 3, 13, 8, tzinfo=UTC)
    plan = today_plan(CourseState(started_on=START), course, now, tz=BERLIN)
    assert (plan.week, plan.day) == (2, 4)


def test_a_practice_day_is_earned_by_practice_not_by_skipping(course):
    """Issue 20: a 20-minute body scan with `n` pressed through 13 of 15 parts is logged
    with the 3:22 practised and not completed: it is neither "Practised today" nor one of
    the week's practice days. Stopping early after real practice still counts the day."""
    from dataclasses import replace

    state = CourseState(started_on=START)
    now = at(START + timedelta(days=10), 21)
    skipped = replace(entry(at(START + timedelta(days=10), 8), completed=False),
                      practised_seconds=202)  # fmt: skip
    plan = today_plan(state, course, now, 4, [skipped], tz=BERLIN)
    assert not plan.practised_today and plan.days_practised == 0
    stopped = replace(skipped, practised_seconds=12 * 60)  # ended early, after 12 minutes
    plan = today_plan(state, course, now, 4, [stopped], tz=BERLIN)
    assert not plan.practised_today and plan.days_practised == 1
    short = replace(skipped, planned_seconds=180, practised_seconds=180, completed=True)
    plan = today_plan(state, course, now, 4, [short], tz=BERLIN)  # a breathing space
    assert plan.practised_today and plan.days_practised == 1
