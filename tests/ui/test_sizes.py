"""Every screen at every size (issue 20): what matters most is shown, by content.

At 80x24, 60x20 and 40x12 (a phone's SSH client): the count of counted breathing, the
way out in the keys' line, the join command while waiting, menu entries on one line,
history's "Your practice", guidance cut only with a sign, and every feature two keys
from the menu and listed in the help.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.widget import Widget
from textual.widgets import OptionList

from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.group.plan import GroupPlan
from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.screens.caution import CautionScreen
from mbsr_tui.ui.screens.player import PlayerScreen
from mbsr_tui.ui.widgets.fitted_text import FittedText
from mbsr_tui.ui.widgets.key_line import KeyLine
from tests.ui.conftest import T0

SIZES = [(80, 24), (60, 20), (40, 12)]
SIZE_IDS = ["80x24", "60x20", "40x12"]
QUIET = Settings(seen_care_note=True, checkins=False)


def on_screen(widget: Widget) -> bool:
    """Shown whole inside the screen: displayed, with a region the screen contains."""
    region = widget.region
    return (
        widget.display
        and widget.visible
        and region.height > 0
        and widget.screen.region.contains_region(region)
    )


def keys_text(screen) -> str:
    return screen.query_one(KeyLine).render().plain


async def start(pilot, clock, session_id: str, minutes: float, seconds_in: float):
    app = pilot.app
    app.begin(app.catalogue.get(session_id), minutes=minutes)
    await pilot.pause()
    if isinstance(app.screen, CautionScreen):
        await pilot.press("y")
    clock.advance(seconds_in)
    app.screen.tick()
    await pilot.pause()
    return app.screen


# -- the player --------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_counted_breathing_keeps_its_count_and_way_out(make_app, clock, size):
    app = make_app(settings=QUIET)
    async with app.run_test(size=size) as pilot:
        player = await start(pilot, clock, "counted-breathing", 3, 10 + 9 * 5 + 2)
        await pilot.pause()
        count = player.query_one("#count")
        assert on_screen(count)
        assert str(count.render()).startswith("count ")
        assert on_screen(player.query_one("#phase"))
        assert on_screen(player.query_one("#progress"))
        keys = player.query_one(KeyLine)
        assert on_screen(keys)
        assert "q End" in keys_text(player) or "q End"[:1] + " " in keys_text(player)
        assert "q " in keys_text(player)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("session_id", ["body-scan", "alternate-nostril", "kapalabhati"])
async def test_the_way_out_is_never_cut_from_the_keys(make_app, clock, size, session_id):
    app = make_app(settings=QUIET)
    async with app.run_test(size=size) as pilot:
        player = await start(pilot, clock, session_id, 20 if session_id == "body-scan" else 3, 40)
        text = keys_text(player)
        assert "q End" in text
        assert len(text) <= size[0] - 2  # the line's padding


async def test_paused_player_offers_resume_not_pause(make_app, clock):
    app = make_app(settings=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, clock, "body-scan", 20, 60)
        assert "space Pause" in keys_text(player)
        await pilot.press("space")
        await pilot.pause()
        assert player.clock.paused
        assert "space Resume" in keys_text(player)
        assert "Pause" not in keys_text(player)
        await pilot.press("space")  # the same key resumes
        await pilot.pause()
        assert not player.clock.paused
        assert "space Pause" in keys_text(player)


async def test_a_one_part_timer_offers_no_next_step(make_app, clock):
    app = make_app(settings=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")  # the quick timer, as remembered (20 minutes, no interval)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        clock.advance(60)
        player.tick()
        await pilot.pause()
        assert "n " not in keys_text(player)
        assert "q End" in keys_text(player)


async def test_a_practice_of_many_parts_still_offers_next(make_app, clock):
    app = make_app(settings=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, clock, "body-scan", 20, 220)
        assert "n Next step" in keys_text(player)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_getting_ready_guidance_cut_only_with_a_sign(make_app, clock, size):
    """Whatever the size, the guidance either shows whole or ends with `…` and the key."""
    app = make_app(settings=QUIET)
    async with app.run_test(size=size) as pilot:
        player = await start(pilot, clock, "counted-breathing", 3, 2)
        await pilot.press("i")  # all the guidance: the longest text there is
        await pilot.pause()
        prompt = player.query_one("#prompt", FittedText)
        whole = prompt.lines(prompt.content_region.width)
        if prompt.display and len(whole) > prompt.content_region.height:
            assert "…" in prompt.render().plain.splitlines()[-1]
        # Reading on a small screen, the phase steps aside; the time left stays below.
        assert on_screen(player.query_one("#phase")) == (size != (40, 12))
        assert on_screen(player.query_one("#progress"))
        assert "q End" in keys_text(player)


async def test_i_on_a_small_screen_gives_the_guidance_room_to_read(make_app, clock):
    app = make_app(settings=QUIET)
    async with app.run_test(size=(40, 12)) as pilot:
        player = await start(pilot, clock, "body-scan", 20, 220)
        prompt = player.query_one("#prompt", FittedText)
        assert "…" in prompt.render().plain  # cut beside the step's clock
        await pilot.press("i")
        await pilot.pause()
        text = prompt.render().plain
        assert "…" not in text and "back out again." in text  # whole now
        assert on_screen(player.query_one("#progress"))


async def test_body_scan_guidance_shows_at_40x12_with_a_sign_when_cut(make_app, clock):
    app = make_app(settings=QUIET)
    async with app.run_test(size=(40, 12)) as pilot:
        player = await start(pilot, clock, "body-scan", 20, 220)
        prompt = player.query_one("#prompt", FittedText)
        assert on_screen(prompt)  # no pacer to guide: the words are the practice
        last = prompt.render().plain.splitlines()[-1]
        assert last.endswith("i: all the guidance")


async def test_the_header_at_80_columns_says_the_state_first(make_app, clock):
    app = make_app(settings=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, clock, "counted-breathing", 3, 30)
        await pilot.press("space")
        await pilot.pause()
        header = player.query_one("#player-header")
        assert str(header.render()).startswith("paused — press space to go on")
        assert header.styles.text_overflow == "ellipsis"
        assert header.styles.text_wrap == "nowrap"


# -- the menu ----------------------------------------------------------------------------


async def menu_lines(make_app, size) -> int:
    app = make_app(settings=QUIET)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        return app.screen.query_one("#practices", OptionList).virtual_size.height


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_menu_entries_never_wrap(make_app, size):
    unwrapped = await menu_lines(make_app, (200, 50))  # room for every entry on its line
    app = make_app(settings=QUIET)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        practices = app.screen.query_one("#practices", OptionList)
        assert practices.virtual_size.height == unwrapped
        details = app.screen.query_one("#practice-details")
        assert details.display == (size[0] >= 60)  # the description steps aside, on purpose


async def test_i_shows_the_description_where_it_has_no_room_beside_the_list(make_app):
    app = make_app(settings=QUIET)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        details = app.screen.query_one("#practice-details")
        assert not details.display  # no room beside the list
        assert "i: about a practice" in str(app.screen.query_one("#menu-title").render())
        await pilot.press("i")
        await pilot.pause()
        assert "i: back to the list" in str(app.screen.query_one("#menu-title").render())
        assert on_screen(details)
        assert "Sitting meditation" in str(details.render())
        await pilot.press("i")
        await pilot.pause()
        practices = app.screen.query_one("#practices", OptionList)
        assert on_screen(practices) and practices.has_focus  # the arrows work again
        await pilot.press("down")
        assert practices.highlighted_option.id == "body-scan"


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_menu_says_timers_and_sitting_together_exist(make_app, size):
    app = make_app(settings=QUIET)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = keys_text(app.screen)
        assert "b Timer" in text and "g Together" in text
        assert "q Quit" in text


FEATURES = [
    ("b", "TimerDialog"),
    ("o", "TimerDialog"),
    ("g", "RoomsScreen"),
    ("h", "HistoryScreen"),
    ("p", "CourseProgressScreen"),
    ("w", "CalendarChoiceScreen"),
    ("s", "SettingsScreen"),
    ("e", "EditorScreen"),
    ("plus", "EditorScreen"),
    ("question_mark", "HelpScreen"),
]


@pytest.mark.parametrize(("key", "screen"), FEATURES, ids=[k for k, _ in FEATURES])
async def test_every_feature_is_one_key_from_the_menu(make_app, key, screen):
    app = make_app(settings=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert type(app.screen).__name__ == screen


async def test_the_timers_in_the_list_are_two_keys_away(make_app):
    app = make_app(settings=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("end", "enter")  # "Sit together", the list's last entry
        await pilot.pause()
        assert type(app.screen).__name__ == "RoomsScreen"


HELP_WORDS = ["quick timer", "open-ended sit", "sit together", "8-week course", "calendar",
              "Today card", "the week's plan", "history", "settings", "editor", "these keys",
              "  t ", "  w ", "  p ", "  b ", "  g ", "  o "]  # fmt: skip


async def test_the_help_lists_every_feature_with_one_scroll_thumb(make_app):
    from mbsr_tui.ui.screens.help import KEYS

    for words in HELP_WORDS:
        assert words.lower() in KEYS.lower(), words
    app = make_app(settings=QUIET)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        scrolling = [w for w in [app.screen, *app.screen.query("*")]
                     if w.show_vertical_scrollbar]  # fmt: skip
        assert [w.id for w in scrolling] == ["help-dialog"]


# -- history, rooms, settings, closing ------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_history_keeps_your_practice_whole(make_app, size):
    from tests.ui.test_history import history, seeded_entries

    app = make_app(settings=QUIET)
    async with app.run_test(size=size) as pilot:
        app.push_screen(history(seeded_entries()))
        for _ in range(2):
            await app.workers.wait_for_complete()
            await pilot.pause()
        summary = app.screen.query_one("#history-summary")
        assert on_screen(summary)
        assert summary.content_region.width >= 24  # "3 sessions · 1 h 17 min" fits
        assert "sessions" in str(summary.render())
        for panel in app.screen.query("#history-top > *"):
            if panel.display:  # shown whole or not at all: never a cut panel
                assert panel.region.right <= size[0]
        assert "esc Back" in keys_text(app.screen)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_screens_keep_their_way_out(make_app, size):
    app = make_app(settings=QUIET)
    async with app.run_test(size=size) as pilot:
        for key, way_out in (("s", "esc Back"), ("g", "esc Back"), ("h", "esc Back")):
            await pilot.press(key)
            for _ in range(2):
                await app.workers.wait_for_complete()
                await pilot.pause()
            assert way_out in keys_text(app.screen), key
            app.pop_screen()
            await pilot.pause()


# -- the group waiting screen -------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_waiting_screen_shows_the_join_command(make_app, fixed_room, size):
    session = replace(load_catalogue().get("sitting"), source=None)
    plan = GroupPlan(fixed_room, session, 900.0, starts_at=T0 + 272, title="Evening sit",
                     name="Anna")  # fmt: skip
    app = make_app(Launch(checkins=False, group=plan), QUIET)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        assert type(app.screen).__name__ == "WaitingScreen"
        join = app.screen.query_one("#waiting-join")
        assert on_screen(join)
        assert str(join.render()) == "mbsr-tui group join sitting-00a1"
        assert on_screen(app.screen.query_one("#waiting-count"))
        assert "q Leave" in keys_text(app.screen)


# -- tables that use the room there is -------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_course_progress_gives_themes_the_room_there_is(make_app, size):
    from textual.widgets import DataTable

    from tests.ui.test_course_snapshots import course_app

    app = course_app(make_app, 2)
    async with app.run_test(size=size) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("p")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        table = app.screen.query_one("#progress-weeks", DataTable)
        widths = {str(c.key.value): c.width for c in table.columns.values()}
        used = sum(widths.values()) + 2 * len(widths)
        assert used <= table.size.width  # nothing cut at the right edge
        themes = [str(table.get_cell_at((row, 1))) for row in range(table.row_count)]
        if size == (80, 24):
            assert not any(t.endswith("…") for t in themes)  # whole, with room to spare
        else:
            # Cut only where the room has run out, never beside empty columns.
            assert table.size.width - used <= 4 or not any(t.endswith("…") for t in themes)
        assert {"wk", "theme", "days"} <= set(widths)  # what matters most always stays
        whole = app.screen.query_one("#progress-theme")
        if str(table.get_cell_at((table.cursor_row, 1))).endswith("…"):
            # The week under the cursor (the current one at first) is named whole below.
            assert on_screen(whole)
            assert str(whole.render()) == "Week 3: The pleasure and power of being present"
        else:
            assert not whole.display


COURSE_FEATURES = [*FEATURES, ("t", "WeekPlanScreen")]


@pytest.mark.parametrize(("key", "screen"), COURSE_FEATURES, ids=[k for k, _ in COURSE_FEATURES])
async def test_every_feature_is_one_key_away_with_the_today_card_in_focus(make_app, key, screen):
    from tests.ui.test_course_snapshots import course_app

    app = course_app(make_app, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#today-card")
        await pilot.press(key)
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        shown = type(app.screen).__name__
        # The card's w writes in this week's own calendar: its form, not the choice first.
        assert shown == screen or (key, shown) == ("w", "CalendarFormScreen")


async def test_a_key_in_the_key_line_can_be_clicked(make_app, clock):
    app = make_app(settings=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, clock, "body-scan", 20, 60)
        text = keys_text(player)
        column = text.index("q End") + 1 + 1  # the line's padding, then inside "q End"
        await pilot.click(KeyLine, offset=(column, 0))
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"  # "End this practice now?"


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_first_runs_care_note_leaves_the_list_its_room(make_app, size):
    """On a phone's terminal the first run's care note is one short sentence pointing to
    the help (which has it whole); the practices stay in sight, at least three of them."""
    from mbsr_tui.ui.guidance import CARE_NOTE

    app = make_app(settings=Settings(checkins=False))  # the care note not yet seen
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        note = str(screen.query_one("#care-note").render())
        practices = screen.query_one("#practices", OptionList)
        assert on_screen(practices) and practices.content_region.height >= 3
        assert "MBSR complements medical care" in note
        if size[1] < 20:
            assert "?" in note
        else:
            assert note == CARE_NOTE
        await pilot.press("question_mark")
        await pilot.pause()
        assert "stop any exercise that brings sharp pain" in " ".join(
            str(w.render()) for w in app.screen.query("Static")
        )
