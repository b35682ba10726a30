"""Time the journal with ten years of daily practice (about 11,000 sessions).

    /work/venv/bin/python bench/journal_bench.py [--runs N]

Seeds a journal in a temporary XDG_DATA_HOME (the person's own is never touched), then
prints the median time of:
  history   open the journal (as the app does at start) + all progress stats + recent 20
  log       `mbsr-tui log` through `run_log`, printing to a null console
Target: each under 150 ms. For context it also times the whole `python -m mbsr_tui log`
process, whose interpreter start and imports are not part of the target.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_MS = 150.0
YEARS = 10
PRACTICES = (
    ("body-scan", "Body scan", "body-scan", 45),
    ("sitting", "Sitting meditation", "sitting", 30),
    ("mindful-movement", "Mindful movement", "movement", 40),
    ("breathing-space", "Three-minute breathing space", "breathing", 3),
    ("walking", "Walking meditation", "walking", 20),
)


def seed_entries(now: datetime, seed: int = 2016) -> list:
    """Ten years of near-daily practice, about three sessions a day, a few days missed."""
    from mbsr_tui.core.journal.entry import Entry

    rng = random.Random(seed)
    london = ZoneInfo("Europe/London")
    entries = []
    day = (now - timedelta(days=365 * YEARS)).astimezone(london).date()
    pain = 6.5
    while day < now.astimezone(london).date():
        sessions = rng.choices((0, 1, 2, 3, 4), weights=(2, 5, 18, 45, 30))[0]
        hours = sorted(rng.sample((1, 2, 6, 7, 8, 12, 13, 18, 21, 22, 23), sessions))
        for hour in hours:  # some after midnight: they count for the day before
            session_id, title, kind, minutes = rng.choice(PRACTICES)
            local = datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=london)
            planned = minutes * 60
            completed = rng.random() > 0.1
            practised = planned if completed else rng.randrange(60, planned + 1)
            pain = min(10.0, max(0.0, pain + rng.uniform(-0.25, 0.22)))
            rated = rng.random() < 0.7
            entries.append(
                Entry(
                    session_id=session_id,
                    title=title,
                    kind=kind,
                    started_at=local,
                    utc_offset_minutes=int(local.utcoffset().total_seconds() // 60),
                    ended_at=local.astimezone(UTC) + timedelta(seconds=practised + 30),
                    planned_seconds=planned,
                    practised_seconds=practised,
                    completed=completed,
                    pain_before=round(pain) if rated else None,
                    pain_after=max(0, round(pain) - rng.choice((0, 1, 1, 2))) if rated else None,
                    stress_before=rng.randrange(11) if rated else None,
                    stress_after=rng.randrange(8) if rated else None,
                    note=rng.choice(("", "", "", "Calm.", "Back stiff this morning.")),
                )
            )
        day += timedelta(days=1)
    return entries


def median_ms(work: Callable[[], object], runs: int) -> tuple[float, float]:
    work()  # warm: imports and the file cache, as in a running app
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def _line(name: str, median: float, slowest: float) -> str:
    return f"{name:<36} median {median:6.1f} ms   slowest {slowest:6.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as home:
        os.environ["XDG_DATA_HOME"] = str(Path(home) / "data")
        os.environ["XDG_CONFIG_HOME"] = str(Path(home) / "config")
        os.environ["XDG_STATE_HOME"] = str(Path(home) / "state")

        from rich.console import Console

        from mbsr_tui.cli.log import add_log_parser, run_log
        from mbsr_tui.core.journal.safekeeping import open_journal
        from mbsr_tui.core.journal.storage import Journal
        from mbsr_tui.core.progress import summarise

        now = datetime.now(UTC)
        entries = seed_entries(now)
        with Journal.open() as journal:
            journal.add_many(entries)
            count = journal.count()
        size_kb = sum(p.stat().st_size for p in journal.path.parent.glob("journal*")) / 1024
        print(f"seeded {count:,} sessions over {YEARS} years ({size_kb:,.0f} KB)")

        def history() -> None:
            with open_journal() as opened:
                assert opened.journal is not None
                summarise(opened.journal.all(), now=now, tz=ZoneInfo("Europe/London"))
                opened.journal.recent(20)

        log_parser = argparse.ArgumentParser(prog="mbsr-tui")
        add_log_parser(log_parser.add_subparsers(dest="command"))
        log_args = log_parser.parse_args(["log"])

        def log() -> None:
            with open(os.devnull, "w") as null:
                assert run_log(log_args, console=Console(file=null, width=100), now=now) == 0

        worst = 0.0
        for name, work in (("history (open + stats + recent 20)", history), ("mbsr-tui log", log)):
            median, slowest = median_ms(work, options.runs)
            worst = max(worst, median)
            print(_line(name, median, slowest))
        command = [sys.executable, "-m", "mbsr_tui", "log"]
        root = Path(__file__).resolve().parents[1]

        def process() -> None:
            subprocess.run(command, cwd=root, stdout=subprocess.DEVNULL, check=True)

        median, slowest = median_ms(process, max(3, options.runs // 3))
        print(_line("whole process (for context)", median, slowest))
        verdict = "within" if worst < TARGET_MS else "OVER"
        print(f"target {TARGET_MS:.0f} ms each: {verdict}")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
