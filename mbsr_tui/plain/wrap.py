"""Lines fitted to the terminal's width, broken between words, never inside one.

A dumb terminal (or a screen reader's) splits a long line wherever the width runs out
(`Ctrl+C qu` / `its`); the plain mode breaks every line it prints here first. A list
item's wrapped lines keep its indent ("12. " or "- "), and a word longer than the whole
line (a path) is the only thing ever cut.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import textwrap

DEFAULT_WIDTH = 80  # when the terminal does not say
NARROWEST = 20  # below this, lines are fitted to 20 columns and the terminal does the rest
ANSWER_ROOM = 8  # columns left after a question for its answer
_ITEM = re.compile(r"^(\s*(?:\d{1,3}[.)]|[-•*·→])\s+)")


def terminal_width(fd: int | None = None) -> int:
    """The terminal's columns now; COLUMNS when the output is not a terminal; else 80.

    The terminal's own size comes first: a COLUMNS handed down by a parent (tmux under a
    test runner, a shell before a resize) may be stale, and lines would overflow.
    """
    columns = 0
    with contextlib.suppress(OSError, ValueError, AttributeError):
        columns = os.get_terminal_size(sys.__stdout__.fileno() if fd is None else fd).columns
    if columns <= 0:
        with contextlib.suppress(ValueError):
            columns = int(os.environ.get("COLUMNS", "0")[:6])
    if columns <= 0:
        columns = DEFAULT_WIDTH
    return max(NARROWEST, columns)


def _hanging_indent(line: str) -> str:
    """The indent of a line's continuation: under the text of a list item, else the
    line's own leading spaces."""
    item = _ITEM.match(line)
    if item:
        return " " * len(item.group(1))
    return line[: len(line) - len(line.lstrip(" "))]


def wrap_line(line: str, width: int) -> list[str]:
    """One line of text as lines at most `width` wide (a blank line stays one)."""
    if len(line) <= width or not line.strip():
        return [line.rstrip()]
    indent = _hanging_indent(line)
    if len(indent) > width // 2:
        indent = ""
    return textwrap.wrap(
        line,
        width=width,
        subsequent_indent=indent,
        break_long_words=True,  # only a word longer than the whole line
        break_on_hyphens=False,
        replace_whitespace=False,
        drop_whitespace=True,
    )


def wrap_text(text: str, width: int) -> list[str]:
    """Text that may hold several lines (a practice's guidance): each fitted in turn."""
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(wrap_line(line.replace("\t", "    "), width))
    return lines


def wrap_prompt(text: str, width: int) -> tuple[list[str], str]:
    """A question whose answer is typed after it: whole lines before, and the last line
    (with its trailing space) left open for the answer."""
    trailing = text[len(text.rstrip()) :]
    # Room on the last line for a short answer (a number, yes), before the terminal's edge.
    lines = wrap_text(text.rstrip(), max(NARROWEST, width - ANSWER_ROOM))
    *before, last = lines or [""]
    return before, last + trailing
