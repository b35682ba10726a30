"""Which sounds a batch of timeline events rings: a pure function the UI calls each frame."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from mbsr_tui.core.events import Event, EventKind, Side

# Events closer than this are one instant: two onsets 10 ms apart are heard as one
# louder, smeared strike, never as two bells.
SAME_INSTANT_SECONDS = 0.010


class Ring(NamedTuple):
    sound: str
    side: Side


def sounds_for(events: Iterable[Event], *, phase_cues_enabled: bool) -> list[Ring]:
    """One ring per instant, in time order.

    Silent events (`sound is None`) ring nothing; breathing-phase cues are dropped when
    the settings switch them off. Where several sounds share an instant, a bell wins
    over a phase cue, and otherwise the first given wins (the timeline lists the most
    important first).
    """
    sounding = [
        event
        for event in events
        if event.sound and (phase_cues_enabled or event.kind is not EventKind.PHASE)
    ]
    sounding.sort(key=lambda event: event.at)  # stable: equal times keep their order
    rings: list[Ring] = []
    chosen: Event | None = None
    for event in sounding:
        if chosen is not None and event.at - chosen.at < SAME_INSTANT_SECONDS:
            if chosen.kind is EventKind.PHASE and event.kind is not EventKind.PHASE:
                chosen = event
                rings[-1] = Ring(event.sound, event.side)
            continue
        chosen = event
        rings.append(Ring(event.sound, event.side))
    return rings
