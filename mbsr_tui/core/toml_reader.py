"""Reading a TOML file of ours (a practice, the course): every problem, each on its line.

`read_toml` reads a file within its limits (size, UTF-8, a shape tomllib reads quickly);
a `Reader` gives typed access to one of its tables and a `Problems` collects what is
wrong, so `check` can say all of it at once as `PATH:LINE: message`. The session loader
and the course reader build on it.
"""

from __future__ import annotations

import difflib
import re
import stat
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mbsr_tui.core import limits
from mbsr_tui.core.problem import SessionError
from mbsr_tui.core.safe_read import NotARegularFile, read_bytes
from mbsr_tui.core.safe_text import visible
from mbsr_tui.core.toml_lines import KeyPath, LineFinder, shape_problem
from mbsr_tui.core.words import plural

MAX_FILE_BYTES = 1024 * 1024
# `check` reports at most this many problems of one file (and says how many more).
MAX_PROBLEMS = 50

# Newline and tab are text; every other control character would corrupt the screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: object) -> str:
    """Text (a path, a key, a value) as it may be printed on one line: control characters,
    line separators and undecodable bytes shown as visible marks."""
    return visible(str(text))


class Problems:
    """Collects every problem in a file so `check` can report them all at once."""

    def __init__(self, path: Path, lines: LineFinder) -> None:
        self.path = path
        self.lines = lines
        self.found: list[SessionError] = []
        self.keys: list[KeyPath] = []  # the key of each problem, in the same order

    def add(self, key: KeyPath, message: str) -> None:
        self.keys.append(key)
        if self.full:
            return  # counted, not worded: a file of 50,000 mistakes is told in 50 lines
        self.found.append(SessionError(self.path, self.lines.line_of(key), message))

    @property
    def full(self) -> bool:
        return len(self.found) >= MAX_PROBLEMS

    def report(self) -> list[SessionError]:
        """The problems found, at most `MAX_PROBLEMS` of them and how many more there are."""
        more = len(self.keys) - len(self.found)
        if not more:
            return self.found
        return [*self.found, SessionError(self.path, None, f"{plural(more, 'more problem')}")]

    def about(self, *names: str) -> bool:
        """Whether a problem was already reported on one of these top-level keys."""
        return any(key[:1] in {(name,) for name in names} for key in self.keys)


def shown_value(text: str, limit: int = 40) -> str:
    """A key or value as it may be printed on one line of `check`'s output.

    Control characters (a terminal escape in a key, a newline in a value) become visible
    marks (`^[`, `^J`), so one problem stays one line and cannot drive the terminal.
    The text is otherwise literal: `[bold]` or `[/x]` is shown as written, so whatever
    draws a message must not read it as markup.
    """
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return printable(text)


def key_name(key: KeyPath) -> str:
    parts: list[str] = []
    for part in key:
        if isinstance(part, int):
            parts[-1] = f"{parts[-1]}[{part + 1}]"
        else:
            parts.append(part)
    return ".".join(parts)


class Reader:
    """Typed access to one table of the file, reporting wrong types and unknown keys."""

    def __init__(self, table: dict[str, Any], key: KeyPath, allowed: set[str], p: Problems):
        self.table, self.key, self.p = table, key, p
        for name in table:
            if name not in allowed:
                if p.full:
                    p.add((*key, name), "")
                    continue
                close = difflib.get_close_matches(name, sorted(allowed), n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                where = f" in [{key_name(key)}]" if key else ""
                p.add((*key, name), f"unknown key '{shown_value(name)}'{where}{hint}")

    def _get(self, name: str, check: Callable[[Any], bool], kind: str, default: Any) -> Any:
        if name not in self.table:
            return default
        value = self.table[name]
        if not check(value):
            self.p.add((*self.key, name), f"'{key_name((*self.key, name))}' must be {kind}")
            return default
        return value

    def text(self, name: str, default: str = "", most: int | None = None) -> str:
        value = self._get(name, lambda v: isinstance(v, str), "text", default)
        too_long = most and limits.text_problem(value, f"'{key_name((*self.key, name))}'", most)
        if too_long:
            self.p.add((*self.key, name), too_long)
            return value[:most]
        bad = _CONTROL.search(value)
        if bad:
            self.p.add(
                (*self.key, name),
                f"'{key_name((*self.key, name))}' contains a control character "
                f"(U+{ord(bad.group()):04X}); only newline and tab are allowed",
            )
            return _CONTROL.sub("", value)
        return value

    def flag(self, name: str, default: bool) -> bool:
        return self._get(name, lambda v: isinstance(v, bool), "true or false", default)

    def number(self, name: str, default: float | None, *, positive: bool = False) -> Any:
        value = self._get(name, is_number, "a number", default)
        if name in self.table and is_number(self.table[name]):
            if not limits.is_finite(value):
                # TOML allows nan and inf; neither is a length of time.
                self.p.add(
                    (*self.key, name), f"'{key_name((*self.key, name))}' must be a finite number"
                )
                return default
            if positive and value <= 0:
                self.p.add(
                    (*self.key, name), f"'{key_name((*self.key, name))}' must be more than 0"
                )
                return default
            if value < 0:
                self.p.add((*self.key, name), f"'{key_name((*self.key, name))}' cannot be negative")
                return default
            return float(value)
        return value

    def bounded(self, name: str, default: Any, bound: limits.Bound, invalid: Any = None) -> Any:
        """The value of `name` within `bound` (`limits`); else the problem is reported and
        `invalid` (or `default`) stands in for it."""
        if name not in self.table:
            return default
        value = self.table[name]
        problem = bound.problem(value, f"'{key_name((*self.key, name))}'")
        if problem:
            self.p.add((*self.key, name), problem)
            return default if invalid is None else invalid
        return value if bound.whole else float(value)

    def whole(self, name: str, default: int) -> int:
        value = self._get(name, lambda v: isinstance(v, int) and not isinstance(v, bool),
                          "a whole number", default)  # fmt: skip
        if value < 0:
            self.p.add((*self.key, name), f"'{key_name((*self.key, name))}' cannot be negative")
            return default
        return value

    def choice(self, name: str, choices: Iterable[str], default: str) -> str:
        value = self.text(name, default)
        options = tuple(choices)
        if value not in options:
            self.p.add(
                (*self.key, name),
                f"'{key_name((*self.key, name))}' is '{shown_value(value)}'; "
                f"choose one of: {', '.join(options)}",
            )
            return default
        return value

    def table_of(self, name: str) -> dict[str, Any] | None:
        return self._get(name, lambda v: isinstance(v, dict), "a table", None)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise SessionError(path, line, "the file is not UTF-8 text") from None


def _too_big(size: int) -> str:
    return f"the file is {size} bytes; the limit is 1 MB"


def read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """The text and the parsed TOML of `path`; a `SessionError` says why it cannot be read.

    Shared by every file `check` reads (sessions and the course): size limit, UTF-8,
    a shape tomllib can read quickly, valid TOML, the line of a syntax error.
    """
    path = Path(path)
    try:
        info = path.stat()
        if info.st_size > MAX_FILE_BYTES and stat.S_ISREG(info.st_mode):
            raise SessionError(path, None, _too_big(info.st_size))
        # Never waits on a FIFO put in a file's place; no more than the limit allows.
        data = read_bytes(path, MAX_FILE_BYTES, follow_links=True)
    except NotARegularFile:
        raise SessionError(path, None, "not a file") from None
    except OSError as err:
        raise SessionError(path, None, f"cannot read the file ({err.strerror or err})") from None
    if len(data) > MAX_FILE_BYTES:
        raise SessionError(path, None, _too_big(len(data)))
    text = _decode(path, data)
    # Checked first, in linear time: tomllib recurses once per nested bracket
    # (RecursionError) and takes quadratic time in the parts of a dotted key.
    shape = shape_problem(text)
    if shape is not None:
        raise SessionError(path, shape.line, f"{shape.message}; mbsr-tui files never need that")
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"\(at line (\d+), column \d+\)", str(err))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err))
        raise SessionError(path, int(match.group(1)) if match else None,
                           f"not valid TOML: {printable(message)}") from None  # fmt: skip
    except RecursionError:
        # Not expected after the shape check; a deep call stack could still get here.
        raise SessionError(path, None, "the file is nested too deeply to read") from None
    except ValueError:
        # An integer of thousands of digits: Python refuses to convert it (int_max_str_digits).
        long = re.search(r"[0-9_]{1000,}", text)
        line = text.count("\n", 0, long.start()) + 1 if long else None
        raise SessionError(path, line, "a number is far too long to be a value") from None
