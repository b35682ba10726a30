"""A routine too short for its breathing steps is refused, never played squeezed.

Breathing steps are played in whole breaths (or pulse rounds). At a length too short for
them they would take nearly all the time, and the other steps would flash by in a second
or two: such a length is not offered by the picker, and `check` refuses a file whose own
length or `min_minutes` is one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mbsr_tui.__main__ import main
from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.loader import validate
from mbsr_tui.core.session import scale_steps
from mbsr_tui.core.timeline import squeezes

# Arrive and close 30 s each around one slow minute-long breath (in 30 s, out 30 s).
ROUTINE = """
title = "Slow routine"
kind = "routine"
{minutes}

[[steps]]
title = "Arrive"
prompt = "Settle."
seconds = 30

[[steps]]
title = "One slow breath"
prompt = "In, and out."
seconds = 60
pattern = {{ inhale = 30.0, exhale = 30.0 }}

[[steps]]
title = "Close"
prompt = "Rest."
seconds = 30
"""


def routine(write_session, minutes: str = "") -> Path:
    return write_session(ROUTINE.format(minutes=minutes))


def loaded(path: Path):
    session, problems = validate(path)
    assert problems == [], problems
    return session


def test_a_length_that_leaves_the_other_steps_a_second_or_two_squeezes(write_session):
    session = loaded(routine(write_session))  # 2 minutes from its steps
    # At one minute the single slow breath still takes a whole minute...
    steps = scale_steps(session, 60)
    assert steps[1].seconds == 60
    assert sum(s.seconds for s in steps if not s.pattern) <= 2
    # ...so that length squeezes; its own two minutes and one and a half do not.
    assert squeezes(session, 60)
    assert not squeezes(session, 120)
    assert not squeezes(session, 90)  # the others keep 30 of their 45 s: two thirds
    assert not squeezes(session)


def test_sessions_without_a_mix_of_steps_never_squeeze(tmp_path):
    catalogue = load_catalogue(user_dir=tmp_path / "none")
    for sid in ("sitting", "counted-breathing", "kapalabhati", "alternate-nostril"):
        session = catalogue.get(sid)
        for minutes in (1, 2, 3, 5, 60):
            assert not squeezes(session, minutes * 60), (sid, minutes)


def test_check_refuses_a_file_whose_own_length_squeezes(write_session, capsys):
    path = routine(write_session, "minutes = 1")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:4: ")  # the 'minutes' line
    assert "breathing steps take nearly all" in out


def test_check_refuses_a_min_minutes_that_squeezes(write_session, capsys):
    path = routine(write_session, "minutes = 2\nmin_minutes = 1")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:5: ")  # the 'min_minutes' line
    assert "'min_minutes' (1)" in out and "raise it" in out


@pytest.mark.parametrize("minutes", ["minutes = 2", "minutes = 2\nmin_minutes = 1.5", ""])
def test_check_accepts_lengths_that_keep_the_steps(write_session, capsys, minutes):
    assert main(["check", str(routine(write_session, minutes))]) == 0
    assert capsys.readouterr().out == ""
