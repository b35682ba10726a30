"""Every line the plain mode prints is broken between words to the terminal's width
(80 when unknown), a list item's lines keep its indent, and answers are bounded."""

from __future__ import annotations

import io
import os

import pytest

from mbsr_tui.plain import wrap
from mbsr_tui.plain.terminal import MAX_LINE, PlainTerminal

GUIDANCE = (
    "Keys: space pauses and resumes, n goes to the next part, q ends early, Ctrl+C quits.\n\n"
    "Sit in a way that is kind to your back. There is nothing to do here but be present."
)


@pytest.mark.parametrize("width", [20, 33, 40, 60, 80])
def test_no_line_is_wider_than_the_terminal_and_no_word_is_split(width):
    lines = wrap.wrap_text(GUIDANCE, width)
    assert all(len(line) <= width for line in lines)
    words = GUIDANCE.split()
    assert " ".join(" ".join(lines).split()) == " ".join(words)  # every word whole
    assert [w for line in lines for w in line.split()] == words
    assert "" in lines  # the paragraph break stays


def test_a_list_items_lines_hang_under_its_text():
    lines = wrap.wrap_line("12. Kapalabhati (optional, advanced), 3 minutes", 30)
    assert lines == ["12. Kapalabhati (optional,", "    advanced), 3 minutes"]
    assert wrap.wrap_line("- Body scan 45 min (or 20 min)", 16) == [
        "- Body scan 45",
        "  min (or 20",
        "  min)",
    ]


def test_only_a_word_longer_than_the_line_is_cut():
    path = "/home/someone/" + "a" * 60
    lines = wrap.wrap_line(f"Saved in {path} today", 40)
    assert all(len(line) <= 40 for line in lines)
    assert "".join(lines).replace(" ", "") == f"Savedin{path}today"  # nothing lost
    assert lines[-1].endswith(" today")  # the short words stay whole


def test_a_question_keeps_room_for_its_answer_and_its_trailing_space():
    before, last = wrap.wrap_prompt("Choose by number, or q to leave: ", 40)
    assert before == [] and last == "Choose by number, or q to leave: "
    before, last = wrap.wrap_prompt("A bell every how many minutes? 0 for none, Enter for 5: ", 40)
    assert all(len(line) <= 40 - wrap.ANSWER_ROOM for line in [*before, last.rstrip()])
    assert last.endswith(": ")


def test_the_width_is_the_terminals_then_columns_then_80(monkeypatch):
    import pty

    parent, child = pty.openpty()
    try:
        os.set_blocking(child, True)
        import fcntl
        import struct
        import termios

        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 12, 40, 0, 0))
        monkeypatch.setenv("COLUMNS", "80")  # stale, handed down: the terminal wins
        assert wrap.terminal_width(child) == 40
    finally:
        os.close(parent)
        os.close(child)
    read, write = os.pipe()  # not a terminal: COLUMNS, else 80
    try:
        monkeypatch.setenv("COLUMNS", "33")
        assert wrap.terminal_width(read) == 33
        monkeypatch.setenv("COLUMNS", "many")
        assert wrap.terminal_width(read) == 80
        monkeypatch.delenv("COLUMNS")
        assert wrap.terminal_width(read) == 80
    finally:
        os.close(read)
        os.close(write)


def test_the_terminal_wraps_what_it_says_and_asks():
    out = io.StringIO()
    term = PlainTerminal(out=out, in_fd=0, width=40)
    term.say("Open-ended sit, no set end.", GUIDANCE)
    term.prompt("Anything you would like to remember? (Enter to skip): ")
    lines = out.getvalue().split("\n")
    assert all(len(line) <= 40 for line in lines)
    assert lines[-1].endswith(": ")


def test_an_answer_is_bounded_and_the_rest_of_its_line_dropped():
    read, write = os.pipe()
    with os.fdopen(write, "w") as pipe:
        pipe.write("x" * (MAX_LINE * 3) + "\n5\n")
    term = PlainTerminal(out=io.StringIO(), in_fd=read)
    try:
        assert term.read_line() == "x" * MAX_LINE
        assert term.read_line() == "5"
        assert term.read_line() is None
    finally:
        os.close(read)
