"""The plain menu's questions: a length from those offered, a timer's minutes and bells.

Each answer is a line (kept short by the terminal), read as a plain number or not at all:
never evaluated, never an option. The end of input raises `EndOfInput`, so every question
leaves the menu the same clean way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mbsr_tui.core.limits import shown_number
from mbsr_tui.core.words import plural

BACK = "0"
LONGEST_NUMBER = 12  # characters: longer is not a number of minutes anyone means


class EndOfInput(Exception):
    """Input has ended (Ctrl+D, a closed pipe): the menu leaves quietly."""


@dataclass(frozen=True)
class Offered:
    minutes: float
    words: str = ""  # "(usual)", "(the week's suggestion)"


def answer(term, question: str) -> str:
    """One answer, trimmed; EndOfInput when there will be none."""
    term.prompt(question)
    line = term.read_line()
    if line is None:
        term.say("")
        raise EndOfInput
    return line.strip()


def number(text: str) -> float | None:
    """'45' or '7.5' as minutes; anything else (nan, 1e999, -3, words) is None."""
    if not text or len(text) > LONGEST_NUMBER or not text.isascii():
        return None
    if not all(c.isdigit() or c == "." for c in text):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def minutes_words(minutes: float) -> str:
    return plural(round(minutes) if minutes == round(minutes) else minutes, "minute")


def ask_length(term, title: str, offered: Sequence[Offered], default: float) -> float | None:
    """One of the lengths offered (Enter: the default); None to go back."""
    listed = ", ".join(
        f"{shown_number(o.minutes)}{' ' + o.words if o.words else ''}" for o in offered
    )
    term.say(f"{title}: how long? {listed}, in minutes.")
    question = f"Type the minutes, Enter for {shown_number(default)}, or 0 to go back: "
    while True:
        text = answer(term, question)
        if text == "":
            return default
        if text == BACK:
            return None
        value = number(text)
        chosen = [o.minutes for o in offered if value is not None and abs(o.minutes - value) < 1e-9]
        if chosen:
            return chosen[0]
        choices = ", ".join(shown_number(o.minutes) for o in offered)
        term.say(f"Please type one of {choices}, or 0 to go back.")


def ask_minutes(
    term,
    question: str,
    default: float,
    problem: Callable[[float], str | None],
    *,
    zero_goes_back: bool,
) -> float | None:
    """A number of minutes checked by `problem` (Enter: the default); None to go back
    when 0 means back (a timer's length), else 0 is an answer (no interval bells)."""
    while True:
        text = answer(term, question)
        if text == "":
            return default
        if text == BACK and zero_goes_back:
            return None
        value = number(text)
        said = problem(value) if value is not None else "please type a number of minutes"
        if said is None:
            return value
        term.say(said[:1].upper() + said[1:] + ".")
