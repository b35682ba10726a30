"""Rooms on disk (issue 10): the format, hostile files, presence, and whose folder it is.

Real files and real modes. Running as root, another user is played with `setpriv`
(uids 65534 and 65533, no account needed): a second Unix user is never created.
"""

from __future__ import annotations

import os
import shutil
import stat
import time
from dataclasses import replace
from pathlib import Path

import pytest

from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.group import folder as files
from mbsr_tui.core.group import presence as here
from mbsr_tui.core.group.accounts import account
from mbsr_tui.core.group.listing import find, look
from mbsr_tui.core.group.room import Room, RoomError, decode, encode, shared_name
from mbsr_tui.core.group.rooms import Seat, clean_own_leftovers
from tests.support.another_user import python_as

NOW = time.time()


@pytest.fixture
def rooms(tmp_path) -> Path:
    folder = tmp_path / "rooms"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture(scope="module")
def body_scan():
    return load_catalogue().get("body-scan")


def a_room(session, **changes) -> Room:
    base = dict(id="body-scan-1a2b", title="Evening", session=session, seconds=600.0,
                opened_at=NOW - 10, starts_at=NOW + 30)  # fmt: skip
    return Room(**{**base, **changes})


# -- the format ------------------------------------------------------------------------


def test_a_room_carries_its_whole_session_and_reads_back_the_same(body_scan):
    room = a_room(replace(body_scan, source=None), paused_seconds=12.5, host_name="Anna")
    back = decode(encode(room), now=NOW, file_id=room.id)
    assert back == room
    assert back.session == replace(body_scan, source=None)


def test_a_room_for_a_practice_this_person_does_not_have_is_joinable(body_scan):
    own = replace(body_scan, id="my-own", title="Only mine", source=None)
    back = decode(encode(a_room(own, id="my-own-0000")), now=NOW)
    assert back.session.title == "Only mine" and back.session.id == "my-own"


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (os.urandom(2048), "."),
        (b"", "no \\[room\\]"),
        (b"[room]\nformat = 1\n", "no \\[room\\]"),
        (b"[" * 5000, "."),
        (b"a" + b".a" * 20000 + b" = 1", "."),
        (b'[room]\nformat = 1\nid = "x"\n[session]\ntitle = "t', "invalid TOML"),  # half
        (b"\xff\xfe" * 100, "UTF-8"),
    ],
    ids=["random", "empty", "no-session", "nested", "dotted", "half-written", "not-utf8"],
)
def test_garbage_half_written_or_nested_text_is_a_plain_reason(data, why):
    with pytest.raises(RoomError, match=why):
        decode(data, now=NOW)


def _bytes(room: Room, **head) -> bytes:
    import tomllib

    import tomli_w

    parsed = tomllib.loads(encode(room).decode())
    parsed["room"].update(head)
    for key, value in list(head.items()):
        if value is None:
            del parsed["room"][key]
    return tomli_w.dumps(parsed).encode()


@pytest.mark.parametrize(
    ("head", "why"),
    [
        ({"starts_at": NOW + 30 * 24 * 3600}, "starts at an impossible"),
        ({"opened_at": NOW + 3600}, "opened at an impossible"),
        ({"opened_at": NOW - 30 * 24 * 3600, "starts_at": NOW - 30 * 24 * 3600}, "opened"),
        ({"starts_at": float("nan")}, "not a number"),
        ({"seconds": 10**9}, "length"),
        ({"seconds": True}, "not a number"),
        ({"paused_seconds": -5.0}, "pauses"),
        ({"paused_since": NOW + 10_000}, "paused_since"),
        ({"id": "other-room"}, "file name"),
        ({"id": "../../etc"}, "file name"),
        ({"practice": "../x"}, "plain name"),
        ({"format": 99}, "format"),
        ({"title": None}, ""),  # no title: the session's
    ],
)
def test_hostile_values_make_the_room_unusable(body_scan, head, why):
    data = _bytes(a_room(body_scan), **head)
    if not why:
        assert decode(data, now=NOW, file_id="body-scan-1a2b").title == body_scan.title
        return
    with pytest.raises(RoomError, match=why):
        decode(data, now=NOW, file_id="body-scan-1a2b")


def test_a_session_the_loader_refuses_is_refused_with_its_reason(body_scan):
    import tomllib

    import tomli_w

    parsed = tomllib.loads(encode(a_room(body_scan)).decode())
    parsed["session"]["kind"] = "flying"
    with pytest.raises(RoomError, match="practice is not valid: 'kind'"):
        decode(tomli_w.dumps(parsed).encode(), now=NOW)
    parsed["session"]["kind"] = "sitting"
    parsed["session"]["audio"] = "/etc/shadow"
    with pytest.raises(RoomError, match="recording"):
        decode(tomli_w.dumps(parsed).encode(), now=NOW)


def test_a_shared_name_is_plain_one_line_and_at_most_32_characters():
    assert shared_name("Anna\x1b[31m\n\u202eB") == "Anna[31m B"
    assert len(shared_name("x" * 100)) == 32
    assert shared_name(["not", "text"]) == ""
    assert shared_name("[b]bold[/b]") == "[b]bold[/b]"  # shown literally, never as markup


# -- the folder ---------------------------------------------------------------------------


def test_hostile_files_in_the_folder_are_skipped_and_told_never_a_hang(rooms, body_scan):
    seat = Seat.open_room(rooms, body_scan, 600.0)
    (rooms / "noise-0001.room").write_bytes(os.urandom(10_000))
    (rooms / "huge-0001.room").write_bytes(b"#" * (files.MAX_FILE_BYTES + 10))
    os.mkfifo(rooms / "fifo-0001.room")  # opening a FIFO to read would wait forever
    (rooms / "link-0001.room").symlink_to(rooms / f"{seat.room.id}.room")
    (rooms / "dir-0001.room").mkdir()
    (rooms / f"{seat.room.id}~0123456789abcdef.here").write_bytes(os.urandom(500))
    (rooms / f"{seat.room.id}~fedcba9876543210.here").write_bytes(b"x" * 100_000)
    started = time.monotonic()
    looked = look(rooms)
    assert time.monotonic() - started < 2
    assert [r.room.id for r in looked.rooms] == [seat.room.id]
    assert looked.rooms[0].count == 1  # the garbage presences are nobody
    told = "\n".join(looked.problems)
    for name in ("noise", "huge", "fifo", "link", "dir"):
        assert f"{name}-0001.room" in told


def test_presence_counts_fresh_heartbeats_only(rooms, body_scan):
    seat = Seat.open_room(rooms, body_scan, 600.0, now=NOW)
    Seat(rooms, seat.room, host=False, name="Bo", now=NOW)
    gone = Seat(rooms, seat.room, host=False, now=NOW - 100)
    assert gone.me.heartbeat == NOW - 100
    listing = look(rooms, now=NOW).rooms[0]
    assert listing.count == 2 and listing.names() == [f"Bo ({account(os.geteuid())})"]
    assert listing.host_seen is None  # the host is there


def test_stale_rooms_disappear_from_the_list(rooms, body_scan):
    seat = Seat.open_room(rooms, body_scan, 600.0, starts_at=NOW - 5000, now=NOW - 5010)
    seat.heartbeat(NOW)
    assert look(rooms, now=NOW).rooms == []  # past its end
    ended = Seat.open_room(rooms, body_scan, 600.0, now=NOW)
    ended.end(NOW + 1)
    assert look(rooms, now=NOW + 2).rooms == []  # the host ended it
    empty = Seat.open_room(rooms, body_scan, 600.0, now=NOW)
    empty.leave(NOW)
    assert look(rooms, now=NOW).rooms == []  # nobody left in it
    clean_own_leftovers(rooms, now=NOW + 2)  # what a crash left: rooms over, their presences
    assert not list(rooms.glob(f"{seat.room.id}*")) and not list(rooms.glob(f"{ended.room.id}*"))


def test_join_finds_the_only_room_or_asks_which(rooms, body_scan):
    assert find(rooms, None)[0] is None
    first = Seat.open_room(rooms, body_scan, 600.0)
    assert find(rooms, None)[0].room.id == first.room.id
    second = Seat.open_room(rooms, body_scan, 300.0)
    listing, message = find(rooms, None)
    assert listing is None and "several" in message
    assert find(rooms, second.room.id)[0].room.seconds == 300.0
    assert "no open group sitting" in find(rooms, "nope")[1]


def test_a_hosts_leaving_ends_a_pause_so_the_others_carry_on(rooms, body_scan):
    seat = Seat.open_room(rooms, body_scan, 600.0, starts_at=NOW - 60, now=NOW - 70)
    seat.pause(NOW - 10)
    seat.leave(NOW)
    room = decode((rooms / f"{seat.room.id}.room").read_bytes(), now=NOW)
    assert room.paused_since is None and room.paused_seconds == 10


def test_files_are_readable_by_all_whatever_the_umask(rooms, body_scan):
    old = os.umask(0o077)
    try:
        seat = Seat.open_room(rooms, body_scan, 600.0)
    finally:
        os.umask(old)
    for path in rooms.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    assert not list(rooms.glob(".*"))  # no temporary file left behind
    with pytest.raises(FileExistsError):
        files.create_file(rooms, f"{seat.room.id}.room", b"mine now")


def test_a_folder_others_can_write_without_the_sticky_bit_is_refused(tmp_path):
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    with pytest.raises(files.FolderProblem, match="sticky bit"):
        files.check_folder(folder, writing=False)
    folder.chmod(0o775)
    with pytest.raises(files.FolderProblem, match="sticky bit"):
        files.check_folder(folder, writing=False)
    folder.chmod(0o1777)
    files.check_folder(folder, writing=True)
    folder.chmod(0o700)
    files.check_folder(folder, writing=True)


def test_a_missing_folder_says_how_to_make_one(tmp_path, monkeypatch):
    with pytest.raises(files.FolderProblem, match="does not exist; create it"):
        files.check_folder(tmp_path / "none", writing=True)
    monkeypatch.setattr(files, "DEFAULT_FOLDER", tmp_path / "default")
    with pytest.raises(files.FolderProblem, match="install -d -m 1777"):
        files.check_folder(tmp_path / "default", writing=True)


def test_the_folder_comes_from_the_option_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(files.ENVIRONMENT, str(tmp_path))
    assert files.rooms_folder(None) == tmp_path
    assert files.rooms_folder("/x") == Path("/x")
    monkeypatch.delenv(files.ENVIRONMENT)
    assert files.rooms_folder(None) == files.DEFAULT_FOLDER


needs_root = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"),
                                reason="another owner needs root (chown, setpriv)")  # fmt: skip


@needs_root
def test_a_folder_owned_by_another_user_is_refused(tmp_path):
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o1777)
    folder.chmod(0o1777)
    os.chown(folder, 65534, 65534)  # nobody: not root, not us
    with pytest.raises(files.FolderProblem, match="belongs to another user"):
        files.check_folder(folder, writing=True)
    link = tmp_path / "link"
    link.symlink_to(tmp_path)
    os.lchown(link, 65534, 65534)
    with pytest.raises(files.FolderProblem, match="link made by another user"):
        files.check_folder(link, writing=True)


@needs_root
def test_another_user_can_neither_change_nor_remove_a_room_in_a_sticky_folder(body_scan):
    import tempfile

    # Outside pytest's private folders, which others cannot pass through.
    with tempfile.TemporaryDirectory(prefix="mbsr-rooms-") as top:
        Path(top).chmod(0o755)
        _another_user_tries(Path(top) / "shared")


def _another_user_tries(folder: Path) -> None:
    folder.mkdir()
    folder.chmod(0o1777)  # as an administrator makes it (owned by root)
    host = python_as(65534, (
        "import sys; from pathlib import Path\n"
        "from mbsr_tui.core.catalogue import load_catalogue\n"
        "from mbsr_tui.core.group.rooms import Seat\n"
        "seat = Seat.open_room(Path(sys.argv[1]), load_catalogue().get('body-scan'), 600.0)\n"
        "print(seat.room.id)\n"), str(folder), homeless=True)  # fmt: skip
    assert host.returncode == 0, host.stderr
    room_id = host.stdout.strip()
    before = (folder / f"{room_id}.room").read_bytes()
    attack = python_as(65533, (
        "import os, sys; from pathlib import Path\n"
        "from mbsr_tui.core.group import folder as files\n"
        "from mbsr_tui.core.group.listing import look\n"
        "f = Path(sys.argv[1])\n"
        f"rid = {room_id!r}\n"
        "results = []\n"
        "for attempt in (lambda: files.replace_file(f, rid + '.room', b'ended'),\n"
        "                lambda: os.unlink(f / (rid + '.room')),\n"
        "                lambda: open(f / (rid + '.room'), 'wb'),\n"
        "                lambda: files.create_file(f, rid + '.room', b'x')):\n"
        "    try:\n"
        "        attempt(); results.append('done')\n"
        "    except OSError as err:\n"
        "        results.append(type(err).__name__)\n"
        "print(results, len(look(f).rooms))\n"), str(folder), homeless=True)  # fmt: skip
    assert attack.returncode == 0, attack.stderr
    assert "done" not in attack.stdout, attack.stdout
    assert attack.stdout.strip().endswith("1")  # they still see the room, and may join it
    assert (folder / f"{room_id}.room").read_bytes() == before


def test_presence_files_name_their_room(body_scan):
    assert here.parse_name("room-1a2b~0123456789abcdef.here") == ("room-1a2b", "0123456789abcdef")
    assert here.parse_name("../x~0123456789abcdef.here") is None
    assert here.parse_name("room~xyz.here") is None
