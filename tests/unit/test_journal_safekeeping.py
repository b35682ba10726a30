"""Never lose an entry: the fallback file, read-only folders, damaged and locked journals."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mbsr_tui.core import paths
from mbsr_tui.core.journal import storage as journal_module
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.journal.io import pending_lock, read_entries
from mbsr_tui.core.journal.safekeeping import (
    NOT_SAVED,
    SAVED,
    SAVED_TO_FALLBACK,
    open_journal,
    record,
    state_dir,
)
from mbsr_tui.core.journal.storage import Journal

T0 = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)


def make_entry(number: int = 0, **changes) -> Entry:
    start = T0 + timedelta(days=number)
    values = dict(
        session_id="sitting", title="Sitting meditation", kind="sitting", started_at=start,
        utc_offset_minutes=60, ended_at=start + timedelta(minutes=20), planned_seconds=1200,
        practised_seconds=1150, completed=False, pain_before=4, note="ended early",
    )  # fmt: skip
    values.update(changes)
    return Entry(**values)


def stored_entries() -> list[Entry]:
    with open_journal() as opened:
        assert opened.journal is not None
        return opened.journal.all()


def test_a_working_journal_saves_the_entry():
    outcome = record(make_entry())
    assert outcome.status == SAVED and outcome.kept
    assert outcome.path == paths.journal_path()
    assert stored_entries() == [make_entry()]


def test_a_read_only_database_sends_the_entry_to_the_fallback_file_and_it_comes_back(
    monkeypatch,
):
    def refuse(*_args, **_kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    with monkeypatch.context() as patch:
        patch.setattr(journal_module.sqlite3, "connect", refuse)
        outcome = record(make_entry(1))
        record(make_entry(2))
    assert outcome.status == SAVED_TO_FALLBACK and outcome.kept
    assert outcome.path == paths.data_dir() / "pending.toml"
    assert "read-only" in outcome.reason
    assert "read-only" in outcome.message and str(outcome.path) in outcome.message
    assert read_entries(outcome.path) == [make_entry(1), make_entry(2)]
    assert tomllib.loads(outcome.path.read_text())["sessions"][0]["session_id"] == "sitting"

    with open_journal() as opened:
        assert opened.merged == 2
        assert any("2 sessions" in message for message in opened.messages)
        assert opened.journal.all() == [make_entry(1), make_entry(2)]
    assert not outcome.path.exists()


def test_a_journal_path_that_cannot_be_a_database_falls_back_even_for_root():
    paths.journal_path().mkdir(parents=True)  # a folder where the file should be
    outcome = record(make_entry())
    assert outcome.status == SAVED_TO_FALLBACK
    assert (paths.data_dir() / "pending.toml").exists()
    with open_journal() as opened:  # still blocked: the entry stays where it is
        assert opened.journal is None
        assert opened.messages and "could not be opened" in opened.messages[0]
    assert (paths.data_dir() / "pending.toml").exists()

    paths.journal_path().rmdir()
    with open_journal() as opened:
        assert opened.merged == 1
    assert not (paths.data_dir() / "pending.toml").exists()
    assert stored_entries() == [make_entry()]


def test_when_the_data_folder_cannot_be_written_the_state_folder_keeps_the_entry():
    data = paths.data_dir()
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text("a file where the folder should be")  # blocks even root
    outcome = record(make_entry())
    assert outcome.status == SAVED_TO_FALLBACK
    assert outcome.path == state_dir() / "pending.toml"
    assert str(state_dir()).startswith(os.environ["XDG_STATE_HOME"])

    data.unlink()
    with open_journal() as opened:
        assert opened.merged == 1
    assert not outcome.path.exists()
    assert stored_entries() == [make_entry()]


def test_when_nothing_can_be_written_the_entry_comes_back_as_importable_text(tmp_path):
    for folder in (paths.data_dir(), state_dir()):
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.write_text("not a folder")
    outcome = record(make_entry(note='a "quoted" note\nover two lines'))
    assert outcome.status == NOT_SAVED and not outcome.kept
    assert "could not be saved" in outcome.message and "printed" in outcome.message
    saved_by_hand = tmp_path / "printed.toml"
    saved_by_hand.write_text(outcome.text)
    assert read_entries(saved_by_hand) == [make_entry(note='a "quoted" note\nover two lines')]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_really_read_only_data_folder(tmp_path):
    record(make_entry(0))
    folder = paths.data_dir()
    os.chmod(folder, 0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: chmod does not stop writing")
        outcome = record(make_entry(1))
        assert outcome.status == SAVED_TO_FALLBACK
        assert outcome.path == state_dir() / "pending.toml"
        with open_journal() as opened:  # reading still works
            assert opened.read_only
            assert opened.journal.all() == [make_entry(0)]
            assert "read but not written" in opened.messages[0]
    finally:
        os.chmod(folder, 0o700)
    with open_journal() as opened:
        assert opened.merged == 1 and not opened.read_only
    assert stored_entries() == [make_entry(0), make_entry(1)]


def test_a_journal_that_cannot_be_written_is_still_read(monkeypatch):
    record(make_entry(0))

    def refuse(*_args, **_kwargs):
        raise journal_module.JournalError("journal.sqlite3: could not be opened (read-only)")

    monkeypatch.setattr(Journal, "open", refuse)
    with open_journal() as opened:
        assert opened.read_only
        assert opened.journal.all() == [make_entry(0)]
        assert opened.messages


def test_a_damaged_journal_is_moved_aside_never_deleted_and_a_new_one_begins():
    path = paths.journal_path()
    paths.ensure_private_dir(path.parent)
    garbage = os.urandom(8192)
    path.write_bytes(garbage)

    with open_journal() as opened:
        moved = opened.moved_aside
        assert moved is not None
        assert re.fullmatch(r"journal\.sqlite3\.corrupt-\d{8}T\d{6}Z", moved.name)
        assert moved.read_bytes() == garbage
        assert "damaged" in opened.messages[0] and str(moved) in opened.messages[0]
        assert opened.journal.add(make_entry())
    assert stored_entries() == [make_entry()]


def test_one_damaged_page_costs_only_the_sessions_on_it():
    originals = [make_entry(n, note=f"{n}: " + "steady breath " * 40) for n in range(400)]
    with Journal.open() as journal:
        journal.add_many(originals)
        path = journal.path
    page_size = 4096
    pages = path.stat().st_size // page_size
    with path.open("r+b") as file:  # a sector gone bad, half-way through the file
        file.seek(pages // 2 * page_size)
        file.write(bytes(range(256)) * (page_size // 256))

    with open_journal() as opened:
        assert opened.moved_aside is not None
        assert "damaged" in opened.messages[0]
        assert "copied into the new one" in opened.messages[1]
        recovered = opened.journal.all()
        assert opened.journal.healthy(thorough=True)
    assert 300 < len(recovered) < 400
    assert all(entry in originals for entry in recovered)
    assert recovered == sorted(recovered, key=lambda e: e.started_at)


def test_an_entry_logged_into_a_damaged_journal_survives_the_repair():
    path = paths.journal_path()
    paths.ensure_private_dir(path.parent)
    path.write_bytes(b"this is not a database, whatever its name says" * 100)
    outcome = record(make_entry())
    assert outcome.status == SAVED_TO_FALLBACK
    assert "damaged" in outcome.reason
    with open_journal() as opened:
        assert opened.moved_aside is not None and opened.merged == 1
    assert stored_entries() == [make_entry()]


def test_a_second_damaged_journal_in_the_same_second_gets_its_own_name():
    path = paths.journal_path()
    paths.ensure_private_dir(path.parent)
    names = set()
    for _ in range(2):
        path.write_bytes(b"garbage" * 1000)
        with open_journal() as opened:
            names.add(opened.moved_aside.name)
    assert len(names) == 2
    assert len(list(path.parent.glob("journal.sqlite3.corrupt-*"))) == 2


def test_a_journal_locked_beyond_the_timeout_falls_back():
    record(make_entry(0))
    holder = sqlite3.connect(paths.journal_path(), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a long write
    try:
        outcome = record(make_entry(1), timeout=0.05)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert outcome.status == SAVED_TO_FALLBACK
    assert "locked" in outcome.reason
    assert stored_entries() == [make_entry(0), make_entry(1)]


def test_a_fallback_file_held_by_someone_else_is_not_waited_on_for_ever(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(journal_module.sqlite3, "connect", refuse)
    folder = paths.ensure_private_dir(paths.data_dir())
    with pending_lock(folder):  # e.g. the save that a signal handler interrupted
        outcome = record(make_entry(), timeout=0.05)
    assert outcome.status == SAVED_TO_FALLBACK
    assert outcome.path == state_dir() / "pending.toml"


def test_saving_from_several_threads_at_once_keeps_every_entry():
    outcomes = []
    threads = [
        threading.Thread(target=lambda n=n: outcomes.append(record(make_entry(n))))
        for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {outcome.status for outcome in outcomes} == {SAVED}
    assert stored_entries() == [make_entry(n) for n in range(8)]


def test_a_damaged_fallback_file_is_kept_not_deleted():
    folder = paths.ensure_private_dir(paths.data_dir())
    pending = folder / "pending.toml"
    pending.write_text("[[sessions]\nthis is not toml")
    with open_journal() as opened:
        assert opened.journal is not None and opened.merged == 0
        assert any("pending.toml" in message for message in opened.messages)
    # Set aside whole beside it (so a new fallback file can begin), never deleted.
    (kept,) = folder.glob("pending.toml.unreadable-*")
    assert kept.read_text().startswith("[[sessions]")
    assert str(kept) in " ".join(opened.messages)


def test_the_fallback_file_is_private_and_written_whole(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(journal_module.sqlite3, "connect", refuse)
    outcome = record(make_entry())
    assert "disk is full" in outcome.reason
    assert oct(outcome.path.stat().st_mode & 0o777) == oct(0o600)
    leftovers = [p.name for p in outcome.path.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []  # no temporary file left behind


def test_record_can_be_pointed_at_another_data_folder(tmp_path: Path):
    outcome = record(make_entry(), data_dir=tmp_path / "elsewhere")
    assert outcome.path == tmp_path / "elsewhere" / "journal.sqlite3"
    with open_journal(data_dir=tmp_path / "elsewhere") as opened:
        assert opened.journal.count() == 1
