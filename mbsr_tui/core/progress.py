"""Progress from the journal: totals, streaks, the practice calendar, and pain over time.

Pure functions over a list of entries. Two rules about days:

- A practice day starts at `day_start_hour` local time (default 04:00), so a late
  session at 02:30 counts for the day before. An entry's day comes from the UTC offset
  stored with it (the person's wall clock when they practised, whatever the time zone or
  daylight-saving time since); "today" comes from `now` in the zone `tz`.
- Weeks start on Monday (ISO 8601), in those same practice days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from mbsr_tui.core.journal.entry import Entry

DEFAULT_DAY_START_HOUR = 4
HOME_PRACTICE_DAYS = 6  # MBSR asks for home practice on at least six days a week
MEANINGFUL_CHANGE_PERCENT = 30.0  # the 2016 JAMA trial's threshold (Cherkin et al.)
HEATMAP_WEEKS = 9  # eight whole weeks before this one, and this one
# A practice day is earned by practice: a practice stayed through (core/practice.py's
# rule), or this many minutes practised in the day (stopping early is fine; pressing `n`
# through parts is not practice, and skipped time is never in `practised_seconds`).
PRACTICE_DAY_MINUTES = 10.0
_ABOUT_THE_SAME_PERCENT = 5.0


def practice_day(entry: Entry, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """The day an entry counts for, on the wall clock the person had when they began."""
    shift = timedelta(minutes=entry.utc_offset_minutes - 60 * day_start_hour)
    return (entry.started_at + shift).date()


def dated(
    entries: Iterable[Entry], day_start_hour: int = DEFAULT_DAY_START_HOUR
) -> list[tuple[date, Entry]]:
    """Each entry with its practice day, worked out once for everything that needs it."""
    shifts: dict[int, timedelta] = {}  # a person has few offsets; ten years has 11,000 entries
    pairs = []
    for entry in entries:
        offset = entry.utc_offset_minutes
        shift = shifts.get(offset)
        if shift is None:
            shift = shifts[offset] = timedelta(minutes=offset - 60 * day_start_hour)
        pairs.append(((entry.started_at + shift).date(), entry))
    return pairs


def day_of(moment: datetime, tz: tzinfo, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """The practice day `moment` falls on in zone `tz` (wall-clock arithmetic, so DST-safe)."""
    return (moment.astimezone(tz) - timedelta(hours=day_start_hour)).date()


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Totals:
    sessions: int
    seconds: int
    sessions_this_week: int
    seconds_this_week: int


@dataclass(frozen=True)
class Streaks:
    current: int  # practice days in a row up to today (or yesterday: today is not over)
    longest: int


@dataclass(frozen=True)
class HeatmapWeek:
    monday: date
    minutes: tuple[float | None, ...]  # Monday..Sunday; None for days still to come


@dataclass(frozen=True)
class WeekPain:
    """Average check-in ratings (0-10) of one week's practices; None where none were given."""

    monday: date
    pain_before: float | None
    pain_after: float | None
    stress_before: float | None
    stress_after: float | None
    sessions_rated: int  # practices with a pain rating before


@dataclass(frozen=True)
class PainChange:
    """Average pain before practice: the first rated week against the latest."""

    first_week: date
    first_average: float
    latest_week: date
    latest_average: float
    percent_lower: float  # negative when pain is higher

    @property
    def meaningful(self) -> bool:
        return self.percent_lower >= MEANINGFUL_CHANGE_PERCENT


def practice_days(pairs: Iterable[tuple[date, Entry]]) -> set[date]:
    """The days earned by practice (see PRACTICE_DAY_MINUTES), from `dated` pairs: the one
    rule behind streaks, "N of 6 practice days", the course's weeks and "Practised today"."""
    stayed: set[date] = set()
    minutes: dict[date, float] = {}
    for day, entry in pairs:
        if entry.completed:
            stayed.add(day)
        minutes[day] = minutes.get(day, 0.0) + entry.practised_seconds / 60
    return stayed | {day for day, total in minutes.items() if total >= PRACTICE_DAY_MINUTES}


def _minutes_per_day(pairs: Iterable[tuple[date, Entry]]) -> dict[date, float]:
    per_day: dict[date, float] = {}
    for day, entry in pairs:
        if entry.practised_seconds > 0:
            per_day[day] = per_day.get(day, 0.0) + entry.practised_seconds / 60
    return per_day


def streaks(days: Iterable[date], today: date) -> Streaks:
    """Runs of consecutive practice days: the one still going, and the longest ever."""
    ordered = sorted(set(days))
    longest = run = 0
    previous: date | None = None
    for day in ordered:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    practised = set(ordered)
    cursor = today if today in practised else today - timedelta(days=1)
    current = 0
    while cursor in practised:
        current += 1
        cursor -= timedelta(days=1)
    return Streaks(current=current, longest=longest)


def days_this_week(days: Iterable[date], today: date) -> int:
    """Practice days so far this week (Monday to today), to set against six."""
    monday = week_start(today)
    return len({day for day in days if monday <= day <= today})


def heatmap(
    per_day: Mapping[date, float], today: date, weeks: int = HEATMAP_WEEKS
) -> tuple[HeatmapWeek, ...]:
    """Minutes per day for the last `weeks` weeks, oldest first, Monday to Sunday."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    rows = []
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        days = (monday + timedelta(days=offset) for offset in range(7))
        rows.append(
            HeatmapWeek(monday, tuple(None if d > today else per_day.get(d, 0.0) for d in days))
        )
    return tuple(rows)


def _average(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def weekly_pain(
    entries: Iterable[Entry], day_start_hour: int = DEFAULT_DAY_START_HOUR
) -> tuple[WeekPain, ...]:
    """Weekly averages of the check-ins, oldest first; weeks without ratings are left out."""
    return _weekly_pain(dated(entries, day_start_hour))


def _weekly_pain(pairs: Iterable[tuple[date, Entry]]) -> tuple[WeekPain, ...]:
    weeks: dict[date, tuple[list[int], ...]] = {}
    for day, e in pairs:
        ratings = (e.pain_before, e.pain_after, e.stress_before, e.stress_after)
        if ratings == (None, None, None, None):
            continue
        monday = day - timedelta(days=day.weekday())
        lists = weeks.get(monday) or weeks.setdefault(monday, ([], [], [], []))
        for values, rating in zip(lists, ratings, strict=True):
            if rating is not None:
                values.append(rating)
    return tuple(
        WeekPain(monday, *(_average(values) for values in lists), sessions_rated=len(lists[0]))
        for monday, lists in sorted(weeks.items())
    )


def pain_before_after(entries: Iterable[Entry]) -> tuple[float, float] | None:
    """Average pain before and after, over practices rated both times."""
    pairs = [
        (e.pain_before, e.pain_after)
        for e in entries
        if e.pain_before is not None and e.pain_after is not None
    ]
    if not pairs:
        return None
    return sum(p[0] for p in pairs) / len(pairs), sum(p[1] for p in pairs) / len(pairs)


def pain_change(weeks: Sequence[WeekPain]) -> PainChange | None:
    """The change from the first week with pain ratings to the latest; None until there
    are two such weeks (or when the first week's average was already 0)."""
    rated = [week for week in weeks if week.pain_before is not None]
    if len(rated) < 2 or not rated[0].pain_before:
        return None
    first, latest = rated[0], rated[-1]
    assert first.pain_before is not None and latest.pain_before is not None
    # Rounded so that an exact 30% (6.0 -> 4.2) is not lost to float error (29.999...).
    percent = round((first.pain_before - latest.pain_before) / first.pain_before * 100, 6)
    return PainChange(first.monday, first.pain_before, latest.monday, latest.pain_before, percent)


def pain_change_sentence(change: PainChange | None) -> str:
    """The change from the first week in kind, plain words: no promise, no medical claim."""
    if change is None:
        return (
            "Rate your back pain before practising, and from your second week you can "
            "see here how it changes."
        )
    figures = f"({change.first_average:.1f} then, {change.latest_average:.1f} now, out of 10)"
    whole = int(abs(change.percent_lower))  # cut, not rounded: 29.6% must not read "30%"
    if change.meaningful:
        return (
            f"Your average pain before practice is {whole}% lower than in your first week "
            f"{figures}. That is the size of change a 2016 study of MBSR for chronic low "
            "back pain counted as meaningful. Everyone's path is different, and this "
            "practice goes alongside your medical care, not instead of it."
        )
    if abs(change.percent_lower) < _ABOUT_THE_SAME_PERCENT:
        return (
            f"Your average pain before practice is about the same as in your first week "
            f"{figures}. Everyone's path is different, and each practice counts."
        )
    if change.percent_lower > 0:
        return (
            f"Your average pain before practice is {whole}% lower than in your first week "
            f"{figures}. Everyone's path is different; it often moves week by week."
        )
    return (
        f"Your average pain before practice is {whole}% higher than in your first week "
        f"{figures}. Pain rises and falls for many reasons; if it worries you, your doctor "
        "or physiotherapist can help."
    )


def rhythm_text(days: int) -> str:
    """This week's home practice against MBSR's six days."""
    return f"{days} of {HOME_PRACTICE_DAYS} practice days this week"


@dataclass(frozen=True)
class Progress:
    """Everything the history screen and `mbsr-tui log` show."""

    today: date
    totals: Totals
    streaks: Streaks
    days_this_week: int
    heatmap: tuple[HeatmapWeek, ...]
    weekly_pain: tuple[WeekPain, ...]
    pain_change: PainChange | None
    pain_before_after: tuple[float, float] | None

    @property
    def pain_sentence(self) -> str:
        return pain_change_sentence(self.pain_change)

    @property
    def rhythm(self) -> str:
        return rhythm_text(self.days_this_week)


def summarise(
    entries: Sequence[Entry],
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
    heatmap_weeks: int = HEATMAP_WEEKS,
) -> Progress:
    """All the figures at once. `now` defaults to the present, `tz` to the system's zone."""
    now = now or datetime.now(UTC)
    zone = tz or now.astimezone().tzinfo or UTC
    today = day_of(now, zone, day_start_hour)
    monday = week_start(today)
    pairs = dated(entries, day_start_hour)
    per_day = _minutes_per_day(pairs)
    days = practice_days(pairs)
    week_entries = [entry for day, entry in pairs if day >= monday]
    weeks = _weekly_pain(pairs)
    return Progress(
        today=today,
        totals=Totals(
            sessions=len(entries),
            seconds=sum(e.practised_seconds for e in entries),
            sessions_this_week=len(week_entries),
            seconds_this_week=sum(e.practised_seconds for e in week_entries),
        ),
        streaks=streaks(days, today),
        days_this_week=days_this_week(days, today),
        heatmap=heatmap(per_day, today, heatmap_weeks),
        weekly_pain=weeks,
        pain_change=pain_change(weeks),
        pain_before_after=pain_before_after(entries),
    )
