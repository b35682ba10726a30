"""A damaged journal: a login reminder never moves it, and once it is set aside every
reader says where it is until the person has dealt with it (issue 21, item 13)."""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from mbsr_tui.__main__ import main
from mbsr_tui.core import paths
from mbsr_tui.core.journal.damaged import set_aside_journals, set_aside_note
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.journal.look import look_at_journal
from mbsr_tui.core.journal.safekeeping import open_journal
from mbsr_tui.core.journal.storage import Journal


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def practice_today() -> Entry:
    now = datetime.now().astimezone()
    offset = int(now.utcoffset().total_seconds() // 60)
    return Entry("sitting", "Sitting meditation", "sitting", now - timedelta(minutes=25),
                 offset, now - timedelta(minutes=5), 1200, 1200, True)  # fmt: skip


def damaged_journal(at: int = 16, garble: bytes = b"\xff\xff") -> bytes:
    """A journal with one practice whose header has two damaged bytes (the page size)."""
    with Journal.open() as journal:
        journal.add(practice_today())
    path = paths.journal_path()
    for suffix in ("-wal", "-shm"):  # checkpointed and closed: the file is the journal
        assert not os.path.exists(f"{path}{suffix}")
    data = bytearray(path.read_bytes())
    data[at : at + len(garble)] = garble
    path.write_bytes(bytes(data))
    return bytes(data)


def squeezed(text: str) -> str:
    """`text` without white space: lines wrapped anywhere (even inside a path) still match."""
    return "".join(text.split())


def folder_names() -> set[str]:
    return {name for name in os.listdir(paths.data_dir()) if not name.endswith(("-wal", "-shm"))}


def test_today_never_moves_a_damaged_journal_and_says_so_in_one_line(capsys):
    data = damaged_journal()
    for argv in (("today", "--quiet-if-done"), ("today",), ("today", "--quiet-if-done")):
        code, out, err = run_main(capsys, *argv)
        assert code == 0
        assert folder_names() == {"journal.sqlite3"}
        assert paths.journal_path().read_bytes() == data
        [line] = err.splitlines()
        assert "damaged" in line and str(paths.journal_path()) in line
        assert "mbsr-tui log" in line  # what to do
        assert "Today" in out or argv[-1] == "--quiet-if-done"


def test_once_log_sets_it_aside_every_reader_points_there_until_it_is_gone(capsys):
    damaged_journal()
    code, _, err = run_main(capsys, "log")
    [moved] = set_aside_journals(paths.journal_path())
    flat = squeezed(err)
    assert squeezed(f"moved aside to {moved}") in flat and "deleteitormoveit" in flat

    for argv in (("log",), ("log",), ("today", "--quiet-if-done"), ("today",)):
        code, _out, err = run_main(capsys, *argv)
        assert code == 0
        said = squeezed(err)
        assert squeezed(f"set aside as {moved}") in said, argv
        assert "deleteitormoveitoutofthatfolder" in said
        assert said.count("setasideas") == 1  # once per run
    with open_journal() as opened:
        assert sum("set aside as" in m for m in opened.messages) == 1
    with look_at_journal() as opened:
        assert any(str(moved) in m for m in opened.messages)

    moved.rename(moved.with_name("kept-elsewhere.sqlite3"))  # the person acted
    for argv in (("log",), ("today",)):
        assert "set aside" not in run_main(capsys, *argv)[2]
    assert set_aside_note(paths.journal_path()) is None


def test_the_note_names_the_newest_and_counts_the_others(tmp_path):
    journal = tmp_path / "journal.sqlite3"
    for stamp in ("20250101T000000Z", "20250301T000000Z", "20250301T000000Z-1"):
        (tmp_path / f"journal.sqlite3.corrupt-{stamp}").write_bytes(b"x")
        (tmp_path / f"journal.sqlite3.corrupt-{stamp}-wal").write_bytes(b"x")
    (tmp_path / "journal.sqlite3.bak").write_bytes(b"x")
    note = set_aside_note(journal)
    assert "corrupt-20250301T000000Z-1 (and 2 older ones beside it)" in note


def test_look_at_journal_changes_nothing_even_with_entries_waiting(capsys):
    from mbsr_tui.core.journal.io import append_pending

    with Journal.open():
        pass
    append_pending(practice_today(), paths.data_dir())
    before = {name: (paths.data_dir() / name).read_bytes() for name in folder_names()}
    code, out, _err = run_main(capsys, "today", "--quiet-if-done")
    assert (code, out) == (0, "")  # the practice waiting in pending.toml counts as done
    assert {n: (paths.data_dir() / n).read_bytes() for n in folder_names()} == before


def test_a_fallback_file_set_aside_is_told_every_time_too(capsys):
    from mbsr_tui.core.journal.safekeeping import SAVED_TO_FALLBACK, record

    data = paths.data_dir()
    data.mkdir(parents=True, exist_ok=True)
    (data / "journal.sqlite3").write_bytes(b"not a database, whatever its name" * 50)
    (data / "pending.toml").write_bytes(b"\xff\xfe this is not UTF-8 TOML")
    # The journal cannot take it; the damaged fallback file is set aside, without a word.
    assert record(practice_today()).status == SAVED_TO_FALLBACK
    [unreadable] = [p for p in data.iterdir() if p.name.startswith("pending.toml.unreadable-")]
    for argv in (("today",), ("log",), ("log",), ("today", "--quiet-if-done")):
        said = squeezed(run_main(capsys, *argv)[2])
        assert squeezed(f"set aside as {unreadable}") in said, argv
        assert "mbsr-tuilogimportFILE" in said and said.count(squeezed(str(unreadable))) == 1
    unreadable.unlink()
    assert "unreadable" not in run_main(capsys, "log")[2]


def test_today_leaves_a_journal_of_an_older_format_as_it_is_and_says_so(capsys):
    import sqlite3

    from mbsr_tui.core.journal.storage import MIGRATIONS

    path = paths.journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as db:
        db.execute(MIGRATIONS[0])
        db.execute("PRAGMA user_version = 1")
    db.close()
    before = path.read_bytes()
    code, _, err = run_main(capsys, "today", "--quiet-if-done")
    assert code == 0 and path.read_bytes() == before
    assert "older format" in err and "mbsr-tui log" in err
    run_main(capsys, "log")  # the person's next `log` updates it
    assert "older format" not in run_main(capsys, "today")[2]
