"""The one check of a length a person chose for a practice.

`run --minutes`, `group start --minutes` and the group start form all ask here: a
length is more than 0 and at most `MAX_SESSION_MINUTES`, and long enough that the
breathing parts, in whole breaths, leave the other parts their time
(`timeline.squeezes`; the length picker and `check` refuse such a length too).
"""

from __future__ import annotations

from mbsr_tui.core.safe_text import visible
from mbsr_tui.core.session import MAX_SESSION_MINUTES, Session


def in_range(minutes: float) -> bool:
    """More than 0 and at most the longest practice (NaN is neither)."""
    return 0 < minutes <= MAX_SESSION_MINUTES


def range_problem(minutes: float | None, name: str = "--minutes") -> str | None:
    """`name` must be in range: the sentence saying so, or None when it is."""
    if minutes is None or in_range(minutes):
        return None
    return f"{name} must be more than 0 and at most {MAX_SESSION_MINUTES}"


def squeeze_problem(session: Session, minutes: float | None) -> str | None:
    """The sentence refusing a length too short for the breathing parts, or None."""
    from mbsr_tui.core.timeline import squeezes  # the timeline loads only when asked

    if minutes is None or not squeezes(session, minutes * 60):
        return None
    unit = "minute" if minutes == 1 else "minutes"
    return (f"{visible(session.title)} is too short at {minutes:g} {unit} for its "
            "breathing parts; please choose a longer time")  # fmt: skip


def length_problem(session: Session, minutes: float | None, name: str = "--minutes") -> str | None:
    """Why `minutes` cannot be this practice's length (None: it can, or none was given)."""
    return range_problem(minutes, name) or squeeze_problem(session, minutes)
