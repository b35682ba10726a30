"""When the next visible change happens: pure functions, checked against brute force."""

from __future__ import annotations

import math

import pytest

from mbsr_tui.core.breathing import fullness
from mbsr_tui.core.events import Phase
from mbsr_tui.core.session import Pattern
from mbsr_tui.ui.frame_plan import next_wake
from mbsr_tui.ui.guidance import clock_change_in, clock_text, whole_second_in
from mbsr_tui.ui.widgets.pacer_geometry import (
    Glyphs,
    changed_spans,
    draw,
    next_radius_change,
    radius_dots,
    shape_key,
)
from mbsr_tui.ui.widgets.session_progress import (
    bar_parts,
    changed_span,
    progress_change_in,
    progress_changes_in,
)

STEP = 0.0005  # brute force walks time in half-millisecond steps


def first_change(value, start: float, limit: float) -> float | None:
    """Brute force: the first moment after `start` (within `limit`) where `value` differs."""
    now = value(start)
    steps = int(limit / STEP)
    for i in range(1, steps + 1):
        if value(start + i * STEP) != now:
            return i * STEP
    return limit if value(start + limit) != now else None


# -- clock texts ----------------------------------------------------------------------


@pytest.mark.parametrize("seconds", [0.0, 0.0004, 0.3, 0.999, 1.0, 1.0011, 59.5, 3599.2])
def test_a_count_up_changes_exactly_when_its_text_does(seconds):
    wait = clock_change_in(seconds)
    assert 0 < wait <= 1.0
    assert clock_text(seconds + wait - 0.0002) == clock_text(seconds)
    assert clock_text(seconds + wait + 0.0002) != clock_text(seconds)


@pytest.mark.parametrize("left", [0.5, 0.9991, 1.0, 1.0005, 4.0, 3.25, 60.0, 3600.7])
def test_a_countdown_changes_exactly_when_its_text_does(left):
    wait = clock_change_in(left, counting_down=True)
    assert 0 <= wait < 1.0
    assert clock_text(left - wait + 0.0002) == clock_text(left)
    assert clock_text(left - wait - 0.0002) != clock_text(left)


def test_a_countdown_at_nought_never_changes():
    assert clock_change_in(0.0, counting_down=True) == math.inf
    assert clock_change_in(0.0005, counting_down=True) == math.inf


def test_whole_seconds():
    assert whole_second_in(0.0) == 1.0
    assert whole_second_in(2.25) == pytest.approx(0.75)


# -- the pacer's radius -----------------------------------------------------------------

BREATHS = [
    (Pattern(inhale=4.0, exhale=6.0), Phase.IN, 4.0),
    (Pattern(inhale=4.0, exhale=6.0), Phase.OUT, 6.0),
    (Pattern(inhale=0.5, exhale=0.3, style="pulse", rounds=10), Phase.OUT, 0.3),
    (Pattern(inhale=0.5, exhale=0.3, style="pulse", rounds=10), Phase.IN, 0.5),
]


@pytest.mark.parametrize(("pattern", "phase", "seconds"), BREATHS)
@pytest.mark.parametrize("size", [(20, 9), (20, 3), (7, 5)])
def test_next_radius_change_agrees_with_brute_force(pattern, phase, seconds, size):
    def radius(t: float) -> int:
        return radius_dots(*size, fullness(pattern, phase, t / seconds), Glyphs.BRAILLE)

    t = 0.0
    while t < seconds:
        planned = next_radius_change(pattern, phase, t / seconds, seconds, size, Glyphs.BRAILLE)
        found = first_change(radius, t, seconds - t)
        if found is None:
            assert planned is None
            break
        assert planned is not None
        # Never early (the new radius shows at the planned moment), within half a
        # millisecond of the brute force's step.
        assert radius(t + planned) != radius(t)
        assert abs(planned - found) <= STEP + 1e-9
        t += planned


def test_a_hold_never_changes_the_radius():
    pattern = Pattern(inhale=4.0, hold_in=4.0, exhale=4.0)
    assert next_radius_change(pattern, Phase.HOLD_IN, 0.2, 4.0, (20, 9), Glyphs.BRAILLE) is None


def test_a_four_second_in_breath_shows_every_picture_at_its_planned_moments():
    pattern, size = Pattern(inhale=4.0, exhale=6.0), (20, 9)
    t, keys = 0.0, {shape_key(*size, 0.0, Glyphs.BRAILLE)}
    while (
        wait := next_radius_change(pattern, Phase.IN, t / 4, 4.0, size, Glyphs.BRAILLE)
    ) is not None:
        t += wait
        keys.add(shape_key(*size, fullness(pattern, Phase.IN, t / 4), Glyphs.BRAILLE))
    every = {
        shape_key(*size, fullness(pattern, Phase.IN, i / 4000), Glyphs.BRAILLE) for i in range(4001)
    }
    assert keys == every
    assert len(keys) >= 12


def test_changed_spans_cover_exactly_the_differing_cells():
    old, new = (
        draw(shape_key(20, 9, 0.4, Glyphs.BRAILLE)),
        draw(shape_key(20, 9, 0.6, Glyphs.BRAILLE)),
    )
    spans = changed_spans(old, new)
    assert spans
    patched = [list(row) for row in old]
    for x, y, width in spans:
        patched[y][x : x + width] = new[y][x : x + width]
    assert tuple("".join(row) for row in patched) == new
    assert changed_spans(old, old) == []


# -- the progress line ------------------------------------------------------------------


@pytest.mark.parametrize(("total", "width"), [(610.0, 76), (73.5, 76), (3700.0, 40), (20.0, 80)])
def test_progress_changes_exactly_when_its_line_does(total, width):
    def line(t: float) -> str:
        return bar_parts(t, total, width).text()

    for start in (0.0, 0.37, total / 3, total / 2 + 0.123, total - 1.4):
        planned = progress_change_in(start, total, width)
        found = first_change(line, start, 1.2)
        assert found is not None
        assert line(start + planned + 1e-6) != line(start)
        assert found - STEP - 1e-6 <= planned <= found + 1e-9


def test_progress_holds_once_the_session_is_over():
    assert progress_change_in(610.0, 610.0, 76) == math.inf
    assert progress_changes_in(610.0, 610.0, 76) == ()


def test_both_clocks_of_the_progress_line_are_planned_and_drawn_in_one_frame():
    # The time so far turns just after a whole second, the time left just before it:
    # given both, the player wakes once for the two (it used to wake twice, a frame apart).
    total, width, start = 610.0, 76, 11.5

    def line(t: float) -> str:
        return bar_parts(t, total, width).text()

    changes = sorted(progress_changes_in(start, total, width))
    assert changes[0] == progress_change_in(start, total, width)
    assert changes[1] - changes[0] < 1 / 15
    wake = next_wake(start, [start + c for c in changes], frame=1 / 15, longest=0.5)
    after = line(wake + 0.001)  # the player wakes a hair late (WAKE_LATE)
    assert after != line(start + changes[0] + 0.001)  # at the wake both clocks have turned
    assert after == line(wake + 0.5)  # and nothing else turns until the next second


def test_changed_span():
    assert changed_span("abcdef", "abXdYf") == (2, 3)
    assert changed_span("same", "same") is None
    assert changed_span("short", "longer!") == (0, 7)


# -- the wake ---------------------------------------------------------------------------


def test_wake_at_the_soonest_change_drawing_close_ones_together():
    assert next_wake(10.0, [10.5, 12.0], frame=0.07, longest=5) == 10.5
    assert next_wake(10.0, [10.5, 10.55, 12.0], frame=0.07, longest=5) == 10.55


def test_wake_never_passes_a_bell_nor_sleeps_too_long():
    assert next_wake(10.0, [10.5, 10.55], bell=10.52, frame=0.07, longest=5) == 10.52
    assert next_wake(10.0, [30.0], frame=0.07, longest=0.5) == 10.5
    assert next_wake(10.0, [math.inf], frame=0.07, longest=0.5) == 10.5
    assert next_wake(10.0, [], bell=10.2, frame=0.07, longest=0.5) == 10.2
