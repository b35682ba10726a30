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


# -- the plain menu: a whole app (issue 20, part 4) ---------------------------------------


def start_course(env: dict[str, str]) -> None:
    """Day 1 of week 1 is today: the week's body scan is 45 minutes (or 20)."""
    import subprocess

    from tests.e2e.terminal import installed_command

    done = subprocess.run([installed_command(), "course", "start"], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr


def printed_lines(term) -> list[str]:
    """What the app wrote, line by line (the terminal's echo of answers included)."""
    text = term.written().decode("utf-8", "replace")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def choice_number(term, words: str) -> str:
    """The number the latest menu gave the choice whose words begin with `words`."""
    import re

    found = None
    for line in printed_lines(term):
        item = re.match(r"^\s*(\d+)\. (.*)$", line)
        if item and item.group(2).startswith(words):
            found = item.group(1)
    assert found is not None, f"no choice {words!r} in:\n{term.screen()}"
    return found


def wait_for_menu(term, after: str = "", timeout: float = 20.0) -> None:
    """The menu's question, printed after `after` (a second menu, not the first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = "\n".join(printed_lines(term))
        since = text.rsplit(after, 1)[-1] if after else text
        if "Choose by number" in since and (not after or after in text):
            return
        time.sleep(0.1)
    raise AssertionError(f"no menu after {after!r}:\n{term.screen()}")


def test_plain_menu_today_at_the_weeks_length_then_back_to_the_menu(terminal, env):
    start_course(env)
    term = terminal("", name="plainmenu", extra_env={"TERM": "dumb"})
    wait_for_menu(term)
    screen_text = "\n".join(printed_lines(term))
    assert "Week 1 · day 1 · " in screen_text  # the Today line, as `mbsr-tui today` says it
    term.keys(choice_number(term, "Today's practice: Body scan 45 min (or 20 min)"), "Enter")
    term.wait_for("Body scan: how long? 45 (the week's suggestion), 20")
    term.keys("45", "Enter")
    term.wait_for("Body scan, 45 minutes.")  # the course's length, not the file's 20
    term.wait_for("Getting ready")
    term.burst("q")
    term.wait_for("End the practice now?")
    term.burst("y")
    wait_for_menu(term, after="Back at the menu.")
    term.keys("q", "Enter")
    term.wait_exit()
    assert term.exit_status() == 0
    assert b"\x1b" not in term.written()


def test_plain_menu_quick_timer_then_history(terminal, home):
    term = terminal("--plain", name="plaintimer")  # --plain, in a terminal that could do more
    wait_for_menu(term)
    term.keys(choice_number(term, "Quick timer: 20 minutes"), "Enter")
    term.wait_for("Quick timer: how many minutes? Enter for 20")
    term.keys("0.05", "Enter")  # 3 seconds
    term.wait_for("A bell every how many minutes?")
    term.keys("Enter")
    term.wait_for("Quick timer, 3 seconds.")
    wait_for_menu(term, after="Back at the menu.", timeout=30)
    settings = (home / "config" / "mbsr-tui" / "settings.toml").read_text()
    assert "timer_minutes = 0.05" in settings  # remembered, as the dialog and `timer` do
    assert choice_number(term, "Quick timer: 0.05 minutes")
    term.keys(choice_number(term, "History"), "Enter")
    term.wait_for("Enter: back to the menu")
    printed = "\n".join(printed_lines(term))
    assert "In all: 1 session, under 1 min" in printed  # `mbsr-tui log`'s words
    assert "Quick timer · 0 min · completed" in printed
    term.keys("q", "Enter")
    term.wait_exit()
    assert term.exit_status() == 0
    [entry] = journal_entries(home)
    assert entry.title == "Quick timer" and entry.completed


def test_plain_menu_wraps_every_line_at_40_columns_between_words(terminal, env):
    from mbsr_tui.core.timer import QUIET_PROMPT
    from mbsr_tui.plain.menu import GREETING

    start_course(env)
    term = terminal("", name="plainwrap", size=(40, 12), extra_env={"TERM": "dumb"})
    wait_for_menu(term)
    term.keys(choice_number(term, "Open-ended sit"), "Enter")
    term.wait_for("Enter for 0")
    term.keys("Enter")
    term.wait_for("stay as long as")
    time.sleep(1)
    term.burst("q")  # an open sit's end
    wait_for_menu(term, after="Back at the menu.")
    term.keys("q", "Enter")
    term.wait_exit()
    assert term.exit_status() == 0
    lines = printed_lines(term)
    too_wide = [line for line in lines if len(line) > 40]
    assert not too_wide, too_wide
    joined = " ".join(" ".join(line.split()) for line in lines)
    # Joined again with spaces, the words come back whole: none was cut at the edge.
    question = "Choose by number (1: today's practice), or q to leave:"
    for text in (GREETING, *QUIET_PROMPT.split("\n\n"), question):
        assert " ".join(text.split()) in joined, text
    assert "Today's practice: Body scan 45 min (or 20 min)" in joined


def test_plain_menu_ctrl_c_and_the_end_of_input_leave_cleanly(terminal, env, tmp_path):
    from tests.e2e.terminal import Terminal, installed_command

    # Ctrl+C reaches the whole foreground job: a shell that waits for it, as a person's does.
    shell = Terminal("plainctrlc", "bash --norc --noprofile -i",
                     {**env, "PS1": "shell$ ", "TERM": "dumb"}, tmp_path)  # fmt: skip
    try:
        shell.wait_for("shell$")
        shell.burst(f"{installed_command()}; echo left with $?", "Enter")
        wait_for_menu(shell)
        shell.keys(choice_number(shell, "Quick timer"), "Enter")
        shell.wait_for("how many minutes?")
        shell.burst("C-c")  # at a question inside the menu
        shell.wait_for("left with 0")
        assert "Goodbye. Take care." in shell.screen()
        assert b"Traceback" not in shell.written()
    finally:
        shell.close()
    again = terminal("", name="plaineof", extra_env={"TERM": "dumb"})
    wait_for_menu(again)
    again.keys(choice_number(again, "Body scan"), "Enter")
    again.wait_for("how long?")
    again.burst("C-d")  # the end of input, at the length question
    again.wait_exit()
    assert again.exit_status() == 0
    assert b"Traceback" not in again.written()
