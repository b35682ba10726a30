"""No stored value may make the journal unreadable (issues 13.4, 14.8, 13.7 and the small
items of 13): ranges checked on the way in, rows and fallback entries that cannot be read
skipped and told, deep nesting a plain error, reading without a write lock."""

from __future__ import annotations

import json
import math
import sqlite3
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from mbsr_tui.core import paths
from mbsr_tui.core.journal.entry import MAX_SECONDS, Entry, JournalError
from mbsr_tui.core.journal.io import (
    append_pending,
    export_text,
    pending_lock,
    read_entries,
    to_record,
)
from mbsr_tui.core.journal.safekeeping import open_journal
from mbsr_tui.core.journal.storage import BUSY_TIMEOUT_SECONDS, Journal, _stamp
from tests.support.log_cli import NOW, log


def make_entry(days_ago: int = 1, **changes) -> Entry:
    start = NOW - timedelta(days=days_ago, hours=10)
    values = dict(
        session_id="body-scan", title="Body scan", kind="body-scan", started_at=start,
        utc_offset_minutes=60, ended_at=start + timedelta(minutes=46), planned_seconds=2700,
        practised_seconds=2700, completed=True, pain_before=6, pain_after=4,
    )  # fmt: skip
    values.update(changes)
    return Entry(**values)


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")


# -- on the way in: every value within a plausible range ---------------------------------

OUT_OF_RANGE = [
    ({"started_at": datetime(225, 1, 1, tzinfo=UTC)}, "'started_at' must be a date from 1970"),
    ({"started_at": datetime(1969, 12, 31, 23, tzinfo=UTC)}, "'started_at' must be a date"),
    ({"ended_at": datetime(2200, 1, 1, tzinfo=UTC)}, "'ended_at' must be a date"),
    # Past year 9999 once in UTC: used to be OverflowError.
    (
        {"ended_at": datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))},
        "'ended_at' must be a date",
    ),
    ({"practised_seconds": 1e30}, "at most 86400 seconds"),
    ({"practised_seconds": math.inf}, "must be a number of seconds"),
    ({"planned_seconds": -math.inf}, "must be a number of seconds"),
    ({"planned_seconds": math.nan}, "must be a number of seconds"),
    ({"planned_seconds": 10**30}, "at most 86400 seconds"),
    ({"pain_before": 10**30}, "from 0 to 10"),
    ({"utc_offset_minutes": 10**30}, "within 18 hours"),
    ({"title": "caf\udce9"}, "'title' must be UTF-8 text"),
    ({"note": "\ud800"}, "'note' must be UTF-8 text"),
]


@pytest.mark.parametrize(("changes", "message"), OUT_OF_RANGE)
def test_values_out_of_range_are_refused_with_a_sentence(changes, message):
    with pytest.raises(JournalError, match=message.replace("(", r"\(")):
        make_entry(**changes)


def test_the_edges_of_the_ranges_are_kept():
    make_entry(started_at=datetime(1970, 1, 1, tzinfo=UTC), practised_seconds=0)
    make_entry(ended_at=datetime(2199, 12, 31, 23, 59, tzinfo=UTC), planned_seconds=MAX_SECONDS)


def test_stamps_always_read_back_with_a_four_digit_year():
    for moment in (datetime(225, 1, 1, tzinfo=UTC), datetime(2024, 5, 6, 7, 8, 9, 10, tzinfo=UTC)):
        stamp = _stamp(moment)
        assert datetime.fromisoformat(stamp) == moment
        assert stamp[4] == "-" and stamp.endswith("+00:00")


def _mutated_record(fmt: str, name: str, value: str) -> str:
    """An export of one good entry with one field's value replaced by raw text."""
    text = export_text([make_entry()], fmt)
    if fmt == "json":
        data = json.loads(text)
        data["sessions"][0][name] = "@@"
        return json.dumps(data).replace('"@@"', value)
    if fmt == "csv":
        header, row = text.strip().split("\r\n")
        cells = row.split(",")
        cells[header.split(",").index(name)] = value
        return header + "\r\n" + ",".join(cells) + "\r\n"
    lines = [line for line in text.splitlines() if not line.startswith(f"{name} =")]
    return "\n".join([*lines, f"{name} = {value}"]) + "\n"


@pytest.mark.parametrize(
    ("fmt", "name", "value"),
    [
        ("json", "practised_seconds", "1e30"),
        ("json", "practised_seconds", "Infinity"),
        ("json", "planned_seconds", "NaN"),
        ("json", "started_at", '"0225-01-01T08:00:00+00:00"'),
        ("json", "ended_at", '"9999-12-31T23:00:00-05:00"'),
        ("json", "pain_after", "99999999999999999999"),
        ("toml", "practised_seconds", "inf"),
        ("toml", "practised_seconds", "1e30"),
        ("toml", "started_at", "0225-01-01T08:00:00Z"),
        ("toml", "ended_at", "9999-12-31T23:00:00-05:00"),
        ("toml", "utc_offset_minutes", "99999999999999999999"),
        ("csv", "practised_seconds", "99999999999999999999"),
        ("csv", "started_at", "0225-01-01T08:00:00+00:00"),
        ("csv", "ended_at", "9999-12-31T23:00:00-05:00"),
    ],
)
def test_importing_an_out_of_range_value_is_a_plain_error(capsys, tmp_path, fmt, name, value):
    file = tmp_path / f"odd.{fmt}"
    file.write_text(_mutated_record(fmt, name, value), encoding="utf-8")
    with pytest.raises(JournalError, match=f"record 1: '{name}'"):
        read_entries(file)
    assert log("import", str(file)) == 1
    err = capsys.readouterr().err
    assert f"{file}: record 1: '{name}'" in err and "Traceback" not in err
    assert log() == 0  # and the journal stays readable


# -- on the way out: a row that cannot be read is skipped and told -----------------------

BAD_ROWS = {
    "started_at": "225-01-01T08:00:00.000000+00:00",  # what strftime once stored
    "ended_at": "not a date",
    "practised_seconds": 1e30,
    "planned_seconds": float("inf"),
    "pain_before": 11,
    "utc_offset_minutes": 10**15,
    "title": b"\x00\x01",
    "completed": 7,
}


def _store_odd_rows(journal: Journal) -> list[Entry]:
    """Good entries, and one row per way an odd value can get into the file (by hand, by
    an older mbsr-tui)."""
    good = [make_entry(days) for days in (3, 2, 1)]
    journal.add_many(good)
    for number, (name, value) in enumerate(BAD_ROWS.items()):
        odd = make_entry(10 + number, session_id=f"odd-{name}")
        journal.add(odd)
        with journal._lock:
            journal._connection.execute(
                f"UPDATE sessions SET {name} = ? WHERE session_id = ?", (value, odd.session_id)
            )
    return good


def test_rows_that_cannot_be_read_are_skipped_and_the_rest_reads():
    with Journal.open() as journal:
        good = _store_odd_rows(journal)
        assert journal.all() == good
        assert journal.recent(100) == good[::-1]
        assert len(journal.unreadable) == len(BAD_ROWS)
        message = journal.unreadable_message()
        assert f"{len(BAD_ROWS)} sessions" in message and "were skipped" in message
        assert journal.unreadable_message() is None  # told once
        assert journal.unreadable_message(again=True) == message


def test_log_and_every_export_read_past_rows_that_cannot_be_read(capsys, tmp_path):
    with Journal.open() as journal:
        good = _store_odd_rows(journal)
    assert log() == 0
    captured = capsys.readouterr()
    assert "In all: 3 sessions" in captured.out
    assert "could not be read and were skipped" in captured.err
    assert "Traceback" not in captured.err
    for fmt in ("toml", "csv", "json"):
        out = tmp_path / f"export.{fmt}"
        assert log("export", "-o", str(out)) == 0
        assert read_entries(out) == good


def test_the_history_reads_past_rows_that_cannot_be_read():
    from mbsr_tui.core.progress import summarise

    with Journal.open() as journal:
        good = _store_odd_rows(journal)
    with open_journal() as opened:
        entries = opened.entries()
        assert entries == good
        summarise(entries, now=NOW, tz=UTC)


# -- the fallback file: a bad entry never stops the journal from opening -----------------


def _pending_with(tmp_path: Path, name: str, value: str) -> Path:
    """pending.toml with a good entry and one whose `name` holds raw TOML `value`."""
    folder = paths.ensure_private_dir(paths.data_dir())
    good = append_pending(make_entry(1), folder)
    odd = to_record(make_entry(2), text_times=False)
    odd.pop(name, None)
    import tomli_w

    extra = tomli_w.dumps({"sessions": [odd]}) + f"{name} = {value}\n"
    good.write_text(good.read_text() + "\n" + extra)
    return good


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("practised_seconds", "inf"),
        ("practised_seconds", "1e400"),
        ("planned_seconds", "99999999999999999999999999"),
        ("ended_at", "9999-12-31T23:00:00-05:00"),
        ("started_at", "0225-01-01T08:00:00Z"),
        ("pain_before", "-nan"),
    ],
)
def test_a_fallback_entry_out_of_range_is_set_aside_never_fatal(capsys, tmp_path, name, value):
    pending = _pending_with(tmp_path, name, value)
    original = pending.read_text()
    with open_journal() as opened:  # the app's start: never raises
        assert opened.journal is not None and opened.merged == 1
        assert opened.journal.all() == [make_entry(1)]
        told = " ".join(opened.messages)
    assert "record 2" in told and "set aside" in told
    (kept,) = pending.parent.glob("pending.toml.unreadable-*")
    assert kept.read_text() == original and not pending.exists()
    # A later save into the fallback file begins a new one.
    append_pending(make_entry(3), pending.parent)
    assert read_entries(pending) == [make_entry(3)]


def test_log_with_a_bad_fallback_entry_reads_and_tells(capsys, tmp_path):
    pending = _pending_with(tmp_path, "practised_seconds", "inf")
    with pending_lock(pending.parent):  # held elsewhere: log only reads the file
        assert log() == 0
    captured = capsys.readouterr()
    assert "In all: 1 session" in captured.out and "could not be read" in captured.err
    assert log() == 0  # free: the good one is taken in, the file set aside
    captured = capsys.readouterr()
    told = " ".join(captured.err.split())  # Rich wraps long paths wherever they end
    assert "In all: 1 session" in captured.out and "set aside" in told
    assert not pending.exists()


def test_appending_to_a_fallback_file_with_a_bad_entry_keeps_everything(tmp_path):
    pending = _pending_with(tmp_path, "practised_seconds", "inf")
    original = pending.read_text()
    append_pending(make_entry(5), pending.parent)
    assert read_entries(pending) == [make_entry(1), make_entry(5)]
    (kept,) = pending.parent.glob("pending.toml.unreadable-*")
    assert kept.read_text() == original


def test_open_journal_never_raises_whatever_goes_wrong(monkeypatch):
    from mbsr_tui.core.journal import safekeeping

    def explode(*_args, **_kwargs):
        raise OverflowError("int too large to convert")

    monkeypatch.setattr(safekeeping, "read_entries_leniently", explode)
    append_pending(make_entry(1), paths.ensure_private_dir(paths.data_dir()))
    with open_journal() as opened:
        assert opened.journal is not None
        assert any("could not be added" in message for message in opened.messages)


# -- deep nesting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("deep.json", '{"sessions": ' + "[" * 2000 + "]" * 2000 + "}", "JSON"),
        ("deep.toml", "sessions = " + "[" * 2000 + "]" * 2000 + "\n", "TOML"),
        ("deep.toml", "sessions = [" + "{a = " * 2000 + "1" + "}" * 2000 + "]\n", "TOML"),
        ("deep.txt", '{"sessions": [' + '{"a": ' * 2000 + "1" + "}" * 2000 + "]}", "JSON"),
    ],
    ids=["json-lists", "toml-lists", "toml-tables", "sniffed-json-objects"],
)
def test_deep_nesting_is_a_plain_error_not_a_recursion_error(capsys, tmp_path, name, text, fmt):
    file = tmp_path / name
    file.write_text(text)
    assert log("import", str(file)) == 1
    err = capsys.readouterr().err
    assert f"{file}: is not valid {fmt} (nested too deeply)" in err
    assert "Traceback" not in err and "RecursionError" not in err


# -- -n with any number --------------------------------------------------------------------


def test_a_huge_count_of_recent_sessions_is_clamped(capsys):
    Journal.open().add(make_entry())
    assert log("-n", "99999999999999999999") == 0
    assert "Body scan" in capsys.readouterr().out
    with Journal.open() as journal:
        assert journal.recent(10**30) == [make_entry()]


@pytest.mark.parametrize(
    "value", ["9" * 5000, "1e9", "-3", "inf"], ids=["5000-digits", "1e9", "-3", "inf"]
)
def test_a_count_that_is_not_a_whole_number_is_a_usage_error(capsys, value):
    from mbsr_tui.__main__ import main

    assert main(["log", "-n", value]) == 2
    err = capsys.readouterr().err
    assert "must be a whole number above 0" in err and "Traceback" not in err
    assert len(err) < 1000  # the 5,000 digits are not echoed back


# -- reading takes no write lock ------------------------------------------------------------


def test_log_and_export_do_not_wait_for_a_writer(capsys, tmp_path):
    Journal.open().add(make_entry())
    append_pending(make_entry(2), paths.data_dir())
    writer = sqlite3.connect(paths.journal_path(), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process saving a practice
    try:
        with pending_lock(paths.data_dir()):  # and another saving to the fallback file
            started = time.monotonic()
            assert log() == 0
            assert log("export", "-o", str(tmp_path / "out.json")) == 0
            elapsed = time.monotonic() - started
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    captured = capsys.readouterr()
    assert elapsed < BUSY_TIMEOUT_SECONDS / 4
    assert "cannot be written" not in captured.err and "not written" not in captured.err
    assert "In all: 2 sessions" in captured.out
    assert len(read_entries(tmp_path / "out.json")) == 2


def test_log_on_a_journal_never_created_is_empty_and_creates_nothing(capsys):
    assert log() == 0
    assert "Your journal is empty" in capsys.readouterr().out
    assert not paths.journal_path().exists()


# -- export: through a symbolic link, and "-" for standard output --------------------------


def test_export_writes_through_a_symbolic_link(tmp_path):
    Journal.open().add(make_entry())
    target = tmp_path / "backups" / "journal.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert log("export", "-o", str(link)) == 0
    assert link.is_symlink() and link.resolve() == target
    assert read_entries(target) == [make_entry()]


def test_export_to_dash_is_standard_output(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Journal.open().add(make_entry())
    assert log("export", "--format", "json", "-o", "-") == 0
    assert json.loads(capsys.readouterr().out)["sessions"][0]["title"] == "Body scan"
    assert not (tmp_path / "-").exists()


# -- import: duplicates within one file ----------------------------------------------------


def test_two_records_of_one_practice_in_one_file_are_a_duplicate_not_already_present(
    capsys, tmp_path
):
    entry = make_entry()
    file = tmp_path / "twice.json"
    file.write_text(export_text([entry, make_entry(2), entry], "json"))
    assert log("import", str(file)) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == (
        "imported 2, skipped 0 already present, 1 duplicate in this file"
    )
    assert "record 3: duplicate in this file (the same practice and start as record 1)" in (
        captured.err
    )
    assert log("import", str(file)) == 0
    assert "skipped 2 already present, 1 duplicate in this file" in capsys.readouterr().out
