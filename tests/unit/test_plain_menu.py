"""The plain menu (issue 20, part 4): the Today line, lengths (the course's week length
too), the timers with remembered values, the history in `log`'s words, the course, and a
clean way out at every question. The practice itself is played by a stand-in here; the
player has its own tests (test_plain.py) and tmux runs the whole (e2e/test_plain.py)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.course_calendar import CourseState
from mbsr_tui.core.course_state import save_state
from mbsr_tui.core.settings import load_settings
from mbsr_tui.plain.looks import JournalLook, look_at_today
from mbsr_tui.plain.menu import PlainMenu
from mbsr_tui.plain.run import Played


class LinesTerminal:
    """Answers typed one line each; None (or running out) is the end of input, and a
    KeyboardInterrupt in the list is Ctrl+C at that question."""

    def __init__(self, answers) -> None:
        self.answers = list(answers)
        self.out: list[str] = []

    def say(self, *lines: str) -> None:
        self.out.extend(lines)

    def prompt(self, text: str) -> None:
        self.out.append(text)

    def read_line(self):
        if not self.answers:
            return None
        answer = self.answers.pop(0)
        if answer is KeyboardInterrupt:
            raise KeyboardInterrupt
        return answer

    def text(self) -> str:
        return "\n".join(self.out)


class Player:
    """Stands in for `play_plain`: notes what would be played, for how long."""

    def __init__(self, result: Played | None = None) -> None:
        self.played: list[tuple[str, float | None]] = []
        self.result = result or Played(0, False)

    def __call__(self, term, session, minutes=None, *rest) -> Played:
        self.played.append((session.id, minutes))
        term.say(f"[played {session.title}]")
        return self.result


def start_course_today() -> None:
    today = (datetime.now().astimezone() - timedelta(hours=4)).date()
    save_state(CourseState(started_on=today))


def menu(answers, *, player=None, journal=None) -> tuple[PlainMenu, LinesTerminal, Player]:
    term = LinesTerminal(answers)
    player = player or Player()
    look_journal = (lambda: journal) if journal is not None else (lambda: JournalLook())
    return PlainMenu(term, load_catalogue(), look_journal=look_journal, play=player), term, player


def number_of(term: LinesTerminal, words: str) -> str:
    """The number the menu gave the choice starting with `words`."""
    for line in term.out:
        head, _, rest = line.strip().partition(". ")
        if rest.startswith(words) and head.isdigit():
            return head
    raise AssertionError(f"no choice {words!r} in:\n{term.text()}")


def test_the_today_line_is_the_today_commands_words_and_today_plays_at_the_weeks_length():
    start_course_today()
    plan_lines = look_at_today().plan.lines()
    probe, term, _ = menu([])
    probe.run()
    for line in plan_lines:  # the Today card's / `mbsr-tui today`'s words, each one
        assert line in term.out
    assert plan_lines[0].startswith("Week 1 · day 1")
    today = number_of(term, "Today's practice: Body scan 45 min (or 20 min)")
    run, term, player = menu([today, "", "q"])
    assert run.run() == 0
    assert player.played == [("body-scan", 45.0)]  # the course's week 1 length, not 20
    assert "Body scan: how long? 45 (the week's suggestion), 20 (kinder on a day of pain)" in (
        term.text()
    )
    assert "Back at the menu." in term.out


def test_the_shorter_course_length_is_chosen_by_typing_it():
    start_course_today()
    probe, term, _ = menu([])
    probe.run()
    today = number_of(term, "Today's practice")
    run, term, player = menu([today, "30", "20", "q"])
    run.run()
    assert "Please type one of 45, 20, or 0 to go back." in term.out
    assert player.played == [("body-scan", 20.0)]


def test_a_practice_from_the_list_offers_its_lengths_and_0_goes_back():
    probe, term, _ = menu([])
    probe.run()
    body_scan = number_of(term, "Body scan, 20 minutes")
    run, term, player = menu([body_scan, "0", body_scan, "", body_scan, "45", "q"])
    run.run()
    assert "Body scan: how long? 10, 15, 20 (usual), 25, 30, 40, 45, in minutes." in term.out
    assert player.played == [("body-scan", 20), ("body-scan", 45)]


def test_during_the_course_the_list_says_which_length_is_the_weeks():
    start_course_today()
    probe, term, _ = menu([])
    probe.run()
    body_scan = number_of(term, "Body scan, 20 minutes")
    run, term, player = menu([body_scan, "", "q"])
    run.run()
    assert (
        "Body scan: how long? 10, 15, 20 (the course's shorter length), 25, 30, 40, "
        "45 (this week's course length), in minutes."
    ) in term.out
    assert player.played == [("body-scan", 20)]  # Enter: the usual length, as in the app


def test_after_a_practice_the_menu_comes_back_until_q_or_0():
    probe, term, _ = menu([])
    probe.run()
    body_scan = number_of(term, "Body scan")
    run, term, player = menu([body_scan, "", body_scan, "", "0"])
    assert run.run() == 0
    assert len(player.played) == 2
    assert term.out.count("Back at the menu.") == 2


def test_the_quick_timer_offers_and_remembers_its_minutes_and_bells():
    probe, term, _ = menu([])
    probe.run()
    timer = number_of(term, "Quick timer: 20 minutes")
    run, term, player = menu([timer, "7", "2", "q"])
    run.run()
    assert player.played == [("quick-timer", None)]
    settings = load_settings().settings
    assert (settings.timer_minutes, settings.timer_interval_minutes) == (7, 2)
    # Next time: the remembered values are offered, and Enter takes them.
    again, term, player = menu([timer, "", "", "q"])
    again.run()
    assert "Quick timer: 7 minutes, a bell every 2 minutes" in term.text()
    assert "Quick timer: how many minutes? Enter for 7, 0 to go back: " in term.out
    assert "A bell every how many minutes? 0 for none, Enter for 2: " in term.out
    assert player.played == [("quick-timer", None)]


def test_the_timer_keeps_the_dialogs_limits_and_a_remembered_bell_that_does_not_fit():
    probe, term, _ = menu([])
    probe.run()
    timer = number_of(term, "Quick timer")
    run, term, _ = menu([timer, "nan", "1e999", "-3", "99999", "2", "5", "1", "q"])
    run.run()
    said = term.text()
    assert said.count("Please type a number of minutes.") == 3  # nan, 1e999, -3: not numbers
    assert "A timer lasts more than 0 and at most" in said
    assert "The interval must be shorter than the timer." in said
    assert load_settings().settings.timer_interval_minutes == 1
    # 1 remembered; a 1-minute timer cannot ring every minute: it is dropped, and said.
    again, term, _player = menu([timer, "1", "", "q"])
    again.run()
    assert (
        "A bell every 1 minute does not fit a timer of 1 minute: it is left out this time."
        in term.text()
    )
    assert load_settings().settings.timer_interval_minutes == 0


def test_the_open_sit_asks_only_for_its_bells():
    probe, term, _ = menu([])
    probe.run()
    sit = number_of(term, "Open-ended sit")
    run, term, player = menu([sit, "3", "q"])
    run.run()
    assert player.played == [("open-sit", None)]
    assert "how many minutes?" not in term.text().split("Open-ended sit")[-1].lower()


def test_history_is_logs_summary_and_sessions():
    from mbsr_tui.core.log_lines import summary_lines
    from mbsr_tui.core.progress import summarise
    from tests.unit.test_log_command import make_entry

    entries = [make_entry(days_ago) for days_ago in (3, 2, 1)]
    probe, term, _ = menu([])
    probe.run()
    history = number_of(term, "History")
    run, term, _ = menu([history, "", "q"], journal=JournalLook(entries))
    run.run()
    for line in summary_lines(summarise(entries, day_start_hour=4)):
        assert line in term.out
    sessions = [line for line in term.out if line.startswith("- ")]
    assert len(sessions) == 3 and "completed" in sessions[0]


def test_the_course_page_says_the_weeks_theme_and_practice():
    start_course_today()
    probe, term, _ = menu([])
    probe.run()
    course = number_of(term, "The course")
    run, term, _ = menu([course, "q"])
    assert run.run() == 0
    said = term.text()
    week = look_at_today()
    assert f"Week 1 of 8, day 1: {week.plan.title}" in said
    assert "- Body scan 45 min (or 20 min)" in said


@pytest.mark.parametrize("where", ["menu", "length", "timer", "page"])
def test_the_end_of_input_at_any_question_leaves_cleanly(where):
    probe, term, _ = menu([])
    probe.run()
    first = {"menu": [], "length": [number_of(term, "Body scan")],
             "timer": [number_of(term, "Quick timer")],
             "page": [number_of(term, "History")]}[where]  # fmt: skip
    run, term, player = menu(first)
    assert run.run() == 0
    assert player.played == []


@pytest.mark.parametrize("where", ["menu", "length", "timer", "page"])
def test_ctrl_c_at_any_question_leaves_cleanly(where):
    probe, term, _ = menu([])
    probe.run()
    first = {"menu": [], "length": [number_of(term, "Body scan")],
             "timer": [number_of(term, "Quick timer"), "5"],
             "page": [number_of(term, "The course")]}[where]  # fmt: skip
    run, term, player = menu([*first, KeyboardInterrupt, "1", "q"])
    assert run.run() == 0
    assert term.out[-1] == "Goodbye. Take care."
    assert player.played == []


def test_ctrl_c_in_a_practice_leaves_the_menu_and_a_hangup_leaves_with_its_code():
    probe, term, _ = menu([])
    probe.run()
    body_scan = number_of(term, "Body scan")
    run, term, player = menu([body_scan, "", body_scan, ""], player=Player(Played(0, True)))
    assert run.run() == 0 and len(player.played) == 1
    run, term, player = menu([body_scan, "", body_scan, ""], player=Player(Played(129, False)))
    assert run.run() == 129 and len(player.played) == 1


def test_every_count_in_the_menu_agrees_with_its_number():
    probe, term, _ = menu([])
    probe.run()
    assert not re.search(r"\b1 (minutes|days|sessions)\b", term.text())
    assert not re.search(r"\b([02-9]|\d\d+) (minute|day|session)\b(?!s)", term.text())


def test_a_course_begun_two_days_ago_says_day_3():
    # The course began two days ago: "day 3", and the rhythm line's count agrees.
    today = (datetime.now().astimezone() - timedelta(hours=4)).date()
    save_state(CourseState(started_on=today - timedelta(days=2)))
    probe, term, _ = menu([])
    probe.run()
    assert any(line.startswith("Week 1 · day 3") for line in term.out)
    assert "0 of 6 practice days this week" in term.out


def test_plain_opens_the_plain_menu_and_term_dumb_too(monkeypatch):
    from mbsr_tui.__main__ import main

    opened: list[str] = []
    monkeypatch.setattr(
        "mbsr_tui.plain.menu.run_menu", lambda catalogue: opened.append("menu") or 7
    )
    monkeypatch.setattr("mbsr_tui.__main__._run_app", lambda **_: opened.append("app") or 0)
    monkeypatch.setattr("mbsr_tui.plain.wants_plain", lambda *a, **k: False)
    assert main(["--plain"]) == 7
    assert main([]) == 0
    monkeypatch.setattr("mbsr_tui.plain.wants_plain", lambda *a, **k: True)
    assert main([]) == 7
    assert opened == ["menu", "app", "menu"]


def test_a_course_that_cannot_be_read_is_one_line_and_the_menu_goes_on():
    from mbsr_tui.core.course_state import state_path

    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("started_on = [[[ not toml\n")
    probe, term, _ = menu(["q"])
    assert probe.run() == 0
    told = [line for line in term.out if line.startswith("The course could not be read:")]
    assert len(told) == 1 and "\n" not in told[0]
    assert number_of(term, "Body scan") and not any("Today's practice" in s for s in term.out)
