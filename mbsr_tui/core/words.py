"""Words with a count: one helper, so every "1 day" and "2 days" in the app agrees.

`plural(1, "practice day")` is "1 practice day", `plural(3, "practice day")` "3 practice
days", `plural(2, "person", "people")` "2 people". Whole numbers get thousands separators
("1,204 sessions"); other numbers are shown as they are ("1.5 minutes").
"""

from __future__ import annotations

_SIBILANT_ENDS = ("s", "x", "z", "ch", "sh")


def many_of(word: str) -> str:
    """The regular plural of a word, or of a phrase's last word: 'entry' -> 'entries'."""
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(_SIBILANT_ENDS):
        return word + "es"
    return word + "s"


def count_text(count: float) -> str:
    """1204 -> '1,204'; 1.5 -> '1.5'; 2.0 -> '2'."""
    if isinstance(count, int):
        return f"{count:,}"
    return f"{count:,g}"


def plural(count: float, word: str, many: str | None = None) -> str:
    """The count and the word that agrees with it: '1 day', '0 days', '2 people'."""
    return f"{count_text(count)} {word_for(count, word, many)}"


def word_for(count: float, word: str, many: str | None = None) -> str:
    """The word alone, agreeing with `count` (for sentences that put words between)."""
    return word if count == 1 else (many or many_of(word))
