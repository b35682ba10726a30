"""`mbsr-tui log`: the summary and table, export to each format, import with skips."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from mbsr_tui.core import paths
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.journal.io import FORMATS, append_pending
from mbsr_tui.core.journal.storage import Journal
from tests.support.log_cli import NOW, log, parse


def make_entry(days_ago: int, **changes) -> Entry:
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
    monkeypatch.setenv("COLUMNS", "140")  # Rich reads it when output is not a terminal


@pytest.fixture
def seeded() -> list[Entry]:
    entries = [make_entry(days, pain_before=6 if days > 7 else 4) for days in range(12, 0, -1)]
    entries.append(
        make_entry(0, title="Mindful [bold]movement[/bold]", completed=False, pain_before=4,
                   practised_seconds=1200, pain_after=None, stress_before=7, stress_after=3,
                   note="Knees stiff today. " * 10)
    )  # fmt: skip
    with Journal.open() as journal:
        journal.add_many(entries)
    return entries


def test_an_empty_journal_says_so_kindly(capsys):
    assert log() == 0
    assert "Your journal is empty" in capsys.readouterr().out


def test_the_summary_and_the_recent_sessions(capsys, seeded):
    assert log() == 0
    out = capsys.readouterr().out
    assert "In all: 13 sessions, 9 h 20 min" in out
    assert "This week: 4 sessions, 2 h 35 min; 4 of 6 practice days this week" in out
    assert "Streak: 13 days now, longest 13 days" in out
    assert "33% lower than in your first week" in out  # 6.0 then, 4.0 now
    assert "counted as meaningful" in out
    assert "Recent sessions" in out
    assert "Mindful [bold]movement[/bold]" in out  # a title is shown as written
    assert "ended early" in out and "completed" in out
    assert "4 → –" in out and "7 → 3" in out and "6 → 4" in out  # as the history screen
    assert "Knees stiff today." in out and "…" in out  # the note, cut short
    assert "Thu 2024-03-14 09:00" in out


def test_the_number_of_recent_sessions_can_be_chosen(capsys, seeded):
    assert log("-n", "2") == 0
    assert capsys.readouterr().out.count("Body scan") == 1
    with pytest.raises(SystemExit):
        parse("-n", "0")


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_then_import_changes_nothing_or_reproduces_everything(
    capsys, tmp_path, monkeypatch, seeded, fmt
):
    assert log("export", "--format", fmt) == 0
    exported = capsys.readouterr().out
    file = tmp_path / f"backup.{fmt}"
    file.write_text(exported)

    assert log("import", str(file)) == 0
    assert capsys.readouterr().out.strip() == f"imported 0, skipped {len(seeded)} already present"
    with Journal.open() as journal:
        assert journal.all() == seeded

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "fresh"))
    assert log("import", str(file)) == 0
    assert capsys.readouterr().out.strip() == f"imported {len(seeded)}, skipped 0 already present"
    with Journal.open() as journal:
        assert journal.path.is_relative_to(tmp_path / "fresh")
        assert journal.all() == seeded


def test_export_to_a_file_takes_the_format_from_its_name(capsys, tmp_path, seeded):
    out = tmp_path / "journal.json"
    assert log("export", "-o", str(out)) == 0
    assert capsys.readouterr().out == ""
    assert len(json.loads(out.read_text())["sessions"]) == len(seeded)
    assert log("export", "-o", str(tmp_path / "journal.backup")) == 0
    assert (tmp_path / "journal.backup").read_text().startswith("[[sessions]]")


def test_export_to_a_folder_that_is_not_there_is_a_plain_error(capsys, tmp_path, seeded):
    assert log("export", "-o", str(tmp_path / "no" / "such" / "x.csv")) == 1
    err = capsys.readouterr().err
    assert "could not be written" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("broken.toml", "[[sessions]]\nstarted_at = \n", "is not valid TOML"),
        ("broken.json", '{"sessions": [{"title": "Body scan"}]}', "record 1: 'completed' is"),
        ("broken.csv", "session_id,title\nx,y\n", "record 1: "),
    ],
)
def test_importing_a_broken_file_names_it_and_exits_1(
    capsys, tmp_path, seeded, name, text, message
):
    file = tmp_path / name
    file.write_text(text)
    assert log("import", str(file)) == 1
    captured = capsys.readouterr()
    assert str(file) in captured.err and message in captured.err
    assert "Traceback" not in captured.err
    with Journal.open() as journal:
        assert journal.count() == len(seeded)  # nothing half-imported


def test_importing_a_missing_file_exits_1(capsys, tmp_path):
    assert log("import", str(tmp_path / "nowhere.toml")) == 1
    assert "nowhere.toml: could not be read" in capsys.readouterr().err


def test_a_fallback_file_is_merged_and_reported_on_stderr_only(capsys):
    waiting = make_entry(1, title="Sitting", session_id="sitting")
    pending = append_pending(waiting, paths.data_dir())
    assert log("export", "--format", "csv") == 0
    captured = capsys.readouterr()
    assert "1 session kept while the journal was unavailable was added" in captured.err
    assert captured.out.count("Sitting") == 1 and "added" not in captured.out
    assert not pending.exists()


def test_a_fallback_file_held_elsewhere_is_shown_not_waited_for(capsys):
    from mbsr_tui.core.journal.io import pending_lock

    pending = append_pending(make_entry(1, title="Sitting", session_id="sitting"), paths.data_dir())
    with pending_lock(paths.data_dir()):  # a practice being saved there just now
        assert log("export", "--format", "csv") == 0
    captured = capsys.readouterr()
    assert "1 session kept in pending.toml" in captured.err and "included" in captured.err
    assert captured.out.count("Sitting") == 1
    assert pending.exists()


def test_an_import_merges_the_fallback_file(capsys, tmp_path):
    pending = append_pending(make_entry(1, session_id="sitting"), paths.data_dir())
    file = tmp_path / "other.json"
    file.write_text(json.dumps([]))
    assert log("import", str(file)) == 0
    assert "1 session kept while the journal was unavailable was added" in capsys.readouterr().err
    assert not pending.exists()


def test_the_main_command_line_runs_log(capsys, seeded):
    from mbsr_tui.__main__ import main

    assert main(["log"]) == 0
    assert "In all: 13 sessions" in capsys.readouterr().out
    assert main(["log", "export", "--format", "xml"]) == 2
    assert main(["log", "import"]) == 2


def test_a_journal_that_cannot_be_opened_is_exit_1_with_the_reason(capsys):
    Path(paths.journal_path()).mkdir(parents=True)
    assert log() == 1
    err = capsys.readouterr().err
    assert "could not be opened" in err and "Traceback" not in err
