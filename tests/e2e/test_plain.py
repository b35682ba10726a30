"""The plain mode in a real terminal: chosen by TERM=dumb, no escape sequence at all,
keys without Enter, bells as BEL, and a hang-up under the one logging rule."""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.e2e.test_journal import journal_entries, session_file

pytestmark = pytest.mark.e2e


def test_term_dumb_gets_plain_lines_and_no_escape_byte(terminal, home, tmp_path):
    practice = session_file(tmp_path, (2, 2), title="Plain in tmux")
    bells = practice.read_text().replace("start = false\nend = false", "start = true\nend = true")
    practice.write_text(bells)
    term = terminal(f"run {practice} --bell terminal --no-checkin", name="dumb",
                    extra_env={"TERM": "dumb"})  # fmt: skip
    term.wait_for("Plain in tmux, 4 seconds.")
    term.wait_for("Thank you for taking this time.", timeout=20)
    term.wait_exit()
    assert term.exit_status() == 0
    written = term.written()
    assert b"\x1b" not in written  # no alternate screen, no cursor movement, no colour
    assert written.count(b"\x07") == 2  # the start and end bells
    screen = term.screen()
    for line in ("The practice begins.", "Part 1 of 2: Part 1.", "Part 2 of 2: Part 2.",
                 "The practice has ended.", "Saved in your journal."):  # fmt: skip
        assert line in screen
    [entry] = journal_entries(home)
    assert entry.completed and entry.practised_seconds == 4


def test_plain_keys_pause_and_a_short_practice_hung_up_is_not_logged(terminal, home, tmp_path):
    practice = session_file(tmp_path, (60, 60), title="Plain hang-up")
    term = terminal(f"run {practice} --plain --bell off --no-checkin", name="plainhup")
    term.wait_for("Part 1 of 2")
    time.sleep(2)
    term.burst("Space")  # a key without Enter: cbreak mode
    term.wait_for("Paused. Press space to go on.")
    time.sleep(1.5)
    term.burst("Space")
    term.wait_for("Going on.")
    time.sleep(1)
    os.kill(term.pid(), signal.SIGHUP)
    term.wait_exit()
    assert term.exit_status() == 128 + signal.SIGHUP
    assert b"\x1b" not in term.written()
    # Issue 20: one logging rule for every way out: a few seconds practised, not logged.
    journal = home / "data" / "mbsr-tui" / "journal.sqlite3"
    assert not journal.exists() or journal_entries(home) == []


def test_plain_check_ins_are_asked_as_lines(terminal, home, tmp_path):
    (home / "config" / "mbsr-tui" / "settings.toml").write_text(
        "seen_care_note = true\ncheckins = true\n"
    )
    practice = session_file(tmp_path, (2,), title="Plain questions")
    term = terminal(f"run {practice} --plain --bell off", name="plainask")
    term.wait_for("How bothersome is your back pain right now?")
    term.keys("6", "Enter")
    term.wait_for("How stressed do you feel right now?")
    term.keys("Enter")  # skipped
    term.wait_for("Now that you have finished", timeout=15)
    term.keys("3", "Enter", "2", "Enter")
    term.wait_for("Anything you would like to remember?")
    term.keys("lighter", "Enter")
    term.wait_exit()
    [entry] = journal_entries(home)
    assert (entry.pain_before, entry.stress_before) == (6, None)
    assert (entry.pain_after, entry.stress_after, entry.note) == (3, 2, "lighter")


def test_ctrl_z_and_fg_give_the_keys_back_without_enter(env, tmp_path, home):
    """Issue 21, item 19: a shell's `fg` restores its own (cooked) modes, not the job's; the
    plain player sets its keys' mode again when it goes on, so q works without Enter."""
    from tests.e2e.terminal import Terminal, installed_command

    term = Terminal("plainstop", "bash --norc --noprofile -i", {**env, "PS1": "shell$ "},
                    tmp_path)  # fmt: skip
    try:
        term.wait_for("shell$")
        term.burst(f"{installed_command()} timer --open --plain --bell off --no-checkin", "Enter")
        term.wait_for("The practice begins.")
        time.sleep(1.5)
        term.burst("C-z")
        term.wait_for("Stopped")
        term.burst("fg", "Enter")
        time.sleep(1.5)
        term.burst("q")  # no Enter
        term.wait_for("The practice has ended.", timeout=10)
        deadline = time.monotonic() + 15
        while not term.screen().rstrip().endswith("shell$") and time.monotonic() < deadline:
            time.sleep(0.1)  # the journal is written, and the shell is back
        after_fg = term.screen().split("fg", 1)[1]
        assert after_fg.rstrip().endswith("shell$")
        assert "\nq\n" not in after_fg  # read as a key, not echoed as a line
    finally:
        term.close()
    [entry] = journal_entries(home)
    assert entry.completed is True and entry.practised_seconds >= 2
