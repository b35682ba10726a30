"""How close to their scheduled moments do bells start? Measured in the mixer's own output.

    python bench/bell_onsets.py [--minutes 2] [--every 4] [--fps 15]

Plays a sequence of bells, bowls and left/right cues through MixerBellPlayer with SDL's
disk driver, twice: once rung exactly on time (a sleep to each bell's moment, what a
one-shot timer per bell would do) and once rung from frame ticks at `--fps` (the way a
UI that rings `events_between(previous, now)` on each frame does: up to one frame late).
Then it finds each onset in the raw output and prints the worst and mean error.

The disk file runs faster than the wall clock, so errors are not taken against wall
time: a thread watches the file grow and notes (monotonic time, frames written) at each
flush, which maps a scheduled moment to the file position the device had reached then.
The error is the onset's distance from that position, so it includes the mixer's own
latency (up to one buffer): the issue's budget is 30 ms plus one buffer.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from array import array
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mbsr_tui.audio.mixer import MixerBellPlayer  # noqa: E402
from mbsr_tui.audio.players import SilentBellPlayer  # noqa: E402
from mbsr_tui.audio.pygame_backend import BUFFER_FRAMES, RATE  # noqa: E402
from mbsr_tui.core.events import Side  # noqa: E402
from tests.support.audio_onsets import DiskFileWatch, find_onsets  # noqa: E402

# What rings, in turn: bells over the tails of bowls, cues on one side only.
PLAN = (("bell", Side.BOTH), ("cue", Side.LEFT), ("cue", Side.RIGHT), ("bowl", Side.BOTH))
ALLOWED = 0.030 + BUFFER_FRAMES / RATE  # the budget: 30 ms plus one buffer


def play(
    raw: Path, offsets: list[float], fps: float
) -> tuple[list[float], list[float], DiskFileWatch]:
    """Ring the plan at `offsets` (seconds from now); return the scheduled moments,
    the time each ring() call took, and the watch over the file."""
    os.environ["SDL_AUDIODRIVER"] = "disk"
    os.environ["SDL_DISKAUDIOFILE"] = str(raw)
    player = MixerBellPlayer(SilentBellPlayer(), volume=100)
    if not player.start():
        sys.exit(f"the mixer did not start: {player.failure}")
    watch = DiskFileWatch(raw)
    watch.start()
    time.sleep(0.5)  # let the watch see a few flushes first
    start = time.monotonic()
    moments = [start + offset for offset in offsets]
    costs: list[float] = []

    def ring(index: int) -> None:
        sound, side = PLAN[index % len(PLAN)]
        before = time.perf_counter()
        player.ring(sound, side)
        costs.append(time.perf_counter() - before)

    if fps <= 0:  # exactly on time
        for index, moment in enumerate(moments):
            time.sleep(max(0.0, moment - time.monotonic()))
            ring(index)
    else:  # from frame ticks at start + n / fps, late ticks skipped, like set_interval
        frame, tick, index, last = 1 / fps, 0, 0, start
        while index < len(moments):
            tick += 1
            time.sleep(max(0.0, start + tick * frame - time.monotonic()))
            now = time.monotonic()
            tick = max(tick, int((now - start) / frame))
            while index < len(moments) and last <= moments[index] < now:
                ring(index)
                index += 1
            last = now
    time.sleep(1.0)
    player.close()
    watch.stop()
    return moments, costs, watch


def onset_errors(raw: Path, moments: list[float], watch: DiskFileWatch) -> list[float]:
    """Seconds from each bell's scheduled position in the file to its onset."""
    errors = []
    with raw.open("rb") as source:
        for moment in moments:
            expected = watch.position_at(moment)
            first = max(0, int(expected - 0.3 * RATE))
            source.seek(first * 4)
            samples = array("h", source.read(int(0.8 * RATE) * 4))
            pairs = zip(samples[0::2], samples[1::2], strict=True)
            loudest = [max(abs(left), abs(right)) for left, right in pairs]
            found = [first + i for i in find_onsets(loudest) if first + i >= expected - 0.1 * RATE]
            errors.append((found[0] - expected) / RATE if found else float("nan"))
    return errors


def report(title: str, errors: list[float], costs: list[float], speed: float) -> None:
    found = [e for e in errors if e == e]
    ms = [1000 * e for e in found]
    within = sum(1 for e in found if abs(e) <= ALLOWED)
    tenth = max(1, len(ms) // 10)
    print(f"{title}")
    print(f"  bells {len(errors)}, onsets found {len(found)}")
    if ms:
        worst = max(ms, key=abs)
        print(f"  onset error: mean {statistics.fmean(ms):+.1f} ms, worst {worst:+.1f} ms,"
              f" min {min(ms):+.1f} ms, stdev {statistics.pstdev(ms):.1f} ms")  # fmt: skip
        print(f"  drift: first tenth mean {statistics.fmean(ms[:tenth]):+.1f} ms, "
              f"last tenth {statistics.fmean(ms[-tenth:]):+.1f} ms")  # fmt: skip
    print(f"  within 30 ms + one buffer ({1000 * ALLOWED:.1f} ms): {within}/{len(errors)}")
    print(f"  ring() call: mean {1e6 * statistics.fmean(costs):.0f} µs, "
          f"worst {1e6 * max(costs):.0f} µs")  # fmt: skip
    print(f"  disk file ran {100 * (speed - 1):+.1f}% against the wall clock")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=2.0, help="of bells, per run")
    parser.add_argument("--every", type=float, default=4.0, help="seconds between bells")
    parser.add_argument("--fps", type=float, default=15.0, help="frame rate of the tick run")
    parser.add_argument("--run", choices=("exact", "ticks", "both"), default="both")
    args = parser.parse_args()
    count = int(args.minutes * 60 / args.every)
    # Moments spread evenly over a second (golden-ratio steps), so they fall at every
    # phase of the mixer's buffers and of the frame ticks alike.
    offsets = [1.0 + k * args.every + (k * 0.6180339887) % 1.0 for k in range(count)]
    buffer_ms = 1000 * BUFFER_FRAMES / RATE
    print(f"{count} bells every ~{args.every:g} s over {args.minutes:g} min per run; "
          f"mixer buffer {BUFFER_FRAMES} frames ({buffer_ms:.1f} ms)")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        runs = [("exact", "rung exactly on time", 0.0),
                ("ticks", f"rung from {args.fps:g} fps frame ticks", args.fps)]  # fmt: skip
        for name, title, fps in runs:
            if args.run not in (name, "both"):
                continue
            raw = Path(folder) / f"out-{fps:g}.raw"
            moments, costs, watch = play(raw, offsets, fps)
            report(title, onset_errors(raw, moments, watch), costs, watch.speed())
            raw.unlink()


if __name__ == "__main__":
    main()
