"""The check-in's questions answered from a stream of keys, one key at a time, in order.

The screen feeds every key here in the order it arrived, so an answer always lands in
the question that was on screen when its keys were typed, however fast they came (a
digit and Enter together over SSH, a paste, tmux send-keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mbsr_tui.core.practice import CheckIn, clean_note

RATINGS = ("pain", "stress")
NOTE = "note"
DECIMAL_DIGITS = "0123456789"  # str.isdigit() would also take "²" and "³"


@dataclass
class CheckInForm:
    """Pain, then stress, then (after a practice) an optional note."""

    with_note: bool = False
    position: int = 0
    answers: dict[str, int | None] = field(default_factory=dict)
    value: int | None = None  # the rating chosen for the current question, not yet kept
    note: str = ""
    done: bool = False
    _last_digit: str | None = None  # "1" then "0" is ten, within one question only

    @property
    def order(self) -> tuple[str, ...]:
        return (*RATINGS, NOTE) if self.with_note else RATINGS

    @property
    def current(self) -> str:
        return self.order[min(self.position, len(self.order) - 1)]

    def so_far(self) -> CheckIn:
        return CheckIn(self.answers.get("pain"), self.answers.get("stress"), clean_note(self.note))

    # -- keys -------------------------------------------------------------------------

    def digit(self, char: str) -> bool:
        """A typed digit chooses the current rating; False if it is not a rating key."""
        if self.done or self.current == NOTE or len(char) != 1 or char not in DECIMAL_DIGITS:
            return False
        if char == "0" and self._last_digit == "1":
            self.value = 10
        else:
            self.value = int(char)
        self._last_digit = char
        return True

    def step(self, direction: int) -> None:
        """Left/right arrows move the rating; an unanswered scale starts from the middle."""
        if self.done or self.current == NOTE:
            return
        start = self.value if self.value is not None else 5
        self.value = max(0, min(10, start + direction))
        self._last_digit = None

    def keep(self) -> None:
        """Enter: keep the current answer (a rating, or the note) and go on."""
        if self.done:
            return
        if self.current == NOTE:
            self.done = True
            return
        self.answers[self.current] = self.value
        self._next()

    def skip(self) -> None:
        """`s`: leave the current rating unanswered and go on."""
        if self.done or self.current == NOTE:
            return
        self.answers[self.current] = None
        self._next()

    def skip_rest(self) -> None:
        """Escape: keep what was answered, leave the rest (and an unsent note) out."""
        if self.current == NOTE:
            self.note = ""
        self.done = True

    def _next(self) -> None:
        self.position += 1
        self.value = None
        self._last_digit = None
        if self.position >= len(self.order):
            self.done = True
