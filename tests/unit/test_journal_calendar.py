"""Calendar entries (issue 8): checked on the way in, stored by a migration, exported in
every format and read back by `log import`; old journals and old exports still work."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta, timezone

import pytest

from mbsr_tui.core import paths
from mbsr_tui.core.journal.calendar_entry import (
    ANSWER_LIMIT,
    QUESTIONS,
    CalendarEntry,
    clean_answer,
)
from mbsr_tui.core.journal.damaged import salvage_calendar
from mbsr_tui.core.journal.entry import Entry, JournalError
from mbsr_tui.core.journal.io import FORMATS, export_text, read_entries, read_export
from mbsr_tui.core.journal.storage import MIGRATIONS, SCHEMA_VERSION, Journal
from tests.support.log_cli import NOW, log

BERLIN_WINTER = timezone(timedelta(hours=1))


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    monkeypatch.setenv("COLUMNS", "140")  # Rich reads it when output is not a terminal


def session(days_ago: int = 0) -> Entry:
    start = NOW - timedelta(days=days_ago, hours=2)
    return Entry("body-scan", "Body scan", "body-scan", start, 0, start + timedelta(minutes=30),
                 1800, 1800, True, 6, 4)  # fmt: skip


def pleasant(days_ago: int = 0, **answers: str) -> CalendarEntry:
    written = (NOW - timedelta(days=days_ago)).astimezone(BERLIN_WINTER)
    return CalendarEntry.written(
        "pleasant", answers or {"experience": "Sun on the balcony", "body": "Warm shoulders"},
        written,
    )  # fmt: skip


def every_kind() -> list[CalendarEntry]:
    odd = 'A "quote", a comma, =SUM(A1)\nsecond line [bold]not markup[/bold]'
    return [
        pleasant(3),
        CalendarEntry.written(
            "unpleasant",
            {"experience": "A flare-up", "aware": "yes", "thoughts_now": odd},
            NOW - timedelta(days=2),
        ),
        CalendarEntry.written(
            "communication",
            {"happened": "Call with my sister", "resolved": "not yet"},
            NOW - timedelta(days=1),
        ),
        CalendarEntry.written("reflection", {"week": "3", "reflection": "Kinder to myself."}, NOW),
    ]


# -- the entry -------------------------------------------------------------------------


def test_control_characters_are_taken_out_on_the_way_in():
    entry = pleasant(experience="a\x1b[31mred\x07\r\nnext\tline\u202e", feelings="  calm  ")
    assert entry.answer("experience") == "a[31mred\nnext\tline"
    assert entry.answer("feelings") == "calm"
    assert clean_answer("\x00\x1b") == ""


def test_answers_keep_the_kinds_order_and_leave_blanks_out():
    entry = pleasant(thoughts_now="now", experience="first", body="")
    assert entry.answers == (("experience", "first"), ("thoughts_now", "now"))
    assert entry.first_answer == "first"
    assert entry.title == "Pleasant event"


@pytest.mark.parametrize(
    ("kind", "answers", "problem"),
    [
        ("pleasant", {"experience": "x" * (ANSWER_LIMIT + 1)}, "at most 4,000"),
        ("pleasant", {"experience": " \x1b "}, "at least one answer"),
        ("pleasant", {"happened": "x"}, "not a question of a pleasant"),
        ("joyful", {"experience": "x"}, "'kind' must be one of"),
        ("reflection", {"week": "3"}, "at least one answer"),
    ],
)
def test_entries_that_cannot_be_kept_say_why(kind, answers, problem):
    with pytest.raises(JournalError, match=problem):
        CalendarEntry.written(kind, answers, NOW)


def test_an_answer_of_exactly_the_limit_is_kept():
    assert len(pleasant(experience="x" * ANSWER_LIMIT).answer("experience")) == ANSWER_LIMIT


def test_every_kind_has_its_questions():
    assert [name for name, _ in QUESTIONS["communication"]] == [
        "happened", "wanted", "they_wanted", "felt", "resolved"
    ]  # fmt: skip
    assert len(QUESTIONS["pleasant"]) == len(QUESTIONS["unpleasant"]) == 5


# -- the journal -----------------------------------------------------------------------


def test_a_journal_from_before_calendar_entries_is_migrated_and_keeps_its_sessions(tmp_path):
    path = tmp_path / "journal.sqlite3"
    db = sqlite3.connect(path)
    for migration in MIGRATIONS[:2]:
        db.execute(migration)
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    with Journal.open(path) as journal:  # the old layout, written by an older mbsr-tui
        journal.add(session())
    db = sqlite3.connect(path)
    db.execute("DROP TABLE calendar")
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    with Journal.open(path) as journal:
        assert journal.all() == [session()]
        assert journal.calendar() == []
        assert journal.add_calendar(every_kind()) == 4
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_calendar_entries_are_kept_once_and_read_in_order(tmp_path):
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        kinds = every_kind()
        assert journal.add_calendar(kinds[::-1]) == 4
        assert journal.add_calendar(kinds) == 0  # the same moment and kind: already kept
        read = journal.calendar()
        assert read == kinds
        assert all(entry.row_id for entry in read)
        assert journal.calendar(since=NOW - timedelta(days=1, minutes=1)) == kinds[2:]
        assert read[0].local_written_at.utcoffset() == timedelta(hours=1)


def test_sessions_since_a_moment(tmp_path):
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        journal.add_many([session(days) for days in range(5)])
        found = journal.since(NOW - timedelta(days=2, hours=3))
        assert found == [session(2), session(1), session(0)]


def test_a_calendar_row_written_by_hand_is_skipped_and_told(tmp_path):
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        journal.add_calendar([pleasant()])
    db = sqlite3.connect(path)
    db.execute("INSERT INTO calendar (kind, written_at, utc_offset_minutes, answers) "
               "VALUES ('pleasant', 'yesterday', 0, '{}')")  # fmt: skip
    db.commit()
    db.close()
    with Journal.open(path) as journal:
        assert journal.calendar() == [pleasant()]
        assert "could not be read" in (journal.unreadable_message() or "")


def test_what_survives_a_damaged_journal_includes_calendar_entries(tmp_path):
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        journal.add_calendar(every_kind())
    assert salvage_calendar(path) == every_kind()


# -- export and import -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_and_import_round_trip_with_calendar_entries(capsys, tmp_path, fmt):
    with Journal.open() as journal:
        journal.add_many([session(3), session(1)])
        journal.add_calendar(every_kind())
    exported = tmp_path / f"journal.{fmt}"
    assert log("export", "-o", str(exported)) == 0
    assert read_export(exported) == ([session(3), session(1)], every_kind())
    assert read_entries(exported) == [session(3), session(1)]  # sessions alone, as before
    paths.journal_path().unlink()
    assert log("import", str(exported)) == 0
    assert "calendar entries: imported 4, skipped 0" in capsys.readouterr().out
    with Journal.open() as journal:
        assert journal.calendar() == every_kind()
        assert journal.all() == [session(3), session(1)]
    assert log("import", str(exported)) == 0
    assert "calendar entries: imported 0, skipped 4 already present" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_without_calendar_entries_is_shaped_as_before(fmt):
    text = export_text([session()], fmt)
    assert "calendar" not in text and "record" not in text


def test_a_csv_export_guards_answers_against_spreadsheet_formulas():
    text = export_text([], "csv", every_kind())
    assert "'=SUM(A1)" not in text  # the formula is inside the answer, not at its start
    text = export_text([], "csv", [pleasant(experience="=1+1")])
    assert "'=1+1" in text


def test_an_old_export_without_calendar_entries_still_imports(capsys, tmp_path):
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"sessions": [json.loads(export_text([session()], "json"))
                                            ["sessions"][0]]}))  # fmt: skip
    assert log("import", str(old)) == 0
    assert capsys.readouterr().out.strip() == "imported 1, skipped 0 already present"


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"sessions": [], "calendar": {"kind": "pleasant"}}, "not a list"),
        ({"sessions": [], "calendar": [{"kind": "pleasant", "written_at": "2024-03-01T10:00"
                                        "+00:00", "utc_offset_minutes": 0, "mood": "x"}]},
         "record 1 \\(calendar\\): unknown field 'mood'"),
        ({"sessions": [], "calendar": [{"kind": "pleasant", "utc_offset_minutes": 0,
                                        "experience": "x"}]}, "'written_at' is missing"),
    ],
)  # fmt: skip
def test_a_broken_calendar_record_names_itself(tmp_path, document, problem):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    with pytest.raises(JournalError, match=problem):
        read_export(bad)
