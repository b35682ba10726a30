"""Text from files, imports and people, made safe to draw or print.

Anything stored or read (a title from an import, a note, a file name, a key in a TOML
file) may hold control characters: ESC starts terminal commands (a new window title,
colours), a bidirectional override turns a line around. Every place that shows such text
to a person passes it through `visible()` (one line) or `visible_lines()` (keeps
newlines), which show control characters as visible `^[`-style marks or `\\u` names
instead of sending them to the terminal. The one home for the other ways out and in:
`clean_text` (what is kept: they are taken out), `speakable` (what a voice says),
`escape_controls` (JSON and TOML exports), `cell_text` (CSV), and `UNSAFE_CHARACTERS`
(the pattern the app's last filter on drawn lines uses).
"""

from __future__ import annotations

import re
import unicodedata

# Bidirectional embeddings, overrides and isolates reorder what follows them on screen.
# U+061C is the Arabic letter mark, U+200E/U+200F the left-to-right and right-to-left marks.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)

# Characters a spreadsheet reads as the start of a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _mark(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)  # ESC -> ^[, BEL -> ^G, as terminals show them
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def _needs_mark(char: str) -> bool:
    if char in BIDI_CONTROLS:
        return True
    category = unicodedata.category(char)
    # Cc: C0/C1 controls; Cs: lone surrogates (undecodable bytes) that cannot be encoded;
    # Zl/Zp: the line and paragraph separators, which break a line where none was meant.
    return category in ("Cc", "Cs", "Zl", "Zp")


def visible(text: object, *, keep_newlines: bool = False) -> str:
    """`text` with every control character shown as a visible mark.

    Tabs become a space; newlines stay only with `keep_newlines` (a note's paragraphs),
    otherwise they are shown as `^J` so one record stays one line.
    """
    text = str(text)
    if text.isprintable() and not any(c in BIDI_CONTROLS for c in text):
        return text  # the common case, at C speed
    out: list[str] = []
    for char in text:
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char == "\t":
            out.append(" ")
        elif _needs_mark(char):
            out.append(_mark(char))
        else:
            out.append(char)
    return "".join(out)


def visible_lines(text: object) -> str:
    """Like `visible`, keeping line breaks (CRLF and CR read as one break)."""
    return visible(str(text).replace("\r\n", "\n").replace("\r", "\n"), keep_newlines=True)


def strip_controls(text: str, *, keep_newlines: bool = True) -> str:
    """Remove control characters outright (for text a person types into a note)."""
    return "".join(
        c for c in text if (c == "\n" and keep_newlines) or c == "\t" or not _needs_mark(c)
    ).replace("\t", " ")


# Every way a line may end; kept text ends its lines with "\n" alone.
_LINE_BREAKS = ("\r\n", "\r", "\x85", "\u2028", "\u2029")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """Text as it is kept (a journal entry, an answer): control and bidirectional
    characters taken out, every line break made "\n" (a space where `multiline` is off),
    tabs kept in multiline text. Cleaning clean text changes nothing."""
    if not UNSAFE_CHARACTERS.search(text):
        return text  # the common case, one search in C
    for line_break in _LINE_BREAKS:
        text = text.replace(line_break, "\n")
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return _DROPPED.sub("", text)


def escape_controls(serialized: str) -> str:
    """A JSON or TOML document with every control, bidirectional or separator character
    (which only string values can hold) written as a `\\uXXXX` escape, which both formats
    read back as the same character. Newlines between values stay: they are the layout.

    json.dumps(ensure_ascii=False) leaves DEL and C1 controls (U+009B starts a terminal
    command) raw; tomli-w escapes C0 but not C1.
    """
    return UNSAFE_CHARACTERS.sub(_escape, serialized)


# Every character `_needs_mark` is true for, as one pattern (for whole documents, lines).
UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]"
)


# What `clean_text` takes out: every unsafe character but the newline and the tab.
_DROPPED = re.compile(UNSAFE_CHARACTERS.pattern.replace("\x00-\x1f", "\x00-\x08\x0b-\x1f"))


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    if char == "\n":
        return char
    code = 0xFFFD if "\ud800" <= char <= "\udfff" else ord(char)  # TOML escapes no surrogate
    return f"\\u{code:04x}"


def cell_text(text: str) -> str:
    """A CSV cell (which has no escapes) that cannot drive a terminal: control and
    bidirectional characters shown as marks; newlines and tabs stay."""
    if text.isprintable():
        return text
    return "".join(c if c in "\n\t" else (_mark(c) if _needs_mark(c) else c) for c in text)


def speakable(text: object) -> str:
    """Text as a voice says it: one line, control and bidirectional characters dropped.

    A mark such as `^[` would be read aloud letter by letter, so here they go entirely;
    line breaks and tabs become spaces and runs of spaces one.
    """
    text = str(text)
    kept = "".join(" " if c.isspace() else c for c in text if c.isspace() or not _needs_mark(c))
    return " ".join(kept.split())


def spreadsheet_safe(cell: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs as a formula.

    A leading apostrophe guards it; a cell that already starts with one gets another, so
    `from_spreadsheet` can undo exactly one and the round trip stays lossless.
    """
    if cell.startswith(FORMULA_STARTS) or cell.startswith("'"):
        return "'" + cell
    return cell


def from_spreadsheet(cell: str) -> str:
    """Undo `spreadsheet_safe` on import."""
    return cell[1:] if cell.startswith("'") else cell
