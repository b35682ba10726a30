"""One helper for words with a count (issue 20, part 5), the strings it fixed, and scans
that keep the old broken patterns out of every string the app and its commands show."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from mbsr_tui.core import narration
from mbsr_tui.core.timeline import Timeline
from mbsr_tui.core.timer import OPEN_PROMPT, TimerShape, timer_session
from mbsr_tui.core.words import many_of, plural, word_for

SOURCE = Path(__file__).resolve().parents[2] / "mbsr_tui"


@pytest.mark.parametrize(
    ("count", "word", "said"),
    [
        (1, "day", "1 day"),
        (2, "day", "2 days"),
        (0, "practice day", "0 practice days"),
        (1, "practice day", "1 practice day"),
        (1204, "session", "1,204 sessions"),
        (1.0, "minute", "1 minute"),
        (1.5, "minute", "1.5 minutes"),
        (20.0, "minute", "20 minutes"),
        (3, "entry", "3 entries"),
        (2, "day", "2 days"),
        (2, "bus", "2 buses"),
        (-1, "degree", "-1 degrees"),
    ],
)
def test_plural_agrees_with_its_count(count, word, said):
    assert plural(count, word) == said


def test_irregular_words_and_words_between():
    assert plural(1, "person", "people") == "1 person"
    assert plural(3, "person", "people") == "3 people"
    assert word_for(1, "was", "were") == "was" and word_for(2, "was", "were") == "were"
    assert many_of("key") == "keys" and many_of("older one") == "older ones"


def test_the_minutes_said_aloud_agree():
    assert narration.minutes_words(60) == "1 minute"
    assert narration.minutes_words(61) == "1 minute 1 second"
    assert narration.minutes_words(125) == "2 minutes 5 seconds"
    assert narration.minutes_words(1) == "1 second"


def test_the_quick_timer_says_its_length_once():
    session = timer_session(TimerShape(2))
    first = narration.opening_lines(session, Timeline(session))[0]
    assert first == "Quick timer, 2 minutes."
    one = timer_session(TimerShape(1))
    assert narration.opening_lines(one, Timeline(one))[0] == "Quick timer, 1 minute."


def test_the_open_sit_says_how_to_finish_once():
    sit = timer_session(TimerShape(None))
    said = "\n".join(narration.opening_lines(sit, Timeline(sit)) + narration.step_lines(
        Timeline(sit), 0))  # fmt: skip
    assert "press q" not in OPEN_PROMPT
    assert said.count("q finishes") == 1 and "q ends early" not in said
    assert "n goes to the next part" not in said  # one part: no next


def test_the_keys_line_names_n_only_where_there_is_a_next_part():
    from mbsr_tui.core.catalogue import load_catalogue

    body_scan = load_catalogue().get("body-scan")
    assert narration.keys_line(body_scan) == narration.KEYS_LINE
    assert "n goes" not in narration.keys_line(timer_session(TimerShape(5)))


def test_limits_say_one_minute_in_the_singular():
    from mbsr_tui.core.limits import INTERVAL_SECONDS, PRACTICE_MINUTES

    assert "is 1 second;" in INTERVAL_SECONDS.problem(1, "the interval")
    assert "is 1 minute;" not in (PRACTICE_MINUTES.problem(1, "x") or "")  # in range
    from mbsr_tui.core.timer import TimerError, check_shape

    with pytest.raises(TimerError, match="a bell at 1 minute falls outside the timer"):
        check_shape(TimerShape(0.5, at_minutes=(1,)))


def test_the_today_lines_write_commands_plainly():
    from mbsr_tui.core.course import Planned
    from mbsr_tui.core.course_plan import TodayPlan, today_lines

    for status in ("none", "stopped"):
        plan = TodayPlan(status, None, None, "", (Planned("sitting", "Sitting", 15),), (),
                         "none", 1, False, 0.0)  # fmt: skip
        lines = today_lines(plan)
        assert "mbsr-tui course start" in lines[0] and "`" not in "".join(lines)
        assert "1 of 6 practice days this week" in lines


# -- scans: the old broken patterns stay out ---------------------------------------------


def _strings(tree: ast.AST):
    """Every string constant that is not a docstring, and every f-string."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                yield node
        elif isinstance(node, ast.JoinedStr):
            yield node


def _modules():
    for path in sorted(SOURCE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


# A header written into a generated Python file: a comment, never shown to a person.
BACKTICKS_ALLOWED = {"core/index_writer.py"}


def test_no_string_shown_writes_a_command_in_backticks():
    found = []
    for path, tree in _modules():
        if str(path.relative_to(SOURCE)) in BACKTICKS_ALLOWED:
            continue
        for node in _strings(tree):
            if isinstance(node, ast.Constant) and "`" in node.value:
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno}: {node.value[:60]!r}")
    assert not found, "\n".join(found)


# A count said with a plural noun after it: the count comes from plural(), unless it is a
# fixed constant (an ALL_CAPS name or a number written in the code).
COUNTED = re.compile(
    r"^ (more )?(practice days|minutes|days|sessions|parts|people|weeks|bells|seconds|hours"
    r"|entries|breaths|rounds|steps|problems|rows|answers)\b(?!/)"
)


def _fixed(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return node.id.isupper()
    if isinstance(node, ast.Attribute):
        return node.attr.isupper()
    return isinstance(node, ast.Constant)


def test_no_counted_noun_without_the_plural_helper():
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                pairs = zip(node.values, node.values[1:], strict=False)
                for value, text in pairs:
                    if (isinstance(value, ast.FormattedValue) and isinstance(text, ast.Constant)
                            and COUNTED.match(text.value) and not _fixed(value.value)):  # fmt: skip
                        found.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
            # `"s" if n != 1 else ""`: the hand-made plural the helper replaces.
            if isinstance(node, ast.IfExp) and any(
                isinstance(side, ast.Constant) and side.value in ("s", "es")
                for side in (node.body, node.orelse)
            ):
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno} (hand-made plural)")
    assert not found, "\n".join(found)
