"""Extreme and malformed course state files (issue 21, item 17): `course`, `course start`,
`course stop`, `today`, the menu's Today card and the course screens' arithmetic each
give one plain message or their usual output, never a traceback (OverflowError from a
course "begun" on 9999-12-31 was the example). Every date of a state lies in
EARLIEST..LATEST; a state file is read without following a link or waiting on a FIFO."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mbsr_tui.__main__ import main
from mbsr_tui.cli.course import run_course
from mbsr_tui.cli.today import run_today
from mbsr_tui.core.course_calendar import MAX_REPEATS, CourseState, run_dates, schedule
from mbsr_tui.core.course_file import load_course
from mbsr_tui.core.course_plan import course_rows, today_plan, week_review
from mbsr_tui.core.course_state import (
    EARLIEST,
    LATEST,
    CourseStateError,
    load_state,
    save_state,
    state_path,
)
from mbsr_tui.ui.course_companion import CourseCompanion
from mbsr_tui.ui.widgets.today_card import card_lines
from tests.support.oracles import date_of

TODAY = date(2025, 3, 11)


class NoJournal:
    def since(self, moment):
        return []

    def calendar_entries(self, since=None):
        return []


def write_state(text: str) -> None:
    state_path().parent.mkdir(parents=True, exist_ok=True)
    state_path().write_text(text)


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def run_everything(today: date, *, stop: bool = True) -> list[str]:
    """Every way the course's state is used, on practice day `today`; the messages given.
    Fails the test on any exception other than a plain refusal."""
    said = []
    now = noon(today)
    for args, runner in (
        (argparse.Namespace(course_action=None), run_course),
        (argparse.Namespace(quiet_if_done=False), run_today),
        *([(argparse.Namespace(course_action="stop"), run_course)] if stop else []),
    ):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = runner(args, now=now, out=io.StringIO())
        assert code in (0, 1)
        if code:
            assert err.getvalue().startswith("mbsr-tui: ") and err.getvalue().count("\n") == 1
            said.append(err.getvalue())
    companion = CourseCompanion(now=lambda: now, tz=UTC)
    view = companion.look(NoJournal(), 4, with_rows=True)
    card_lines(view, compact=False)
    if view.plan is not None and view.review is not None:
        try:
            companion.reviewed(view, repeat=True)
        except ValueError as err:  # a year of repeats: said plainly by the app's guard
            assert "at most" in str(err)
    return said


LONG_INT = "1" + "0" * 5000


@pytest.mark.parametrize(
    "value",
    ["9999-12-31", "0001-01-01", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59",
     "9999-12-25", "1969-12-31", "2200-01-01", "3000-01-01", "99999999", '"9999-12-31"',
     "1e400", "nan", "-99999999999999999999", LONG_INT, "[2025-03-03]", "{ y = 2025 }", "12:00:00"],
    ids=lambda value: value if len(value) < 30 else f"{len(value)} digits",
)  # fmt: skip
@pytest.mark.parametrize("key", ["started_on", "stopped_on"])
def test_an_extreme_or_malformed_date_is_one_plain_message(capsys, key, value):
    others = {"started_on": "started_on = 2025-03-03\n", "stopped_on": ""}
    write_state(f"format = 1\n{others[key] if key != 'started_on' else ''}{key} = {value}\n")
    with pytest.raises(CourseStateError) as raised:
        load_state()
    assert str(raised.value).startswith(f"{state_path()}: ")
    assert "\n" not in str(raised.value)
    for argv in (["course"], ["today"], ["course", "stop"]):
        assert main(argv) == 1
        out, err = capsys.readouterr()
        assert out == "" and err.startswith("mbsr-tui: ") and err.count("\n") == 1, (argv, err)
        assert "Traceback" not in err and "Error:" not in err
    assert main(["course", "start", "--yes"]) == 0  # begins afresh over it
    assert load_state() is not None


def test_the_first_and_last_allowed_days_work_everywhere():
    for started in (EARLIEST, LATEST):
        save_state(CourseState(started, repeats=(8,) * MAX_REPEATS, stopped_on=LATEST))
        for today in (EARLIEST, LATEST, TODAY):
            assert run_everything(today, stop=False) == []
            state = load_state()
            course = load_course()
            for run in range(len(schedule(state.repeats))):
                run_dates(state, run)
                week_review(state, course, run, [], 4, [], today)
            date_of(state, 8, 7, MAX_REPEATS + 1)
            course_rows(state, course, [], today)
            today_plan(state, course, noon(today), 4, [], UTC)


dates_anywhere = st.dates(min_value=date.min, max_value=date.max)
near_the_ends = st.integers(min_value=0, max_value=800).flatmap(
    lambda days: st.sampled_from([date.max - timedelta(days=days), date.min + timedelta(days=days),
                                  LATEST - timedelta(days=days), EARLIEST + timedelta(days=days)])
)  # fmt: skip
zones = st.sampled_from([None, UTC, timezone(timedelta(hours=23, minutes=59)),
                         timezone(-timedelta(hours=23, minutes=59))])  # fmt: skip
a_date_value = st.one_of(
    near_the_ends,
    dates_anywhere,
    st.dates(min_value=EARLIEST, max_value=LATEST),
    st.datetimes(min_value=datetime.min, max_value=datetime.max, timezones=zones),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.booleans(),
)
a_state = st.fixed_dictionaries(
    {"format": st.one_of(st.just(1), st.integers(), st.floats()), "started_on": a_date_value},
    optional={
        "stopped_on": a_date_value,
        "repeats": st.one_of(
            st.lists(st.integers(min_value=-2, max_value=10), max_size=60),
            st.lists(st.integers(), max_size=3),
            st.integers(),
        ),
        "reviewed": st.one_of(st.integers(min_value=-2, max_value=70), st.integers(), st.floats()),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(state=a_state, today=st.dates(min_value=EARLIEST, max_value=LATEST))
def test_any_state_file_on_any_day_is_used_or_refused_plainly(state, today):
    write_state(tomli_w.dumps(state))
    run_everything(today)


def test_a_fifo_in_place_of_the_state_file_is_refused_without_waiting():
    state_path().parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(state_path())
    done = threading.Event()

    def read() -> None:
        with pytest.raises(CourseStateError, match="not a regular file"):
            load_state()
        done.set()

    threading.Thread(target=read, daemon=True).start()
    assert done.wait(5), "load_state waited on a FIFO"


def test_a_symlinked_state_file_is_refused(tmp_path):
    elsewhere = tmp_path / "planted.toml"
    elsewhere.write_text("format = 1\nstarted_on = 2025-03-03\n")
    state_path().parent.mkdir(parents=True, exist_ok=True)
    state_path().symlink_to(elsewhere)
    with pytest.raises(CourseStateError, match="symbolic link"):
        load_state()


def test_a_year_of_repeats_is_the_most_a_state_holds_and_is_still_read():
    state = CourseState(TODAY, repeats=(3,) * (MAX_REPEATS - 1)).with_repeat(4)
    save_state(state)
    assert load_state() == state
    with pytest.raises(ValueError, match="at most"):
        state.with_repeat(5)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="another user needs root (chown, setpriv)")  # fmt: skip
@pytest.mark.parametrize("command", ["course", "today", "course start", "course stop"])
def test_a_config_folder_that_cannot_be_entered_is_one_plain_message(command):
    """Run as a person (uid 65534) whose own config folder is mode 000."""
    with tempfile.TemporaryDirectory(prefix="mbsr-course-") as top:
        home = Path(top)
        home.chmod(0o755)
        folders = {name: home / name for name in ("config", "data", "cache", "state")}
        for folder in folders.values():
            (folder / "mbsr-tui").mkdir(parents=True)
        for path in [home, *home.rglob("*")]:
            os.chown(path, 65534, 65534)
        (folders["config"] / "mbsr-tui").chmod(0)
        xdg = {f"XDG_{name.upper()}_HOME": str(path) for name, path in folders.items()}
        env = {**os.environ, "HOME": str(home), **xdg}
        shown = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable,
             "-m", "mbsr_tui", *command.split()],
            capture_output=True, text=True, timeout=60, env=env, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    assert shown.returncode == 1 and shown.stdout == "", shown
    # One plain line per problem (the settings may say theirs too), never a traceback.
    lines = shown.stderr.splitlines()
    assert lines and all(line.startswith("mbsr-tui: ") for line in lines), shown.stderr
    assert "Traceback" not in shown.stderr
    assert "Permission denied" in shown.stderr


@pytest.mark.parametrize("place", ["a practice", "the person's course", "the state"])
def test_a_fifo_read_by_the_course_never_blocks(user_sessions, place):
    """`today` reads the course, the person's practices (for their titles) and the state
    at every login: a FIFO in any of those places is never waited on."""
    fifo = {"a practice": user_sessions / "mine.toml",
            "the person's course": user_sessions / "course.toml",
            "the state": state_path()}[place]  # fmt: skip
    fifo.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(fifo)
    for command in (["today"], ["course"], ["check", str(fifo)]):
        shown = subprocess.run([sys.executable, "-m", "mbsr_tui", *command], capture_output=True,
                               text=True, timeout=20, env=os.environ.copy())  # fmt: skip
        assert "Traceback" not in shown.stderr, shown.stderr
        if place == "a practice" and command[0] != "check":
            assert shown.returncode == 0, shown.stderr
