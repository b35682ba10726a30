"""The start form of a group sitting checks a length as `run --minutes` does (one home:
core/lengths.py), so a length too short for the breathing parts is refused here too."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input, Static

from mbsr_tui.core.catalogue import Catalogue
from mbsr_tui.core.loader import validate
from mbsr_tui.ui.screens.group_start import GroupStartScreen
from tests.unit.test_cli_squeeze import ROUTINE


def _routine(tmp_path):
    path = tmp_path / "breath-and-rest.toml"
    path.write_text(ROUTINE)
    session, problems = validate(path)
    assert session is not None and not problems
    return session


async def _open_with(tmp_path, minutes: str):
    session = _routine(tmp_path)
    results: list[object] = []
    app = App()
    async with app.run_test() as pilot:
        screen = GroupStartScreen(Catalogue({session.id: session}), tmp_path)
        app.push_screen(screen, results.append)
        await pilot.pause()
        screen.query_one("#group-minutes", Input).value = minutes
        screen.action_open()
        await pilot.pause()
        still_open = screen in app.screen_stack
        said = str(screen.query_one("#group-start-problem", Static).render()) if still_open else ""
    return results, said


async def test_the_form_refuses_a_squeezing_length_with_runs_words(tmp_path):
    results, said = await _open_with(tmp_path, "1")
    assert results == []
    assert "too short at 1 minute for its breathing parts" in said


async def test_the_form_opens_a_fair_length_a_breath_ahead(tmp_path):
    results, said = await _open_with(tmp_path, "4")
    assert said == ""
    (plan,) = results
    assert plan.seconds == 240 and plan.starts_at is None
