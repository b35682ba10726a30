"""The course file: the built-in one is valid, and a bad one says `PATH:LINE: message`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.course import COURSE_WEEKS, course_path, is_course_file
from mbsr_tui.core.course_file import known_practices, load_course, validate_course

BUILTIN = Path(__file__).resolve().parents[2] / "sessions" / "course.toml"
KNOWN = {"body-scan": "Body scan", "sitting": "Sitting meditation"}


def week(number: int, practice: str = "body-scan", extra: str = "") -> str:
    return (f'\n[[weeks]]\nweek = {number}\ntitle = "Week {number}"\n{extra}'
            f'\n[[weeks.practices]]\npractice = "{practice}"\nminutes = 20\n')  # fmt: skip


def course_text(*, skip: int | None = None, **overrides: str) -> str:
    weeks = []
    for n in range(1, COURSE_WEEKS + 1):
        if n != skip:
            weeks.append(overrides.get(f"w{n}", week(n)))
    return 'title = "A course"\n' + "".join(weeks)


def problems(write_session, text: str) -> list[str]:
    path = write_session(text, name="course.toml")
    course, found = validate_course(path, KNOWN)
    assert (course is None) == bool(found)
    return [str(p) for p in found]


def test_the_builtin_course_is_valid_and_complete():
    course, found = validate_course(BUILTIN)
    assert found == [], [str(p) for p in found]
    assert [w.number for w in course.weeks] == list(range(1, 9))
    catalogue = load_catalogue()
    for w in course.weeks:
        assert w.title and w.teaching and len(w.teaching) > 200, w.number
        assert 2 <= len(w.reflection) <= 3, w.number
        assert w.informal, w.number
        for planned in w.practices:
            assert planned.practice in catalogue.sessions
            assert planned.shorter <= planned.minutes
        # Something to practise on every day of every week.
        assert all(w.practices_on(day) for day in range(1, 8)), w.number
    assert course.day is not None and course.day.after_week == 6
    assert course.day.practices[0].practice == "day-of-practice"
    assert (course.day.practices[0].shorter, course.day.practices[0].minutes) == (120, 240)
    assert [w.calendar for w in course.weeks][:6] == [
        "none", "pleasant", "unpleasant", "none", "communication", "communication",
    ]  # fmt: skip
    assert course.afterwards is not None and course.afterwards.practices


def test_a_users_course_replaces_the_builtin(user_sessions):
    assert course_path() == BUILTIN
    mine = user_sessions / "course.toml"
    mine.write_text(course_text().replace("A course", "My teacher's course"))
    assert course_path() == mine
    assert load_course().title == "My teacher's course"


def test_the_catalogue_does_not_read_the_course_as_a_practice(user_sessions):
    (user_sessions / "course.toml").write_text(course_text())
    catalogue = load_catalogue()
    assert "course" not in catalogue.sessions
    assert catalogue.problems == []


def test_known_practices_include_the_persons_own(user_sessions):
    (user_sessions / "evening.toml").write_text('title = "Evening"\nminutes = 5\n')
    known = known_practices()
    assert known["evening"] == "Evening"
    assert known["body-scan"] == "Body scan"
    assert "course" not in known


def test_a_good_small_course_loads(write_session):
    assert problems(write_session, course_text()) == []


LINE = re.compile(r"^.+course\.toml:(\d+): (.+)$")


def line_and_message(found: list[str]) -> list[tuple[int, str]]:
    pairs = []
    for text in found:
        match = LINE.match(text)
        assert match, text
        pairs.append((int(match.group(1)), match.group(2)))
    return pairs


def test_an_unknown_practice_id_is_named_with_its_line(write_session):
    text = course_text(w3=week(3, practice="body-scn"))
    (found,) = line_and_message(problems(write_session, text))
    assert "'body-scn'" in found[1] and "did you mean 'body-scan'" in found[1]
    assert text.splitlines()[found[0] - 1] == 'practice = "body-scn"'


def test_a_missing_week_is_named(write_session):
    text = course_text(skip=5)
    (found,) = line_and_message(problems(write_session, text))
    assert "week 5 is missing" in found[1]
    assert text.splitlines()[found[0] - 1] == "week = 6"


def test_a_week_twice_is_named(write_session):
    text = course_text(w4=week(3))
    messages = [m for _, m in line_and_message(problems(write_session, text))]
    assert any("week 3 appears twice" in m for m in messages)
    assert any("week 4 is missing" in m for m in messages)


@pytest.mark.parametrize(
    ("extra", "key", "needle"),
    [
        ('calendar = "joyful"\n', "calendar", "choose one of"),
        ('informal = "walk"\n', "informal", "must be a list of text"),
        ("teaching = 3\n", "teaching", "must be text"),
        ("reflection = [1, 2]\n", "reflection", "must be a list of text"),
        ('tittle = "x"\n', "tittle", "unknown key 'tittle'"),
        ('teaching = "a\\u001b[31m"\n', "teaching", "control character"),
    ],
)
def test_a_wrong_type_or_key_in_a_week_is_named_with_its_line(write_session, extra, key, needle):
    text = course_text(w2=week(2, extra=extra))
    (found,) = line_and_message(problems(write_session, text))
    assert needle in found[1]
    assert text.splitlines()[found[0] - 1].startswith(key)


@pytest.mark.parametrize(
    ("practice_lines", "needle"),
    [
        ('minutes = "ten"\n', "must be a number"),
        ("minutes = 0\n", "more than 0"),
        ("short_minutes = 30\n", "longer than 'minutes'"),
        ("days = [0, 8]\n", "a list of days from 1 to 7"),
    ],
)
def test_a_wrong_practice_entry_is_named(write_session, practice_lines, needle):
    text = course_text().replace("minutes = 20\n", practice_lines + "minutes = 20\n", 1)
    text = text.replace('minutes = "ten"\nminutes = 20\n', 'minutes = "ten"\n')
    text = text.replace("minutes = 0\nminutes = 20\n", "minutes = 0\n")
    found = line_and_message(problems(write_session, text))
    assert any(needle in message for _, message in found), found


def test_a_week_without_practices_and_a_file_without_weeks(write_session):
    text = course_text(w1='\n[[weeks]]\nweek = 1\ntitle = "One"\n')
    (found,) = problems(write_session, text)
    assert "week 1 needs at least one [[weeks.practices]]" in found
    (found,) = problems(write_session, 'title = "Nothing"\n')
    assert "needs its 8 weeks" in found


def test_broken_toml_is_one_line_with_its_number(write_session):
    (found,) = problems(write_session, course_text() + "\n[[weeks]\n")
    assert re.search(r"course\.toml:\d+: not valid TOML", found)


def test_a_course_under_another_name_is_recognised_by_its_weeks(tmp_path):
    other = tmp_path / "teacher.toml"
    other.write_text(course_text())
    assert is_course_file(other)
    session = tmp_path / "sitting.toml"
    session.write_text('title = "x"\nminutes = 5\n')
    assert not is_course_file(session)
    assert is_course_file(tmp_path / "course.toml")  # by its name, even before it exists
