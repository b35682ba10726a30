"""The plain mode's menu: the whole app in numbered lines, for TERM=dumb, screen readers
and `mbsr-tui --plain`.

The Today line (the words of the Today card and `mbsr-tui today`), today's course
practice at the week's length, every practice with its lengths, the quick timer and the
open sit (remembered as the full-screen app remembers them), the history as `mbsr-tui
log` words it and the course's week. After a practice it comes back; q or 0 leaves, and
so do the end of input and Ctrl+C, at any question.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from mbsr_tui.core.course import Planned
from mbsr_tui.core.lengths import course_lengths, length_choices
from mbsr_tui.core.safe_text import visible
from mbsr_tui.core.session import Session
from mbsr_tui.core.words import plural
from mbsr_tui.plain.asking import (
    EndOfInput,
    Offered,
    answer,
    ask_length,
    ask_minutes,
    minutes_words,
)
from mbsr_tui.plain.looks import TodayLook, look_at_journal_entries, look_at_today
from mbsr_tui.plain.pages import course_lines, history_lines
from mbsr_tui.plain.run import Played, play_plain

GREETING = "mbsr-tui: mindful practice. MBSR complements medical care; it does not replace it."
LEAVE_WORDS = ("q", "quit", "0")


@dataclass(frozen=True)
class Choice:
    words: str
    act: Callable[[], int | None]  # an exit code to leave with, or None: back to the menu


class PlainMenu:
    """`run()` returns the exit code. `look_today`, `look_journal` and `play` are the
    real ones unless a test brings its own."""

    def __init__(
        self,
        term,
        catalogue,
        *,
        look_today: Callable[[], TodayLook] = look_at_today,
        look_journal=look_at_journal_entries,
        play: Callable[..., Played] = play_plain,
    ) -> None:
        self.term = term
        self.catalogue = catalogue
        self.look_today = look_today
        self.look_journal = look_journal
        self.play = play
        self._today_first = False  # whether choice 1 is today's course practice

    def run(self) -> int:
        try:
            return self._loop()
        except EndOfInput:
            return 0
        except KeyboardInterrupt:
            self.term.say("", "Goodbye. Take care.")
            return 0

    # -- the menu ------------------------------------------------------------------------

    def _loop(self) -> int:
        self.term.say(GREETING)
        for problem in self.catalogue.problems:
            self.term.say(f"Skipped a session file: {visible(problem)}")
        while True:
            choices = self._choices(self.look_today())
            picked = self._pick(choices)
            if picked is None:
                return 0
            code = picked.act()
            if code is not None:
                return code

    def _choices(self, today: TodayLook) -> list[Choice]:
        """Say the numbered choices, then the Today line, last, next to the question (a
        small terminal shows them together); the choices, 1 first."""
        choices: list[Choice] = []
        planned = today.practice
        session = self.catalogue.get(planned.practice) if planned is not None else None
        if planned is not None and session is not None:
            from mbsr_tui.core.course_plan import practice_text

            words = f"Today's practice: {visible(practice_text(planned))}"
            choices.append(Choice(words, lambda: self._today_practice(session, planned)))
        for each in self.catalogue.sessions.values():
            words = f"{visible(each.title)}, {plural(each.default_minutes, 'minute')}"
            course = planned if planned is not None and planned.practice == each.id else None
            choices.append(Choice(words, lambda s=each, c=course: self._practice(s, c)))
        choices += [
            Choice(self._timer_words(), lambda: self._timer(open_ended=False)),
            Choice("Open-ended sit: no set end, q finishes", lambda: self._timer(open_ended=True)),
            Choice("History: your practice so far", self._history),
            Choice("The course: this week's theme and practice", lambda: self._course(today)),
        ]
        self.term.say("")
        wide = len(str(len(choices)))
        for number, choice in enumerate(choices, start=1):
            self.term.say(f"{number:>{wide}}. {choice.words}")
        self.term.say(f"{0:>{wide}}. Leave (q leaves too)", "")
        self.term.say(*today.problems)
        if today.plan is not None:
            self.term.say(*[visible(line) for line in today.plan.lines()])
        self._today_first = planned is not None and session is not None
        return choices

    def _pick(self, choices: list[Choice]) -> Choice | None:
        while True:
            today = " (1: today's practice)" if self._today_first else ""
            text = answer(self.term, f"Choose by number{today}, or q to leave: ").lower()
            if text in LEAVE_WORDS:
                return None
            if text.isascii() and text.isdigit() and 1 <= int(text) <= len(choices):
                return choices[int(text) - 1]
            self.term.say(f"Please type a number from 1 to {len(choices)}, or q to leave.")

    # -- practices -----------------------------------------------------------------------

    def _practice(self, session: Session, course: Planned | None = None) -> int | None:
        """A practice from the list, at one of its lengths (one with its own recording
        lasts as long as the recording, as in the full-screen app). When it is today's
        course practice, the course's lengths are among them, and said to be."""
        minutes: float | None = None
        if session.audio is None:
            default = session.default_minutes
            course_words = {}
            if course is not None:
                week, *shorter = course_lengths(course)
                course_words = {week: "(this week's course length)"}
                course_words.update({m: "(the course's shorter length)" for m in shorter})
            lengths = sorted({*length_choices(session), *course_words})
            offered = [Offered(m, course_words.get(m, "(usual)" if m == default else ""))
                       for m in lengths]  # fmt: skip
            if len(offered) > 1:
                minutes = ask_length(self.term, visible(session.title), offered, default)
                if minutes is None:
                    return None
        return self._play(session, minutes)

    def _today_practice(self, session: Session, planned: Planned) -> int | None:
        """Today's course practice: the week's length, or the shorter one for a day of
        pain (the Today card's choice)."""
        lengths = course_lengths(planned)
        minutes = lengths[0]
        if len(lengths) > 1:
            offered = [Offered(lengths[0], "(the week's suggestion)"),
                       Offered(lengths[1], "(kinder on a day of pain)")]  # fmt: skip
            chosen = ask_length(self.term, visible(planned.title), offered, lengths[0])
            if chosen is None:
                return None
            minutes = chosen
        return self._play(session, minutes)

    def _play(self, session: Session, minutes: float | None) -> int | None:
        self.term.say("")
        played = self.play(self.term, session, minutes)
        if played.interrupted:
            return 0  # Ctrl+C ends the practice (kept as the rules say) and the menu
        if played.code != 0:
            return played.code  # a hang-up: nobody is there to choose again
        self.term.say("", "Back at the menu.")
        return None

    # -- timers --------------------------------------------------------------------------

    def _timer_words(self) -> str:
        from mbsr_tui.core.settings import load_settings

        last = load_settings().settings
        words = f"Quick timer: {minutes_words(last.timer_minutes)}"
        interval = last.timer_interval_minutes
        if 0 < interval < last.timer_minutes:
            words += f", a bell every {minutes_words(interval)}"
        return words

    def _timer(self, *, open_ended: bool) -> int | None:
        """The quick timer or the open sit: its minutes and bells asked, with the
        remembered ones offered, the same limits as the dialog and `timer`."""
        from mbsr_tui.core import timer
        from mbsr_tui.core.settings import load_settings, save_settings

        settings = load_settings().settings
        minutes: float | None = None
        if not open_ended:
            last = settings.timer_minutes
            minutes = ask_minutes(
                self.term, f"Quick timer: how many minutes? Enter for {last:g}, 0 to go back: ",
                last, timer.length_problem, zero_goes_back=True,
            )  # fmt: skip
            if minutes is None:
                return None
        # Last time's interval is offered only where it fits (the one rule in core.timer).
        fitted, notes = timer.fitted_shape(minutes, settings.timer_interval_minutes,
                                           minutes_typed=True, interval_typed=False)  # fmt: skip
        for note in notes:
            self.term.say(note)
        interval = fitted.interval_minutes
        while True:
            interval = ask_minutes(
                self.term, f"A bell every how many minutes? 0 for none, Enter for {interval:g}: ",
                interval, timer.interval_problem, zero_goes_back=False,
            )  # fmt: skip
            shape = timer.TimerShape(minutes, interval or 0.0)
            try:
                session = timer.timer_session(shape)
                break
            except timer.TimerError as err:
                said = str(err)
                self.term.say(said[:1].upper() + said[1:] + ".")
                interval = 0.0
        kept = timer.remembered(settings, shape)
        if kept != settings:
            with contextlib.suppress(OSError):  # remembering is a kindness, not a condition
                save_settings(kept)
        return self._play(session, None)

    # -- pages ---------------------------------------------------------------------------

    def _history(self) -> int | None:
        self.term.say("", *history_lines(self.look_journal()))
        return self._after_page()

    def _course(self, today: TodayLook) -> int | None:
        self.term.say("", *course_lines(today))
        return self._after_page()

    def _after_page(self) -> int | None:
        text = answer(self.term, "Enter: back to the menu, or q to leave: ").lower()
        return 0 if text in LEAVE_WORDS else None


def run_menu(catalogue) -> int:
    """The plain menu on this terminal; the exit code."""
    from mbsr_tui.plain.terminal import PlainTerminal

    with PlainTerminal() as term:
        return PlainMenu(term, catalogue).run()
