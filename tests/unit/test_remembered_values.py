"""A remembered value never makes a command fail (issue 20, part 2).

The quick timer remembers its last length and interval. Whatever no longer fits only
because one of them was remembered is left out and said once, on stderr; two values typed
now that do not fit are still the person's mistake (exit 2).
"""

from __future__ import annotations

import pytest

from mbsr_tui.__main__ import main
from mbsr_tui.core.settings import Settings, load_settings, save_settings
from mbsr_tui.core.timer import fitted_shape


def remember(**values) -> None:
    save_settings(Settings(seen_care_note=True, **values))


def test_timer_one_after_a_remembered_bell_every_minute_drops_the_interval(launched, capsys):
    remember(timer_minutes=20.0, timer_interval_minutes=1.0)  # the menu's quick timer
    assert main(["timer", "1"]) == 0
    assert launched["session"].default_seconds == 60
    assert launched["session"].bells.interval_seconds == 0
    err = capsys.readouterr().err
    assert err.count("A bell every 1 minute does not fit a timer of 1 minute") == 1
    # Said once: what was left out is not remembered, so the next time says nothing.
    assert load_settings().settings.timer_interval_minutes == 0
    assert main(["timer", "1"]) == 0
    assert capsys.readouterr().err == ""


def test_a_typed_interval_longer_than_the_remembered_length_is_left_out(launched, capsys):
    remember(timer_minutes=20.0)
    assert main(["timer", "--interval", "25"]) == 0
    assert launched["session"].default_seconds == 20 * 60
    assert launched["session"].bells.interval_seconds == 0
    assert "does not fit a timer of 20 minutes" in capsys.readouterr().err


def test_bells_at_moments_past_the_remembered_length_are_left_out(launched, capsys):
    remember(timer_minutes=10.0)
    assert main(["timer", "--at", "5,12"]) == 0
    assert launched["session"].bells.at_seconds == (300.0,)
    assert "A bell at 12 min falls outside a timer of 10 minutes" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["timer", "1", "--interval", "1"], ["timer", "3", "--at", "4"]])
def test_values_typed_together_that_do_not_fit_are_still_a_mistake(launched, args, capsys):
    remember(timer_minutes=20.0, timer_interval_minutes=1.0)
    assert main(args) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_an_open_sit_keeps_a_remembered_interval():
    shape, notes = fitted_shape(None, 5.0, minutes_typed=False, interval_typed=False)
    assert shape.interval_minutes == 5.0 and notes == []
