"""MbsrApp: wires the screens together and owns the settings, the bells and the journal."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from mbsr_tui.core.safe_text import visible, visible_lines
from mbsr_tui.core.settings import Settings, load_settings, save_settings
from mbsr_tui.ui.drawn_text import DRAWN_TEXT_FILTER
from mbsr_tui.ui.screens.menu import MenuScreen

# Only the menu is needed for the first frame. The other screens, the journal and the
# bells are imported where they are first used: every module loaded before the first
# frame is start-up time the person waits through (see bench/ui_cost.py).
if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import SystemCommand
    from textual.filter import LineFilter
    from textual.screen import Screen
    from textual.timer import Timer

    from mbsr_tui.audio.voice import VoiceControl
    from mbsr_tui.core.catalogue import Catalogue
    from mbsr_tui.core.events import Event
    from mbsr_tui.core.practice import CheckIn, Outcome, PracticeLife
    from mbsr_tui.core.session import Session
    from mbsr_tui.ui.bell_control import BellControl
    from mbsr_tui.ui.course_companion import CourseCompanion, TodayLooked
    from mbsr_tui.ui.group_control import GroupControl, GroupPlan
    from mbsr_tui.ui.journal_keeper import JournalKeeper
    from mbsr_tui.ui.screens.player import PlayerScreen
    from mbsr_tui.ui.widgets.today_card import TodayCard

__all__ = ["Launch", "MbsrApp"]

# Screens up to and including the menu: the menu is the app's default screen.
MENU_DEPTH = 1
# The sound rests after this long at the menu with nothing under way (`menu_shown`).
BELLS_REST_SECONDS = 60.0


@dataclass
class Launch:
    """What the command line asked for."""

    session: Session | None = None
    minutes: float | None = None
    bell_mode: str | None = None
    checkins: bool = True
    exit_at_end: bool = False
    voice: str | None = None  # off | on | force; None: the setting
    speak_command: str | None = None  # None: the setting
    group: GroupPlan | None = None  # a group sitting to host or join (issue 10)


class CatalogueRead(Message):
    """Every practice, read again by a worker after one was saved or deleted."""

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self.catalogue = catalogue


class MbsrApp(App[int]):
    CSS_PATH = "mbsr.tcss"
    TITLE = "mbsr-tui"
    BINDINGS = [
        # Ctrl+C ends at once, as people expect of a terminal program (Textual binds it to copy).
        Binding("ctrl+c", "quit_now", "Quit", priority=True, show=False),
    ]

    def __init__(
        self,
        launch: Launch | None = None,
        *,
        catalogue: Catalogue | None = None,
        settings: Settings | None = None,
        now: Callable[[], float] = time.monotonic,
        bells: BellControl | None = None,
        journal: JournalKeeper | None = None,
    ) -> None:
        super().__init__()
        self.launch = launch or Launch()
        self._catalogue = catalogue
        self.settings_problem: str | None = None
        if settings is None:
            loaded = load_settings()
            settings, self.settings_problem = loaded.settings, loaded.problem
        self.settings = settings
        self.now = now
        if bells is None:
            from mbsr_tui.ui.bell_control import BellControl

            bells = BellControl(self.launch.bell_mode or settings.bell_mode, self, settings.volume)
        if journal is None:
            from mbsr_tui.ui.journal_keeper import JournalKeeper

            journal = JournalKeeper(self)
        self.bells = bells
        self.journal = journal
        # The practice under way (or ended and not yet logged), and the player showing it.
        self.practice: PracticeLife | None = None
        # The end of a practice that ended under a calendar form, once the form closes.
        self._after_writing: Callable[[], None] | None = None
        self._player: PlayerScreen | None = None
        self.voice: VoiceControl | None = None
        self._muted = False
        self._quit_question: Screen | None = None  # "not saved: quit?" while it is asked
        self._bells_rest: Timer | None = None  # closes an unused mixer at the idle menu

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            from mbsr_tui.core.catalogue import load_catalogue

            self._catalogue = load_catalogue()
        return self._catalogue

    def get_line_filters(self) -> Sequence[LineFilter]:
        # Every drawn line passes here last: no control or bidirectional character from a
        # file, a room or the journal reaches the terminal, whichever widget drew it.
        return [*super().get_line_filters(), DRAWN_TEXT_FILTER]

    def notify(self, message: str, *, title: str = "", **options: Any) -> None:
        # A toast often quotes a file name, a room or an error: control characters as marks.
        super().notify(visible_lines(message), title=visible(title), **options)

    # -- start-up ------------------------------------------------------------------

    def get_default_screen(self) -> MenuScreen:
        """The menu is the bottom of the screen stack (MENU_DEPTH): no blank default screen
        composed, laid out and covered before the first frame (~8 ms)."""
        self._menu = MenuScreen(self._catalogue, show_care_note=not self.settings.seen_care_note)
        return self._menu

    def on_mount(self) -> None:
        self._watch_signals()
        # The menu's first frame comes from the built-ins' index; the session files are
        # read (and validated) right after it, and the person's own sessions join then.
        self.call_after_refresh(self._read_catalogue, self._menu)
        if self.settings_problem:
            self.notify(self.settings_problem, severity="warning", timeout=10, markup=False)
        if not self.settings.seen_care_note:
            self._remember(replace(self.settings, seen_care_note=True))
        # The journal opens after the first frame: opening SQLite must not delay what the
        # person sees. The sound opens on the way into a practice (`warm_bells`).
        self.call_after_refresh(self.journal.open)
        if self.launch.session is not None:
            self.begin(self.launch.session, minutes=self.launch.minutes)
        elif self.launch.group is not None:
            self.sit_together(self.launch.group)

    def _read_catalogue(self, menu: MenuScreen) -> None:
        if self._catalogue is not None:
            self._show_catalogue(menu, self._catalogue)
        else:
            self._load_catalogue(menu)

    @work(thread=True, exclusive=True, group="catalogue")
    def _load_catalogue(self, menu: MenuScreen) -> None:
        # Off the event loop: however many (or hostile) files the sessions folder holds,
        # keys and signals are answered while they are read.
        from mbsr_tui.core.catalogue import load_catalogue

        catalogue = load_catalogue()
        with contextlib.suppress(RuntimeError):  # the app ended while the files were read
            self.call_from_thread(self._show_catalogue, menu, catalogue)

    def _show_catalogue(self, menu: MenuScreen, catalogue: Catalogue) -> None:
        if self._catalogue is None:
            self._catalogue = catalogue
        menu.show_catalogue(self._catalogue)
        # Messages carry text from files: shown literally, never read as markup.
        for problem in self._catalogue.problems:
            self.notify(f"Skipped a session file: {problem}", severity="warning", timeout=10,
                        markup=False)  # fmt: skip

    # -- the way into a practice -------------------------------------------------------

    def begin(self, session: Session, minutes: float | None = None) -> None:
        """Length (from the menu), the safety gate, the check-in, then the player."""
        from mbsr_tui.ui.screens.length import LengthScreen

        self.warm_bells()

        # A practice with its own recording lasts as long as the recording (issue 12).
        if minutes is None and self.launch.session is None and session.audio is None:
            self.push_screen(LengthScreen(session), lambda m: m and self._gate(session, m))
        else:
            self.launch.session = None  # only the first practice comes from the command line
            self._gate(session, minutes)

    def _gate(self, session: Session, minutes: float | None) -> None:
        from mbsr_tui.ui.screens.caution import CautionScreen

        if session.confirm:

            def answered(go: bool | None) -> None:
                if go:
                    self._check_in_before(session, minutes)
                elif self.launch.exit_at_end and len(self.screen_stack) <= MENU_DEPTH:
                    self.exit(0)

            self.push_screen(CautionScreen(session), answered)
        else:
            self._check_in_before(session, minutes)

    def _checkins_on(self) -> bool:
        return self.settings.checkins and self.launch.checkins

    def _check_in_before(self, session: Session, minutes: float | None) -> None:
        from mbsr_tui.ui.screens.checkin import CheckInScreen

        if self._checkins_on():
            self.push_screen(CheckInScreen("before"), lambda c: self._play(session, minutes, c))
        else:
            self._play(session, minutes, None)

    def _play(self, session: Session, minutes: float | None, before: CheckIn | None) -> None:
        from mbsr_tui.ui.screens.player import PlayerScreen

        seconds = minutes * 60 if minutes else None
        # The practice's time starts once the bells can sound (issue 11: a bell at 0 s).
        now = self.practice_clock()
        player = PlayerScreen(session, seconds, now=now, animation=self.settings.animation)
        from mbsr_tui.core.practice import PracticeLife

        self.practice = PracticeLife(session, datetime.now(UTC), before)
        self._player = player
        self.play_recording(player)
        self._start_voice()
        self.push_screen(player)

    def _start_voice(self) -> None:
        """Spoken guidance, made at the first practice that wants it (never at start-up)."""
        mode = self.launch.voice or self.settings.voice
        command = self.launch.speak_command
        if command is None:
            command = self.settings.speak_command
        if self.voice is not None or mode == "off":
            return
        from mbsr_tui.audio.voice import VoiceControl

        self.voice = VoiceControl(mode, command)
        self.voice.set_muted(self._muted)
        if self.voice.notice:
            self.notify(self.voice.notice, timeout=10, markup=False)

    # -- the way out of a practice -------------------------------------------------------

    def on_player_screen_ended(self, message: PlayerScreen.Ended) -> None:
        practice, outcome = self.practice, message.outcome
        if practice is None:
            return
        # The outcome is kept the moment the player ends: whatever happens during the
        # closing check-in, a finished practice stays finished.
        practice.end(outcome, message.ended_at)
        self._player = None
        self._close_practice(practice, outcome)

    def _held_for_writing(self, then: Callable[[], None]) -> bool:
        """A calendar entry is being written over the practice (Ctrl+P during the player,
        or while its end is logged): the form stays, words and all, and `then` (the closing
        check-in, the closing screen) waits until it is saved or left. True if it waits.
        A quit or a signal meanwhile logs the practice as it ended."""
        from mbsr_tui.ui.screens.calendar_form import CalendarFormScreen

        if not any(isinstance(s, CalendarFormScreen) for s in self.screen_stack[MENU_DEPTH:]):
            return False
        self._after_writing = then
        return True

    def on_calendar_form_screen_closed(self, message) -> None:
        then, self._after_writing = self._after_writing, None
        if then is not None:
            then()  # held again if another form is still open

    def _close_practice(self, practice: PracticeLife, outcome: Outcome) -> None:
        from mbsr_tui.ui.screens.checkin import CheckInScreen

        if practice.logged or self._held_for_writing(
            partial(self._close_practice, practice, outcome)
        ):
            return  # logged meanwhile (a quit), or waiting for the form
        if not practice.worth_logging():
            self.practice = None
            self._after(outcome, "Practices shorter than a minute are not logged.")
            return
        if self._checkins_on():
            self.push_screen(
                CheckInScreen("after", answered=practice.answered_after),
                lambda answers: self._log(practice, answers),
            )
        else:
            self._log(practice, None)

    def _log(self, practice: PracticeLife, after: CheckIn | None) -> None:
        if after is not None:
            practice.answered_after(after)
        if self.practice is practice:
            self.practice = None
        if practice.logged:
            return
        practice.logged = True
        outcome = practice.outcome
        assert outcome is not None
        self.journal.record(practice.entry(), lambda saved: self._after(outcome, saved))

    def _after(self, outcome: Outcome, saved: str) -> None:
        if self._held_for_writing(partial(self._after, outcome, saved)):
            return
        if self.launch.exit_at_end:
            self._exit_when_quiet()
            return
        self.switch_screen_to_closing(outcome, saved)

    def switch_screen_to_closing(self, outcome: Outcome, saved: str) -> None:
        from mbsr_tui.ui.screens.closing import ClosingScreen

        while len(self.screen_stack) > MENU_DEPTH:
            self.pop_screen()
        self.push_screen(
            ClosingScreen(
                outcome.session.title, outcome.practised_seconds, outcome.completed, saved
            )
        )

    @work(exclusive=True, group="exit")
    async def _exit_when_quiet(self) -> None:
        # Let the end bell finish sounding (a few seconds at most) before the shell returns.
        await self.bells.wait_until_quiet(timeout=8.0)
        self.exit(0)

    def pop_to_menu(self) -> None:
        while len(self.screen_stack) > MENU_DEPTH:
            self.pop_screen()
        if isinstance(self.screen, MenuScreen):
            return
        self.pop_screen()

    # -- bells ----------------------------------------------------------------------

    def warm_bells(self) -> None:
        """Open the sound now: the person is on the way into a practice (a length to pick,
        a check-in to answer), or about to try a bell in the editor. Opening takes a
        quarter of a second; the practice's clock waits for it if it must (issue 11)."""
        if self._bells_rest is not None:
            self._bells_rest.stop()
            self._bells_rest = None
        self.bells.start()

    def menu_shown(self) -> None:
        """Back at the menu: let the sound rest if nothing needs it for a while. An open
        mixer keeps the sound device mixing silence (0.4 % CPU at the idle menu,
        measured), and the menu may stay open all day."""
        if self._bells_rest is not None:
            self._bells_rest.stop()
        self._bells_rest = self.set_timer(BELLS_REST_SECONDS, self._rest_bells)

    def _rest_bells(self) -> None:
        self._bells_rest = None
        rest = getattr(self.bells, "rest", None)  # stand-ins in tests may have none
        if rest is not None and self.practice is None and len(self.screen_stack) <= MENU_DEPTH:
            rest()

    def ring_events(self, events: list[Event]) -> None:
        self.bells.ring_events(events, phase_cues=self.settings.phase_cues)
        player = self._player
        if self.voice is not None and player is not None:
            breathing = player.session.kind == "breathing"
            self.voice.hear(player.timeline, events, breathing=breathing)

    def practice_paused(self, paused: bool) -> None:
        """Pausing stops the voice mid-word; going on, the next moment speaks again."""
        if paused and self.voice is not None:
            self.voice.pause()
        follow = getattr(self.bells, "follow_practice", None)
        if follow is not None:
            follow()  # a recording pauses and goes on with the practice, at once

    def bell_status(self) -> str:
        return self.bells.describe()

    def toggle_mute(self) -> None:
        self.bells.toggle_mute()
        self._muted = not self._muted
        if self.voice is not None:
            self.voice.set_muted(self._muted)

    # -- other screens --------------------------------------------------------------------

    def action_timer(self, open_ended: bool = False) -> None:
        """The quick timer or the open-ended sit from the menu: shape it, then sit."""
        from mbsr_tui.core.timer import timer_session
        from mbsr_tui.ui.screens.timer_dialog import TimerDialog

        def shaped(shape) -> None:
            if shape is None:
                return
            remembered = replace(self.settings, timer_interval_minutes=shape.interval_minutes)
            if shape.minutes is not None:
                remembered = replace(remembered, timer_minutes=shape.minutes)
            if remembered != self.settings:
                self._remember(remembered)
            session = timer_session(shape)
            self._gate(session, None)  # its length is its own: no length picker

        self.warm_bells()
        last = self.settings
        dialog = TimerDialog(
            open_ended=open_ended, minutes=last.timer_minutes, interval=last.timer_interval_minutes
        )
        self.push_screen(dialog, shaped)

    def action_command_palette(self) -> None:
        from mbsr_tui.ui.screens.palette import CalmCommandPalette

        if self.use_command_palette and not CalmCommandPalette.is_open(self):
            self.push_screen(CalmCommandPalette(id="--command-palette"))

    def action_help(self) -> None:
        from mbsr_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_history(self) -> None:
        from mbsr_tui.ui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.journal, self.settings))

    def action_settings(self) -> None:
        from mbsr_tui.ui.screens.settings import SettingsScreen

        def saved(new: Settings | None) -> None:
            if new is not None:
                self._remember(new, confirm=True)
                self.bells.configure(new.bell_mode if not self.launch.bell_mode else None,
                                     new.volume)  # fmt: skip

        self.push_screen(SettingsScreen(self.settings), saved)

    def _remember(self, settings: Settings, *, confirm: bool = False) -> None:
        self.settings = settings
        self._save_settings(settings, confirm)

    @work(thread=True, exclusive=True, group="settings")
    def _save_settings(self, settings: Settings, confirm: bool) -> None:
        # One message, after the write: "saved" only when it was.
        try:
            save_settings(settings)
        except OSError as err:
            message = (
                "Your settings apply now but could not be saved for next time: "
                f"{err.strerror or err}"
            )
            self.call_from_thread(self.notify, message, severity="error", markup=False)
        else:
            if confirm:
                self.call_from_thread(self.notify, "Settings saved.")

    # -- leaving ----------------------------------------------------------------------

    def action_quit_now(self) -> None:
        self._when_words_landed(self._quit_now)

    def _quit_now(self) -> None:
        if self._asked_before_quitting():
            return
        self.end_abruptly(one_minute_rule=True)
        self.exit(0)

    def _when_words_landed(self, then: Callable[[], None]) -> None:
        """`then`, once the keys read with this one reach the form on screen: words typed
        just before Ctrl+C or Ctrl+Q are the form's, so it asks before they are lost."""
        if any(hasattr(s, "ask_before_quitting") for s in self.screen_stack):
            from mbsr_tui.ui.typed_input import after_typing

            after_typing(self.screen, then, always=True)
        else:
            then()

    def _asked_before_quitting(self) -> bool:
        """Changes in the editor not saved: ask first (True). Asked already and still on
        screen: the second Ctrl+C or Ctrl+Q quits at once (False)."""
        if self._quit_question is not None and self._quit_question in self.screen_stack:
            return False
        for screen in reversed(self.screen_stack):
            ask = getattr(screen, "ask_before_quitting", None)
            if ask is not None:
                self._quit_question = ask()
                return self._quit_question is not None
        return False

    def end_abruptly(self, one_minute_rule: bool = False) -> None:
        """Any way out but the practice's own end: log what is under way, right now.

        A practice still playing is logged as ended early; one that already ended (the
        closing check-in is on screen) as it ended, with the answers given so far. A
        dropped SSH connection was not the person's choice, so signals log any practice;
        Ctrl+C, Ctrl+Q and the palette's Quit follow the one-minute rule of ending with q
        (`one_minute_rule`).
        Safe to call more than once: a practice is logged once.
        """
        practice, self.practice = self.practice, None
        player, self._player = self._player, None
        if practice is None or practice.logged:
            return
        if not practice.ended and player is not None:
            practice.end(*player.final_outcome())
        # Imported here: a practice is under way, so the module is loaded already, and the
        # menu's first frame does not wait for it.
        from mbsr_tui.core.practice import MIN_LOGGED_SECONDS

        if practice.worth_logging(MIN_LOGGED_SECONDS if one_minute_rule else 1.0):
            practice.logged = True
            self.journal.record_now(practice.entry())

    def _watch_signals(self) -> None:
        # SIGHUP is a dropped SSH connection; SIGTERM a shutdown; SIGINT `kill -INT` (in
        # the terminal Ctrl+C is a key). Either way the practice in progress (or being
        # saved) is kept before the app exits and restores the terminal. A plain handler
        # rather than the loop's: it runs even while the loop is busy, and it arms the
        # watchdog that ends the process should anything keep it from exiting. (Headless,
        # under tests, Ctrl+C stays the test runner's.)
        from functools import partial

        loop = asyncio.get_running_loop()
        saved = {}
        watched = (signal.SIGHUP, signal.SIGTERM, *(() if self.is_headless else (signal.SIGINT,)))
        for signum in watched:
            with contextlib.suppress(ValueError, OSError):  # not the main thread
                saved[signum] = signal.signal(signum, partial(self._signal_arrived, loop))
        self._mbsr_saved_signals = saved

    def _on_signal(self, signum: int) -> None:
        """On the loop, after SIGHUP, SIGTERM or SIGINT (or a hang-up): log, stop bells, exit."""
        from mbsr_tui.ui.exit_watchdog import EXIT_DEADLINE_SECONDS, WATCHDOG

        self.end_abruptly()
        self.journal.settle()  # a practice being saved when the signal came is kept too
        self.bells.close()
        self.exit(128 + signum)
        if WATCHDOG.armed:
            # What had to be logged is logged (or kept in pending.toml, settle() saw to it):
            # from here on, leaving takes a moment.
            WATCHDOG.arm(EXIT_DEADLINE_SECONDS, 128 + signum, f"after signal {signum}")

    async def action_quit(self) -> None:
        # Ctrl+Q and the command palette's Quit: the practice is logged as Ctrl+C logs it.
        self._when_words_landed(self._quit)

    def _quit(self) -> None:
        if self._asked_before_quitting():
            return
        self.end_abruptly(one_minute_rule=True)
        self.bells.close()
        self.exit(0)

    def on_unmount(self) -> None:
        # Every way out passes here (even a crash in a dialog): nothing under way is lost.
        self.end_abruptly(one_minute_rule=True)
        self.journal.settle()
        self.bells.close()
        if self.voice is not None:
            self.voice.close()
        # Nothing is left to log: a signal from here on may end the process at once.
        for signum, handler in getattr(self, "_mbsr_saved_signals", {}).items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, handler)

    # -- the terminal going away (issue 15; see terminal_driver.py) ---------------------

    def _signal_arrived(self, loop: asyncio.AbstractEventLoop, signum: int, _frame) -> None:
        """The signal handler proper: runs on the main thread between two bytecodes, even
        while the loop waits. It only arms the watchdog and hands over to the loop."""
        from mbsr_tui.ui.exit_watchdog import LOGGING_DEADLINE_SECONDS, WATCHDOG

        driver = self._driver
        attrs = getattr(driver, "attrs_before", None)
        if attrs is not None:
            WATCHDOG.terminal_attrs = (driver.fileno, attrs)
        WATCHDOG.arm(LOGGING_DEADLINE_SECONDS, 128 + signum, f"after signal {signum}")
        if signum == signal.SIGHUP and hasattr(driver, "hurry"):
            driver.hurry()  # the terminal may be gone: no write may wait long for it
        with contextlib.suppress(RuntimeError):  # the loop has closed: the watchdog ends it
            loop.call_soon_threadsafe(self._on_signal, signum)

    def terminal_hung_up(self) -> None:
        """The driver saw the terminal hang up (with or without a SIGHUP): as SIGHUP."""
        from mbsr_tui.ui.exit_watchdog import LOGGING_DEADLINE_SECONDS, WATCHDOG

        WATCHDOG.arm(LOGGING_DEADLINE_SECONDS, 128 + signal.SIGHUP, "after the terminal hung up")
        self._on_signal(signal.SIGHUP)

    def get_driver_class(self):
        """Textual's Linux driver, made to let go of a terminal that has gone away."""
        driver_class = super().get_driver_class()
        if driver_class.__module__ == "textual.drivers.linux_driver":
            from mbsr_tui.ui.terminal_driver import MbsrDriver

            return MbsrDriver
        return driver_class

    # -- making your own practices (issue 9: the editor) -------------------------------------

    def open_editor(self, session: Session | None = None, *, exit_on_leave: bool = False) -> None:
        """The editor for a copy of a built-in, the person's own file, or a new practice."""
        from mbsr_tui.ui.screens.editor import EditorScreen

        self.warm_bells()  # its Play buttons ring through the speakers
        self.push_screen(EditorScreen(session, exit_on_leave=exit_on_leave))

    def action_edit(self, session_id: str = "") -> None:
        self.open_editor(self.catalogue.get(session_id) if session_id else None)

    def practices_changed(self) -> None:
        """A practice was saved or deleted: the catalogue is read again off the event loop
        (every session file: keys are answered meanwhile); the menu shows it once read."""
        self._reread_catalogue()

    def on_editor_screen_practices_changed(self, message) -> None:
        self.practices_changed()

    @work(thread=True, exclusive=True, group="catalogue-again")
    def _reread_catalogue(self) -> None:
        from textual.worker import get_current_worker

        from mbsr_tui.core.catalogue import load_catalogue

        catalogue = load_catalogue()
        # A later save started a newer reading (this one may have missed that file).
        if not get_current_worker().is_cancelled:
            self.post_message(CatalogueRead(catalogue))

    def on_catalogue_read(self, message: CatalogueRead) -> None:
        self._catalogue = message.catalogue
        for screen in self.screen_stack:
            if isinstance(screen, MenuScreen):
                screen.show_catalogue(message.catalogue)

    def delete_practice(self, session_id: str) -> None:
        """Set one of the person's own practices aside (asks first; the file is kept)."""
        from mbsr_tui.core.catalogue import BUILTIN_ORDER
        from mbsr_tui.core.session_files import Origin, delete_session, origin_of
        from mbsr_tui.ui.screens.confirm import ConfirmScreen

        session = self.catalogue.get(session_id)
        if session is None or session.source is None:
            return
        if origin_of(session.source) is not Origin.OWN:
            self.notify("Built-in practices cannot be deleted; press e to edit a copy.",
                        timeout=5)  # fmt: skip
            return
        path = session.source
        back = " The built-in practice comes back." if session_id in BUILTIN_ORDER else ""

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                kept = delete_session(path)
            except OSError as err:
                self.notify(f"Not deleted: {err.strerror or err}", severity="error", markup=False)
                return
            self.notify(f"Deleted. The file is kept as {kept.name}.{back}", markup=False)
            self.practices_changed()

        question = ConfirmScreen(
            f"Delete “{visible(session.title)}”?",
            yes="Delete",
            no="Keep it",
            detail=f"The file is kept as {path.name}.deleted in {path.parent}; rename it back "
            f"to bring the practice back.{back}",
        )
        self.push_screen(question, answered)

    # -- the 8-week course (issue 8: ui/course_companion.py, ui/course_flow.py) ---------

    @property
    def course(self) -> CourseCompanion:
        """The person's course, read and moved off the loop (tests bring a frozen day)."""
        companion = self.__dict__.get("_course_companion")
        if companion is None:
            from mbsr_tui.ui.course_companion import CourseCompanion

            companion = self._course_companion = CourseCompanion()
        return companion

    @course.setter
    def course(self, companion: CourseCompanion) -> None:
        self._course_companion = companion

    def refresh_today(self) -> None:
        """Look at the course in a worker (the menu asks after its frame, never before)."""
        if self.course.enabled:
            self._look_at_course()

    @work(thread=True, exclusive=True, group="course")
    def _look_at_course(self) -> None:
        from mbsr_tui.ui.course_companion import CourseView, TodayLooked

        try:
            view = self.course.look(self.journal, self.settings.day_starts_hour)
        except Exception as err:  # a course that cannot be read must not end the app
            view = CourseView(None, problem=str(err) or type(err).__name__)
        self.post_message(TodayLooked(view))

    def on_today_looked(self, message: TodayLooked) -> None:
        from mbsr_tui.ui import course_flow

        course_flow.looked(self, message.view)

    def on_today_card_chosen(self, message: TodayCard.Chosen) -> None:
        from mbsr_tui.ui import course_flow

        course_flow.chosen(self, message.action, message.view)

    def write_calendar(self, kind: str | None = None) -> None:
        """A calendar form (pleasant, unpleasant, communication; None: choose first)."""
        from mbsr_tui.ui import course_flow

        course_flow.write_calendar(self, kind)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        from mbsr_tui.ui.course_flow import course_commands

        yield from course_commands(self)

    # -- the opening bell and the person's own recordings (issues 11 and 12) -------------

    def practice_clock(self) -> Callable[[], float]:
        """The `now` of the next practice: held at its first moment until the bells are
        ready (BellControl.hold_clock), so a bell at 0 s reaches the speakers."""
        hold = getattr(self.bells, "hold_clock", None)  # stand-ins in tests may have none
        return hold(self.now) if hold is not None else self.now

    def play_recording(self, player: PlayerScreen) -> None:
        """The practice's own recording (`audio = "..."`), from its start bell, tied to its
        clock until the practice ends (BellControl.play_recording)."""
        session = player.session
        play = getattr(self.bells, "play_recording", None)
        if session.audio is None or session.audio_seconds is None or play is None:
            return
        timeline = player.timeline
        play(session.audio, session.audio_seconds, player.clock, prepare=timeline.prepare,
             practice_seconds=timeline.length,
             alive=lambda: self._player is player)  # fmt: skip

    def may_skip_step(self) -> bool:
        """False (and the person told why) when a recording could not follow a skip."""
        refused = getattr(self.bells, "skip_refused", lambda: None)()
        if refused:
            self.notify(refused, timeout=5, markup=False)
        return not refused

    # -- sitting together (issue 10: ui/group_control.py, core/group/) --------------------

    group: GroupControl | None = None  # this person's place in a room, while in one

    def sit_together(self, plan: GroupPlan) -> None:
        """Host or join a group sitting: caution, check-in, the room, then the player."""
        from mbsr_tui.ui.group_control import begin_group

        self.launch.group = None  # only the first sitting comes from the command line
        self.warm_bells()
        begin_group(self, plan)

    def action_sit_together(self) -> None:
        """The menu's "Sit together": the open and coming rooms, or start one."""
        from mbsr_tui.ui.screens.rooms import RoomsScreen

        self.warm_bells()
        self.push_screen(RoomsScreen())
