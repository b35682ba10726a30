"""No raw control character goes in or comes out of the journal (issue 21, item 14).

Text imported with C0/C1 controls (ESC, BEL, U+009B) and bidirectional controls is
cleaned on the way in, in every text field (practice id, title, kind, note, a calendar
entry's answers); a row that an older mbsr-tui stored raw is escaped by JSON and TOML
exports (read back exactly) and shown as marks in CSV, which has no escapes.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
import unicodedata
from datetime import timedelta

import pytest
import tomli_w

from mbsr_tui.core.journal.calendar_entry import QUESTIONS, CalendarEntry
from mbsr_tui.core.journal.entry import FORMATS, Entry
from mbsr_tui.core.journal.io import calendar_from_record, export_text, from_record
from mbsr_tui.core.journal.storage import Journal
from mbsr_tui.core.safe_text import BIDI_CONTROLS
from tests.support.log_cli import NOW, log

HOSTILE = "a\x1b]2;x\x07b\x9b31m\u202ec\u2066d\x85e\x7f\u200ff"
SESSION_TEXT = ("session_id", "title", "kind", "note")
ANSWERS = tuple(name for name, _ in QUESTIONS["pleasant"])


def raw_characters(text: str, *, csv_lines: bool = False) -> list[str]:
    """Every character of `text` a terminal would obey, but for the layout's newlines
    (and CSV's CRLF line ends)."""
    if csv_lines:
        text = text.replace("\r\n", "\n")
    return [
        c
        for c in text
        if c != "\n" and (unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in BIDI_CONTROLS)
    ]


def session_record(text: str) -> dict:
    start = NOW - timedelta(days=1)
    return dict(
        session_id=f"id{text}", title=f"Title {text}", kind=f"kind{text}",
        started_at=start.isoformat(), utc_offset_minutes=0,
        ended_at=(start + timedelta(minutes=10)).isoformat(), planned_seconds=600,
        practised_seconds=600, completed="true", note=f"line one\r\n{text}",
    )  # fmt: skip


def calendar_record(text: str) -> dict:
    record = dict(kind="pleasant", written_at=NOW.isoformat(), utc_offset_minutes=0)
    record.update((name, f"{name} {text}") for name in ANSWERS)
    return record


def hostile_file(tmp_path, fmt: str):
    """An export file edited by hand: raw controls in every text field."""
    sessions, calendar = [session_record(HOSTILE)], [calendar_record(HOSTILE)]
    path = tmp_path / f"hostile.{fmt}"
    if fmt == "json":
        text = json.dumps({"sessions": sessions, "calendar": calendar}, ensure_ascii=False)
    elif fmt == "toml":
        text = tomli_w.dumps({"sessions": sessions, "calendar": calendar})  # raw C1
        assert "\x9b" in text
    else:
        out = io.StringIO()
        columns = [*sessions[0], "record", *ANSWERS]
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerow({**sessions[0], "record": "session"})
        moved = {"kind": "pleasant", "started_at": NOW.isoformat(), "utc_offset_minutes": 0}
        writer.writerow({"record": "calendar", **moved, **{n: f"{n} {HOSTILE}" for n in ANSWERS}})
        text = out.getvalue()
    path.write_text(text, encoding="utf-8", newline="")
    return path


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_import_is_cleaned_in_every_text_field_and_every_export_is_clean(tmp_path, capsys, fmt):
    assert log("import", str(hostile_file(tmp_path, fmt))) == 0
    with Journal.open() as journal:
        (entry,) = journal.all()
        (written,) = journal.calendar()
    for name in SESSION_TEXT:
        assert raw_characters(getattr(entry, name)) == [], name
    assert entry.title == "Title a]2;xb31mcd ef"  # the words stay, the controls go
    assert entry.note == "line one\na]2;xb31mcd\nef"  # line breaks are newlines
    assert len(written.answers) == len(ANSWERS)
    for name, text in written.answers:
        assert raw_characters(text) == [], name
    capsys.readouterr()
    for out in FORMATS:
        assert log("export", "--format", out) == 0
        exported = capsys.readouterr().out
        assert raw_characters(exported, csv_lines=out == "csv") == [], out
        assert log("export", "-o", str(tmp_path / f"out.{out}")) == 0
        data = (tmp_path / f"out.{out}").read_bytes().decode("utf-8")
        assert raw_characters(data, csv_lines=out == "csv") == [], out


def older_row(text: str) -> Entry:
    """A journal row stored before text was cleaned on the way in (as an old version
    wrote it): the fields hold `text` raw."""
    entry = from_record(session_record(""))
    for name in SESSION_TEXT:
        object.__setattr__(entry, name, f"{name} {text}")
    return entry


def older_calendar(text: str) -> CalendarEntry:
    entry = calendar_from_record(calendar_record(""))
    object.__setattr__(entry, "answers", tuple((n, f"{n} {text}") for n in ANSWERS))
    return entry


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_raw_row_already_in_the_journal_is_exported_escaped(tmp_path, capsys, fmt):
    with Journal.open() as journal:
        journal.add(older_row(HOSTILE))
    assert log("export", "--format", fmt) == 0
    exported = capsys.readouterr().out
    assert raw_characters(exported, csv_lines=fmt == "csv") == []
    if fmt == "csv":
        row = next(csv.DictReader(io.StringIO(exported, newline="")))
        assert row["title"] == "title a^[]2;x^Gb<U+009B>31m<U+202E>c<U+2066>d<U+0085>e^?<U+200F>f"
        return
    document = json.loads(exported) if fmt == "json" else tomllib.loads(exported)
    for name in SESSION_TEXT:  # escaped, so read back exactly as stored
        assert document["sessions"][0][name] == f"{name} {HOSTILE}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_escapes_every_text_field_it_is_handed(fmt):
    """Whatever reaches the writer raw (a session's fields, a calendar entry's answers):
    JSON and TOML escape it losslessly, CSV marks it."""
    exported = export_text([older_row(HOSTILE)], fmt, [older_calendar(HOSTILE)])
    assert raw_characters(exported, csv_lines=fmt == "csv") == []
    if fmt != "csv":
        document = json.loads(exported) if fmt == "json" else tomllib.loads(exported)
        answers = {k: v for k, v in document["calendar"][0].items() if k in ANSWERS}
        assert answers == {name: f"{name} {HOSTILE}" for name in ANSWERS}


def test_an_import_far_larger_than_any_journal_is_refused_without_reading_it_whole(
    tmp_path, monkeypatch
):
    from mbsr_tui.core.journal import io as journal_io

    monkeypatch.setattr(journal_io, "IMPORT_MAX_BYTES", 1000)
    big = tmp_path / "big.json"
    big.write_text('{"sessions": [' + ",".join(["{}"] * 2000) + "]}")
    with pytest.raises(journal_io.JournalError, match="larger than"):
        journal_io._parts_in(big)
