"""A quick timer and an open-ended sit: silent sittings shaped on the spot, as Sessions.

They go through the same Timeline, player and journal as every practice; only the
shape is made here rather than read from a file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from mbsr_tui.core import limits
from mbsr_tui.core.limits import MAX_SESSION_MINUTES
from mbsr_tui.core.session import BellPlan, Session, Step
from mbsr_tui.core.words import word_for

if TYPE_CHECKING:
    from mbsr_tui.core.settings import Settings

QUIET_PROMPT = (
    "Sit in a way that is kind to your back. There is nothing to do here but be present.\n\n"
    "When the mind wanders, and it will, notice where it went and come back to the breath, "
    "to the body, or to sounds. Each return is the practice."
)
# The way out (q) is said once, by the player beside the guidance, not here as well.
OPEN_PROMPT = QUIET_PROMPT + "\n\nThere is no end set: stay as long as feels right."


class TimerError(ValueError):
    """A timer that cannot be made, as one plain sentence."""


@dataclass(frozen=True)
class TimerShape:
    minutes: float | None  # None: open-ended
    interval_minutes: float = 0.0
    at_minutes: tuple[float, ...] = ()
    sound: str = "bowl"
    interval_sound: str = "bell"


def check_shape(shape: TimerShape) -> None:
    """Raise TimerError with a sentence a person can act on (the bounds are `limits`')."""
    length = shape.minutes
    problem = (length_problem(length) if length is not None else None) or interval_problem(
        shape.interval_minutes
    )
    if problem:
        raise TimerError(problem)
    if length is not None and shape.interval_minutes >= length:
        raise TimerError("the interval must be shorter than the timer")
    if len(shape.at_minutes) > limits.MAX_AT_BELLS:
        raise TimerError(f"a timer rings at most {limits.MAX_AT_BELLS} bells at chosen moments")
    for moment in shape.at_minutes:
        if not limits.PRACTICE_MINUTES.holds(moment):
            raise TimerError("a bell's moment is a number of minutes, more than 0")
        if not moment < (length if length is not None else MAX_SESSION_MINUTES):
            at = f"{limits.shown_number(moment)} {word_for(moment, 'minute')}"
            raise TimerError(f"a bell at {at} falls outside the timer")


def fitted_shape(
    minutes: float | None,
    interval: float,
    at: tuple[float, ...] = (),
    *,
    minutes_typed: bool,
    interval_typed: bool,
) -> tuple[TimerShape, list[str]]:
    """A timer from values typed now and values remembered from last time.

    A remembered value never makes a timer fail: whatever does not fit only because a
    remembered value is part of it is left out, and said (the returned sentences, once).
    Two typed values that do not fit are the person's to fix: `check_shape` says why.
    """
    from mbsr_tui.core.narration import minutes_words

    notes: list[str] = []
    remembered = not (minutes_typed and interval_typed)
    if remembered and minutes is not None and interval and interval >= minutes:
        notes.append(f"A bell every {minutes_words(interval * 60)} does not fit a timer of "
                     f"{minutes_words(minutes * 60)}: it is left out this time.")  # fmt: skip
        interval = 0.0
    if minutes is not None and not minutes_typed:
        outside = tuple(m for m in at if m >= minutes)
        if outside:
            at = tuple(m for m in at if m < minutes)
            shown = ", ".join(limits.shown_number(m) for m in outside)
            notes.append(f"A bell at {shown} min falls outside a timer of "
                         f"{minutes_words(minutes * 60)}: it is left out this time.")  # fmt: skip
    return TimerShape(minutes, interval, at), notes


def length_problem(minutes: object) -> str | None:
    """Why `minutes` cannot be a timer's length, if it cannot."""
    if limits.PRACTICE_MINUTES.holds(minutes):
        return None
    return f"a timer lasts {limits.PRACTICE_MINUTES.range_words()}"


def interval_problem(minutes: object) -> str | None:
    """Why `minutes` cannot be the spacing of interval bells (0: none), if it cannot."""
    return limits.INTERVAL_MINUTES.problem(minutes, "the interval")


def timer_session(shape: TimerShape) -> Session:
    """The sitting a timer plays: the start bell at once, interval bells, the end bell."""
    check_shape(shape)
    open_ended = shape.minutes is None
    minutes = MAX_SESSION_MINUTES if open_ended else shape.minutes
    # The length is not in the title: every place that shows the title shows the length
    # beside it ("Quick timer, 2 minutes."; the player's time left; the journal's minutes).
    title = "Open-ended sit" if open_ended else "Quick timer"
    return Session(
        id="open-sit" if open_ended else "quick-timer",
        title=title,
        summary="Silent sitting with bells, shaped by you.",
        kind="sitting",
        posture="sitting",
        minutes=minutes,
        prepare_seconds=0.0,
        bells=BellPlan(
            start=True,
            end=True,
            interval_seconds=shape.interval_minutes * 60,
            at_seconds=tuple(m * 60 for m in sorted(shape.at_minutes)),
            sound=shape.sound,
            interval_sound=shape.interval_sound,
        ),
        steps=(
            Step("Sitting in silence", OPEN_PROMPT if open_ended else QUIET_PROMPT, minutes * 60),
        ),
        open_ended=open_ended,
    )


def remembered(settings: Settings, shape: TimerShape) -> Settings:
    """The settings with this timer's length and interval kept for next time (an open
    sit keeps only its interval): the menu's timer, the plain menu and `timer` alike."""
    kept = replace(settings, timer_interval_minutes=shape.interval_minutes)
    if shape.minutes is not None:
        kept = replace(kept, timer_minutes=shape.minutes)
    return kept
