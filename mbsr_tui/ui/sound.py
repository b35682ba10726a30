"""The app's bells and spoken guidance: warmed on the way into a practice, rested at the
idle menu, rung and spoken as the player's timeline says (a mixin of `MbsrApp`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mbsr_tui.ui.screen_depth import MENU_DEPTH

if TYPE_CHECKING:
    from textual.timer import Timer

    from mbsr_tui.audio.voice import VoiceControl
    from mbsr_tui.core.events import Event
    from mbsr_tui.core.practice import PracticeLife
    from mbsr_tui.core.settings import Settings
    from mbsr_tui.ui.bell_control import BellControl
    from mbsr_tui.ui.launch_options import Launch
    from mbsr_tui.ui.screens.player import PlayerScreen
    from mbsr_tui.ui.screens.requests import RingBells

# The sound rests after this long at the menu with nothing under way (`menu_shown`).
BELLS_REST_SECONDS = 60.0


class Sound:
    """Bells and voice. Needs `bells`, `settings`, `launch`, `practice`, `_player`, `now`
    and `choices()` (the practice flow's)."""

    bells: BellControl
    settings: Settings
    launch: Launch
    practice: PracticeLife | None
    now: Callable[[], float]
    _player: PlayerScreen | None
    voice: VoiceControl | None = None
    _muted: bool = False
    _bells_rest: Timer | None = None  # closes an unused mixer at the idle menu

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

    def on_ring_bells(self, message: RingBells) -> None:
        try:
            self.ring_events(message.events)
        except Exception:  # no bells to ring: the editor's button stays quiet rather than fail
            self.bell()

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

    def start_voice(self) -> None:
        """Spoken guidance, made at the first practice that wants it (never at start-up)."""
        choices = self.choices()  # the practice flow's: one rule for every way in
        mode, command = choices.voice, choices.speak_command
        if self.voice is not None or mode == "off":
            return
        from mbsr_tui.audio.voice import VoiceControl

        self.voice = VoiceControl(mode, command)
        self.voice.set_muted(self._muted)
        if self.voice.notice:
            self.notify(self.voice.notice, timeout=10, markup=False)

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
