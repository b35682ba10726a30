"""Loading session files: every kind of mistake gets a clear message with file and line."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from mbsr_tui.core.loader import SessionError, load_session, validate
from mbsr_tui.core.session import Pattern, Session, Step
from mbsr_tui.core.timeline import Timeline
from mbsr_tui.core.toml_reader import MAX_FILE_BYTES

pytestmark = pytest.mark.usefixtures("stub_sounds")

GOOD = """\
title = "Short sitting"
summary = "A few quiet minutes."
kind = "sitting"
posture = "sitting"
minutes = 10
prepare_seconds = 5

[bells]
start = true
end = true
interval_seconds = 300
at_seconds = [120]
sound = "bowl"
"""


def problems_of(path: Path) -> list[SessionError]:
    session, problems = validate(path)
    assert session is None, "a file with problems must not give a session"
    assert problems, "a broken file must report at least one problem"
    for problem in problems:
        assert problem.path == path
    return problems


def only_problem(path: Path) -> SessionError:
    problems = problems_of(path)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line of `text` that contains `fragment`."""
    for number, line in enumerate(text.split("\n"), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in the text")


# -- good files ----------------------------------------------------------------


def test_a_good_file_loads_every_field(write_session):
    path = write_session(GOOD, "short-sitting.toml")
    session, problems = validate(path)
    assert problems == []
    assert session is not None
    assert session.id == "short-sitting"
    assert session.title == "Short sitting"
    assert session.summary == "A few quiet minutes."
    assert session.minutes == 10
    assert session.prepare_seconds == 5
    assert session.bells.interval_seconds == 300
    assert session.bells.at_seconds == (120.0,)
    assert session.source == path
    assert load_session(path) == session


def test_a_session_without_steps_is_one_long_step(write_session):
    session = load_session(write_session(GOOD))
    steps = session.guided_steps()
    assert len(steps) == 1
    assert steps[0].seconds == 600
    assert steps[0].title == session.title
    assert Timeline(session).length == 600


def test_prepare_seconds_zero_is_valid(write_session):
    session = load_session(
        write_session(GOOD.replace("prepare_seconds = 5", "prepare_seconds = 0"))
    )
    assert session.prepare_seconds == 0
    timeline = Timeline(session)
    assert timeline.total == timeline.length == 600
    assert not timeline.state_at(0).preparing


def test_markup_in_text_is_valid_and_kept_literally(write_session):
    text = GOOD.replace('"A few quiet minutes."', '"[bold]Rest[/bold] and [red]breathe[/]"')
    text = text.replace('"Short sitting"', '"[b]Bold[/b] title"')
    session = load_session(write_session(text))
    assert session.summary == "[bold]Rest[/bold] and [red]breathe[/]"
    assert session.title == "[b]Bold[/b] title"


def test_newline_and_tab_are_allowed_in_text(write_session):
    text = GOOD.replace('"A few quiet minutes."', '"one\\ttab\\nand a new line"')
    assert load_session(write_session(text)).summary == "one\ttab\nand a new line"


def test_windows_line_endings_are_fine(write_session):
    text = GOOD + '\n[[steps]]\ntitle = "All"\nseconds = 60\nprompt = """\nline one\nline two"""\n'
    session = load_session(write_session(text.replace("\n", "\r\n").encode()))
    assert session.steps[0].prompt == "line one\nline two"


def test_steps_with_their_own_pattern_and_bell(write_session):
    text = """\
title = "Mixed"
kind = "routine"

[[steps]]
title = "Arrive"
prompt = "Settle."
seconds = 60
bell = true

[[steps]]
title = "Breathe"
seconds = 120
pattern = { inhale = 4, exhale = 6, count_to = 10 }

[[steps]]
title = "Sit"
seconds = 120
[steps.pattern]
inhale = 3.5
exhale = 3.5
nostrils = "left"
"""
    session = load_session(write_session(text))
    assert [s.title for s in session.steps] == ["Arrive", "Breathe", "Sit"]
    assert session.steps[0].bell and session.steps[0].pattern is None
    assert session.steps[1].pattern == Pattern(inhale=4, exhale=6, count_to=10)
    assert session.steps[2].pattern == Pattern(inhale=3.5, exhale=3.5, nostrils="left")
    assert session.default_seconds == 300


def test_a_whole_session_pattern_applies_to_steps_without_their_own(write_session):
    text = 'title = "B"\nkind = "breathing"\n[pattern]\ninhale = 4\nexhale = 6\n'
    text += '[[steps]]\ntitle = "a"\nseconds = 60\n'
    text += '[[steps]]\ntitle = "b"\nseconds = 60\npattern = { inhale = 2, exhale = 2 }\n'
    session = load_session(write_session(text))
    steps = session.guided_steps()
    assert steps[0].pattern == Pattern(inhale=4, exhale=6)
    assert steps[1].pattern == Pattern(inhale=2, exhale=2)


# -- the kinds of bad file from the issue -----------------------------------------


def test_toml_syntax_error_names_the_line(write_session):
    text = 'title = "x"\nminutes = 5\nsummary = "no closing quote\nkind = "sitting"\n'
    problem = only_problem(write_session(text))
    assert problem.line == 3
    assert "not valid TOML" in problem.message
    assert str(problem).startswith(f"{problem.path}:3: ")


def test_duplicate_key_is_a_syntax_error_with_its_line(write_session):
    problem = only_problem(write_session('title = "x"\nminutes = 5\nminutes = 6\n'))
    assert problem.line == 3


@pytest.mark.parametrize(
    ("text", "wrong", "suggestion", "fragment"),
    [
        ('title = "x"\nminutes = 5\ntitel = "y"\n', "titel", "title", "titel"),
        ('title = "x"\nminuts = 5\n', "minuts", "minutes", "minuts"),
        (
            'title = "x"\nminutes = 5\n[bells]\nintervall_seconds = 60\n',
            "intervall_seconds",
            "interval_seconds",
            "intervall",
        ),
        (
            'title = "x"\nminutes = 5\n[pattern]\ninhale = 4\nexale = 4\n',
            "exale",
            "exhale",
            "exale",
        ),
        (
            'title = "x"\n[[steps]]\ntitle = "a"\nseconds = 5\n[[steps]]\ntitle = "b"\nsecs = 5\n',
            "secs",
            None,
            "secs",
        ),
        (
            'title = "x"\nminutes = 5\n[[steps]]\ntitle = "a"\nseconds = 5\npromt = "hi"\n',
            "promt",
            "prompt",
            "promt",
        ),
    ],
)
def test_unknown_key_names_the_line_and_suggests_the_closest(
    write_session, text, wrong, suggestion, fragment
):
    path = write_session(text)
    problems = problems_of(path)
    unknown = [p for p in problems if "unknown key" in p.message]
    assert len(unknown) == 1, [str(p) for p in problems]
    problem = unknown[0]
    assert f"'{wrong}'" in problem.message
    assert problem.line == line_of(text, fragment)
    if suggestion:
        assert f"did you mean '{suggestion}'" in problem.message


def test_an_unknown_key_with_a_terminal_escape_is_printed_harmlessly(write_session):
    problems = problems_of(write_session('title = "x"\nminutes = 5\n"\\u001b[2J" = 1\n'))
    assert all("\x1b" not in str(p) for p in problems)
    assert any("'^[[2J'" in p.message for p in problems)


@pytest.mark.parametrize(
    ("line", "key", "expected"),
    [
        ('minutes = "20"', "minutes", "must be a number"),
        ("confirm = 1", "confirm", "must be true or false"),
        ('confirm = "yes"', "confirm", "must be true or false"),
        ("summary = 3", "summary", "must be text"),
        ("caution = true", "caution", "must be text"),
        ("prepare_seconds = true", "prepare_seconds", "must be a number"),
        ("bells = 3", "bells", "must be a table"),
        ("pattern = [1, 2]", "pattern", "must be a table"),
        ("steps = 3", "steps", "[[steps]]"),
    ],
)
def test_wrong_types_are_reported_at_their_line(write_session, line, key, expected):
    length = "steps = []" if key == "minutes" else "minutes = 5"
    text = f'title = "x"\n{length}\n{line}\n'
    problems = problems_of(write_session(text))
    assert any(expected in p.message and p.line == 3 for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize(
    ("table", "line", "expected"),
    [
        ("bells", "start = 1", "'bells.start' must be true or false"),
        ("bells", 'interval_seconds = "300"', "'bells.interval_seconds' must be a number"),
        ("bells", 'at_seconds = [60, "later"]', "'bells.at_seconds' must be a list of numbers"),
        ("pattern", 'inhale = "4"', "'pattern.inhale' must be a number"),
        ("pattern", "count_to = 2.5", "'pattern.count_to' must be a whole number"),
        ("pattern", "count_to = true", "'pattern.count_to' must be a whole number"),
        ("pattern", "phase_cues = 0", "'pattern.phase_cues' must be true or false"),
    ],
)
def test_wrong_types_inside_tables(write_session, table, line, expected):
    text = f'title = "x"\nminutes = 5\n[{table}]\n{line}\n'
    problems = problems_of(write_session(text))
    assert any(expected in p.message and p.line == 4 for p in problems), [str(p) for p in problems]


def test_wrong_type_in_a_step_names_the_step(write_session):
    text = 'title = "x"\n[[steps]]\ntitle = "a"\nseconds = 60\n[[steps]]\ntitle = "b"\n'
    text += 'seconds = "sixty"\n'
    problems = problems_of(write_session(text))
    assert any("'steps[2].seconds' must be a number" in p.message and p.line == 7 for p in problems)


def test_missing_title(write_session):
    problem = only_problem(write_session("minutes = 5\n"))
    assert "needs a 'title'" in problem.message
    assert problem.line is None
    assert str(problem) == f"{problem.path}: the session needs a 'title'"


def test_empty_title(write_session):
    problem = only_problem(write_session('title = "   "\nminutes = 5\n'))
    assert "'title' is empty" in problem.message
    assert problem.line == 1


def test_a_step_needs_a_title_and_seconds(write_session):
    text = 'title = "x"\n[[steps]]\ntitle = "a"\nseconds = 60\n[[steps]]\nprompt = "?"\n'
    problems = problems_of(write_session(text))
    messages = {p.message: p.line for p in problems}
    assert messages.get("step 2 needs a 'title'") == 5
    assert messages.get("step 2 needs 'seconds'") == 5


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('title = "x"\nminutes = 0\n', "minutes"),
        ('title = "x"\nminutes = -5\n', "minutes"),
        ('title = "x"\nminutes = 5\nmin_minutes = 0\n', "min_minutes"),
        ('title = "x"\n[[steps]]\ntitle = "a"\nseconds = 0\n', "steps[1].seconds"),
        ('title = "x"\n[[steps]]\ntitle = "a"\nseconds = -30\n', "steps[1].seconds"),
    ],
)
def test_zero_or_negative_durations(write_session, text, key):
    problems = problems_of(write_session(text))
    assert any(f"'{key}' must be more than 0" in p.message for p in problems), [
        str(p) for p in problems
    ]


@pytest.mark.parametrize(
    "line",
    ["prepare_seconds = -1", "[bells]\ninterval_seconds = -60", "[pattern]\nhold_in = -1"],
)
def test_negative_times_are_rejected(write_session, line):
    problems = problems_of(write_session(f'title = "x"\nminutes = 5\n{line}\n'))
    assert any("cannot be negative" in p.message for p in problems)


def test_negative_bell_times_are_rejected(write_session):
    problems = problems_of(write_session('title = "x"\nminutes = 5\n[bells]\nat_seconds = [-1]\n'))
    assert any("negative" in p.message and p.line == 4 for p in problems)


def test_no_length_at_all(write_session):
    problem = only_problem(write_session('title = "x"\n'))
    assert "no length" in problem.message


@pytest.mark.parametrize(
    "pattern",
    [
        "inhale = 0\nexhale = 0",
        "inhale = 0\nexhale = 4",
        "inhale = 4\nexhale = 0\nhold_in = 4",
        "inhale = 0\nexhale = 0\nhold_in = 5\nhold_out = 5",
    ],
)
def test_a_pattern_with_no_breathing_time(write_session, pattern):
    text = f'title = "x"\nminutes = 5\n\n[pattern]\n{pattern}\n'
    problems = problems_of(write_session(text))
    assert any("needs breathing time" in p.message and p.line == 4 for p in problems)


def test_an_inline_step_pattern_with_no_breathing_time(write_session):
    text = 'title = "x"\n[[steps]]\ntitle = "a"\nseconds = 60\n'
    text += "pattern = { inhale = 0, exhale = 0 }\n"
    problem = only_problem(write_session(text))
    assert "needs breathing time" in problem.message
    assert problem.line == 5


def test_pulse_style_needs_rounds(write_session):
    text = 'title = "x"\nminutes = 5\n[pattern]\ninhale = 0.6\nexhale = 0.4\nstyle = "pulse"\n'
    problem = only_problem(write_session(text))
    assert "rounds" in problem.message


@pytest.mark.parametrize(
    ("line", "key", "value"),
    [
        ('kind = "yoga"', "kind", "yoga"),
        ('posture = "upside-down"', "posture", "upside-down"),
        ('[pattern]\nnostrils = "both-ish"', "pattern.nostrils", "both-ish"),
        ('[pattern]\nstyle = "wavy"', "pattern.style", "wavy"),
        ('[pattern]\nfocus = "toes"', "pattern.focus", "toes"),
    ],
)
def test_unknown_choices(write_session, line, key, value):
    text = f'title = "x"\nminutes = 5\n{line}\n'
    problem = only_problem(write_session(text))
    assert f"'{key}' is '{value}'; choose one of:" in problem.message
    assert problem.line == line_of(text, value)


def test_a_sound_that_is_not_in_sounds(write_session, stub_sounds):
    text = 'title = "x"\nminutes = 5\n[bells]\nsound = "gong"\ninterval_sound = "bell"\n'
    problem = only_problem(write_session(text))
    assert problem.line == 4
    assert "'bells.sound' is 'gong'" in problem.message
    assert "bell, bowl, cue" in problem.message  # the ones that are there


def test_every_sound_of_the_real_sounds_folder_is_accepted(write_session, monkeypatch):
    from mbsr_tui.core import paths

    available = sorted(f.stem for f in paths.sounds_dir().glob("*.wav"))
    if not {"bowl", "bell", "cue"} <= set(available):
        pytest.skip("sounds/ does not hold bowl, bell and cue yet")
    monkeypatch.setattr("mbsr_tui.core.loader.sounds_dir", paths.sounds_dir)
    for stem in available:
        text = f'title = "x"\nminutes = 5\n[bells]\nsound = "{stem}"\n'
        assert validate(write_session(text))[1] == []


@pytest.mark.parametrize(
    "text",
    [
        'title = "x"\nminutes = 361\n',
        'title = "x"\nminutes = 100000\n',
        'title = "x"\n' + '[[steps]]\ntitle = "a"\nseconds = 3600\n' * 7,
        'title = "x"\nminutes = 60\nmax_minutes = 400\n',
    ],
)
def test_lengths_over_six_hours(write_session, text):
    # Six hours: the course's day of practice is offered at 2 to 6 hours.
    problems = problems_of(write_session(text))
    assert any("360" in p.message for p in problems), [str(p) for p in problems]


def test_six_hours_exactly_is_allowed(write_session):
    assert validate(write_session('title = "x"\nminutes = 360\n'))[1] == []


def test_a_pattern_whose_whole_breaths_run_past_six_hours(write_session):
    # Alternate nostrils, four phases of 118.75 s (a phase lasts at most 120): one cycle of
    # two breaths is 950 s, and the nearest whole number of cycles to 6 hours is 23 (6 h 4 min).
    phases = "".join(f"{name} = 118.75\n" for name in ("inhale", "hold_in", "exhale", "hold_out"))
    text = f'title = "x"\nminutes = 360\n[pattern]\nnostrils = "alternate"\n{phases}'
    problems = problems_of(write_session(text))
    assert any("whole breaths" in p.message for p in problems)


def test_files_over_one_megabyte(write_session):
    text = GOOD + "#" + "x" * MAX_FILE_BYTES + "\n"
    problem = only_problem(write_session(text))
    assert problem.line is None
    assert "1 MB" in problem.message


def test_a_file_of_exactly_one_megabyte_is_read(write_session):
    padding = MAX_FILE_BYTES - len(GOOD.encode()) - 2
    path = write_session(GOOD + "#" + "x" * padding + "\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert validate(path)[1] == []


def test_non_utf8_bytes_name_their_line(write_session):
    data = b'title = "x"\nminutes = 5\nsummary = "caf\xe9"\n'
    problem = only_problem(write_session(data))
    assert problem.line == 3
    assert "UTF-8" in problem.message


@pytest.mark.parametrize(
    ("key", "escape", "codepoint"),
    [
        ("summary", "\\u0007", "U+0007"),
        ("caution", "\\u001b[31m", "U+001B"),
        ("title", "a\\rb", "U+000D"),
        ("summary", "\\u009b", "U+009B"),
        ("summary", "\\u007f", "U+007F"),
    ],
)
def test_control_characters_in_text(write_session, key, escape, codepoint):
    text = f'title = "x"\nminutes = 5\n{key} = "{escape}"\n'.replace(
        'title = "x"\n', "", key == "title"
    )
    path = write_session(text)
    problems = problems_of(path)
    hits = [p for p in problems if "control character" in p.message]
    assert len(hits) == 1
    assert codepoint in hits[0].message
    assert hits[0].line == line_of(text, escape)


def test_a_control_character_in_a_step_prompt(write_session):
    text = 'title = "x"\n[[steps]]\ntitle = "a"\nseconds = 60\nprompt = """\nring\\u0007"""\n'
    problem = only_problem(write_session(text))
    assert "'steps[1].prompt' contains a control character (U+0007)" in problem.message
    assert problem.line == 5


def test_a_raw_control_character_is_a_toml_error_with_its_line(write_session):
    problem = only_problem(write_session('title = "x"\nminutes = 5\nsummary = "a\x07b"\n'))
    assert problem.line == 3
    assert "\x07" not in str(problem)


@pytest.mark.parametrize(
    "line",
    [
        "minutes = nan",
        "minutes = inf",
        "prepare_seconds = nan",
        "[pattern]\ninhale = inf",
        "[pattern]\nexhale = nan",
        "[bells]\nat_seconds = [nan]",
        "[bells]\ninterval_seconds = inf",
    ],
)
def test_nan_and_infinity_are_not_times(write_session, line):
    length = "steps = []" if line.startswith("minutes") else "minutes = 5"
    text = f'title = "x"\n{length}\n{line}\n'
    problems = problems_of(write_session(text))
    assert any("finite" in p.message or "list of numbers" in p.message for p in problems)


@pytest.mark.parametrize(
    "line",
    [
        "[pattern]\ninhale = 1e-300\nexhale = 1e-300",
        "[pattern]\ninhale = 0.05",
        '[pattern]\nstyle = "pulse"\nrounds = 1000000000',
        "[bells]\ninterval_seconds = 1e-9",
        "[bells]\ninterval_seconds = 5",
    ],
)
def test_values_that_would_make_the_engine_hang_are_rejected(write_session, line):
    problems = problems_of(write_session(f'title = "x"\nminutes = 5\n{line}\n'))
    assert problems


def test_a_missing_file_and_a_directory(tmp_path):
    missing = only_problem(tmp_path / "nope.toml")
    assert "cannot read" in missing.message
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert "not a file" in only_problem(folder).message


def test_line_numbers_count_newlines_only(write_session):
    # U+2028, U+2029 and NEL are not line breaks in TOML; they must not shift the lines.
    text = 'title = "x"\n# a \u2028 b \u0085 c\nsummary = "\u2029"\nminutes = "5"\n'
    problems = problems_of(write_session(text))
    assert any("'minutes' must be a number" in p.message and p.line == 4 for p in problems)


def test_keys_inside_multiline_strings_are_not_mistaken_for_keys(write_session):
    text = 'title = "x"\nsummary = """\nminutes = 3\n"""\nminutes = "five"\n'
    problems = problems_of(write_session(text))
    assert any(p.line == 5 and "'minutes' must be a number" in p.message for p in problems)


def test_dotted_keys_and_second_step_tables_get_their_lines(write_session):
    text = (
        'title = "x"\n'
        "bells.interval_seconds = -3\n"
        '[[steps]]\ntitle = "a"\nseconds = 60\n'
        '[[steps]]\ntitle = "b"\nseconds = 60\n'
        '[steps.pattern]\ninhale = 4\nexhale = "slow"\n'
    )
    problems = problems_of(write_session(text))
    lines = {p.message: p.line for p in problems}
    assert lines["'bells.interval_seconds' cannot be negative"] == 2
    assert lines["'steps[2].pattern.exhale' must be a number"] == 11


def test_every_problem_in_a_file_is_reported_at_once(write_session):
    text = 'kind = "yoga"\nminutes = -1\ntitel = "x"\n[pattern]\nnostrils = "both-ish"\n'
    problems = problems_of(write_session(text))
    assert len(problems) >= 4


def test_load_session_raises_the_first_problem(write_session):
    with pytest.raises(SessionError) as raised:
        load_session(write_session("minutes = 5\n"))
    assert "title" in str(raised.value)


def test_session_errors_read_like_compiler_messages(tmp_path):
    assert str(SessionError(tmp_path / "a.toml", 3, "bad")) == f"{tmp_path / 'a.toml'}:3: bad"
    assert str(SessionError(tmp_path / "a.toml", None, "bad")) == f"{tmp_path / 'a.toml'}: bad"


def test_session_model_defaults():
    session = Session(id="s", title="S", steps=(Step("a", "", 30), Step("b", "", 90)))
    assert session.default_seconds == 120
    assert session.default_minutes == 2
    assert Session(id="t", title="T", minutes=0.2).default_minutes == 1


@pytest.mark.parametrize(
    ("lines", "expected", "line"),
    [
        ("minutes = 30\nmax_minutes = 20", "more than 'max_minutes' (20)", 3),
        ("minutes = 5\nmin_minutes = 10", "less than 'min_minutes' (10)", 3),
        ("minutes = 20\nmin_minutes = 30\nmax_minutes = 10", "'min_minutes' is larger", 3),
    ],
)
def test_the_default_length_lies_within_min_and_max(write_session, lines, expected, line):
    problem = only_problem(write_session(f'title = "x"\n{lines}\n'))
    assert expected in problem.message
    assert problem.line == line


def test_min_and_max_around_the_default_are_fine(write_session):
    text = 'title = "x"\nmin_minutes = 1\nmax_minutes = 2\n[[steps]]\ntitle = "a"\nseconds = 90\n'
    session = load_session(write_session(text))
    assert (session.min_minutes, session.max_minutes, session.default_seconds) == (1, 2, 90)


def test_a_fifo_is_not_read(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    assert "not a file" in only_problem(fifo).message


def test_misspelt_tables_get_their_lines(write_session):
    text = 'title = "x"\nminutes = 5\n[bell]\nstart = true\n[[step]]\ntitle = "a"\n[[step]]\n'
    problems = problems_of(write_session(text))
    lines = {p.message: p.line for p in problems}
    assert lines["unknown key 'bell' (did you mean 'bells'?)"] == 3
    assert lines["unknown key 'step' (did you mean 'steps'?)"] == 5


def test_a_table_inside_the_second_step_gets_its_line(write_session):
    text = (
        'title = "x"\n'
        '[[steps]]\ntitle = "a"\nseconds = 60\n[steps.pattern]\ninhale = 4\n'
        '[[steps]]\ntitle = "b"\nseconds = 60\n[[steps.cues]]\nat = 3\n'
    )
    problem = only_problem(write_session(text))
    assert problem.message == "unknown key 'cues' in [steps[2]]"
    assert problem.line == 10


def test_a_value_with_a_newline_stays_on_one_line_of_the_report(write_session):
    problem = only_problem(write_session('title = "x"\nminutes = 5\nkind = "yo\\nga"\n'))
    assert "\n" not in str(problem)
    assert "'kind' is 'yo^Jga'" in problem.message


def test_a_long_wrong_value_is_shortened_in_the_report(write_session):
    text = f'title = "x"\nminutes = 5\n[bells]\nsound = "{"b" * 5000}"\n'
    problem = only_problem(write_session(text))
    assert len(str(problem)) < len(str(problem.path)) + 200


_SNIPPETS = [b"=", b"[", b"]", b"[[steps]]\n", b'"', b'"""', b"\n", b"nan", b"inf", b"-1", b"0",
             b"1e308", b"true", b"{", b"\\u0007", b"\xff", b"[pattern]\n", b'style = "pulse"\n',
             b"seconds = 1e-9\n", b'nostrils = "alternate"\n', b"[bells]\n", b"\\n"]  # fmt: skip


def test_mangled_files_never_raise_and_each_problem_is_one_printable_line(tmp_path):
    import re

    unprintable = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

    originals = [p.read_bytes() for p in sorted(Path(__file__).parents[2].glob("sessions/*.toml"))]
    assert originals
    rnd = random.Random(20240601)
    path = tmp_path / "mangled.toml"
    for _ in range(250):
        data = bytearray(rnd.choice(originals))
        for _ in range(rnd.randint(1, 4)):
            at = rnd.randrange(len(data) + 1)
            roll = rnd.random()
            if roll < 0.4:
                data[at:at] = rnd.choice(_SNIPPETS)
            elif roll < 0.7:
                del data[at : at + rnd.randint(1, 30)]
            else:
                data[at : at + 1] = bytes([rnd.randrange(256)])
        path.write_bytes(bytes(data))
        session, problems = validate(path)
        assert (session is None) == bool(problems)
        for problem in problems:
            assert not unprintable.search(str(problem).replace(str(path), "")), str(problem)
        if session is not None:
            timeline = Timeline(session)
            timeline.state_at(timeline.total / 2)
            assert timeline.events_between(0, timeline.total)[-1].kind == "finished"
