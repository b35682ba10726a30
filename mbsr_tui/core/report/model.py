"""The report's numbers: journal rows, the course and the calendars -> a `Report`.

A pure function (`build_report`) of what the journal holds, so every number on the page
can be checked against a journal worked out by hand. Days are practice days, as in the
history (`progress.dated`: a day starts at the person's day-start hour, on the wall clock
they had when they practised).

Weeks of the charts are seven-day blocks starting on a Monday, or on the course's first
weekday when a course falls in the period, so that each bar is one course week. A period
longer than `MAX_WEEKLY_BINS` weeks is shown by month (by year beyond twenty years): the
page stays one or two printed pages and well under a megabyte whatever the journal holds.

Only observations of this person's record: counts, sums, medians. Never a claim about
what caused them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from statistics import median

from mbsr_tui.core.course import Course
from mbsr_tui.core.course_calendar import CourseState, schedule
from mbsr_tui.core.journal.calendar_entry import (
    CALENDAR_KINDS,
    QUESTIONS,
    CalendarEntry,
    practice_day_of,
)
from mbsr_tui.core.journal.entry import EARLIEST, Entry
from mbsr_tui.core.progress import DEFAULT_DAY_START_HOUR, dated, practice_days, streaks
from mbsr_tui.core.report.document import (
    MAX_ITEMS,
    MONTH,
    WEEK,
    YEAR,
    Bin,
    Choice,
    CourseRow,
    Medians,
    Note,
    Period,
    PracticeTotal,
    Rated,
    Ratings,
    Report,
    ReportError,
    Written,
)
from mbsr_tui.core.words import plural

MAX_WEEKLY_BINS = 60  # longer periods are shown month by month
MAX_MONTHLY_BINS = 240  # and beyond twenty years, year by year
HEATMAP_WEEKS = 53  # the calendar shows at most the period's last year
MAX_PRACTICE_BARS = 8  # the rest are summed as "Other practices"
NOTE_CHARS = 500  # of one note (or one answer) on the page
TITLE_CHARS = 80  # of a practice's or a course week's title (an import may hold any length)
OTHER_PRACTICES = "Other practices"


def build_report(
    entries: Sequence[Entry],
    choice: Choice,
    today: date,
    *,
    calendar: Sequence[CalendarEntry] = (),
    state: CourseState | None = None,
    course: Course | None = None,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
) -> Report:
    """Everything the page shows, for practice day `today`. Raises `ReportError` when
    `choice.course` is asked without a course ever started."""
    pairs = dated(entries, day_start_hour)
    period = _period(pairs, choice, today, state)
    if period is None:
        return _empty(today, choice)
    inside = [(d, e) for d, e in pairs if period.first <= d <= period.last]
    span = _course_span(state, period)
    anchor = state.started_on.weekday() if span is not None and state is not None else 0
    unit = _unit(period)
    starts = _bin_starts(period, unit, anchor)
    per_day = _minutes_per_day(inside)
    bins = _bins(inside, starts, period, unit, per_day, state if span else None)
    notes = _notes(inside) if choice.with_notes else None
    written = [(practice_day_of(c, day_start_hour), c) for c in calendar]
    written = [(d, c) for d, c in written if period.first <= d <= period.last]
    minutes = [e.practised_seconds / 60 for _, e in inside]
    # Days practised and runs follow the app's one rule (progress.practice_days): a day is
    # earned by practice, not by skipping through; the heat-map still shows every minute.
    earned = practice_days(inside)
    return Report(
        made_on=today,
        choice=choice,
        period=period,
        unit=unit,
        sessions=len(inside),
        days_practised=len(earned),
        total_minutes=sum(minutes),
        median_minutes=median(minutes) if minutes else None,
        longest_run=streaks(earned, period.last).longest,
        bins=bins,
        pain=_ratings(inside, bins, "pain"),
        stress=_ratings(inside, bins, "stress"),
        practices=_practices(e for _, e in inside),
        heatmap=_heatmap(per_day, period, anchor),
        course_title=clipped(course.title if course else "The 8-week course", TITLE_CHARS)
        if span
        else None,
        course_rows=_course_rows(state, course, pairs, written, choice, period, today)
        if span
        else (),
        notes=tuple(notes[-MAX_ITEMS:]) if notes is not None else None,
        notes_total=len(notes) if notes is not None else 0,
        calendar=tuple(_written(written[-MAX_ITEMS:])) if choice.with_calendars else None,
        calendar_total=len(written) if choice.with_calendars else 0,
    )


def _empty(today: date, choice: Choice) -> Report:
    nothing = Ratings((), 0, 0, 0, 0, None, None)
    return Report(
        today,
        choice,
        None,
        WEEK,
        0,
        0,
        0.0,
        None,
        0,
        (),
        nothing,
        nothing,
        (),
        (),
        None,
        (),
        () if choice.with_notes else None,
        0,
        () if choice.with_calendars else None,
        0,
    )


# -- the period ----------------------------------------------------------------------------


def course_last_day(state: CourseState) -> date:
    """The course's last day: its last week's seventh day, or the day it was stopped."""
    end = state.started_on + timedelta(weeks=len(schedule(state.repeats)), days=-1)
    return min(end, state.stopped_on) if state.stopped_on is not None else end


def _period(
    pairs: list[tuple[date, Entry]], choice: Choice, today: date, state: CourseState | None
) -> Period | None:
    earliest = EARLIEST.date()
    if choice.course:
        if state is None:
            raise ReportError("no course has been started; mbsr-tui course start begins one")
        last = min(course_last_day(state), today)
        return Period(state.started_on, max(last, state.started_on), "the 8-week course")
    if choice.weeks is not None:
        first = max(earliest, today - timedelta(days=7 * choice.weeks - 1))
        weeks = "week" if choice.weeks == 1 else plural(choice.weeks, "week")
        return Period(first, today, f"the last {weeks}")
    if choice.since is not None:
        return Period(max(earliest, choice.since), today, f"since {choice.since:%-d %B %Y}")
    if not pairs:
        return None
    first = min(d for d, _ in pairs)
    return Period(first, max(today, max(d for d, _ in pairs)), "the whole journal")


def _course_span(state: CourseState | None, period: Period) -> tuple[date, date] | None:
    """The course's days when some of them fall in the period and it has begun."""
    if state is None:
        return None
    first, last = state.started_on, course_last_day(state)
    if first > period.last or last < period.first:
        return None
    return first, last


# -- blocks of days ------------------------------------------------------------------------


def _unit(period: Period) -> str:
    """Weeks for up to `MAX_WEEKLY_BINS` of them, months for up to `MAX_MONTHLY_BINS`,
    years beyond (an import may hold a practice in 1970 and another in 2199)."""
    if period.days <= MAX_WEEKLY_BINS * 7:
        return WEEK
    months = (period.last.year - period.first.year) * 12 + period.last.month - period.first.month
    return MONTH if months < MAX_MONTHLY_BINS else YEAR


def _bin_starts(period: Period, unit: str, anchor: int) -> list[date]:
    """The first day of each block (whole weeks from `anchor`, months or years)."""
    if unit == WEEK:
        start = period.first - timedelta(days=(period.first.weekday() - anchor) % 7)
        count = (period.last - start).days // 7 + 1
        return [start + timedelta(weeks=i) for i in range(count)]
    if unit == YEAR:
        return [date(y, 1, 1) for y in range(period.first.year, period.last.year + 1)]
    starts, year, month = [], period.first.year, period.first.month
    while date(year, month, 1) <= period.last:
        starts.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def _bin_index(day: date, starts: list[date], unit: str) -> int:
    if unit == WEEK:
        return (day - starts[0]).days // 7
    if unit == YEAR:
        return day.year - starts[0].year
    return (day.year - starts[0].year) * 12 + day.month - starts[0].month


def _bin_last(start: date, unit: str) -> date:
    if unit == WEEK:
        return start + timedelta(days=6)
    if unit == YEAR:
        return date(start.year, 12, 31)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _minutes_per_day(pairs: Iterable[tuple[date, Entry]]) -> dict[date, float]:
    per_day: dict[date, float] = defaultdict(float)
    for day, entry in pairs:
        if entry.practised_seconds > 0:
            per_day[day] += entry.practised_seconds / 60
    return dict(per_day)


def _median(values: list[int]) -> float | None:
    return median(values) if values else None


def _bins(
    inside: list[tuple[date, Entry]],
    starts: list[date],
    period: Period,
    unit: str,
    per_day: dict[date, float],
    state: CourseState | None,
) -> tuple[Bin, ...]:
    count = len(starts)
    minutes, sessions, days = [0.0] * count, [0] * count, [0] * count
    ratings: list[tuple[list[int], ...]] = [([], [], [], []) for _ in range(count)]
    for day, entry in inside:
        i = _bin_index(day, starts, unit)
        minutes[i] += entry.practised_seconds / 60
        sessions[i] += 1
        given = (entry.pain_before, entry.pain_after, entry.stress_before, entry.stress_after)
        for values, rating in zip(ratings[i], given, strict=True):
            if rating is not None:
                values.append(rating)
    for day in per_day:
        days[_bin_index(day, starts, unit)] += 1
    course_weeks: dict[date, int] = {}
    if state is not None and unit == WEEK:
        for run, week in enumerate(schedule(state.repeats)):
            course_weeks[state.started_on + timedelta(weeks=run)] = week
    return tuple(
        Bin(
            first=max(start, period.first),
            last=min(_bin_last(start, unit), period.last),
            minutes=minutes[i],
            sessions=sessions[i],
            days=days[i],
            course_week=_course_week(course_weeks, start, state),
            pain=Medians(_median(ratings[i][0]), _median(ratings[i][1])),
            stress=Medians(_median(ratings[i][2]), _median(ratings[i][3])),
        )
        for i, start in enumerate(starts)
    )


def _course_week(weeks: dict[date, int], start: date, state: CourseState | None) -> int | None:
    if state is not None and state.stopped_on is not None and start > state.stopped_on:
        return None
    return weeks.get(start)


# -- pain and stress -----------------------------------------------------------------------


def _ratings(inside: list[tuple[date, Entry]], bins: tuple[Bin, ...], what: str) -> Ratings:
    points = []
    down = same = up = 0
    for day, entry in inside:
        before, after = getattr(entry, f"{what}_before"), getattr(entry, f"{what}_after")
        if before is None and after is None:
            continue
        points.append(Rated(day, before, after))
        if before is not None and after is not None:
            if after < before:
                down += 1
            elif after == before:
                same += 1
            else:
                up += 1
    rated = [i for i, b in enumerate(bins) if getattr(b, what).before is not None]
    first = rated[0] if rated else None
    last = rated[-1] if len(rated) > 1 else None
    return Ratings(tuple(points), down + same + up, down, same, up, first, last)


# -- practices, notes, calendar entries, the course -----------------------------------------


def _practices(entries: Iterable[Entry]) -> tuple[PracticeTotal, ...]:
    """Practices by title, most minutes first; beyond `MAX_PRACTICE_BARS`, one sum."""
    sessions: dict[str, int] = defaultdict(int)
    minutes: dict[str, float] = defaultdict(float)
    for entry in entries:
        sessions[entry.title] += 1
        minutes[entry.title] += entry.practised_seconds / 60
    ranked = sorted(sessions, key=lambda t: (-minutes[t], -sessions[t], t))
    totals = [PracticeTotal(clipped(t, TITLE_CHARS), sessions[t], minutes[t]) for t in ranked]
    if len(totals) <= MAX_PRACTICE_BARS:
        return tuple(totals)
    kept, rest = totals[: MAX_PRACTICE_BARS - 1], totals[MAX_PRACTICE_BARS - 1 :]
    other = PracticeTotal(
        OTHER_PRACTICES, sum(p.sessions for p in rest), sum(p.minutes for p in rest)
    )
    return (*kept, other)


def _heatmap(
    per_day: dict[date, float], period: Period, anchor: int
) -> tuple[tuple[date, float | None], ...]:
    """Every day of the last `HEATMAP_WEEKS` weeks of the period, in whole weeks from
    `anchor`: minutes practised, None for days outside the period."""
    first = max(period.first, period.last - timedelta(weeks=HEATMAP_WEEKS, days=-1))
    start = first - timedelta(days=(first.weekday() - anchor) % 7)
    total = ((period.last - start).days // 7 + 1) * 7
    days = (start + timedelta(days=i) for i in range(total))
    return tuple(
        (d, per_day.get(d, 0.0) if period.first <= d <= period.last else None) for d in days
    )


def clipped(text: str, limit: int = NOTE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _notes(inside: list[tuple[date, Entry]]) -> list[Note]:
    return [
        Note(d, clipped(e.title, TITLE_CHARS), clipped(e.note.strip()))
        for d, e in inside
        if e.note.strip()
    ]


def _written(written: Iterable[tuple[date, CalendarEntry]]) -> Iterable[Written]:
    for day, entry in written:
        asked = dict(QUESTIONS[entry.kind])
        answers = tuple((asked.get(k, k), clipped(text)) for k, text in entry.answers)
        yield Written(day, entry.title, answers)


def _course_rows(
    state: CourseState | None,
    course: Course | None,
    pairs: list[tuple[date, Entry]],
    written: list[tuple[date, CalendarEntry]],
    choice: Choice,
    period: Period,
    today: date,
) -> tuple[CourseRow, ...]:
    """One row per run of a course week that has begun and falls in the period."""
    assert state is not None
    last_day = min(course_last_day(state), period.last, today)
    first_day = state.started_on
    per_day: dict[date, list[int]] = defaultdict(lambda: [0, 0])  # sessions, seconds
    inside = [(day, entry) for day, entry in pairs if first_day <= day <= last_day]
    for day, entry in inside:
        per_day[day][0] += 1
        per_day[day][1] += entry.practised_seconds
    earned = practice_days(inside)
    written_on = defaultdict(int)
    for day, entry in written:
        if entry.kind in CALENDAR_KINDS:
            written_on[day] += 1
    rows = []
    runs = schedule(state.repeats)
    for run, week in enumerate(runs):
        first = state.started_on + timedelta(weeks=run)
        last = min(first + timedelta(days=6), last_day)
        if first > last_day or last < period.first:
            continue
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        kept = [per_day[d] for d in days if d in per_day]
        title = course.week(week).title if course is not None else f"Week {week}"
        rows.append(
            CourseRow(
                week=week,
                attempt=runs[: run + 1].count(week),
                title=clipped(title, TITLE_CHARS),
                first=first,
                last=first + timedelta(days=6),
                days=sum(1 for d in days if d in earned),
                minutes=sum(seconds for _, seconds in kept) / 60,
                sessions=sum(count for count, _ in kept),
                calendar_entries=sum(written_on.get(d, 0) for d in days)
                if choice.with_calendars
                else None,
                current=first <= today <= first + timedelta(days=6),
            )
        )
    return tuple(rows)
