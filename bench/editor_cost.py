"""What the editor's live preview costs a person's terminal: CPU and bytes per second.

Measured as bench/ui_cost.py measures the player (../shared/tools/tui_measure.py, tmux,
80x24), in one run so the figures compare fairly:
  - the editor open on a breathing practice, the preview pacer breathing (`edit
    diaphragmatic-breathing`: 4 s in, 6 s out), nobody typing
  - the editor on an alternate-nostril practice (in 4, out 8, the words change sides)
  - the editor on a practice without a pattern (`edit sitting`): the form alone
  - the player on the same breathing practice, and the naive pacer, as yardsticks
Each breathing figure is taken in turns with the naive pacer (`--rounds`), so a busy
machine shows in both.

Usage: python bench/editor_cost.py [--seconds 20] [--rounds 1]
Target (issue 9, the pacer's limits from issue 3): <= 3% CPU and <= 6 KB/s at 80x24.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from ui_cost import APP, MEASURE, NAIVE, bench_home, measure  # noqa: E402  (the same measuring)

TARGET_CPU, TARGET_BYTES = 3.0, 6000.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=1, help="editor/naive pairs")
    a = parser.parse_args()
    if not MEASURE.exists():
        print(f"needs {MEASURE}", file=sys.stderr)
        return 2
    env = bench_home("mbsr-editor-bench.")
    app = APP.split()

    def editor(session_id: str, marker: str) -> dict:
        figures = measure([*app, "edit", session_id], marker, settle=3, seconds=a.seconds,
                          env=env)  # fmt: skip
        figures["load"] = os.getloadavg()[0]
        return figures

    def naive() -> dict:
        figures = measure([sys.executable, str(NAIVE)], "MBSR-READY", settle=2,
                          seconds=a.seconds, env=env)  # fmt: skip
        figures["load"] = os.getloadavg()[0]
        return figures

    rounds = []
    for _ in range(a.rounds):
        rounds.append((editor("diaphragmatic-breathing", "breaths/min"), naive()))
    nostril = editor("alternate-nostril", "breaths/min")
    still = editor("sitting", "No breathing pattern")
    player_cmd = [*app, "run", "diaphragmatic-breathing", "--minutes", "10", "--bell", "off",
                  "--no-checkin"]  # fmt: skip
    player = measure(player_cmd, "Getting ready", settle=12, seconds=a.seconds, env=env)
    player["load"] = os.getloadavg()[0]

    def row(name: str, figures: dict, note: str = "") -> None:
        cpu, rate = figures["cpu_pct"], figures["bytes_per_s"]
        print(f"{name:<30} cpu {cpu:5.2f}%  {rate:6.0f} B/s  load {figures['load']:.2f}  {note}")

    target = f"(target <= {TARGET_CPU:g}%, <= {TARGET_BYTES:g} B/s)"
    for ours, theirs in rounds:
        row("editor preview 80x24", ours, target)
        row("naive pacer 80x24", theirs, f"(preview: {ours['cpu_pct'] / theirs['cpu_pct']:.3f}x "
            f"its CPU, {ours['bytes_per_s'] / theirs['bytes_per_s']:.4f}x its bytes)")  # fmt: skip
    if len(rounds) > 1:
        cpus = [ours["cpu_pct"] for ours, _ in rounds]
        rates = [ours["bytes_per_s"] for ours, _ in rounds]
        print(f"editor preview median: cpu {statistics.median(cpus):.2f}%, "
              f"{statistics.median(rates):.0f} B/s over {len(rounds)} rounds")  # fmt: skip
    row("editor, alternate nostrils", nostril, target)
    row("editor, no pattern", still, "(the form alone)")
    row("player, same practice", player, "(bench/ui_cost.py's breathing figure)")
    worst = [*(ours for ours, _ in rounds), nostril]
    within = all(f["cpu_pct"] <= TARGET_CPU and f["bytes_per_s"] <= TARGET_BYTES for f in worst)
    print("within the limits" if within else "OVER THE LIMITS")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
