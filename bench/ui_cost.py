"""What the app costs a person's terminal: CPU, bytes per second, first frame, smoothness.

Runs everything in tmux through ../shared/tools/tui_measure.py, in one run so the
figures compare fairly:
  - a breathing session at 80x24 beside the naive pacer (shared/tools/naive_pacer.py),
    in turns (`--rounds`), each round the two back to back under the same load
  - the idle menu
  - the menu's first frame beside a minimal Textual app's (median of several launches),
    and when its list is drawn (it joins a frame after the first, issue 22)
  - how many distinct pacer pictures a 4-second in-breath shows (capture-pane polling)

Usage: python bench/ui_cost.py [--seconds 20] [--launches 7] [--rounds 1] [--first-frame]
Targets: breathing <= 0.7% CPU (issue 22; issue 14 asked 1.1%) and no more bytes than
before (~1.75 KB/s; issue 14 asked <= 2000 B/s) with >= 12 frames per 4 s in-breath;
idle menu < 0.5% CPU and no output; first frame <= 1.1x the minimal app's (issue 22).
CPU figures depend on the machine's load: the load average is printed with each, and the
naive pacer's in the same round is the yardstick.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_TOOLS = HERE.parent.parent / "shared" / "tools"
MEASURE = SHARED_TOOLS / "tui_measure.py"
NAIVE = SHARED_TOOLS / "naive_pacer.py"
MINIMAL_APP = HERE / "minimal_app.py"
APP = shutil.which("mbsr-tui") or f"{sys.executable} -m mbsr_tui"


def measure(command: list[str], marker: str, *, settle: float, seconds: float, env: dict) -> dict:
    args = [sys.executable, str(MEASURE), "--marker", marker]
    args += ["--settle", str(settle), "--seconds", str(seconds)]
    for name, value in env.items():
        args += ["--env", f"{name}={value}"]
    out = subprocess.run([*args, "--", *command], capture_output=True, text=True, check=False)
    return json.loads(out.stdout.splitlines()[0])


def _has_braille(line: str) -> bool:
    return any("\u2800" <= c <= "\u28ff" for c in line)


def distinct_inbreath_frames(env: dict) -> int:
    """Poll the screen during one 4 s in-breath and count different pacer pictures."""
    sock = ["tmux", "-L", f"bench_frames_{os.getpid()}", "-f", "/dev/null"]
    exports = " ".join(f"{k}={v}" for k, v in env.items())
    cmd = f"env {exports} {APP} run diaphragmatic-breathing --bell off --no-checkin"
    subprocess.run([*sock, "new-session", "-d", "-x", "80", "-y", "24", cmd], check=True)
    try:
        deadline = time.monotonic() + 40
        screen = ""
        # Wait for the start of an in-breath: the phase line reads "… belly rises · 0:04".
        while time.monotonic() < deadline:
            screen = subprocess.run(
                [*sock, "capture-pane", "-p"], capture_output=True, text=True
            ).stdout
            if "belly rises · 0:04" in screen:
                break
            time.sleep(0.01)
        pictures = set()
        end = time.monotonic() + 4.0
        while time.monotonic() < end:
            screen = subprocess.run(
                [*sock, "capture-pane", "-p"], capture_output=True, text=True
            ).stdout
            shape = tuple(
                line for line in screen.splitlines() if any("\u2800" <= c <= "\u28ff" for c in line)
            )
            pictures.add(shape)
            time.sleep(0.02)
        return len(pictures)
    finally:
        subprocess.run([*sock, "kill-server"], capture_output=True)


def first_frames(app: list[str], launches: int, env: dict) -> str:
    """The menu's first frame beside a minimal Textual app's, launched in turns."""
    minimal_cmd = [sys.executable, str(MINIMAL_APP)]
    ours, listed, minimal, loads = [], [], [], []
    for launch in range(launches):
        # In turns, and each going first every other time: whatever the first launch of a
        # pair pays (a colder cache, a busier moment) falls on both programs alike.
        runs = [
            (ours, app, "mindful practice"),  # the menu's title: its first frame
            (minimal, minimal_cmd, "MINIMAL-READY"),
            (listed, app, "MEDITATION"),  # the list's first heading: the menu is whole
        ]
        for results, command, marker in runs if launch % 2 == 0 else reversed(runs):
            results.append(measure(command, marker, settle=0.1, seconds=0.1, env=env))
        loads.append(os.getloadavg()[0])
    ours, listed, minimal = (
        [m["first_frame_ms"] for m in runs] for runs in (ours, listed, minimal)
    )
    m_ours, m_listed, m_min = (statistics.median(x) for x in (ours, listed, minimal))
    return (f"first frame: menu {m_ours:.0f} ms, minimal Textual app {m_min:.0f} ms, "
            f"ratio {m_ours / m_min:.2f} (target <= 1.1; medians of {launches}: {sorted(ours)} "
            f"vs {sorted(minimal)}; load {min(loads):.2f}..{max(loads):.2f})\n"
            f"menu's list drawn: {m_listed:.0f} ms, ratio {m_listed / m_min:.2f} "
            f"(not a target; {sorted(listed)})")  # fmt: skip


def compile_package() -> None:
    """Bytecode for every module, as `pip install .` leaves it. An editable install
    under PYTHONDONTWRITEBYTECODE=1 never refreshes a changed module's bytecode, and
    compiling app.py at each launch costs more than a tenth of the minimal app's start:
    the figure would measure the compiler, not the app."""
    import mbsr_tui

    compileall.compile_dir(Path(mbsr_tui.__file__).parent, quiet=1)


def bench_home(prefix: str) -> dict[str, str]:
    """A private home for the measured app, and the environment that points at it. The
    care note is shown once; the figures are for the everyday menu and player."""
    home = tempfile.mkdtemp(prefix=prefix)
    Path(f"{home}/config/mbsr-tui").mkdir(parents=True)
    Path(f"{home}/config/mbsr-tui/settings.toml").write_text("seen_care_note = true\n")
    return {
        "XDG_CONFIG_HOME": f"{home}/config",
        "XDG_DATA_HOME": f"{home}/data",
        "LANG": "C.UTF-8",
        "SDL_AUDIODRIVER": "dummy",
        "TERM": "xterm-256color",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--launches", type=int, default=7)
    parser.add_argument("--first-frame", action="store_true", help="only the first frame")
    parser.add_argument("--rounds", type=int, default=1, help="breathing/naive pairs")
    a = parser.parse_args()
    if not MEASURE.exists():
        print(f"needs {MEASURE}", file=sys.stderr)
        return 2
    compile_package()
    env = bench_home("mbsr-bench.")
    app = APP.split()
    if a.first_frame:
        print(first_frames(app, a.launches, env))
        return 0

    breathing_cmd = [*app, "run", "diaphragmatic-breathing", "--minutes", "10"]
    breathing_cmd += ["--bell", "off", "--no-checkin"]
    pairs = []
    for _ in range(a.rounds):
        app_run = measure(breathing_cmd, "Getting ready", settle=12, seconds=a.seconds, env=env)
        app_run["load"] = os.getloadavg()[0]
        naive_run = measure(
            [sys.executable, str(NAIVE)], "MBSR-READY", settle=2, seconds=a.seconds, env=env
        )
        naive_run["load"] = os.getloadavg()[0]
        pairs.append((app_run, naive_run))
    idle = measure(app, "mindful practice", settle=2, seconds=a.seconds / 2, env=env)
    first = first_frames(app, a.launches, env)
    frames = distinct_inbreath_frames(env)

    def row(name: str, figures: dict, target: str = "") -> None:
        cpu, rate = figures["cpu_pct"], figures["bytes_per_s"]
        load = f"load {figures['load']:.2f}" if "load" in figures else ""
        print(f"{name:<24} cpu {cpu:5.2f}%  {rate:6.0f} B/s  {load:<10} {target}")

    for app_run, naive_run in pairs:
        row("breathing session 80x24", app_run, "(target <= 0.7%, <= ~1750 B/s)")
        cpu_share = app_run["cpu_pct"] / naive_run["cpu_pct"]
        byte_share = app_run["bytes_per_s"] / naive_run["bytes_per_s"]
        row("naive pacer 80x24", naive_run,
            f"(the app: {cpu_share:.3f}x its CPU, {byte_share:.4f}x its bytes)")  # fmt: skip
    if len(pairs) > 1:
        cpus = [app_run["cpu_pct"] for app_run, _ in pairs]
        rates = [app_run["bytes_per_s"] for app_run, _ in pairs]
        print(f"breathing session median: cpu {statistics.median(cpus):.2f}%, "
              f"{statistics.median(rates):.0f} B/s over {len(pairs)} rounds")  # fmt: skip
    row("idle menu 80x24", idle, "(target < 0.5%, 0 B/s)")
    print(first)
    print(f"distinct pacer pictures in one 4 s in-breath: {frames} (target >= 12)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
