"""The menu: drawn from the built-ins' index, then the full catalogue joins in."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from mbsr_tui.core.menu_index import group_practices
from mbsr_tui.ui.screens.menu import MenuScreen

MINE = 'title = "My evening sit"\nkind = "sitting"\nminutes = 12\n'
SITTING_OVERRIDE = 'title = "Sitting, my way"\nkind = "sitting"\nposture = "lying"\nminutes = 30\n'


def listed(app) -> list[str]:
    practices = app.screen.query_one("#practices", OptionList)
    return [
        practices.get_option_at_index(i).id or ""
        for i in range(practices.option_count)
        if practices.get_option_at_index(i).id
    ]


async def test_the_persons_own_session_joins_the_menu(make_app, user_sessions):
    (user_sessions / "evening.toml").write_text(MINE)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        ids = listed(app)
        assert ids[:3] == ["sitting", "body-scan", "daily-routine"]
        assert "evening" in ids and ids.index("evening") < ids.index("counted-breathing")
        # The cursor stayed on the first practice; its details are shown.
        shown = str(app.screen.query_one("#practice-details", Static).render())
        assert shown.startswith("Sitting meditation\n20 min · seated\n")


async def test_a_personal_override_of_a_builtin_replaces_its_listing(make_app, user_sessions):
    (user_sessions / "sitting.toml").write_text(SITTING_OVERRIDE)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert listed(app).count("sitting") == 1
        shown = str(app.screen.query_one("#practice-details", Static).render())
        assert shown.startswith("Sitting, my way\n30 min · lying down")
        await pilot.press("enter")
        await pilot.pause()
        # The length picker opens for the person's version, its 30 minutes preselected.
        lengths = app.screen.query_one("#lengths", OptionList)
        assert lengths.highlighted_option.id == "30"
        assert "usual" in str(lengths.highlighted_option.prompt)


async def test_a_broken_file_is_told_after_the_first_frame(make_app, user_sessions):
    (user_sessions / "broken.toml").write_text('title = "x"\nminutes = -1\n')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("Skipped a session file" in m and "broken.toml" in m for m in messages)
        assert "broken" not in listed(app)


async def test_details_show_text_literally_and_the_caution(make_app, user_sessions):
    (user_sessions / "odd.toml").write_text(
        'title = "[bold]Odd[/bold]"\nsummary = "[red]x[/red]"\nminutes = 5\n'
        'caution = "Take care [b]now[/b]."\n'
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        practices = app.screen.query_one("#practices", OptionList)
        practices.highlighted = practices.get_option_index("odd")
        await pilot.pause()
        shown = str(app.screen.query_one("#practice-details", Static).render())
        assert shown.startswith("[bold]Odd[/bold]\n5 min · seated\n\n[red]x[/red]")
        assert shown.endswith("Note: Take care [b]now[/b].")


async def test_no_label_wraps_at_80_columns(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        practices = app.screen.query_one("#practices", OptionList)
        # Between the groups of practices, one before the timers, one before Sit together.
        separators = len(group_practices(app.screen.entries.values())) + 1
        # One line per option and per separator: nothing wrapped onto a second line.
        assert practices.virtual_size.height == practices.option_count + separators
