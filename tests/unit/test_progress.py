"""Progress: practice days (day start, stored offsets, daylight saving), streaks, weeks, pain."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.journal.format import format_duration
from mbsr_tui.core.progress import (
    HOME_PRACTICE_DAYS,
    PainChange,
    WeekPain,
    day_of,
    days_this_week,
    heatmap,
    pain_change,
    pain_change_sentence,
    practice_day,
    streaks,
    summarise,
    week_start,
    weekly_pain,
)
from tests.support.oracles import minutes_per_day

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def at(local: datetime, minutes: float = 20, **ratings) -> Entry:
    """A practice that began at `local` (an aware local time), as the app would log it."""
    offset = local.utcoffset()
    assert offset is not None
    return Entry(
        session_id="sitting", title="Sitting", kind="sitting", started_at=local,
        utc_offset_minutes=int(offset.total_seconds() // 60),
        # In UTC: adding to an aware local time drops `fold` (01:30 twice in October).
        ended_at=local.astimezone(UTC) + timedelta(minutes=minutes),
        planned_seconds=int(minutes * 60), practised_seconds=int(minutes * 60), completed=True,
        **ratings,
    )  # fmt: skip


def london(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=LONDON, fold=fold)


# -- practice days ----------------------------------------------------------------------


def test_a_session_at_half_past_two_counts_for_the_day_before():
    assert practice_day(at(london(2024, 3, 6, 2, 30))) == date(2024, 3, 5)
    assert practice_day(at(london(2024, 3, 6, 4, 0))) == date(2024, 3, 6)
    assert practice_day(at(london(2024, 3, 6, 2, 30)), day_start_hour=0) == date(2024, 3, 6)


def test_the_day_start_decides_whether_a_late_night_breaks_a_streak():
    days = [london(2024, 3, 4, 20), london(2024, 3, 6, 2, 30), london(2024, 3, 6, 10)]
    entries = [at(d) for d in days]
    today = date(2024, 3, 6)
    # With the day starting at 4:00, the 02:30 session on Wednesday counts for Tuesday:
    # Monday, Tuesday (late at night) and Wednesday make three in a row.
    assert streaks(minutes_per_day(entries, 4), today).current == 3
    # Counting from midnight, Tuesday has no practice and the run is broken.
    assert streaks(minutes_per_day(entries, 0), today).current == 1


def test_each_entry_counts_on_the_wall_clock_of_where_it_was_practised():
    # 23:30 in New York on 1 June is 04:30 on 2 June in London: it is 1 June's practice.
    travelling = at(datetime(2024, 6, 1, 23, 30, tzinfo=NEW_YORK))
    assert travelling.utc_offset_minutes == -240
    assert practice_day(travelling) == date(2024, 6, 1)
    fixed = Entry(**{**travelling.__dict__, "utc_offset_minutes": 60, "row_id": None})
    assert practice_day(fixed) == date(2024, 6, 2)


def test_summer_sessions_keep_their_summer_offset_when_read_in_winter():
    # 04:30 BST is 03:30 UTC: read with winter's offset it would slip to the day before.
    entries = [at(london(2024, 7, day, 4, 30)) for day in (1, 2, 3)]
    progress = summarise(entries, now=london(2024, 7, 3, 12), tz=LONDON)
    assert progress.streaks.longest == 3
    assert set(minutes_per_day(entries)) == {date(2024, 7, d) for d in (1, 2, 3)}


def test_a_streak_runs_straight_through_the_spring_clock_change():
    # Clocks go forward at 01:00 GMT on Sunday 31 March 2024.
    entries = [at(london(2024, 3, day, 7)) for day in range(27, 32)]
    entries += [at(london(2024, 4, day, 7)) for day in range(1, 4)]
    assert {e.utc_offset_minutes for e in entries} == {0, 60}
    progress = summarise(entries, now=london(2024, 4, 3, 8), tz=LONDON)
    assert progress.streaks.current == progress.streaks.longest == 8


def test_the_day_boundary_on_the_night_the_clocks_change():
    # 03:30 BST on 31 March is 02:30 UTC: before the day starts, so still Saturday.
    assert day_of(london(2024, 3, 31, 3, 30), LONDON) == date(2024, 3, 30)
    assert day_of(london(2024, 3, 31, 4, 0), LONDON) == date(2024, 3, 31)
    assert practice_day(at(london(2024, 3, 31, 3, 30))) == date(2024, 3, 30)
    # Clocks go back at 02:00 BST on 27 October 2024: 01:30 happens twice; both are Saturday's.
    first, second = london(2024, 10, 27, 1, 30), london(2024, 10, 27, 1, 30, fold=1)
    assert at(first).utc_offset_minutes == 60 and at(second).utc_offset_minutes == 0
    assert practice_day(at(first)) == practice_day(at(second)) == date(2024, 10, 26)
    assert day_of(datetime(2024, 10, 27, 3, 59, tzinfo=UTC), LONDON) == date(2024, 10, 26)
    assert day_of(datetime(2024, 10, 27, 4, 0, tzinfo=UTC), LONDON) == date(2024, 10, 27)


def test_a_streak_runs_straight_through_the_autumn_clock_change():
    entries = [at(london(2024, 10, day, 21, 30)) for day in range(24, 31)]
    progress = summarise(entries, now=london(2024, 10, 30, 22), tz=LONDON)
    assert progress.streaks.current == 7


def test_the_current_streak_waits_for_today_to_end_but_not_longer():
    days = {date(2024, 5, d) for d in (1, 2, 3, 6, 7)}
    assert streaks(days, date(2024, 5, 7)) == streaks(days, date(2024, 5, 8))
    assert streaks(days, date(2024, 5, 8)).current == 2
    assert streaks(days, date(2024, 5, 9)).current == 0
    assert streaks(days, date(2024, 5, 9)).longest == 3
    assert streaks(set(), date(2024, 5, 9)).longest == 0


# -- weeks --------------------------------------------------------------------------------


def test_weeks_start_on_monday():
    assert week_start(date(2024, 3, 10)) == date(2024, 3, 4)  # a Sunday
    assert week_start(date(2024, 3, 4)) == date(2024, 3, 4)


def test_days_practised_this_week_out_of_six():
    # Sunday's session (the week before) and a second one on Wednesday do not add days.
    entries = [at(london(2024, 3, 3, 9))] + [at(london(2024, 3, d, 9)) for d in (4, 5, 6, 6, 7)]
    progress = summarise(entries, now=london(2024, 3, 7, 20), tz=LONDON)
    assert progress.days_this_week == 4
    assert progress.rhythm == f"4 of {HOME_PRACTICE_DAYS} practice days this week"
    assert progress.totals.sessions_this_week == 5
    assert progress.totals.seconds_this_week == 5 * 20 * 60
    assert progress.totals.sessions == 6
    # Early on Monday, before the day starts, it is still Sunday: last week.
    assert days_this_week(minutes_per_day(entries), day_of(london(2024, 3, 11, 3), LONDON)) == 4


def test_the_heatmap_covers_whole_weeks_up_to_today():
    entries = [at(london(2024, 3, 6, 9), minutes=30), at(london(2024, 3, 7, 1), minutes=15)]
    today = date(2024, 3, 7)
    rows = heatmap(minutes_per_day(entries), today, weeks=9)
    assert len(rows) == 9
    assert rows[0].monday == date(2024, 1, 8) and rows[-1].monday == date(2024, 3, 4)
    assert rows[-1].minutes == (0.0, 0.0, 45.0, 0.0, None, None, None)
    assert all(len(row.minutes) == 7 for row in rows)
    assert summarise(entries, now=london(2024, 3, 7, 12), tz=LONDON).heatmap == rows


# -- pain ---------------------------------------------------------------------------------


def test_weekly_pain_averages_before_and_after():
    entries = [
        at(london(2024, 3, 4, 9), pain_before=6, pain_after=4, stress_before=7),
        at(london(2024, 3, 6, 9), pain_before=8, pain_after=6),
        at(london(2024, 3, 7, 9)),  # no check-in: left out of the averages
        at(london(2024, 3, 12, 9), pain_before=5),
        at(london(2024, 3, 25, 9), stress_after=2),  # a week with stress only
    ]
    weeks = weekly_pain(entries)
    assert weeks[0] == WeekPain(date(2024, 3, 4), 7.0, 5.0, 7.0, None, sessions_rated=2)
    assert weeks[1] == WeekPain(date(2024, 3, 11), 5.0, None, None, None, sessions_rated=1)
    assert weeks[2].pain_before is None and weeks[2].stress_after == 2.0
    assert [w.monday for w in weeks] == [date(2024, 3, 4), date(2024, 3, 11), date(2024, 3, 25)]
    progress = summarise(entries, now=london(2024, 3, 26, 9), tz=LONDON)
    assert progress.pain_before_after == (7.0, 5.0)
    assert progress.pain_change is not None
    assert progress.pain_change.percent_lower == pytest.approx((7 - 5) / 7 * 100, abs=1e-5)


def _two_weeks(first: float, latest: float) -> list[WeekPain]:
    return [
        WeekPain(date(2024, 3, 4), first, None, None, None, 1),
        WeekPain(date(2024, 3, 11), None, None, 3.0, None, 0),  # stress only: skipped
        WeekPain(date(2024, 4, 1), latest, None, None, None, 1),
    ]


@pytest.mark.parametrize(
    ("first", "latest", "meaningful"),
    [(6.0, 4.2, True), (6.0, 4.3, False), (5.0, 1.0, True), (5.0, 3.6, False), (4.0, 2.8, True)],
)
def test_the_thirty_percent_threshold(first, latest, meaningful):
    change = pain_change(_two_weeks(first, latest))
    assert change is not None
    assert change.first_week == date(2024, 3, 4) and change.latest_week == date(2024, 4, 1)
    assert change.meaningful is meaningful
    sentence = pain_change_sentence(change)
    assert ("2016" in sentence) is meaningful
    assert ("counted as meaningful" in sentence) is meaningful
    assert "lower than in your first week" in sentence


def test_the_meaningful_sentence_is_kind_and_promises_nothing():
    sentence = pain_change_sentence(pain_change(_two_weeks(6.0, 3.0)))
    assert sentence.startswith("Your average pain before practice is 50% lower")
    assert "(6.0 then, 3.0 now, out of 10)" in sentence
    assert "Everyone's path is different" in sentence
    assert "medical care" in sentence
    for promise in ("will ", "cure", "guarantee", "heal", "treat"):
        assert promise not in sentence.lower()


def test_a_change_just_short_of_thirty_percent_never_reads_as_thirty():
    change = pain_change(_two_weeks(5.0, 3.52))  # 29.6% lower
    assert change is not None and not change.meaningful
    assert "29% lower" in pain_change_sentence(change)


def test_the_other_sentences():
    assert "about the same" in pain_change_sentence(pain_change(_two_weeks(5.0, 4.9)))
    higher = pain_change_sentence(pain_change(_two_weeks(4.0, 5.0)))
    assert "25% higher" in higher and "doctor or physiotherapist" in higher
    assert "second week" in pain_change_sentence(None)


def test_no_change_until_two_rated_weeks_or_from_a_first_week_of_zero():
    assert pain_change(_two_weeks(5.0, 4.0)[:1]) is None
    assert pain_change([]) is None
    assert pain_change(_two_weeks(0.0, 2.0)) is None


def test_pain_change_compares_the_first_and_the_latest_rated_week():
    change = PainChange(date(2024, 3, 4), 6.0, date(2024, 4, 1), 4.2, 30.0)
    assert change.meaningful


# -- small things -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 min"), (20, "under 1 min"), (45, "1 min"), (45 * 60, "45 min"),
        (65 * 60, "1 h 05 min"), (59 * 60 + 40, "1 h 00 min"), (10 * 3600 + 120, "10 h 02 min"),
    ],
)  # fmt: skip
def test_durations_read_plainly(seconds, text):
    assert format_duration(seconds) == text


def test_an_empty_journal_summarises_to_zeros():
    progress = summarise([], now=datetime(2024, 3, 7, 12, tzinfo=UTC), tz=UTC)
    assert progress.totals.sessions == progress.streaks.longest == progress.days_this_week == 0
    assert progress.pain_change is None and progress.pain_before_after is None
    assert len(progress.heatmap) == 9


def test_practice_days_are_earned_by_practice_not_by_skipping():
    """One rule for streaks and "N of 6 practice days": a practice stayed through, or ten
    minutes practised in the day; `n` through the parts earns nothing."""
    from dataclasses import replace
    from datetime import UTC, date, datetime, timedelta

    from mbsr_tui.core.journal.entry import Entry
    from mbsr_tui.core.progress import practice_days

    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    skipped = Entry("body-scan", "Body scan", "body-scan", start, 0,
                    start + timedelta(minutes=4), 1200, 202, False)  # fmt: skip
    day = date(2026, 3, 2)
    assert practice_days([(day, skipped)]) == set()
    assert practice_days([(day, skipped), (day, replace(skipped, practised_seconds=400))]) == {
        day
    }  # 3:22 and 6:40 the same day: ten minutes practised
    assert practice_days([(day, replace(skipped, planned_seconds=180, practised_seconds=180,
                                        completed=True))]) == {day}  # fmt: skip
