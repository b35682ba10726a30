"""The editor in a real terminal: `mbsr-tui edit`, ctrl+s, and what the other commands see."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.loader import validate
from tests.e2e.terminal import installed_command

pytestmark = pytest.mark.e2e


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([installed_command(), *args], env=env, capture_output=True,
                          text=True, timeout=30, check=False)  # fmt: skip


def test_edit_a_builtin_and_save_it_unchanged(terminal, env, home):
    term = terminal("edit counted-breathing", name="edit")
    term.wait_for("A copy of the built-in “Counted breathing”")
    term.wait_for("breaths/min")
    term.keys("C-s")  # the terminal's raw mode gives Textual ctrl+s (no XOFF)
    term.wait_for("saved as counted-breathing-my-copy.toml")
    saved = home / "config" / "mbsr-tui" / "sessions" / "counted-breathing-my-copy.toml"
    assert saved.is_file()
    term.keys("Escape")  # nothing changed since saving: leaves at once
    term.wait_exit()
    assert term.exit_status() == 0

    full_env = {**env, "PATH": "/usr/bin:/bin"}
    checked = run(["check", str(saved)], full_env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    listed = run(["list"], full_env).stdout.splitlines()
    ids = [line.split()[0] for line in listed]
    assert "counted-breathing" in ids and "counted-breathing-my-copy" in ids
    copy, problems = validate(saved)
    builtin = load_catalogue(user_dir=Path("/nonexistent")).get("counted-breathing")
    assert problems == []
    assert (copy.pattern, copy.bells, copy.steps) == (builtin.pattern, builtin.bells, builtin.steps)


def test_edit_new_asks_before_leaving_unsaved(terminal, home):
    term = terminal("edit --new", name="edit-new")
    term.wait_for("A new practice")
    term.keys("Evening sit")  # replaces the selected "My practice"
    term.wait_for("not saved")
    term.keys("Escape")
    term.wait_for("You have changes that are not saved.")
    term.keys("s")  # save and leave
    term.wait_exit()
    assert term.exit_status() == 0
    saved = home / "config" / "mbsr-tui" / "sessions" / "evening-sit.toml"
    assert validate(saved)[0].title == "Evening sit"


def test_edit_usage(env):
    assert run(["edit"], env).returncode == 2
    missing = run(["edit", "no-such-practice"], env)
    assert missing.returncode == 1 and "no practice called" in missing.stderr


def test_text_sent_with_ctrl_s_in_one_write_is_in_the_file(terminal, home):
    term = terminal("edit --new", name="edit-burst")
    term.wait_for("A new practice")
    term.keys("Evening")  # replaces the selected "My practice"
    term.wait_for("not saved")
    term.burst(" calm", "C-s")  # the tail and ctrl+s in one read, as a paste or SSH delivers
    term.wait_for("saved as evening-calm.toml")
    saved = home / "config" / "mbsr-tui" / "sessions" / "evening-calm.toml"
    assert validate(saved)[0].title == "Evening calm"
    term.keys("Escape")
    term.wait_exit()


def open_pleasant_event_form(term) -> None:
    """Ctrl+P, the palette's "Write a pleasant event", and wait for its first question."""
    term.keys("C-p")
    term.wait_for("Search")
    term.keys("pleasant event")
    term.wait_for("Write a pleasant event")
    term.keys("Enter")
    term.wait_for("What was the experience?")


def exported_journal(env: dict[str, str]) -> subprocess.CompletedProcess:
    return run(["log", "export", "--format", "json"], {**env, "PATH": "/usr/bin:/bin"})


def test_a_calendar_entry_sent_with_ctrl_s_in_one_write_is_whole(terminal, env):
    term = terminal("", name="calendar-burst")
    term.wait_for("Sitting")
    open_pleasant_event_form(term)
    term.burst("Tea in the garden, warm cup", "C-s")
    term.wait_for("Sitting")  # back at the menu: saved
    term.keys("C-q")
    term.wait_exit()
    exported = exported_journal(env)
    assert "Tea in the garden, warm cup" in exported.stdout, exported.stdout + exported.stderr


def test_a_calendar_entry_half_written_when_a_practice_ends_stays(terminal, env):
    # A 6 s timer; the pleasant-event form opened over it with Ctrl+P (the palette).
    term = terminal("timer 0.1 --bell off --no-checkin", name="calendar-over-practice")
    term.wait_for("Quick timer")
    open_pleasant_event_form(term)
    term.keys("Sun on the")
    time.sleep(9)  # the practice ends under the form
    screen = term.wait_for("Sun on the")
    assert "What was the experience?" in screen  # the form, words and all
    term.burst(" floor", "C-s")
    term.wait_for("Thank you for taking this time.")  # then the practice closes
    term.keys("q")
    term.wait_exit()
    exported = exported_journal(env)
    assert "Sun on the floor" in exported.stdout, exported.stdout + exported.stderr
