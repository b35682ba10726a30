"""A hundred people sitting together on this machine: CPU, memory, bytes, and every bell.

    python bench/group_scale.py --people 10,50,100 --minutes 5 [--interval 30] [--lead S]

For each N: one host and N joiners, each the installed `mbsr-tui` in its own real pty
(os.openpty, 80x24, its own XDG folders), all in one private rooms folder, `--bell
terminal`. The host runs `group start PRACTICE --in ...` (a sitting with a bell every
`--interval` seconds, no getting ready: the start bell is the room's first moment); the
joiners `group join ROOM` one after another during the lead. This process reads every
pty and time-stamps every chunk (wall clock, the clock the room's moments are on); a BEL
outside an OSC sequence is a bell. Printed per N:
  - CPU of a core per person over the sitting (median of the guests, and the host),
    all together, RSS (median, max), bytes/s a person's terminal receives;
  - each bell's spread across people and lateness against its moment (the room's start
    plus the timeline's event, as every participant computes it), the start bell apart.
CPU and RSS come from /proc (utime+stime at the start and just before the end).

Run as root, each person is an account of their own (uids from 60000, `setpriv`, no
account made), as people on a shared host are: one account's presences count for at
most a few in a room (the flood rule), so a crowd of one account is not a crowd. Not
root: everyone is this account, and the count shows at most that few (said so).

Every process started is in its own session (process group); all are ended, whatever
happens (the end, Ctrl+C, SIGTERM, SIGHUP, an exception): try/finally, atexit and
signal handlers all lead to the same `Crowd.end_all`. The pty reader runs in a thread
of this process, so on a loaded machine its own delay is in the figures (an upper bound).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import fcntl
import os
import selectors
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PRACTICE = """\
title = "Group scale bench"
kind = "sitting"
posture = "sitting"
minutes = {minutes}
prepare_seconds = 0

[bells]
start = true
end = true
interval_seconds = {interval}
"""
SETTINGS = "seen_care_note = true\ncheckins = false\n"
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Person:
    """One participant: a process on a pty, and what its terminal received."""

    name: str
    process: subprocess.Popen
    master: int
    bells: list[float] = field(default_factory=list)
    received: int = 0
    in_osc: bool = False
    after_esc: bool = False
    cpu_marks: list[float] = field(default_factory=list)
    rss_kb: int = 0

    def take(self, chunk: bytes, moment: float) -> None:
        """Count the bytes; note a BEL outside `ESC ] ... (BEL | ESC \\)` as a bell."""
        self.received += len(chunk)
        for byte in chunk:
            if self.in_osc:
                if byte == 7 or (self.after_esc and byte == 0x5C):
                    self.in_osc = False
                self.after_esc = byte == 0x1B
                continue
            if self.after_esc and byte == 0x5D:
                self.in_osc = True
                self.after_esc = False
                continue
            self.after_esc = byte == 0x1B
            if byte == 7:
                self.bells.append(moment)

    def cpu_seconds(self) -> float | None:
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime

    def note_rss(self) -> None:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    self.rss_kb = int(line.split()[1])


class Crowd:
    """Every process this bench started, and the one way they all end."""

    def __init__(self) -> None:
        self.people: list[Person] = []
        self._ended = False
        self._selector = selectors.DefaultSelector()
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()

    def spawn(self, name: str, argv: list[str], env: dict[str, str]) -> Person:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        try:
            process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                       start_new_session=True, close_fds=True)  # fmt: skip
        finally:
            os.close(slave)
        os.set_blocking(master, False)
        person = Person(name, process, master)
        self.people.append(person)
        self._selector.register(master, selectors.EVENT_READ, person)
        return person

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                ready = self._selector.select(timeout=0.2)
            except (OSError, ValueError, KeyError):
                time.sleep(0.05)  # registered while selecting; look again
                continue
            moment = time.time()
            for key, _ in ready:
                person: Person = key.data
                try:
                    chunk = os.read(key.fd, 65536)
                except BlockingIOError:
                    continue
                except OSError:  # EIO: the process has gone and the pty with it
                    chunk = b""
                if not chunk:
                    with contextlib.suppress(KeyError, ValueError):
                        self._selector.unregister(key.fd)
                    continue
                person.take(chunk, moment)

    def end_all(self) -> None:
        """End every process started (their whole process groups), then the reader."""
        if self._ended:
            return
        self._ended = True
        for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            alive = [p for p in self.people if p.process.poll() is None]
            for person in alive:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(person.process.pid, sig)
            deadline = time.monotonic() + wait
            for person in alive:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    person.process.wait(max(0.0, deadline - time.monotonic()))
        for person in self.people:  # a process group's stragglers (none expected)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(person.process.pid, signal.SIGKILL)
        self._stop.set()
        self._reader.join(2)
        for person in self.people:
            with contextlib.suppress(OSError):
                os.close(person.master)


def _ended_by_signal(signum, _frame) -> None:
    raise SystemExit(128 + signum)  # unwinds through every `finally`


def _command() -> str:
    import shutil

    return shutil.which("mbsr-tui") or str(Path(sys.executable).parent / "mbsr-tui")


FIRST_UID = 60000


def _as(uid: int | None, argv: list[str]) -> list[str]:
    if uid is None:
        return argv
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--", *argv]


def _env(home: Path, rooms: Path, uid: int | None = None) -> dict[str, str]:
    (home / "config" / "mbsr-tui").mkdir(parents=True)
    (home / "config" / "mbsr-tui" / "settings.toml").write_text(SETTINGS)
    if uid is not None:
        for path in (home, home / "config", home / "config" / "mbsr-tui",
                     home / "config" / "mbsr-tui" / "settings.toml"):  # fmt: skip
            os.chown(path, uid, uid)
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "USER", "LOGNAME")}
    return {**keep, "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "XDG_STATE_HOME": str(home / "state"),
            "MBSR_TUI_ROOMS": str(rooms), "TERM": "xterm-256color", "LANG": "C.UTF-8",
            "SDL_AUDIODRIVER": "dummy", "PYTHONDONTWRITEBYTECODE": "1"}  # fmt: skip


def _room(rooms: Path, deadline: float):
    from mbsr_tui.core.group.room import decode

    while time.time() < deadline:
        for path in rooms.glob("*.room"):
            with contextlib.suppress(Exception):
                return decode(path.read_bytes(), now=time.time(), file_id=path.stem)
        time.sleep(0.1)
    raise RuntimeError("the host's room never appeared")


def _wait_until(moment: float) -> None:
    while (left := moment - time.time()) > 0:
        time.sleep(min(left, 1.0))


def sit(size: int, minutes: float, interval: float, lead: float, work: Path) -> dict:
    """One sitting of a host and `size` joiners; what was measured."""
    from mbsr_tui.core.timeline import Timeline

    accounts = os.geteuid() == 0
    rooms = work / "rooms"
    rooms.mkdir()
    if accounts:
        work.chmod(0o755)
        rooms.chmod(0o1777)  # as an administrator makes it
    else:
        rooms.chmod(0o700)
        print("  not root: everyone is one account (a room counts at most 16 of one)")
    practice = work / "practice.toml"
    practice.write_text(PRACTICE.format(minutes=minutes, interval=interval))
    flags = ["--bell", "terminal", "--no-checkin", "--exit-at-end"]
    crowd = Crowd()
    atexit.register(crowd.end_all)
    try:
        command = _command()
        start = [command, "group", "start", str(practice), "--in", f"{lead / 60}", *flags]
        host_uid = FIRST_UID if accounts else None
        crowd.spawn("host", _as(host_uid, start), _env(work / "host", rooms, host_uid))
        room = _room(rooms, time.time() + 60)
        # The last joins half a minute before the start: starting a Textual app on a busy
        # machine takes seconds, and a person still starting up is not on time by design.
        gap = max(0.05, (room.starts_at - time.time() - 30) / max(1, size))
        for n in range(size):
            uid = FIRST_UID + 1 + n if accounts else None
            join = [command, "group", "join", room.id, *flags]
            crowd.spawn(f"p{n}", _as(uid, join), _env(work / f"p{n}", rooms, uid))
            time.sleep(gap)
        late = time.time() - room.starts_at
        if late > -20:
            print(f"  warning: the last joiner started {late:+.1f} s from the start", flush=True)
        moments = [room.starts_at + e.at for e in Timeline(room.session, room.seconds).events
                   if e.sound]  # fmt: skip
        end = room.starts_at + room.seconds
        _wait_until(room.starts_at - 0.5)
        first = [p.cpu_seconds() for p in crowd.people]
        bytes_first = [p.received for p in crowd.people]
        began = time.time()
        _wait_until(end - 1.0)
        last = [p.cpu_seconds() for p in crowd.people]
        bytes_last = [p.received for p in crowd.people]
        span = time.time() - began
        for person in crowd.people:
            person.note_rss()
        load = os.getloadavg()
        deadline = time.time() + 40
        while time.time() < deadline and any(p.process.poll() is None for p in crowd.people):
            time.sleep(0.5)
        time.sleep(0.5)  # the reader takes the last bytes
        cpu = [None if a is None or b is None else (b - a) / span * 100
               for a, b in zip(first, last, strict=True)]  # fmt: skip
        rates = [(b - a) / span for a, b in zip(bytes_first, bytes_last, strict=True)]
        return _figures(crowd.people, cpu, rates, moments, load)
    finally:
        crowd.end_all()


def _figures(people: list[Person], cpu, rates, moments: list[float], load) -> dict:
    heard = [len(p.bells) for p in people]
    spreads, lateness, start_late, each = [], [], [], []
    for index, moment in enumerate(moments):
        times = [p.bells[index] for p in people if index < len(p.bells)]
        if len(times) < 2:
            continue
        spreads.append((max(times) - min(times)) * 1000)
        late = [(t - moment) * 1000 for t in times]
        lateness.append(max(late, key=abs))
        each.append(f"{index}: {spreads[-1]:.0f}/{lateness[-1]:.0f}")
        if index == 0:
            start_late = sorted(late)
    guests = [c for c in cpu[1:] if c is not None]
    return {
        "people": len(people),
        "cpu_guest": statistics.median(guests) if guests else float("nan"),
        "cpu_host": cpu[0] if cpu[0] is not None else float("nan"),
        "cpu_all": sum(c for c in cpu if c is not None),
        "rss_mb": statistics.median(p.rss_kb for p in people) / 1024,
        "rss_max_mb": max(p.rss_kb for p in people) / 1024,
        "bytes_s": statistics.median(rates),
        "bells": len(moments),
        "heard": (min(heard), max(heard)),
        "spread": (statistics.median(spreads), max(spreads)) if spreads else (0, 0),
        "late": (statistics.median(lateness), max(lateness, key=abs)) if lateness else (0, 0),
        "start": (start_late[0], start_late[-1]) if start_late else (0, 0),
        "load": load,
        "each": each,
    }


def _table(rows: list[dict]) -> str:
    head = ("| people | CPU per guest (median) | host | all together | RSS median / max | "
            "bytes/s | bells heard | spread median / worst | late median / worst | "
            "start bell late (first…last) | load 1/5 min |")  # fmt: skip
    lines = [head, "|" + "---|" * 11]
    for r in rows:
        lines.append(
            f"| {r['people']} | {r['cpu_guest']:.2f} % | {r['cpu_host']:.2f} % | "
            f"{r['cpu_all']:.0f} % | {r['rss_mb']:.0f} / {r['rss_max_mb']:.0f} MB | "
            f"{r['bytes_s']:.0f} | {r['heard'][0]}–{r['heard'][1]} of {r['bells']} | "
            f"{r['spread'][0]:.1f} / {r['spread'][1]:.1f} ms | "
            f"{r['late'][0]:.1f} / {r['late'][1]:.1f} ms | "
            f"{r['start'][0]:.0f}…{r['start'][1]:.0f} ms | "
            f"{r['load'][0]:.2f} / {r['load'][1]:.2f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", default="10,50,100",
                        help="joiners per run, comma-separated (and a host)")  # fmt: skip
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--interval", type=float, default=30.0)
    parser.add_argument("--lead", type=float, default=None,
                        help="seconds to gather before the start (45 + 1.2 N)")  # fmt: skip
    args = parser.parse_args()
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, _ended_by_signal)
    rows = []
    for size in (int(n) for n in args.people.split(",")):
        lead = args.lead if args.lead is not None else 45 + 1.2 * size
        print(f"N = {size} joiners + 1 host: {args.minutes:g} min, a bell every "
              f"{args.interval:g} s, {lead:.0f} s to gather; load {os.getloadavg()[0]:.2f}",
              flush=True)  # fmt: skip
        with tempfile.TemporaryDirectory(prefix="mbsr-group-scale-") as work:
            rows.append(sit(size, args.minutes, args.interval, lead, Path(work)))
        print(_table(rows[-1:]), flush=True)
        print("  each bell, spread/worst late (ms): " + ", ".join(rows[-1]["each"]), flush=True)
    print()
    print(_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
