"""Session and settings files that try to break things (issue 13, items 5-9 and the length).

Each class of problem: messages carry the file's text literally and visibly; nothing from
a file reaches the terminal raw; no shape of TOML crashes or hangs the loader; a file
name that could never be saved is refused; the length listed is the length played.
"""

from __future__ import annotations

import os
import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mbsr_tui.__main__ import main
from mbsr_tui.cli.practice_arg import resolve_session
from mbsr_tui.core import paths, toml_lines
from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.loader import validate
from mbsr_tui.core.session import Pattern, Session, Step
from mbsr_tui.core.settings import (
    Settings,
    SettingsNotSaved,
    load_settings,
    save_settings,
)
from mbsr_tui.core.timeline import Timeline
from mbsr_tui.core.toml_lines import (
    MAX_ITEMS,
    MAX_KEY_PARTS,
    MAX_NESTING,
    LineFinder,
    shape_problem,
)
from mbsr_tui.core.toml_reader import MAX_FILE_BYTES, MAX_PROBLEMS

pytestmark = pytest.mark.usefixtures("stub_sounds")

GOOD = 'title = "Good"\nminutes = 5\n'


def problems_of(path: Path) -> list:
    session, problems = validate(path)
    assert session is None and problems
    return problems


def no_raw_controls(text: str) -> bool:
    """Nothing a terminal would act on: no C0/C1 controls but newline, no bidi overrides."""
    return not any(
        (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F or c in "\u202e\u2028\u2029"
        for c in text
    )


# -- 13.6: messages carry the person's text literally ---------------------------------------


def test_a_markup_like_key_is_shown_as_written(write_session):
    problems = problems_of(write_session(GOOD + '"[/x]" = 1\n"[bold]red" = 2\n'))
    messages = [p.message for p in problems]
    assert "unknown key '[/x]'" in messages
    assert "unknown key '[bold]red'" in messages
    assert all(p.line == 3 + i for i, p in enumerate(problems))


def test_table_names_in_messages_are_plain_words_not_lost(write_session):
    problem = problems_of(write_session(GOOD + "[bells]\nstrat = true\n"))[0]
    assert problem.message == "unknown key 'strat' in [bells] (did you mean 'start'?)"
    assert problem.line == 4


def test_settings_messages_show_a_markup_like_key_as_written(config_dir):
    config_dir.mkdir(parents=True)
    paths.settings_path().write_text('"[/x]" = 1\n"a\\u001b[2Jb" = 2\nvolume = 20\n')
    loaded = load_settings()
    assert loaded.settings == Settings(volume=20)
    assert "unknown key '[/x]'" in loaded.problem
    assert "unknown key 'a^[[2Jb'" in loaded.problem  # the escape shown, not sent
    assert no_raw_controls(loaded.problem)


# -- 13.5: what list and check print ------------------------------------------------------------


def test_list_shows_control_characters_in_titles_and_names_visibly(user_sessions, capsys):
    (user_sessions / "nl.toml").write_text('title = "two\\nlines \\u202e drow"\nminutes = 3\n')
    (user_sessions / "tab.toml").write_text('title = "a\\tb"\nminutes = 3\n')
    evil = user_sessions / "evil\x1b]2;pwned\x07\n.toml"
    evil.write_text(GOOD)
    assert main(["list"]) == 0
    out, err = capsys.readouterr()
    assert no_raw_controls(out) and no_raw_controls(err)
    lines = out.splitlines()
    assert any(
        line.startswith("nl ") and line.endswith("two^Jlines <U+202E> drow") for line in lines
    )
    assert any(line.startswith("tab ") and line.endswith("a b") for line in lines)
    # The escape-laden name is not a practice: it is reported, visibly, on one line.
    assert "evil" not in out
    (skipped,) = [line for line in err.splitlines() if "evil" in line]
    assert "evil^[]2;pwned^G^J.toml" in skipped and "control characters" in skipped


def test_check_prints_one_visible_line_per_problem(write_session, capsys):
    path = write_session(GOOD + '"\\u001b[31m\\u0085" = 1\nkind = "a\\u2028b"\n', "x\x1b.toml")
    assert main(["check", str(path), str(write_session(GOOD + '"\\u009b" = 1\n'))]) == 1
    out = capsys.readouterr().out
    assert no_raw_controls(out)
    assert out.count("\n") == 2  # one for the file name, one for the second file's key
    assert "x^[.toml: the file name holds control characters" in out


# -- 13.7: deep nesting and long keys -------------------------------------------------------------

DEEP = {
    "array": "a = " + "[" * 2000 + "]" * 2000 + "\n",
    "unclosed": "a = " + "[" * 2000 + "\n",
    "inline-table": "a = " + "{b = " * 2000 + "1" + "}" * 2000 + "\n",
    "mixed": "a = " + "[{b = " * 1000 + "1" + "}]" * 1000 + "\n",
    "steps": '[[steps]]\ntitle = "a"\nseconds = 5\npattern = ' + "[" * 5000 + "\n",
    "dotted": "a" + ".a" * 500_000 + " = 1\n",
    "quoted-dotted": '"a"' + '."a"' * 200_000 + " = 1\n",
    "header": "[a" + ".a" * 300_000 + "]\n",
    "array-header": "[[a" + " . a" * 200_000 + "]]\n",
    "in-inline": "b = {a" + ".a" * 300_000 + " = 1}\n",
}


@pytest.mark.parametrize("tail", DEEP.values(), ids=DEEP.keys())
def test_deep_or_long_shapes_are_refused_quickly_with_a_line(write_session, capsys, tail):
    path = write_session(GOOD + tail)
    started = time.perf_counter()
    (problem,) = problems_of(path)
    assert time.perf_counter() - started < 2  # tomllib alone: RecursionError or an hour
    assert problem.line in (3, 6)
    assert f"more than {MAX_NESTING} deep" in problem.message or (
        f"more than {MAX_KEY_PARTS} dotted parts" in problem.message
    )
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"{path}:{problem.line}: ") and not err


@pytest.mark.parametrize(
    "tail",
    [
        "a = [" + "1," * 400_000 + "]\n",
        "".join(f"k{i} = 1\n" for i in range(60_000)),
        "#\n" * 400_000,
        "[[steps]]\n" * 60_000,
    ],
    ids=["numbers", "keys", "comments", "tables"],
)
def test_a_file_too_busy_to_be_a_session_is_refused_before_parsing(write_session, tail):
    started = time.perf_counter()
    (problem,) = problems_of(write_session(GOOD + tail))
    assert time.perf_counter() - started < 1  # tomllib alone: up to 3 s a megabyte
    assert f"more than {MAX_ITEMS} keys, values and lines" in problem.message
    assert problem.line is not None and problem.line >= 3


def test_nesting_up_to_the_limit_is_still_read(write_session):
    text = GOOD + "x = " + "[" * MAX_NESTING + "]" * MAX_NESTING + "\n"
    problem = problems_of(write_session(text))[0]
    assert problem.message.startswith("unknown key 'x'")  # read by tomllib, then judged


def test_a_deep_file_in_the_sessions_folder_is_skipped_and_the_rest_load(user_sessions):
    (user_sessions / "deep.toml").write_text(GOOD + DEEP["array"])
    (user_sessions / "long.toml").write_text(GOOD + DEEP["dotted"])
    (user_sessions / "fine.toml").write_text(GOOD)
    catalogue = load_catalogue(user_dir=user_sessions)
    assert "fine" in catalogue.sessions
    assert {p.path.name for p in catalogue.problems} == {"deep.toml", "long.toml"}


def test_a_recursion_error_from_the_parser_is_a_plain_problem(write_session, monkeypatch):
    def deep(_text):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("mbsr_tui.core.toml_reader.tomllib.loads", deep)
    (problem,) = problems_of(write_session(GOOD))
    assert "nested too deeply" in problem.message


@pytest.mark.parametrize(
    "tail",
    [DEEP["array"], "a" + ".a" * 20_000 + " = 1\n", DEEP["unclosed"]],
    ids=["array", "dotted", "unclosed"],
)
def test_deep_settings_fall_back_to_defaults_with_a_message(config_dir, tail):
    config_dir.mkdir(parents=True)
    path = paths.settings_path()
    path.write_text("volume = 20\n" + tail)
    before = path.read_bytes()
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert "could not be read" in loaded.problem and "line 2" in loaded.problem
    save_settings(Settings(seen_care_note=True))
    assert path.read_bytes() == before


# -- 13.8: long lines, big files -------------------------------------------------------------------


def long_prompt_file(line_chars: int, total: int | None = None, extra: str = "") -> str:
    """A valid session whose prompt holds a line of `line_chars` characters.

    The prompt also holds an escaped quote before three quotes, which fooled the old line
    finder into reading the rest of the prompt as keys and tables; its long line then
    starts with "[" and runs of spaces (cubic backtracking in the old header pattern).
    """
    head = 'title = "Long"\n' + extra + '[[steps]]\ntitle = "a"\nseconds = 60\nprompt = """\n'
    line = "[" + (" " * 99 + "x") * (line_chars // 100)
    body = 'she said \\"""hi\n' + line + "\n"
    text = head + body
    if total is not None:
        while len(text) + len(line) + 10 < total:
            text += line + "\n"
    return text + '"""\n'


@pytest.mark.parametrize("chars", [160_000])
def test_a_long_line_in_a_prompt_is_read_in_linear_time(write_session, chars):
    text = long_prompt_file(chars)
    assert tomllib.loads(text)["steps"][0]["prompt"].count("\n") == 2
    valid = write_session(text, "valid.toml")
    invalid = write_session(long_prompt_file(chars, extra="colour = 3\n"), "invalid.toml")
    started = time.perf_counter()
    session, problems = validate(valid)
    (problem,) = problems_of(invalid)
    assert time.perf_counter() - started < 2  # the old finder: minutes
    assert session is not None and not problems
    assert problem.line == 2 and "unknown key 'colour'" in problem.message


def test_one_megabyte_files_load_and_fail_well_under_a_second(write_session):
    valid = write_session(long_prompt_file(80_000, total=MAX_FILE_BYTES - 100), "big.toml")
    assert MAX_FILE_BYTES - 300_000 < valid.stat().st_size <= MAX_FILE_BYTES
    invalid = write_session(valid.read_text() + "minutes = -1\n", "bad.toml")
    started = time.perf_counter()
    session, _ = validate(valid)
    problems = problems_of(invalid)
    assert time.perf_counter() - started < 1.5
    assert session is not None
    assert problems[0].line == valid.read_text().count("\n") + 1


def test_lines_are_found_only_when_a_problem_is_reported(write_session, monkeypatch):
    walks: list[bool] = []
    real = toml_lines._Walk.__init__

    def counting(self, text, *, record):
        walks.append(record)
        real(self, text, record=record)

    monkeypatch.setattr(toml_lines._Walk, "__init__", counting)
    assert validate(write_session(GOOD))[0] is not None
    assert walks == [False]  # the shape check only
    walks.clear()
    problems_of(write_session(GOOD + "x = 1\ny = 2\n"))
    assert walks == [False, True]  # and one index for both problems


# The walk follows valid TOML exactly: the line of every key, whatever the values hold.
_VALUES = st.sampled_from(
    [
        "1", "-2.5e3", "true", "1979-05-27T07:32:00Z", '"a = [b]"', "'c # d'", '"e\\"f"',
        '"""\nx = 1\n[table]\n"""', "'''\n[[steps]]\n'''", '"""q""""', "'''r'''''",
        '"""\\\n  s\\""" = \\"""\n"""', "[\n 1,\n [2, 3], # ]\n]", '{ a = 1, b = "}" }',
        '[{ a = [1, {b = 2}] }, "]"]', '""', "''", '"""\n"""',
    ]
)  # fmt: skip
_KEYS = st.sampled_from(["a", "b-c", '"d.e"', "'f g'", "h.i", '"[/x]"', "j . k"])


def _key_path(key: str) -> tuple[str, ...]:
    parsed, parts = tomllib.loads(f"{key} = 0"), ()
    while isinstance(parsed, dict):
        (name,) = parsed
        parts, parsed = (*parts, name), parsed[name]
    return parts


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["key", "table", "array"]), _KEYS, _VALUES),
                min_size=1, max_size=12))  # fmt: skip
def test_the_line_of_every_key_in_valid_toml(statements):
    lines: list[str] = []
    expected: dict[tuple, int] = {}
    defined: list[tuple] = []
    prefix: tuple = ()
    entries = -1
    for number, (kind, key, value) in enumerate(statements):
        if kind == "table":
            prefix = (f"t{number}",)
            lines.append(f"[t{number}]")
            expected[prefix] = len(lines)
        elif kind == "array":
            entries += 1
            prefix = ("arr", entries)
            lines.append("[[ arr ]]  # a comment")
            expected[prefix] = len(lines)
        path = (*prefix, *_key_path(key))
        if any(d[: len(path)] == path or path[: len(d)] == d for d in defined):
            continue  # a key defined twice is not valid TOML
        defined.append(path)
        expected[path] = len(lines) + 1
        lines.extend(f"{key} = {value}".split("\n"))
    text = "\n".join(lines) + "\n"
    tomllib.loads(text)  # the generated text is valid TOML
    assert shape_problem(text) is None
    finder = LineFinder(text)
    for path, line in expected.items():
        assert finder.line_of(path) == line, (path, text)


_PIECES = ['"', "'", '"""', "'''", "[", "]", "[[", "{", "}", "=", ".", "\n", "#", "\\", ",",
           "a", " ", "\r", "x.y = "]  # fmt: skip


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_the_walk_never_fails_on_any_text(pieces):
    text = "".join(pieces)
    shape_problem(text)
    finder = LineFinder(text)
    finder.line_of(("a",))


# -- 13.9: file names that are not UTF-8 -------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_reported_and_skipped(user_sessions, capsys):
    raw = os.fsencode(user_sessions) + b"/caf\xe9.toml"
    with open(raw, "wb") as out:
        out.write(GOOD.encode())
    (user_sessions / "fine.toml").write_text(GOOD)
    catalogue = load_catalogue(user_dir=user_sessions)
    assert list(catalogue.sessions)[-1] == "fine"
    assert all(
        s.id.encode("utf-8") and s.title.encode("utf-8") for s in catalogue.sessions.values()
    )
    (problem,) = catalogue.problems
    assert "not valid UTF-8" in problem.message
    shown = str(problem)
    shown.encode("utf-8")  # no surrogates: it can be printed, logged and saved
    assert "caf<U+DCE9>.toml" in shown
    path = os.fsdecode(raw)
    assert main(["check", path]) == 1
    out = capsys.readouterr().out
    assert out.strip().endswith("the file name is not valid UTF-8; rename the file to use it")
    session, message = resolve_session(path)
    assert session is None and "not valid UTF-8" in message
    message.encode("utf-8")
    assert main(["run", path]) == 1
    assert "not valid UTF-8" in capsys.readouterr().err


def test_a_run_of_an_unknown_id_with_escapes_prints_it_visibly():
    session, message = resolve_session("x\x1b[2J")
    assert session is None and "'x^[[2J'" in message and no_raw_controls(message)


def test_a_title_cannot_carry_a_surrogate(write_session):
    (problem,) = problems_of(write_session('title = "\\udce9"\nminutes = 5\n'))
    assert "not valid TOML" in problem.message


# -- Settings: the person's file is kept -----------------------------------------------------------

PERSONAL = b"# my settings\nvolume = 40   # quiet\ncolour = 'blue'  # from a newer version\n"


def test_the_first_run_keeps_a_settings_file_with_problems_byte_for_byte(config_dir):
    config_dir.mkdir(parents=True)
    path = paths.settings_path()
    path.write_bytes(PERSONAL)
    loaded = load_settings()
    assert "unknown key 'colour'" in loaded.problem
    assert save_settings(replace_care(loaded.settings)) is False
    assert path.read_bytes() == PERSONAL
    assert load_settings().settings == Settings(volume=40)


def replace_care(settings: Settings) -> Settings:
    from dataclasses import replace

    return replace(settings, seen_care_note=True)


def test_a_choice_made_later_keeps_unknown_keys_and_comments(config_dir):
    config_dir.mkdir(parents=True)
    path = paths.settings_path()
    path.write_bytes(PERSONAL)
    loaded = load_settings()
    assert save_settings(Settings(volume=80, animation="none", seen_care_note=True)) is True
    text = path.read_text()
    assert text.startswith('animation = "none"\nseen_care_note = true\n# my settings\n')
    assert "volume = 80\n" in text
    assert "colour = 'blue'  # from a newer version\n" in text
    assert path.with_name("settings.toml.bak").read_bytes() == PERSONAL
    assert load_settings().settings == Settings(volume=80, animation="none", seen_care_note=True)
    assert loaded.settings.volume == 40


def test_a_clean_file_keeps_its_comments_and_unchanged_settings_are_not_written(config_dir):
    config_dir.mkdir(parents=True)
    path = paths.settings_path()
    path.write_text('# chosen with care\nbell_mode = "terminal"  # over SSH\nvolume = 50\n')
    loaded = load_settings()
    assert loaded.problem is None
    assert save_settings(loaded.settings) is False  # nothing changed: nothing written
    assert save_settings(Settings(bell_mode="terminal", volume=30)) is True
    assert (
        path.read_text() == '# chosen with care\nbell_mode = "terminal"  # over SSH\nvolume = 30\n'
    )


def test_a_value_over_several_lines_is_rewritten_whole(config_dir):
    config_dir.mkdir(parents=True)
    path = paths.settings_path()
    path.write_text('speak_command = """\nsay\n"""\nvolume = 5\n')
    save_settings(Settings(volume=6, speak_command="espeak"))
    assert load_settings().settings == Settings(volume=6, speak_command="espeak")


def test_an_unreadable_settings_file_is_not_replaced_for_bookkeeping(config_dir):
    config_dir.mkdir(parents=True)
    path = paths.settings_path()
    path.write_bytes(b"volume = = 3\n")
    assert save_settings(Settings(seen_care_note=True)) is False
    assert path.read_bytes() == b"volume = = 3\n"


def test_no_backup_no_replacement(config_dir, monkeypatch):
    config_dir.mkdir(parents=True)
    path = paths.settings_path()
    path.write_bytes(PERSONAL)
    monkeypatch.setattr("mbsr_tui.core.settings._keep_backup", lambda _path: "")
    with pytest.raises(SettingsNotSaved) as raised:
        save_settings(Settings(volume=10))
    assert isinstance(raised.value, OSError)
    assert "settings.toml has problems" in str(raised.value)
    assert path.read_bytes() == PERSONAL


# -- The length listed is the length played ------------------------------------------------------


def test_thousands_of_hundredth_second_steps_are_refused_with_their_lines(write_session, capsys):
    steps = "".join(f'[[steps]]\ntitle = "s{i}"\nseconds = 0.01\n' for i in range(5000))
    path = write_session('title = "Tiny"\n' + steps)
    problems = problems_of(path)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0].line == 4 and "'steps[1].seconds' is 0.01 seconds" in problems[0].message
    assert "a step lasts at least 1" in problems[0].message
    # One problem a step, and one more: 5,000 steps are more than a practice may have.
    assert problems[-1].message == f"{5000 + 1 - MAX_PROBLEMS:,} more problems"
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().out.count("\n") == MAX_PROBLEMS + 1


def test_tiny_steps_made_in_code_play_as_long_as_listed():
    session = Session(id="t", title="T", steps=tuple(Step(f"s{i}", "", 0.01) for i in range(5000)))
    timeline = Timeline(session)
    assert timeline.length == pytest.approx(50)
    assert session.played_seconds == pytest.approx(50) and session.default_minutes == 1


_PATTERNS = st.one_of(
    st.none(),
    st.builds(
        Pattern,
        inhale=st.sampled_from([1.5, 4.0, 7.0]),
        hold_in=st.sampled_from([0.0, 2.0]),
        exhale=st.sampled_from([2.0, 6.0, 8.0]),
        nostrils=st.sampled_from(["both", "alternate"]),
    ),
)


@settings(max_examples=200, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.floats(min_value=1.0, max_value=900.0), _PATTERNS), min_size=1, max_size=30
    ),
    session_pattern=_PATTERNS,
)
def test_the_listed_length_is_the_played_length(steps, session_pattern):
    session = Session(
        id="p",
        title="P",
        pattern=session_pattern,
        steps=tuple(Step(f"s{i}", "", seconds, pattern=p) for i, (seconds, p) in enumerate(steps)),
    )
    played = Timeline(session).length
    assert session.played_seconds == pytest.approx(played)
    assert session.default_minutes == max(1, round(played / 60))
    if session_pattern is None and not any(p for _, p in steps):
        # Without breathing there is nothing to round: exactly as written.
        assert played == pytest.approx(sum(seconds for seconds, _ in steps))


def test_every_builtin_lists_the_length_it_plays():
    catalogue = load_catalogue(user_dir=Path("/nonexistent"))
    for session in catalogue.sessions.values():
        assert session.default_minutes == max(1, round(Timeline(session).length / 60))


def test_only_so_many_files_of_a_crowded_folder_are_read(user_sessions, monkeypatch):
    monkeypatch.setattr("mbsr_tui.core.catalogue.MAX_USER_FILES", 5)
    for i in range(8):
        (user_sessions / f"s{i}.toml").write_text(GOOD)
    catalogue = load_catalogue(user_dir=user_sessions)
    assert "s4" in catalogue.sessions and "s5" not in catalogue.sessions
    (problem,) = catalogue.problems
    assert str(problem).endswith("the folder holds 8 session files; only the first 5 are read")
