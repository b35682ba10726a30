"""When a group sitting starts, from "in how many minutes": the CLI's `--in` and the
start form's field ask here, so both treat a wait alike.

A wait of 0 (or one shorter than the lead) means "now": the room then opens with
`rooms.START_LEAD` seconds of lead, so the host's player is built and the others have
their first moment a breath away rather than already behind them.
"""

from __future__ import annotations

MAX_WAIT_MINUTES = 24 * 60  # a room opens at most a day ahead


def wait_in_range(minutes: float) -> bool:
    """From 0 (now) up to a day ahead (NaN is neither)."""
    return 0 <= minutes <= MAX_WAIT_MINUTES


def start_moment(wait_minutes: float, now: float) -> float | None:
    """The start on the wall clock, or None for "now, with the lead" (`open_room`)."""
    from mbsr_tui.core.group.rooms import START_LEAD

    if wait_minutes * 60 <= START_LEAD:
        return None
    return now + wait_minutes * 60
