"""Text from imports never reaches the terminal raw, CSV cells never run as formulas, and
`mbsr-tui log` and the history screens word an entry the same way (issues 13.5 and 14)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from mbsr_tui.core import paths
from mbsr_tui.core.journal import entry as journal_entry
from mbsr_tui.core.journal import io as journal_io
from mbsr_tui.core.journal import safekeeping
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.journal.format import one_line, rating_change
from mbsr_tui.core.journal.io import export_text, read_entries
from mbsr_tui.core.journal.storage import Journal
from tests.support.log_cli import NOW, log

HOSTILE_TITLE = "\x1b]2;owned\x07Body \x1b[31mscan\u202e"
HOSTILE_NOTE = "line one\r\n\x1b[2Jline two \u202egnp.exe\x9b1m"


def make_entry(days_ago: int = 1, **changes) -> Entry:
    start = NOW - timedelta(days=days_ago, hours=10)
    values = dict(
        session_id="body-scan", title="Body scan", kind="body-scan", started_at=start,
        utc_offset_minutes=0, ended_at=start + timedelta(minutes=46), planned_seconds=2700,
        practised_seconds=2700, completed=True, pain_before=6, pain_after=4,
    )  # fmt: skip
    values.update(changes)
    return Entry(**values)


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")


RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


def stored_raw(**raw) -> Entry:
    """An entry as a journal row written before text was cleaned on the way in."""
    entry = make_entry()
    for name, value in raw.items():
        object.__setattr__(entry, name, value)
    return entry


def test_log_shows_control_characters_as_marks_never_sends_them(capsys):
    # Entries are cleaned on the way in (issue 21.14): an older row may still hold them.
    with Journal.open() as journal:
        journal.add(stored_raw(title=HOSTILE_TITLE, note=HOSTILE_NOTE))
    assert log() == 0
    out = capsys.readouterr().out
    assert not any(char in out for char in RAW)
    assert "^[]2;owned^GBody ^[[31mscan<U+202E>" in out
    assert "line one ^[[2Jline two <U+202E>gnp.exe" in out


def test_one_line_marks_controls_before_cutting():
    assert one_line("a\x1bb", 10) == "a^[b"
    assert one_line("\x1b" * 20, 6) == "^[^[^…"
    assert one_line("two\nlines\r\nhere", 40) == "two lines here"


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "'quoted", "''", "\tx"]
)
def test_csv_export_guards_formulas_and_import_undoes_it(tmp_path, text):
    entry = make_entry(session_id=text, title=text, kind=text, note=text)
    exported = export_text([entry], "csv")
    row = next(csv.DictReader(io.StringIO(exported, newline="")))
    for name in ("session_id", "title", "kind", "note"):
        if text.startswith("\t") and name != "note":
            assert row[name] == " x"  # one-line text keeps no tab (issue 21.14)
            continue
        assert row[name].startswith("'"), name  # a spreadsheet shows it as text
    file = tmp_path / "backup.csv"
    file.write_bytes(exported.encode())
    assert read_entries(file) == [entry]  # lossless


def test_csv_numbers_are_never_guarded():
    exported = export_text([make_entry(utc_offset_minutes=-300)], "csv")
    row = next(csv.DictReader(io.StringIO(exported, newline="")))
    assert row["utc_offset_minutes"] == "-300"


def test_toml_and_json_exports_keep_text_as_written(tmp_path):
    entry = make_entry(title="=1+1", note="-note")
    for fmt in ("toml", "json"):
        file = tmp_path / f"backup.{fmt}"
        file.write_text(export_text([entry], fmt))
        assert "'=1+1" not in file.read_text()
        assert read_entries(file) == [entry]


# -- one set of words ----------------------------------------------------------------------


def test_log_and_the_detail_dialog_word_ratings_the_same(capsys):
    from mbsr_tui.ui.screens.session_detail import facts_text

    entry = make_entry(stress_before=7, stress_after=None)
    with Journal.open() as journal:
        journal.add(entry)
    assert log() == 0
    out = capsys.readouterr().out
    facts = facts_text(entry)
    for before, after in ((6, 4), (7, None)):
        words = rating_change(before, after)
        assert words in out and words in facts
    assert rating_change(6, 4) == "6 → 4" and rating_change(None, 3) == "– → 3"


def test_constants_have_one_home():
    from mbsr_tui.cli import log_args
    from mbsr_tui.ui.screens import checkin

    assert log_args.FORMATS is journal_io.FORMATS is journal_entry.FORMATS
    assert checkin.NOTE_LIMIT is journal_entry.NOTE_LIMIT
    assert safekeeping.JOURNAL_NAME is paths.JOURNAL_NAME
    assert paths.journal_path().name == paths.JOURNAL_NAME
    assert safekeeping.state_dir is paths.state_dir
