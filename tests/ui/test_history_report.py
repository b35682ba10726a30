"""The history's `r`: the teacher's report written in a worker, its path said in a toast
(issue 23)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from mbsr_tui.core import paths
from mbsr_tui.core.progress import dated, practice_days
from mbsr_tui.ui.screens.help import KEYS
from mbsr_tui.ui.screens.history import HistoryScreen
from tests.ui.test_history import NOW, history, seeded_entries, settle

DATED = f"mbsr-report-{NOW.date().isoformat()}.html"


async def press_r(app, pilot, monkeypatch) -> list[tuple[str, str]]:
    """Press r on the history and wait for the report's worker; the toasts shown."""
    told: list[tuple[str, str]] = []
    notify = app.notify

    def spy(message, *args, **kwargs):
        told.append((message, kwargs.get("severity", "information")))
        return notify(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", spy)
    await pilot.press("r")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return told


async def test_r_writes_the_report_to_the_current_folder_and_says_where(
    make_app, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    entries = seeded_entries()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(history(entries))
        await settle(pilot)
        assert "r" in app.screen.active_bindings  # shown in the footer
        told = await press_r(app, pilot, monkeypatch)
        assert isinstance(app.screen, HistoryScreen)
    written = tmp_path / DATED
    assert written.is_file()
    assert (f"The report is in {written}", "information") in told
    text = " ".join(ET.fromstring(written.read_bytes()).itertext())
    days = len(practice_days(dated(entries)))  # the app's one rule for a day practised
    assert f"Practised on {days} of" in text
    assert "Lower back eased" not in text  # notes stay out, from the history too


async def test_r_falls_back_to_the_data_folder_and_says_so(make_app, tmp_path, monkeypatch):
    # A "current folder" that is a file: nothing can be written in it, even by root.
    blocked = tmp_path / "not-a-folder"
    blocked.touch()
    monkeypatch.setattr(Path, "cwd", classmethod(lambda cls: blocked))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(history(seeded_entries()))
        await settle(pilot)
        told = await press_r(app, pilot, monkeypatch)
    written = paths.data_dir() / DATED
    assert written.is_file()
    assert (
        f"The current folder cannot be written, so the report is in your data folder: {written}",
        "information",
    ) in told


async def test_r_says_plainly_when_no_folder_takes_it(make_app, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.touch()
    monkeypatch.setattr(Path, "cwd", classmethod(lambda cls: blocked))
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))  # the data folder cannot be made
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(history(seeded_entries()))
        await settle(pilot)
        told = await press_r(app, pilot, monkeypatch)
        assert isinstance(app.screen, HistoryScreen)  # the app carries on
    failed = [m for m, severity in told if severity == "error"]
    assert len(failed) == 1 and failed[0].startswith("The report could not be written: ")


def test_r_is_in_the_help():
    assert "  r             write a report to show your teacher" in KEYS
