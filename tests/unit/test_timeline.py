"""The engine: what is on screen and which bell rings, at every instant of a session."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mbsr_tui.core import breathing
from mbsr_tui.core.events import EventKind, Phase, Side
from mbsr_tui.core.session import BellPlan, Pattern, Session, Step, scale_steps, whole_cycles
from mbsr_tui.core.timeline import QUIET_BEFORE_END, Timeline
from tests.support.oracles import phase_sides

BELLS = (EventKind.START, EventKind.INTERVAL, EventKind.AT, EventKind.STEP, EventKind.END)


def breathing_session(pattern: Pattern, minutes: float = 5, prepare: float = 5) -> Session:
    return Session(
        id="breathing",
        title="Breathing",
        kind="breathing",
        minutes=minutes,
        prepare_seconds=prepare,
        pattern=pattern,
    )


def body_scan(prepare: float = 10) -> Session:
    """A body-scan-like session: many steps of uneven length."""
    regions = [
        "Arrive",
        "Left foot",
        "Right foot",
        "Legs",
        "Pelvis",
        "Lower back",
        "Belly",
        "Chest",
        "Hands",
        "Arms",
        "Shoulders",
        "Neck",
        "Face",
        "Whole body",
        "Close",
    ]
    seconds = [120, 75, 60, 75, 60, 75, 105, 75, 75, 90, 60, 60, 75, 45, 150]
    return Session(
        id="scan",
        title="Body scan",
        kind="body-scan",
        posture="lying",
        prepare_seconds=prepare,
        steps=tuple(Step(r, f"Attend to: {r}", s) for r, s in zip(regions, seconds, strict=True)),
    )


def sweep(timeline: Timeline, rnd: random.Random, low: float = 0.001, high: float = 0.2):
    """Call `events_between` frame by frame over the whole session; (event, frame end) pairs."""
    delivered = []
    previous, now = 0.0, 0.0
    while previous <= timeline.total:
        now = previous + rnd.uniform(low, high)
        delivered.extend((event, now) for event in timeline.events_between(previous, now))
        previous = now
    return delivered


def ringing(events):
    return [e for e in events if e.sound]


# -- events ------------------------------------------------------------------------


def test_events_are_in_time_order_and_half_open():
    timeline = Timeline(body_scan())
    times = [e.at for e in timeline.events]
    assert times == sorted(times)
    first_step = timeline.step_starts[1]
    before = timeline.events_between(0, first_step)
    after = timeline.events_between(first_step, first_step + 1)
    assert all(e.at < first_step for e in before)
    assert [e.kind for e in after] == [EventKind.STEP]
    assert timeline.events_between(5, 5) == []
    assert timeline.events_between(6, 5) == []


def test_a_frame_ending_exactly_at_the_end_gets_the_end_bell():
    # state_at(total) says finished; a player that stops there must have rung the end.
    timeline = Timeline(body_scan())
    assert timeline.state_at(timeline.total).finished
    last = timeline.events_between(timeline.total - 1, timeline.total)
    assert [e.kind for e in last] == [EventKind.END, EventKind.FINISHED]
    assert timeline.events_between(timeline.total, timeline.total + 5) == []


def test_sweeping_in_frames_fires_every_event_once_in_order():
    timeline = Timeline(body_scan())
    delivered = sweep(timeline, random.Random(7), 0.001, 3.0)
    assert [e for e, _ in delivered] == timeline.events
    assert delivered[-1][0].kind is EventKind.FINISHED


def test_start_step_and_end_events():
    session = body_scan(prepare=10)
    timeline = Timeline(session)
    kinds = [e.kind for e in timeline.events]
    assert kinds[0] is EventKind.START and timeline.events[0].at == 10
    assert kinds[-2:] == [EventKind.END, EventKind.FINISHED]
    steps = [e for e in timeline.events if e.kind is EventKind.STEP]
    assert [e.step_index for e in steps] == list(range(len(session.steps)))
    assert [e.at for e in steps] == timeline.step_starts
    # Steps without `bell = true` start silently; the start and end bells ring.
    assert all(e.sound is None for e in steps)
    assert [e.kind for e in ringing(timeline.events)] == [EventKind.START, EventKind.END]


def test_bells_can_be_switched_off():
    session = Session(id="s", title="S", minutes=10, bells=BellPlan(start=False, end=False))
    timeline = Timeline(session)
    assert ringing(timeline.events) == []
    assert timeline.events[-1].kind is EventKind.FINISHED


@pytest.mark.parametrize("minutes", [10, 20, 21, 45, 60])
def test_interval_bells_every_five_minutes_but_not_in_the_last_30_seconds(minutes):
    session = Session(
        id="s", title="S", minutes=minutes, prepare_seconds=10, bells=BellPlan(interval_seconds=300)
    )
    timeline = Timeline(session)
    intervals = [e.at - 10 for e in timeline.events if e.kind is EventKind.INTERVAL]
    expected = [300.0 * n for n in range(1, 13) if 300 * n <= minutes * 60 - QUIET_BEFORE_END]
    assert intervals == expected
    assert all(e.sound == "bell" for e in timeline.events if e.kind is EventKind.INTERVAL)


def test_an_interval_bell_just_before_the_end_is_left_out():
    # 10 min 20 s: the bell at 10:00 would ring 20 s before the end bell.
    session = Session(
        id="s",
        title="S",
        minutes=10 + 20 / 60,
        prepare_seconds=0,
        bells=BellPlan(interval_seconds=300),
    )
    intervals = [e.at for e in Timeline(session).events if e.kind is EventKind.INTERVAL]
    assert intervals == [300.0]


def test_coinciding_bells_ring_once():
    session = Session(
        id="s",
        title="S",
        prepare_seconds=5,
        bells=BellPlan(interval_seconds=300, at_seconds=(300.0, 450.0, 599.8)),
        steps=(
            Step("a", "", 300, bell=True),
            Step("b", "", 150, bell=True),
            Step("c", "", 150, bell=True),
        ),
    )
    timeline = Timeline(session)
    rung = [(round(e.at - 5, 1), e.kind) for e in ringing(timeline.events)]
    assert rung == [
        (0.0, EventKind.START),  # step 1's bell at the start: one bell
        (300.0, EventKind.AT),  # at_seconds, interval and step 2 together: one bell
        (450.0, EventKind.AT),  # at_seconds and step 3: one bell
        (600.0, EventKind.END),  # a bell 0.2 s before the end merges into the end bell
    ]
    # The silenced ones are still events (the step still begins), just quiet.
    assert [e.at - 5 for e in timeline.events if e.kind is EventKind.STEP] == [0, 300, 450]


def test_at_seconds_bells_ring_with_the_interval_sound():
    session = Session(
        id="s",
        title="S",
        minutes=10,
        prepare_seconds=0,
        bells=BellPlan(at_seconds=(0.0, 120.0, 600.0, 900.0)),
    )
    at = [(e.at, e.sound) for e in Timeline(session).events if e.kind is EventKind.AT]
    # At 0 the start bell is the bell; at or after the end there is nothing to ring.
    assert at == [(120.0, "bell")]


def test_phase_cues_ring_the_cue_on_the_open_side():
    pattern = Pattern(inhale=4, exhale=8, nostrils="alternate", phase_cues=True)
    timeline = Timeline(breathing_session(pattern, minutes=1, prepare=0))
    phases = [e for e in timeline.events if e.kind is EventKind.PHASE]
    # The first in-breath coincides with the start bell, which rings instead.
    assert phases[0].sound is None
    assert all(e.sound == "cue" for e in phases[1:])
    assert [e.side for e in phases[:4]] == [Side.LEFT, Side.RIGHT, Side.RIGHT, Side.LEFT]


def test_without_phase_cues_phases_are_silent():
    timeline = Timeline(breathing_session(Pattern(inhale=4, exhale=6)))
    assert all(e.sound is None for e in timeline.events if e.kind is EventKind.PHASE)


# -- scaling --------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [10, 20, 45])
def test_scaling_a_body_scan_keeps_the_order_and_sums_to_the_length(minutes):
    session = body_scan()
    timeline = Timeline(session, minutes * 60)
    assert [s.title for s in timeline.steps] == [s.title for s in session.steps]
    assert math.isclose(sum(s.seconds for s in timeline.steps), minutes * 60)
    assert math.isclose(timeline.length, minutes * 60)
    assert math.isclose(timeline.total, timeline.prepare + minutes * 60)
    # Proportions are kept: each step is its share of the whole.
    factor = minutes * 60 / session.default_seconds
    for original, scaled in zip(session.steps, timeline.steps, strict=True):
        assert math.isclose(scaled.seconds, original.seconds * factor)
    # Step starts follow one another without gaps.
    for start, step, following in zip(
        timeline.step_starts,
        timeline.steps,
        [*timeline.step_starts[1:], timeline.total],
        strict=True,
    ):
        assert math.isclose(start + step.seconds, following)


def test_the_default_length_is_the_sessions_own():
    assert math.isclose(Timeline(body_scan()).length, body_scan().default_seconds)
    sitting = Session(id="s", title="S", minutes=20)
    assert Timeline(sitting).length == 1200
    assert Timeline(sitting, 600).length == 600


def test_a_routine_keeps_whole_breaths_and_gives_the_rest_to_the_other_steps():
    pattern = Pattern(inhale=4, exhale=6)
    session = Session(
        id="r",
        title="R",
        kind="routine",
        steps=(
            Step("Check in", "", 60),
            Step("Breathe", "", 180, pattern=pattern),
            Step("Scan", "", 180),
            Step("Sit", "", 180),
        ),
    )
    for minutes in (10, 13, 20):
        steps = scale_steps(session, minutes * 60)
        assert [s.title for s in steps] == ["Check in", "Breathe", "Scan", "Sit"]
        assert steps[1].seconds % 10 == pytest.approx(0, abs=1e-9)
        assert math.isclose(sum(s.seconds for s in steps), minutes * 60)


@pytest.mark.parametrize("minutes", [1, 2, 3, 4.5, 7, 10, 15, 33, 60])
@pytest.mark.parametrize(
    "pattern",
    [
        Pattern(inhale=4, exhale=6),
        Pattern(inhale=4, hold_in=7, exhale=8),
        Pattern(inhale=4, exhale=8, nostrils="alternate"),
        Pattern(inhale=3.3, exhale=4.7, count_to=10),
        Pattern(inhale=0.6, exhale=0.4, style="pulse", rounds=20, rest_seconds=30),
    ],
    ids=["plain", "holds", "alternate", "counted", "pulse"],
)
def test_breathing_sessions_fill_whole_breaths_for_any_length(pattern, minutes):
    timeline = Timeline(breathing_session(pattern), minutes * 60)
    cycle = pattern.cycle_seconds
    cycles = timeline.length / cycle
    assert cycles == pytest.approx(round(cycles), abs=1e-9)
    assert round(cycles) >= 1
    assert abs(timeline.length - minutes * 60) <= cycle / 2 + 1e-9 or round(cycles) == 1
    # The last phase ends exactly at the end: never mid-breath.
    last = timeline.state_at(timeline.total - 1e-6).breath
    assert last is not None and last.phase_left < 1e-5


# -- alternate-nostril ----------------------------------------------------------------


@pytest.mark.parametrize("minutes", [1, 2, 3, 5, 7, 10, 12.5, 15])
@pytest.mark.parametrize("holds", [(0, 0), (4, 0), (0, 4), (2, 2)])
def test_alternate_nostril_goes_left_right_right_left_and_ends_out_left(minutes, holds):
    pattern = Pattern(inhale=4, hold_in=holds[0], exhale=8, hold_out=holds[1], nostrils="alternate")
    timeline = Timeline(breathing_session(pattern), minutes * 60)
    breaths = [(p, s) for p, s in phase_sides(timeline) if p in (Phase.IN, Phase.OUT)]
    expected = [
        (Phase.IN, Side.LEFT),
        (Phase.OUT, Side.RIGHT),
        (Phase.IN, Side.RIGHT),
        (Phase.OUT, Side.LEFT),
    ]
    assert breaths == expected * (len(breaths) // 4)
    assert len(breaths) % 4 == 0 and breaths
    # While holding, both nostrils are closed.
    holding = [s for p, s in phase_sides(timeline) if p in (Phase.HOLD_IN, Phase.HOLD_OUT)]
    assert all(s is Side.NONE for s in holding)
    # The session ends after an out-breath through the left (and its hold, if any).
    final = phase_sides(timeline)[-1]
    assert final == ((Phase.HOLD_OUT, Side.NONE) if holds[1] else (Phase.OUT, Side.LEFT))
    state = timeline.state_at(timeline.total - 0.01)
    assert state.breath.phase is final[0] and state.breath.side is final[1]


def test_alternate_nostril_state_names_the_open_side_in_each_phase():
    pattern = Pattern(inhale=4, exhale=8, nostrils="alternate")
    timeline = Timeline(breathing_session(pattern, prepare=0))
    seen = [timeline.state_at(t).breath for t in (1, 5, 13, 17, 25)]
    assert [(b.phase, b.side) for b in seen] == [
        (Phase.IN, Side.LEFT),
        (Phase.OUT, Side.RIGHT),
        (Phase.IN, Side.RIGHT),
        (Phase.OUT, Side.LEFT),
        (Phase.IN, Side.LEFT),
    ]


@pytest.mark.parametrize("side", ["left", "right", "both"])
def test_single_nostril_patterns_keep_one_side(side):
    pattern = Pattern(inhale=4, hold_in=2, exhale=6, nostrils=side)
    sides = {s for _, s in phase_sides(Timeline(breathing_session(pattern)))}
    assert sides == {Side(side)}


# -- pulse breathing (kapalabhati) --------------------------------------------------------


def test_kapalabhati_pulses_rounds_and_rests():
    pattern = Pattern(inhale=0.6, exhale=0.4, style="pulse", rounds=20, rest_seconds=30)
    timeline = Timeline(breathing_session(pattern, minutes=3, prepare=15))
    assert timeline.length == 200  # 3 min -> four rounds of 20 s pulsing + 30 s rest
    start = timeline.prepare
    for round_number in range(1, 5):
        round_start = start + (round_number - 1) * 50
        for pulse in range(1, 21):
            out = timeline.state_at(round_start + (pulse - 1) + 0.2).breath
            assert (out.phase, out.pulse, out.round, out.rounds) == (
                Phase.OUT,
                pulse,
                round_number,
                4,
            )
            back = timeline.state_at(round_start + (pulse - 1) + 0.7).breath
            assert (back.phase, back.pulse, back.round) == (Phase.IN, pulse, round_number)
        rest = timeline.state_at(round_start + 35).breath
        assert (rest.phase, rest.pulse, rest.round) == (Phase.REST, 0, round_number)
        assert rest.phase_left == pytest.approx(15)
    phases = [p for p, _ in phase_sides(timeline)]
    assert phases == ([Phase.OUT, Phase.IN] * 20 + [Phase.REST]) * 4


def test_pulse_fullness_is_a_small_sharp_contraction():
    pattern = Pattern(inhale=0.6, exhale=0.4, style="pulse", rounds=5, rest_seconds=10)
    timeline = Timeline(breathing_session(pattern, minutes=1, prepare=0))
    samples = [timeline.state_at(t / 100).breath.fullness for t in range(0, 500)]
    assert max(samples) <= 1 and min(samples) >= 1 - breathing.PULSE_DEPTH - 1e-9
    assert timeline.state_at(7).breath.fullness == breathing.REST_FULLNESS


def test_pulse_without_rest_is_rounds_of_pulses():
    pattern = Pattern(inhale=0.5, exhale=0.5, style="pulse", rounds=3)
    timeline = Timeline(breathing_session(pattern, minutes=0.2, prepare=0))
    assert timeline.length == 12
    rounds = [timeline.state_at(t + 0.1).breath.round for t in range(12)]
    assert rounds == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]


# -- counted breathing and the breath state ------------------------------------------------


def test_counted_breathing_counts_to_ten_then_starts_again():
    pattern = Pattern(inhale=4, exhale=6, count_to=10)
    timeline = Timeline(breathing_session(pattern, minutes=5, prepare=0))
    counts = [timeline.state_at(n * 10 + 2).breath.count for n in range(25)]
    assert counts == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] * 2 + [1, 2, 3, 4, 5]
    breaths = [timeline.state_at(n * 10 + 2).breath.breath for n in range(25)]
    assert breaths == list(range(1, 26))


def test_without_count_to_the_count_is_the_breath_number():
    timeline = Timeline(breathing_session(Pattern(inhale=2, exhale=3), prepare=0))
    assert [timeline.state_at(n * 5 + 1).breath.count for n in range(13)] == list(range(1, 14))


def test_breath_state_through_one_breath():
    pattern = Pattern(inhale=4, hold_in=2, exhale=6, hold_out=1)
    timeline = Timeline(breathing_session(pattern, prepare=0))
    expect = [
        (0.0, Phase.IN, 0.0, 0.0, 4.0),
        (2.0, Phase.IN, 0.5, 0.5, 2.0),
        (4.0, Phase.HOLD_IN, 0.0, 1.0, 2.0),
        (5.0, Phase.HOLD_IN, 0.5, 1.0, 1.0),
        (6.0, Phase.OUT, 0.0, 1.0, 6.0),
        (9.0, Phase.OUT, 0.5, 0.5, 3.0),
        (12.0, Phase.HOLD_OUT, 0.0, 0.0, 1.0),
        (13.0, Phase.IN, 0.0, 0.0, 4.0),
    ]
    for at, phase, progress, fullness, left in expect:
        breath = timeline.state_at(at).breath
        assert breath.phase is phase, at
        assert breath.phase_progress == pytest.approx(progress)
        assert breath.fullness == pytest.approx(fullness)
        assert breath.phase_left == pytest.approx(left)


def test_fullness_is_continuous_for_smooth_breathing():
    pattern = Pattern(inhale=3, hold_in=1, exhale=5, hold_out=1)
    timeline = Timeline(breathing_session(pattern, minutes=1, prepare=0))
    values = [timeline.state_at(t / 50).breath.fullness for t in range(0, 60 * 50)]
    jumps = [abs(b - a) for a, b in itertools.pairwise(values)]
    assert max(jumps) < 0.05
    assert min(values) == 0 and max(values) == 1


def test_ease_is_slow_at_both_ends():
    assert breathing.ease(0) == 0 and breathing.ease(1) == 1
    assert breathing.ease(0.5) == pytest.approx(0.5)
    assert breathing.ease(0.05) < 0.05 and breathing.ease(0.95) > 0.95
    assert breathing.ease(-1) == 0 and breathing.ease(2) == 1


# -- state_at: preparation, boundaries, the end ----------------------------------------------


def test_state_during_preparation():
    timeline = Timeline(body_scan(prepare=10))
    for at in (0, 3.5, 9.999):
        state = timeline.state_at(at)
        assert state.preparing and not state.finished
        assert state.prepare_left == pytest.approx(10 - at)
        assert state.step_index == 0
        assert state.breath is None
        assert state.remaining == pytest.approx(timeline.total - at)
    assert timeline.state_at(-5).elapsed == 0


def test_state_at_each_step_boundary():
    timeline = Timeline(body_scan(prepare=10))
    for index, start in enumerate(timeline.step_starts):
        state = timeline.state_at(start)
        assert not state.preparing and not state.finished
        assert state.step_index == index
        assert state.step == timeline.steps[index]
        assert state.step_left == pytest.approx(timeline.steps[index].seconds)
        if index:
            just_before = timeline.state_at(start - 1e-6)
            assert just_before.step_index == index - 1
            assert just_before.step_left == pytest.approx(0, abs=1e-5)


def test_state_after_the_end():
    timeline = Timeline(body_scan(prepare=10))
    for at in (timeline.total, timeline.total + 0.001, timeline.total + 3600):
        state = timeline.state_at(at)
        assert state.finished and not state.preparing
        assert state.elapsed == timeline.total
        assert state.remaining == 0 and state.progress == 1
        assert state.step_index == len(timeline.steps) - 1
        assert state.step_left == 0


def test_progress_and_remaining_in_the_middle():
    timeline = Timeline(Session(id="s", title="S", minutes=10, prepare_seconds=0))
    state = timeline.state_at(150)
    assert state.progress == pytest.approx(0.25)
    assert state.remaining == pytest.approx(450)
    assert state.step_left == pytest.approx(450)


def test_breathing_state_in_a_step_without_pattern_is_none():
    session = Session(
        id="r",
        title="R",
        prepare_seconds=0,
        steps=(Step("talk", "", 60), Step("breathe", "", 60, pattern=Pattern(inhale=4, exhale=6))),
    )
    timeline = Timeline(session)
    assert timeline.state_at(30).breath is None
    assert timeline.state_at(61).breath.phase is Phase.IN
    assert timeline.state_at(61).breath.breath == 1  # breaths count from each step's start


# -- properties over random patterns and lengths ----------------------------------------------

seconds = st.floats(min_value=0.5, max_value=20, allow_nan=False).map(lambda x: round(x, 2))
holds = st.one_of(st.just(0.0), st.floats(min_value=0.1, max_value=20).map(lambda x: round(x, 2)))
patterns = st.one_of(
    st.builds(
        Pattern,
        inhale=seconds,
        hold_in=holds,
        exhale=seconds,
        hold_out=holds,
        nostrils=st.sampled_from(["both", "alternate", "left", "right"]),
        count_to=st.integers(min_value=0, max_value=12),
        phase_cues=st.booleans(),
    ),
    st.builds(
        Pattern,
        inhale=st.floats(min_value=0.2, max_value=3).map(lambda x: round(x, 2)),
        exhale=st.floats(min_value=0.2, max_value=3).map(lambda x: round(x, 2)),
        style=st.just("pulse"),
        rounds=st.integers(min_value=1, max_value=40),
        rest_seconds=st.one_of(st.just(0.0), st.floats(min_value=1, max_value=60)),
    ),
)
minutes = st.floats(min_value=1, max_value=60, allow_nan=False)
prepares = st.sampled_from([0.0, 5.0, 12.5])

_NEXT_SMOOTH = {
    Phase.IN: {Phase.HOLD_IN, Phase.OUT},
    Phase.HOLD_IN: {Phase.OUT},
    Phase.OUT: {Phase.HOLD_OUT, Phase.IN},
    Phase.HOLD_OUT: {Phase.IN},
}
property_settings = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@property_settings
@given(pattern=patterns, length=minutes, prepare=prepares)
def test_property_layout_is_whole_ordered_and_sensible(pattern, length, prepare):
    timeline = Timeline(breathing_session(pattern, prepare=prepare), length * 60)
    step = timeline.steps[0]
    # The total is the preparation plus the steps, and the steps are whole cycles.
    assert math.isclose(timeline.total, prepare + sum(s.seconds for s in timeline.steps))
    cycles = step.seconds / pattern.cycle_seconds
    assert cycles == pytest.approx(round(cycles), abs=1e-6) and round(cycles) >= 1
    # Segments tile the step exactly: no gap, no overlap, ending at its end.
    segments = breathing.layout(pattern, step.seconds)
    for a, b in itertools.pairwise(segments):
        assert b.start == pytest.approx(a.start + a.duration, abs=1e-6)
    assert segments[0].start == 0
    assert segments[-1].start + segments[-1].duration == pytest.approx(step.seconds, abs=1e-6)
    # Phases alternate sensibly and the session ends at a breath boundary.
    phases = [p for p, _ in phase_sides(timeline)]
    if pattern.is_pulse:
        expected_round = [Phase.OUT, Phase.IN] * pattern.rounds
        expected_round += [Phase.REST] if pattern.rest_seconds else []
        assert phases == expected_round * round(cycles)
    else:
        assert phases[0] is Phase.IN
        for a, b in itertools.pairwise(phases):
            assert b in _NEXT_SMOOTH[a], (a, b)
        assert phases[-1] in (Phase.OUT, Phase.HOLD_OUT)
        outs = [s for p, s in phase_sides(timeline) if p is Phase.OUT]
        if pattern.nostrils == "alternate":
            assert outs[-1] is Side.LEFT and len(outs) % 2 == 0


@property_settings
@given(pattern=patterns, length=minutes, prepare=prepares, seed=st.integers(0, 2**32))
def test_property_every_event_fires_once_in_order_however_the_frames_fall(
    pattern, length, prepare, seed
):
    session = Session(
        id="p",
        title="P",
        kind="breathing",
        minutes=length,
        prepare_seconds=prepare,
        pattern=pattern,
        bells=BellPlan(interval_seconds=60, at_seconds=(30.0, 90.5)),
    )
    timeline = Timeline(session)
    events = timeline.events
    assert all(
        (a.at, a.kind) != (b.at, b.kind) or a.kind is EventKind.PHASE
        for a, b in itertools.pairwise(events)
    )
    assert [e.at for e in events] == sorted(e.at for e in events)
    rnd = random.Random(seed)
    delivered = sweep(timeline, rnd, 0.001, rnd.choice([0.05, 0.5, 5.0, 60.0]))
    assert [e for e, _ in delivered] == events
    for event, frame_end in delivered:
        assert frame_end >= event.at
    phases = [e for e in events if e.kind is EventKind.PHASE]
    assert len(phases) == len(phase_sides(timeline))
    # Bells never ring on top of each other.
    rung = [e.at for e in events if e.sound]
    assert all(b - a >= 0.5 for a, b in itertools.pairwise(rung))


@property_settings
@given(pattern=patterns, length=minutes, samples=st.lists(st.floats(0, 1), max_size=40))
def test_property_state_is_sane_at_any_instant(pattern, length, samples):
    timeline = Timeline(breathing_session(pattern, prepare=5), length * 60)
    instants = [f * timeline.total for f in samples] + [timeline.prepare, timeline.total - 1e-3]
    instants += [timeline.prepare + s.start for s in breathing.layout(pattern, timeline.length)]
    for at in instants:
        state = timeline.state_at(at)
        assert 0 <= state.progress <= 1
        if state.preparing or state.finished:
            continue
        breath = state.breath
        assert breath is not None
        assert 0 <= breath.fullness <= 1
        assert 0 <= breath.phase_progress <= 1
        assert 0 <= breath.phase_left <= breath.phase_seconds + 1e-9
        assert breath.breath >= 1
        if pattern.count_to:
            assert 1 <= breath.count <= pattern.count_to
        if pattern.is_pulse:
            assert 1 <= breath.round <= breath.rounds
            assert 0 <= breath.pulse <= pattern.rounds
            assert (breath.pulse == 0) == (breath.phase is Phase.REST)


@pytest.mark.parametrize(
    "pattern",
    [
        Pattern(inhale=0.3, exhale=0.3, nostrils="alternate"),
        Pattern(inhale=0.7, exhale=0.7, nostrils="alternate"),
        Pattern(inhale=0.3, exhale=0.4, style="pulse", rounds=32, rest_seconds=0.3),
    ],
)
def test_thousands_of_breaths_never_gain_an_extra_one(pattern):
    # Summing float durations breath after breath once added a sliver of a breath
    # past the end of long sessions: the step overran, and alternate-nostril breathing
    # ended on the right.
    for seconds in (8014.25, 13298.05, 13316.77, 14400.0):
        length = whole_cycles(pattern, seconds)
        segments = breathing.layout(pattern, length)
        assert segments[-1].start + segments[-1].duration == pytest.approx(length, abs=1e-6)
        if pattern.nostrils == "alternate":
            assert (segments[-1].phase, segments[-1].side) == (Phase.OUT, Side.LEFT)
