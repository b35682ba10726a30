"""The quick timer and the open-ended sit: their shape, the command line, what is
remembered, and an open sit ended with q in the app (a fake clock)."""

from __future__ import annotations

import math

import pytest

from mbsr_tui.__main__ import main
from mbsr_tui.core.settings import load_settings
from mbsr_tui.core.timeline import Timeline
from mbsr_tui.core.timer import TimerError, TimerShape, timer_session
from mbsr_tui.ui.widgets.session_progress import bar_parts, progress_change_in


def bells(timeline: Timeline) -> list[tuple[float, str]]:
    return [(e.at, e.kind.value) for e in timeline.events if e.sound]


def test_a_two_minute_timer_rings_at_zero_sixty_and_one_twenty():
    timeline = Timeline(timer_session(TimerShape(2, interval_minutes=1)))
    assert bells(timeline) == [(0.0, "start"), (60.0, "interval"), (120.0, "end")]
    assert timeline.length == 120


def test_bells_at_chosen_moments():
    timeline = Timeline(timer_session(TimerShape(10, at_minutes=(7, 2.5))))
    assert bells(timeline) == [(0.0, "start"), (150.0, "at"), (420.0, "at"), (600.0, "end")]


def test_an_open_sit_has_interval_bells_and_no_end_in_sight():
    session = timer_session(TimerShape(None, interval_minutes=5))
    timeline = Timeline(session)
    assert session.open_ended
    rung = bells(timeline)
    assert rung[:3] == [(0.0, "start"), (300.0, "interval"), (600.0, "interval")]
    assert not timeline.state_at(5 * 3600).finished


@pytest.mark.parametrize(
    ("shape", "words"),
    [
        (TimerShape(0), "more than 0"),
        (TimerShape(361), "at most 360"),
        (TimerShape(5, interval_minutes=5), "shorter than the timer"),
        (TimerShape(5, interval_minutes=-1), "negative"),
        (TimerShape(5, at_minutes=(6,)), "outside the timer"),
        (TimerShape(math.nan), "more than 0"),
    ],
)
def test_a_timer_that_cannot_be_is_said_plainly(shape, words):
    with pytest.raises(TimerError, match=words):
        timer_session(shape)


def test_the_open_sit_progress_counts_up_with_no_bar():
    parts = bar_parts(75, math.inf, 60)
    assert parts.bar_width == 0 and "1:15 so far" in parts.label and "left" not in parts.label
    assert progress_change_in(75.2, math.inf, 60) == pytest.approx(0.801)


def test_the_command_line_shapes_the_timer_and_remembers_it(launched):
    assert main(["timer", "12", "--interval", "4", "--bell", "terminal", "--no-checkin",
                 "--exit-at-end"]) == 0  # fmt: skip
    session = launched["session"]
    assert session.default_seconds == 720 and session.bells.interval_seconds == 240
    assert launched["bell_mode"] == "terminal" and launched["exit_at_end"]
    assert not launched["checkins"]
    saved = load_settings().settings
    assert (saved.timer_minutes, saved.timer_interval_minutes) == (12, 4)
    launched.clear()
    assert main(["timer"]) == 0  # the last length and interval, again
    assert launched["session"].default_seconds == 720
    assert launched["session"].bells.interval_seconds == 240


def test_the_open_sit_from_the_command_line(launched):
    assert main(["timer", "--open", "--interval", "10"]) == 0
    assert launched["session"].open_ended


MISTAKES = [
    ["timer", "0"],
    ["timer", "5", "--open"],
    ["timer", "3", "--at", "1,x"],
    ["timer", "3", "--interval", "3"],
]


@pytest.mark.parametrize("args", MISTAKES)
def test_usage_mistakes_exit_two(launched, args, capsys):
    assert main(args) == 2
    assert "Traceback" not in capsys.readouterr().err
