"""How one text reaches a speech program: always as text, never as one of its options.

A step's title comes from a file, and through a group sitting from another account's
room: `--phonout=/home/you/.profile` put where the program expects words would make
espeak-ng write that file. So each program gets the text in the form it cannot read as
an option:

- espeak-ng, espeak: on standard input (`--stdin`);
- macOS `say`: on standard input (`-f -`);
- PowerShell (ours or a person's own script): in the environment variable
  `MBSR_TUI_SPOKEN_TEXT` only, never inside the script, its arguments (joined into the
  script by -Command) or its standard input (read as commands by `-Command -`);
- Windows' cmd and batch files: in `MBSR_TUI_SPOKEN_TEXT` and on standard input, as
  cmd reads `&` or `|` in any argument as a command;
- anything else (spd-say, a person's `--speak-command`): the last argument, after `--`,
  the usual end of options; and on standard input too, for a program that reads it.

The text itself is first made speakable: control and bidirectional characters are
dropped, lines joined, and it is cut to a length every pipe takes whole.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import PurePath, PureWindowsPath

from mbsr_tui.core.safe_text import speakable

TEXT_VARIABLE = "MBSR_TUI_SPOKEN_TEXT"

# The smallest pipe buffer among the systems we run on is 16 KB (macOS): text of at most
# this many bytes is written whole at once, so writing it never waits on the program.
MOST_SPOKEN_BYTES = 8000

_STDIN_PROGRAMS = {"espeak-ng": ["--stdin"], "espeak": ["--stdin"], "say": ["-f", "-"]}
_POWERSHELLS = {"powershell", "pwsh"}
# Windows' command interpreter reads `&`, `|` and `%` in its arguments as commands,
# whatever quoting Python adds: a batch file gets the text only in the environment.
_BATCH = {"cmd"}
_BATCH_SUFFIXES = (".bat", ".cmd")


@dataclass(frozen=True)
class SpeechCall:
    """The arguments, standard input and extra environment that speak one text."""

    argv: list[str]
    stdin: bytes
    environ: dict[str, str]


def program_name(command: list[str]) -> str:
    """`espeak-ng` for /usr/bin/espeak-ng, `powershell` for C:\\...\\PowerShell.exe."""
    path = command[0]
    name = (PureWindowsPath(path) if "\\" in path else PurePath(path)).name.lower()
    return name.removesuffix(".exe")


def spoken_text(text: str) -> str:
    """The text as it is said: no control characters, one line, cut at a word if long."""
    text = speakable(text)
    data = text.encode("utf-8")
    if len(data) <= MOST_SPOKEN_BYTES:
        return text
    cut = data[:MOST_SPOKEN_BYTES].decode("utf-8", "ignore")
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def speech_call(command: list[str], text: str) -> SpeechCall:
    """How `command` (the program and its own options) is run to say `text`."""
    text = spoken_text(text)
    data = text.encode("utf-8")
    program = program_name(command)
    if program in _STDIN_PROGRAMS:
        return SpeechCall([*command, *_STDIN_PROGRAMS[program]], data, {})
    if program in _POWERSHELLS:
        return SpeechCall(list(command), b"", {TEXT_VARIABLE: text})
    if program in _BATCH or program.endswith(_BATCH_SUFFIXES):
        return SpeechCall(list(command), data, {TEXT_VARIABLE: text})
    return SpeechCall([*command, "--", text], data, {TEXT_VARIABLE: text})


def environment_for(call: SpeechCall) -> dict[str, str] | None:
    """The environment the program runs in (None: the app's own, unchanged)."""
    if not call.environ:
        return None
    return {**os.environ, **call.environ}
