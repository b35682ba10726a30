"""Where the report comes from and goes to: the course it shows, and the file it is written to.

Shared by `mbsr-tui report` and the history's `r`. The page is written whole (a temporary
file beside it, then a rename: `files.write_atomically`), so an existing report is
replaced, never half-written, and a symbolic link at the name is replaced by the page,
never written through.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from mbsr_tui.core import files
from mbsr_tui.core.course import Course, CourseError
from mbsr_tui.core.course_calendar import CourseState
from mbsr_tui.core.course_file import load_course
from mbsr_tui.core.course_state import CourseStateError, load_state


def default_name(day: date) -> str:
    """`mbsr-report-2025-03-03.html`."""
    return f"mbsr-report-{day.isoformat()}.html"


def load_course_for_report() -> tuple[CourseState | None, Course | None, list[str]]:
    """The person's course (state and plan), and sentences saying what could not be read.

    A course that cannot be read leaves the report without it, never without a report;
    a plan that cannot be read leaves the weeks without their titles.
    """
    problems: list[str] = []
    try:
        state = load_state()
    except CourseStateError as err:
        return None, None, [f"the course cannot be read: {err}"]
    if state is None:
        return None, None, problems
    try:
        course = load_course()
    except CourseError as err:
        problems.append(f"the course plan cannot be read, so its weeks have no titles: {err}")
        course = None
    return state, course, problems


def write_page(path: Path, page: str, day: date) -> Path:
    """Write `page` at `path` (into it, under `default_name(day)`, when it is a folder);
    the path written. Raises OSError when it cannot be written."""
    path = Path(path)
    if path.is_dir() and not path.is_symlink():
        path = path / default_name(day)
    return files.write_atomically(path, page)


def write_in_first(folders: Sequence[Path], page: str, day: date) -> tuple[Path, int]:
    """Write the page under its default name in the first folder that takes it; the path
    and the folder's index. Raises the last folder's OSError when none does."""
    last: OSError | None = None
    for index, folder in enumerate(folders):
        try:
            return write_page(Path(folder) / default_name(day), page, day), index
        except OSError as err:
            last = err
    raise last or FileNotFoundError("no folder to write the report in")
