"""The quick timer and the open-ended sit through the installed command in tmux."""

from __future__ import annotations

import time

import pytest

from tests.e2e.test_journal import journal_entries

pytestmark = pytest.mark.e2e


@pytest.mark.long
def test_a_quick_timer_rings_start_interval_and_end_and_is_logged(terminal, home):
    # 45 s with a bell every 15 s (interval bells are at least 10 s apart): start at 0, the
    # interval bell at 15 s (none in the last 30 s, the end bell is coming), the end at 45 s.
    # Three terminal bells.
    term = terminal("timer 0.75 --interval 0.25 --bell terminal --no-checkin --exit-at-end",
                    name="timer")  # fmt: skip
    term.wait_for("Quick timer")
    term.wait_exit(timeout=60)
    assert term.exit_status() == 0
    assert term.bells() == 3
    [entry] = journal_entries(home)
    assert entry.completed and entry.planned_seconds == 45 and entry.practised_seconds == 45


def test_an_open_sit_ended_with_q_is_completed(terminal, home):
    term = terminal("timer --open --bell terminal --no-checkin", name="opensit")
    term.wait_for("so far")
    time.sleep(6)
    term.keys("q")
    term.wait_for("Thank you for taking this time.")
    assert term.bells() == 2  # the start bell, and the end bell when q ended it
    term.keys("q")
    term.wait_exit()
    [entry] = journal_entries(home)
    assert entry.completed is True
    assert entry.planned_seconds == 0
    assert 5 <= entry.practised_seconds <= 9
