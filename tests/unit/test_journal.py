"""The journal's storage: round trips, uniqueness, permissions, schema, concurrent writers."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from mbsr_tui.core import paths
from mbsr_tui.core.journal.entry import NOTE_LIMIT, Entry, JournalError
from mbsr_tui.core.journal.storage import SCHEMA_VERSION, Journal

REPO = Path(__file__).resolve().parents[2]
T0 = datetime(2024, 3, 4, 7, 30, tzinfo=UTC)


def make_entry(number: int = 0, **changes) -> Entry:
    start = T0 + timedelta(hours=number)
    values = dict(
        session_id="body-scan", title="Body scan", kind="body-scan", started_at=start,
        utc_offset_minutes=0, ended_at=start + timedelta(minutes=45), planned_seconds=2700,
        practised_seconds=2600, completed=True, pain_before=6, pain_after=4,
        stress_before=5, stress_after=3, note=f"practice {number}",
    )  # fmt: skip
    values.update(changes)
    return Entry(**values)


@pytest.fixture
def journal() -> Journal:
    with Journal.open() as opened:
        yield opened


def test_entries_come_back_as_they_went_in(journal):
    entries = [make_entry(n) for n in range(5)]
    for entry in entries:
        assert journal.add(entry) is True
    assert journal.all() == entries
    assert journal.recent(2) == [entries[4], entries[3]]
    first = journal.all()[0]
    assert first.row_id is not None
    assert journal.get(first.row_id) == entries[0]
    assert journal.get(10_000) is None
    assert journal.count() == 5


def test_the_journal_lives_in_the_xdg_data_folder(journal):
    assert journal.path == paths.journal_path()
    assert str(journal.path).startswith(os.environ["XDG_DATA_HOME"])
    assert journal.path.name == "journal.sqlite3"


def test_logging_the_same_practice_twice_keeps_one(journal):
    entry = make_entry(1)
    assert journal.add(entry)
    assert not journal.add(make_entry(1, note="a second attempt at logging it"))
    assert journal.count() == 1
    # Same start, another practice: a different entry.
    assert journal.add(make_entry(1, session_id="sitting"))
    assert journal.count() == 2


def test_times_are_kept_in_utc_with_the_local_offset_alongside(journal):
    paris = timezone(timedelta(hours=2))
    local_start = datetime(2024, 6, 1, 6, 0, 0, 123456, tzinfo=paris)
    entry = make_entry(
        started_at=local_start, ended_at=local_start + timedelta(minutes=10), utc_offset_minutes=120
    )
    journal.add(entry)
    (stored,) = journal.all()
    assert stored.started_at == datetime(2024, 6, 1, 4, 0, 0, 123456, tzinfo=UTC)
    assert stored.started_at.utcoffset() == timedelta(0)
    assert stored.local_started_at.hour == 6
    # An equal moment in another zone is the same practice.
    assert not journal.add(entry)


def test_the_folder_is_0700_and_the_files_0600(journal):
    journal.add(make_entry())
    assert stat.S_IMODE(journal.path.parent.stat().st_mode) == 0o700
    for suffix in ("", "-wal", "-shm"):
        file = Path(f"{journal.path}{suffix}")
        if file.exists():
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, suffix


def test_the_journal_uses_wal_and_records_its_schema_version(journal):
    with sqlite3.connect(journal.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        indexes = {row[1] for row in db.execute("PRAGMA index_list(sessions)")}
    assert "sessions_by_start" in indexes


def test_an_empty_file_is_migrated_from_version_0():
    path = paths.journal_path()
    paths.ensure_private_dir(path.parent)
    path.write_bytes(b"")
    with Journal.open() as journal:
        journal.add(make_entry())
        assert journal.count() == 1
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_journal_from_a_newer_version_is_left_alone():
    path = paths.journal_path()
    paths.ensure_private_dir(path.parent)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(JournalError, match="newer mbsr-tui"):
        Journal.open()


def test_a_full_disk_is_said_plainly_and_the_journal_stays_usable(journal):
    journal.add(make_entry(0))
    pages = journal._connection.execute("PRAGMA page_count").fetchone()[0]
    journal._connection.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow
    with pytest.raises(JournalError, match="the disk is full"):
        journal.add_many([make_entry(n, note="x" * 4000) for n in range(1, 40)])
    assert journal.count() == 1  # all or nothing
    journal._connection.execute("PRAGMA max_page_count = 1073741823")
    assert journal.add(make_entry(1))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"note": "x" * (NOTE_LIMIT + 1)}, "at most 4000 characters"),
        ({"pain_before": 11}, "'pain_before' must be a whole number from 0 to 10"),
        ({"stress_after": -1}, "'stress_after'"),
        ({"pain_after": True}, "'pain_after'"),
        ({"started_at": datetime(2024, 1, 1)}, "with a time zone"),
        ({"ended_at": T0 - timedelta(seconds=1)}, "must not be before"),
        ({"practised_seconds": -5}, "must not be negative"),
        ({"completed": "yes"}, "true or false"),
        ({"title": " "}, "'title' must be some text"),
        ({"utc_offset_minutes": 24 * 60}, "within 18 hours"),
    ],
)
def test_an_entry_says_what_is_wrong_with_it(changes, message):
    with pytest.raises(JournalError, match=message):
        make_entry(**changes)


def test_a_note_of_exactly_the_limit_is_fine_and_seconds_become_whole():
    entry = make_entry(note="x" * NOTE_LIMIT, practised_seconds=59.6)
    assert entry.practised_seconds == 60


def _log_many(path: str, worker: int, count: int, start: multiprocessing.Event) -> None:
    start.wait()
    with Journal.open(Path(path)) as journal:
        for number in range(count):
            journal.add(make_entry(number, session_id=f"worker-{worker}"))


def test_eight_processes_logging_at_once_lose_nothing():
    path = paths.journal_path()  # not created yet: the first openers race to create it
    context = multiprocessing.get_context("fork")
    start = context.Event()
    workers = [
        context.Process(target=_log_many, args=(str(path), worker, 200, start))
        for worker in range(8)
    ]
    for process in workers:
        process.start()
    start.set()
    for process in workers:
        process.join(timeout=120)
        assert process.exitcode == 0
    with Journal.open(path) as journal:
        assert journal.count() == 1600
        assert len({(e.session_id, e.started_at) for e in journal.all()}) == 1600


KEEP_LOGGING = """
import sys
from datetime import UTC, datetime, timedelta
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.journal.storage import Journal
t0 = datetime(2020, 1, 1, tzinfo=UTC)
with Journal.open() as journal:
    for n in range(1_000_000):
        start = t0 + timedelta(minutes=n)
        journal.add(Entry("sitting", "Sitting", "sitting", start, 0, start, 60, 60, True))
        print(n, flush=True)  # only after the commit returned
"""


def test_a_process_killed_while_logging_leaves_a_sound_journal_with_every_commit():
    child = subprocess.Popen(
        [sys.executable, "-c", KEEP_LOGGING],
        stdout=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), *sys.path])},
    )  # fmt: skip
    assert child.stdout is not None
    committed = []
    for line in child.stdout:
        committed.append(int(line))
        if len(committed) == 300:
            child.send_signal(signal.SIGKILL)
            break
    committed.extend(int(line) for line in child.stdout)  # what it flushed before dying
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    with Journal.open() as journal:
        assert journal.healthy(thorough=True)
        kept = {int((e.started_at - datetime(2020, 1, 1, tzinfo=UTC)).total_seconds() // 60)
                for e in journal.all()}  # fmt: skip
    assert set(committed) <= kept
