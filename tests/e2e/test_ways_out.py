"""Every answer in its own question and every way out logged, in a real terminal.

Keys go in one `tmux send-keys` call (a digit and Enter together, as over SSH); the
journal the installed command wrote is read back afterwards.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.e2e.test_journal import (
    LEFT_ALTERNATE_SCREEN,
    checkins_on,
    journal_entries,
    session_file,
)

pytestmark = pytest.mark.e2e


def test_answers_typed_with_their_enter_land_in_their_own_questions(terminal, home, tmp_path):
    checkins_on(home)
    practice = session_file(tmp_path, (4, 4))
    term = terminal(f"run {practice} --bell off --exit-at-end", name="fast")
    term.wait_for("How bothersome is your back pain")
    term.burst("7", "Enter")
    term.wait_for("How stressed do you feel")
    term.burst("3", "Enter")
    term.wait_for("Part 1")
    term.wait_for("Now that you have finished", timeout=25)
    term.burst("1", "0", "Enter", "2", "Enter")  # both answers in one burst
    term.wait_for("Anything you would like to remember?")
    term.burst("steadier", "Enter")
    term.wait_exit()
    [entry] = journal_entries(home)
    assert (entry.pain_before, entry.stress_before) == (7, 3)
    assert (entry.pain_after, entry.stress_after, entry.note) == (10, 2, "steadier")


def test_a_signal_in_the_closing_check_in_logs_a_completed_practice(terminal, home, tmp_path):
    checkins_on(home)
    practice = session_file(tmp_path, (3, 3))
    term = terminal(f"run {practice} --bell off", name="hup")
    term.wait_for("How bothersome is your back pain")
    term.burst("s", "s")
    term.wait_for("Now that you have finished", timeout=25)
    term.burst("4", "Enter")
    term.wait_for("How stressed do you feel")
    time.sleep(2)  # the check-in stays open a while; the practice ended before it
    os.kill(term.pid(), signal.SIGHUP)
    term.wait_exit()
    assert term.exit_status() == 128 + signal.SIGHUP
    assert LEFT_ALTERNATE_SCREEN in term.written()
    [entry] = journal_entries(home)
    assert entry.completed is True
    assert entry.practised_seconds == entry.planned_seconds == 6
    assert (entry.pain_after, entry.stress_after) == (4, None)
    assert (entry.ended_at - entry.started_at).total_seconds() < 9  # not when it closed


@pytest.mark.long
def test_ctrl_q_and_the_palette_quit_log_the_practice(terminal, home, tmp_path):
    practice = session_file(tmp_path, (60, 60))
    # Two people at once, so the minute that makes a practice worth logging passes once.
    by_key = terminal(f"run {practice} --bell off --no-checkin", name="ctrlq")
    palette_home = tmp_path / "palette"
    (palette_home / "config" / "mbsr-tui").mkdir(parents=True)
    (palette_home / "config" / "mbsr-tui" / "settings.toml").write_text(
        "seen_care_note = true\ncheckins = false\n"
    )
    by_palette = terminal(
        f"run {practice} --bell off --no-checkin",
        name="palette",
        extra_env={
            "XDG_CONFIG_HOME": str(palette_home / "config"),
            "XDG_DATA_HOME": str(palette_home / "data"),
        },
    )
    by_key.wait_for("Part 1")
    by_palette.wait_for("Part 1")
    time.sleep(63)
    by_key.burst("C-q")
    by_palette.burst("C-p")
    by_palette.wait_for("Quit")
    by_palette.keys("quit")
    time.sleep(0.5)
    by_palette.keys("Enter")
    for term, where in ((by_key, home), (by_palette, palette_home)):
        term.wait_exit()
        assert term.exit_status() == 0
        assert LEFT_ALTERNATE_SCREEN in term.written()
        [entry] = journal_entries(where)
        assert entry.completed is False
        assert 60 <= entry.practised_seconds <= 70


def test_ctrl_p_then_page_up_in_one_burst_leaves_the_menu_working(terminal):
    term = terminal("", name="palette-burst")
    term.wait_for("Sitting")
    term.burst("C-p", "PPage", "NPage", "PPage")
    time.sleep(1.5)
    assert not term.exited()
    term.burst("Escape")
    time.sleep(0.5)  # an Escape followed at once by "q" reads as Alt+Q
    term.burst("q")
    term.wait_exit()
    assert term.exit_status() == 0
