"""The app's words in context (issue 20, part 5): a count agrees with its number, the
course-start dialog warns of a course under way only when there is one and writes its
command plainly, and the open sit says once how to finish."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from mbsr_tui.core.course_calendar import CourseState
from mbsr_tui.core.course_state import save_state
from mbsr_tui.core.timer import TimerShape, timer_session
from mbsr_tui.ui import course_flow
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.screens.confirm import ConfirmScreen
from mbsr_tui.ui.screens.course_progress import CourseProgressScreen
from tests.ui.test_course import QUIET, companion, practised, settle

UNDER_WAY = "The course already under way begins again at week 1."


def shown(screen) -> str:
    return "\n".join(str(static.render()) for static in screen.query(Static))


async def start_dialog(app, pilot) -> str:
    course_flow.start_course(app)  # as the command palette's "Start the 8-week course"
    await pilot.pause()
    assert isinstance(app.screen, ConfirmScreen)
    return shown(app.screen)


async def test_the_start_dialog_warns_of_a_course_under_way_only_when_there_is_one(make_app):
    app = make_app(settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = await start_dialog(app, pilot)
        assert "already under way" not in text
        assert "The command mbsr-tui course stop ends the course" in text
        assert "`" not in text
    save_state(CourseState(date(2025, 2, 24), reviewed=2))  # week 3, day 2
    app = make_app(settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert UNDER_WAY in await start_dialog(app, pilot)


async def test_one_practice_day_is_said_in_the_singular(make_app):
    save_state(CourseState(date(2025, 3, 3), reviewed=1))  # week 2, day 2 on Tuesday 11 March
    app = make_app(settings=QUIET, course=companion())
    app.journal.entries += [practised(date(2025, 3, 4))]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, CourseProgressScreen)
        words = str(app.screen.query_one("#progress-message").render())
        assert "1 practice day so far." in words and "1 practice days" not in words


async def test_the_open_sit_says_how_to_finish_once(make_app, clock):
    app = make_app(Launch(checkins=False))
    async with app.run_test(size=(100, 40)) as pilot:
        sit = timer_session(TimerShape(None))
        app.launch.session = sit
        app.begin(sit)
        await pilot.pause()
        player = app.screen
        clock.advance(5)
        player.tick()
        await pilot.pause()
        assert shown(player).count("ready to finish") == 1
