"""When the player should next wake: pure arithmetic on session seconds, no Textual.

The player draws only the present moment (`Timeline.state_at`), so it need not wake
when nothing it shows would change. Each part of the screen says when it next changes;
the player sleeps until the soonest, drawing changes that fall within one frame of it
together, and never past a bell's moment.
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def next_wake(
    now: float,
    changes: Iterable[float],
    *,
    bell: float | None = None,
    frame: float,
    longest: float,
) -> float:
    """The session moment to wake at, given the moments things shown next change.

    Changes within `frame` of the soonest are drawn together, at the last of them (one
    repaint instead of several a few milliseconds apart). A bell's moment is never
    passed, and no sleep is longer than `longest` (a clock we are given may jump, and a
    few things shown, such as the bells' status, are not on the timeline).
    """
    due = [at for at in changes if at < math.inf]
    wake = now + longest
    if due:
        soonest = min(due)
        wake = min(wake, max(at for at in due if at <= soonest + frame))
    if bell is not None:
        wake = min(wake, bell)
    return max(now, wake)
