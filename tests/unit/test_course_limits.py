"""A person's own course.toml is held to a session's limits (issue 21, item 15): every
length a course suggests is a finite number of minutes, more than 0 and at most a
session's longest; days and week numbers stay in their ranges. `check` says
`PATH:LINE: message`; `course` and `today` say one plain line; never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mbsr_tui.__main__ import main
from mbsr_tui.core.course import load_course
from mbsr_tui.core.paths import builtin_sessions_dir
from mbsr_tui.core.session import MAX_SESSION_MINUTES

COURSE = (builtin_sessions_dir() / "course.toml").read_text()
LONG_INT = "1" + "0" * 5000  # more digits than Python converts (int_max_str_digits)

BAD_LENGTHS = ["1e300", "nan", "inf", "-inf", "-5", "0", "-0.0", "100000", "1e-400",
               str(MAX_SESSION_MINUTES + 1), "361.5", "1" + "0" * 30, "1" + "0" * 400,
               LONG_INT, '"45"', "true", "[45]"]  # fmt: skip


def _replace_first(key: str, value: str) -> tuple[str, int]:
    """The built-in course with the first `key = ...` line changed; and that line's number."""
    lines = COURSE.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if re.match(rf"{key} = ", line))
    lines[at] = f"{key} = {value}\n"
    return "".join(lines), at + 1


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _assert_said_plainly(capsys, path: Path, line: int) -> None:
    code, out, err = _run(capsys, "check", str(path))
    assert code == 1 and err == "", (out, err)
    assert re.fullmatch(rf"{re.escape(str(path))}:{line}: [^\n]+\n", out), out
    assert "Traceback" not in out
    for command in (["course"], ["today"], ["course", "start", "--yes"]):
        code, out, err = _run(capsys, *command)
        assert code == 1 and out == "", (command, out, err)
        assert re.fullmatch(rf"mbsr-tui: [^\n]*{re.escape(str(path))}:{line}: [^\n]+\n", err), err


@pytest.mark.parametrize("key", ["minutes", "short_minutes"])
@pytest.mark.parametrize("value", BAD_LENGTHS)
def test_a_course_length_out_of_bounds_is_refused_plainly(capsys, user_sessions, key, value):
    text, line = _replace_first(key, value)
    own = user_sessions / "course.toml"
    own.write_text(text)
    _assert_said_plainly(capsys, own, line)


@pytest.mark.parametrize(
    ("key", "value"),
    [("days", "[0]"), ("days", "[8]"), ("days", "[1, 99999999999]"), ("days", "[1e300]"),
     ("days", "[]"), ("days", f"[{LONG_INT}]"), ("week", "99999999999999999999"),
     ("week", "1e300"), ("week", "-1"), ("week", "nan"), ("after_week", "1e300"),
     ("after_week", "0"), ("after_week", "8"), ("after_week", "-99999999999999999999")],
)  # fmt: skip
def test_days_and_weeks_out_of_range_are_refused_plainly(capsys, user_sessions, key, value):
    text, line = _replace_first(key, value)
    own = user_sessions / "course.toml"
    own.write_text(text)
    code, out, _ = _run(capsys, "check", str(own))
    assert code == 1 and "Traceback" not in out
    assert re.match(rf"{re.escape(str(own))}:{line}: ", out), out
    code, out, err = _run(capsys, "today")
    assert code == 1 and out == "" and err.startswith("mbsr-tui: ") and err.count("\n") == 1


def test_the_longest_session_is_a_course_length_and_no_longer(user_sessions):
    own = user_sessions / "course.toml"
    own.write_text(_replace_first("minutes", str(MAX_SESSION_MINUTES))[0])
    assert load_course().week(1).practices[0].minutes == MAX_SESSION_MINUTES
    own.write_text(_replace_first("minutes", f"{MAX_SESSION_MINUTES}.001")[0])
    with pytest.raises(Exception, match="the most allowed is 360 minutes"):
        load_course()


def test_the_menu_today_card_says_why_a_course_cannot_be_used(user_sessions):
    from mbsr_tui.ui.course_companion import CourseCompanion

    class NoJournal:
        def since(self, moment):
            return []

        def calendar_entries(self, since=None):
            return []

    (user_sessions / "course.toml").write_text(_replace_first("minutes", "1e300")[0])
    view = CourseCompanion().look(NoJournal(), 4)
    assert view.plan is None and "the most allowed is 360 minutes" in (view.problem or "")


def test_a_huge_week_number_is_named_in_a_short_line(capsys, user_sessions):
    own = user_sessions / "course.toml"
    own.write_text(_replace_first("week", "9" * 4000)[0])
    code, out, _ = _run(capsys, "check", str(own))
    assert code == 1 and len(out.splitlines()[0]) < 200 + len(str(own)), out[:300]
