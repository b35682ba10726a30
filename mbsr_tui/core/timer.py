"""A quick timer and an open-ended sit: silent sittings shaped on the spot, as Sessions.

They go through the same Timeline, player and journal as every practice; only the
shape is made here rather than read from a file.
"""

from __future__ import annotations

from dataclasses import dataclass

from mbsr_tui.core.session import MAX_SESSION_MINUTES, BellPlan, Session, Step

QUIET_PROMPT = (
    "Sit in a way that is kind to your back. There is nothing to do here but be present.\n\n"
    "When the mind wanders, and it will, notice where it went and come back to the breath, "
    "to the body, or to sounds. Each return is the practice."
)
OPEN_PROMPT = (
    QUIET_PROMPT + "\n\nThere is no end set: stay as long as feels right, and press q when "
    "you are ready to finish."
)


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
    """Raise TimerError with a sentence a person can act on."""
    length = shape.minutes
    if length is not None and not 0 < length <= MAX_SESSION_MINUTES:
        raise TimerError(f"a timer lasts more than 0 and at most {MAX_SESSION_MINUTES} minutes")
    if shape.interval_minutes < 0:
        raise TimerError("the interval must not be negative")
    if length is not None and shape.interval_minutes >= length:
        raise TimerError("the interval must be shorter than the timer")
    for moment in shape.at_minutes:
        if not 0 < moment < (length if length is not None else MAX_SESSION_MINUTES):
            raise TimerError(f"a bell at {moment:g} minutes falls outside the timer")


def timer_session(shape: TimerShape) -> Session:
    """The sitting a timer plays: the start bell at once, interval bells, the end bell."""
    check_shape(shape)
    open_ended = shape.minutes is None
    minutes = MAX_SESSION_MINUTES if open_ended else shape.minutes
    title = "Open-ended sit" if open_ended else f"Quick timer · {shape.minutes:g} min"
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
