"""One atomic write and one "set aside without overwriting" for every file the app
keeps (core/files.py): the journal's fallback file, a damaged journal, a deleted
practice, the settings, the course's state and a saved practice."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mbsr_tui.core import course_state, session_files, settings
from mbsr_tui.core.course_calendar import CourseState
from mbsr_tui.core.journal import io as journal_io
from mbsr_tui.core.journal import safekeeping
from mbsr_tui.core.session_draft import SessionDraft


def _names_seem_free(monkeypatch):
    """As if every name were free when looked at: another process makes the file in the
    moment between the look and the move (the race a look-then-rename loses)."""
    monkeypatch.setattr(Path, "exists", lambda self, **kw: False)
    monkeypatch.setattr(os.path, "exists", lambda p: False)


SET_ASIDE = {
    "pending file": lambda path: journal_io.set_aside(path),
    "damaged journal": lambda path: safekeeping.move_aside(path),
    "deleted practice": lambda path: session_files.delete_session(path),
}


@pytest.mark.parametrize("how", SET_ASIDE)
def test_setting_aside_never_overwrites_a_file_that_appeared(how, tmp_path, monkeypatch):
    set_aside = SET_ASIDE[how]
    first = tmp_path / "mine.toml"
    first.write_text("first")
    kept_first = set_aside(first)
    assert kept_first.read_text() == "first"
    second = tmp_path / "mine.toml"
    second.write_text("second")
    _names_seem_free(monkeypatch)
    kept_second = set_aside(second)
    assert kept_second != kept_first and not second.exists()
    assert kept_first.read_text() == "first"  # never overwritten
    assert kept_second.read_text() == "second"


def _failing_replace(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(os, "rename", refuse)


def _write_settings(path: Path) -> None:
    settings.save_settings(settings.Settings(volume=0.25), path)


def _write_course(path: Path) -> None:
    from datetime import date

    course_state.save_state(CourseState(started_on=date(2026, 1, 5)), path)


def _write_export(path: Path) -> None:
    journal_io.write_through(path, "text")


WRITERS = {"settings": _write_settings, "course state": _write_course, "log export": _write_export}


@pytest.mark.parametrize("what", WRITERS)
def test_a_failed_write_leaves_the_old_file_and_no_temporary(what, tmp_path, monkeypatch):
    path = tmp_path / "kept.toml"
    path.write_text("volume = 0.5\n")
    _failing_replace(monkeypatch)
    with pytest.raises((OSError, course_state.CourseStateError)):
        WRITERS[what](path)
    assert path.read_text() == "volume = 0.5\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("what", WRITERS)
def test_every_write_flushes_its_folder_and_is_private(what, tmp_path, monkeypatch):
    """The rename survives a power cut only once the folder is flushed too; settings and
    the course state did not flush theirs."""
    synced: list[str] = []
    real_fsync = os.fsync

    def spy(handle):
        synced.append(os.readlink(f"/proc/self/fd/{handle}"))
        return real_fsync(handle)

    monkeypatch.setattr(os, "fsync", spy)
    path = tmp_path / "kept.toml"
    WRITERS[what](path)
    assert str(tmp_path) in synced
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_saved_practice_is_written_the_same_way(tmp_path, monkeypatch):
    synced: list[str] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda h: synced.append(os.readlink(f"/proc/self/fd/{h}"))
                        or real_fsync(h))  # fmt: skip
    target = session_files.save_draft(SessionDraft(title="Mine", minutes=5), "mine", tmp_path)
    assert target.read_text().startswith('title = "Mine"')
    assert str(tmp_path) in synced
    assert [p.name for p in tmp_path.iterdir()] == ["mine.toml"]


def test_a_file_with_the_longest_name_a_folder_allows_is_written_whole(tmp_path):
    from mbsr_tui.core.files import write_atomically

    path = tmp_path / ("n" * 250 + ".toml")  # 255 bytes: the most a name may have here
    write_atomically(path, "text")
    assert path.read_text() == "text"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
