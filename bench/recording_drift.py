"""How far does a person's recording drift from the practice clock over 20 minutes?

    python bench/recording_drift.py [--minutes 20] [--every 60] [--real-time] [--format wav]

Plays a generated recording (silence with a short tone burst every `--every` seconds)
through the real engine: RecordingPlayer on pygame's music channel (SDL's disk driver),
following a SessionClock, exactly as the app's practice drives it. Each burst is found in
the disk driver's output and mapped to the monotonic clock through the file's growth
(DiskFileWatch; the file runs faster than the wall clock, ~4% at 512-frame buffers);
its drift is how much later it sounded than the moment the practice clock reached it.

Compressed by default: the practice clock jumps over the stretches between bursts and
lands `--lead` seconds before each, as a skipped step would; the recording seeks with it
(a WAV from the next whole second) and the burst then comes round in real time. This
measures where the recording stands after a seek, after the drift corrections of the
lead, at twenty points spread over the twenty minutes; it cannot show drift piling up
over minutes, since each jump puts the recording back in step. `--real-time` plays the
whole length without jumps: there the corrections alone keep the recording in step
(SDL's disk driver runs ~4% fast: uncorrected, that would be ~48 s over 20 minutes).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import struct
import sys
import tempfile
import time
import wave
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bell_onsets import onset_errors  # noqa: E402
from mbsr_tui.audio.mixer import MixerBellPlayer  # noqa: E402
from mbsr_tui.audio.players import SilentBellPlayer  # noqa: E402
from mbsr_tui.audio.recording import Cue, RecordingPlayer  # noqa: E402
from mbsr_tui.core.clock import SessionClock  # noqa: E402
from tests.support.audio_onsets import DiskFileWatch  # noqa: E402

RATE = 22050  # half the mixer's rate: a 20-minute recording of 53 MB, not 106


class JumpingClock:
    """time.monotonic() plus an offset that only grows (see bench/bell_timing.py)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset


def write_recording(path: Path, seconds: float, bursts: list[float]) -> None:
    """Silence with a 50 ms 880 Hz burst at each of `bursts`, written a second at a time."""
    burst = b"".join(
        struct.pack("<h", int(12000 * math.sin(2 * math.pi * 880 * i / RATE)))
        for i in range(int(0.05 * RATE))
    )
    starts = {int(at * RATE) for at in bursts}
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        for second in range(math.ceil(seconds)):
            chunk = bytearray(2 * RATE)
            for start in starts:
                if second * RATE <= start < (second + 1) * RATE:
                    at = 2 * (start - second * RATE)
                    piece = burst[: len(chunk) - at]
                    chunk[at : at + len(piece)] = piece
            out.writeframes(bytes(chunk))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=20.0, help="length of the recording")
    parser.add_argument("--every", type=float, default=60.0, help="seconds between bursts")
    parser.add_argument("--lead", type=float, default=2.5, help="real seconds before a burst")
    parser.add_argument("--real-time", action="store_true", help="no jumps: the whole length")
    args = parser.parse_args()
    length = args.minutes * 60
    # Bursts at irregular fractions of a second: a WAV seeks to whole seconds only.
    bursts = [
        k * args.every + 0.5 + (k * 0.618034) % 0.45 for k in range(1, int(length // args.every))
    ]
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        raw, recording_path = home / "out.raw", home / "recording.wav"
        write_recording(recording_path, length, bursts)
        os.environ.update(SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(raw),
                          PYGAME_HIDE_SUPPORT_PROMPT="1")  # fmt: skip
        sys.setswitchinterval(0.0005)  # the file watch must not wait for the other threads
        watch = DiskFileWatch(raw)
        watch.start()
        bells = MixerBellPlayer(SilentBellPlayer())
        if not bells.start():
            sys.exit(f"the mixer did not start: {bells.failure}")
        jumping = JumpingClock()
        clock = SessionClock(jumping)

        def where() -> Cue | None:
            position = clock.elapsed()
            return None if position >= length else Cue(position, True)

        player = RecordingPlayer(recording_path, length, where, bells.music,
                                 settled=lambda: bells.settled)  # fmt: skip
        began = time.monotonic()
        player.start()
        moments = []  # the monotonic moment the practice clock reaches each burst
        for at in bursts:
            elapsed = clock.elapsed()
            if not args.real_time and at - elapsed > args.lead:
                jumping.offset += at - args.lead - elapsed  # over the quiet stretch
                player.poke()  # as the player's skip does
            moments.append(time.monotonic() + at - clock.elapsed())
            time.sleep(max(0.0, moments[-1] + 0.6 - time.monotonic()))
        wall = time.monotonic() - began
        player.close()
        bells.close()
        watch.stop()
        errors = onset_errors(raw, moments, watch)
    found = [1000 * e for e in errors if e == e]
    if os.environ.get("BENCH_VERBOSE"):
        print("  each (ms):", " ".join(f"{ms:+.0f}" for ms in found))
    print(f"{len(bursts)} bursts over {length / 60:.0f} minutes of recording in {wall / 60:.1f} "
          f"minutes of wall time ({'real time' if args.real_time else 'compressed'}); "
          f"WAV at {RATE} Hz; load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"  bursts found: {len(found)} of {len(bursts)}")
    if found:
        tenth = max(1, len(found) // 10)
        print(f"  heard after the practice clock reached them: mean {statistics.fmean(found):+.1f} "
              f"ms, min {min(found):+.1f}, max {max(found):+.1f}, stdev "
              f"{statistics.pstdev(found):.1f}")  # fmt: skip
        print(f"  drift: first tenth mean {statistics.fmean(found[:tenth]):+.1f} ms, last tenth "
              f"{statistics.fmean(found[-tenth:]):+.1f} ms")  # fmt: skip
    print(f"  corrections: {player.holds} holds (ahead), {player.seeks} seeks (skips, behind)")
    speed = watch.speed()
    print(f"  disk file ran {100 * (speed - 1):+.2f}% against the wall clock: uncorrected, "
          f"{(speed - 1) * length:+.1f} s over the recording")  # fmt: skip


if __name__ == "__main__":
    main()
