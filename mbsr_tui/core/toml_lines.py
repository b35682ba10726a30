"""Find the line of a key in TOML text, so validation errors can point at it.

tomllib gives values, not positions; this scan understands just enough TOML (tables,
arrays of tables, dotted keys) to name a line for nearly every mistake a person makes.
"""

from __future__ import annotations

import re

KeyPath = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")


def _split_key(raw: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in raw.split("."))


def _resolve(names: tuple[str, ...], latest: dict[KeyPath, int]) -> KeyPath:
    """The key path of a table name, with the index of the latest entry of each array in it."""
    path: KeyPath = ()
    for name in names:
        path = (*path, name)
        if path in latest:
            path = (*path, latest[path])
    return path


def _index_lines(text: str) -> dict[KeyPath, int]:
    """Map every key path and table header in `text` to its first line (1-based)."""
    positions: dict[KeyPath, int] = {}
    prefix: KeyPath = ()
    latest: dict[KeyPath, int] = {}  # each array of tables -> index of its latest entry
    closing: str | None = None  # the quotes that end the multi-line string we are in
    # TOML counts lines by "\n" alone; str.splitlines() would also split at U+2028,
    # form feeds and the like, and every line number after them would be off.
    for number, line in enumerate(text.split("\n"), start=1):
        # Lines inside a multi-line string are text, not keys.
        if closing is not None:
            if line.count(closing) % 2 == 1:
                closing = None
            continue
        header = _HEADER.match(line)
        if header:
            names = _split_key(header.group(2))
            # [steps.pattern] belongs to the latest [[steps]] entry: resolve the parents.
            here = (*_resolve(names[:-1], latest), names[-1])
            if header.group(1) == "[[":
                latest[here] = latest.get(here, -1) + 1
                # The array itself (a misspelt [[step]] is an unknown key) is at its first entry.
                positions.setdefault(here, number)
                prefix = (*here, latest[here])
            else:
                prefix = here
            positions.setdefault(prefix, number)
            continue
        key = _KEY.match(line)
        if key:
            path = (*prefix, *_split_key(key.group(1)))
            positions.setdefault(path, number)
            closing = _opens_multiline(line[key.end() :])
    return positions


def _opens_multiline(value: str) -> str | None:
    """The closing quotes if `value` (after `key =`) begins a multi-line string left open."""
    stripped = value.lstrip()
    for quotes in ('"""', "'''"):
        if stripped.startswith(quotes) and stripped.count(quotes) % 2 == 1:
            return quotes
    return None


class LineFinder:
    """Answers "on which line is this key?" for one file's text."""

    def __init__(self, text: str) -> None:
        self._positions = _index_lines(text)

    def line_of(self, path: KeyPath) -> int | None:
        """The line of `path`, or of its nearest enclosing key or table."""
        for end in range(len(path), 0, -1):
            line = self._positions.get(path[:end])
            if line is not None:
                return line
        return None
