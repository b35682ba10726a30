"""Lay a breathing pattern out in time: the phases of one guided step, in order."""

from __future__ import annotations

import math
from dataclasses import dataclass

from mbsr_tui.core.events import Phase, Side
from mbsr_tui.core.session import Pattern, cycles_in

# Where the shape rests between the quick out-breaths of pulse breathing: a pulse is a
# small, sharp contraction from full, not a whole breath.
PULSE_DEPTH = 0.45
REST_FULLNESS = 0.5


@dataclass(frozen=True)
class Segment:
    """One breathing phase within a step, at `start` seconds from the step's start."""

    start: float
    duration: float
    phase: Phase
    breath: int  # 0-based breath (or pulse) index within the step
    side: Side
    pulse: int = 0  # 1-based pulse within its round; 0 when not pulse breathing
    round: int = 0  # 1-based round; 0 when not pulse breathing


def _sides(pattern: Pattern, breath: int) -> tuple[Side, Side]:
    """The open nostril for the in-breath and the out-breath of breath number `breath`.

    Alternate-nostril: in left, out right; in right, out left; and again from the left.
    """
    if pattern.nostrils == "alternate":
        return (Side.LEFT, Side.RIGHT) if breath % 2 == 0 else (Side.RIGHT, Side.LEFT)
    fixed = {"left": Side.LEFT, "right": Side.RIGHT}.get(pattern.nostrils, Side.BOTH)
    return fixed, fixed


def _smooth_breath(pattern: Pattern, breath: int, at: float) -> list[Segment]:
    side_in, side_out = _sides(pattern, breath)
    hold_side = Side.NONE if pattern.nostrils == "alternate" else side_in
    parts = [
        (Phase.IN, pattern.inhale, side_in),
        (Phase.HOLD_IN, pattern.hold_in, hold_side),
        (Phase.OUT, pattern.exhale, side_out),
        (Phase.HOLD_OUT, pattern.hold_out, hold_side),
    ]
    segments = []
    for phase, duration, side in parts:
        if duration > 0:
            segments.append(Segment(at, duration, phase, breath, side))
            at += duration
    return segments


def layout(pattern: Pattern, seconds: float) -> list[Segment]:
    """Every phase of a breathing step lasting `seconds` (already whole cycles).

    Breaths are counted, not accumulated: each breath starts at `number * breath_seconds`,
    so float rounding over thousands of breaths can never add a sliver of an extra breath
    (which would overrun the step and, in alternate-nostril breathing, end on the right).
    """
    cycles = cycles_in(pattern, seconds)
    breath_seconds = pattern.breath_seconds
    segments: list[Segment] = []
    if not pattern.is_pulse:
        per_cycle = 2 if pattern.nostrils == "alternate" else 1
        for breath in range(cycles * per_cycle):
            segments.extend(_smooth_breath(pattern, breath, breath * breath_seconds))
        return segments
    for round_index in range(cycles):
        round_start = round_index * pattern.cycle_seconds
        for pulse in range(1, pattern.rounds + 1):
            breath = round_index * pattern.rounds + pulse - 1
            at = round_start + (pulse - 1) * breath_seconds
            # Kapalabhati: the active part is the quick out-breath; the in-breath follows.
            segments.append(Segment(at, pattern.exhale, Phase.OUT, breath, Side.BOTH, pulse,
                                    round_index + 1))  # fmt: skip
            segments.append(Segment(at + pattern.exhale, pattern.inhale, Phase.IN, breath,
                                    Side.BOTH, pulse, round_index + 1))  # fmt: skip
        if pattern.rest_seconds > 0:
            rest_at = round_start + pattern.rounds * breath_seconds
            segments.append(Segment(rest_at, pattern.rest_seconds, Phase.REST,
                                    (round_index + 1) * pattern.rounds, Side.BOTH, 0,
                                    round_index + 1))  # fmt: skip
    return segments


def ease(progress: float) -> float:
    """Slow at both ends, like a breath turning."""
    return (1.0 - math.cos(math.pi * min(1.0, max(0.0, progress)))) / 2.0


def fullness(pattern: Pattern, phase: Phase, progress: float) -> float:
    """How full the breath is (0..1) at `progress` through `phase`: what the pacer draws."""
    eased = ease(progress)
    if pattern.is_pulse:
        if phase is Phase.OUT:
            return 1.0 - PULSE_DEPTH * eased
        if phase is Phase.IN:
            return 1.0 - PULSE_DEPTH + PULSE_DEPTH * eased
        return REST_FULLNESS
    return {
        Phase.IN: eased,
        Phase.HOLD_IN: 1.0,
        Phase.OUT: 1.0 - eased,
        Phase.HOLD_OUT: 0.0,
    }.get(phase, REST_FULLNESS)
