"""No control or bidirectional character reaches the screen (issue 21, item 7).

A practice whose title, summary, caution, step titles and guidance hold bidirectional
controls (U+202E, U+2066-2069, U+200E/F) and C0/C1 controls (ESC, BEL, U+009B) is walked
through the app: the menu, the length question, the caution, the player getting ready
and under way, the closing screen; the history of a journal whose old rows hold them;
a room's waiting screen; the rooms list; the editor; a toast. On every screen, neither
the compositor's lines (what the terminal gets) nor any widget's text holds one; the
titles are shown with visible marks instead.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import tomli_w
from textual.widgets import DataTable, Input, OptionList, Static

from mbsr_tui.core import paths
from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.group.listing import look
from mbsr_tui.core.group.plan import GroupPlan
from mbsr_tui.core.group.rooms import Seat
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.journal.storage import Journal
from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.group_control import GroupControl
from mbsr_tui.ui.journal_keeper import JournalKeeper
from mbsr_tui.ui.screens.caution import CautionScreen
from mbsr_tui.ui.screens.closing import ClosingScreen
from mbsr_tui.ui.screens.editor import EditorScreen
from mbsr_tui.ui.screens.history import HistoryScreen
from mbsr_tui.ui.screens.length import LengthScreen
from mbsr_tui.ui.screens.menu import MenuScreen
from mbsr_tui.ui.screens.player import PlayerScreen
from mbsr_tui.ui.screens.rooms import RoomsScreen
from mbsr_tui.ui.screens.waiting import WaitingScreen
from tests.support.clock import FakeClock

BIDI = "\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u202a\u202b\u202c\u202d"
CONTROLS = "\x1b[31m\x07\x9b2J\x85\x7f"
# What must never be drawn: C0 (but for the layout's newline), DEL, C1, bidi controls.
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")
SETTINGS = Settings(seen_care_note=True, checkins=False)


def hostile_file() -> None:
    """A practice of the person's own with bidi controls in every text (a session file
    cannot hold C0/C1 controls: the loader refuses them)."""
    folder = paths.config_dir() / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    text = {
        "title": f"Calm{BIDI}gnp.exe",
        "summary": f"Sum{BIDI}mary",
        "kind": "body-scan",
        "posture": "sitting",
        "minutes": 2,
        "prepare_seconds": 5,
        "caution": f"Care{BIDI}ful",
        "confirm": True,
        "steps": [
            {"title": f"First{BIDI}step", "prompt": f"Guid{BIDI}ance", "seconds": 60,
             "pattern": {"inhale": 4.0, "exhale": 4.0}},
            {"title": f"Second{BIDI}step", "prompt": f"More{BIDI}", "seconds": 60},
        ],
    }  # fmt: skip
    (folder / "hostile.toml").write_text(tomli_w.dumps(text))


def with_controls(session):
    """The same practice with C0/C1 controls too, as a room or a future loader might
    hand it over: the screens must not rely on the loader."""
    mark = BIDI + CONTROLS
    steps = tuple(replace(s, title=s.title + mark, prompt=s.prompt + mark) for s in session.steps)
    return replace(session, title=session.title + mark, summary=session.summary + mark,
                   caution=session.caution + mark, steps=steps)  # fmt: skip


def widget_texts(app) -> list[str]:
    """The text of every widget of the screen that holds some, as it would draw it."""
    texts = []
    for widget in app.screen.query(Static):
        texts.append(str(widget.render()))
    for options in app.screen.query(OptionList):
        texts += [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    for table in app.screen.query(DataTable):
        texts += [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
    return texts


def assert_nothing_raw(app, where: str) -> None:
    screen = app.export_screenshot()  # the compositor's lines, as the terminal gets them
    assert not FORBIDDEN.findall(screen), (where, FORBIDDEN.findall(screen))
    for text in widget_texts(app):
        assert not FORBIDDEN.search(text), (where, text)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_hostile_practice_is_drawn_without_its_controls_on_every_screen(make_app, clock):
    hostile_file()
    app = make_app(Launch(checkins=False), settings=SETTINGS)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        menu = app.screen
        assert isinstance(menu, MenuScreen)
        options = menu.query_one(OptionList)
        index = next(
            i for i in range(options.option_count) if options.get_option_at_index(i).id == "hostile"
        )
        options.highlighted = index
        await pilot.pause()
        assert_nothing_raw(app, "menu")
        assert "Calm<U+202E><U+2066>" in "".join(widget_texts(app))  # marked, not dropped

        await pilot.press("enter")
        assert isinstance(app.screen, LengthScreen)
        assert_nothing_raw(app, "length")
        await pilot.press("enter")
        assert isinstance(app.screen, CautionScreen)
        assert_nothing_raw(app, "caution")
        await pilot.press("y")  # I have read this; start
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert_nothing_raw(app, "player getting ready")
        clock.advance(6)
        player.tick()
        await pilot.pause()
        assert_nothing_raw(app, "player, first step")
        assert "First<U+202E>" in str(player.query_one("#step-title").render())
        app.notify(f"Skipped a file: {BIDI}{CONTROLS}", markup=False)
        await pilot.pause()
        assert_nothing_raw(app, "a toast")
        clock.advance(70)
        player.tick()
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        assert_nothing_raw(app, "closing")


async def test_controls_that_skip_the_loader_are_not_drawn_either(make_app, clock):
    hostile_file()
    app = make_app(Launch(checkins=False), settings=SETTINGS)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        session = with_controls(app.catalogue.get("hostile"))
        app.begin(replace(session, confirm=False), minutes=2)
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert_nothing_raw(app, "getting ready")
        for seconds in (6, 60):
            clock.advance(seconds)
            player.tick()
            await pilot.pause()
            assert_nothing_raw(app, f"player after {seconds} s")
        assert "^[[31m^G<U+009B>" in str(player.query_one("#step-title").render())
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        assert_nothing_raw(app, "closing")
        app.pop_screen()
        await pilot.pause()
        app.open_editor(session)
        await settle(pilot)  # the editor checks the draft in a worker
        assert isinstance(app.screen, EditorScreen)
        assert any(FORBIDDEN.search(i.value) for i in app.screen.query(Input))  # as written
        assert not FORBIDDEN.findall(app.export_screenshot())  # but never drawn raw


def old_row(text: str, days_ago: int) -> Entry:
    """A journal row stored raw, before text was cleaned on the way in."""
    start = datetime.now(UTC) - timedelta(days=days_ago, hours=1)
    entry = Entry(session_id="body-scan", title="Body scan", kind="body-scan",
                  started_at=start, utc_offset_minutes=0, ended_at=start + timedelta(minutes=20),
                  planned_seconds=1200, practised_seconds=1200, completed=True)  # fmt: skip
    object.__setattr__(entry, "title", f"Title{text}")
    object.__setattr__(entry, "note", f"Note{text}\nsecond line")
    return entry


async def test_the_history_of_a_journal_with_raw_rows_draws_no_control(make_app):
    with Journal.open() as journal:
        journal.add_many([old_row(BIDI + CONTROLS, 2), old_row(CONTROLS + BIDI, 1)])
    app = make_app(settings=SETTINGS)
    app.journal = JournalKeeper(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert_nothing_raw(app, "history")
        app.screen.query_one("#history-recent", DataTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert_nothing_raw(app, "one session in full")


T0 = float(int(time.time()) // 3600 * 3600 + 1800)


@pytest.fixture
def wall(monkeypatch) -> FakeClock:
    clock = FakeClock(T0)
    monkeypatch.setattr(GroupControl, "wall", staticmethod(clock))
    return clock


async def test_a_rooms_practice_and_names_are_drawn_without_controls(make_app, tmp_path, wall):
    folder = tmp_path / "rooms"
    folder.mkdir(mode=0o700)
    hostile_file()
    session = replace(load_catalogue().get("hostile"), source=None)
    host = Seat.open_room(folder, session, 600.0, starts_at=T0 + 60, now=T0 - 10,
                          title=f"Evening{BIDI}", name=f"Anna{BIDI}")  # fmt: skip
    host.heartbeat(T0)
    [listing] = look(folder, now=T0).rooms
    plan = GroupPlan(folder, room=listing.room, name=f"Bo{BIDI}")
    app = make_app(Launch(checkins=False, group=plan), settings=SETTINGS)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CautionScreen)  # the room's practice asks for care
        assert_nothing_raw(app, "a room's caution")
        await pilot.press("y")
        await pilot.pause(0.7)
        assert isinstance(app.screen, WaitingScreen)
        assert_nothing_raw(app, "waiting")
        wall.advance(65)
        host.heartbeat(T0 + 65)
        await pilot.pause(0.7)
        assert isinstance(app.screen, PlayerScreen)
        assert_nothing_raw(app, "a room's practice")
    # The listing someone else's room makes in the Sit-together screen.
    app = make_app(settings=SETTINGS)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(RoomsScreen(folder, wall=wall))
        await pilot.pause(0.5)
        await settle(pilot)
        assert_nothing_raw(app, "the rooms")


def test_the_last_filter_takes_out_only_controls_and_keeps_each_lines_width():
    from rich.segment import Segment
    from rich.style import Style
    from textual.color import Color

    from mbsr_tui.ui.drawn_text import DRAWN_TEXT_FILTER

    bold = Style(bold=True)
    line = [Segment(f"a{BIDI}b{CONTROLS}", bold), Segment("\u2066"), Segment("plain é 字")]
    out = DRAWN_TEXT_FILTER.apply(line, Color(0, 0, 0))
    assert "".join(s.text for s in out) == "ab[31m2Jplain é 字"
    assert out[0].style == bold and all(s.text for s in out)  # no empty segment left
    assert Segment.get_line_length(out) == Segment.get_line_length(line)
    clean = [Segment("Body scan · bells: terminal")]
    assert DRAWN_TEXT_FILTER.apply(clean, Color(0, 0, 0)) is clean
