"""How long from a step's start to the speak command running? The whole app, headless.

    python bench/voice_delay.py [--steps 12] [--seconds 2]

Runs the real app (`App.run_test`) on a practice of `--steps` steps of `--seconds` each,
with `--voice on` and a speak command that records the moment it starts (CLOCK_MONOTONIC
is shared by every process on the machine, so its reading compares with the app's clock).
Each step's start comes from the player's own SessionClock and the timeline; the delay is
the speak command's first instruction minus that moment: the player's wake-up, the
speech thread, fork and exec, and the interpreter's start.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mbsr_tui.core.loader import load_session  # noqa: E402
from mbsr_tui.core.settings import Settings  # noqa: E402
from mbsr_tui.ui.app import Launch, MbsrApp  # noqa: E402

RECORDER = """\
import sys, time
started = time.monotonic()
with open(sys.argv[1], "a") as out:
    out.write(f"{started} {sys.argv[-1]}\\n")
"""


def practice(folder: Path, steps: int, seconds: float) -> Path:
    body = "".join(
        f'\n[[steps]]\ntitle = "Step {n}"\nprompt = "Rest here."\nseconds = {seconds}\n'
        for n in range(1, steps + 1)
    )
    path = folder / "voice-bench.toml"
    path.write_text(
        'title = "Voice bench"\nsummary = "Steps."\nkind = "body-scan"\nposture = "lying"\n'
        "prepare_seconds = 1\n\n[bells]\nstart = false\nend = false\n" + body
    )
    return path


async def measure(steps: int, seconds: float) -> list[float]:
    folder = Path(tempfile.mkdtemp(prefix="voice-bench-"))
    heard = folder / "heard.txt"
    recorder = folder / "recorder.py"
    recorder.write_text(RECORDER)
    session = load_session(practice(folder, steps, seconds))
    command = f"{sys.executable} -S {recorder} {heard}"
    launch = Launch(session, bell_mode="off", checkins=False, voice="on", speak_command=command)

    class Journal:  # the bench measures speech, not SQLite
        def open(self):
            pass

        def record(self, entry, done):
            done("")

        def record_now(self, entry):
            pass

        def unsaved_lines(self):
            return []

    app = MbsrApp(launch, settings=Settings(seen_care_note=True, checkins=False),
                  journal=Journal())  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        player = app.screen
        timeline, clock = player.timeline, player.clock
        started = clock._started  # the monotonic moment the practice's clock began
        await asyncio.sleep(timeline.total + 1.5)
    lines = heard.read_text().splitlines()
    delays = []
    for line in lines:
        moment, text = line.split(" ", 1)
        index = int(text.split("Step ", 1)[1].split(".", 1)[0]) - 1
        delays.append(float(moment) - (started + timeline.step_starts[index]))
    if len(lines) != steps:
        print(f"warning: {len(lines)} utterances for {steps} steps")
    return delays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    begun = time.monotonic()
    delays = asyncio.run(measure(args.steps, args.seconds))
    ms = sorted(d * 1000 for d in delays)
    print(f"steps spoken: {len(ms)} of {args.steps} (run took {time.monotonic() - begun:.1f} s)")
    print(f"step start -> speak command running: median {statistics.median(ms):.1f} ms, "
          f"min {ms[0]:.1f} ms, max {ms[-1]:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
