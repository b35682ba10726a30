"""The plain, line-by-line player: the same timeline as the full-screen app, told in lines.

It sleeps until the next thing worth saying (an event of the timeline, a whole minute
left) or a key, then says what happened since it last looked: `events_between` and
`state_at`, exactly as the full-screen player draws and rings. Time comes from one
`SessionClock`; nothing is accumulated from waits.
"""

from __future__ import annotations

import signal
import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from mbsr_tui.core import narration
from mbsr_tui.core.checkin_form import DECIMAL_DIGITS
from mbsr_tui.core.clock import SessionClock
from mbsr_tui.core.practice import CheckIn, Outcome, PracticeLife
from mbsr_tui.core.safe_text import visible, visible_lines
from mbsr_tui.core.session import Session
from mbsr_tui.core.timeline import Timeline
from mbsr_tui.plain.terminal import PlainTerminal

QUESTIONS = (
    ("pain", "How bothersome is your back pain right now? 0 is none, 10 is as bad as it gets."),
    ("stress", "How stressed do you feel right now? 0 is calm, 10 is extremely stressed."),
)
ANSWER_HINT = "Type a number from 0 to 10 and press Enter, or just Enter to skip: "
CTRL_C = "\x03"


class Hangup(Exception):
    """SIGHUP or SIGTERM: log what is under way and leave."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass
class PlainOptions:
    minutes: float | None = None
    checkins: bool = True
    phase_cues: bool = True


class PlainPlayer:
    """Plays one session in lines; `run()` returns the exit code."""

    def __init__(
        self,
        session: Session,
        terminal: PlainTerminal,
        bells,  # a BellPlayer (mbsr_tui.audio), started by the caller
        record: Callable[[PracticeLife], str],
        options: PlainOptions | None = None,
        now: Callable[[], float] = time.monotonic,
        voice=None,  # a VoiceControl (mbsr_tui.audio.voice), or None for silence
    ) -> None:
        self.voice = voice
        self.session = session
        self.term = terminal
        self.bells = bells
        self.record = record
        self.options = options or PlainOptions()
        self.now = now
        seconds = self.options.minutes * 60 if self.options.minutes else None
        self.timeline = Timeline(session, seconds)
        self._event_times = [event.at for event in self.timeline.events]
        self.life: PracticeLife | None = None
        self.clock: SessionClock | None = None
        self.recording = None  # the session's own recording (audio.recording), if playing
        self._recording_notices: list[str] = []  # from the recording's thread, said later
        self.interrupted = False  # ended by Ctrl+C

    # -- the whole run -------------------------------------------------------------

    def run(self) -> int:
        previous = {s: signal.getsignal(s) for s in (signal.SIGHUP, signal.SIGTERM)}
        for signum in previous:
            signal.signal(signum, _raise_hangup)
        try:
            return self._run()
        except Hangup as hangup:
            self._log_now()
            return 128 + hangup.signum
        except KeyboardInterrupt:
            self.interrupted = True  # the plain menu leaves too: Ctrl+C quits
            self._log_now()
            self.term.say("", "Stopped.")
            return 0
        finally:
            self._stop_recording()
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _run(self) -> int:
        if self.session.confirm and not self._accept_caution():
            self.term.say("Not started. Take care of yourself.")
            return 0
        before = self._check_in("before") if self.options.checkins else None
        self.term.say(*narration.opening_lines(self.session, self.timeline))
        self.life = PracticeLife(self.session, datetime.now(UTC), before)
        self.clock = SessionClock(self.now)
        self._follow_recording()
        reached_end = self._play()
        self._stop_recording()
        life = self.life
        life.end(self._outcome(reached_end))
        practised = narration.minutes_words(life.outcome.practised_seconds)
        self.term.say(f"{practised} practised. {life.outcome.ending_words()}")
        if not life.worth_logging():
            self.term.say("Practices shorter than a minute are not logged.")
            return 0
        if self.options.checkins:
            self._check_in("after", life.answered_after)
        self.term.say(self._log(life))
        self.term.say("Thank you for taking this time.")
        return 0

    # -- the practice ----------------------------------------------------------------

    def _play(self) -> bool:
        """Say and ring each moment as it comes; True if the practice reached its end."""
        clock, timeline = self.clock, self.timeline
        last = 0.0
        while True:
            elapsed = clock.elapsed()
            events = timeline.events_between(last, elapsed)
            self._ring(events)
            self.term.say(*narration.lines_between(timeline, last, elapsed, events))
            last = max(last, elapsed)
            if timeline.state_at(elapsed).finished:
                return True
            key = self.term.read_key(self._wait(last))
            if key is None:
                continue
            if key == CTRL_C:
                raise KeyboardInterrupt
            if key == " ":
                paused = clock.toggle()
                if self.recording is not None:
                    self.recording.poke()  # the recording pauses and goes on with it
                if paused and self.voice is not None:
                    self.voice.pause()
                self.term.say("Paused. Press space to go on." if paused else "Going on.")
            elif key in "nN":
                last = self._skip(last)
            elif key in "qQ" and self.session.open_ended:
                self._ring_end()
                return True  # no end to miss: q is the end
            elif key in "qQ" and self._confirm_end():
                return False

    def _wait(self, last: float) -> float | None:
        """Seconds until the next thing to say (None while paused: only a key wakes us)."""
        if self.clock.paused:
            return None
        index = bisect_right(self._event_times, last)
        due = [self._event_times[index]] if index < len(self._event_times) else []
        mark = narration.next_minute_mark(self.timeline, last)
        if mark is not None and mark > last:
            due.append(mark)
        if not due:
            return 0.0
        # A hair late rather than early: early would find the moment still ahead.
        return max(0.0, min(due) - self.clock.elapsed()) + 0.001

    def _skip(self, last: float) -> float:
        state = self.timeline.state_at(self.clock.elapsed())
        following = 0 if state.preparing else state.step_index + 1
        if following >= len(self.timeline.steps):
            self.term.say("This is the last part. Press q to end the practice.")
            return last
        refused = self.recording.refuses_skip() if self.recording is not None else None
        if refused:
            self.term.say(refused)
            return last
        target = self.timeline.prepare if state.preparing else self.timeline.step_starts[following]
        self.clock.skip_to(target)
        # Bells in the skipped stretch stay silent; the new part's own events are said.
        return target - 1e-6

    def _confirm_end(self) -> bool:
        self.term.say("End the practice now? Press y to end, any other key to go on.")
        answer = self.term.read_key(None)
        if answer == CTRL_C:
            raise KeyboardInterrupt
        if answer in ("y", "Y"):
            return True
        self.term.say("Going on.")
        return False

    def _ring(self, events) -> None:
        from mbsr_tui.audio.rings import sounds_for

        for ring in sounds_for(events, phase_cues_enabled=self.options.phase_cues):
            self.bells.ring(ring.sound, ring.side)
        if self.voice is not None:
            self.voice.hear(self.timeline, events, breathing=self.session.kind == "breathing")
        if self.recording is not None:
            self.recording.poke()  # the start bell, a skipped-to part: it follows at once
        while self._recording_notices:
            self.term.say(self._recording_notices.pop(0))

    def _ring_end(self) -> None:
        from mbsr_tui.core.events import Event, EventKind

        bells = self.session.bells
        self._ring([Event(self.clock.elapsed(), EventKind.END, bells.sound if bells.end else None)])
        self.term.say("The practice has ended.")

    def _outcome(self, reached_end: bool) -> Outcome:
        self.clock.pause()
        practised = min(self.clock.practised_since(self.timeline.prepare), self.timeline.length)
        if self.session.open_ended:
            return Outcome(self.session, 0.0, practised, reached_end=True)
        return Outcome(self.session, self.timeline.length, practised, reached_end)

    def _accept_caution(self) -> bool:
        """A practice that needs care starts only on an explicit yes."""
        self.term.say(f"Before {visible(self.session.title)}, please read this.",
                      visible_lines(self.session.caution))  # fmt: skip
        self.term.prompt("Type yes and Enter to begin, or just Enter to go back: ")
        answer = self.term.read_line()
        return answer is not None and answer.strip().lower() in ("yes", "y")

    # -- check-ins and the journal ---------------------------------------------------

    def _check_in(self, when: str, answered: Callable[[CheckIn], None] | None = None) -> CheckIn:
        heading = "Before you begin" if when == "before" else "Now that you have finished"
        self.term.say(f"{heading}: a quick check-in. Enter skips a question.")
        answers: dict[str, int | None] = {}
        note = ""
        for key, question in QUESTIONS:
            answers[key] = self._ask_rating(question)
            if answered:
                answered(CheckIn(answers.get("pain"), answers.get("stress")))
        if when == "after":
            self.term.prompt("Anything you would like to remember? (Enter to skip): ")
            note = self.term.read_line() or ""
        result = CheckIn(answers.get("pain"), answers.get("stress"), note)
        if answered:
            answered(result)
        return result

    def _ask_rating(self, question: str) -> int | None:
        self.term.say(question)
        while True:
            self.term.prompt(ANSWER_HINT)
            line = self.term.read_line()
            if line is None:
                self.term.say("")
                return None
            text = line.strip()
            if text in ("", "s", "S"):
                return None
            if text and all(c in DECIMAL_DIGITS for c in text) and int(text) <= 10:
                return int(text)
            self.term.say("That is not a number from 0 to 10.")

    def _log(self, life: PracticeLife) -> str:
        life.logged = True
        # A signal must not cut the write short: it waits until the entry is kept.
        blocked = {signal.SIGHUP, signal.SIGTERM, signal.SIGINT}
        signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
        try:
            return self.record(life)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)

    def _log_now(self) -> None:
        """A signal or Ctrl+C: log the practice in progress (or ended, answers so far),
        by the one logging rule (core/practice.py)."""
        life = self.life
        if life is None or life.logged:
            return
        if not life.ended and self.clock is not None:
            life.end(self._outcome(reached_end=False))
        if life.worth_logging():
            self.term.say(self._log(life))

    # -- the session's own recording (issue 12) ---------------------------------------

    def _follow_recording(self) -> None:
        """Play the session's recording from its start bell, tied to the practice clock,
        where the bells use the mixer (the full-screen app's rules, audio/recording.py)."""
        session = self.session
        if session.audio is None or session.audio_seconds is None:
            return
        from mbsr_tui.audio.players import volume_gain
        from mbsr_tui.audio.recording_start import follow_recording

        self.recording = follow_recording(
            self.bells, session.audio, session.audio_seconds, self.clock,
            prepare=self.timeline.prepare, practice_seconds=self.timeline.length,
            tell=self.term.say, tell_later=self._recording_notices.append,
            gain=volume_gain(getattr(self.bells, "volume", 70)),
        )  # fmt: skip

    def _stop_recording(self) -> None:
        recording, self.recording = self.recording, None
        if recording is not None:
            recording.close()


def _raise_hangup(signum: int, _frame: object) -> None:
    raise Hangup(signum)
