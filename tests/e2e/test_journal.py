"""The practice journal in a real terminal: what the installed command logs, and when.

Each test runs `mbsr-tui` inside tmux with a private home (see conftest.py), then reads
the journal file the app wrote, as the person's next start would.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.journal.io import PENDING_NAME, read_pending
from mbsr_tui.core.journal.storage import Journal

pytestmark = pytest.mark.e2e

# Alternate-screen exit: Textual wrote it, so the person's shell is back as it was.
LEFT_ALTERNATE_SCREEN = b"\x1b[?1049l"


def session_file(folder: Path, seconds: tuple[int, ...], title: str = "Journal practice") -> Path:
    """A silent practice with no getting-ready time: its clock starts at once."""
    steps = "".join(
        f'\n[[steps]]\ntitle = "Part {number}"\nseconds = {length}\nprompt = "Rest here."\n'
        for number, length in enumerate(seconds, start=1)
    )
    path = folder / "journal-practice.toml"
    path.write_text(
        f'title = "{title}"\n'
        'summary = "A short practice for the journal tests."\n'
        'kind = "sitting"\nposture = "sitting"\nprepare_seconds = 0\n'
        "\n[bells]\nstart = false\nend = false\n" + steps
    )
    return path


def journal_entries(home: Path) -> list[Entry]:
    path = home / "data" / "mbsr-tui" / "journal.sqlite3"
    assert path.is_file(), f"no journal at {path}"
    with Journal.open(path) as journal:
        return journal.all()


def squeezed(text: str) -> str:
    """`text` without any white space: lines wrapped anywhere still match."""
    return "".join(text.split())


def notification(screen: str) -> str:
    """The text of the notification toasts (each line starts with their left border)."""
    return "\n".join(line.split("▌", 1)[1] for line in screen.splitlines() if "▌" in line)


def beside_notification(screen: str) -> str:
    """The screen with the toasts on its right cut off."""
    return "\n".join(line.split("▌", 1)[0] for line in screen.splitlines())


def checkins_on(home: Path) -> None:
    (home / "config" / "mbsr-tui" / "settings.toml").write_text(
        "seen_care_note = true\ncheckins = true\n"
    )


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_signal_mid_practice_follows_the_one_minute_rule(terminal, home, tmp_path, signum):
    """Issue 20: a signal is one more way out, so 5 s practised is not logged (as q, Ctrl+C
    or Ctrl+Q after 5 s); the app still leaves the terminal as it found it."""
    practice = session_file(tmp_path, (40, 40))  # 80 s: the signal comes long before the end
    term = terminal(f"run {practice} --bell off --no-checkin", name=signum.name)
    term.wait_for("Part 1")
    time.sleep(5)
    os.kill(term.pid(), signum)
    term.wait_exit()

    assert term.exit_status() == 128 + signum
    assert LEFT_ALTERNATE_SCREEN in term.written()  # the terminal was restored
    path = home / "data" / "mbsr-tui" / "journal.sqlite3"
    assert not path.exists() or journal_entries(home) == []


def test_a_practice_run_to_its_end_is_logged_with_the_check_in_answers(terminal, home, tmp_path):
    checkins_on(home)
    practice = session_file(tmp_path, (6, 6))
    term = terminal(f"run {practice} --bell off --exit-at-end", name="checkins")

    term.wait_for("Before you begin")
    term.wait_for("How bothersome is your back pain")
    term.keys("7", "Enter")
    term.wait_for("How stressed do you feel")
    term.keys("4", "Enter")
    term.wait_for("Part 1")

    term.wait_for("Now that you have finished", timeout=25)
    term.wait_for("How bothersome is your back pain")
    term.keys("1", "0", "Enter")  # "1" then "0" is ten
    term.wait_for("How stressed do you feel")
    term.keys("s")  # skip this one
    term.wait_for("Anything you would like to remember?")
    term.keys("Stiff, so less sitting", "Enter")  # an "s" here is a letter, not "skip"

    term.wait_exit()
    assert term.exit_status() == 0
    assert LEFT_ALTERNATE_SCREEN in term.written()
    [entry] = journal_entries(home)
    assert entry.completed is True
    assert entry.planned_seconds == 12
    assert entry.practised_seconds == 12
    assert (entry.pain_before, entry.stress_before) == (7, 4)
    assert (entry.pain_after, entry.stress_after) == (10, None)
    assert entry.note == "Stiff, so less sitting"


def test_an_unwritable_data_folder_keeps_the_session_until_the_next_start(terminal, home, tmp_path):
    # The data folder cannot even be made: XDG_DATA_HOME is a file. Unlike a chmod, this
    # stops root too (CI runs as root), and the fallback file goes to the state folder.
    data_home = home / "data"
    data_home.write_text("not a folder\n")
    state = {"XDG_STATE_HOME": str(tmp_path / "state")}
    fallback = tmp_path / "state" / "mbsr-tui" / PENDING_NAME
    kept = squeezed(f"This session is kept safe in {fallback}")
    practice = session_file(tmp_path, (4, 4))

    # Wide enough that the start-up notification sits beside the closing text. (Under
    # pytest the tmux server hands the pane COLUMNS=80 and LINES=24, which would win over
    # the pane's real size: say the size in both places.)
    wide = {**state, "COLUMNS": "160", "LINES": "30"}
    term = terminal(f"run {practice} --bell off --no-checkin", name="closing",
                    extra_env=wide, size=(160, 30))  # fmt: skip
    # Told at start, naming the place the session will really go.
    opening = notification(term.wait_for("Your journal could not be opened"))
    assert squeezed(str(fallback)) in squeezed(opening)
    closing = beside_notification(term.wait_for("Thank you for taking this time.", timeout=25))
    assert "Your journal could not be written" in " ".join(closing.split())
    assert kept in squeezed(closing)
    assert fallback.is_file()
    term.keys("q")
    term.wait_exit()
    assert term.exit_status() == 0

    # With --exit-at-end there is no closing screen: it is said in the shell instead.
    term = terminal(f"run {practice} --bell off --no-checkin --exit-at-end", name="exit",
                    extra_env=state)  # fmt: skip
    term.wait_exit(25)
    assert term.exit_status() == 0
    assert kept in squeezed(term.screen())
    assert len(read_pending(fallback.parent)) == 2

    data_home.unlink()  # repaired: the next start takes the kept sessions in
    data_home.mkdir()
    log = terminal("log", name="log", extra_env=state)
    log.wait_exit()
    assert log.exit_status() == 0
    said = " ".join(log.written().decode().split())
    assert "2 sessions kept while the journal was unavailable were added." in said
    assert not fallback.exists()
    entries = journal_entries(home)
    assert [(e.completed, e.practised_seconds) for e in entries] == [(True, 8), (True, 8)]
