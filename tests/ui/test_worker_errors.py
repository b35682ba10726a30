"""A worker's unforeseen error is said in plain words in one place (ui/worker_errors.py),
and the app carries on (issue 19, item 3): for the app's own workers and a screen's."""

from __future__ import annotations

import contextlib

from textual import work
from textual.worker import WorkerFailed

from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.screens.rooms import RoomsScreen
from mbsr_tui.ui.worker_errors import FAILED

QUIET = Settings(seen_care_note=True, checkins=False)


def notes(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def settle(pilot) -> None:
    for _ in range(3):
        with contextlib.suppress(WorkerFailed):  # what this file is about: told, not raised
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_a_screen_worker_that_raises_is_told_and_the_app_stays(
    make_app, tmp_path, monkeypatch
):
    from mbsr_tui.core.group import listing

    def broken(folder, now):
        raise OSError(5, "Input/output error", str(folder))

    monkeypatch.setattr(listing, "look", broken)
    folder = tmp_path / "rooms"
    folder.mkdir(mode=0o700)
    app = make_app(None, QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(RoomsScreen(folder))
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, RoomsScreen)
        assert f"{FAILED}: {folder}: Input/output error" in notes(app)
        assert "Traceback" not in notes(app)


async def test_an_app_worker_that_raises_is_told_and_the_app_stays(make_app):
    app = make_app(None, QUIET)

    @work(thread=True, exit_on_error=False)
    def fails(self) -> None:
        raise RuntimeError("the\x1b[2J disk\nwent away")

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        fails(app)
        await settle(pilot)
        assert app.is_running
        said = notes(app)
        assert FAILED in said and "went away" in said
        assert "\x1b" not in said  # the error's own words are neutralised


async def test_an_unforeseen_save_error_is_not_saved_and_the_editor_saves_again(
    make_app, user_sessions, monkeypatch
):
    from mbsr_tui.ui.screens import editor_saving as editor_module
    from tests.ui.test_editor import open_editor, set_value
    from tests.ui.test_editor_saves import pressed

    real_save = editor_module.save_draft

    def unforeseen(*args, **kwargs):
        raise ValueError("a surprise")

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, None)
        set_value(editor, "f-title", "Evening")
        monkeypatch.setattr(editor_module, "save_draft", unforeseen)
        await pressed(pilot, "ctrl+s")
        assert app.is_running and app.screen is editor and editor.dirty
        assert "Not saved: could not write it (a surprise)" in notes(app)
        monkeypatch.setattr(editor_module, "save_draft", real_save)
        await pressed(pilot, "ctrl+s")  # not stuck "saving"
        assert not editor.dirty
    assert (user_sessions / "evening.toml").exists()
