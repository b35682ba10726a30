"""What a person does: choose, start, pause, skip, end; the safety gate; settings; resize."""

from __future__ import annotations

from mbsr_tui.core.settings import Settings, load_settings
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.screens.caution import CautionScreen
from mbsr_tui.ui.screens.checkin import CheckInScreen
from mbsr_tui.ui.screens.closing import ClosingScreen
from mbsr_tui.ui.screens.confirm import ConfirmScreen
from mbsr_tui.ui.screens.length import LengthScreen
from mbsr_tui.ui.screens.menu import MenuScreen
from mbsr_tui.ui.screens.player import PlayerScreen
from mbsr_tui.ui.screens.settings import SettingsScreen
from mbsr_tui.ui.widgets.nostrils import Nostrils
from mbsr_tui.ui.widgets.pacer import Pacer

NO_CHECKINS = Settings(seen_care_note=True, checkins=False)


async def tick(pilot, clock, seconds: float) -> None:
    """Move the session clock and let the player draw the new moment."""
    clock.advance(seconds)
    pilot.app.screen.tick()
    await pilot.pause()


async def test_menu_to_player_pause_resume_skip_and_quit_with_confirmation(make_app, clock):
    app = make_app(settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, MenuScreen)
        # The first practice is highlighted; Enter asks for a length with the default chosen.
        await pilot.press("enter")
        assert isinstance(app.screen, LengthScreen)
        await pilot.press("enter")
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.session.id == "sitting"
        assert player.timeline.length == 20 * 60

        await tick(pilot, clock, 90)
        before = player.clock.elapsed()
        await pilot.press("space")
        assert player.clock.paused
        assert "paused" in str(player.query_one("#player-header").render())
        await tick(pilot, clock, 100)
        assert player.clock.elapsed() == before  # the clock stops while paused
        await pilot.press("space")
        assert not player.clock.paused

        step = player.timeline.state_at(player.clock.elapsed()).step_index
        await pilot.press("n")
        assert player.timeline.state_at(player.clock.elapsed()).step_index == step + 1

        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep going
        assert app.screen is player
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        (entry,) = app.journal.entries
        assert not entry.completed
        assert 60 <= entry.practised_seconds < 200  # pauses and skips left out


async def test_ending_within_the_first_minute_is_not_logged(make_app, clock):
    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("sitting"), minutes=10)
        await pilot.pause()
        await tick(pilot, clock, 20)
        await pilot.press("q", "y")
        await pilot.pause()
        assert app.journal.entries == []
        assert isinstance(app.screen, ClosingScreen)


async def test_caution_gate_blocks_kapalabhati_until_confirmed(make_app, clock):
    app = make_app(settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        kapalabhati = app.catalogue.get("kapalabhati")
        app.begin(kapalabhati, minutes=3)
        await pilot.pause()
        assert isinstance(app.screen, CautionScreen)
        await pilot.press("enter")  # the focused button is the safe "no"
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        assert not any(isinstance(s, PlayerScreen) for s in app.screen_stack)

        app.begin(kapalabhati, minutes=3)
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)


async def test_run_with_confirm_session_still_asks(make_app, clock):
    app = make_app(Launch(session=None), settings=NO_CHECKINS)
    app.launch.session = app.catalogue.get("kapalabhati")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CautionScreen)


async def test_session_reaching_its_end_is_completed_with_checkins(make_app, clock):
    app = make_app(Launch(checkins=True), settings=Settings(seen_care_note=True))
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("counted-breathing"), minutes=3)
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("6", "enter", "4", "enter")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        await tick(pilot, clock, player.timeline.total + 1)
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("1", "0", "enter", "s")
        await pilot.press(*"felt ok", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        (entry,) = app.journal.entries
        assert entry.completed
        assert (entry.pain_before, entry.stress_before) == (6, 4)
        assert (entry.pain_after, entry.stress_after, entry.note) == (10, None, "felt ok")
        kinds = [kind for kind, _ in app.bells.rung]
        assert kinds[0] == "start" and kinds[-1] == "end"


async def test_alternate_nostril_shows_the_open_side(make_app, clock):
    app = make_app(settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("alternate-nostril"), minutes=3)
        await pilot.pause()
        player = app.screen
        await tick(pilot, clock, player.timeline.prepare + 1)
        left = player.query_one("#nostril-left")
        right = player.query_one("#nostril-right")
        assert left.has_class("-open") and not right.has_class("-open")
        assert "in — left" in str(player.query_one("#phase").render())
        await tick(pilot, clock, 5)  # into the out-breath through the right
        assert right.has_class("-open") and not left.has_class("-open")
        assert "out — right" in str(player.query_one("#phase").render())


async def test_pacer_repaints_only_when_the_shape_changes(make_app, clock):
    app = make_app(settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("counted-breathing"), minutes=3)
        await pilot.pause()
        player = app.screen
        await tick(pilot, clock, player.timeline.prepare)
        pacer = player.query_one(Pacer)
        before = pacer.repaints
        for _ in range(10):
            player.tick()  # time frozen: nothing may change
        assert pacer.repaints == before
        for _ in range(60):  # a 4 s in-breath at 15 frames a second
            clock.advance(1 / 15)
            player.tick()
        assert pacer.repaints - before >= 12


async def test_reduced_motion_hides_the_shape_but_keeps_the_words(make_app, clock):
    app = make_app(settings=Settings(seen_care_note=True, checkins=False, animation="none"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("counted-breathing"), minutes=3)
        await pilot.pause()
        player = app.screen
        await tick(pilot, clock, player.timeline.prepare + 1)
        assert not player.query_one("#pacer-box").display
        assert player.query_one("#steady-bar").display
        assert "breathe in" in str(player.query_one("#phase").render())


async def test_resize_to_a_small_terminal_keeps_the_session(make_app, clock):
    app = make_app(settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("alternate-nostril"), minutes=3)
        await pilot.pause()
        player = app.screen
        await tick(pilot, clock, 20)
        elapsed = player.clock.elapsed()
        await pilot.resize_terminal(40, 12)
        await tick(pilot, clock, 1)
        assert app.screen is player
        assert player.has_class("-small")
        assert player.query_one("#pacer-box").display
        assert player.query_one("#phase").region.height == 1
        assert player.clock.elapsed() == elapsed + 1
        await pilot.resize_terminal(20, 6)
        await tick(pilot, clock, 1)
        await pilot.resize_terminal(80, 24)
        await tick(pilot, clock, 1)
        assert not player.has_class("-small")
        assert player.query_one(Nostrils).display


async def test_settings_are_saved_and_reloaded(make_app, clock):
    app = make_app(settings=Settings(seen_care_note=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#checkins").value = False
        screen.query_one("#animation").value = "reduced"
        screen.query_one("#day_starts_hour").value = 5
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, MenuScreen)
    saved = load_settings().settings
    assert (saved.checkins, saved.animation, saved.day_starts_hour) == (False, "reduced", 5)
    assert saved.share_name == ""  # nobody's name is shared unless they choose to


async def test_the_name_shared_in_group_sittings_is_set_in_settings_as_plain_text(make_app, clock):
    app = make_app(settings=Settings(seen_care_note=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        name = app.screen.query_one("#share_name")
        assert name.value == ""
        name.value = "  Ana\x1b[31m\tfrom   the\nclub  "
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.settings.share_name == "Ana[31m from the club"
        await pilot.press("s")
        name = app.screen.query_one("#share_name")
        assert name.value == "Ana[31m from the club"
        name.value = ""
        name.focus()
        await pilot.press(*"x" * 40)  # typed: the field keeps 32 characters
        assert name.value == "x" * 32
    assert load_settings().settings.share_name == "Ana[31m from the club"


async def test_ctrl_c_quits_at_once_and_logs_the_practice(make_app, clock):
    app = make_app(settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("sitting"), minutes=10)
        await pilot.pause()
        await tick(pilot, clock, 90)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 0
    (entry,) = app.journal.entries
    assert not entry.completed and entry.practised_seconds >= 60


async def test_help_lists_the_keys_and_the_care_note(make_app, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        text = str(app.screen.query_one("#help-keys").render())
        assert "pause" in text and "ctrl+c" in text
        assert "does not replace" in str(app.screen.query_one("#help-about").render())


async def test_first_run_shows_the_care_note_once(make_app, clock):
    app = make_app(settings=Settings())
    async with app.run_test(size=(80, 24)):
        assert app.screen.query("#care-note")
        await app.workers.wait_for_complete()
    assert load_settings().settings.seen_care_note
