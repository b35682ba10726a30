"""The length picker: sensible lengths, the practice's own preselected, none that squeezes."""

from __future__ import annotations

from textual.widgets import OptionList

from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.lengths import length_choices
from mbsr_tui.core.loader import validate
from mbsr_tui.core.timeline import Timeline, squeezes
from mbsr_tui.ui.screens.length import LengthScreen
from tests.unit.test_squeeze import ROUTINE


def routine(write_session, minutes: str):
    session, problems = validate(write_session(ROUTINE.format(minutes=minutes)))
    assert problems == [], problems
    return session


def test_no_builtin_practice_squeezes_at_any_length_the_picker_offers(tmp_path):
    catalogue = load_catalogue(user_dir=tmp_path / "none")
    for session in catalogue.sessions.values():
        offered = length_choices(session)
        assert session.default_minutes in offered
        for minutes in offered:
            assert not squeezes(session, minutes * 60), (session.id, minutes)


def test_the_picker_does_not_offer_a_squeezing_length(write_session):
    session = routine(write_session, "minutes = 2")
    # Without min_minutes the picker would start at half the default: one minute.
    assert length_choices(session) == [2, 3, 4]
    played = Timeline(session, 2 * 60)
    assert [round(s.seconds) for s in played.steps] == [30, 60, 30]


async def test_the_picker_lists_only_lengths_that_keep_the_steps(make_app, write_session):
    session = routine(write_session, "minutes = 2")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(LengthScreen(session))
        await pilot.pause()
        lengths = app.screen.query_one("#lengths", OptionList)
        ids = [lengths.get_option_at_index(i).id for i in range(lengths.option_count)]
        assert ids == ["2", "3", "4"]
        assert lengths.highlighted_option.id == "2"
