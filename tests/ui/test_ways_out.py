"""Every answer in its own question and every way out of a practice logged (issue 13/14).

Keys are posted the way a terminal delivers a burst (a digit and Enter together over SSH,
a paste, `tmux send-keys 7 Enter`): all queued before the app handles the first one.
"""

from __future__ import annotations

import signal

from textual import events

from mbsr_tui.core.practice import CheckIn
from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.screens.checkin import CheckInScreen
from mbsr_tui.ui.screens.closing import ClosingScreen
from mbsr_tui.ui.screens.player import PlayerScreen

CHECKINS = Settings(seen_care_note=True, checkins=True)
NO_CHECKINS = Settings(seen_care_note=True, checkins=False)


def burst(app, *keys: str) -> None:
    """Queue keys at once, as a fast terminal does, without waiting between them."""
    for key in keys:
        character = key if len(key) == 1 else ("\r" if key == "enter" else None)
        app.post_message(events.Key(key, character))


async def settle(pilot) -> None:
    for _ in range(4):
        await pilot.pause()


async def play(pilot, clock, seconds: float) -> PlayerScreen:
    player = pilot.app.screen
    assert isinstance(player, PlayerScreen)
    clock.advance(seconds)
    player.tick()
    await pilot.pause()
    return player


async def test_a_burst_of_keys_answers_each_question_in_turn(make_app, clock):
    app = make_app(Launch(checkins=True), settings=CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        got: list[CheckIn] = []
        app.push_screen(CheckInScreen("after"), got.append)
        await pilot.pause()
        burst(app, "7", "enter", "1", "enter", *"calmer now", "enter")
        await settle(pilot)
    assert got == [CheckIn(7, 1, "calmer now")]


async def test_before_checkin_typed_fast_lands_in_pain_then_stress(make_app, clock):
    app = make_app(Launch(checkins=True), settings=CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("sitting"), minutes=10)
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        burst(app, "7", "enter")
        await settle(pilot)
        burst(app, "3", "enter")
        await settle(pilot)
        await play(pilot, clock, 75)
        await pilot.press("ctrl+c")
    (entry,) = app.journal.entries
    assert (entry.pain_before, entry.stress_before) == (7, 3)


async def test_one_then_enter_then_zero_is_pain_one_stress_zero(make_app, clock):
    app = make_app(Launch(checkins=True), settings=CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        got: list[CheckIn] = []
        app.push_screen(CheckInScreen("before"), got.append)
        await pilot.pause()
        await pilot.press("1", "enter", "0", "enter")
        await settle(pilot)
    assert got == [CheckIn(1, 0, "")]


async def test_superscript_digits_are_not_ratings_and_do_not_crash(make_app, clock):
    app = make_app(Launch(checkins=True), settings=CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        got: list[CheckIn] = []
        app.push_screen(CheckInScreen("before"), got.append)
        await pilot.pause()
        burst(app, "²", "³", "enter", "4", "enter")
        await settle(pilot)
    assert got == [CheckIn(None, 4, "")]


async def test_signal_during_closing_checkin_logs_completed_with_answers(make_app, clock):
    app = make_app(Launch(checkins=True), settings=CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("counted-breathing"), minutes=3)
        await pilot.pause()
        await pilot.press("s", "s")
        player = await play(pilot, clock, 1)
        await play(pilot, clock, player.timeline.total + 30)
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("2", "enter")  # pain answered; stress not yet
        clock.advance(300)  # a long pause before the signal comes
        app._on_signal(signal.SIGTERM)
        await pilot.pause()
    (entry,) = app.journal.entries
    assert entry.completed
    assert entry.practised_seconds == entry.planned_seconds
    assert (entry.pain_after, entry.stress_after) == (2, None)


async def test_a_completed_practice_under_a_minute_is_logged(make_app, clock):
    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("counted-breathing"), minutes=0.5)
        await pilot.pause()
        player = await play(pilot, clock, 1)
        await play(pilot, clock, player.timeline.total)
        await settle(pilot)
        assert isinstance(app.screen, ClosingScreen)
    (entry,) = app.journal.entries
    assert entry.completed and entry.practised_seconds == entry.planned_seconds < 60


async def test_the_countdown_is_not_practised_time(make_app, clock):
    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("sitting"), minutes=10)
        await pilot.pause()
        player = await play(pilot, clock, 0)
        await play(pilot, clock, player.timeline.prepare + 70)
        await pilot.press("q", "y")
        await settle(pilot)
    (entry,) = app.journal.entries
    assert entry.practised_seconds == 70 and not entry.completed


async def test_ctrl_q_logs_the_practice_like_ctrl_c(make_app, clock):
    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("sitting"), minutes=10)
        await pilot.pause()
        player = await play(pilot, clock, 0)
        await play(pilot, clock, player.timeline.prepare + 70)
        await pilot.press("ctrl+q")
        await pilot.pause()
    (entry,) = app.journal.entries
    assert not entry.completed and entry.practised_seconds == 70


async def test_command_palette_quit_logs_the_practice(make_app, clock):
    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("sitting"), minutes=10)
        await pilot.pause()
        player = await play(pilot, clock, 0)
        await play(pilot, clock, player.timeline.prepare + 70)
        await pilot.press("ctrl+p")
        await pilot.press(*"quit")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
    assert app.return_code == 0
    (entry,) = app.journal.entries
    assert not entry.completed and entry.practised_seconds == 70


async def test_any_exit_during_the_closing_checkin_keeps_the_practice(make_app, clock):
    app = make_app(Launch(checkins=True), settings=CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("counted-breathing"), minutes=3)
        await pilot.pause()
        await pilot.press("s", "s")
        player = await play(pilot, clock, 1)
        await play(pilot, clock, player.timeline.total)
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("5", "enter")
        app.exit(0)  # what any other way out does: the app unmounts
        await pilot.pause()
    (entry,) = app.journal.entries
    assert entry.completed and entry.pain_after == 5


async def test_quitting_a_short_early_end_logs_nothing(make_app, clock):
    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("sitting"), minutes=10)
        await pilot.pause()
        player = await play(pilot, clock, 0)
        await play(pilot, clock, player.timeline.prepare + 20)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.journal.entries == []


async def test_command_palette_page_keys_in_a_burst_do_not_crash(make_app, clock):
    app = make_app(settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "ctrl+p", "pageup", "pagedown", "pageup")
        await settle(pilot)
        await pilot.pause(0.2)
        burst(app, "pageup", "pagedown")
        await settle(pilot)
        assert app.is_running
        assert app.screen.id == "--command-palette"


async def test_unsaved_settings_are_not_also_called_saved(make_app, clock, monkeypatch, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the settings folder would be\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocked))
    app = make_app(settings=Settings(seen_care_note=True))
    told: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: told.append(str(message)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        app.screen.query_one("#checkins").value = False  # a real change to keep
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert len(told) == 1
    assert "could not be saved" in told[0] and "Settings saved" not in told[0]


async def test_the_header_says_the_practice_is_being_saved_not_paused(make_app, clock):
    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    app.journal.record = lambda entry, done: None  # a journal that takes its time
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("counted-breathing"), minutes=3)
        await pilot.pause()
        player = await play(pilot, clock, 1)
        await play(pilot, clock, player.timeline.total)
        header = str(player.query_one("#player-header").render())
        assert "saving" in header and "paused" not in header


async def test_the_menu_answers_keys_while_the_sessions_folder_is_read(make_app, monkeypatch):
    import threading

    from mbsr_tui.core import catalogue as catalogue_module
    from mbsr_tui.ui.screens.help import HelpScreen

    release = threading.Event()
    real = catalogue_module.load_catalogue
    seen: list[bool] = []

    def slow_catalogue(*args, **kwargs):
        release.wait(3)  # a folder of many, or hostile, files
        seen.append(isinstance(app.screen, HelpScreen))  # was the key answered meanwhile?
        return real(*args, **kwargs)

    monkeypatch.setattr(catalogue_module, "load_catalogue", slow_catalogue)
    app = make_app(settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)  # answered while the files are read
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app._catalogue is not None
    assert seen == [True]
