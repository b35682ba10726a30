"""Whoever ends or abandons a room removes what they wrote (issue 20, part 2), in real
terminals: the installed command in tmux, stopped by a signal or by its terminal going."""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.e2e.test_group import STEPPED, _person

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("sitting-together")]
FLAGS = "--bell terminal --no-checkin --exit-at-end"


@pytest.fixture
def rooms(tmp_path):
    folder = tmp_path / "rooms"
    folder.mkdir(mode=0o700)
    (folder / "junk-1234.room").write_bytes(os.urandom(4096))  # someone's garbage beside
    return folder


def _names(folder) -> set[str]:
    """The names of the sitting's files (someone's junk beside them is not ours to judge;
    the host's `group start` clears what it takes for its own leftovers)."""
    return {p.name for p in folder.iterdir() if p.name.startswith("together-")}


def _wait_for_names(folder, wanted: set[str], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _names(folder) == wanted:
            return
        time.sleep(0.1)
    assert _names(folder) == wanted


def _host(terminal, tmp_path, folder, when: str):
    practice = tmp_path / "together.toml"
    practice.write_text(STEPPED)
    env = {"MBSR_TUI_ROOMS": str(folder), **_person(tmp_path, "host")}
    return terminal(f"group start {practice} {when} {FLAGS}", name="host", extra_env=env)


@pytest.mark.parametrize("way", ["SIGTERM", "SIGHUP", "hang-up"])
@pytest.mark.parametrize("when", ["--in 5", ""], ids=["waiting", "sitting"])
def test_a_host_stopped_by_a_signal_or_a_hang_up_takes_its_room_along(
    terminal,
    tmp_path,
    rooms,
    way,
    when,
):
    host = _host(terminal, tmp_path, rooms, when)
    host.wait_for("You are hosting" if when else " of 4)", timeout=20)  # waiting, or sitting
    assert len(_names(rooms)) == 3  # the room, its summary, the host's presence
    if way == "hang-up":
        host.close()  # the terminal goes away (tmux ends the pane's pty)
    else:
        os.kill(host.pid(), getattr(signal, way))
        host.wait_exit(timeout=20)
    _wait_for_names(rooms, set())


def test_a_guest_stopped_by_a_signal_takes_only_its_presence(
    terminal,
    tmp_path,
    rooms,
):
    host = _host(terminal, tmp_path, rooms, "--in 5")
    host.wait_for("You are hosting", timeout=20)
    hosts = _names(rooms)
    env = {"MBSR_TUI_ROOMS": str(rooms), **_person(tmp_path, "guest")}
    guest = terminal(f"group join {FLAGS}", name="guest", extra_env=env)
    guest.wait_for("2 here", timeout=20)
    assert len(_names(rooms)) == len(hosts) + 1
    os.kill(guest.pid(), signal.SIGTERM)
    guest.wait_exit(timeout=20)
    _wait_for_names(rooms, hosts)
    host.keys("q")
    host.wait_for("Close this room for everyone?")
    host.keys("y")
    host.wait_exit(timeout=20)
    _wait_for_names(rooms, set())
