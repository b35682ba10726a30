"""The person's course on disk: `$XDG_DATA_HOME/mbsr-tui/course.toml`.

    format = 1
    started_on = 2025-03-03   # day 1 of week 1
    repeats = [3]             # weeks repeated
    stopped_on = 2025-04-01   # only once stopped
    reviewed = 2              # course weeks whose review was seen

Written whole with tomli-w to a temporary file beside it, then renamed over it, so a
reader sees the old state or the new one, never half. Read tolerantly: a file that
cannot be used raises `CourseStateError` with one plain sentence, never a traceback.
It is read without following a link or waiting on a FIFO, and its dates must lie
between `EARLIEST` and `LATEST`, so no arithmetic on them can leave the calendar
(`date.max` is 9999-12-31: a course "begun" then has no week 2).
"""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

from mbsr_tui.core import files, paths
from mbsr_tui.core.course import COURSE_WEEKS
from mbsr_tui.core.course_calendar import MAX_REPEATS, CourseState
from mbsr_tui.core.journal.entry import EARLIEST as FIRST_PRACTICE
from mbsr_tui.core.journal.entry import LATEST as AFTER_LAST_PRACTICE
from mbsr_tui.core.safe_read import read_bytes

STATE_NAME = "course.toml"
FORMAT = 1
MAX_STATE_BYTES = 64 * 1024
# Every date of a course lies among the journal's plausible practice dates (1970 to
# 2199); with at most 8 + MAX_REPEATS weeks after its start, every date the calendar
# works out stays far inside Python's dates.
EARLIEST = FIRST_PRACTICE.date()
LATEST = AFTER_LAST_PRACTICE.date() - timedelta(days=1)


class CourseStateError(Exception):
    """The course file could not be read or written; the message says why, plainly."""


def state_path() -> Path:
    return paths.data_dir() / STATE_NAME


def _date(data: dict, name: str, path: Path, *, required: bool) -> date | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, date):
        raise CourseStateError(f"{path}: '{name}' must be a date like 2025-03-03")
    if hasattr(value, "hour"):  # a date and time: only the date counts
        value = value.date()  # type: ignore[union-attr]
    if not EARLIEST <= value <= LATEST:
        raise CourseStateError(
            f"{path}: '{name}' is {value.isoformat()}; a course's dates lie between "
            f"{EARLIEST.year} and {LATEST.year}"
        )
    return value


def load_state(path: Path | None = None) -> CourseState | None:
    """The course as last saved; None when no course was ever started."""
    path = path or state_path()
    try:
        raw = read_bytes(path, MAX_STATE_BYTES)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise CourseStateError(f"{path}: could not be read ({err.strerror or err})") from None
    if len(raw) > MAX_STATE_BYTES:
        raise CourseStateError(f"{path}: is too large to be a course file")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as err:
        raise CourseStateError(f"{path}: could not be read ({err})") from None
    except ValueError:  # an integer of thousands of digits
        raise CourseStateError(f"{path}: could not be read (a number is far too long)") from None
    version = data.get("format", FORMAT)
    if version != FORMAT:
        raise CourseStateError(
            f"{path}: written by another version of mbsr-tui (format {str(version)[:20]}); "
            "the command mbsr-tui course start begins afresh"
        )
    started = _date(data, "started_on", path, required=True)
    assert started is not None
    repeats = data.get("repeats", [])
    if (
        not isinstance(repeats, list)
        or len(repeats) > MAX_REPEATS
        or not all(type(w) is int and 1 <= w <= COURSE_WEEKS for w in repeats)
    ):
        raise CourseStateError(f"{path}: 'repeats' must be a list of weeks from 1 to 8")
    reviewed = data.get("reviewed", 0)
    if type(reviewed) is not int or not 0 <= reviewed <= COURSE_WEEKS + MAX_REPEATS:
        raise CourseStateError(f"{path}: 'reviewed' must be a whole number of weeks")
    return CourseState(
        started_on=started,
        repeats=tuple(repeats),
        stopped_on=_date(data, "stopped_on", path, required=False),
        reviewed=reviewed,
    )


def save_state(state: CourseState, path: Path | None = None) -> Path:
    """Write the course state atomically; raises `CourseStateError` when it cannot."""
    import tomli_w  # only writers pay for it

    path = path or state_path()
    data: dict = {"format": FORMAT, "started_on": state.started_on, "repeats": list(state.repeats)}
    if state.stopped_on is not None:
        data["stopped_on"] = state.stopped_on
    data["reviewed"] = state.reviewed
    text = tomli_w.dumps(data)
    try:
        paths.ensure_private_dir(path.parent)
        files.write_atomically(path, text)
    except OSError as err:
        raise CourseStateError(f"{path}: could not be written ({err.strerror or err})") from None
    return path
