"""In a real terminal, the bytes the app writes hold no bidirectional or C1 control from a
practice file or the journal, and no escape sequence of theirs (issue 21, item 7)."""

from __future__ import annotations

import json
import sqlite3
import subprocess

import pytest

from tests.e2e.terminal import installed_command

pytestmark = pytest.mark.e2e

BIDI = "\u202e\u2066\u2067\u2068\u2069\u200e\u200f"


def never_written(data: bytes) -> list[str]:
    """Bidirectional controls, line separators and C1 controls in what reached the terminal
    (Textual's own commands are 7-bit: ESC [ ..., never U+009B)."""
    text = data.decode("utf-8", "replace")
    return [
        f"U+{ord(c):04X}"
        for c in text
        if c in BIDI or c in "\u202a\u202b\u202c\u202d\u2028\u2029" or 0x80 <= ord(c) <= 0x9F
    ]


def test_a_practice_with_bidi_controls_is_drawn_with_marks(terminal, home):
    path = home / "bidi.toml"
    path.write_text(
        f'title = "Calm{BIDI}gnp.exe"\nsummary = "Sum{BIDI}mary"\nkind = "body-scan"\n'
        'posture = "lying"\nprepare_seconds = 0\n[bells]\nstart = false\nend = false\n'
        f'[[steps]]\ntitle = "Feet{BIDI}"\nprompt = "Rest{BIDI} here."\nseconds = 2\n'
        f'[[steps]]\ntitle = "Legs{BIDI}"\nprompt = "And{BIDI} here."\nseconds = 2\n'
    )
    term = terminal(f"run {path} --no-checkin --exit-at-end --bell off", name="bidi")
    term.wait_for("Feet<U+202E>")
    term.wait_exit(timeout=30)
    assert never_written(term.written()) == []


def test_the_history_of_raw_journal_rows_sends_no_escape_sequence_of_theirs(terminal, home, env):
    record = dict(session_id="body-scan", title="Body scan", kind="body-scan",
                  started_at="2024-03-01T10:00:00+00:00", utc_offset_minutes=0,
                  ended_at="2024-03-01T10:20:00+00:00", planned_seconds=1200,
                  practised_seconds=1200, completed=True)  # fmt: skip
    file = home / "one.json"
    file.write_text(json.dumps({"sessions": [record]}))
    subprocess.run([*installed_command().split(), "log", "import", str(file)], env=env,
                   check=True, capture_output=True)  # fmt: skip
    # As an older version stored it: raw controls in the title and the note.
    journal = sqlite3.connect(home / "data" / "mbsr-tui" / "journal.sqlite3")
    with journal:
        journal.execute(
            "UPDATE sessions SET title = ?, note = ?",
            (f"\x1b]2;owned\x07Body\x9b31m{BIDI}", "one\x1b[2J\x85two"),
        )
    journal.close()
    term = terminal("", name="history")
    term.wait_for("h History")  # the menu's key line (issue 20)
    term.keys("h")
    term.wait_for("^[]2;owned^GBody")
    written = term.written()
    assert b"\x1b]2;owned" not in written  # the title's own command never sent
    assert never_written(written) == []
    term.keys("q")
