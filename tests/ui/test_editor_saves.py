"""What the editor saves is what the screen shows, and only over what it has seen: keys read
together with ctrl+s, a file changed by hand between saves, any name the loader accepts, a
disk that refuses the write; the practices read again off the event loop."""

from __future__ import annotations

import errno
import threading

import pytest
from textual.widgets import Input, OptionList, Static, TextArea

from mbsr_tui.core import catalogue as catalogue_module
from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.loader import validate
from mbsr_tui.core.session_draft import SessionDraft
from mbsr_tui.core.session_files import save_draft
from mbsr_tui.ui.screens import editor_saving as editor_module
from mbsr_tui.ui.screens.editor_dialogs import ChoiceScreen
from mbsr_tui.ui.screens.menu import MenuScreen
from tests.support.one_read import Pasted, read_at_once
from tests.ui.test_editor import open_editor, own_files, set_value, settle


async def settled_twice(pilot) -> None:
    # A save, a question's answer, then the save it leads to.
    for _ in range(2):
        await settle(pilot)


async def pressed(pilot, *keys: str) -> None:
    """Press `keys`, then let what they lead to settle (a save and its question)."""
    await pilot.press(*keys)
    await settled_twice(pilot)


async def saved_with(pilot, editor, field_id: str, value: str) -> None:
    """Put `value` in the field `field_id`, then save with ctrl+s."""
    set_value(editor, field_id, value)
    await pressed(pilot, "ctrl+s")


# -- keys read with ctrl+s ---------------------------------------------------------------


async def test_keys_read_with_ctrl_s_are_in_the_saved_file(make_app, config_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, None)
        assert editor.query_one("#f-title", Input).has_focus  # "My practice", selected
        read_at_once(app, *"Evening calm", "ctrl+s")
        await settled_twice(pilot)
        assert editor.query_one("#f-title", Input).value == "Evening calm"
        assert own_files(config_dir / "sessions") == ["evening-calm.toml"]
    assert validate(config_dir / "sessions" / "evening-calm.toml")[0].title == "Evening calm"


async def test_a_paste_deep_in_the_steps_read_with_ctrl_s_is_saved(make_app, user_sessions):
    # A step's guidance sits three containers below the form: its change climbs them all.
    save_draft(SessionDraft.of(load_catalogue().get("body-scan")), "scan", user_sessions)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, "scan")
        prompt = editor.query_one("#s-prompt", TextArea)
        prompt.focus()
        prompt.move_cursor(prompt.document.end)
        await pilot.pause()
        shown_before = prompt.text
        read_at_once(app, *" Soft", Pasted(" and slow, to the toes."), "ctrl+s")
        await settled_twice(pilot)
        assert prompt.text == shown_before + " Soft and slow, to the toes."
        assert not editor.dirty  # what was saved is what is shown
    saved = validate(user_sessions / "scan.toml")[0]
    assert saved.steps[0].prompt == shown_before + " Soft and slow, to the toes."


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
async def test_keys_read_with_a_quit_key_make_the_editor_ask(make_app, key):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, "counted-breathing")
        assert not editor.dirty  # an untouched copy: quitting would ask nothing
        editor.query_one("#f-summary", Input).focus()
        await pilot.pause()
        read_at_once(app, *"Evening calm", key)
        await settled_twice(pilot)
        assert app.is_running and isinstance(app.screen, ChoiceScreen)
        assert editor.query_one("#f-summary", Input).value.endswith("Evening calm")


# -- every save compares the file with what the editor last wrote ------------------------


def hand_edit(path) -> str:
    text = path.read_text().replace('summary = ""', 'summary = "Mine, by hand"')
    text = "# a note to myself\n" + text
    path.write_text(text)
    return text


@pytest.mark.parametrize("answer", ["o", "c", "k"])
async def test_a_second_save_asks_when_the_file_was_changed_by_hand(make_app, user_sessions,
                                                                    answer):  # fmt: skip
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, None)
        await saved_with(pilot, editor, "f-title", "Evening")
        path = user_sessions / "evening.toml"
        assert own_files(user_sessions) == ["evening.toml"]
        by_hand = hand_edit(path)
        await saved_with(pilot, editor, "f-minutes", "25")
        assert isinstance(app.screen, ChoiceScreen)
        question = str(app.screen.query_one(".dialog-question", Static).render())
        assert "evening.toml was changed outside the editor" in question
        assert path.read_text() == by_hand  # nothing written before the answer
        await pressed(pilot, answer)
        assert app.screen is editor
    if answer == "o":
        assert own_files(user_sessions) == ["evening.toml"]
        assert validate(path)[0].minutes == 25
    elif answer == "c":
        assert own_files(user_sessions) == ["evening-2.toml", "evening.toml"]
        assert path.read_text() == by_hand
        assert validate(user_sessions / "evening-2.toml")[0].minutes == 25
    else:
        assert path.read_text() == by_hand
        assert editor.dirty


async def test_the_first_save_asks_when_the_file_changed_since_it_was_opened(
    make_app, user_sessions
):
    # Changed in the editor's own layout (no comment): only comparing the bytes catches it.
    save_draft(SessionDraft(title="Mine", minutes=8), "mine", user_sessions)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, "mine")
        save_draft(SessionDraft(title="Mine", minutes=9, summary="From elsewhere"), "mine",
                   user_sessions, replacing=(user_sessions / "mine.toml").read_bytes())  # fmt: skip
        await saved_with(pilot, editor, "f-title", "Mine, renamed")
        assert isinstance(app.screen, ChoiceScreen)
        await pressed(pilot, "k")
    assert validate(user_sessions / "mine.toml")[0].summary == "From elsewhere"


async def test_a_file_removed_meanwhile_is_not_silently_made_again(make_app, user_sessions):
    save_draft(SessionDraft(title="Mine", minutes=8), "mine", user_sessions)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, "mine")
        (user_sessions / "mine.toml").rename(user_sessions / "elsewhere.txt")
        await saved_with(pilot, editor, "f-minutes", "12")
        assert isinstance(app.screen, ChoiceScreen)
        assert "mine.toml was removed" in str(app.screen.query_one(".dialog-question").render())
        await pressed(pilot, "o")
    assert validate(user_sessions / "mine.toml")[0].minutes == 12


# -- names the loader accepts --------------------------------------------------------------


@pytest.mark.parametrize("stem", ["Evening Sit", "my_practice", "Morning", "Ünïcode sit"])
async def test_a_file_the_loader_accepts_is_saved_in_place(make_app, user_sessions, stem):
    path = user_sessions / f"{stem}.toml"
    path.write_text(SessionDraft(title="By name", minutes=8).dumps())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, stem)
        await saved_with(pilot, editor, "f-minutes", "14")
        assert not isinstance(app.screen, ChoiceScreen)
        assert f"saved as {stem}.toml" in editor._header_text()
    assert own_files(user_sessions) == [f"{stem}.toml"]
    assert validate(path)[0].minutes == 14


# -- a disk that refuses --------------------------------------------------------------------


async def test_a_refused_second_save_keeps_what_was_typed(make_app, user_sessions, monkeypatch):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, None)
        await saved_with(pilot, editor, "f-title", "Evening")
        first = (user_sessions / "evening.toml").read_text()
        real_save = editor_module.save_draft

        def disk_full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(editor_module, "save_draft", disk_full)
        await saved_with(pilot, editor, "f-summary", "Typed before the disk filled")
        assert app.screen is editor and editor.dirty
        assert editor.query_one("#f-summary", Input).value == "Typed before the disk filled"
        assert (user_sessions / "evening.toml").read_text() == first
        monkeypatch.setattr(editor_module, "save_draft", real_save)  # space again
        await pressed(pilot, "ctrl+s")
        assert not isinstance(app.screen, ChoiceScreen)  # the file is still the editor's
        assert not editor.dirty
    assert validate(user_sessions / "evening.toml")[0].summary == "Typed before the disk filled"


# -- the practices read again off the event loop -------------------------------------------


async def test_saving_and_deleting_read_the_practices_in_a_worker(make_app, user_sessions,
                                                                monkeypatch):  # fmt: skip
    read_in: list[threading.Thread] = []
    real_load = catalogue_module.load_catalogue

    def load(*args, **kwargs):
        read_in.append(threading.current_thread())
        return real_load(*args, **kwargs)

    monkeypatch.setattr(catalogue_module, "load_catalogue", load)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, None)
        read_in.clear()  # the start-up read is another matter
        await saved_with(pilot, editor, "f-title", "Evening")
        assert read_in and threading.main_thread() not in read_in
        assert app.catalogue.get("evening") is not None
        await pressed(pilot, "escape")
        assert isinstance(app.screen, MenuScreen) and "evening" in app.screen.entries

        read_in.clear()
        practices = app.screen.query_one("#practices", OptionList)
        practices.highlighted = practices.get_option_index("evening")
        await pressed(pilot, "delete", "y")
        assert read_in and threading.main_thread() not in read_in
        assert "evening" not in app.screen.entries
