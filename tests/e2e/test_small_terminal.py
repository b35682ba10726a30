"""A phone's SSH client in a real terminal (issue 20): at 40x12 the count of counted
breathing, the way out and every feature's key are drawn, not only laid out."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_counted_breathing_at_40x12_shows_the_count_and_the_way_out(terminal):
    term = terminal("run counted-breathing --minutes 3 --bell off --no-checkin",
                    name="count", size=(40, 12))  # fmt: skip
    term.wait_for("starting in")
    screen = term.wait_for("count 1", timeout=30)
    assert "q End" in screen.splitlines()[-1]  # the key line, never cut before the way out
    term.keys("space")
    assert "space Resume" in term.wait_for("Resume", timeout=5)
    term.keys("q")
    term.wait_for("End this practice now?")


def test_the_menu_at_40x12_names_timers_and_sitting_together(terminal):
    term = terminal("", name="menu40", size=(40, 12))
    # The first frame's keys come before the Today card takes the focus: the settled menu.
    screen = term.wait_for("g Together")
    assert "b Timer" in screen and "q Quit" in screen
    term.keys("b")
    term.wait_for("Quick timer")
    term.keys("Escape")
    term.keys("g")
    term.wait_for("Sit together")


def test_the_waiting_screen_at_40x12_shows_the_join_command(terminal, tmp_path):
    rooms = tmp_path / "rooms"
    rooms.mkdir(mode=0o700)
    shared = {"MBSR_TUI_ROOMS": str(rooms)}
    term = terminal("group start sitting --minutes 5 --in 10 --bell off --no-checkin",
                    name="host40", size=(40, 12), extra_env=shared)  # fmt: skip
    screen = term.wait_for("mbsr-tui group join sitting-")
    joins = [line.strip() for line in screen.splitlines() if "group join" in line]
    assert joins and joins[0].startswith("mbsr-tui group join sitting-")  # whole, one line
    assert "q Leave" in screen
