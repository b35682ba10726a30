"""Where keys are in TOML text, and which shapes of text a TOML parser must not be given.

tomllib gives values, not positions. `LineFinder` walks the text once, left to right, to
name the line of a key for a validation message; it runs only when there is a problem to
report. `shape_problem` walks it the same way *before* tomllib sees it, because tomllib
recurses once per nested bracket (`RecursionError` at a few hundred `[`) and takes
quadratic time in the parts of a dotted key (`a.a.a…`: an hour for a 1 MB file).

The walk is linear whatever the text holds: strings, comments and runs of plain
characters are skipped with possessive regular expressions (they never backtrack), and
every step moves forward. It understands TOML well enough to follow valid files exactly;
on invalid text it never fails, it only resumes at the next line.
"""

from __future__ import annotations

import contextlib
import re
import tomllib

KeyPath = tuple[str | int, ...]

# Deeper than any session or settings file needs ([[steps]] with an inline pattern is 2).
MAX_NESTING = 32
MAX_KEY_PARTS = 16
# Keys, values in arrays and lines outside strings: tomllib spends a few microseconds on
# each (about 2 s for a megabyte of `1,1,1,…`). A long practice has a few hundred.
MAX_ITEMS = 50_000

_BLANK = re.compile(r"(?:[ \t\r\n]++|#[^\n]*+)*+")  # whitespace, line ends and comments
_SPACE = re.compile(r"[ \t\r]*+")
_PART = re.compile(r"""[ \t]*+([A-Za-z0-9_-]++|"(?:[^"\\\n]|\\.)*+"|'[^'\n]*+')[ \t]*+""")
# Inside a value: everything up to a bracket, a multi-line string, a comment or a line end,
# single-line strings included. In an inline table a comma ends a value too.
_ONE_LINE_STRINGS = r""""(?!"")(?:[^"\\\n]|\\.)*+"|'(?!'')[^'\n]*+'"""
_PLAIN = re.compile(rf"""(?:[^\[\]{{}}"'#\n]++|{_ONE_LINE_STRINGS})*+""")
_PLAIN_IN_TABLE = re.compile(rf"""(?:[^\[\]{{}}"'#\n,]++|{_ONE_LINE_STRINGS})*+""")
_MULTILINE_BASIC_END = re.compile(r'(?:[^"\\]++|\\.|"(?!""))*+"""', re.DOTALL)


class ShapeError(Exception):
    """Text a TOML parser should not be given: too deeply nested, or a key too long."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def _resolve(names: tuple[str, ...], latest: dict[KeyPath, int]) -> KeyPath:
    """The key path of a table name, with the index of the latest entry of each array in it."""
    path: KeyPath = ()
    for name in names:
        path = (*path, name)
        if path in latest:
            path = (*path, latest[path])
    return path


def _key_part(raw: str) -> str:
    if raw[0] == "'":
        return raw[1:-1]
    if raw[0] == '"':
        try:
            return tomllib.loads(f"k = {raw}")["k"]  # escapes decoded exactly as tomllib does
        except tomllib.TOMLDecodeError:
            return raw[1:-1]
    return raw


class _Walk:
    """One pass over the text; `record` keeps the line of every key and table."""

    def __init__(self, text: str, *, record: bool) -> None:
        self.text = text
        self.n = len(text)
        self.record = record
        self.positions: dict[KeyPath, int] = {}
        self._latest: dict[KeyPath, int] = {}  # each array of tables -> its latest entry
        self._line = 1
        self._counted_to = 0  # `_line` is the line of this position
        self._items = 0

    def _count(self, items: int, position: int) -> None:
        self._items += items
        if self._items > MAX_ITEMS:
            raise ShapeError(
                self.line_at(position),
                f"the file holds more than {MAX_ITEMS} keys, values and lines outside its text",
            )

    # -- helpers ----------------------------------------------------------------

    def line_at(self, position: int) -> int:
        # Positions only move forward, so counting from the last one keeps this linear.
        # TOML counts lines by "\n" alone (not U+2028, form feeds and the like).
        if position > self._counted_to:
            self._line += self.text.count("\n", self._counted_to, position)
            self._counted_to = position
        return self._line

    def _end_of_line(self, i: int) -> int:
        end = self.text.find("\n", i)
        return self.n if end < 0 else end

    def _note(self, path: KeyPath, position: int) -> None:
        if self.record:
            self.positions.setdefault(path, self.line_at(position))

    def _key(self, i: int) -> tuple[tuple[str, ...] | None, int]:
        """A dotted key at `i`: its parts (None if there is none) and where it ends."""
        parts: list[str] = []
        start = i
        while True:
            match = _PART.match(self.text, i)
            if match is None:
                return None, i
            parts.append(_key_part(match.group(1)) if self.record else "")
            if len(parts) > MAX_KEY_PARTS:
                raise ShapeError(
                    self.line_at(start), f"a key has more than {MAX_KEY_PARTS} dotted parts"
                )
            i = match.end()
            if i < self.n and self.text[i] == ".":
                i += 1
                continue
            return tuple(parts), i

    def _multiline_string(self, i: int) -> int:
        """The end of the multi-line string opening at `i` (the end of the text if unclosed)."""
        quote = self.text[i]
        if quote == '"':
            match = _MULTILINE_BASIC_END.match(self.text, i + 3)
            end = match.end() if match else self.n
        else:
            found = self.text.find("'''", i + 3)
            end = found + 3 if found >= 0 else self.n
        # Up to two quotes right before the closing ones belong to the string.
        for _ in range(2):
            if end < self.n and self.text[end] == quote:
                end += 1
        return end

    # -- the walk ---------------------------------------------------------------

    def run(self) -> None:
        text, i = self.text, 0
        prefix: KeyPath = ()
        while True:
            start, i = i, _BLANK.match(text, i).end()
            self._count(text.count("\n", start, i), i)  # about one per line
            if i >= self.n:
                return
            if text[i] == "[":
                array = text.startswith("[[", i)
                names, j = self._key(i + (2 if array else 1))
                closing = "]]" if array else "]"
                if names is None or not text.startswith(closing, j):
                    i = self._end_of_line(i)
                    continue
                if self.record:
                    # [steps.pattern] belongs to the latest [[steps]] entry.
                    here = (*_resolve(names[:-1], self._latest), names[-1])
                    if array:
                        self._latest[here] = self._latest.get(here, -1) + 1
                        # The array itself (a misspelt [[step]] is an unknown key) is at
                        # its first entry.
                        self._note(here, i)
                        prefix = (*here, self._latest[here])
                    else:
                        prefix = here
                    self._note(prefix, i)
                i = j + len(closing)
                continue
            names, j = self._key(i)
            if names is None or not text.startswith("=", j):
                i = self._end_of_line(i)
                continue
            path = (*prefix, *names)
            self._note(path, i)
            i = self._value(j + 1, path)

    def _value(self, i: int, path: KeyPath | None) -> int:
        """Walk over the value starting at `i`; return where its line ends."""
        text = self.text
        # Open brackets, each with the key path of the inline table it opens (None in arrays).
        stack: list[tuple[str, KeyPath | None]] = []
        expect_key = False  # inside {...}, after "{" or ","
        while i < self.n:
            if expect_key:
                start, i = i, _BLANK.match(text, i).end()
                self._count(1 + text.count("\n", start, i), i)
                expect_key = False
                if text.startswith("}", i):
                    continue
                names, j = self._key(i)
                if names is None or not text.startswith("=", j):
                    return self._end_of_line(i)
                table = stack[-1][1]
                path = None if table is None else (*table, *names)
                if path is not None:
                    self._note(path, i)
                i = j + 1
                continue
            in_table = bool(stack) and stack[-1][0] == "{"
            start, i = i, (_PLAIN_IN_TABLE if in_table else _PLAIN).match(text, i).end()
            if stack and not in_table:
                self._count(text.count(",", start, i), i)  # values of an array (roughly)
            if i >= self.n:
                break
            char = text[i]
            if char == "\n":
                if not stack:
                    return i
                self._count(1, i)
                i += 1
            elif char == "#":
                i = self._end_of_line(i)
            elif char in "[{":
                if len(stack) >= MAX_NESTING:
                    raise ShapeError(
                        self.line_at(i), f"brackets are nested more than {MAX_NESTING} deep"
                    )
                self._count(1, i)
                stack.append((char, path if char == "{" else None))
                path = None
                expect_key = char == "{"
                i += 1
            elif char in "]}":
                if stack:
                    stack.pop()
                path = None
                i += 1
            elif char == ",":
                expect_key = True
                path = None
                i += 1
            elif text.startswith(('"""', "'''"), i):
                i = self._multiline_string(i)
            else:
                return self._end_of_line(i)  # a string left open: invalid, resume below
        return i


def shape_problem(text: str) -> ShapeError | None:
    """Why `text` must not be handed to a TOML parser, if it must not (linear time)."""
    try:
        _Walk(text, record=False).run()
    except ShapeError as err:
        return err
    return None


class LineFinder:
    """Answers "on which line is this key?" for one file's text.

    The text is indexed on the first question only: a file without problems never pays.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._positions: dict[KeyPath, int] | None = None

    def _index(self) -> dict[KeyPath, int]:
        if self._positions is None:
            walk = _Walk(self._text, record=True)
            # The shape is checked before parsing; what was found up to a problem still helps.
            with contextlib.suppress(ShapeError):
                walk.run()
            self._positions = walk.positions
        return self._positions

    def line_of(self, path: KeyPath) -> int | None:
        """The line of `path`, or of its nearest enclosing key or table."""
        positions = self._index()
        for end in range(len(path), 0, -1):
            line = positions.get(path[:end])
            if line is not None:
                return line
        return None
