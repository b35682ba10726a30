"""The way into and out of a practice (a mixin of `MbsrApp`): length, caution, check-in,
player, closing check-in, journal, closing screen; and the same way into a group sitting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

from textual import work

from mbsr_tui.ui.screen_depth import MENU_DEPTH
from mbsr_tui.ui.screens.menu import MenuScreen

if TYPE_CHECKING:
    from mbsr_tui.core.group.plan import GroupPlan
    from mbsr_tui.core.practice import CheckIn, Outcome, PracticeLife
    from mbsr_tui.core.practice_choices import PracticeChoices
    from mbsr_tui.core.session import Session
    from mbsr_tui.core.settings import Settings
    from mbsr_tui.ui.bell_control import BellControl
    from mbsr_tui.ui.group_control import GroupControl
    from mbsr_tui.ui.journal_keeper import JournalKeeper
    from mbsr_tui.ui.launch_options import Launch
    from mbsr_tui.ui.screens.calendar_form import CalendarFormScreen
    from mbsr_tui.ui.screens.player import PlayerScreen
    from mbsr_tui.ui.screens.requests import BackToMenu, SitTogether


class PracticeFlow:
    """Needs `launch`, `settings`, `bells`, `journal` and the `Sound` mixin's methods."""

    launch: Launch
    settings: Settings
    bells: BellControl
    journal: JournalKeeper
    # The practice under way (or ended and not yet logged), and the player showing it.
    practice: PracticeLife | None = None
    _player: PlayerScreen | None = None
    # The end of a practice that ended under a calendar form, once the form closes.
    _after_writing: Callable[[], None] | None = None
    group: GroupControl | None = None  # this person's place in a room, while in one

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
        self.gate(session, partial(self._play, session, minutes))

    def gate(self, session: Session, then: Callable[[CheckIn | None], None]) -> None:
        """The way in for every sitting, solo or group: the practice's caution if it asks
        for one, the check-in if check-ins are on, then `then(answers)`. Declining the
        caution goes back, or ends the app it was started for (`--exit-at-end`)."""
        from mbsr_tui.ui.screens.caution import CautionScreen

        if session.confirm:

            def answered(go: bool | None) -> None:
                if go:
                    self._check_in_before(then)
                elif self.launch.exit_at_end and len(self.screen_stack) <= MENU_DEPTH:
                    self.exit(0)

            self.push_screen(CautionScreen(session), answered)
        else:
            self._check_in_before(then)

    def choices(self) -> PracticeChoices:
        """What this practice asks and how it sounds: one rule for every way in."""
        from mbsr_tui.core.practice_choices import practice_choices

        launch = self.launch
        return practice_choices(self.settings, checkins=launch.checkins,
                                bell_mode=launch.bell_mode, voice=launch.voice,
                                speak_command=launch.speak_command)  # fmt: skip

    def _checkins_on(self) -> bool:
        return self.choices().checkins

    def _check_in_before(self, then: Callable[[CheckIn | None], None]) -> None:
        from mbsr_tui.ui.screens.checkin import CheckInScreen

        if self._checkins_on():
            self.push_screen(CheckInScreen("before"), then)
        else:
            then(None)

    def _play(self, session: Session, minutes: float | None, before: CheckIn | None) -> None:
        from mbsr_tui.ui.screens.player import PlayerScreen

        seconds = minutes * 60 if minutes else None
        # The practice's time starts once the bells can sound (issue 11: a bell at 0 s).
        now = self.practice_clock()
        player = PlayerScreen(
            session, seconds, sound=self, now=now, animation=self.settings.animation
        )
        from mbsr_tui.core.practice import PracticeLife

        self.play_practice(PracticeLife(session, datetime.now(UTC), before), player)

    def play_practice(self, practice: PracticeLife, player: PlayerScreen, *,
                      shown: bool = False) -> None:  # fmt: skip
        """The player shown, its recording and voice started: solo and group alike.
        `shown`: built ahead and on screen already (a group's countdown, issue 22)."""
        self.practice = practice
        self._player = player
        self.play_recording(player)
        self.start_voice()
        if not shown:
            self.push_screen(player)

    def action_timer(self, open_ended: bool = False) -> None:
        """The quick timer or the open-ended sit from the menu: shape it, then sit."""
        from mbsr_tui.core.timer import remembered, timer_session
        from mbsr_tui.ui.screens.timer_dialog import TimerDialog

        def shaped(shape) -> None:
            if shape is None:
                return
            kept = remembered(self.settings, shape)
            if kept != self.settings:
                self.remember(kept)
            session = timer_session(shape)
            self._gate(session, None)  # its length is its own: no length picker

        self.warm_bells()
        last = self.settings
        dialog = TimerDialog(
            open_ended=open_ended, minutes=last.timer_minutes, interval=last.timer_interval_minutes
        )
        self.push_screen(dialog, shaped)

    # -- sitting together (issue 10: ui/group_control.py, core/group/) --------------------

    def sit_together(self, plan: GroupPlan) -> None:
        """Host or join a group sitting: caution, check-in, the room, then the player."""
        from mbsr_tui.ui.group_control import begin_group

        self.launch.group = None  # only the first sitting comes from the command line
        self.warm_bells()
        begin_group(self, plan)

    def on_sit_together(self, message: SitTogether) -> None:
        self.sit_together(message.plan)

    def action_sit_together(self) -> None:
        """The menu's "Sit together": the open and coming rooms, or start one."""
        from mbsr_tui.ui.screens.rooms import RoomsScreen

        self.warm_bells()
        self.push_screen(RoomsScreen())

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

    def on_calendar_form_screen_closed(self, message: CalendarFormScreen.Closed) -> None:
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
                outcome.session.title, outcome.practised_seconds, outcome.ending_words(), saved
            )
        )

    @work(exclusive=True, group="exit")
    async def _exit_when_quiet(self) -> None:
        # Let the end bell finish sounding (a few seconds at most) before the shell returns.
        await self.bells.wait_until_quiet(timeout=8.0)
        self.exit(0)

    def on_back_to_menu(self, message: BackToMenu) -> None:
        self.pop_to_menu()

    def pop_to_menu(self) -> None:
        while len(self.screen_stack) > MENU_DEPTH:
            self.pop_screen()
        if isinstance(self.screen, MenuScreen):
            return
        self.pop_screen()
