"""The report as one self-contained page: words, charts, the course's weeks, a print sheet.

The page is well-formed XHTML (a parser for XML reads it back; the tests do), with every
string from outside passed through `markup.esc`. It holds no script, loads nothing (a
Content-Security-Policy forbids it too) and names no file or folder of the person's
machine. It says what it leaves out, and that MBSR complements medical care.
"""

from __future__ import annotations

from collections.abc import Iterable

from mbsr_tui.core.report.document import MAX_ITEMS, Ratings, Report
from mbsr_tui.core.report.markup import (
    day_text,
    esc,
    esc_lines,
    minutes_text,
    rating_text,
    span_text,
)
from mbsr_tui.core.report.svg import Chart, charts
from mbsr_tui.core.words import plural

PAGE_TITLE = "MBSR practice report"
CARE_NOTE = (
    "MBSR complements, and does not replace, medical care. These are observations of one "
    "person's own practice journal, not a medical assessment: what changed, and why, is a "
    "conversation for the person and their teacher or clinician."
)
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

CSS = """
:root { color: #1a1a1a; background: #ffffff; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; margin: 0; line-height: 1.4; }
main { max-width: 50rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.2rem; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 0.4rem; border-bottom: 1px solid #999999; }
h3 { font-size: 0.95rem; margin: 0 0 0.2rem; }
.about { color: #444444; margin: 0; }
ul.facts { padding-left: 1.2rem; margin: 0.3rem 0; }
ul.facts li { margin: 0.15rem 0; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 0.8rem 1.2rem; }
figure { margin: 0; break-inside: avoid; }
figure.wide { grid-column: 1 / -1; }
svg.chart { width: 100%; height: auto; display: block; }
details { font-size: 0.85rem; margin-top: 0.2rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border: 1px solid #bbbbbb; padding: 0.15rem 0.4rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.dates { white-space: nowrap; }
tr.current td { font-weight: bold; }
.note { white-space: pre-line; }
dl.answers dt { font-style: italic; }
dl.answers dd { margin: 0 0 0.3rem 1rem; white-space: pre-line; }
footer { margin-top: 1rem; font-size: 0.85rem; border-top: 1px solid #999999; }
@page { margin: 12mm; }
@media print {
  body { font-size: 9pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 15pt; }
  h2 { font-size: 11pt; margin-top: 0.6rem; break-after: avoid; }
  .charts { gap: 0.4rem 0.8rem; }
  details { display: none; }
  table { font-size: 8.5pt; }
  .words, .course, footer, tr { break-inside: avoid; }
}
@media (max-width: 40rem) { .charts { grid-template-columns: 1fr; } }
"""


def render_page(report: Report) -> str:
    """The whole page, as text (UTF-8 when written)."""
    parts = [
        "<!DOCTYPE html>\n",
        '<html xmlns="http://www.w3.org/1999/xhtml" lang="en">',
        '<head><meta charset="utf-8"/>',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(POLICY)}"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        '<meta name="generator" content="mbsr-tui"/>',
        f"<title>{esc(PAGE_TITLE)}</title><style>{CSS}</style></head>",
        "<body><main>",
        *_header(report),
        *_facts(report),
    ]
    drawn = charts(report)
    if drawn:
        parts.append('<section class="charts" aria-label="Charts">')
        parts.extend(_figure(chart) for chart in drawn)
        parts.append("</section>")
    parts.extend(_course(report))
    parts.extend(_notes(report))
    parts.extend(_calendar(report))
    parts.extend(_footer(report))
    parts.append("</main></body></html>\n")
    return "".join(parts)


def _header(report: Report) -> Iterable[str]:
    yield f"<header><h1>{esc(PAGE_TITLE)}</h1>"
    who = f"{esc(report.name)} · " if report.name else ""
    period = report.period
    when = (
        f"{esc(period.label.capitalize())}: {esc(span_text(period.first, period.last))}"
        if period
        else "The whole journal"
    )
    yield f'<p class="about">{who}{when} · made on {esc(day_text(report.made_on))}</p></header>'


def _facts(report: Report) -> Iterable[str]:
    yield '<section class="words"><h2>In short</h2><ul class="facts">'
    period = report.period
    if period is not None and period.first > report.made_on:
        yield (f"<li>The course begins on {esc(day_text(period.first))}: nothing to show "
               "yet.</li></ul></section>")  # fmt: skip
        return
    if period is None or report.sessions == 0:
        yield "<li>No practice is recorded in this period yet.</li></ul></section>"
        return
    yield (
        f"<li>Practised on {report.days_practised:,} of {plural(period.days, 'day')}: "
        f"{plural(report.sessions, 'practice')}, {esc(minutes_text(report.total_minutes))} "
        f"in all; a median practice of "
        f"{esc(minutes_text(report.median_minutes or 0))}.</li>"
    )
    yield (
        f"<li>Longest run of days in a row with practice: {plural(report.longest_run, 'day')}.</li>"
    )
    for what, noun in (("pain", "Pain"), ("stress", "Stress")):
        yield from _rating_facts(report, getattr(report, what), what, noun)
    if report.practices:
        top = report.practices[0]
        yield (
            f"<li>Most practised: {esc(top.title)} "
            f"({esc(minutes_text(top.minutes))}, {plural(top.sessions, 'time')}).</li>"
        )
    yield "</ul></section>"


def _rating_facts(report: Report, ratings: Ratings, what: str, noun: str) -> Iterable[str]:
    unit = report.unit
    if ratings.first is None:
        yield f"<li>{noun} was not rated in this period.</li>"
        return
    first = report.bins[ratings.first]
    first_median = rating_text(getattr(first, what).before)
    if ratings.last is None:
        yield (
            f"<li>{noun} before practice (0–10), median: {first_median}, in the only "
            f"{unit} with ratings ({esc(span_text(first.first, first.last))}).</li>"
        )
    else:
        last = report.bins[ratings.last]
        yield (
            f"<li>{noun} before practice (0–10), median: {first_median} in the first "
            f"{unit} with ratings ({esc(span_text(first.first, first.last))}), "
            f"{rating_text(getattr(last, what).before)} in the last "
            f"({esc(span_text(last.first, last.last))}).</li>"
        )
    if ratings.rated_both:
        share = ratings.went_down / ratings.rated_both
        yield (
            f"<li>{noun} was lower after practising than before in {ratings.went_down:,} "
            f"of {plural(ratings.rated_both, 'practice')} rated both times ({share:.0%}); "
            f"the same in {ratings.same:,}, higher in {ratings.went_up:,}.</li>"
        )


def _figure(chart: Chart) -> str:
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in chart.columns)
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{esc(cell)}</td>' if i else f"<td>{esc(cell)}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in chart.rows
    )
    wide = ' class="wide"' if chart.wide else ""
    return (
        f'<figure{wide} id="chart-{chart.key}"><h3>{esc(chart.title)}</h3>{chart.svg}'
        f"<details><summary>The numbers of “{esc(chart.title)}”</summary>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></details>"
        "</figure>"
    )


def _course(report: Report) -> Iterable[str]:
    if not report.course_rows:
        return
    title = esc(report.course_title or "The course")
    yield f'<section class="course"><h2>{title}, week by week</h2>'
    calendars = report.choice.with_calendars
    yield (
        "<table><thead><tr><th>Week</th><th>Dates</th><th>Days practised</th>"
        "<th>Practices</th><th>Minutes</th>"
        + ("<th>Calendar entries</th>" if calendars else "")
        + "</tr></thead><tbody>"
    )
    for row in report.course_rows:
        again = " (again)" if row.attempt > 1 else ""
        now = " (this week)" if row.current else ""
        current = ' class="current"' if row.current else ""
        yield (
            f"<tr{current}><td>Week {row.week}{again}: {esc(row.title)}{now}</td>"
            f'<td class="dates">{esc(span_text(row.first, row.last))}</td>'
            f'<td class="n">{row.days} of 7</td><td class="n">{row.sessions:,}</td>'
            f'<td class="n">{esc(minutes_text(row.minutes))}</td>'
            + (f'<td class="n">{row.calendar_entries}</td>' if calendars else "")
            + "</tr>"
        )
    yield "</tbody></table></section>"


def _notes(report: Report) -> Iterable[str]:
    if report.notes is None:
        return
    shown = len(report.notes)
    some = f" (the latest {shown} of {report.notes_total:,})" if report.notes_total > shown else ""
    yield f'<section class="notes"><h2>Notes after practice{some}</h2>'
    if not report.notes:
        yield "<p>No notes were written in this period.</p></section>"
        return
    yield "<ul>"
    for note in report.notes:
        yield (
            f"<li><strong>{esc(day_text(note.day))}, {esc(note.title)}:</strong> "
            f'<span class="note">{esc_lines(note.text)}</span></li>'
        )
    yield "</ul></section>"


def _calendar(report: Report) -> Iterable[str]:
    if report.calendar is None:
        return
    shown = len(report.calendar)
    some = (
        f" (the latest {shown} of {report.calendar_total:,})"
        if report.calendar_total > shown
        else ""
    )
    yield f'<section class="calendar"><h2>Calendar entries{some}</h2>'
    if not report.calendar:
        yield "<p>No calendar entries were written in this period.</p></section>"
        return
    for written in report.calendar:
        yield f'<h3>{esc(day_text(written.day))}: {esc(written.title)}</h3><dl class="answers">'
        for question, answer in written.answers:
            yield f"<dt>{esc(question)}</dt><dd>{esc_lines(answer)}</dd>"
        yield "</dl>"
    yield "</section>"


def left_out(report: Report) -> list[str]:
    """What the page leaves out, in words (the page says it)."""
    missing = []
    if report.notes is None:
        missing.append("the notes written after practices (--with-notes adds them)")
    elif report.notes_total > len(report.notes):
        missing.append(f"notes older than the latest {MAX_ITEMS}")
    if report.calendar is None:
        missing.append("the course's calendar entries (--with-calendars adds them)")
    elif report.calendar_total > len(report.calendar):
        missing.append(f"calendar entries older than the latest {MAX_ITEMS}")
    if not report.name:
        missing.append("a name (the settings' shared name, with --name)")
    missing.append(
        "anything else from the computer it was made on: no file or folder names, no user name"
    )
    return missing


def _footer(report: Report) -> Iterable[str]:
    yield f'<footer><p class="care"><strong>{esc(CARE_NOTE)}</strong></p>'
    yield f"<p>This page leaves out {esc('; '.join(left_out(report)))}.</p>"
    yield "<p>Made with mbsr-tui, from the person's own practice journal.</p></footer>"
