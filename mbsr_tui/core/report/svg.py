"""The report's charts as inline SVG, drawn by our own code from a `Report`.

Each chart is a `Chart`: a title and a description (the SVG's <title> and <desc>, and the
words a screen reader gives), the drawing, and a small table of the same numbers for the
page's <details>. Shapes, patterns and labels carry the meaning, never colour alone, so a
black-and-white print reads the same. Sizes are bounded whatever the journal holds: at
most `MAX_POINTS` check-ins are drawn one by one, the rest as weekly medians.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mbsr_tui.core.report.document import MONTH, WEEK, Bin, Ratings, Report
from mbsr_tui.core.report.markup import (
    day_text,
    esc,
    minutes_text,
    rating_text,
    span_text,
)
from mbsr_tui.core.words import plural

MAX_POINTS = 400  # check-ins drawn one by one; beyond, only the medians
WIDE, NARROW = 640, 400
INK, MUTED, ACCENT = "#1a1a1a", "#6b6b6b", "#2f6f6f"
HEAT = ("#ffffff", "#d5e6e6", "#8fbcbc", "#3f7f7f", "#163d3d")  # light to dark
HEAT_LABELS = ("none", "1–9", "10–29", "30–44", "45+ minutes")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Chart:
    key: str  # a short id, unique on the page
    title: str
    desc: str
    svg: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    wide: bool = True


def _n(value: float) -> str:
    """A coordinate, short: 12, 12.5."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(chart_key: str, width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_key}-t {chart_key}-d" class="chart" '
        f'font-family="sans-serif" font-size="11" fill="{INK}">'
        f'<title id="{chart_key}-t">{esc(title)}</title><desc id="{chart_key}-d">{esc(desc)}</desc>'
    )
    return head + "".join(body) + "</svg>"


def _text(x: float, y: float, words: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{extra}>{esc(words)}</text>'


def _nice_top(value: float) -> float:
    """The top of the minutes axis: a round number whose quarters are round too."""
    for top in (20, 40, 60, 80, 120, 160, 200, 300, 400, 600, 800, 1200, 1600, 2000, 3000):
        if value <= top:
            return top
    return (int(value) // 2000 + 1) * 2000


def _bin_label(b: Bin, unit: str) -> str:
    if unit == WEEK:
        return span_text(b.first, b.last)
    return f"{b.first:%b %Y}" if unit == MONTH else str(b.first.year)


def _axis_label(b: Bin, unit: str) -> str:
    if unit == WEEK:
        return f"{b.first.day} {b.first:%b}"
    return f"{b.first:%b %y}" if unit == MONTH else str(b.first.year)


def _every(count: int, room: int) -> int:
    """Label every n-th of `count` places so that at most `room` labels are drawn."""
    return max(1, -(-count // room))


# -- practice minutes ----------------------------------------------------------------------


def minutes_chart(report: Report) -> Chart:
    unit, bins = report.unit, report.bins
    left, right, top, bottom, height = 46, 8, 14, 40, 200
    plot_w, plot_h = WIDE - left - right, height - top - bottom
    peak = _nice_top(max((b.minutes for b in bins), default=0))
    step = plot_w / max(1, len(bins))
    body = [
        '<defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="5" height="5" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="5" stroke="{ACCENT}" stroke-width="3"/></pattern></defs>'
    ]
    for i in range(5):
        value = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        body.append(
            f'<line x1="{left}" y1="{_n(y)}" x2="{WIDE - right}" y2="{_n(y)}" '
            f'stroke="#cccccc" stroke-width="0.5"/>'
        )
        body.append(_text(left - 4, y + 4, f"{value:g}", "end"))
    body.append(
        _text(
            12,
            top + plot_h / 2,
            "minutes",
            "middle",
            f' transform="rotate(-90 12 {_n(top + plot_h / 2)})"',
        )
    )
    labelled = _every(len(bins), 8)
    for i, b in enumerate(bins):
        h = plot_h * b.minutes / peak
        x, w = left + i * step + step * 0.12, max(1.0, step * 0.76)
        fill = 'fill="url(#hatch)"' if b.course_week else f'fill="{ACCENT}"'
        if h > 0:
            body.append(
                f'<rect x="{_n(x)}" y="{_n(top + plot_h - h)}" width="{_n(w)}" '
                f'height="{_n(h)}" {fill} stroke="{ACCENT}" stroke-width="1"/>'
            )
        if b.course_week and step >= 16:
            body.append(
                _text(
                    x + w / 2,
                    top + plot_h + 12,
                    f"W{b.course_week}",
                    "middle",
                    ' font-weight="bold"',
                )
            )
        if i % labelled == 0:
            words = _axis_label(b, unit)
            body.append(_text(left + i * step, top + plot_h + 26, words, "start", ' fill="#444"'))
    body.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDE - right}" '
        f'y2="{top + plot_h}" stroke="{INK}"/>'
    )
    if any(b.course_week for b in bins):
        body.append(
            f'<rect x="{WIDE - 150}" y="2" width="10" height="10" fill="url(#hatch)" '
            f'stroke="{ACCENT}"/>' + _text(WIDE - 136, 11, "course week (W1–W8)")
        )
    title = f"Practice minutes per {unit}"
    course_words = (
        " Hatched bars, labelled W1 to W8, are the course's weeks."
        if any(b.course_week for b in bins)
        else ""
    )
    desc = (
        f"Bars: minutes practised in each {unit} of the period, from "
        f"{_bin_label(bins[0], unit) if bins else 'none'}; the tallest is "
        f"{minutes_text(max((b.minutes for b in bins), default=0))}.{course_words}"
    )
    rows = tuple(
        (
            _bin_label(b, unit),
            f"W{b.course_week}" if b.course_week else "",
            str(b.days),
            str(b.sessions),
            f"{round(b.minutes):,}",
        )
        for b in bins
    )
    columns = (unit.capitalize(), "Course week", "Days practised", "Practices", "Minutes")
    return Chart(
        "minutes", title, desc, _svg("minutes", WIDE, height, title, desc, body), columns, rows
    )


# -- pain and stress -----------------------------------------------------------------------


def ratings_chart(report: Report, what: str) -> Chart:
    """Pain (or stress) before and after each practice, and the medians of each block."""
    ratings: Ratings = getattr(report, what)
    bins, unit = report.bins, report.unit
    left, right, top, bottom, height = 28, 8, 10, 46, 210
    plot_w, plot_h = NARROW - left - right, height - top - bottom
    period = report.period
    first = period.first if period else date.today()
    span = max(1, period.days if period else 1)

    def x_of(day: date) -> float:
        return left + plot_w * (((day - first).days + 0.5) / span)

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * value / 10

    body = []
    for value in (0, 5, 10):
        body.append(
            f'<line x1="{left}" y1="{_n(y_of(value))}" x2="{NARROW - right}" '
            f'y2="{_n(y_of(value))}" stroke="#cccccc" stroke-width="0.5"/>'
        )
        body.append(_text(left - 4, y_of(value) + 4, str(value), "end"))
    drawn = len(ratings.points) <= MAX_POINTS
    if drawn:
        seen: set[tuple[str, float, int]] = set()
        for point in ratings.points:
            x = round(x_of(point.day), 1)
            for kind, value in (("b", point.before), ("a", point.after)):
                if value is None or (kind, x, value) in seen:
                    continue
                seen.add((kind, x, value))
                if kind == "b":
                    body.append(
                        f'<circle cx="{_n(x - 1.5)}" cy="{_n(y_of(value))}" r="3" '
                        f'fill="none" stroke="{INK}"/>'
                    )
                else:
                    body.append(
                        f'<rect x="{_n(x)}" y="{_n(y_of(value) - 2)}" width="4" '
                        f'height="4" fill="{ACCENT}"/>'
                    )
    for side, dash in (("before", ' stroke-dasharray="5 3"'), ("after", "")):
        medians = [
            (b.first + (b.last - b.first) / 2, getattr(getattr(b, what), side)) for b in bins
        ]
        line = [f"{_n(x_of(d))},{_n(y_of(v))}" for d, v in medians if v is not None]
        colour = INK if side == "before" else ACCENT
        if len(line) > 1:
            body.append(
                f'<polyline points="{" ".join(line)}" fill="none" stroke="{colour}" '
                f'stroke-width="1.6"{dash}/>'
            )
    body.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{NARROW - right}" '
        f'y2="{top + plot_h}" stroke="{INK}"/>'
    )
    if period is not None:
        body.append(_text(left, top + plot_h + 13, day_text(period.first)))
        body.append(_text(NARROW - right, top + plot_h + 13, day_text(period.last), "end"))
    y = height - 10
    body.append(
        f'<circle cx="{left + 4}" cy="{y - 4}" r="3" fill="none" stroke="{INK}"/>'
        + _text(left + 10, y, "before")
    )
    body.append(
        f'<rect x="{left + 58}" y="{y - 6}" width="4" height="4" fill="{ACCENT}"/>'
        + _text(left + 66, y, "after")
    )
    body.append(
        f'<line x1="{left + 104}" y1="{y - 4}" x2="{left + 124}" y2="{y - 4}" '
        f'stroke="{INK}" stroke-width="1.6" stroke-dasharray="5 3"/>'
        + _text(left + 128, y, f"median before ({unit})")
    )
    body.append(
        f'<line x1="{left + 250}" y1="{y - 4}" x2="{left + 270}" y2="{y - 4}" '
        f'stroke="{ACCENT}" stroke-width="1.6"/>' + _text(left + 274, y, "after")
    )
    noun = "Pain" if what == "pain" else "Stress"
    title = f"{noun} before and after practice"
    shown = (
        "Circles: the rating (0 to 10) before each practice; squares: after it. "
        if drawn
        else f"There are more than {MAX_POINTS} rated practices, so only the medians are drawn. "
    )
    share = ratings.share_down
    counted = (
        f" It was lower after practising in {ratings.went_down} of {ratings.rated_both} "
        f"practices rated both times ({share:.0%})."
        if share is not None
        else " No practice was rated both before and after."
    )
    desc = (
        f"{shown}Dashed line: the median before, solid line: the median after, each "
        f"{unit}.{counted}"
    )
    rows = tuple(
        (
            _bin_label(b, unit),
            rating_text(getattr(b, what).before),
            rating_text(getattr(b, what).after),
        )
        for b in bins
        if getattr(b, what).before is not None or getattr(b, what).after is not None
    )
    columns = (unit.capitalize(), "Median before", "Median after")
    return Chart(
        what, title, desc, _svg(what, NARROW, height, title, desc, body), columns, rows, wide=False
    )


# -- the days practised, as a calendar -----------------------------------------------------


def _level(minutes: float) -> int:
    if minutes <= 0:
        return 0
    return 1 if minutes < 10 else 2 if minutes < 30 else 3 if minutes < 45 else 4


def heatmap_chart(report: Report) -> Chart:
    days = report.heatmap
    weeks = len(days) // 7
    wide = weeks > 24
    width = WIDE if wide else NARROW
    left, top = 34, 18
    cell = min(24.0, (width - left - 8) / max(1, weeks))
    body = []
    anchor = days[0][0].weekday() if days else 0
    for row in range(0, 7, 2):
        body.append(
            _text(
                left - 4,
                top + row * cell + cell * 0.75,
                WEEKDAYS[(anchor + row) % 7],
                "end",
                ' font-size="9"',
            )
        )
    month, labelled_at = None, -9
    for column in range(weeks):
        first_day = days[column * 7][0]
        if first_day.month != month and column - labelled_at >= 3:  # labels never overlap
            month, labelled_at = first_day.month, column
            body.append(_text(left + column * cell, top - 5, f"{first_day:%b}", "start",
                              ' font-size="9"'))  # fmt: skip
        for row in range(7):
            _, minutes = days[column * 7 + row]
            if minutes is None:
                continue
            x, y = left + column * cell, top + row * cell
            level = _level(minutes)
            body.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(cell - 2)}" '
                f'height="{_n(cell - 2)}" fill="{HEAT[level]}" stroke="#999999" '
                'stroke-width="0.5"/>'
            )
    y = top + 7 * cell + 14
    x = left
    for level, words in enumerate(HEAT_LABELS):
        body.append(
            f'<rect x="{_n(x)}" y="{_n(y - 9)}" width="10" height="10" '
            f'fill="{HEAT[level]}" stroke="#999999"/>' + _text(x + 13, y, words)
        )
        x += 20 + 6 * len(words)
    height = round(y + 8)
    title = "Days practised"
    period = report.period
    shown = span_text(days[0][0], days[-1][0]) if days else "no days"
    desc = (
        f"A calendar of {shown}, one square a day, one column a week; the darker the "
        f"square, the more minutes practised that day ({plural(report.days_practised, 'day')} "
        f"practised in the period{'' if not period else ' of ' + f'{period.days:,}'})."
    )
    if period is not None and days and days[0][0] > period.first:
        desc += " Only the period's last year is shown."
    rows = tuple(
        (
            span_text(days[c * 7][0], days[c * 7 + 6][0]),
            *("" if m is None else f"{round(m)}" for _, m in days[c * 7 : c * 7 + 7]),
        )
        for c in range(weeks)
    )
    columns = ("Week", *(WEEKDAYS[(anchor + i) % 7] for i in range(7)))
    return Chart(
        "days",
        title,
        desc,
        _svg("days", width, height, title, desc, body),
        columns,
        rows,
        wide=wide,
    )


# -- which practices -----------------------------------------------------------------------


def practices_chart(report: Report, *, wide: bool) -> Chart:
    practices = report.practices
    width = WIDE if wide else NARROW
    label_w, row_h, top = (200 if wide else 130), 22, 6
    room = width - label_w - 150
    peak = max((p.minutes for p in practices), default=0) or 1
    body = []
    for i, p in enumerate(practices):
        y = top + i * row_h
        name = p.title if len(p.title) <= 30 else p.title[:29] + "…"
        body.append(_text(label_w - 6, y + 14, name, "end"))
        w = max(1.0, room * p.minutes / peak)
        body.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{_n(w)}" height="13" fill="{ACCENT}"/>'
        )
        times = "1 time" if p.sessions == 1 else f"{p.sessions:,} times"
        body.append(_text(label_w + w + 5, y + 14, f"{minutes_text(p.minutes)} · {times}"))
    height = top + max(1, len(practices)) * row_h + 4
    title = "Practices and their minutes"
    listed = "; ".join(f"{p.title}: {minutes_text(p.minutes)}" for p in practices[:3])
    desc = (
        f"Bars: minutes in all for each practice, most first. {listed}."
        if practices
        else "No practice in the period."
    )
    rows = tuple((p.title, f"{p.sessions:,}", f"{round(p.minutes):,}") for p in practices)
    return Chart(
        "practices",
        title,
        desc,
        _svg("practices", width, height, title, desc, body),
        ("Practice", "Times", "Minutes"),
        rows,
        wide=wide,
    )


def charts(report: Report) -> tuple[Chart, ...]:
    """Every chart of the page, in order (none for an empty period)."""
    if report.period is None or not report.bins:
        return ()
    days = heatmap_chart(report)
    return (
        minutes_chart(report),
        ratings_chart(report, "pain"),
        ratings_chart(report, "stress"),
        days,
        practices_chart(report, wide=days.wide),
    )
