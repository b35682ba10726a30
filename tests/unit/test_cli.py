"""The command line: list, check, --version, usage errors; never a traceback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mbsr_tui import __version__
from mbsr_tui.__main__ import main

SESSIONS = Path(__file__).resolve().parents[2] / "sessions"
PRACTICES = (
    "sitting", "body-scan", "daily-routine", "breathing-space", "mountain", "loving-kindness",
    "working-with-pain", "day-of-practice", "counted-breathing", "diaphragmatic-breathing",
    "alternate-nostril", "kapalabhati", "walking", "mindful-movement",
)  # fmt: skip
PROBLEM_LINE = re.compile(r"^(?P<path>.+?\.toml)(?::(?P<line>\d+))?: (?P<message>.+)$")


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    code, out, _err = run_main(capsys, "--version")
    assert code == 0
    assert out.strip() == f"mbsr-tui {__version__}"


def test_list_prints_the_practices_with_length_and_title(capsys):
    code, out, err = run_main(capsys, "list")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert [line.split()[0] for line in lines] == list(PRACTICES)
    sitting = lines[0].split(None, 3)
    assert sitting[1:3] == ["20", "min"]
    assert sitting[3] == "Sitting meditation"
    assert err == ""


def test_list_includes_user_sessions_and_reports_broken_ones(capsys, user_sessions):
    (user_sessions / "evening.toml").write_text('title = "Evening wind-down"\nminutes = 7\n')
    (user_sessions / "broken.toml").write_text('title = "x"\nminuts = 7\n')
    code, out, err = run_main(capsys, "list")
    assert code == 0
    assert re.search(r"^evening\s+7 min  Evening wind-down$", out, re.M)
    assert "broken" not in out
    assert "broken.toml:2:" in err and "did you mean 'minutes'" in err


def test_check_the_builtin_sessions_exits_0(capsys):
    files = sorted(str(p) for p in SESSIONS.glob("*.toml"))
    assert len(files) == len(PRACTICES) + 1  # and the course
    code, out, err = run_main(capsys, "check", *files)
    assert (code, out, err) == (0, "", "")


BAD_FILES = {
    "syntax.toml": ('title = "x"\nminutes = 5\nsummary = "open\n', 3),
    "unknown-key.toml": ('title = "x"\nminutes = 5\ntitel = "y"\n', 3),
    "wrong-type.toml": ('title = "x"\nminutes = "five"\n', 2),
    "no-title.toml": ("minutes = 5\n", None),
    "zero.toml": ('title = "x"\nminutes = 0\n', 2),
    "no-breath.toml": ('title = "x"\nminutes = 5\n[pattern]\ninhale = 0\nexhale = 0\n', 3),
    "kind.toml": ('title = "x"\nminutes = 5\nkind = "yoga"\n', 3),
    "posture.toml": ('title = "x"\nminutes = 5\nposture = "floating"\n', 3),
    "nostrils.toml": ('title = "x"\nminutes = 5\n[pattern]\nnostrils = "middle"\n', 4),
    "style.toml": ('title = "x"\nminutes = 5\n[pattern]\nstyle = "jazzy"\n', 4),
    "sound.toml": ('title = "x"\nminutes = 5\n[bells]\nsound = "gong"\n', 4),
    "long.toml": ('title = "x"\nminutes = 600\n', 2),
    "control.toml": ('title = "x"\nminutes = 5\nsummary = "\\u0007"\n', 3),
}


def test_check_reports_each_bad_file_as_path_line_message_and_exits_1(capsys, tmp_path):
    paths = []
    for name, (text, _) in BAD_FILES.items():
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    (tmp_path / "big.toml").write_text('title = "x"\nminutes = 5\n#' + "x" * 1_100_000 + "\n")
    (tmp_path / "latin1.toml").write_bytes(b'title = "x"\nminutes = 5\nsummary = "\xe9"\n')
    paths += [str(tmp_path / "big.toml"), str(tmp_path / "latin1.toml")]
    expected = {name: line for name, (_, line) in BAD_FILES.items()}
    expected |= {"big.toml": None, "latin1.toml": 3}

    code, out, err = run_main(capsys, "check", *paths)
    assert code == 1
    assert "Traceback" not in out + err
    reported: dict[str, list[int | None]] = {}
    for line in out.splitlines():
        match = PROBLEM_LINE.match(line)
        assert match, f"not PATH:LINE: message: {line!r}"
        name = Path(match["path"]).name
        reported.setdefault(name, []).append(int(match["line"]) if match["line"] else None)
    assert set(reported) == set(expected)
    for name, line in expected.items():
        assert line in reported[name], (name, reported[name])


def test_check_one_good_and_one_bad_file(capsys, tmp_path):
    good = tmp_path / "good.toml"
    good.write_text('title = "Fine"\nminutes = 5\n')
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\nminutes = -1\n')
    assert run_main(capsys, "check", str(good))[0] == 0
    code, out, _ = run_main(capsys, "check", str(good), str(bad))
    assert code == 1
    assert out == f"{bad}:2: 'minutes' must be more than 0\n"


def test_check_a_missing_file(capsys, tmp_path):
    code, out, _err = run_main(capsys, "check", str(tmp_path / "nowhere.toml"))
    assert code == 1
    assert out.startswith(f"{tmp_path / 'nowhere.toml'}: cannot read the file")


@pytest.mark.parametrize(
    "argv",
    [["check"], ["frobnicate"], ["list", "--bogus"], ["--bogus"], ["run"],
     ["run", "sitting", "--bell", "gong"], ["run", "sitting", "--minutes", "many"]],
)  # fmt: skip
def test_usage_errors_exit_2(capsys, argv):
    code, _out, err = run_main(capsys, *argv)
    assert code == 2
    assert "usage:" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("minutes", ["0", "-3", "361", "nan", "inf"])
def test_run_with_an_impossible_length_is_a_usage_error(capsys, minutes):
    code, _, err = run_main(capsys, "run", "sitting", "--minutes", minutes)
    assert code == 2
    assert "--minutes" in err


def test_run_an_unknown_practice_names_the_known_ones(capsys):
    code, _, err = run_main(capsys, "run", "yoga-nidra")
    assert code == 1
    assert "no practice called 'yoga-nidra'" in err and "sitting" in err


def test_run_a_broken_file_prints_its_problems(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("minutes = 5\n")
    code, _, err = run_main(capsys, "run", str(bad))
    assert code == 1
    assert f"{bad}: the session needs a 'title'" in err


def test_help_mentions_medical_care(capsys):
    code, out, _ = run_main(capsys, "--help")
    assert code == 0
    assert "does not replace, medical care" in " ".join(out.split())


def installed_command() -> str:
    found = shutil.which("mbsr-tui", path=os.path.dirname(sys.executable))
    assert found, "the mbsr-tui console script is not installed next to this Python"
    return found


def test_the_installed_command_checks_a_bad_file_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\nminutes = 5\n[pattern]\ninhale = "four"\n')
    result = subprocess.run(
        [installed_command(), "check", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stdout == f"{bad}:4: 'pattern.inhale' must be a number\n"
    assert "Traceback" not in result.stderr


def test_python_dash_m_works(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mbsr_tui", "--version"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0
    assert result.stdout.strip() == f"mbsr-tui {__version__}"
