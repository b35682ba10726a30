"""Leaving while a practice is being saved: the write in flight is kept (issue 21, item 12).

The end-to-end proof (a real signal, another process holding the lock) is in
tests/e2e/test_signal_during_save.py; here, the keeper's part, quickly.
"""

from __future__ import annotations

import sqlite3
import threading
import time

from mbsr_tui.core import paths
from mbsr_tui.core.journal.io import read_pending
from mbsr_tui.core.journal.storage import Journal
from mbsr_tui.ui.journal_keeper import JournalKeeper
from tests.unit.test_journal_safekeeping import make_entry


class ThreadApp:
    """Runs the keeper's workers in plain threads; the app itself has gone."""

    is_running = False

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []

    def run_worker(self, work, **_options) -> None:
        thread = threading.Thread(target=work, daemon=True)
        self.threads.append(thread)
        thread.start()

    def call_from_thread(self, *_args, **_kwargs):
        raise RuntimeError("the app is not running")


def hold_write_lock() -> sqlite3.Connection:
    path = paths.journal_path()
    Journal.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_a_write_waiting_on_a_busy_journal_goes_to_the_fallback_file_on_settle():
    holder = hold_write_lock()
    app = ThreadApp()
    keeper = JournalKeeper(app)
    keeper.record(make_entry(), lambda _message: None)
    time.sleep(0.2)  # the worker waits at BEGIN IMMEDIATE for the lock
    began = time.monotonic()
    keeper.settle(0.5)
    assert time.monotonic() - began < 3.0
    assert read_pending(paths.data_dir()) == [make_entry()]
    assert "kept safe in" in keeper.not_in_journal_messages()[0]
    began = time.monotonic()
    keeper.settle(5.0)  # a second way out (the signal, then the unmount) waits no more
    assert time.monotonic() - began < 0.5
    assert len(keeper.not_in_journal_messages()) == 1
    holder.execute("ROLLBACK")
    holder.close()
    app.threads[0].join(15)
    # The late write landed after all: the next start sees one practice, not two.
    from mbsr_tui.core.journal.safekeeping import open_journal

    with open_journal() as opened:
        assert [e.started_at for e in opened.journal.all()] == [make_entry().started_at]
    assert not (paths.data_dir() / "pending.toml").exists()


def test_settle_waits_for_a_write_that_finishes_in_time():
    holder = hold_write_lock()
    app = ThreadApp()
    keeper = JournalKeeper(app)
    keeper.record(make_entry(), lambda _message: None)
    time.sleep(0.2)
    threading.Timer(0.3, lambda: (holder.execute("ROLLBACK"), holder.close())).start()
    keeper.settle(5.0)
    assert not (paths.data_dir() / "pending.toml").exists()
    with Journal.open(paths.journal_path()) as journal:
        assert journal.all() == [make_entry()]


def test_settle_with_nothing_in_flight_returns_at_once():
    keeper = JournalKeeper(ThreadApp())
    began = time.monotonic()
    keeper.settle(5.0)
    assert time.monotonic() - began < 0.1
