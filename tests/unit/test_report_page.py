"""The report's page: well-formed XHTML read back, every outside string escaped, privacy,
and bounded size (issue 23)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, timedelta

import pytest

from mbsr_tui.core.course_calendar import CourseState
from mbsr_tui.core.course_file import load_course
from mbsr_tui.core.report.document import Choice
from mbsr_tui.core.report.html import CARE_NOTE, render_page
from mbsr_tui.core.report.model import build_report
from mbsr_tui.core.report.svg import MAX_POINTS
from tests.support.report_journal import (
    COURSE_START,
    calendar_entry,
    course_journal,
    practice,
    ten_years,
)

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
AFTER_COURSE = date(2025, 5, 10)
CHART_TITLES = (
    "Practice minutes per week",
    "Pain before and after practice",
    "Stress before and after practice",
    "Days practised",
    "Practices and their minutes",
)

HOSTILE = (
    "<script>alert(1)</script>",
    "]]><b>bold</b>",
    "&amp; &lt;x&gt; &#60;",
    '" onload="alert(2)',
    "right\u202eto\u2066left",
    "esc\x1b]0;title\x07",
    "c1\x9bcontrol",
    "not\ufffexml\uffff",
    "line\u2028break",
)


def parsed(page: str) -> ET.Element:
    return ET.fromstring(page.encode("utf-8"))


def all_text(root: ET.Element) -> str:
    return " ".join(root.itertext())


def course_page(**choice) -> str:
    report = build_report(
        course_journal(),
        Choice(course=True, **choice),
        AFTER_COURSE,
        state=CourseState(COURSE_START),
        course=load_course(),
        calendar=[calendar_entry(COURSE_START + timedelta(days=9), "A robin singing")],
    )
    return render_page(report)


@pytest.mark.parametrize(
    "entries",
    [[], [practice(date(2025, 3, 5), 20)], course_journal()],
    ids=["empty", "one", "course"],
)
def test_the_page_is_well_formed_xhtml(entries):
    root = parsed(render_page(build_report(entries, Choice(), AFTER_COURSE)))
    assert root.tag == f"{XHTML}html"
    assert root.find(f"{XHTML}head/{XHTML}title").text == "MBSR practice report"
    assert CARE_NOTE in all_text(root)
    if not entries:
        assert "No practice is recorded" in all_text(root)
        assert root.findall(f".//{SVG}svg") == []


def test_every_chart_has_a_title_a_description_and_a_table_of_its_numbers():
    root = parsed(course_page())
    figures = root.findall(f".//{XHTML}figure")
    assert [f.find(f"{XHTML}h3").text for f in figures] == list(CHART_TITLES)
    for figure in figures:
        svg = figure.find(f"{SVG}svg")
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title.text == figure.find(f"{XHTML}h3").text and desc.text
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        table = figure.find(f"{XHTML}details/{XHTML}table")
        assert len(table.findall(f".//{XHTML}tbody/{XHTML}tr")) > 0
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))  # unique on the page


def test_the_course_page_states_what_a_teacher_needs():
    text = all_text(parsed(course_page()))
    assert "The 8-week course: 3 Mar – 27 Apr 2025" in text
    assert "Practised on 48 of 56 days: 48 practices, 30 h 00 min in all" in text
    assert "median practice of 38 min" in text  # 37.5 minutes, to the nearest minute
    assert "Longest run of days in a row with practice: 6 days" in text
    assert "median: 6 in the first week with ratings (3–9 Mar 2025), 4 in the last" in text
    assert "lower after practising than before in 40 of 48 practices rated both times (83%)" in text
    course = load_course()
    for week in course.weeks:
        assert f"Week {week.number}: {week.title}" in text
    assert "W1" in text and "W8" in text  # the course's weeks marked on the bars


def test_hostile_text_is_shown_never_obeyed():
    day = COURSE_START
    entries = [
        practice(day + timedelta(days=i), 10, title=f"t{i} {text}", note=f"n{i} {text}")
        for i, text in enumerate(HOSTILE)
    ]
    calendar = [calendar_entry(day, f"c {text}") for text in HOSTILE]
    # A course file and the settings are read elsewhere: here their text arrives raw.
    course = load_course()
    weeks = (replace(course.weeks[0], title="w1 " + "".join(HOSTILE)), *course.weeks[1:])
    course = replace(course, title="".join(HOSTILE), weeks=weeks)
    report = build_report(
        entries,
        Choice(course=True, with_notes=True, with_calendars=True, name="".join(HOSTILE)),
        day + timedelta(days=20),
        calendar=calendar,
        state=CourseState(COURSE_START),
        course=course,
    )
    page = render_page(report)
    root = parsed(page)  # the page stays well-formed
    tags = {element.tag.split("}")[-1] for element in root.iter()}
    assert not tags & {"script", "b", "iframe", "object", "embed", "link", "img"}
    assert all("alert" not in value for e in root.iter() for value in e.attrib.values())
    for raw in ("\u202e", "\u2066", "\x1b", "\x07", "\x9b", "\ufffe", "\uffff", "\u2028"):
        assert raw not in page
    text = all_text(root)
    assert "t0 <script>alert(1)</script>" in text  # shown as text, literally
    assert "n1 ]]><b>bold</b>" in text
    assert "c &amp; &lt;x&gt; &#60;" in text
    assert "w1 <script>alert(1)</script>]]><b>bold</b>" in text
    assert "right<U+202E>to<U+2066>left" in text  # a bidirectional override shown, not obeyed
    assert "esc^[]0;title^G" in text and "c1<U+009B>control" in text
    assert "not\ufffdxml\ufffd" in text


def test_notes_calendars_and_the_name_only_when_asked():
    quiet = course_page()
    assert "Lower back eased" not in quiet and "A robin singing" not in quiet
    words = all_text(parsed(quiet))
    assert "leaves out the notes written after practices (--with-notes adds them)" in words
    assert "the course's calendar entries (--with-calendars adds them)" in words
    assert "a name (the settings' shared name, with --name)" in words
    told = course_page(with_notes=True, with_calendars=True, name="Ann")
    words = all_text(parsed(told))
    assert "Lower back eased" in words and "A robin singing" in words
    assert "Ann · The 8-week course" in words
    assert "--with-notes adds" not in words and "with --name" not in words


def test_the_page_loads_nothing_and_runs_nothing():
    page = course_page(with_notes=True, with_calendars=True)
    root = parsed(page)
    assert not any(e.tag.endswith(("script", "link", "img", "iframe")) for e in root.iter())
    links = [v for e in root.iter() for k, v in e.attrib.items() if k in ("href", "src")]
    assert links == []
    assert "url(" not in page.replace("url(#hatch)", "")  # only the page's own pattern
    assert "@import" not in page and "http://" not in page.replace(
        "http://www.w3.org/", ""
    )  # namespaces only
    policy = root.find(f"{XHTML}head/{XHTML}meta[@http-equiv='Content-Security-Policy']")
    assert "default-src 'none'" in policy.get("content")
    assert "/home/" not in page and "/tmp/" not in page


def test_ten_years_make_a_page_under_a_megabyte_with_medians_only():
    entries = ten_years()
    report = build_report(entries, Choice(with_notes=True), date(2025, 1, 10))
    page = render_page(report)
    assert len(page.encode("utf-8")) < 1_000_000
    root = parsed(page)
    assert len(report.pain.points) > MAX_POINTS
    assert f"more than {MAX_POINTS} rated practices" in all_text(root)
    assert len(root.findall(f".//{SVG}circle")) == 2  # the two legends' circles only
    assert "the latest 30 of" in all_text(root)


def test_a_journal_spanning_the_plausible_dates_stays_under_a_megabyte():
    # An import may hold a practice in 1970 and one in 2199: years, not months, then.
    entries = [practice(date(1970, 1, 5), 10), practice(date(2199, 12, 1), 10)]
    entries += [practice(date(2000, 1, 1) + timedelta(days=i), 10, pain=(5, 4)) for i in range(300)]
    report = build_report(entries, Choice(), date(2199, 12, 31))
    assert report.unit == "year" and len(report.bins) == 230
    page = render_page(report)
    assert len(page.encode("utf-8")) < 1_000_000
    assert "Practice minutes per year" in all_text(parsed(page))


def test_titles_and_notes_of_any_length_are_cut_on_the_page():
    day = date(2025, 3, 3)
    long_title, long_note = "T" * 100_000, "N" * 4000
    entries = [practice(day + timedelta(days=i % 60), 10, session_id=f"p{i}",
                        title=f"{i} {long_title}", note=long_note) for i in range(200)]  # fmt: skip
    report = build_report(entries, Choice(with_notes=True), day + timedelta(days=60))
    page = render_page(report)
    assert len(page.encode("utf-8")) < 200_000
    assert all(len(p.title) <= 80 for p in report.practices)
    assert all(len(n.title) <= 80 and len(n.text) <= 500 for n in report.notes)


def test_a_course_still_to_come_says_when_it_begins():
    state = CourseState(date(2025, 6, 2))
    report = build_report(course_journal(), Choice(course=True), AFTER_COURSE, state=state)
    assert "The course begins on 2 Jun 2025: nothing to show yet." in all_text(
        parsed(render_page(report))
    )
