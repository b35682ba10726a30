"""The course's calendar: pure date arithmetic, practice days, DST, repeats, restarts, stops."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mbsr_tui.core.course_calendar import (
    COMPLETE,
    RUNNING,
    STOPPED,
    UPCOMING,
    CourseState,
    locate,
    practice_today,
    review_due,
    schedule,
)
from tests.support.oracles import date_of

START = date(2025, 3, 3)  # a Monday; any weekday works the same
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_every_day_of_the_56_has_its_week_and_day():
    state = CourseState(started_on=START)
    for offset in range(56):
        where = locate(state, START + timedelta(days=offset))
        assert where.status == RUNNING
        assert (where.week, where.day) == (offset // 7 + 1, offset % 7 + 1)
        assert where.attempt == 1
        assert where.week_starts == START + timedelta(weeks=offset // 7)
        assert where.day_of_practice == (offset == 6 * 7 - 1)  # the last day of week 6
        assert date_of(state, where.week, where.day) == START + timedelta(days=offset)


def test_ten_days_in_is_week_2_day_4():
    where = locate(CourseState(started_on=START), START + timedelta(days=10))
    assert (where.week, where.day) == (2, 4)


def test_before_the_start_it_is_upcoming_and_after_week_8_complete():
    state = CourseState(started_on=START)
    before = locate(state, START - timedelta(days=3))
    assert before.status == UPCOMING and before.days_in == -3 and before.week == 0
    for offset in (56, 57, 100, 3650):
        after = locate(state, START + timedelta(days=offset))
        assert after.status == COMPLETE and after.week == 8 and after.day == 0
        assert after.run == 8


def test_the_day_of_practice_can_be_placed_elsewhere_or_left_out():
    state = CourseState(started_on=START)
    assert locate(state, START + timedelta(days=27), day_after_week=4).day_of_practice
    assert not any(
        locate(state, START + timedelta(days=d), day_after_week=None).day_of_practice
        for d in range(56)
    )


@pytest.mark.parametrize("hour", [0, 4, 6])
def test_a_practice_day_begins_at_the_day_start_hour(hour):
    state = CourseState(started_on=START)
    just_before = datetime(2025, 3, 13, hour, 0, tzinfo=BERLIN) - timedelta(minutes=1)
    at = datetime(2025, 3, 13, hour, 0, tzinfo=BERLIN)
    assert practice_today(just_before, BERLIN, hour) == date(2025, 3, 12)
    assert practice_today(at, BERLIN, hour) == date(2025, 3, 13)
    assert locate(state, practice_today(at, BERLIN, hour)).day == 4
    assert locate(state, practice_today(just_before, BERLIN, hour)).day == 3


def test_late_at_night_counts_for_the_day_before_by_default():
    day_one = datetime(2025, 3, 4, 2, 30, tzinfo=BERLIN)  # 02:30 on the 4th: still the 3rd
    where = locate(CourseState(started_on=START), practice_today(day_one, BERLIN))
    assert (where.week, where.day) == (1, 1)


@pytest.mark.parametrize(
    ("zone", "spring", "autumn"),
    [
        (BERLIN, date(2025, 3, 30), date(2025, 10, 26)),
        (NEW_YORK, date(2025, 3, 9), date(2025, 11, 2)),
    ],
    ids=["Europe/Berlin", "America/New_York"],
)
def test_both_daylight_saving_changes_keep_one_day_each(zone, spring, autumn):
    for change in (spring, autumn):
        state = CourseState(started_on=change - timedelta(days=3))
        # Walk through the change hour by hour in real (UTC) time: every local day from
        # 04:00 to 04:00 is one course day, whether it lasts 23, 24 or 25 hours.
        moment = datetime(change.year, change.month, change.day, tzinfo=zone) - timedelta(days=3)
        moment = moment.astimezone(UTC)
        seen: dict[int, int] = {}
        for _ in range(24 * 7):
            local = moment.astimezone(zone)
            today = practice_today(moment, zone)
            expected = (local - timedelta(hours=4)).date()
            assert today == expected
            day = locate(state, today).day
            seen[day] = seen.get(day, 0) + 1
            moment += timedelta(hours=1)
        hours = [seen[d] for d in sorted(seen)]  # day 0: the 4 hours before the start
        # The clocks change in the night that ends day 3 (04:00 to 04:00): it is one day
        # of 23 hours in spring, 25 in autumn; the days around it have 24.
        assert hours[3] == (23 if change == spring else 25)
        assert hours[1:3] == [24, 24] and hours[4:7] == [24, 24, 24]


def test_the_spring_change_in_berlin_around_the_day_start():
    state = CourseState(started_on=date(2025, 3, 24))
    # 30 March 2025: 02:00 CET jumps to 03:00 CEST. 03:59 CEST is still the 29th's day.
    assert (
        locate(state, practice_today(datetime(2025, 3, 30, 3, 59, tzinfo=BERLIN), BERLIN)).day == 6
    )
    assert (
        locate(state, practice_today(datetime(2025, 3, 30, 4, 0, tzinfo=BERLIN), BERLIN)).day == 7
    )
    # 26 October 2025: 03:00 CEST falls back to 02:00 CET; both 02:30s belong to the 25th.
    autumn = CourseState(started_on=date(2025, 10, 20))
    first = datetime(2025, 10, 26, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = datetime(2025, 10, 26, 1, 30, tzinfo=UTC)  # 02:30 CET
    assert practice_today(first, BERLIN) == practice_today(second, BERLIN) == date(2025, 10, 25)
    assert locate(autumn, date(2025, 10, 25)).day == 6


def test_repeating_a_week_shifts_the_rest_by_seven_days():
    state = CourseState(started_on=START).with_repeat(3)
    assert schedule(state.repeats) == (1, 2, 3, 3, 4, 5, 6, 7, 8)
    assert date_of(state, 3, 1, attempt=2) == START + timedelta(weeks=3)
    assert date_of(state, 4, 1) == START + timedelta(weeks=4)
    for offset in range(63):
        where = locate(state, START + timedelta(days=offset))
        assert where.status == RUNNING
        expected_week = (1, 2, 3, 3, 4, 5, 6, 7, 8)[offset // 7]
        assert (where.week, where.day) == (expected_week, offset % 7 + 1)
        assert where.attempt == (2 if 21 <= offset < 28 else 1)
    assert locate(state, START + timedelta(days=63)).status == COMPLETE


def test_the_day_of_practice_is_the_last_day_of_the_last_run_of_week_6():
    state = CourseState(started_on=START, repeats=(6,))
    days = [d for d in range(63) if locate(state, START + timedelta(days=d)).day_of_practice]
    assert days == [7 * 7 - 1]


def test_a_repeat_chosen_in_the_next_week_brings_today_back_into_the_repeated_week():
    state = CourseState(started_on=START)
    today = START + timedelta(days=22)  # week 4 day 2
    assert (locate(state, today).week, locate(state, today).day) == (4, 2)
    again = locate(state.with_repeat(3), today)
    assert (again.week, again.day, again.attempt) == (3, 2, 2)


def test_a_repeat_must_name_a_week_of_the_course():
    with pytest.raises(ValueError):
        CourseState(started_on=START).with_repeat(9)


def test_stopping_ends_the_course_from_that_day_and_restarting_begins_afresh():
    state = CourseState(started_on=START)
    stopped = state.stopped(START + timedelta(days=15))
    assert locate(stopped, START + timedelta(days=14)).status == RUNNING
    where = locate(stopped, START + timedelta(days=15))
    assert where.status == STOPPED and where.week == 3
    restarted = CourseState(started_on=START + timedelta(days=20))
    assert (locate(restarted, START + timedelta(days=20)).week,
            locate(restarted, START + timedelta(days=20)).day) == (1, 1)  # fmt: skip


def test_the_review_is_due_once_per_ended_week():
    state = CourseState(started_on=START)
    assert review_due(state, locate(state, START + timedelta(days=3))) is None
    week_two = locate(state, START + timedelta(days=8))
    assert review_due(state, week_two) == 0
    state = state.with_review(week_two)
    assert review_due(state, week_two) is None
    weeks_later = locate(state, START + timedelta(days=30))  # week 5: only week 4 reviewed
    assert review_due(state, weeks_later) == 3
    done = locate(state, START + timedelta(days=60))
    assert review_due(state, done) == 7
