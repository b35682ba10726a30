"""The 8-week course in the app (issue 8): the Today card, starting the course, today's
practice logged, a new week's review (going on or repeating), the calendar forms, the
course's progress. "Today" is frozen: the course companion gets a fixed clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from textual.widgets import Button

from mbsr_tui.core.course_calendar import CourseState
from mbsr_tui.core.course_state import load_state, save_state
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.course_companion import CourseCompanion
from mbsr_tui.ui.screens.calendar_form import CalendarChoiceScreen, CalendarFormScreen
from mbsr_tui.ui.screens.caution import CautionScreen
from mbsr_tui.ui.screens.closing import ClosingScreen
from mbsr_tui.ui.screens.confirm import ConfirmScreen
from mbsr_tui.ui.screens.course_length import CourseLengthScreen
from mbsr_tui.ui.screens.course_progress import CourseProgressScreen
from mbsr_tui.ui.screens.course_week import WeekPlanScreen
from mbsr_tui.ui.screens.menu import MenuScreen
from mbsr_tui.ui.screens.player import PlayerScreen
from mbsr_tui.ui.screens.week_review import WeekReviewScreen
from mbsr_tui.ui.widgets.today_card import TodayCard

NOW = datetime(2025, 3, 11, 10, 0, tzinfo=UTC)  # a Tuesday
QUIET = Settings(seen_care_note=True, checkins=False)


def companion() -> CourseCompanion:
    return CourseCompanion(now=lambda: NOW, tz=UTC)


def practised(day: date, minutes: int = 20, pain: tuple[int, int] | None = (5, 4)) -> Entry:
    start = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
    before, after = pain if pain else (None, None)
    return Entry("body-scan", "Body scan", "body-scan", start, 0,
                 start + timedelta(minutes=minutes), minutes * 60, minutes * 60, True,
                 before, after)  # fmt: skip


async def settle(pilot) -> None:
    """Let the course worker finish and its message land."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def card_text(app) -> str:
    return str(app.screen.query_one(TodayCard).render())


async def test_the_today_card_shows_the_week_the_day_and_the_practice_days(make_app):
    save_state(CourseState(date(2025, 2, 24), reviewed=2))  # Tuesday 11 March: week 3, day 2
    app = make_app(settings=QUIET, course=companion())
    app.journal.entries += [practised(date(2025, 3, 10)), practised(date(2025, 3, 3))]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = card_text(app)
        assert "Week 3 · day 2 · The pleasure and power of being present" in text
        assert "Today: Mindful movement 30 min (or 15 min)" in text
        assert "1 of 6 practice days this week" in text
        assert "Also: Notice one unpleasant moment" in text
        assert app.focused is app.screen.query_one(TodayCard)


async def test_start_the_course_from_the_menu(make_app):
    app = make_app(settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Start the 8-week course" in card_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert load_state() == CourseState(date(2025, 3, 11))
        assert isinstance(app.screen, WeekPlanScreen)  # the first week's theme and plan
        await pilot.press("escape")
        assert isinstance(app.screen, MenuScreen)
        await settle(pilot)
        assert "Week 1 · day 1" in card_text(app)


async def test_today_starts_the_suggested_practice_at_the_shorter_length_and_logs_it(
    make_app, clock
):
    # The practice is logged at the real time: here the course's day is the real one.
    today = (datetime.now(UTC) - timedelta(hours=4)).date()
    save_state(CourseState(today - timedelta(days=15), reviewed=2))  # week 3, day 2
    app = make_app(settings=QUIET, course=CourseCompanion(tz=UTC))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, CourseLengthScreen)
        await pilot.press("down", "enter")  # the kinder length
        await pilot.pause()
        if isinstance(app.screen, CautionScreen):
            await pilot.press("y")
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.session.id == "mindful-movement"
        assert player.timeline.length == 15 * 60
        clock.advance(15 * 60 + 60)
        player.tick()
        await pilot.pause()
        await settle(pilot)
        assert isinstance(app.screen, ClosingScreen)
        (entry,) = app.journal.entries
        assert entry.session_id == "mindful-movement" and entry.completed
        await pilot.press("enter")
        await settle(pilot)
        assert "Practised today" in card_text(app)


async def test_a_new_week_is_reviewed_and_can_be_repeated(make_app):
    save_state(CourseState(date(2025, 2, 24), reviewed=1))  # week 2's review is due
    app = make_app(settings=QUIET, course=companion())
    app.journal.entries += [practised(date(2025, 3, d)) for d in (3, 4, 6, 8)]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        review = app.screen
        assert isinstance(review, WeekReviewScreen)
        facts = str(review.query_one("#review-facts").render())
        assert "Practice days          4 of 6" in facts
        assert "Pain before → after    5.0 → 4.0" in facts
        await pilot.press(*"Slower than I hoped")
        await pilot.click("#repeat")
        await settle(pilot)
        assert isinstance(app.screen, WeekPlanScreen)
        assert app.screen.week.number == 2
        state = load_state()
        assert state.repeats == (2,) and state.reviewed == 2
        (reflection,) = app.journal.calendar
        assert reflection.kind == "reflection"
        assert reflection.answer("reflection") == "Slower than I hoped"
        await pilot.press("escape")
        await settle(pilot)
        assert "Week 2 (again) · day 2" in card_text(app)
        assert not isinstance(app.screen, WeekReviewScreen)  # seen once


async def test_each_kind_of_calendar_entry_is_written_from_the_palette_card_and_history(make_app):
    save_state(CourseState(date(2025, 2, 24), reviewed=2))
    app = make_app(settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # From the Today card: the week's own calendar (unpleasant events in week 3).
        await pilot.press("w")
        form = app.screen
        assert isinstance(form, CalendarFormScreen) and form.kind == "unpleasant"
        await pilot.press(*"A flare-up at the desk")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
        assert "w: write ✓" in app.screen.query_one(TodayCard).border_subtitle
        # From the command palette.
        app.write_calendar("pleasant")  # what the palette's command calls
        await pilot.pause()
        await pilot.press(*"Tea", "tab", "tab", *"Warm hands")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # From the history screen: a choice of the three kinds.
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("w")
        assert isinstance(app.screen, CalendarChoiceScreen)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.screen.kind == "communication"
        await pilot.press(*"Call with my sister")
        await pilot.press("ctrl+s")
        await pilot.pause()
    kinds = [c.kind for c in app.journal.calendar]
    assert kinds == ["unpleasant", "pleasant", "communication"]
    assert app.journal.calendar[1].answer("body") == "Warm hands"


async def test_the_palette_offers_the_course_commands(make_app):
    app = make_app(settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        wanted = {"Write a pleasant event", "Write an unpleasant event",
                  "Write a difficult communication", "The 8-week course: progress"}  # fmt: skip
        assert wanted <= set(titles)
        await pilot.pause()


async def test_an_empty_form_is_not_saved_and_says_why(make_app):
    app = make_app(settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        app.write_calendar("pleasant")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CalendarFormScreen)
        assert "Write a few words" in str(app.screen.query_one("#calendar-message").render())
        assert app.journal.calendar == []


async def test_the_course_progress_has_eight_rows_with_this_week_marked(make_app):
    save_state(CourseState(date(2025, 2, 24), reviewed=2))
    app = make_app(settings=QUIET, course=companion())
    app.journal.entries += [practised(date(2025, 3, d)) for d in (3, 4, 10)]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, CourseProgressScreen)
        table = app.screen.query_one("#progress-weeks")
        assert table.row_count == 8
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(8)]
        assert rows[2][0] == "▸3" and rows[1][0] == " 2"
        assert rows[1][2] == "2/6" and rows[2][2] == "1/6"


async def test_after_week_eight_the_course_is_complete_with_its_summary(make_app):
    save_state(CourseState(date(2025, 1, 14), reviewed=7))  # 56 days ago: week 8 has ended
    app = make_app(settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WeekReviewScreen)
        assert str(app.screen.query_one("#go-on", Button).label) == "Finish the course"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CourseProgressScreen)
        assert "The course is complete" in str(app.screen.query_one("#progress-message").render())
        assert app.screen.query_one("#progress-weeks").row_count == 8
        await pilot.press("escape")
        await settle(pilot)
        assert "The course is complete" in card_text(app)
        assert "Today: Daily" in card_text(app) or "Today:" in card_text(app)


class Journal:
    """A history source with sessions and calendar entries."""

    def __init__(self, entries, calendar) -> None:
        self._entries, self._calendar = entries, calendar

    def entries(self):
        return list(self._entries)

    def calendar_entries(self, since=None):
        return list(self._calendar)


async def test_history_lists_calendar_entries_with_the_sessions_and_opens_them(make_app):
    from mbsr_tui.core.journal.calendar_entry import CalendarEntry
    from mbsr_tui.ui.screens.calendar_detail import CalendarDetailScreen
    from mbsr_tui.ui.screens.history import HistoryScreen

    written = CalendarEntry.written(
        "pleasant", {"experience": "Birdsong \x1b[31m", "body": "Soft jaw"},
        datetime(2025, 3, 10, 18, 0, tzinfo=UTC),
    )  # fmt: skip
    source = Journal([practised(date(2025, 3, 9)), practised(date(2025, 3, 11))], [written])
    app = make_app(settings=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(HistoryScreen(source, QUIET, now=NOW, tz=UTC))
        await settle(pilot)
        table = app.screen.query_one("#history-recent")
        titles = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert titles == ["Body scan", "Pleasant event", "Body scan"]
        await pilot.press("down", "enter")
        assert isinstance(app.screen, CalendarDetailScreen)
        shown = " ".join(str(s.render()) for s in app.screen.query(".calendar-answer"))
        assert "Birdsong [31m" in shown and "Soft jaw" in shown


async def test_an_answer_over_the_limit_is_named_and_not_saved(make_app):
    app = make_app(settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        app.write_calendar("communication")
        await pilot.pause()
        app.screen.query_one("#answer-felt").text = "x" * 4001
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = str(app.screen.query_one("#calendar-message").render())
        assert "How did you feel during it, and afterwards?" in said and "4,001" in said
        assert app.journal.calendar == []


async def test_history_shows_the_course_rows(make_app):
    save_state(CourseState(date(2025, 2, 24), reviewed=2))
    app = make_app(settings=QUIET, course=companion())
    app.journal.entries += [practised(date(2025, 3, d)) for d in (3, 10)]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CourseProgressScreen)
        table = app.screen.query_one("#progress-weeks")
        assert [str(table.get_row_at(i)[0]) for i in range(8)] == [
            " 1", " 2", "▸3", " 4", " 5", " 6", " 7", " 8"
        ]  # fmt: skip


async def test_the_command_palette_opens_a_calendar_form(make_app):
    app = make_app(settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"difficult communication")
        for _ in range(20):  # the palette searches in a worker
            await pilot.pause(0.05)
            if app.screen.query("CommandList Option, #--results Option"):
                break
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert isinstance(app.screen, CalendarFormScreen)
        assert app.screen.kind == "communication"
