"""A new week: a short look back at the week that ended, one optional line of
reflection, and the choice to go on or to repeat the week (the course then moves on by
seven days). Nothing here counts against anyone: a missed day is a day to begin again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from mbsr_tui.core.course_plan import WeekReview, minutes_text
from mbsr_tui.core.journal.calendar_entry import ANSWER_LIMIT
from mbsr_tui.core.progress import HOME_PRACTICE_DAYS
from mbsr_tui.core.safe_text import visible, visible_lines
from mbsr_tui.core.words import plural

if TYPE_CHECKING:
    from mbsr_tui.ui.course_companion import CourseView


SMALL_HEIGHT = 20


@dataclass(frozen=True)
class ReviewAnswer:
    repeat: bool
    reflection: str


def _average(before: float | None, after: float | None) -> str:
    if before is None and after is None:
        return "not rated"
    shown = ["–" if v is None else f"{v:.1f}" for v in (before, after)]
    return f"{shown[0]} → {shown[1]}"


def review_lines(review: WeekReview) -> str:
    """The week in a few plain lines."""
    sessions = plural(review.sessions, "session")
    entries = review.calendar_entries
    lines = [
        f"{review.first_day:%a} {review.first_day.day} {review.first_day:%b} – "
        f"{review.last_day:%a} {review.last_day.day} {review.last_day:%b}",
        "",
        f"Practice days          {review.days_practised} of {HOME_PRACTICE_DAYS}",
        f"Time practised         {minutes_text(review.minutes)} ({sessions})",
        f"Pain before → after    {_average(review.pain_before, review.pain_after)}",
        f"Stress before → after  {_average(review.stress_before, review.stress_after)}",
        f"Calendar entries       {entries}",
        "",
    ]
    if review.days_practised >= HOME_PRACTICE_DAYS:
        lines.append("You came back to practice day after day. That is the whole of it.")
    elif review.days_practised:
        lines.append("Every day you practised counts. The new week begins fresh.")
    else:
        lines.append("Weeks like this happen to everyone. Today is a good day to begin again.")
    return "\n".join(lines)


class WeekReviewScreen(Screen[ReviewAnswer | None]):
    CSS_PATH = "../course.tcss"
    BINDINGS = [
        Binding("escape", "go_on", "Go on"),
        Binding("enter", "go_on", "Go on", show=False),  # when the input or a button has not
    ]

    def __init__(self, view: CourseView) -> None:
        super().__init__()
        assert view.review is not None
        self.view = view
        self.review = view.review

    def compose(self) -> ComposeResult:
        review = self.review
        again = f" (again, time {review.attempt})" if review.attempt > 1 else ""
        yield Static("mbsr-tui · the week that ended", id="review-title")
        with VerticalScroll(id="review-body"):
            yield Static(f"Week {review.week}{again} · {visible(review.title)}", id="review-week",
                         markup=False)  # fmt: skip
            yield Static(visible_lines(review_lines(review)), id="review-facts", markup=False)
            yield Static("One line about the week, if you like (kept in your journal):",
                         classes="calendar-question")  # fmt: skip
            yield Input(
                id="review-reflection", max_length=ANSWER_LIMIT,
                placeholder="optional: what you noticed, what helped",
            )  # fmt: skip
            with Horizontal(id="review-buttons"):
                yield Button(self._go_on_label(), id="go-on", variant="primary")
                yield Button(f"Repeat week {review.week}", id="repeat")
        yield Static(
            "Enter: go on · Tab: the buttons · repeating moves the course on 7 days",
            id="review-keys",
        )

    def _go_on_label(self) -> str:
        following = self.view.next_week
        if following is None:
            return "Finish the course"
        return f"On to week {following.number}"

    def on_mount(self) -> None:
        # On a small screen the week itself comes first; Tab reaches the line and buttons.
        small = self.app.size.height < SMALL_HEIGHT
        self.query_one("#review-body" if small else "#review-reflection").focus()

    def _answer(self, repeat: bool) -> None:
        text = self.query_one(Input).value
        self.dismiss(ReviewAnswer(repeat=repeat, reflection=text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._answer(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._answer(event.button.id == "repeat")

    def action_go_on(self) -> None:
        self._answer(False)
