"""Time opening the history screen inside the app, with ten years of daily practice.

    /work/venv/bin/python bench/history_bench.py [--runs N]

Seeds a journal with about 11,000 sessions (`seed_entries` from journal_bench.py) in a
temporary XDG_DATA_HOME (the person's own is never touched). Each run is a fresh process
that starts the real app headless (`run_test`, 80x24, real journal, bells off), waits
until it has settled on the menu, then presses `h` and times how long it takes until the
history screen has handled its `Loaded` message and the first frame after it has been
rendered to terminal output. That is the first press in the process (the history
screen's modules load then, as they would for the person); the run then goes back to the
menu and presses `h` again, timed the same way (warm).

The same is done with an empty journal, so what ten years of data add can be told apart
from the screen's own cost. Target: under 150 ms of work beyond the app's start, i.e.
from the key press to the drawn screen, with ten years of data.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

TARGET_MS = 150.0


async def time_one_app() -> dict[str, float]:
    """In this process: start the app, open the history twice; milliseconds for each."""
    from mbsr_tui.core.settings import Settings
    from mbsr_tui.ui.app import Launch, MbsrApp
    from mbsr_tui.ui.screens.menu import MenuScreen

    app = MbsrApp(Launch(bell_mode="off"), settings=Settings(seen_care_note=True))
    drawn_at: list[float] = []
    drawn = asyncio.Event()
    display = app._display

    def watch_display(screen, renderable) -> None:
        display(screen, renderable)
        if drawn.is_set() or renderable is None or type(screen).__name__ != "HistoryScreen":
            return
        # "Loading…" shows until the screen has handled its Loaded message, which hides it
        # (or, for an empty journal, puts a welcome in its place).
        message = screen.query_one("#history-message")
        if message.display and str(message.content) == "Loading…":
            return
        # The first frame with the data, turned into the text a terminal would receive
        # (headless Textual skips that last step, so it is done here).
        renderable.render_segments(app.console)
        drawn_at.append(time.perf_counter())
        drawn.set()

    app._display = watch_display  # type: ignore[method-assign]

    # How much of it is reading the journal (in the screen's worker thread).
    read_ms: list[float] = []
    entries = app.journal.entries

    def timed_entries():
        began = time.perf_counter()
        found = entries()
        read_ms.append((time.perf_counter() - began) * 1000)
        return found

    app.journal.entries = timed_entries  # type: ignore[method-assign]

    async def open_history(pilot) -> float:
        drawn.clear()
        start = time.perf_counter()
        await pilot.press("h")
        await asyncio.wait_for(drawn.wait(), timeout=30)
        return (drawn_at[-1] - start) * 1000

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # the journal is opened after the first frame
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        # The first press in the process: the history screen's modules load now, as they
        # would for the person.
        assert "mbsr_tui.ui.screens.history" not in sys.modules
        first = await open_history(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        warm = await open_history(pilot)
    return {"first": first, "warm": warm, "read": read_ms[0], "read warm": read_ms[1]}


def private_dirs(home: Path) -> dict[str, str]:
    return {
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
    }


def run_in_fresh_processes(home: Path, runs: int) -> list[dict[str, float]]:
    results = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(home)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"a timing run failed:\n{done.stderr}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--one", metavar="HOME", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        # One timing run, in a home of its own (never the person's).
        for variable, folder in private_dirs(options.one).items():
            os.environ[variable] = folder
        print(json.dumps(asyncio.run(time_one_app())))
        return 0

    from journal_bench import YEARS, seed_entries

    from mbsr_tui.core.journal.storage import Journal

    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as home:
        for name, seeded in (("ten years", True), ("empty", False)):
            folder = Path(home) / name.replace(" ", "-")
            path = Path(private_dirs(folder)["XDG_DATA_HOME"]) / "mbsr-tui" / "journal.sqlite3"
            with Journal.open(path) as journal:
                if seeded:
                    journal.add_many(seed_entries(datetime.now(UTC)))
                count = journal.count()
            results = run_in_fresh_processes(folder, options.runs)
            got = {kind: statistics.median(r[kind] for r in results) for kind in results[0]}
            got["slowest first"] = max(r["first"] for r in results)
            figures[name] = got
            print(f"{name} ({count:,} sessions), median of {options.runs} fresh processes:")
            for label, key, read in (("first press", "first", "read"),
                                     ("warm press", "warm", "read warm")):  # fmt: skip
                print(f"  {label:<12} {got[key]:6.1f} ms, of which reading the journal "
                      f"{got[read]:5.1f} ms")  # fmt: skip
            print(f"  slowest first press {got['slowest first']:6.1f} ms")
    seeded, empty = figures["ten years"], figures["empty"]
    print(
        f"what {YEARS} years of data add: first press {seeded['first'] - empty['first']:+.1f} ms, "
        f"warm {seeded['warm'] - empty['warm']:+.1f} ms"
    )
    verdict = "within" if seeded["first"] < TARGET_MS else "OVER"
    print(f"target: key press to drawn history under {TARGET_MS:.0f} ms with ten years: {verdict}")
    return 0 if seeded["first"] < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
