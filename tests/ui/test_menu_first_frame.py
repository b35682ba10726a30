"""The menu's first frame is its frame only; the list and the description join the body
right after it (issue 22), and a key that came before them is still acted on."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.screens.length import LengthScreen
from mbsr_tui.ui.screens.menu import MenuScreen


async def test_the_first_frame_comes_before_the_list_which_follows_at_once(make_app):
    app = make_app(settings=Settings(seen_care_note=True, checkins=False))
    frames: list[tuple[str, bool]] = []

    def noted() -> None:  # after every frame Textual draws
        screen = app.screen
        frames.append((type(screen).__name__, bool(screen.query("#practices"))))

    app.post_display_hook = noted
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, MenuScreen)
        assert frames[0] == ("MenuScreen", False)  # the title, the body's place, the keys
        practices = menu.query_one("#practices", OptionList)
        assert menu.focused is practices
        assert practices.highlighted_option is not None
        assert practices.highlighted_option.id == "sitting"
        shown = str(menu.query_one("#practice-details", Static).render())
        assert shown.startswith("Sitting meditation\n")


async def test_enter_at_once_starts_the_first_practice(make_app):
    app = make_app(settings=Settings(seen_care_note=True, checkins=False))
    async with app.run_test(size=(80, 24)) as pilot:
        # No pause: the key may come before the list is there; it waits for it.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LengthScreen)


async def test_files_are_read_once_the_list_is_drawn(make_app):
    """Reading the session files, opening the journal and looking at the course run in
    threads that hold the GIL much of the time: they start once a frame has shown the
    list, not while it is being drawn."""
    app = make_app(settings=Settings(seen_care_note=True, checkins=False))
    list_shown = False
    seen: dict[str, bool] = {}

    def noted() -> None:  # after every frame Textual draws
        nonlocal list_shown
        list_shown = list_shown or bool(app.screen.query("#practices"))

    read, open_journal, look = app._read_catalogue, app.journal.open, app.refresh_today

    def reading(menu) -> None:
        seen["catalogue"] = list_shown
        read(menu)

    def opening() -> None:
        seen["journal"] = list_shown
        open_journal()

    def looking() -> None:
        seen["course"] = list_shown
        look()

    app.post_display_hook = noted
    app._read_catalogue, app.journal.open, app.refresh_today = reading, opening, looking
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert seen == {"catalogue": True, "journal": True, "course": True}
