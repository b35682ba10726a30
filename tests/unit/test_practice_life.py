"""A practice's life (core): check-in answers from a key stream, the outcome kept once,
what is worth logging, and practised time without the countdown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mbsr_tui.core.checkin_form import CheckInForm
from mbsr_tui.core.clock import SessionClock
from mbsr_tui.core.loader import load_session
from mbsr_tui.core.paths import builtin_sessions_dir
from mbsr_tui.core.practice import CheckIn, Outcome, PracticeLife
from tests.support.clock import FakeClock
from tests.support.oracles import type_note

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def sitting():
    return load_session(builtin_sessions_dir() / "sitting.toml")


def feed(form: CheckInForm, keys: list[str]) -> None:
    """Keys as a terminal sends them, in order."""
    for key in keys:
        if key == "enter":
            form.keep()
        elif key == "s":
            form.skip()
        elif key == "escape":
            form.skip_rest()
        elif key in ("left", "right"):
            form.step(1 if key == "right" else -1)
        elif form.current == "note":
            type_note(form, key)
        else:
            form.digit(key)


@pytest.mark.parametrize(
    ("keys", "pain", "stress"),
    [
        (["7", "enter", "3", "enter"], 7, 3),
        (["1", "0", "enter", "0", "enter"], 10, 0),
        # The "1 then 0" buffer belongs to one question: pain 1, then stress 0 is 0.
        (["1", "enter", "0", "enter"], 1, 0),
        (["s", "4", "enter"], None, 4),
        (["enter", "enter"], None, None),
        (["3", "9", "enter", "right", "right", "enter"], 9, 7),
        (["0", "left", "enter", "1", "1", "enter"], 0, 1),
    ],
)
def test_answers_land_in_their_own_question(keys, pain, stress):
    form = CheckInForm()
    feed(form, keys)
    assert form.done
    assert form.so_far() == CheckIn(pain, stress, "")


@pytest.mark.parametrize("char", ["²", "³", "٣", "۷", "①", "½", "x", ""])
def test_only_decimal_ascii_digits_are_ratings(char):
    form = CheckInForm()
    assert form.digit(char) is False
    assert form.value is None


def test_note_after_the_practice_and_escape_keeps_what_was_answered():
    form = CheckInForm(with_note=True)
    feed(form, ["5", "enter", "2", "enter", *"ok\x1b[31m", "enter"])
    assert form.so_far() == CheckIn(5, 2, "ok[31m")  # the raw ESC never reaches the journal

    form = CheckInForm(with_note=True)
    feed(form, ["5", "enter", "escape"])
    assert form.done and form.so_far() == CheckIn(5, None, "")


def test_keys_after_the_end_change_nothing():
    form = CheckInForm()
    feed(form, ["2", "enter", "3", "enter", "9", "enter", "s"])
    assert form.so_far() == CheckIn(2, 3, "")


def test_the_first_outcome_is_kept(sitting):
    life = PracticeLife(sitting, START)
    finished = Outcome(sitting, 600, 600, reached_end=True)
    life.end(finished, START + timedelta(minutes=10))
    life.end(Outcome(sitting, 600, 650, reached_end=False), START + timedelta(minutes=12))
    assert life.outcome is finished
    assert life.ended_at == START + timedelta(minutes=10)


@pytest.mark.parametrize(
    ("planned", "practised", "reached_end", "logged"),
    [
        (30, 30, True, True),  # a short practice that reached its end is a practice
        (600, 59, False, False),
        (600, 60, False, True),
        # Whatever the way out (q, a signal, a hang-up, a group dropped at 44 s): the same.
        (600, 44, False, False),
        (120, 3, False, False),  # `timer 2` ended by SIGTERM after 3 s
        (600, 0.5, False, False),
        # Pressing n through to the end is not staying through: under a minute, not logged.
        (600, 40, True, False),
    ],
)
def test_worth_logging(sitting, planned, practised, reached_end, logged):
    life = PracticeLife(sitting, START)
    assert not life.worth_logging()  # still playing
    life.end(Outcome(sitting, planned, practised, reached_end))
    assert life.worth_logging() is logged
    life.logged = True
    assert not life.worth_logging()  # once only


@pytest.mark.parametrize(
    ("planned", "practised", "reached_end", "completed", "words"),
    [
        (1200, 1200, True, True, "You stayed to the end."),
        (1200, 1080, True, True, "You stayed to the end."),  # 90 %: a part skipped is fine
        (1200, 202, True, False, "You skipped ahead through some parts; that's fine."),
        (1200, 1079, True, False, "You skipped ahead through some parts; that's fine."),
        (1200, 600, False, False, "You stopped early, and that is fine."),
        (0, 75, True, True, "You stayed to the end."),  # an open sit has no end to miss
    ],
)
def test_stayed_through_is_told_from_time_spent(planned, practised, reached_end, completed,
                                                words, sitting):  # fmt: skip
    outcome = Outcome(sitting, planned, practised, reached_end)
    assert outcome.completed is completed
    assert outcome.ending_words() == words


def test_a_body_scan_skipped_through_is_logged_as_not_completed():
    """Issue 20: `n` through 13 of 15 parts of a 20-minute body scan (fake clock): the
    journal says what was practised and that it was not stayed through."""
    from mbsr_tui.core.timeline import Timeline

    scan = load_session(builtin_sessions_dir() / "body-scan.toml")
    timeline = Timeline(scan, 20 * 60)
    now = FakeClock()
    clock = SessionClock(now)
    clock.skip_to(timeline.prepare)
    for index in range(1, len(timeline.step_starts)):
        now.advance(15)  # a few seconds in each part, then n
        clock.skip_to(timeline.step_starts[index])
    now.advance(timeline.total - timeline.step_starts[-1])  # the last part, whole
    assert timeline.state_at(clock.elapsed()).finished
    practised = min(clock.practised_since(timeline.prepare), timeline.length)
    life = PracticeLife(scan, START)
    life.end(Outcome(scan, timeline.length, practised, reached_end=True))
    entry = life.entry()
    assert entry.practised_seconds == round(practised) < 0.5 * timeline.length
    assert not entry.completed
    assert life.worth_logging()  # more than a minute was practised: it is in the journal


def test_entry_keeps_answers_given_so_far_and_when_it_ended(sitting):
    life = PracticeLife(sitting, START, before=CheckIn(6, 4))
    life.end(Outcome(sitting, 600, 600, True), START + timedelta(minutes=10))
    life.answered_after(CheckIn(3, None, ""))
    entry = life.entry()
    assert entry.completed
    assert (entry.pain_before, entry.stress_before, entry.pain_after) == (6, 4, 3)
    assert entry.ended_at == START + timedelta(minutes=10)
    assert entry.practised_seconds == 600


def test_practised_time_leaves_out_the_countdown_pauses_and_skips():
    now = FakeClock()
    clock = SessionClock(now)
    now.advance(4)  # getting ready (5 s countdown)
    assert clock.practised_since(5) == 0
    now.advance(3)
    assert clock.practised_since(5) == pytest.approx(2)
    clock.pause()
    now.advance(100)
    clock.resume()
    clock.skip_to(300)
    now.advance(10)
    assert clock.practised_since(5) == pytest.approx(12)


def test_skipping_the_countdown_starts_practice_at_once():
    now = FakeClock()
    clock = SessionClock(now)
    now.advance(1)
    clock.skip_to(5)
    now.advance(30)
    assert clock.practised_since(5) == pytest.approx(30)
