"""Another account fills the rooms folder (issue 21, items 2, 4, 6 and 20).

Real files, real owners: what "another user" writes is chowned to 65534 (nobody) or
written by it through `setpriv`. The folder is made on a tmpfs where one exists: a tmpfs
lists the newest names first, so a flood made after a room is listed before it (the
order that hid every room behind the old reader's first 2,000 names).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest

from mbsr_tui.__main__ import main
from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.group import folder as files
from mbsr_tui.core.group import presence as here
from mbsr_tui.core.group.accounts import account, who
from mbsr_tui.core.group.listing import PRESENCES_PER_ACCOUNT, find, look
from mbsr_tui.core.group.room import ROOM_SUFFIX, RoomError, decode, encode
from mbsr_tui.core.group.rooms import Seat, shareable
from mbsr_tui.core.group.shared import room_elapsed
from tests.support.another_user import python_as

NOW = time.time()
OTHER = 65534  # nobody
needs_root = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"),
                                reason="another owner needs root (chown, setpriv)")  # fmt: skip


@pytest.fixture
def rooms():
    top = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="mbsr-flood-", dir=top) as made:
        Path(made).chmod(0o755)
        folder = Path(made) / "rooms"
        folder.mkdir()
        folder.chmod(0o1777)  # as an administrator makes it
        yield folder


@pytest.fixture(scope="module")
def body_scan():
    return replace(load_catalogue().get("body-scan"), source=None)


def flood(folder: Path, count: int, names=lambda n: f"junk-{n:05d}") -> None:
    """`count` empty files owned by another account."""
    for n in range(count):
        path = folder / names(n)
        path.touch()
        os.chown(path, OTHER, OTHER)


def theirs(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.write_bytes(data)
    os.chown(path, OTHER, OTHER)


# -- item 2: a flood hides nothing ------------------------------------------------------


@needs_root
def test_ten_thousand_junk_names_hide_no_sitting_and_no_one_in_it(rooms, body_scan):
    host = Seat.open_room(rooms, body_scan, 600.0, starts_at=NOW + 60, now=NOW, name="Anna")
    Seat(rooms, host.room, host=False, name="Bo", now=NOW)
    flood(rooms, 4000)
    flood(rooms, 3000, lambda n: f"fake-{n:04x}.room")  # names that look like rooms
    flood(rooms, 3000, lambda n: f"{host.room.id}~{n:016x}.here")  # ... like its presences
    started = time.monotonic()
    [listing] = look(rooms, now=NOW).rooms
    assert time.monotonic() - started < 2
    assert listing.room.id == host.room.id
    assert listing.count == 2  # empty files are nobody
    joined, message = find(rooms, host.room.id, now=NOW)
    assert joined is not None, message
    assert joined.room.session == host.room.session  # read whole, by its name
    alone, _ = find(rooms, None, now=NOW)
    assert alone is not None and alone.room.id == host.room.id


@needs_root
def test_group_list_and_join_find_the_room_in_a_folder_flooded_by_nobody(
    rooms, body_scan, capsys, monkeypatch, tmp_path
):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    host = Seat.open_room(rooms, body_scan, 600.0, title="Evening")
    code = (
        "import sys\nfrom pathlib import Path\nf = Path(sys.argv[1])\n"
        "for n in range(10000):\n    (f / f'z{n:05d}').touch()\n"
    )
    made = python_as(OTHER, code, str(rooms), timeout=120)
    assert made.returncode == 0, made.stderr
    assert len(os.listdir(rooms)) > 10_000
    assert main(["group", "list", "--rooms", str(rooms)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{host.room.id}  Evening (Body scan)")
    listing, message = find(rooms, host.room.id)
    assert listing is not None and listing.count == 1, message


@needs_root
def test_one_accounts_presences_count_at_most_a_few_in_a_room(rooms, body_scan):
    host = Seat.open_room(rooms, body_scan, 600.0, now=NOW)
    for n in range(50):  # well-formed presences, all by one other account
        member = f"{n:016x}"
        me = here.Presence(host.room.id, member, NOW, NOW, f"Fake {n}", False, OTHER)
        theirs(rooms, here.file_name(host.room.id, member), here.encode(me))
    [listing] = look(rooms, now=NOW).rooms
    assert listing.count == 1 + PRESENCES_PER_ACCOUNT  # the host, and that account's newest
    assert all(name.endswith(f"({account(OTHER)})") for name in listing.names())


@needs_root
def test_a_paused_sitting_stays_paused_when_the_hosts_presence_is_missing_or_not_the_hosts(
    rooms, body_scan
):
    host = Seat.open_room(rooms, body_scan, 600.0, starts_at=NOW - 60, now=NOW - 70)
    guest = Seat(rooms, host.room, host=False, now=NOW - 50)
    host.heartbeat(NOW - 10)
    host.pause(NOW - 10)
    flood(rooms, 3000)
    later = NOW + 600  # long past the presence's grace
    guest.heartbeat(later)
    presence = rooms / host.file
    presence.unlink()  # missing (as a reader that could not find it saw it)
    listing = guest.read(later)
    assert listing.host_seen is None and listing.view().paused
    assert room_elapsed(listing.room, later, listing.host_seen) == 50
    theirs(rooms, host.file, presence_bytes(host, later - 500))  # someone else's file
    listing = guest.read(later)
    assert listing.host_seen is None and listing.view().paused
    os.unlink(presence)
    os.mkfifo(presence)  # not a plain file: unreadable
    assert guest.read(later).view().paused
    os.unlink(presence)
    # The host's own presence, read and stale: the host has gone, the others carry on.
    presence.write_bytes(presence_bytes(host, NOW - 10))
    listing = guest.read(later)
    assert listing.host_seen == NOW - 10 and not listing.view().paused


def presence_bytes(seat: Seat, beat: float) -> bytes:
    return here.encode(replace(seat.me, heartbeat=beat))


# -- item 4: the cost of a list ---------------------------------------------------------


def big_room_bytes(room, size: int) -> bytes:
    data = encode(room)
    return data + b"#" + b"x" * (size - len(data) - 2) + b"\n"  # a comment pads it out


@needs_root
def test_a_list_of_a_folder_of_big_rooms_reads_headers_only_in_bounded_time_and_memory(
    rooms, body_scan
):
    mine = Seat.open_room(rooms, body_scan, 600.0, now=NOW)
    template = replace(mine.room, host_member="")
    for n in range(150):
        room = replace(template, id=f"big-{n:04d}")
        theirs(rooms, f"big-{n:04d}{ROOM_SUFFIX}", big_room_bytes(room, files.MAX_FILE_BYTES))
        member = f"{n:016x}"
        me = here.Presence(room.id, member, NOW, NOW, "", False, OTHER)
        theirs(rooms, here.file_name(room.id, member), here.encode(me))
    look(rooms, now=NOW)  # sessions' first checks, imports
    tracemalloc.start()
    started = time.monotonic()
    looked = look(rooms, now=NOW)
    took = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert mine.room.id in [listing.room.id for listing in looked.rooms]
    assert sum(1 for listing in looked.rooms if listing.uid == OTHER) == 8  # its newest
    assert took < 1.0, took
    assert peak < 4 * 1024 * 1024, peak
    joined, message = find(rooms, mine.room.id, now=NOW)
    assert joined is not None, message


def test_a_list_reads_a_rooms_header_once_until_the_file_changes(rooms, body_scan, monkeypatch):
    seat = Seat.open_room(rooms, body_scan, 600.0, now=NOW)
    reads: list[str] = []
    real = files.read_file

    def counted(folder, name, *args, **kwargs):
        reads.append(name)
        return real(folder, name, *args, **kwargs)

    monkeypatch.setattr(files, "read_file", counted)
    room_file = seat.room.id + ROOM_SUFFIX
    look(rooms, now=NOW)
    look(rooms, now=NOW)
    assert reads.count(room_file) == 1
    seat.pause(NOW + 1)
    assert look(rooms, now=NOW + 2).rooms[0].view().paused
    assert reads.count(room_file) == 2


def test_a_header_that_lies_about_its_practice_cannot_be_joined(rooms, body_scan):
    seat = Seat.open_room(rooms, body_scan, 600.0, now=NOW)
    data = (rooms / f"{seat.room.id}.room").read_bytes()
    total = f"total_seconds = {seat.room.total}".encode()
    (rooms / f"{seat.room.id}.room").unlink()
    (rooms / f"{seat.room.id}.room").write_bytes(data.replace(total, b"total_seconds = 99999.0"))
    with pytest.raises(RoomError, match="header does not match"):
        decode((rooms / f"{seat.room.id}.room").read_bytes(), now=NOW)
    listing, message = find(rooms, seat.room.id, now=NOW)
    assert listing is None and "header does not match" in message


def huge_practice(folder: Path) -> Path:
    steps = "".join(
        f'[[steps]]\ntitle = "Part {n}"\nprompt = "{"Notice the breath. " * 30}"\nseconds = 5\n\n'
        for n in range(600)
    )
    path = folder / "huge.toml"
    path.write_text(f'title = "Huge"\nkind = "sitting"\nposture = "sitting"\n\n{steps}')
    return path


def test_group_start_refuses_a_practice_whose_room_others_could_not_read(
    rooms, capsys, monkeypatch, tmp_path
):
    from mbsr_tui.core.loader import validate

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = huge_practice(tmp_path)
    session, problems = validate(path)
    assert session is not None, problems
    assert "others can read" in shareable(session, session.default_seconds)
    with pytest.raises(RoomError, match="too long to share"):
        Seat.open_room(rooms, replace(session, source=None), session.default_seconds)
    assert main(["group", "start", str(path), "--rooms", str(rooms)]) == 1
    assert "others can read" in capsys.readouterr().err
    assert os.listdir(rooms) == []  # nobody is told of a room nobody could read


# -- item 6: whose files they are -------------------------------------------------------


@needs_root
def test_a_room_hosted_from_another_account_shows_that_account_beside_the_name(
    rooms, capsys, monkeypatch, tmp_path
):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    code = (
        "import sys; from pathlib import Path\n"
        "from mbsr_tui.core.catalogue import load_catalogue\n"
        "from mbsr_tui.core.group.rooms import Seat\n"
        "s = Seat.open_room(Path(sys.argv[1]), load_catalogue().get('body-scan'), 600.0,"
        " name='Root')\n"
    )
    made = python_as(OTHER, code, str(rooms), homeless=True)
    assert made.returncode == 0, made.stderr
    assert main(["group", "list", "--rooms", str(rooms)]) == 0
    out = capsys.readouterr().out
    assert f"hosted by Root ({account(OTHER)})" in out
    [listing] = look(rooms).rooms
    assert listing.names() == [f"Root ({account(OTHER)})"]


def test_an_account_without_a_name_is_its_number():
    import pwd

    free = next(uid for uid in range(54321, 60000) if not _has_name(pwd, uid))
    assert account(free) == str(free)
    assert who("Anna", free) == f"Anna ({free})"
    assert who("", free) == str(free)
    assert who("root", 0) == "root"


def _has_name(pwd, uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True


# -- item 20: leaving wins over a heartbeat under way -----------------------------------


def test_leaving_wins_over_a_heartbeat_being_written(rooms, body_scan, monkeypatch):
    host = Seat.open_room(rooms, body_scan, 600.0, now=NOW)
    guest = Seat(rooms, host.room, host=False, now=NOW)
    writing, go_on = threading.Event(), threading.Event()
    real = files._temporary

    def slow(folder, name, data):
        temp = real(folder, name, data)
        if name == guest.file:
            writing.set()
            go_on.wait(5)
        return temp

    monkeypatch.setattr(files, "_temporary", slow)
    beat = threading.Thread(target=guest.heartbeat, args=(NOW + 5,))
    beat.start()
    assert writing.wait(5)  # the heartbeat's new file is written, not yet renamed
    leaving = threading.Thread(target=guest.leave, args=(NOW + 5,))
    leaving.start()
    time.sleep(0.1)
    go_on.set()
    beat.join(5)
    leaving.join(5)
    guest.heartbeat(NOW + 10)  # a later one finds the seat left
    assert not (rooms / guest.file).exists()
    assert look(rooms, now=NOW + 10).rooms[0].count == 1


@needs_root
def test_a_room_file_of_the_same_name_from_another_account_is_not_the_room(rooms, body_scan):
    host = Seat.open_room(rooms, body_scan, 600.0, starts_at=NOW - 60, now=NOW - 70)
    host.heartbeat(NOW)
    listing, _ = find(rooms, host.room.id, now=NOW)
    guest = Seat(rooms, listing.room, host=False, now=NOW, uid=listing.uid)
    assert guest.read(NOW) is not None
    name = f"{host.room.id}{ROOM_SUFFIX}"
    data = (rooms / name).read_bytes()
    (rooms / name).unlink()  # the host's room goes (its end) ...
    theirs(rooms, name, data)  # ... and another account writes one of that name at once
    assert guest.read(NOW + 1) is None


def test_a_folder_too_full_to_look_through_in_time_is_said_to_be(rooms, capsys, monkeypatch):
    for n in range(5000):
        (rooms / f"x{n:05d}").touch()
    ticks = iter([0.0, *[100.0] * 10])  # 100 s pass by the first look at the clock
    scanned = files.scan(
        rooms, lambda name: None, per_owner=1, seconds=3, clock=lambda: next(ticks)
    )
    assert not scanned.complete
    monkeypatch.setattr(files, "SCAN_SECONDS", 0.0)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(rooms.parent / "config"))
    assert main(["group", "list", "--rooms", str(rooms)]) == 0
    assert "too many files to look through in time" in capsys.readouterr().err


def test_a_room_too_big_to_join_is_not_listed(rooms, body_scan, capsys, monkeypatch):
    seat = Seat.open_room(rooms, body_scan, 600.0, now=NOW)
    path = rooms / f"{seat.room.id}{ROOM_SUFFIX}"
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(big_room_bytes(seat.room, files.MAX_FILE_BYTES + 4096))
    assert data in path.read_bytes()  # its header as it was: only its size is wrong
    looked = look(rooms, now=NOW)
    assert looked.rooms == []
    assert looked.problems == [f"{seat.room.id}{ROOM_SUFFIX}: larger than 256 KB"]
