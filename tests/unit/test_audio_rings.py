"""sounds_for: timeline events to rings, one per instant, phase cues only when wanted."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mbsr_tui.audio.rings import sounds_for
from mbsr_tui.core.events import Event, EventKind, Phase, Side


def phase(at: float, side: Side, sound: str | None = "cue") -> Event:
    return Event(at, EventKind.PHASE, sound, side, 0, Phase.IN)


def test_silent_events_ring_nothing():
    events = [
        Event(5.0, EventKind.STEP),
        Event(9.0, EventKind.FINISHED),
        phase(6.0, Side.LEFT, None),
    ]
    assert sounds_for(events, phase_cues_enabled=True) == []


def test_bells_and_cues_ring_in_order_with_their_sides():
    events = [
        Event(5.0, EventKind.START, "bowl"),
        phase(5.0 + 4, Side.LEFT),
        phase(5.0 + 8, Side.RIGHT),
        Event(60.0, EventKind.INTERVAL, "bell"),
    ]
    assert sounds_for(events, phase_cues_enabled=True) == [
        ("bowl", Side.BOTH), ("cue", Side.LEFT), ("cue", Side.RIGHT), ("bell", Side.BOTH),
    ]  # fmt: skip


def test_phase_cues_are_dropped_when_switched_off_and_bells_are_kept():
    events = [phase(1.0, Side.LEFT), Event(2.0, EventKind.AT, "bell"), phase(3.0, Side.RIGHT)]
    assert sounds_for(events, phase_cues_enabled=False) == [("bell", Side.BOTH)]


def test_coinciding_sounds_ring_once_and_a_bell_beats_a_cue():
    events = [
        phase(5.0, Side.LEFT),
        Event(5.0, EventKind.START, "bowl"),
        Event(5.0, EventKind.STEP, "bell"),
        Event(65.0, EventKind.END, "bowl"),
        Event(65.004, EventKind.INTERVAL, "bell"),
    ]
    assert sounds_for(events, phase_cues_enabled=True) == [("bowl", Side.BOTH), ("bowl", Side.BOTH)]


def test_sounds_a_little_apart_are_separate_rings():
    events = [phase(1.0, Side.LEFT), phase(1.5, Side.RIGHT)]
    assert len(sounds_for(events, phase_cues_enabled=True)) == 2


def test_the_same_event_given_twice_rings_once():
    bell = Event(30.0, EventKind.INTERVAL, "bell")
    assert sounds_for([bell, bell], phase_cues_enabled=True) == [("bell", Side.BOTH)]


sounding_events = st.builds(
    Event,
    at=st.floats(0, 600, allow_nan=False),
    kind=st.sampled_from(list(EventKind)),
    sound=st.sampled_from([None, "bowl", "bell", "cue"]),
    side=st.sampled_from(list(Side)),
)


@given(st.lists(sounding_events, max_size=30), st.booleans())
def test_never_more_rings_than_distinct_sounding_instants(events, cues):
    rings = sounds_for(events, phase_cues_enabled=cues)
    instants = {e.at for e in events if e.sound and (cues or e.kind is not EventKind.PHASE)}
    assert len(rings) <= len(instants)
    assert bool(rings) == bool(instants)
    if not cues:
        assert all(
            any(e.sound == r.sound and e.kind is not EventKind.PHASE for e in events) for r in rings
        )
