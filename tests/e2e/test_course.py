"""The course in a real terminal: start it ten days ago, see today's plan, practise, and
`today --quiet-if-done` then says nothing: what a login profile would show."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from mbsr_tui.core.course_calendar import practice_today
from tests.e2e.test_journal import journal_entries, session_file

pytestmark = pytest.mark.e2e


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
