"""The lengths a practice is offered at, and the one check of a length a person chose.

`length_choices` (the menu's length picker, the plain menu) and `course_lengths` (today's
course practice: the Today card, the plain menu) say what is offered.

`run --minutes`, `group start --minutes` and the group start form all ask here: a
length within `limits.PRACTICE_MINUTES`, long enough that the breathing parts, in whole
breaths, leave the other parts their time (`timeline.squeezes`; the length picker and
`check` refuse such a length too), and within what can be played (`limits.played_problem`).
"""

from __future__ import annotations

from mbsr_tui.core import limits
from mbsr_tui.core.course import Planned
from mbsr_tui.core.safe_text import visible
from mbsr_tui.core.session import Session
from mbsr_tui.core.words import plural


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
        return (f"{visible(session.title)} is too short at {plural(minutes, 'minute')} for its "
                "breathing parts; please choose a longer time")  # fmt: skip
    played = limits.played_problem(session, minutes * 60)
    return f"{visible(session.title)}: {played}" if played else None


def length_problem(session: Session, minutes: float | None, name: str = "--minutes") -> str | None:
    """Why `minutes` cannot be this practice's length (None: it can, or none was given)."""
    return range_problem(minutes, name) or fit_problem(session, minutes)


COMMON_MINUTES = (2, 3, 5, 10, 15, 20, 25, 30, 40, 45, 60)


def length_choices(session: Session) -> list[int]:
    """Lengths in minutes within the practice's range, always including its default.

    A length at which the breathing steps, in whole breaths, would leave the other steps
    next to no time is not offered (`timeline.squeezes`): the routine is never played
    squeezed. The default always stays (`check` refuses a file whose default squeezes).
    """
    from mbsr_tui.core.timeline import squeezes

    default = session.default_minutes
    low = session.min_minutes or max(1, default // 2)
    high = session.max_minutes or max(default, default * 2)
    choices = {m for m in COMMON_MINUTES if low <= m <= high}
    choices.update({default, int(low), int(high)})
    return sorted(c for c in choices if c > 0 and (c == default or not squeezes(session, c * 60)))


def course_lengths(planned: Planned) -> tuple[float, ...]:
    """Today's course practice: the week's suggestion, then the shorter length for a day
    of pain when it differs (the Today card and the plain menu offer these)."""
    if round(planned.shorter) == round(planned.minutes):
        return (planned.minutes,)
    return (planned.minutes, planned.shorter)
