"""The one check of a length a person chose for a practice.

`run --minutes`, `group start --minutes` and the group start form all ask here: a
length within `limits.PRACTICE_MINUTES`, long enough that the breathing parts, in whole
breaths, leave the other parts their time (`timeline.squeezes`; the length picker and
`check` refuse such a length too), and within what can be played (`limits.played_problem`).
"""

from __future__ import annotations

from mbsr_tui.core import limits
from mbsr_tui.core.safe_text import visible
from mbsr_tui.core.session import Session


def range_problem(minutes: float | None, name: str = "--minutes") -> str | None:
    """`name` must be in range: the sentence saying so, or None when it is."""
    if minutes is None or limits.PRACTICE_MINUTES.holds(minutes):
        return None
    return f"{name} must be {limits.PRACTICE_MINUTES.range_words()}"


def fit_problem(session: Session, minutes: float | None) -> str | None:
    """The sentence refusing a length this practice cannot fit into, or None."""
    from mbsr_tui.core.timeline import squeezes  # the timeline loads only when asked

    if minutes is None:
        return None
    if squeezes(session, minutes * 60):
        unit = "minute" if minutes == 1 else "minutes"
        return (f"{visible(session.title)} is too short at {minutes:g} {unit} for its "
                "breathing parts; please choose a longer time")  # fmt: skip
    played = limits.played_problem(session, minutes * 60)
    return f"{visible(session.title)}: {played}" if played else None


def length_problem(session: Session, minutes: float | None, name: str = "--minutes") -> str | None:
    """Why `minutes` cannot be this practice's length (None: it can, or none was given)."""
    return range_problem(minutes, name) or fit_problem(session, minutes)
