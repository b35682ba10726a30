"""What a running session reports: the events between instants and the breath at an instant.

The bottom of the timing modules: events <- session <- breathing <- timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EventKind(StrEnum):
    START = "start"  # the start bell: the practice begins after the preparation
    INTERVAL = "interval"  # a repeating interval bell
    AT = "at"  # a bell at one of the session's `at_seconds`
    STEP = "step"  # a guided step begins (rings only when the step asks for a bell)
    PHASE = "phase"  # a breathing phase begins (in, hold, out, rest)
    END = "end"  # the end bell
    FINISHED = "finished"  # the session is over


class Phase(StrEnum):
    IN = "in"
    HOLD_IN = "hold-in"
    OUT = "out"
    HOLD_OUT = "hold-out"
    REST = "rest"  # pulse breathing: normal breaths between rounds


class Side(StrEnum):
    """Which nostril is open (alternate-nostril breathing); NONE while both are closed."""

    BOTH = "both"
    LEFT = "left"
    RIGHT = "right"
    NONE = "none"


@dataclass(frozen=True)
class Event:
    """Something that happens at one instant of a session (seconds from its launch).

    `sound` is the stem of the file to ring, or None when the event is silent.
    `side` says where a sound belongs in stereo: a left-nostril cue plays on the left.
    """

    at: float
    kind: EventKind
    sound: str | None = None
    side: Side = Side.BOTH
    step_index: int | None = None
    phase: Phase | None = None


@dataclass(frozen=True)
class BreathState:
    phase: Phase
    phase_progress: float  # 0..1 through the phase
    phase_left: float  # seconds left in the phase
    fullness: float  # 0..1, eased: what the pacer draws
    breath: int  # 1-based breath number within the step
    count: int  # counted breathing: 1..count_to; otherwise equals `breath`
    side: Side  # the open nostril for this phase
    pulse: int = 0  # pulse breathing: 1-based pulse within the round (0 while resting)
    round: int = 0  # pulse breathing: 1-based round
    rounds: int = 0  # pulse breathing: rounds in this step
    phase_seconds: float = 0.0  # the whole length of the current phase
