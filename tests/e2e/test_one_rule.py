"""Issue 20 in a real terminal (tmux): one logging rule whatever the way out, and fast
typing in a form landing field by field."""

from __future__ import annotations

import os
import signal
import time

import pytest

from mbsr_tui.core.journal.storage import Journal
from tests.e2e.test_group import _person
from tests.e2e.test_journal import LEFT_ALTERNATE_SCREEN, journal_entries, session_file

pytestmark = pytest.mark.e2e


def logged(home) -> list:
    path = home / "data" / "mbsr-tui" / "journal.sqlite3"
    return journal_entries(home) if path.exists() else []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_timer_two_ended_by_a_signal_after_three_seconds_is_not_logged(terminal, home, signum):
    term = terminal("timer 2 --bell off --no-checkin", name=f"timer-{signum.name}")
    term.wait_for("Quick timer")
    time.sleep(3)
    os.kill(term.pid(), signum)
    term.wait_exit()
    assert term.exit_status() == 128 + signum
    assert LEFT_ALTERNATE_SCREEN in term.written()
    assert logged(home) == []


def test_a_thirty_second_practice_that_reached_its_end_is_logged(terminal, home, tmp_path):
    practice = session_file(tmp_path, (30,))
    term = terminal(f"run {practice} --bell off --no-checkin --exit-at-end", name="short")
    term.wait_for("Part 1")
    term.wait_exit(timeout=45)
    assert term.exit_status() == 0
    [entry] = logged(home)
    assert entry.completed and entry.practised_seconds == 30


def test_a_burst_with_tab_in_the_pleasant_event_form_fills_each_question(terminal, home):
    term = terminal("", name="pleasant")
    term.wait_for("Sitting meditation")
    term.keys("C-p")
    term.wait_for("Search")
    term.burst("pleasant event")
    term.wait_for("Write a pleasant event")
    term.keys("Enter")
    term.wait_for("pleasant event")
    time.sleep(0.5)
    # One write: the words, Tab, the next words, Tab, ... as a fast typist or paste sends.
    term.burst("Morning sun.", "Tab", "Yes, halfway through.", "Tab", "Shoulders soft.")
    time.sleep(1.5)
    term.keys("C-s")
    time.sleep(1.5)
    term.keys("C-q")
    term.wait_exit()
    with Journal.open(home / "data" / "mbsr-tui" / "journal.sqlite3") as journal:
        [entry] = journal.calendar()
    answers = [text for _, text in entry.answers]
    assert answers[:3] == ["Morning sun.", "Yes, halfway through.", "Shoulders soft."]


@pytest.mark.long
@pytest.mark.xdist_group("sitting-together")
def test_a_group_sitting_dropped_at_44_seconds_is_not_logged(terminal, tmp_path):
    """The guest's SSH connection drops (SIGHUP) 44 s into a 2-minute sitting."""
    rooms = tmp_path / "rooms"
    rooms.mkdir(mode=0o700)
    practice = session_file(tmp_path, (60, 60), title="Sitting long")
    flags = "--bell off --no-checkin --exit-at-end"
    host_env, guest_env = _person(tmp_path, "host"), _person(tmp_path, "guest")
    shared = {"MBSR_TUI_ROOMS": str(rooms)}
    host = terminal(f"group start {practice} {flags}", name="host",
                    extra_env={**shared, **host_env})  # fmt: skip
    host.wait_for("Only you so far", timeout=20)
    guest = terminal(f"group join {flags}", name="guest", extra_env={**shared, **guest_env})
    guest.wait_for("2 sitting together", timeout=20)
    guest.wait_for("Part 1", timeout=20)
    time.sleep(44)
    os.kill(guest.pid(), signal.SIGHUP)
    guest.wait_exit()
    assert guest.exit_status() == 128 + signal.SIGHUP
    assert logged(tmp_path / "guest") == []
    os.kill(host.pid(), signal.SIGTERM)
    host.wait_exit()
