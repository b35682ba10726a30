"""When the player should next wake: pure arithmetic on session seconds, no Textual.

The player draws only the present moment (`Timeline.state_at`), so it need not wake
when nothing it shows would change. Each part of the screen says when it next changes;
the player sleeps until the soonest, drawing changes that fall within one frame of it
together, and never past a bell's moment.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from mbsr_tui.core.events import Phase
from mbsr_tui.core.timeline import SessionState
from mbsr_tui.ui.guidance import clock_change_in, whole_second_in


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


def shown_changes(
    state: SessionState,
    moment: float,
    progress_changes_in: Iterable[float],
    next_event_at: float | None,
    *,
    pacer_change_in: Callable[[], float | None],
    moving: bool,
    full_guidance: bool,
    open_ended: bool,
) -> list[float]:
    """The session moments at which what the player shows next changes.

    `moment` is the clock's (negative before a room's start, where `state` shows its first
    moment); `progress_changes_in`: when each part of the progress line turns, from now;
    `next_event_at`: the next step or phase on the timeline; `pacer_change_in`: when the
    pacer's shape next changes (asked only while it moves); `moving`: full animation,
    else one step a second through a phase (reduced motion).
    """
    now, breath, pattern = state.elapsed, state.breath, state.step.pattern
    # Each part of the progress line: its two clocks turn 2 ms apart, one frame.
    changes = [now + change for change in progress_changes_in]
    if next_event_at is not None:
        changes.append(next_event_at)
    if state.preparing:
        changes.append(moment + clock_change_in(state.prepare_left, counting_down=True))
    elif pattern and breath:
        if not pattern.is_pulse or breath.phase is Phase.REST:
            changes.append(now + clock_change_in(breath.phase_left, counting_down=True))
        if not full_guidance:
            if moving:
                shape_in = pacer_change_in()
                if shape_in is not None:
                    changes.append(now + shape_in)
            else:  # reduced motion: one step a second through the phase
                into = breath.phase_progress * breath.phase_seconds
                changes.append(now + whole_second_in(into))
    elif not state.finished and not open_ended:
        changes.append(now + clock_change_in(state.step_left, counting_down=True))
    return changes
