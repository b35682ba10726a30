"""Shared pieces for Pilot tests: a frozen clock, quiet bells, a journal in memory."""

from __future__ import annotations

import time

import pytest

from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.app import Launch, MbsrApp
from tests.support.clock import FakeClock


class FakeBells:
    """Stands in for BellControl: remembers what would have rung."""

    def __init__(self) -> None:
        self.rung: list[tuple[str, str]] = []
        self.muted = False
        self.closed = False

    def start(self) -> None:
        pass

    def ring_events(self, events, *, phase_cues: bool) -> None:
        for event in events:
            if event.sound and (phase_cues or event.kind != "phase"):
                self.rung.append((event.kind.value, event.sound))

    def describe(self) -> str:
        return "bells muted" if self.muted else "bells: terminal"

    def toggle_mute(self) -> None:
        self.muted = not self.muted

    def configure(self, mode, volume) -> None:
        pass

    async def wait_until_quiet(self, timeout: float) -> None:
        pass

    def close(self) -> None:
        self.closed = True


class FakeJournal:
    """Stands in for JournalKeeper: keeps entries in a list."""

    def __init__(self) -> None:
        self.entries: list = []  # journal Entry objects, in the order they were recorded
        self.calendar = []

    def open(self) -> None:
        pass

    def record(self, entry, done) -> None:
        self.entries.append(entry)
        done("Saved to your journal.")

    def record_now(self, entry) -> None:
        self.entries.append(entry)

    def unsaved_lines(self) -> list[str]:
        return []

    def settle(self, seconds: float = 0.0) -> None:
        pass

    # The 8-week course (issue 8): sessions since a moment, and calendar entries.
    calendar: list  # CalendarEntry objects, in the order they were written

    def since(self, moment) -> list:
        return sorted((e for e in self.entries if e.started_at >= moment),
                      key=lambda e: e.started_at)  # fmt: skip

    def calendar_entries(self, since=None) -> list:
        found = [c for c in self.calendar if since is None or c.written_at >= since]
        return sorted(found, key=lambda c: c.written_at)

    def write_calendar(self, entry, done) -> None:
        self.calendar.append(entry)
        done("Saved in your journal.", True)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_app(clock):
    """Build an app with a frozen clock; tests move time with `clock.advance`."""

    def build(
        launch: Launch | None = None, settings: Settings | None = None, course=None
    ) -> MbsrApp:
        app = MbsrApp(
            launch,
            settings=settings or Settings(seen_care_note=True),
            now=clock,
            bells=FakeBells(),
            journal=FakeJournal(),
        )
        # The 8-week course reads the real date: off unless a test brings its own
        # CourseCompanion with a frozen day (tests/ui/test_course.py).
        from mbsr_tui.ui.course_companion import CourseCompanion

        app.course = course or CourseCompanion(enabled=False)
        return app

    return build


# -- a group room at a fixed moment (tests/ui/test_sizes*.py) ---------------------------

T0 = 1_795_771_800.0  # 2026-11-27 09:30 UTC


@pytest.fixture
def fixed_room(monkeypatch, tmp_path):
    """A rooms folder of its own, the wall clock at T0, room ids fixed, time zone UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    from mbsr_tui.core.group import rooms as rooms_module
    from mbsr_tui.ui.group_control import GroupControl

    monkeypatch.setattr(GroupControl, "wall", staticmethod(FakeClock(T0)))
    monkeypatch.setattr(rooms_module, "room_id_for", lambda session: f"{session.id}-00a1")
    folder = tmp_path / "rooms"
    folder.mkdir(mode=0o700)
    yield folder
    monkeypatch.delenv("TZ")
    time.tzset()


# -- a group sitting near now (tests/ui/test_group*.py) --------------------------------

NEAR_NOW = float(int(time.time()) // 3600 * 3600 + 1800)  # a whole half hour near now


@pytest.fixture
def wall(monkeypatch) -> FakeClock:
    """The group's wall clock at NEAR_NOW, moved by the test."""
    from mbsr_tui.ui.group_control import GroupControl

    clock = FakeClock(NEAR_NOW)
    monkeypatch.setattr(GroupControl, "wall", staticmethod(clock))
    # What a person practised is counted on their own clock: here it moves with the wall.
    monkeypatch.setattr(GroupControl, "mono", staticmethod(clock))
    return clock


@pytest.fixture
def folder(tmp_path):
    """A rooms folder of the test's own."""
    rooms = tmp_path / "rooms"
    rooms.mkdir(mode=0o700)
    return rooms


@pytest.fixture(scope="module")
def body_scan():
    """The built-in body scan as a room plays it (no source file)."""
    from dataclasses import replace

    from mbsr_tui.core.catalogue import load_catalogue

    return replace(load_catalogue().get("body-scan"), source=None)
