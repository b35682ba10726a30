"""`mbsr-tui group …` without a terminal: usage, the list, the folder's refusal."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest

from mbsr_tui.__main__ import main
from mbsr_tui.cli.group import _starts_at
from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.group.rooms import Seat


@pytest.fixture
def rooms(tmp_path, monkeypatch):
    folder = tmp_path / "rooms"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("MBSR_TUI_ROOMS", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return folder


def test_at_and_in_cannot_both_be_given(capsys, rooms):
    assert main(["group", "start", "body-scan", "--at", "18:30", "--in", "5"]) == 2
    assert main(["group", "start", "body-scan", "--at", "25:00"]) == 2


def test_a_name_longer_than_32_characters_or_with_controls_is_a_usage_error(capsys, rooms):
    assert main(["group", "start", "body-scan", "--name", "x" * 33]) == 2
    assert main(["group", "join", "--name", "a\x1bb"]) == 2
    assert "at most 32 characters" in capsys.readouterr().err


def test_the_start_is_today_or_tomorrow_at_that_time():
    now = datetime(2026, 11, 27, 17, 0).timestamp()
    at = SimpleNamespace(in_minutes=None, at=(18, 30))
    assert datetime.fromtimestamp(_starts_at(at, now)) == datetime(2026, 11, 27, 18, 30)
    early = SimpleNamespace(in_minutes=None, at=(7, 0))
    assert datetime.fromtimestamp(_starts_at(early, now)) == datetime(2026, 11, 28, 7, 0)
    soon = SimpleNamespace(in_minutes=2.5, at=None)
    assert _starts_at(soon, now) == now + 150
    assert _starts_at(SimpleNamespace(in_minutes=None, at=None), now) is None


def test_list_shows_each_room_with_how_many_are_sitting(capsys, rooms):
    host = Seat.open_room(rooms, load_catalogue().get("body-scan"), 600.0, title="Evening")
    Seat(rooms, host.room, host=False)
    (rooms / "junk-0000.room").write_bytes(b"\x00\xff" * 50)
    assert main(["group", "list"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"{host.room.id}  Evening (Body scan) · 10 min · starts ")
    assert out.rstrip().endswith("· 2 sitting")
    assert "skipped junk-0000.room: not UTF-8 text" in err


def test_an_empty_folder_says_so_and_join_says_how_to_start(capsys, rooms):
    assert main(["group", "list"]) == 0
    assert "No group sittings are open" in capsys.readouterr().out
    assert main(["group", "join"]) == 1
    assert "start one with: mbsr-tui group start ID" in capsys.readouterr().err


def test_a_folder_others_could_tamper_with_is_refused_by_every_command(capsys, tmp_path):
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    for command in (["list"], ["join"], ["start", "body-scan"]):
        assert main(["group", *command, "--rooms", str(folder)]) == 1
        assert "sticky bit" in capsys.readouterr().err
