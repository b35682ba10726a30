"""How far apart do two people's bells ring in a group sitting? Terminal BELs, measured.

    python bench/group_bells.py [--minutes 10] [--interval 30] [--people 2]

Two (or more) real terminals: tmux panes on separate tmux servers, each running the
installed `mbsr-tui` with its own XDG folders, sharing one private rooms folder. The
first runs `group start` (the practice starts 20 s later for everyone, `--in`), the
others `group join` during the wait, all with `--bell terminal`. Every byte each app
writes is piped (`tmux pipe-pane`) into a small recorder (this script with `--stamp`)
that notes the wall-clock moment each chunk arrives; after the sitting, BEL characters
outside OSC sequences (Textual's start-up sends `ESC ] ... BEL`) give each person's bell
moments. Bells are paired in order and the spread of each pair is reported (worst and
median over the sitting), with how far each bell was from its scheduled moment.

Not compressed: the sitting runs in real time (a 10-minute sitting takes 10 minutes).
The time every participant derives is the shared wall clock, read by separate processes,
so a jump in one process's clock (as bench/bell_timing.py does in-process) would not be
a group any more; `--minutes 2 --interval 10` gives a quicker, smaller run.

The figures include tmux's own relaying (the pane's pty read, the pipe to the recorder),
which is alike for every pane; they are an upper bound of what the terminals show.

Measured (2 cores, Python 3.11, textual 8.2.8; 10 minutes, a bell every 30 s, 2 people,
other tests running on the machine part of the time):
  bells heard per person: [21, 21]
  spread between people: median 0.4 ms, worst 2.0 ms, mean 0.6 ms
  each bell against its schedule (from the first): median -0.6 ms, worst 16.2 ms
Before the player was asked again exactly at the start, the first bell came at the
player's next frame: the spread was the same (median 1.3 ms, worst 14.1 ms) but every
later bell was 36 ms "early" against the late first one.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OSC = re.compile(rb"\x1b\][^\x07\x1b]*(\x07|\x1b\\)")
RECORD = struct.Struct("<dI")

PRACTICE = """\
title = "Group bells bench"
kind = "sitting"
posture = "sitting"
minutes = {minutes}
prepare_seconds = 0

[bells]
start = true
end = true
interval_seconds = {interval}
"""


def stamp(out: str) -> None:
    """The recorder: every chunk from the pane, with the wall-clock moment it arrived."""
    with open(out, "ab", buffering=0) as log:
        while True:
            chunk = os.read(0, 65536)
            if not chunk:
                return
            log.write(RECORD.pack(time.time(), len(chunk)) + chunk)


def bell_moments(path: Path) -> list[float]:
    data = path.read_bytes()
    stream = bytearray()
    moments: list[float] = []  # the arrival moment of each byte's chunk, by chunk start
    starts: list[int] = []
    at = 0
    while at + RECORD.size <= len(data):
        moment, size = RECORD.unpack_from(data, at)
        at += RECORD.size
        starts.append(len(stream))
        moments.append(moment)
        stream += data[at : at + size]
        at += size
    skip = [m.span() for m in OSC.finditer(bytes(stream))]
    bells = []
    chunk = 0
    for index in (i for i, byte in enumerate(stream) if byte == 7):
        if any(a <= index < b for a, b in skip):
            continue
        while chunk + 1 < len(starts) and starts[chunk + 1] <= index:
            chunk += 1
        bells.append(moments[chunk])
    return bells


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--interval", type=float, default=30.0)
    parser.add_argument("--people", type=int, default=2)
    parser.add_argument("--stamp", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stamp:
        stamp(args.stamp)
        return 0
    command = shutil.which("mbsr-tui") or str(Path(sys.executable).parent / "mbsr-tui")
    work = Path(tempfile.mkdtemp(prefix="mbsr-group-bench-"))
    rooms = work / "rooms"
    rooms.mkdir(mode=0o700)
    practice = work / "bench.toml"
    practice.write_text(PRACTICE.format(minutes=args.minutes, interval=args.interval))
    lead = 20.0
    servers = []
    try:
        for person in range(args.people):
            home = work / f"p{person}"
            (home / "config" / "mbsr-tui").mkdir(parents=True)
            (home / "config" / "mbsr-tui" / "settings.toml").write_text(
                "seen_care_note = true\ncheckins = false\n"
            )
            env = {"XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
                   "MBSR_TUI_ROOMS": str(rooms), "TERM": "xterm-256color", "LANG": "C.UTF-8",
                   "SDL_AUDIODRIVER": "dummy"}  # fmt: skip
            flags = "--bell terminal --no-checkin --exit-at-end"
            what = (f"group start {practice} --in {lead / 60} {flags}" if person == 0
                    else f"group join {flags}")  # fmt: skip
            exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
            server = ["tmux", "-L", f"mbsr-bench-{os.getpid()}-{person}", "-f", "/dev/null"]
            servers.append(server)
            inner = f"env {exports} {command} {what}; echo exit $?; sleep 30"
            subprocess.run([*server, "new-session", "-d", "-x", "80", "-y", "24", inner],
                           check=True)  # fmt: skip
            log = work / f"p{person}.stamps"
            recorder = f"{shlex.quote(sys.executable)} {shlex.quote(__file__)} --stamp {log}"
            subprocess.run([*server, "pipe-pane", "-o", recorder], check=True)
            time.sleep(4 if person == 0 else 0.5)
        total = lead + args.minutes * 60 + 15
        print(f"sitting for {total:.0f} s with {args.people} people (folder {work})...",
              flush=True)  # fmt: skip
        time.sleep(total)
    finally:
        for person, server in enumerate(servers):
            shown = subprocess.run([*server, "capture-pane", "-p", "-S", "-200"],
                                   capture_output=True, text=True).stdout  # fmt: skip
            (work / f"p{person}.screen").write_text(shown)
            subprocess.run([*server, "kill-server"], capture_output=True)
    heard = [bell_moments(work / f"p{person}.stamps") for person in range(args.people)]
    counts = [len(bells) for bells in heard]
    print(f"bells heard per person: {counts}")
    pairs = list(zip(*heard, strict=False))
    if not pairs:
        print("no bells to compare")
        return 1
    spreads = [1000 * (max(moments) - min(moments)) for moments in pairs]
    print(f"bells compared: {len(pairs)} (every {args.interval:g} s over {args.minutes:g} min)")
    print(f"spread between people: median {statistics.median(spreads):.1f} ms, "
          f"worst {max(spreads):.1f} ms, mean {statistics.fmean(spreads):.1f} ms")  # fmt: skip
    first = [moments[0] for moments in pairs]
    start = min(first) if first else 0.0
    drift = [1000 * (min(m) - start - i * args.interval) for i, m in enumerate(pairs[:-1])]
    if drift:
        print(f"first bell to each interval bell, against the schedule: median "
              f"{statistics.median(drift):.1f} ms, worst {max(drift, key=abs):.1f} ms")  # fmt: skip
    return 0 if len(set(counts)) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
