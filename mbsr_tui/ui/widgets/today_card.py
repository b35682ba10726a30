"""The Today card at the top of the menu: where the person is in the 8-week course.

Worked out after the menu's first frame (a worker's `TodayLooked`); the app hands the
view to `place_today_card`, which mounts the card above the practice list or updates
it. The card only draws what it is given and says what the person chose with a
`TodayCard.Chosen` message (the app acts on it): Enter starts today's practice (or the
course), w writes the week's calendar entry, t shows the week's plan, p the progress.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from mbsr_tui.core.safe_text import visible
from mbsr_tui.core.words import plural

if TYPE_CHECKING:
    from textual.screen import Screen

    from mbsr_tui.ui.course_companion import CourseView

COMPACT_HEIGHT = 16  # below this many rows the card keeps to two lines, without a border

CALENDAR_WORDS = {
    "pleasant": "a pleasant event",
    "unpleasant": "an unpleasant event",
    "communication": "a difficult communication",
}


def card_lines(view: CourseView, *, compact: bool = False) -> list[Content]:
    """The card's lines: plain text from the course file, never markup."""
    from mbsr_tui.core.course_plan import minutes_text, practice_text
    from mbsr_tui.core.progress import HOME_PRACTICE_DAYS

    plan = view.plan
    if plan is None:
        why = view.problem or "it could not be read"
        return [Content.assemble(("The 8-week course", "bold"), f" is unavailable: {visible(why)}")]
    if plan.status in ("none", "stopped"):
        lines = [Content.assemble(("Start the 8-week course", "bold $accent"), ("  Enter", "dim"))]
        if not compact:
            lines.append(Content.styled("Eight weeks of home practice, a little each day.", "dim"))
        return lines
    pos = plan.position
    if plan.status == "upcoming" and pos is not None:
        wait = -pos.days_in
        when = f"{pos.week_starts:%A} {pos.week_starts.day} {pos.week_starts:%B}"
        if pos.week_starts.year != pos.today.year:
            when += f" {pos.week_starts.year}"
        return [Content(f"The 8-week course begins on {when} (in {plural(wait, 'day')}).")]
    if plan.status == "running" and pos is not None:
        again = " (again)" if pos.attempt > 1 else ""
        head = f"Week {pos.week}{again} · day {pos.day}"
        first = Content.assemble((head, "bold $accent"), " · ", (visible(plan.title), "bold"))
    else:  # complete
        first = Content.assemble(("The course is complete", "bold $accent"), " · ",
                                 "a daily practice of your own carries it on")  # fmt: skip
    # The day's main practice; any other is in the week's plan (t).
    practices = visible(practice_text(plan.practices[0])) if plan.practices else ""
    if plan.practised_today:
        second = Content.assemble(f"Practised today ({minutes_text(plan.minutes_today)}). "
                                  "Thank you.", ("  Enter: practise again", "dim"))  # fmt: skip
    else:
        second = Content.assemble("Today: ", (practices, "bold"), ("  Enter: start", "dim"))
    if compact:
        return [first, second]
    lines = [first, second]
    if plan.informal:
        lines.append(Content(f"Also: {visible(plan.informal[0])}"))
    rhythm = f"{plan.days_practised} of {HOME_PRACTICE_DAYS} practice days this week"
    if plan.status == "running" and pos is not None:
        missed = pos.day - 1 - plan.days_practised + (1 if plan.practised_today else 0)
        if missed > 0 and not plan.practised_today:
            rhythm += " · any day is a good day to begin again"
    lines.append(Content(rhythm))
    return lines


def card_keys(view: CourseView) -> str:
    """The card's own keys, for its bottom border ("" where it has none to offer)."""
    plan = view.plan
    if plan is None or plan.status not in ("running", "complete"):
        return ""
    written = plan.calendar in CALENDAR_WORDS and plan.calendar in view.calendar_today
    keys = ["w: write ✓" if written else "w: write", "t: the week", "p: progress"]
    if plan.status != "running":
        keys.remove("t: the week")
    return " · ".join(keys)


class TodayCard(Static, can_focus=True):
    DEFAULT_CSS = """
    TodayCard {
        height: auto;
        padding: 0 1;
        border-subtitle-color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        border: round $panel-lighten-1;
        border-title-color: $accent;
    }
    TodayCard:focus {
        border: round $accent;
    }
    TodayCard.-compact {
        border: none;
        background: $panel;
    }
    """

    BINDINGS = [
        Binding("enter", "choose('start')", "Start", show=False),
        Binding("w", "choose('write')", "Write", show=False),
        Binding("t", "choose('week')", "The week", show=False),
        Binding("p", "choose('progress')", "Progress", show=False),
        Binding("down", "app.focus_next", "Down", show=False),
    ]

    @dataclass
    class Chosen(Message):
        """The person chose something on the card: start | write | week | progress."""

        action: str
        view: CourseView

    def __init__(self, view: CourseView, *, take_focus: bool = False, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.view = view
        self.take_focus = take_focus

    def on_mount(self) -> None:
        self.border_title = "Today"
        self.show(self.view)
        if self.take_focus:  # once laid out: a widget without a size cannot take it
            self.call_after_refresh(self.focus)

    def on_resize(self) -> None:
        compact = self.app.size.height < COMPACT_HEIGHT
        if compact != self.has_class("-compact"):
            self.set_class(compact, "-compact")
            self.show(self.view)

    def show(self, view: CourseView) -> None:
        self.view = view
        compact = self.app.size.height < COMPACT_HEIGHT
        self.set_class(compact, "-compact")
        self.border_subtitle = card_keys(view)
        self.update(Content("\n").join(card_lines(view, compact=compact)))

    def action_choose(self, action: str) -> None:
        plan = self.view.plan
        if plan is None or (plan.status in ("none", "stopped", "upcoming") and action != "start"):
            return
        self.post_message(self.Chosen(action, self.view))


def place_today_card(screen: Screen, view: CourseView, *, before: str = "#menu-body") -> None:
    """Show `view` at the top of the menu: mount the card the first time (and give it
    the focus, as the day's first choice), else update it in place."""
    if view.plan is None and view.problem is None:
        return
    found = list(screen.query(TodayCard))
    if found:
        found[0].show(view)
        return
    card = TodayCard(view, id="today-card", take_focus=_untouched(screen))
    screen.mount(card, before=before)


def _untouched(screen: Screen) -> bool:
    """Whether the person has yet to move in the menu: the card arrives a moment after
    the first frame, and must not take Enter from a practice they have already chosen."""
    from textual.widgets import OptionList

    lists = list(screen.query("#practices").results(OptionList))
    if not lists:  # the list joins the menu a frame after its first: not yet touched
        return screen.focused is None
    if screen.focused not in (None, lists[0]):
        return False
    practices = lists[0]
    first = next((i for i in range(practices.option_count)
                  if not practices.get_option_at_index(i).disabled), None)  # fmt: skip
    return practices.highlighted in (None, first)
