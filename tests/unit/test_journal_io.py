"""Export and import: every format round-trips, and bad files are named, never a traceback."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mbsr_tui.core.journal.entry import NOTE_LIMIT, Entry, JournalError
from mbsr_tui.core.journal.io import FORMATS, export_text, format_of, read_entries

T0 = datetime(2023, 10, 29, 0, 30, 15, 250000, tzinfo=UTC)


def make_entry(number: int = 0, **changes) -> Entry:
    start = T0 + timedelta(hours=7 * number)
    values = dict(
        session_id="breathing", title="Breathing space, 3 minutes", kind="breathing",
        started_at=start, utc_offset_minutes=60 if number % 2 else 0,
        ended_at=start + timedelta(minutes=3), planned_seconds=180, practised_seconds=175,
        completed=bool(number % 3), pain_before=number % 11 if number % 4 else None,
        pain_after=None, stress_before=3, stress_after=1,
        note=f'line one, "quoted"\nline two; [bold]not markup[/bold] #{number}',
    )  # fmt: skip
    values.update(changes)
    return Entry(**values)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_gives_back_exactly_what_it_was_given(tmp_path, fmt):
    entries = [make_entry(n) for n in range(12)]
    path = write(tmp_path, f"journal.{fmt}", export_text(entries, fmt))
    assert read_entries(path) == entries


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_format_is_sniffed_when_the_extension_says_nothing(tmp_path, fmt):
    entries = [make_entry(n) for n in range(3)]
    path = write(tmp_path, "journal-backup.txt", export_text(entries, fmt))
    assert format_of(path, path.read_text()) == fmt
    assert read_entries(path) == entries


def test_toml_export_is_a_top_level_sessions_array_with_datetimes():
    data = tomllib.loads(export_text([make_entry(1)], "toml"))
    (session,) = data["sessions"]
    assert session["started_at"] == T0 + timedelta(hours=7)
    assert session["utc_offset_minutes"] == 60
    assert "pain_after" not in session  # TOML has no null: absent means not rated


def test_json_and_csv_use_iso_times_and_keep_not_rated_as_empty():
    (session,) = json.loads(export_text([make_entry(0)], "json"))["sessions"]
    assert session["started_at"] == "2023-10-29T00:30:15.250000+00:00"
    assert "pain_before" not in session
    header, row = export_text([make_entry(0)], "csv").splitlines()[:2]
    assert header.startswith("session_id,title,kind,started_at,utc_offset_minutes")
    assert ",false," in row


def test_empty_exports_read_back_as_empty(tmp_path):
    for fmt in FORMATS:
        assert read_entries(write(tmp_path, f"empty.{fmt}", export_text([], fmt))) == []


def test_a_bare_json_list_is_accepted(tmp_path):
    records = json.loads(export_text([make_entry(2)], "json"))["sessions"]
    assert read_entries(write(tmp_path, "list.json", json.dumps(records))) == [make_entry(2)]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("broken.json", '{"sessions": [', "is not valid JSON"),
        ("broken.toml", "[[sessions]\n", "is not valid TOML"),
        ("other.json", '{"something": 1}', "has no list of 'sessions'"),
        ("nothing.csv", "a,b\n1,2\n", "must name the columns"),
    ],
)
def test_a_broken_file_is_named_in_the_message(tmp_path, name, text, message):
    path = write(tmp_path, name, text)
    with pytest.raises(JournalError) as caught:
        read_entries(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pain_before": 12}, "record 2: 'pain_before' must be a whole number from 0 to 10"),
        ({"pain_before": "a lot"}, "record 2: 'pain_before' must be a whole number"),
        ({"started_at": "yesterday"}, "record 2: 'started_at' is not an ISO 8601"),
        ({"started_at": "2024-01-01T10:00:00"}, "record 2: 'started_at' must be a date and time"),
        ({"title": None}, "record 2: 'title' is missing"),
        ({"colour": "blue"}, "record 2: unknown field 'colour'"),
        ({"note": "x" * (NOTE_LIMIT + 1)}, "record 2: 'note' must be at most 4000"),
        ({"completed": "perhaps"}, "record 2: 'completed' must be true or false"),
    ],
)
def test_a_bad_record_is_named_by_file_and_number(tmp_path, change, message):
    records = json.loads(export_text([make_entry(0), make_entry(1)], "json"))["sessions"]
    records[1].update(change)
    path = write(tmp_path, "edited.json", json.dumps(records))
    with pytest.raises(JournalError, match=message) as caught:
        read_entries(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_a_record_that_is_not_a_table_is_named(tmp_path):
    path = write(tmp_path, "odd.json", '{"sessions": [3]}')
    with pytest.raises(JournalError, match="record 1: is not a table"):
        read_entries(path)


def test_a_csv_row_with_too_many_values_is_named(tmp_path):
    text = export_text([make_entry(0), make_entry(1)], "csv").rstrip("\r\n") + ",surplus\r\n"
    with pytest.raises(JournalError, match="record 2: has more values than the header"):
        read_entries(write(tmp_path, "wide.csv", text))


def test_a_missing_or_undecodable_file_is_a_plain_message(tmp_path):
    with pytest.raises(JournalError, match="could not be read"):
        read_entries(tmp_path / "nowhere.toml")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(JournalError, match="could not be read"):
        read_entries(binary)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("note", ["a\rb", "a\r\nb", "a\x00b", "\u2028 \x85", "", "  spaced  "])
def test_notes_with_odd_line_ends_survive(tmp_path, fmt, note):
    path = tmp_path / f"notes.{fmt}"
    path.write_bytes(export_text([make_entry(note=note)], fmt).encode())
    assert read_entries(path) == [make_entry(note=note)]


notes = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=""), max_size=60)


@settings(max_examples=40, deadline=None)
@given(
    note=notes,
    title=st.text(st.characters(whitelist_categories=("L", "N", "Zs", "P")), min_size=1).filter(
        str.strip
    ),
    offset=st.integers(-12 * 60, 14 * 60),
    micro=st.integers(0, 999_999),
    fmt=st.sampled_from(FORMATS),
)
def test_odd_text_and_times_survive_every_format(tmp_path_factory, note, title, offset, micro, fmt):
    entry = make_entry(note=note, title=title, utc_offset_minutes=offset,
                       started_at=T0.replace(microsecond=micro))  # fmt: skip
    path = tmp_path_factory.mktemp("odd") / f"one.{fmt}"
    path.write_bytes(export_text([entry], fmt).encode())
    assert read_entries(path) == [entry]
