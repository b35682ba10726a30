"""The 8-week course as data: its file format, and a loader that says exactly what is wrong.

The course lives in `sessions/course.toml`; a `course.toml` in the person's own sessions
folder (a teacher's course) replaces it. `mbsr-tui check` validates it like a session
file, each problem as `PATH:LINE: message`.

    title = "..."                # the course's name
    [[weeks]]                    # exactly weeks 1 to 8, each once
    week = 1
    title = "..."
    teaching = "..."             # a few paragraphs
    calendar = "none"            # none | pleasant | unpleasant | communication
    informal = ["...", "..."]    # informal practices
    reflection = ["...?", ...]   # two or three questions
    [[weeks.practices]]          # the formal practice(s), at least one
    practice = "body-scan"       # a practice id (built-in or the person's own)
    minutes = 45                 # the suggested length
    short_minutes = 20           # the kinder length for a day of pain (optional)
    days = [1, 3, 5, 7]          # which days of the week (1-7); all days when left out
    note = "..."                 # optional
    [day]                        # the all-day practice: the last day of `after_week`
    after_week = 6
    title, teaching, reflection, [[day.practices]] as for a week
    [afterwards]                 # after week 8: the person's own daily practice
    title, teaching, [[afterwards.practices]] as for a week

Pure Python: no Textual. The session loader's readers and problem style are reused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mbsr_tui.core import paths
from mbsr_tui.core.problem import SessionError
from mbsr_tui.core.safe_read import read_bytes

__all__ = [
    "CALENDARS",
    "COURSE_STEM",
    "COURSE_WEEKS",
    "Course",
    "CourseError",
    "DayOfPractice",
    "Planned",
    "Week",
    "course_path",
    "is_course_file",
    "load_course",
]  # fmt: skip  (validate_course and known_practices come from course_file, on first use)

COURSE_STEM = "course"  # sessions/course.toml; never a practice of its own
COURSE_WEEKS = 8
DAYS_PER_WEEK = 7
CALENDARS = ("none", "pleasant", "unpleasant", "communication")
MAX_LIST_ITEMS = 12  # informal practices or reflection questions in one week
MAX_FILE_BYTES = 1024 * 1024  # as for session files (the loader's limit)

_WEEKS_TABLE = re.compile(rb"^[ \t]*\[\[[ \t]*weeks[ \t]*\]\]", re.MULTILINE)

CourseError = SessionError  # one problem: `PATH:LINE: message`, as for sessions


@dataclass(frozen=True)
class Planned:
    """One formal practice of a week: which, how long, and on which days of the week."""

    practice: str  # a practice id
    title: str  # the practice's title, for showing
    minutes: float
    short_minutes: float | None = None  # the kinder length for a day of pain
    days: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7)
    note: str = ""

    @property
    def shorter(self) -> float:
        """The shorter length offered (the suggested one when none is given)."""
        return self.short_minutes if self.short_minutes is not None else self.minutes


@dataclass(frozen=True)
class Week:
    number: int
    title: str
    teaching: str
    calendar: str  # one of CALENDARS
    practices: tuple[Planned, ...]
    informal: tuple[str, ...] = ()
    reflection: tuple[str, ...] = ()

    def practices_on(self, day: int) -> tuple[Planned, ...]:
        """The formal practices suggested for day `day` (1-7) of this week."""
        return tuple(p for p in self.practices if day in p.days)


@dataclass(frozen=True)
class DayOfPractice:
    """The all-day practice: it takes the place of the last day of week `after_week`, so
    the course keeps its 56 days; `mbsr-tui course` shows it between that week and the next."""

    after_week: int
    title: str
    teaching: str
    practices: tuple[Planned, ...]
    reflection: tuple[str, ...] = ()


@dataclass(frozen=True)
class Course:
    title: str
    summary: str
    weeks: tuple[Week, ...]  # weeks 1..8, in order
    day: DayOfPractice | None = None
    afterwards: Week | None = None  # number 0: the daily practice after the course
    source: Path | None = None

    def week(self, number: int) -> Week:
        return self.weeks[number - 1]


def course_path() -> Path:
    """The course in use: the person's own `course.toml`, else the built-in one.

    Their own file is chosen whenever it may be there: one that cannot be looked at (a
    config folder that cannot be entered) or is no plain file is still theirs, and the
    reader says plainly why it cannot be used, rather than a different course in silence.
    """
    own = paths.user_sessions_dir() / f"{COURSE_STEM}.toml"
    try:
        own.stat()
    except (FileNotFoundError, NotADirectoryError):
        return paths.builtin_sessions_dir() / f"{COURSE_STEM}.toml"
    except OSError:
        pass
    return own


def is_course_file(path: Path) -> bool:
    """Whether `check` should read `path` as a course: named course.toml, or a file
    with a `[[weeks]]` table (a teacher's course under another name)."""
    path = Path(path)
    if path.stem == COURSE_STEM:
        return True
    try:
        head = read_bytes(path, MAX_FILE_BYTES, follow_links=True)
    except OSError:
        return False  # the session loader says why it cannot be read
    return _WEEKS_TABLE.search(head) is not None


def __getattr__(name: str):
    # The reader (and the session loader under it) is imported only when a course file
    # has to be read: the course state and the calendar need only the model.
    if name in ("validate_course", "known_practices", "TOP_KEYS", "WEEK_KEYS", "DAY_KEYS",
                "AFTER_KEYS", "PRACTICE_KEYS"):  # fmt: skip
        from mbsr_tui.core import course_file

        return getattr(course_file, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_course(path: Path | None = None, known: Mapping[str, str] | None = None) -> Course:
    """The course in use (or at `path`); raises the first `CourseError` if it has any.

    Read afresh every time, never kept in a cache: reading it costs `mbsr-tui today`
    about 10 ms (bench/today_bench.py), and a cache in a folder another user could write
    would be one more thing to distrust.
    """
    from mbsr_tui.core.course_file import validate_course

    course, problems = validate_course(Path(path or course_path()), known)
    if problems or course is None:
        raise problems[0]
    return course
