"""The report's document model: what the page shows, as numbers and short texts.

Built by `model.build_report`, drawn by `svg` and `html`. Only observations of one
person's record (counts, sums, medians), never a claim about what caused them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WEEK, MONTH, YEAR = "week", "month", "year"
MAX_ITEMS = 30  # notes or calendar entries on the page: the latest ones


class ReportError(Exception):
    """The report cannot be made as asked; the message says why, in one sentence."""


@dataclass(frozen=True)
class Choice:
    """What the person asked for. At most one of `since`, `weeks`, `course`."""

    since: date | None = None
    weeks: int | None = None
    course: bool = False
    with_notes: bool = False
    with_calendars: bool = False
    name: str = ""  # the settings' shared name, only when asked for with --name


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    label: str  # "the whole journal", "the last 4 weeks", ...

    @property
    def days(self) -> int:
        return max(0, (self.last - self.first).days + 1)


@dataclass(frozen=True)
class Medians:
    """Median ratings (0-10) before and after practice; None where none were given."""

    before: float | None = None
    after: float | None = None


@dataclass(frozen=True)
class Bin:
    """One week (or month) of the period."""

    first: date
    last: date
    minutes: float
    sessions: int
    days: int  # days with practice
    course_week: int | None  # the course week this block is (weeks only), else None
    pain: Medians
    stress: Medians


@dataclass(frozen=True)
class Rated:
    """One practice's check-in: before and after (either may be missing)."""

    day: date
    before: int | None
    after: int | None


@dataclass(frozen=True)
class Ratings:
    """Pain (or stress) over the period."""

    points: tuple[Rated, ...]
    rated_both: int  # practices rated before and after
    went_down: int  # of those, lower after practising
    same: int
    went_up: int
    first: int | None  # index into `Report.bins`: the first block with a rating before
    last: int | None  # the last such block (None when it is the first)

    @property
    def share_down(self) -> float | None:
        return self.went_down / self.rated_both if self.rated_both else None


@dataclass(frozen=True)
class PracticeTotal:
    title: str
    sessions: int
    minutes: float


@dataclass(frozen=True)
class CourseRow:
    week: int
    attempt: int  # 1, or 2 and more when the week was repeated
    title: str
    first: date
    last: date
    days: int  # days with practice
    minutes: float
    sessions: int
    calendar_entries: int | None  # None unless calendars were asked for
    current: bool


@dataclass(frozen=True)
class Note:
    day: date
    title: str
    text: str


@dataclass(frozen=True)
class Written:
    """One calendar entry: its kind's title and (question, answer) pairs."""

    day: date
    title: str
    answers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Report:
    made_on: date
    choice: Choice
    period: Period | None  # None: an empty journal and nothing asked
    unit: str  # WEEK or MONTH
    sessions: int
    days_practised: int
    total_minutes: float
    median_minutes: float | None
    longest_run: int
    bins: tuple[Bin, ...]
    pain: Ratings
    stress: Ratings
    practices: tuple[PracticeTotal, ...]
    heatmap: tuple[tuple[date, float | None], ...]  # whole weeks; None outside the period
    course_title: str | None  # set when a course falls in the period
    course_rows: tuple[CourseRow, ...]
    notes: tuple[Note, ...] | None  # None: left out (not asked for)
    notes_total: int  # notes written in the period (more than shown when many)
    calendar: tuple[Written, ...] | None
    calendar_total: int

    @property
    def name(self) -> str:
        return self.choice.name
