"""The report's numbers against journals worked out by hand (issue 23)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mbsr_tui.core.course_calendar import CourseState
from mbsr_tui.core.course_file import load_course
from mbsr_tui.core.report.document import MAX_ITEMS, MONTH, WEEK, Choice, ReportError
from mbsr_tui.core.report.model import MAX_PRACTICE_BARS, OTHER_PRACTICES, build_report
from tests.support.report_journal import (
    COURSE_START,
    calendar_entry,
    course_journal,
    course_minutes,
    course_pain,
    practice,
)

AFTER_COURSE = date(2025, 5, 10)  # the course (3 Mar - 27 Apr 2025) is over


def course_report(**choice) -> object:
    return build_report(
        course_journal(),
        Choice(course=True, **choice),
        AFTER_COURSE,
        state=CourseState(COURSE_START),
        course=load_course(),
    )


def test_an_empty_journal_has_no_period_and_no_numbers():
    report = build_report([], Choice(), date(2025, 3, 3))
    assert report.period is None
    assert (report.sessions, report.days_practised, report.total_minutes) == (0, 0, 0)
    assert report.median_minutes is None and report.longest_run == 0
    assert report.bins == () and report.practices == () and report.heatmap == ()
    assert report.pain.first is None and report.pain.share_down is None


def test_an_empty_journal_over_the_last_weeks_still_has_its_weeks():
    today = date(2025, 3, 6)  # a Thursday
    report = build_report([], Choice(weeks=2), today)
    assert (report.period.first, report.period.last) == (date(2025, 2, 21), today)
    assert report.period.label == "the last 2 weeks"
    # Monday weeks: 17-23 Feb (clipped to 21-23), 24 Feb - 2 Mar, 3-6 Mar.
    assert [(b.first, b.last) for b in report.bins] == [
        (date(2025, 2, 21), date(2025, 2, 23)),
        (date(2025, 2, 24), date(2025, 3, 2)),
        (date(2025, 3, 3), today),
    ]
    assert all(b.minutes == 0 and b.sessions == 0 for b in report.bins)


def test_one_practice():
    day = date(2025, 3, 5)
    entry = practice(day, 25, pain=(6, 4), stress=(None, 3), note="Eased.")
    report = build_report([entry], Choice(with_notes=True), day)
    assert (report.period.first, report.period.last) == (day, day)
    assert (report.sessions, report.days_practised, report.longest_run) == (1, 1, 1)
    assert report.total_minutes == 25 and report.median_minutes == 25
    assert [(p.title, p.sessions, p.minutes) for p in report.practices] == [("Body scan", 1, 25)]
    assert report.pain.rated_both == 1 and report.pain.went_down == 1
    assert report.pain.first == 0 and report.pain.last is None  # one week only
    assert report.stress.rated_both == 0 and report.stress.share_down is None
    assert [p.before for p in report.stress.points] == [None]
    assert report.bins[0].pain.before == 6 and report.bins[0].stress.after == 3
    assert [(n.day, n.text) for n in report.notes] == [(day, "Eased.")]
    assert report.heatmap[2] == (day, 25.0)  # Monday 3 Mar starts the week
    assert report.heatmap[0] == (date(2025, 3, 3), None)  # before the period


def test_an_eight_week_course_by_hand():
    report = course_report()
    assert (report.period.first, report.period.last) == (COURSE_START, date(2025, 4, 27))
    assert report.period.days == 56
    assert report.unit == WEEK
    # Six days a week (day 4 missed): 48 days, 48 practices.
    assert (report.sessions, report.days_practised) == (48, 48)
    # 6 x (20 + 25 + ... + 55) = 6 x 300; the 24th and 25th of the 48 are 35 and 40.
    assert report.total_minutes == 1800
    assert report.median_minutes == 37.5
    # Days 5-7 of one week and 1-3 of the next.
    assert report.longest_run == 6
    assert [b.course_week for b in report.bins] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [b.minutes for b in report.bins] == [6 * course_minutes(w) for w in range(1, 9)]
    assert all(b.days == 6 and b.sessions == 6 for b in report.bins)
    # Pain: before as course_pain; after two lower on five days, the same on day 7.
    assert [b.pain.before for b in report.bins] == [course_pain(w) for w in range(1, 9)]
    assert [b.pain.after for b in report.bins] == [course_pain(w) - 2 for w in range(1, 9)]
    pain = report.pain
    assert (pain.rated_both, pain.went_down, pain.same, pain.went_up) == (48, 40, 8, 0)
    assert pain.share_down == pytest.approx(40 / 48)
    assert (pain.first, pain.last) == (0, 7)
    assert report.stress.went_down == 48
    # Body scan in weeks 1-4, sitting in 5-8: 6 x (40 + 45 + 50 + 55) and 6 x (20 + ... + 35).
    assert [(p.title, p.sessions, p.minutes) for p in report.practices] == [
        ("Sitting meditation", 24, 1140),
        ("Body scan", 24, 660),
    ]
    rows = report.course_rows
    assert [(r.week, r.attempt, r.days, r.sessions) for r in rows] == [
        (w, 1, 6, 6) for w in range(1, 9)
    ]
    assert rows[0].title == load_course().week(1).title
    assert rows[7].minutes == 6 * course_minutes(8)
    assert all(r.calendar_entries is None and not r.current for r in rows)
    # Privacy: nothing written is in the model unless asked for.
    assert report.notes is None and report.calendar is None and report.name == ""


def test_the_course_counts_calendar_entries_only_when_asked():
    calendar = [calendar_entry(COURSE_START + timedelta(days=9), "Sun on the wall")]
    kept = build_report(course_journal(), Choice(course=True, with_calendars=True), AFTER_COURSE,
                        state=CourseState(COURSE_START), calendar=calendar)  # fmt: skip
    assert [r.calendar_entries for r in kept.course_rows][:3] == [0, 1, 0]
    assert kept.calendar[0].answers == (("What was the experience?", "Sun on the wall"),)
    left = build_report(course_journal(), Choice(course=True), AFTER_COURSE,
                        state=CourseState(COURSE_START), calendar=calendar)  # fmt: skip
    assert left.calendar is None and left.calendar_total == 0
    assert left.course_rows[1].calendar_entries is None


def test_a_course_begun_midweek_has_weeks_from_its_first_weekday():
    start = date(2025, 3, 5)  # a Wednesday
    report = build_report(course_journal(start), Choice(), date(2025, 5, 10),
                          state=CourseState(start))  # fmt: skip
    course_bins = [b for b in report.bins if b.course_week]
    assert [b.course_week for b in course_bins] == list(range(1, 9))
    assert all(b.first.weekday() == 2 for b in course_bins)
    assert [b.minutes for b in course_bins] == [6 * course_minutes(w) for w in range(1, 9)]
    assert report.heatmap[0][0].weekday() == 2


def test_a_repeated_week_and_a_running_course():
    state = CourseState(COURSE_START, repeats=(3,))
    today = COURSE_START + timedelta(days=7 * 3 + 2)  # run 4 (week 3 again), day 3
    report = build_report(course_journal(), Choice(course=True), today, state=state)
    assert report.period.last == today
    assert [(r.week, r.attempt) for r in report.course_rows] == [(1, 1), (2, 1), (3, 1), (3, 2)]
    assert [b.course_week for b in report.bins] == [1, 2, 3, 3]
    assert report.course_rows[-1].current
    assert report.course_rows[-1].days == 3  # days 1-3 of the run, through today


def test_a_stopped_course_ends_on_the_day_it_stopped():
    state = CourseState(COURSE_START, stopped_on=COURSE_START + timedelta(days=16))
    report = build_report(course_journal(), Choice(course=True), AFTER_COURSE, state=state)
    assert report.period.last == COURSE_START + timedelta(days=16)
    assert [r.week for r in report.course_rows] == [1, 2, 3]


def test_the_course_without_a_course_is_a_clear_error():
    with pytest.raises(ReportError, match="no course has been started"):
        build_report(course_journal(), Choice(course=True), AFTER_COURSE)


def test_since_and_weeks_choose_the_days():
    since = build_report(course_journal(), Choice(since=date(2025, 4, 21)), AFTER_COURSE)
    assert since.sessions == 6 and since.period.label == "since 21 April 2025"
    weeks = build_report(course_journal(), Choice(weeks=3), date(2025, 4, 27))
    assert weeks.period.first == date(2025, 4, 7)
    assert weeks.sessions == 18 and weeks.days_practised == 18


def test_a_late_night_counts_for_the_day_before_as_in_the_history():
    late = practice(date(2025, 3, 6), 20, hour=2)  # 02:00 belongs to 5 March
    report = build_report([late], Choice(), date(2025, 3, 6))
    assert report.period.first == date(2025, 3, 5)
    early = build_report([late], Choice(), date(2025, 3, 6), day_start_hour=0)
    assert early.period.first == date(2025, 3, 6)


def test_many_practices_beyond_the_bars_are_summed():
    day = date(2025, 3, 3)
    entries = [practice(day, 10 + i, session_id=f"p{i}") for i in range(12)]
    report = build_report(entries, Choice(), day)
    assert len(report.practices) == MAX_PRACTICE_BARS
    assert report.practices[0].title == "p11"
    other = report.practices[-1]
    assert other.title == OTHER_PRACTICES
    # Kept: p11 down to p5 (7 bars); the rest, p0-p4, summed.
    assert (other.sessions, other.minutes) == (5, sum(10 + i for i in range(5)))


def test_notes_are_the_latest_and_clipped():
    first = date(2025, 1, 1)
    entries = [practice(first + timedelta(days=i), 10, note=f"note {i}") for i in range(40)]
    entries.append(practice(first + timedelta(days=40), 10, note="x" * 900))
    report = build_report(entries, Choice(with_notes=True), first + timedelta(days=40))
    assert report.notes_total == 41 and len(report.notes) == MAX_ITEMS
    assert report.notes[0].text == "note 11"
    assert report.notes[-1].text.endswith("…") and len(report.notes[-1].text) == 500


def test_years_of_practice_are_shown_by_month_and_the_calendar_by_the_last_year():
    first = date(2015, 1, 5)
    entries = [practice(first + timedelta(days=3 * i), 20) for i in range(1300)]
    today = first + timedelta(days=3 * 1299)
    report = build_report(entries, Choice(), today)
    assert report.unit == MONTH
    assert report.bins[0].first == first and report.bins[0].last == date(2015, 1, 31)
    assert sum(b.sessions for b in report.bins) == 1300
    assert len(report.heatmap) <= 54 * 7
    assert report.heatmap[-1][0] >= today and report.heatmap[0][0] > first


def test_days_and_runs_are_earned_by_practice_as_in_the_app():
    """A day with only a skipped-through 3 minutes is not a day practised (progress's one
    rule), though its minutes still count; 10 minutes left early still earn the day."""
    from dataclasses import replace

    first = date(2025, 3, 3)
    skipped = replace(practice(first + timedelta(days=1), 3), completed=False,
                      planned_seconds=20 * 60)  # fmt: skip
    left_early = replace(practice(first + timedelta(days=2), 10), completed=False,
                         planned_seconds=45 * 60)  # fmt: skip
    entries = [practice(first, 20), skipped, left_early]
    report = build_report(entries, Choice(), first + timedelta(days=2))
    assert report.sessions == 3 and report.total_minutes == 33
    assert report.days_practised == 2  # the 3rd and the 5th, not the 4th
    assert report.longest_run == 1
