"""Who is in a room at a cost that does not grow with the room (issue 22, item 1).

The host counts the presences and publishes one summary; a guest looks at that file
only. Real files; another account is played by chown (root) where a test needs one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest

from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.group import folder as files
from mbsr_tui.core.group import listing as reading
from mbsr_tui.core.group import people
from mbsr_tui.core.group import presence as here
from mbsr_tui.core.group.rooms import Seat

NOW = time.time()
OTHER = 65534
needs_root = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"),
                                reason="another owner needs root (chown)")  # fmt: skip


@pytest.fixture
def rooms():
    top = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="mbsr-people-", dir=top) as made:
        folder = Path(made) / "rooms"
        folder.mkdir()
        folder.chmod(0o1777)
        yield folder


@pytest.fixture(scope="module")
def body_scan():
    return replace(load_catalogue().get("body-scan"), source=None)


@pytest.fixture(autouse=True)
def host_counts_at_every_look(monkeypatch):
    # The host's counts and a guest's reads of the summary are spaced on the monotonic
    # clock; here every read is a look (one test puts the guest's spacing back).
    monkeypatch.setattr(people.Publisher, "LOOK_EVERY", 0.0)
    monkeypatch.setattr(people.Summary, "READ_EVERY", 0.0)


class Reads:
    """How many files a guest opens (every read of the folder goes through read_file)."""

    def __init__(self, monkeypatch) -> None:
        self.count = 0
        real = files.read_file

        def counted(*args, **kwargs):
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(files, "read_file", counted)


def a_room_of(rooms: Path, body_scan, size: int) -> tuple[Seat, list[Seat]]:
    host = Seat.open_room(rooms, body_scan, 600.0, starts_at=NOW + 60, now=NOW, name="Anna")
    guests = [Seat(rooms, host.room, host=False, name=f"P{n}", now=NOW) for n in range(size)]
    return host, guests


@pytest.mark.parametrize("size", [3, 14])  # one account counts for 16 at most
def test_a_guests_look_opens_no_presence_file_whatever_the_size_of_the_room(
    rooms, body_scan, monkeypatch, size
):
    host, guests = a_room_of(rooms, body_scan, size)
    host.read(NOW)  # the host counts and publishes
    me = guests[0]
    assert me.read(NOW).count == size + 1
    reads = Reads(monkeypatch)
    for beat in range(1, 4):  # everyone renews their presence (each file replaced)
        for guest in guests:
            guest.heartbeat(NOW + beat)
        listing = me.read(NOW + beat)
        assert listing.count == size + 1
    assert reads.count == 0  # the summary and the host's presence have not changed


def test_arrivals_and_departures_reach_a_guest_through_the_hosts_summary(rooms, body_scan):
    host, (bo, cy) = a_room_of(rooms, body_scan, 2)
    host.read(NOW)
    assert bo.read(NOW).count == 3
    dee = Seat(rooms, host.room, host=False, name="Dee", now=NOW + 1)
    assert bo.read(NOW + 1).count == 3  # not yet counted by the host
    host.read(NOW + 1)
    seen = bo.read(NOW + 1)
    assert seen.count == 4 and any(name.startswith("Dee") for name in seen.names())
    cy.leave(NOW + 2)
    host.read(NOW + 2)
    assert bo.read(NOW + 2).count == 3
    # Dee's connection drops: her file stays, and goes stale; the host stops counting her.
    later = NOW + here.STALE_SECONDS + 5
    for seat in (host, bo):
        seat.heartbeat(later)
    host.read(later)
    assert [p.member for p in bo.read(later).people] == [host.me.member, bo.me.member]
    assert dee.me.member not in (rooms / people.file_name(host.room.id)).read_text()


def test_a_guest_just_come_counts_itself_before_the_host_has(rooms, body_scan):
    host, _ = a_room_of(rooms, body_scan, 1)
    host.read(NOW)
    late = Seat(rooms, host.room, host=False, now=NOW + 1)
    assert late.read(NOW + 1).count == 3


def test_without_a_host_to_speak_for_the_room_a_guest_counts_for_itself(rooms, body_scan):
    host, (bo, cy) = a_room_of(rooms, body_scan, 2)
    host.read(NOW)
    later = NOW + here.STALE_SECONDS + 5  # the host has gone quiet: its summary is old
    bo.heartbeat(later)
    cy.leave(later)
    assert bo.read(later).count == 1  # bo alone, counted from the presences
    older, (dee, eve) = a_room_of(rooms, body_scan, 2)  # an older host, that publishes none
    eve.leave(NOW)
    assert [p.member for p in dee.read(NOW).people] == [older.me.member, dee.me.member]


def test_a_summary_is_plain_bounded_and_never_raises():
    room_id = "sit-0000"
    good = {"member": "a" * 16, "uid": 1000, "joined_at": NOW, "name": "Bo\x1b[31m red"}
    data = people.encode(room_id, [])
    assert people.decode(data, room_id=room_id, heartbeat=NOW) == []
    import tomli_w

    def made(entries, **top) -> bytes:
        return tomli_w.dumps({"format": 1, "room": room_id, "people": entries, **top}).encode()

    [bo] = people.decode(made([good]), room_id=room_id, heartbeat=NOW)
    assert "\x1b" not in bo.name and bo.uid == 1000 and not bo.host
    bad = [{**good, "member": "../x"}, {**good, "uid": -1}, {**good, "uid": True},
           {**good, "joined_at": float("nan")}, "text", {**good, "uid": 2**40}]  # fmt: skip
    assert people.decode(made(bad), room_id=room_id, heartbeat=NOW) == []
    assert people.decode(made([good, good]), room_id=room_id, heartbeat=NOW) == [bo]
    assert people.decode(made([good], room="other-0000"), room_id=room_id, heartbeat=NOW) is None
    for junk in (b"\xff\xfe", b"people = 3\nformat = 1\nroom = 'sit-0000'", b"[[[",
                 b"x" * (people.MAX_SUMMARY_BYTES + 1)):  # fmt: skip
        assert people.decode(junk, room_id=room_id, heartbeat=NOW) is None
    many = [{**good, "member": f"{n:016x}"} for n in range(people.MAX_ENTRIES + 100)]
    assert len(people.decode(made(many), room_id=room_id, heartbeat=NOW)) == people.MAX_ENTRIES
    crowd = [here.Presence(room_id, f"{n:016x}", NOW, NOW, "N" * 32, False, 1000)
             for n in range(people.MAX_ENTRIES)]  # fmt: skip
    assert len(people.encode(room_id, crowd)) <= people.MAX_SUMMARY_BYTES


@needs_root
def test_a_summary_from_anyone_but_the_rooms_owner_is_not_believed(rooms, body_scan):
    host, (bo,) = a_room_of(rooms, body_scan, 1)
    name = people.file_name(host.room.id)
    fake = [here.Presence(host.room.id, f"{n:016x}", NOW, NOW, f"Fake {n}", False, 0)
            for n in range(40)]  # fmt: skip
    (rooms / name).write_bytes(people.encode(host.room.id, fake))
    os.chown(rooms / name, OTHER, OTHER)
    assert bo.read(NOW).count == 2  # counted from the presences themselves
    (rooms / name).unlink()
    os.symlink(rooms / "elsewhere", rooms / name)  # a link in its place: not read
    assert bo.read(NOW).count == 2


def test_the_host_count_reads_each_presence_again_only_when_it_changed(
    rooms, body_scan, monkeypatch
):
    host, guests = a_room_of(rooms, body_scan, 30)
    host.read(NOW)
    reads = Reads(monkeypatch)
    host.read(NOW)
    assert reads.count == 0
    guests[3].heartbeat(NOW + 1)
    host.read(NOW + 1)
    assert reads.count == 1
    assert reading.MAX_PER_ROOM == people.MAX_ENTRIES


# -- issue 20, part 2: whoever ends or abandons a room removes what they wrote -------------


def names_in(rooms: Path) -> set[str]:
    return {p.name for p in rooms.iterdir() if not p.name.startswith(".")}


def test_a_host_who_leaves_before_the_end_leaves_the_last_word_then_withdraws(rooms, body_scan):
    host, (bo,) = a_room_of(rooms, body_scan, 1)
    host.read(NOW)
    room_file = host.room.id + ".room"
    assert {room_file, people.file_name(host.room.id), host.file} <= names_in(rooms)
    host.end(NOW + 70)  # "End for everyone", ten seconds into the sitting
    assert host.leave(NOW + 70) is True  # the room file stays a moment: the end is read
    assert names_in(rooms) == {room_file, people.file_name(host.room.id), bo.file}
    assert bo.read(NOW + 70).room.ended_at == NOW + 70
    host.withdraw()
    assert names_in(rooms) == {bo.file}
    bo.leave(NOW + 71)
    assert names_in(rooms) == set()


def test_a_host_who_drops_while_paused_ends_the_pause_before_withdrawing(rooms, body_scan):
    host, (bo,) = a_room_of(rooms, body_scan, 1)
    host.pause(NOW + 65)
    assert host.leave(NOW + 80) is True
    last = bo.read(NOW + 80)
    assert last.room.paused_since is None and last.room.paused_seconds == 15
    host.withdraw()
    assert bo.read(NOW + 81) is None  # gone: the guest carries on with what it knew
    assert names_in(rooms) == {bo.file}


def test_a_host_past_the_rooms_end_takes_everything_at_once(rooms, body_scan):
    host, (bo,) = a_room_of(rooms, body_scan, 1)
    host.read(NOW)
    bo.leave(NOW + 700)
    assert host.leave(NOW + 700) is False
    assert names_in(rooms) == set()


def test_a_guest_takes_only_its_own_presence(rooms, body_scan):
    host, (bo, _cy) = a_room_of(rooms, body_scan, 2)
    host.read(NOW)
    before = names_in(rooms)
    assert bo.leave(NOW + 1) is False
    bo.withdraw()  # a guest has no room to withdraw
    assert names_in(rooms) == before - {bo.file}


def test_a_summary_left_by_a_crash_goes_with_its_room(rooms, body_scan):
    from mbsr_tui.core.group.rooms import clean_own_leftovers

    host, _ = a_room_of(rooms, body_scan, 0)
    host.read(NOW)
    (rooms / (host.room.id + ".room")).unlink()  # as if the host had crashed long ago
    clean_own_leftovers(rooms, NOW + 3600)
    assert people.file_name(host.room.id) not in names_in(rooms)


def test_a_host_rewriting_its_summary_without_end_is_read_at_a_bounded_rate(
    rooms, body_scan, monkeypatch
):
    monkeypatch.setattr(people.Summary, "READ_EVERY", 0.5)
    host, (bo, *others) = a_room_of(rooms, body_scan, 3)
    host.read(NOW)
    assert bo.read(NOW).count == 4
    reads = Reads(monkeypatch)
    for guest in others:  # the summary changes twice within a moment
        guest.leave(NOW + 1)
        host.read(NOW + 1)
        bo.read(NOW + 1)
    assert reads.count <= 1  # (the host's own presence is unchanged: not read again)
