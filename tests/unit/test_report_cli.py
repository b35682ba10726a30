"""`mbsr-tui report`: where it writes, what it says, and its errors (issue 23)."""

from __future__ import annotations

import argparse
import os
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mbsr_tui.__main__ import main
from mbsr_tui.cli.report import add_report_parser, run_report
from mbsr_tui.core import paths
from mbsr_tui.core.course_calendar import CourseState
from mbsr_tui.core.course_state import save_state
from mbsr_tui.core.journal.storage import Journal
from tests.support.report_journal import COURSE_START, calendar_entry, course_journal

NOW = datetime(2025, 5, 10, 19, 0, tzinfo=UTC)  # after the course of 3 Mar - 27 Apr 2025


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="mbsr-tui")
    add_report_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["report", *argv])


def report(*argv: str) -> int:
    """`mbsr-tui report ARGV…` as if run at NOW in UTC."""
    return run_report(parse(*argv), now=NOW, tz=UTC)


@pytest.fixture
def course_kept() -> None:
    with Journal.open() as journal:
        journal.add_many(course_journal())
        journal.add_calendar([calendar_entry(COURSE_START + timedelta(days=2), "Blackbird")])
    save_state(CourseState(COURSE_START))


def page_text(path: Path) -> str:
    root = ET.fromstring(path.read_bytes())  # well-formed, as written
    return " ".join(root.itertext())


def test_the_course_report_is_written_where_asked_and_says_where(course_kept, tmp_path, capsys):
    target = tmp_path / "r.html"
    assert report("--course", "-o", str(target)) == 0
    out, err = capsys.readouterr()
    assert out == f"The report is in {target}\n" and err == ""
    text = page_text(target)
    assert "The 8-week course: 3 Mar – 27 Apr 2025" in text
    assert "Practised on 48 of 56 days" in text
    assert "Lower back eased" not in text and "Blackbird" not in text
    assert os.stat(target).st_mode & 0o777 == 0o600  # a private record until it is shared


def test_by_default_it_is_dated_in_the_current_folder(course_kept, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert report() == 0
    written = tmp_path / "mbsr-report-2025-05-10.html"
    assert capsys.readouterr().out == f"The report is in {written}\n"
    assert "The whole journal: 3 Mar – 10 May 2025" in page_text(written)


def test_a_folder_gets_the_dated_name_inside_it(course_kept, tmp_path):
    assert report("-o", str(tmp_path)) == 0
    assert (tmp_path / "mbsr-report-2025-05-10.html").is_file()


def test_standard_output_gets_the_page_alone(course_kept, capsys):
    assert report("--weeks", "2", "--with-notes", "-o", "-") == 0
    out, err = capsys.readouterr()
    assert out.startswith("<!DOCTYPE html>") and err == ""
    assert "The last 2 weeks: 27 Apr – 10 May 2025" in " ".join(ET.fromstring(out).itertext())


def test_notes_calendars_and_a_name_only_when_asked(course_kept, tmp_path, config_dir):
    config_dir.mkdir(parents=True)
    (config_dir / "settings.toml").write_text('share_name = "Ann"\n')
    plain, told = tmp_path / "plain.html", tmp_path / "told.html"
    assert report("--course", "-o", str(plain)) == 0
    assert report("--course", "--with-notes", "--with-calendars", "--name", "-o", str(told)) == 0
    assert "Ann" not in page_text(plain)
    text = page_text(told)
    assert "Ann · The 8-week course" in text
    assert "Lower back eased" in text and "Blackbird" in text
    for forbidden in (str(paths.data_dir()), str(tmp_path), os.environ["HOME"]):
        assert forbidden not in text


def test_a_name_asked_for_but_not_set_is_told(course_kept, tmp_path, capsys):
    assert report("--name", "-o", str(tmp_path / "r.html")) == 0
    assert "no shared name is set" in capsys.readouterr().err


def test_an_existing_file_is_replaced_whole_and_a_link_is_never_followed(course_kept, tmp_path):
    elsewhere = tmp_path / "precious.txt"
    elsewhere.write_text("keep me")
    link = tmp_path / "r.html"
    link.symlink_to(elsewhere)
    assert report("-o", str(link)) == 0
    assert elsewhere.read_text() == "keep me"
    assert not link.is_symlink() and "MBSR practice report" in link.read_text()
    assert report("--weeks", "1", "-o", str(link)) == 0
    assert "The last week" in page_text(link)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers


def test_an_empty_journal_makes_a_page_that_says_so(tmp_path):
    assert report("-o", str(tmp_path / "r.html")) == 0
    assert "No practice is recorded in this period yet" in page_text(tmp_path / "r.html")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--since", "2025-13-01"], "argument --since: expected a date like 2025-03-03"),
        (["--weeks", "0"], "argument --weeks: must be a whole number of weeks from 1"),
        (["--weeks", "9" * 5000], "argument --weeks: must be a whole number"),
        (["--since", "2025-01-01", "--weeks", "2"], "not allowed with argument --since"),
        (["--course", "--weeks", "2"], "not allowed with argument --course"),
        (["--since", "2099-01-01"], "--since 2099-01-01 is after today"),
        (["-o"], "argument -o/--output: expected one argument"),
    ],
)
def test_bad_options_are_one_clear_line_and_exit_2(argv, words, capsys):
    assert main(["report", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_the_course_without_a_course_is_one_line_and_exit_1(tmp_path, capsys):
    assert report("--course", "-o", str(tmp_path / "r.html")) == 1
    err = capsys.readouterr().err
    assert err == "mbsr-tui: no course has been started; mbsr-tui course start begins one\n"
    assert not (tmp_path / "r.html").exists()


def test_an_unreadable_course_is_told_and_left_out(course_kept, tmp_path, capsys):
    (paths.data_dir() / "course.toml").write_text("started_on = 'soon'\n")
    assert report("--course", "-o", str(tmp_path / "a.html")) == 1
    assert "the course cannot be read" in capsys.readouterr().err
    assert report("-o", str(tmp_path / "b.html")) == 0
    assert "the course cannot be read" in capsys.readouterr().err
    assert "week by week" not in page_text(tmp_path / "b.html")


def test_a_folder_that_cannot_be_written_is_one_line_and_exit_1(course_kept, tmp_path, capsys):
    target = tmp_path / "missing" / "r.html"
    assert report("-o", str(target)) == 1
    err = capsys.readouterr().err
    assert err == f"mbsr-tui: {target}: could not be written (no such file or directory)\n"


def test_a_current_folder_that_cannot_be_written_points_to_o(course_kept, tmp_path, monkeypatch,
                                                             capsys):  # fmt: skip
    blocked = tmp_path / "not-a-folder"
    blocked.touch()
    monkeypatch.setattr(Path, "cwd", classmethod(lambda cls: blocked))
    assert report() == 1
    err = capsys.readouterr().err
    assert err.startswith(f"mbsr-tui: {blocked}/mbsr-report-2025-05-10.html: could not be written")
    assert err.endswith("; -o FILE writes it elsewhere\n") and err.count("\n") == 1
