"""What a person sees in a real terminal: the installed command inside tmux."""

from __future__ import annotations

import time

import pytest

from tests.support.oracles import lit_cells

pytestmark = pytest.mark.e2e


def pacer_size(screen: str) -> int:
    """How many cells of the breathing shape are lit."""
    rows = tuple(line for line in screen.splitlines() if any("⠁" <= c <= "⣿" for c in line))
    return lit_cells(rows)


# The built-in alternate-nostril breathing (4 s in, 8 s out, sides switching) with two
# seconds of getting ready instead of fifteen: what the test watches starts at once.
ALTERNATE = """\
title = "Alternate-nostril breathing"
kind = "breathing"
posture = "sitting"
prepare_seconds = 2

[pattern]
inhale = 4.0
exhale = 8.0
nostrils = "alternate"
style = "smooth"

[[steps]]
title = "Alternate nostrils"
seconds = 60
prompt = "In through the left, out through the right."
"""


def test_alternate_nostril_breathing_grows_shrinks_and_switches_sides(terminal, tmp_path):
    practice = tmp_path / "alternate.toml"
    practice.write_text(ALTERNATE)
    term = terminal(f"run {practice} --bell off --no-checkin")
    term.wait_for("Getting ready")
    start = term.wait_for("in — left · 0:04", timeout=25)
    assert "left side open" in start and "right side closed" in start
    small = pacer_size(start)
    time.sleep(3.3)
    full = term.screen()
    assert "in — left" in full
    assert pacer_size(full) > small  # the shape grew through the in-breath
    out = term.wait_for("out — right", timeout=5)
    assert "right side open" in out and "left side closed" in out
    time.sleep(5)
    later = term.screen()
    assert "out — right" in later
    assert pacer_size(later) < pacer_size(full)  # and shrank through the out-breath
    term.wait_for("in — right", timeout=6)
    term.keys("C-c")
    term.wait_exit()


def test_menu_navigation_into_a_practice_and_out_again(terminal):
    term = terminal("", name="menu")
    term.wait_for("mindful practice")
    # Down through the meditations to Counted breathing (headings are skipped); the
    # details panel follows the cursor.
    for _ in range(20):
        term.keys("Down")
        if "││ Counted breathing" in term.screen():
            break
    term.wait_for("││ Counted breathing")
    term.keys("Enter")
    term.wait_for("how long?")
    term.keys("Enter")
    term.wait_for("Getting ready")
    assert "Counted breathing" in term.screen()
    term.keys("q")
    term.wait_for("End this practice now?")
    term.keys("y")
    term.wait_for("Thank you for taking this time.")
    term.keys("Enter")
    term.wait_for("mindful practice")
    term.keys("q")
    term.wait_exit()
    assert term.exit_status() == 0
    # The terminal is restored: the alternate screen was left.
    assert b"\x1b[?1049l" in term.written()
