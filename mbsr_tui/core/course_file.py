"""Reading a course file: every problem found, each as `PATH:LINE: message`.

The model is in `course.py`; this reader (and `load_course`) is imported only when a file
must be read. It reads through `toml_reader.py`, as the session loader does.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mbsr_tui.core import paths
from mbsr_tui.core.course import (
    CALENDARS,
    COURSE_STEM,
    COURSE_WEEKS,
    DAYS_PER_WEEK,
    MAX_FILE_BYTES,
    MAX_LIST_ITEMS,
    Course,
    CourseError,
    DayOfPractice,
    Planned,
    Week,
    course_path,
)
from mbsr_tui.core.limits import PRACTICE_MINUTES
from mbsr_tui.core.problem import SessionError
from mbsr_tui.core.safe_read import read_bytes
from mbsr_tui.core.toml_lines import KeyPath, LineFinder
from mbsr_tui.core.toml_reader import (
    Problems,
    Reader,
    is_number,
    key_name,
    read_toml,
    shown_value,
)
from mbsr_tui.core.words import word_for

TOP_KEYS = {"title", "summary", "weeks", "day", "afterwards"}
WEEK_KEYS = {"week", "title", "teaching", "calendar", "informal", "reflection", "practices"}
DAY_KEYS = {"after_week", "title", "teaching", "reflection", "practices"}
AFTER_KEYS = {"title", "teaching", "informal", "practices"}
PRACTICE_KEYS = {"practice", "minutes", "short_minutes", "days", "note"}


def _title_of(path: Path) -> str:
    # Read as the loader would (bounded, never waiting on a FIFO); a file that cannot be
    # read is still a practice id: its stem stands for its title.
    try:
        data = read_bytes(path, MAX_FILE_BYTES, follow_links=True)
        if len(data) > MAX_FILE_BYTES:
            return path.stem
        title = tomllib.loads(data.decode("utf-8")).get("title")
        return title.strip() if isinstance(title, str) and title.strip() else path.stem
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError):
        return path.stem  # ValueError: an integer too long for Python to read


def known_practices(
    builtin_dir: Path | None = None, user_dir: Path | None = None
) -> dict[str, str]:
    """Practice id -> title, cheaply: the built-ins from the menu's generated index (no
    TOML read), the person's own files by their `title` (a file they made replaces a
    built-in of the same id, as in the catalogue)."""
    known: dict[str, str] = {}
    if builtin_dir is None:
        from mbsr_tui.core.builtin_index import ENTRIES

        known.update((row[0], row[1]) for row in ENTRIES)
        builtin_dir = paths.builtin_sessions_dir()
    for folder in (builtin_dir, user_dir or paths.user_sessions_dir()):
        try:
            files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError:  # a folder that cannot be entered: `list` says so; none from it
            files = []
        for file in files:
            if file.stem != COURSE_STEM and (folder != builtin_dir or file.stem not in known):
                known[file.stem] = _title_of(file)
    return known


def _texts(r: Reader, name: str) -> tuple[str, ...]:
    key = (*r.key, name)
    values = r._get(name, lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v),
                    "a list of text", [])  # fmt: skip
    if len(values) > MAX_LIST_ITEMS:
        r.p.add(key, f"'{_where(key)}' has {len(values)} items; at most {MAX_LIST_ITEMS}")
    checked = []
    for text in values[:MAX_LIST_ITEMS]:
        reader = Reader({name: text}, r.key, {name}, r.p)  # the same control-character check
        cleaned = reader.text(name).strip()
        if cleaned:
            checked.append(cleaned)
    return tuple(checked)


def _where(key: KeyPath) -> str:
    return key_name(key)


def _whole(r: Reader, name: str, low: int, high: int, default: int) -> int:
    value = r.whole(name, default)
    if not low <= value <= high:
        r.p.add((*r.key, name), f"'{_where((*r.key, name))}' is {shown_value(str(value), 12)}; "
                                f"it must be from {low} to {high}")  # fmt: skip
        return default
    return value


def planned_minutes(r: Reader, name: str, default: float | None) -> float | None:
    """A length a course suggests, bounded as every practice's length is (core/limits)."""
    key = (*r.key, name)
    value = r._get(name, is_number, "a number of minutes", None)
    if value is None:
        return default
    problem = PRACTICE_MINUTES.problem(value, f"'{_where(key)}'")
    if problem is None:
        return float(value)
    r.p.add(key, problem)
    return default


def _read_practices(r: Reader, known: Mapping[str, str], owner: str) -> tuple[Planned, ...]:
    key = (*r.key, "practices")
    table = ".".join(part for part in key if isinstance(part, str))  # weeks.practices
    raw = r.table.get("practices")
    if raw is None:
        r.p.add(r.key, f"{owner} needs at least one [[{table}]] (a formal practice)")
        return ()
    if not isinstance(raw, list) or not raw or not all(isinstance(t, dict) for t in raw):
        r.p.add(key, f"'{_where(key)}' must be written as [[{table}]] tables")
        return ()
    planned = []
    for index, table in enumerate(raw):
        at: KeyPath = (*key, index)
        pr = Reader(table, at, PRACTICE_KEYS, r.p)
        practice = pr.text("practice").strip()
        if "practice" not in table:
            r.p.add(at, f"[[{table}]] {index + 1} of {owner} needs a 'practice' (a practice id)")
        elif practice and practice not in known:
            close = difflib.get_close_matches(practice, sorted(known), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            r.p.add((*at, "practice"),
                    f"'{_where((*at, 'practice'))}' is '{shown_value(practice)}', "
                    f"but no practice has that id{hint}")  # fmt: skip
        if "minutes" not in table:
            r.p.add(at, f"[[{table}]] {index + 1} of {owner} needs 'minutes'")
        minutes = planned_minutes(pr, "minutes", 20.0)
        short = planned_minutes(pr, "short_minutes", None)
        if short is not None and short > minutes:
            r.p.add((*at, "short_minutes"),
                    f"'{_where((*at, 'short_minutes'))}' ({short:g}) is longer than "
                    f"'minutes' ({minutes:g})")  # fmt: skip
            short = None
        days = pr._get("days", lambda v: isinstance(v, list) and v and all(
            isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= DAYS_PER_WEEK for d in v),
            "a list of days from 1 to 7", list(range(1, DAYS_PER_WEEK + 1)))  # fmt: skip
        planned.append(Planned(practice, known.get(practice, practice), minutes, short,
                               tuple(sorted(set(days))), pr.text("note").strip()))  # fmt: skip
    return tuple(planned)


def _read_week(table: dict[str, Any], index: int, p: Problems, known: Mapping[str, str]) -> Week:
    key: KeyPath = ("weeks", index)
    r = Reader(table, key, WEEK_KEYS, p)
    if "week" not in table:
        p.add(key, f"[[weeks]] {index + 1} needs 'week' (its number, 1 to {COURSE_WEEKS})")
    number = _whole(r, "week", 1, COURSE_WEEKS, 0) if "week" in table else 0
    title = r.text("title").strip()
    if not title:
        p.add(key if "title" not in table else (*key, "title"), f"week {number or index + 1} "
              "needs a 'title'")  # fmt: skip
    practices = _read_practices(r, known, f"week {number or index + 1}")
    return Week(number, title, r.text("teaching").strip(), r.choice("calendar", CALENDARS, "none"),
                practices, _texts(r, "informal"), _texts(r, "reflection"))  # fmt: skip


def _read_weeks(data: dict[str, Any], p: Problems, known: Mapping[str, str]) -> tuple[Week, ...]:
    raw = data.get("weeks")
    if raw is None:
        p.add((), f"the course needs its {COURSE_WEEKS} weeks, each as a [[weeks]] table")
        return ()
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        p.add(("weeks",), "'weeks' must be written as [[weeks]] tables")
        return ()
    weeks = [_read_week(table, index, p, known) for index, table in enumerate(raw)]
    seen: dict[int, int] = {}
    for index, week in enumerate(weeks):
        if week.number in seen:
            p.add(
                ("weeks", index, "week"),
                f"week {week.number} appears twice (also [[weeks]] {seen[week.number] + 1})",
            )
        elif week.number:
            seen[week.number] = index
    missing = [n for n in range(1, COURSE_WEEKS + 1) if n not in seen]
    if missing:
        later = [i for n, i in seen.items() if n > missing[0]]
        where: KeyPath = ("weeks", min(later), "week") if later else ("weeks",)
        names = ", ".join(map(str, missing))
        p.add(where, f"{word_for(len(missing), 'week')} {names} "
                     f"{word_for(len(missing), 'is', 'are')} missing; "
                     f"the course has weeks 1 to {COURSE_WEEKS}")  # fmt: skip
    return tuple(sorted((w for w in weeks if w.number), key=lambda w: w.number))


def _read_day(table: dict[str, Any], p: Problems, known: Mapping[str, str]) -> DayOfPractice:
    r = Reader(table, ("day",), DAY_KEYS, p)
    return DayOfPractice(_whole(r, "after_week", 1, COURSE_WEEKS - 1, 6),
                         r.text("title").strip() or "A day of practice", r.text("teaching").strip(),
                         _read_practices(r, known, "[day]"), _texts(r, "reflection"))  # fmt: skip


def _read_afterwards(table: dict[str, Any], p: Problems, known: Mapping[str, str]) -> Week:
    r = Reader(table, ("afterwards",), AFTER_KEYS, p)
    title = r.text("title").strip() or "Your own practice"
    practices = _read_practices(r, known, "[afterwards]")
    return Week(0, title, r.text("teaching").strip(), "none", practices, _texts(r, "informal"))


def validate_course(
    path: Path, known: Mapping[str, str] | None = None
) -> tuple[Course | None, list[CourseError]]:
    """Load a course file: the course (if usable) and every problem found.

    `known` maps practice ids to titles (default: `known_practices()`).
    """
    path = Path(path)
    try:
        text, data = read_toml(path)
    except SessionError as err:
        return None, [err]
    known = known_practices() if known is None else known
    p = Problems(path, LineFinder(text))
    r = Reader(data, (), TOP_KEYS, p)
    title = r.text("title").strip() or "The 8-week course"
    summary = r.text("summary").strip()
    weeks = _read_weeks(data, p, known)
    day_table = r.table_of("day")
    after_table = r.table_of("afterwards")
    course = Course(
        title=title,
        summary=summary,
        weeks=weeks,
        day=_read_day(day_table, p, known) if day_table is not None else None,
        afterwards=_read_afterwards(after_table, p, known) if after_table is not None else None,
        source=path,
    )
    if p.found:
        return None, p.found
    return course, []


def load_course(path: Path | None = None, known: Mapping[str, str] | None = None) -> Course:
    """The course in use (or at `path`); raises the first `CourseError` if it has any.

    Read afresh every time, never kept in a cache: reading it costs `mbsr-tui today`
    about 10 ms (bench/today_bench.py), and a cache in a folder another user could write
    would be one more thing to distrust.
    """
    course, problems = validate_course(Path(path or course_path()), known)
    if problems or course is None:
        raise problems[0]
    return course
