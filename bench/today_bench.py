"""Time `mbsr-tui today` with ten years of journal (about 11,000 sessions).

    .venv/bin/python bench/today_bench.py [--runs N]

`today` runs at every login (a shell profile), so the whole installed command is timed:
interpreter start, imports, settings, the course file, the state file and this week's
sessions from the journal. Seeds a journal and a course begun ten days ago in a
temporary home (the person's own is never touched), then prints the median time of:
  today                   `mbsr-tui today`, the installed command
  today --quiet-if-done   the same, on a day with a completed practice (prints nothing)
  --version, python -c pass   the command's start alone, the interpreter alone (context)
and the in-process time of `run_today` (no interpreter start, imports warm).
Target: the installed command under 150 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.journal_bench import YEARS, _line, median_ms, seed_entries

TARGET_MS = 150.0


def installed() -> str:
    beside = Path(sys.executable).parent / "mbsr-tui"
    return str(beside) if beside.exists() else "mbsr-tui"


def command_ms(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median and slowest time of the whole command (journal_bench's timing, warmed once)."""
    return median_ms(
        lambda: subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True), runs
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "XDG_DATA_HOME": str(Path(home) / "data"),
            "XDG_CONFIG_HOME": str(Path(home) / "config"),
            "XDG_STATE_HOME": str(Path(home) / "state"),
        }
        os.environ.update(env)
        from mbsr_tui.core.course_calendar import CourseState
        from mbsr_tui.core.course_state import save_state
        from mbsr_tui.core.journal.storage import Journal

        now = datetime.now(UTC)
        # Up to yesterday: `today` then has nothing logged today and prints its lines.
        entries = [e for e in seed_entries(now) if e.started_at < now - timedelta(days=1)]
        with Journal.open() as journal:
            journal.add_many(entries)
            count = journal.count()
        size_kb = sum(p.stat().st_size for p in journal.path.parent.glob("journal*")) / 1024
        print(f"seeded {count:,} sessions over {YEARS} years ({size_kb:,.0f} KB)")
        local_today = datetime.now().astimezone().date()
        save_state(CourseState(started_on=local_today - timedelta(days=10)))

        command = [installed(), "today"]
        shown = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        print("".join(f"  | {line}\n" for line in shown.stdout.splitlines()), end="")

        from mbsr_tui.cli.today import run_today

        quiet = argparse.Namespace(quiet_if_done=False)
        with open(os.devnull, "w") as null:
            run_today(quiet, out=null)
            times = []
            for _ in range(options.runs):
                start = time.perf_counter()
                run_today(quiet, out=null)
                times.append((time.perf_counter() - start) * 1000)
        print(_line("run_today in process (warm)", statistics.median(times), max(times)))

        median, slowest = command_ms(command, options.runs, env)
        print(_line("mbsr-tui today", median, slowest))
        worst = median

        done = entries[-1]
        from dataclasses import replace

        with Journal.open() as journal:
            journal.add(replace(done, started_at=now - timedelta(minutes=30),
                                ended_at=now - timedelta(minutes=10), completed=True,
                                utc_offset_minutes=_offset()))  # fmt: skip
        quiet_command = [installed(), "today", "--quiet-if-done"]
        printed = subprocess.run(quiet_command, env=env, capture_output=True, text=True).stdout
        median, slowest = command_ms(quiet_command, options.runs, env)
        print(_line("mbsr-tui today --quiet-if-done", median, slowest)
              + ("" if printed == "" else "   (printed something!)"))  # fmt: skip
        worst = max(worst, median)

        median, slowest = command_ms([installed(), "--version"], options.runs, env)
        print(_line("mbsr-tui --version (for context)", median, slowest))
        median, slowest = command_ms([sys.executable, "-c", "pass"], options.runs, env)
        print(_line("python -c pass (for context)", median, slowest))
        verdict = "within" if worst < TARGET_MS else "OVER"
        print(f"target {TARGET_MS:.0f} ms for the installed command: {verdict}")
    return 0 if worst < TARGET_MS else 1


def _offset() -> int:
    offset = datetime.now().astimezone().utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


if __name__ == "__main__":
    sys.exit(main())
