"""Sitting together through the installed command, in real terminals (tmux): issue 10.

Two (and five) people in separate terminals with their own journals (XDG_DATA_HOME each)
and one private rooms folder: the same step and time left on every screen, everyone
counted, each journal keeping its own part, and a room file of random bytes in the way.
"""

from __future__ import annotations

import os
import re
import subprocess
import time

import pytest

from tests.e2e.terminal import installed_command
from tests.e2e.test_journal import journal_entries

# One sitting after another on one xdist worker: each starts two to five apps at once,
# and their screens are compared to the second, which a start-up storm would spoil.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("sitting-together")]

# Four steps (12, 8, 8, 8 s), a soft bell at each after the first; 2 s of getting ready.
# Started "now", the room's first moment is 2 s ahead (rooms.START_LEAD).
STEPPED = """\
title = "Together in steps"
kind = "sitting"
posture = "sitting"
prepare_seconds = 2

[bells]
start = true
end = true

[[steps]]
title = "Arriving"
prompt = "Arrive."
seconds = 12

[[steps]]
title = "Breathing"
prompt = "Breathe."
seconds = 8
bell = true

[[steps]]
title = "The body"
prompt = "The whole body."
seconds = 8
bell = true

[[steps]]
title = "Widening"
prompt = "Sounds, and space."
seconds = 8
bell = true
"""
LENGTH = 36  # seconds of practice
_LEFT = re.compile(r"(\d+):(\d\d) left")
_STEP = re.compile(r"^\s*(.+?)\s+\(\d+ of 4\)\s*$", re.MULTILINE)


def _person(tmp_path, who: str) -> dict[str, str]:
    config = tmp_path / who / "config" / "mbsr-tui"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text("seen_care_note = true\ncheckins = false\n")
    return {"XDG_CONFIG_HOME": str(tmp_path / who / "config"),
            "XDG_DATA_HOME": str(tmp_path / who / "data")}  # fmt: skip


@pytest.fixture
def rooms(tmp_path):
    folder = tmp_path / "rooms"
    folder.mkdir(mode=0o700)
    # Someone's garbage: random bytes where a room and a presence would be.
    (folder / "junk-1234.room").write_bytes(os.urandom(4096))
    (folder / "junk-1234~deadbeefdeadbeef.here").write_bytes(os.urandom(300))
    return folder


def _shown(screen: str) -> tuple[str, int] | None:
    """The step title and the seconds left on a screen, if it shows both."""
    step, left = _STEP.search(screen), _LEFT.search(screen)
    if step is None or left is None:
        return None
    return step.group(1), int(left.group(1)) * 60 + int(left.group(2))


def _list(rooms, env) -> str:
    done = subprocess.run([installed_command(), "group", "list"], capture_output=True,
                          text=True, env={**os.environ, **env, "MBSR_TUI_ROOMS": str(rooms)},
                          timeout=30)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def _sit(terminal, tmp_path, rooms, count: int):
    practice = tmp_path / "together.toml"
    practice.write_text(STEPPED)
    flags = "--bell terminal --no-checkin --exit-at-end"
    people = [_person(tmp_path, f"p{i}") for i in range(count)]
    shared = {"MBSR_TUI_ROOMS": str(rooms)}
    host = terminal(f"group start {practice} {flags}", name="host",
                    extra_env={**shared, **people[0]})  # fmt: skip
    host.wait_for("Only you so far", timeout=20)
    time.sleep(5)  # the others come a few seconds late: joined during the first step
    others = [terminal(f"group join {flags}", name=f"guest{i}", extra_env={**shared, **env})
              for i, env in enumerate(people[1:], 1)]  # fmt: skip
    everyone = [host, *others]
    for term in everyone:
        term.wait_for(f"{count} sitting together", timeout=20)
    return everyone, people


@pytest.mark.long
def test_two_people_sit_together_in_step_and_each_journal_keeps_their_part(
    terminal, tmp_path, rooms
):
    (host, guest), people = _sit(terminal, tmp_path, rooms, 2)
    guest.wait_for("You joined at", timeout=10)  # a toast, drawn a frame after the count
    assert re.search(r"together-\w+  Together in steps .* 2 sitting", _list(rooms, people[0]))
    compared = 0
    for _ in range(6):  # several moments through the sitting
        a, b = _shown(host.screen()), _shown(guest.screen())
        if a and b:
            assert a[0] == b[0], (a, b)
            assert abs(a[1] - b[1]) <= 1, (a, b)
            compared += 1
        time.sleep(3)
    assert compared >= 4
    for term in (host, guest):
        term.wait_exit(timeout=40)
        assert term.exit_status() == 0
    # The host heard the start bell, three step bells and the end; the guest, who came
    # during the first step, the step bells and the end.
    assert host.bells() == 5
    assert guest.bells() == 4
    [mine] = journal_entries(tmp_path / "p0")
    [theirs] = journal_entries(tmp_path / "p1")
    assert mine.completed and mine.planned_seconds == LENGTH == mine.practised_seconds
    assert "group sitting" in mine.title and "group sitting" in theirs.title
    assert theirs.completed
    assert 10 <= theirs.planned_seconds < LENGTH
    assert abs(theirs.practised_seconds - theirs.planned_seconds) <= 1
    assert "No group sittings are open" in _list(rooms, people[0])  # the room is over


@pytest.mark.long
def test_five_people_see_the_same_moment(terminal, tmp_path, rooms):
    everyone, _ = _sit(terminal, tmp_path, rooms, 5)
    time.sleep(2)
    seen = [_shown(term.screen()) for term in everyone]
    assert all(seen), seen
    assert len({step for step, _ in seen}) == 1, seen
    lefts = [left for _, left in seen]
    assert max(lefts) - min(lefts) <= 1, seen
    for term in everyone:
        term.wait_exit(timeout=50)
    assert [term.bells() for term in everyone] == [5, 4, 4, 4, 4]


@pytest.mark.long
def test_a_guest_who_leaves_affects_nobody_and_logs_an_early_end(terminal, tmp_path, rooms):
    (host, guest), _ = _sit(terminal, tmp_path, rooms, 2)
    guest.keys("q")
    guest.wait_for("Leave the group sitting?")
    guest.keys("y")
    guest.wait_exit(timeout=20)
    host.wait_for("Only you so far", timeout=25)  # at the latest when it goes stale
    host.wait_exit(timeout=40)
    [mine] = journal_entries(tmp_path / "p0")
    assert mine.completed and mine.practised_seconds == LENGTH
    # Under a minute before leaving: not logged, as any practice ended that early.
    assert not (tmp_path / "p1" / "data" / "mbsr-tui" / "journal.sqlite3").exists() or (
        journal_entries(tmp_path / "p1") == []
    )


def test_random_bytes_in_the_folder_stop_neither_list_nor_join(tmp_path, rooms):
    env = _person(tmp_path, "lister")
    out = _list(rooms, env)
    assert "No group sittings are open" in out
    done = subprocess.run([installed_command(), "group", "join", "--rooms", str(rooms)],
                          capture_output=True, text=True, timeout=30,
                          env={**os.environ, **env})  # fmt: skip
    assert done.returncode == 1
    assert "no group sitting is open" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_folder_others_could_tamper_with_is_refused(tmp_path):
    open_folder = tmp_path / "open"
    open_folder.mkdir()
    open_folder.chmod(0o777)  # world-writable, no sticky bit
    done = subprocess.run([installed_command(), "group", "list", "--rooms", str(open_folder)],
                          capture_output=True, text=True, timeout=30)  # fmt: skip
    assert done.returncode == 1
    assert "sticky bit" in done.stderr
