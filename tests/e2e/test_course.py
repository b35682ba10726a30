"""The course in a real terminal: start it ten days ago, see today's plan, practise, and
`today --quiet-if-done` then says nothing: what a login profile would show."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from mbsr_tui.core.course_calendar import practice_today
from mbsr_tui.core.paths import builtin_sessions_dir
from tests.e2e.test_journal import journal_entries, session_file

pytestmark = pytest.mark.e2e
COURSE_FILE = builtin_sessions_dir() / "course.toml"


def finished(terminal, args: str, name: str) -> str:
    """Run a short command in its own terminal (wide enough that no line wraps); what it
    showed, scrollback included, once it has exited 0."""
    term = terminal(args, name=name, size=(160, 24))
    term.wait_exit()
    shown = term._tmux("capture-pane", "-p", "-S", "-100")
    assert term.exit_status() == 0, shown
    return shown.split("Pane is dead")[0]


def test_course_today_practice_and_quiet_afterwards(terminal, home, tmp_path):
    on = practice_today(datetime.now().astimezone()) - timedelta(days=10)
    started = finished(terminal, f"course start --on {on.isoformat()}", "start")
    assert "week 2, day 4" in started

    shown = finished(terminal, "today", "today")
    lines = [line for line in shown.splitlines() if line.strip()]
    assert lines[0].startswith("Week 2 · day 4 · ")
    assert lines[-1] == "0 of 6 practice days this week"
    assert len(lines) <= 3

    reminder = finished(terminal, "today --quiet-if-done", "reminder")
    assert "Week 2 · day 4" in reminder

    practice = session_file(tmp_path, (2,), title="Course practice")
    term = terminal(f"run {practice} --bell off --no-checkin --exit-at-end", name="practice")
    term.wait_for("Course practice")
    term.wait_exit(timeout=30)
    assert term.exit_status() == 0
    assert [e.completed for e in journal_entries(home)] == [True]

    assert finished(terminal, "today --quiet-if-done", "quiet").strip() == ""

    again = finished(terminal, "today", "again")
    assert "Practised today" in again and "1 of 6 practice days this week" in again


def refused(terminal, args: str, name: str) -> str:
    """Run a command that must refuse; what it showed (wrapped lines joined), once it has
    exited 1."""
    term = terminal(args, name=name, size=(200, 24))
    term.wait_exit()
    shown = term._tmux("capture-pane", "-p", "-J", "-S", "-100").split("Pane is dead")[0]
    assert term.exit_status() == 1, shown
    return shown.strip()


@pytest.mark.parametrize(
    ("where", "text"),
    [("state", "format = 1\nstarted_on = 9999-12-31\n"),
     ("state", "format = 1\nstarted_on = 0001-01-01T00:00:00+23:59\n"),
     ("course", "minutes = 1e300"), ("course", "minutes = " + "9" * 400)],
    ids=["9999-12-31", "0001-01-01", "1e300", "400 digits"],
)  # fmt: skip
def test_an_extreme_course_is_one_plain_line_and_the_menu_stays_up(terminal, home, where, text):
    """Issue 21 (items 15 and 17): never a traceback, from the command or the app."""
    if where == "state":
        (home / "data" / "mbsr-tui").mkdir(parents=True)
        (home / "data" / "mbsr-tui" / "course.toml").write_text(text)
    else:
        own = home / "config" / "mbsr-tui" / "sessions"
        own.mkdir(parents=True)
        builtin = COURSE_FILE.read_text().replace("minutes = 45", text, 1)
        (own / "course.toml").write_text(builtin)
    for args in ("course", "today"):
        said = refused(terminal, args, args)
        assert said.startswith("mbsr-tui: ") and "\n" not in said, said
        assert "Traceback" not in said and "Error" not in said, said
    menu = terminal("", name="menu", size=(120, 30))
    menu.wait_for("The 8-week course is unavailable")
    menu.keys("q")
    menu.wait_exit()
    assert menu.exit_status() == 0
