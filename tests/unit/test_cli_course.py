"""`mbsr-tui course [start|stop]`, `mbsr-tui today` and `check` of course files, via main()."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from mbsr_tui.__main__ import main
from mbsr_tui.core.course_calendar import practice_today
from mbsr_tui.core.course_state import load_state, state_path
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.journal.storage import Journal

COURSE = Path(__file__).resolve().parents[2] / "sessions" / "course.toml"


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def today():
    return practice_today(datetime.now().astimezone())


def log_practice(*, completed: bool = True) -> None:
    now = datetime.now().astimezone()
    offset = int(now.utcoffset().total_seconds() // 60)
    with Journal.open() as journal:
        journal.add(Entry("sitting", "Sitting meditation", "sitting", now, offset,
                          now + timedelta(minutes=20), 1200, 1200 if completed else 300,
                          completed))  # fmt: skip


def test_check_accepts_the_builtin_course(capsys):
    assert run_main(capsys, "check", str(COURSE)) == (0, "", "")


def test_check_reports_a_bad_course_as_path_line_message(capsys, tmp_path):
    bad = tmp_path / "course.toml"
    text = COURSE.read_text().replace('practice = "mountain"', 'practice = "mountian"')
    text = text.replace("week = 4\n", "week = 4\nminutes = 3\n", 1)
    bad.write_text(text)
    code, out, err = run_main(capsys, "check", str(bad))
    assert code == 1 and err == ""
    lines = out.strip().splitlines()
    assert len(lines) == 2
    for line in lines:
        assert re.match(rf"^{re.escape(str(bad))}:\d+: .+$", line), line
    assert "did you mean 'mountain'" in out and "unknown key 'minutes'" in out


def test_check_knows_a_course_by_its_weeks_whatever_its_name(capsys, tmp_path):
    other = tmp_path / "teacher.toml"
    other.write_text(COURSE.read_text().replace("week = 8\n", "week = 9\n"))
    code, out, _ = run_main(capsys, "check", str(other))
    assert code == 1
    assert "teacher.toml:" in out and "week 8 is missing" in out


def test_start_ten_days_ago_then_today_says_week_2_day_4(capsys):
    on = today() - timedelta(days=10)
    code, out, _ = run_main(capsys, "course", "start", "--on", on.isoformat())
    assert code == 0 and "week 2, day 4" in out
    assert load_state().started_on == on
    code, out, err = run_main(capsys, "today")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert 1 <= len(lines) <= 3
    assert lines[0].startswith("Week 2 · day 4 · ")
    assert "\x1b" not in out  # not a terminal: no colour
    assert lines[2] == "0 of 6 practice days this week"


def test_today_quiet_if_done(capsys):
    run_main(capsys, "course", "start")
    code, out, _ = run_main(capsys, "today", "--quiet-if-done")
    assert code == 0 and out.startswith("Week 1 · day 1")
    log_practice(completed=False)  # ended early: not yet "done"
    assert run_main(capsys, "today", "--quiet-if-done")[1] != ""
    log_practice()
    assert run_main(capsys, "today", "--quiet-if-done") == (0, "", "")
    code, out, _ = run_main(capsys, "today")
    assert "Practised today" in out and "1 of 6 practice days this week" in out


def test_today_without_a_course(capsys):
    code, out, err = run_main(capsys, "today")
    assert code == 0 and err == ""
    assert "course start" in out and len(out.splitlines()) <= 3
    log_practice()
    assert run_main(capsys, "today", "--quiet-if-done") == (0, "", "")


def test_a_second_start_refuses_without_a_terminal_unless_yes(capsys, monkeypatch):
    run_main(capsys, "course", "start", "--on", (today() - timedelta(days=3)).isoformat())
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, _, err = run_main(capsys, "course", "start")
    assert code == 1 and "already running" in err and "--yes" in err
    assert load_state().started_on == today() - timedelta(days=3)
    assert run_main(capsys, "course", "start", "--yes")[0] == 0
    assert load_state().started_on == today()


class Typed(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "restarted"), [("y\n", True), ("\n", False), ("no\n", False)])
def test_a_second_start_asks_on_a_terminal(capsys, monkeypatch, answer, restarted):
    first = today() - timedelta(days=3)
    run_main(capsys, "course", "start", "--on", first.isoformat())
    monkeypatch.setattr("sys.stdin", Typed(answer))
    code, out, _ = run_main(capsys, "course", "start")
    assert code == 0 and "[y/N]" in out
    assert load_state().started_on == (today() if restarted else first)


def test_stop_keeps_the_file_and_the_plan_says_so(capsys):
    assert "No course is running" in run_main(capsys, "course", "stop")[1]
    run_main(capsys, "course", "start")
    code, out, _ = run_main(capsys, "course", "stop")
    assert code == 0 and "stopped" in out
    assert load_state().stopped_on == today()
    assert "stopped" in run_main(capsys, "course")[1]
    assert "course start" in run_main(capsys, "today")[1]
    # A stopped course starts again without asking.
    assert run_main(capsys, "course", "start")[0] == 0
    assert load_state().stopped_on is None


def test_the_plan_marks_where_the_person_is(capsys):
    code, out, _ = run_main(capsys, "course")
    assert code == 0 and "Not started" in out and "→" not in out
    run_main(capsys, "course", "start", "--on", (today() - timedelta(days=15)).isoformat())
    out = run_main(capsys, "course")[1]
    assert "You are in week 3, day 2." in out
    marked = [line for line in out.splitlines() if line.startswith("→")]
    assert len(marked) == 1 and marked[0].startswith("→ Week 3:")
    assert out.index("Week 6:") < out.index("A day of practice (the last day of week 6)")
    assert out.index("A day of practice (the last") < out.index("Week 7:")


@pytest.mark.parametrize("bad", ["2025-13-01", "tomorrow", ""])
def test_a_bad_date_is_a_usage_error(capsys, bad):
    code, _, err = run_main(capsys, "course", "start", "--on", bad)
    assert code == 2 and "expected a date like" in err
    assert not state_path().exists()


def test_a_date_far_away_is_refused(capsys):
    code, _, err = run_main(capsys, "course", "start", "--on", "2099-01-01")
    assert code == 1 and "more than a year" in err


def test_a_broken_state_file_is_a_message_not_a_traceback(capsys):
    state_path().parent.mkdir(parents=True)
    state_path().write_text("started_on = [")
    for argv in (("today",), ("course",), ("course", "stop")):
        code, _out, err = run_main(capsys, *argv)
        assert code == 1 and "could not be read" in err and "Traceback" not in err
    assert run_main(capsys, "course", "start")[0] == 0  # starting afresh replaces it
    assert load_state().started_on == today()


def test_a_broken_own_course_is_reported_by_today(capsys, user_sessions):
    (user_sessions / "course.toml").write_text('title = "Mine"\n')
    code, _, err = run_main(capsys, "today")
    assert code == 1 and "course.toml" in err and "needs its 8 weeks" in err


def test_today_imports_neither_textual_nor_rich():
    import subprocess
    import sys

    probe = ("import sys\nfrom mbsr_tui.__main__ import main\nmain(['today'])\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('textual', 'rich', 'pygame')))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
