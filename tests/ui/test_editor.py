"""The practice editor through Pilot: new, copy, edit, problems beside their fields, care
for holds, unsaved changes, delete with the file kept; and how it looks."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, OptionList, Static, TextArea

from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.loader import validate
from mbsr_tui.core.session_draft import HOLD_NOTE, SessionDraft
from mbsr_tui.core.session_files import save_draft
from mbsr_tui.ui.screens.confirm import ConfirmScreen
from mbsr_tui.ui.screens.editor import EditorScreen
from mbsr_tui.ui.screens.editor_dialogs import ChoiceScreen
from mbsr_tui.ui.screens.menu import MenuScreen
from mbsr_tui.ui.widgets.editor_fields import Row
from mbsr_tui.ui.widgets.editor_preview import BellStrip, BreathPreview
from mbsr_tui.ui.widgets.steps_editor import StepsEditor

BUILTINS = load_catalogue(user_dir=Path("/nonexistent")).sessions


def row_of(widget):
    """The form row a field sits in (its label, its error line)."""
    return next((node for node in widget.ancestors if isinstance(node, Row)), None)


async def settle(pilot, seconds: float = 0.0) -> None:
    """Let the debounced check and any save (threads) finish and their results land."""
    await pilot.pause(seconds)
    # A save first waits for the keys read with ctrl+s (a worker), then writes (a thread).
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_editor(pilot, session_id: str | None) -> EditorScreen:
    app = pilot.app
    await pilot.pause()
    app.open_editor(app.catalogue.get(session_id) if session_id else None)
    await settle(pilot, 0.1)
    assert isinstance(app.screen, EditorScreen)
    return app.screen


def set_value(screen, widget_id: str, value) -> None:
    widget = screen.query_one(f"#{widget_id}")
    if isinstance(widget, TextArea):
        widget.clear()
        widget.insert(value)  # as typed: `text = ...` loads without a Changed message
    else:
        widget.value = value


async def save(pilot) -> None:
    await pilot.pause()  # the form's last change reaches the draft first
    await pilot.press("ctrl+s")


def error_of(screen, widget_id: str) -> str:
    row = row_of(screen.query_one(f"#{widget_id}"))
    return str(row.query_one(".row-error", Static).render())


def own_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


# -- saving ------------------------------------------------------------------------------


async def test_a_copy_of_a_builtin_saves_unchanged_beside_it(make_app, config_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, "counted-breathing")
        assert not editor.dirty  # an untouched copy asks nothing on the way out
        await save(pilot)
        await settle(pilot)
        assert own_files(config_dir / "sessions") == ["counted-breathing-my-copy.toml"]
        assert "saved as counted-breathing-my-copy.toml" in editor._header_text()
        # The menu lists it beside the built-in.
        assert app.catalogue.get("counted-breathing-my-copy") is not None
        assert app.catalogue.get("counted-breathing").source.parent != config_dir / "sessions"
    saved, problems = validate(config_dir / "sessions" / "counted-breathing-my-copy.toml")
    original = BUILTINS["counted-breathing"]
    assert problems == []
    assert (saved.pattern, saved.bells, saved.steps) == (
        original.pattern,
        original.bells,
        original.steps,
    )
    assert saved.title == "Counted breathing (my copy)"


async def test_a_copy_can_replace_the_builtin(make_app, config_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, "sitting")
        set_value(editor, "f-title", "Sitting, my way")
        set_value(editor, "f-replace", True)
        await save(pilot)
        await settle(pilot)
        assert own_files(config_dir / "sessions") == ["sitting.toml"]
        assert app.catalogue.get("sitting").title == "Sitting, my way"


async def test_a_new_practice_gets_its_id_from_the_title(make_app, config_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("plus")
        await settle(pilot, 0.1)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert editor._header_text().startswith("A new practice")
        set_value(editor, "f-title", "Evening Sit, Quiet")
        set_value(editor, "f-minutes", "12")
        set_value(editor, "b-interval_seconds", "300")
        set_value(editor, "b-at_seconds", "60, 90")
        await save(pilot)
        await settle(pilot)
        assert own_files(config_dir / "sessions") == ["evening-sit-quiet.toml"]
        saved = app.catalogue.get("evening-sit-quiet")
        assert saved.minutes == 12 and saved.bells.interval_seconds == 300
        assert saved.bells.at_seconds == (60.0, 90.0)
        # Saved again: the same file, not a new one.
        set_value(editor, "f-summary", "A short one.")
        await save(pilot)
        await settle(pilot)
        assert own_files(config_dir / "sessions") == ["evening-sit-quiet.toml"]
        assert app.catalogue.get("evening-sit-quiet").summary == "A short one."
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        assert "evening-sit-quiet" in app.screen.entries


async def test_a_recording_can_be_chosen_for_a_new_practice(make_app, user_sessions):
    from tests.conftest import write_wav

    write_wav(user_sessions / "teacher.wav", seconds=2.0)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, None)
        set_value(editor, "f-title", "With my teacher")
        set_value(editor, "f-minutes", "")
        set_value(editor, "f-audio", "teacher.wav")
        await save(pilot)
        await settle(pilot)
        saved = app.catalogue.get("with-my-teacher")
        assert saved is not None and saved.audio == user_sessions / "teacher.wav"
        assert saved.audio_seconds == 2.0


async def test_a_new_practice_never_takes_a_builtins_id(make_app, config_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, None)
        set_value(editor, "f-title", "Sitting")
        await save(pilot)
        await settle(pilot)
        assert own_files(config_dir / "sessions") == ["sitting-2.toml"]


async def test_editing_your_own_file_saves_it_in_place(make_app, user_sessions):
    save_draft(SessionDraft(title="Mine", minutes=8), "mine", user_sessions)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        practices = app.screen.query_one("#practices", OptionList)
        practices.highlighted = practices.get_option_index("mine")
        await pilot.press("e")
        await settle(pilot, 0.1)
        editor = app.screen
        assert editor._header_text() == "Your practice: mine.toml"
        set_value(editor, "f-title", "Mine, renamed")
        await save(pilot)
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceScreen)  # the editor wrote it: no question
    assert own_files(user_sessions) == ["mine.toml"]
    assert load_catalogue().get("mine").title == "Mine, renamed"


HAND_WRITTEN = '# my own notes\ntitle = "By hand"\nminutes = 10\n'


@pytest.mark.parametrize("answer", ["c", "r", "k"])
async def test_a_hand_written_file_is_not_silently_rewritten(make_app, user_sessions, answer):
    (user_sessions / "by-hand.toml").write_text(HAND_WRITTEN)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, "by-hand")
        set_value(editor, "f-minutes", "15")
        await save(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        question = str(app.screen.query_one(".dialog-question", Static).render())
        assert "comments will be lost" in question
        await pilot.press(answer)
        await settle(pilot)
    files = own_files(user_sessions)
    if answer == "c":  # a copy; the file stays exactly as written
        assert files == ["by-hand-2.toml", "by-hand.toml"]
        assert (user_sessions / "by-hand.toml").read_text() == HAND_WRITTEN
        assert load_catalogue().get("by-hand-2").minutes == 15
    elif answer == "r":
        assert files == ["by-hand.toml"]
        assert load_catalogue().get("by-hand").minutes == 15
    else:
        assert (user_sessions / "by-hand.toml").read_text() == HAND_WRITTEN


# -- problems beside their fields --------------------------------------------------------


async def test_problems_show_next_to_the_field_at_fault(make_app, config_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, "counted-breathing")
        set_value(editor, "p-inhale", "0")
        await settle(pilot, 0.5)
        assert "from 0.1 to 120" in error_of(editor, "p-inhale")
        assert error_of(editor, "f-min_minutes") == ""
        # The loader's word on the whole: the default below the shortest length.
        set_value(editor, "p-inhale", "4")
        set_value(editor, "f-min_minutes", "10")
        await settle(pilot, 0.5)
        assert error_of(editor, "p-inhale") == ""
        assert "less than 'min_minutes'" in error_of(editor, "f-min_minutes")
        assert row_of(editor.query_one("#f-min_minutes")).has_class("-invalid")
        await save(pilot)
        await settle(pilot)
        assert own_files(config_dir / "sessions") == []  # nothing the loader refuses is saved
        # An empty title is refused as it is typed.
        set_value(editor, "f-min_minutes", "")
        set_value(editor, "f-title", "  ")
        await settle(pilot, 0.5)
        assert "needs a title" in error_of(editor, "f-title")
        await save(pilot)
        await settle(pilot)
        assert editor.focused is editor.query_one("#f-title", Input)
        assert own_files(config_dir / "sessions") == []


async def test_interval_bells_too_close_are_explained_at_their_field(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, None)
        set_value(editor, "b-interval_seconds", "5")
        await settle(pilot, 0.5)
        assert "at least 10 seconds" in error_of(editor, "b-interval_seconds")


# -- care, not refusal -------------------------------------------------------------------


async def test_holds_bring_a_caution_and_ask_before_starting(make_app, config_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, "counted-breathing")
        care = editor.query_one("#care-notes", Static)
        assert not care.display
        set_value(editor, "p-hold_in", "4")
        await settle(pilot, 0.5)
        assert care.display and "holds the breath" in str(care.render())
        assert editor.query_one("#f-confirm", Checkbox).value
        await save(pilot)
        await settle(pilot)
    saved = load_catalogue().get("counted-breathing-my-copy")
    assert saved.confirm and saved.pattern.hold_in == 4
    assert saved.caution.startswith(HOLD_NOTE[:40])


async def test_the_person_may_turn_the_question_off(make_app, config_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, "counted-breathing")
        set_value(editor, "p-exhale", "1")
        set_value(editor, "p-inhale", "1")
        await settle(pilot, 0.1)
        assert "breathes fast" in str(editor.query_one("#care-notes", Static).render())
        set_value(editor, "f-confirm", False)
        set_value(editor, "p-hold_out", "2")  # a later change does not turn it back on
        await save(pilot)
        await settle(pilot)
    saved = load_catalogue().get("counted-breathing-my-copy")
    assert not saved.confirm and saved.caution == ""


# -- leaving and deleting -----------------------------------------------------------------


async def test_leaving_with_unsaved_changes_asks_first(make_app, config_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, None)
        set_value(editor, "f-title", "Unsaved")
        await pilot.pause()
        assert "not saved" in editor._header_text()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("k")  # keep editing
        await pilot.pause()
        assert app.screen is editor
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")  # leave without saving
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        assert own_files(config_dir / "sessions") == []
        # Save and leave.
        editor = await open_editor(pilot, None)
        set_value(editor, "f-title", "Kept")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
        assert own_files(config_dir / "sessions") == ["kept.toml"]


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
async def test_quitting_with_unsaved_changes_asks_first_and_a_second_press_quits(
    make_app, config_dir, key
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, None)
        set_value(editor, "f-title", "Unsaved")
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and app.is_running
        await pilot.press("k")  # keep editing
        await pilot.pause()
        assert app.screen is editor and app.is_running
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press(key)  # asked already: the second press quits at once
        await pilot.pause()
        assert not app.is_running
    assert own_files(config_dir / "sessions") == []


async def test_quitting_from_the_editor_can_save_first(make_app, config_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, None)
        set_value(editor, "f-title", "Kept on the way out")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")  # save and quit
        await settle(pilot)
        assert not app.is_running
    assert own_files(config_dir / "sessions") == ["kept-on-the-way-out.toml"]


async def test_quitting_with_nothing_unsaved_in_the_editor_quits_at_once(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_editor(pilot, "counted-breathing")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_delete_asks_and_keeps_the_file(make_app, user_sessions):
    save_draft(SessionDraft(title="Mine"), "mine", user_sessions)
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        for _ in range(200):  # the person's files are read in a thread after the first frame
            await pilot.pause(0.05)
            if "mine" in app.screen.entries:
                break
        practices = app.screen.query_one("#practices", OptionList)
        practices.highlighted = practices.get_option_index("mine")
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert own_files(user_sessions) == ["mine.toml"]
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)  # the practices are read again by a worker
        assert own_files(user_sessions) == ["mine.toml.deleted"]
        assert "mine" not in app.screen.entries
        messages = [n.message for n in app._notifications]
        assert any("kept as mine.toml.deleted" in m for m in messages)
        # Built-ins are never deleted.
        practices.highlighted = practices.get_option_index("sitting")
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        assert any("cannot be deleted" in n.message for n in app._notifications)


# -- steps, sounds, preview ----------------------------------------------------------------


async def test_steps_are_added_moved_and_removed(make_app, config_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, "breathing-space")
        steps = editor.query_one(StepsEditor)
        titles = [s.title for s in editor.draft.steps]
        steps.move_step(1)  # the first step moves down
        steps.add_step()  # after it
        await pilot.pause()
        set_value(editor, "s-title", "A pause")
        set_value(editor, "s-prompt", "Just rest here.")
        set_value(editor, "s-bell", True)
        set_value(editor, "s-own", True)
        set_value(editor, "sp-exhale", "6")
        await pilot.pause()
        steps.current = 3
        steps.remove_step()  # the last one
        await save(pilot)
        await settle(pilot)
    saved = load_catalogue().get("three-minute-breathing-space-my-copy")
    assert [s.title for s in saved.steps] == [titles[1], titles[0], "A pause"]
    pause = saved.steps[2]
    assert pause.prompt == "Just rest here." and pause.bell
    assert pause.pattern.exhale == 6


async def test_the_play_buttons_ring_the_chosen_sound(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, None)
        set_value(editor, "b-interval_sound", "cue")
        await pilot.pause()
        editor.query_one("#play-interval_sound").press()
        editor.query_one("#play-sound").press()
        await pilot.pause()
        assert sorted(app.bells.rung) == [("at", "bowl"), ("at", "cue")]


async def test_the_preview_breathes_the_pattern_being_edited(make_app, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, "diaphragmatic-breathing")
        preview = editor.query_one(BreathPreview)
        figures = str(preview.query_one("#preview-figures", Static).render())
        assert "breaths/min" in figures and "in:out 1:1.5" in figures
        set_value(editor, "p-exhale", "8")
        await pilot.pause()
        assert "in:out 1:2" in str(preview.query_one("#preview-figures", Static).render())
        clock.advance(2.0)  # mid in-breath: the shape grows
        preview.tick()
        assert 0 < preview.query_one("#preview-pacer").fullness < 1
        strip = str(editor.query_one(BellStrip).render())
        assert strip.startswith("●") and "● start and end" in strip


# -- how it looks -------------------------------------------------------------------------


def editing(session_id: str | None, *, steps: bool = False):
    async def run_before(pilot) -> None:
        editor = await open_editor(pilot, session_id)
        if steps:
            editor.query_one("#step-list").focus()
            await pilot.pause()
        for field in editor.query("Input, TextArea"):
            field.cursor_blink = False
        await settle(pilot, 0.5)
        if steps:
            form = editor.query_one("#editor-form")
            form.scroll_to_widget(editor.query_one(StepsEditor), animate=False, top=True)
            await pilot.pause()

    return run_before


def test_editor_breathing_snapshot(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=editing("alternate-nostril"))


def test_editor_steps_snapshot(snap_compare, make_app):
    assert snap_compare(
        make_app(), terminal_size=(80, 24), run_before=editing("body-scan", steps=True)
    )


def test_editor_narrow_snapshot(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(40, 12), run_before=editing("counted-breathing"))
