"""What a hostile rooms folder costs `group list` and `group join` (issue 21, items 2 and 4).

    sudo python bench/group_listing.py [--rooms 150] [--junk 10000] [--repo PATH]

Builds a rooms folder as an administrator makes it (root's, mode 1777) in which another
account (uid 65534, files chowned to it) has put `--junk` empty files and `--rooms` rooms
of about 250 KB each (each a different valid practice of a few hundred long steps, the
most a reader must check), each with a fresh presence so that a list shows it; then one
real room hosted by this account, with its presence. It prints the wall time and peak
memory (max RSS) of `mbsr-tui group list` and of what `group join ROOM` does before its
screen opens (finding and reading the room), each in a fresh process, and whether the
real room was found. `--repo` measures another checkout (its code read from there, the
folder built by this one), e.g. /work/main for a before/after.
Needs root (chown to 65534).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mbsr_tui.core.catalogue import load_catalogue  # noqa: E402
from mbsr_tui.core.group import presence as here  # noqa: E402
from mbsr_tui.core.group.folder import MAX_FILE_BYTES  # noqa: E402
from mbsr_tui.core.group.room import ROOM_SUFFIX, encode  # noqa: E402
from mbsr_tui.core.group.rooms import Seat  # noqa: E402

OTHER = 65534

MEASURE = r"""
import resource, sys, time, io, contextlib
sys.path.insert(0, sys.argv[1])
folder, what, room_id = sys.argv[2], sys.argv[3], sys.argv[4]
started = time.monotonic()
if what == "list":
    from mbsr_tui.__main__ import main
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(["group", "list", "--rooms", folder])
    found = room_id in out.getvalue()
else:
    from pathlib import Path
    try:  # where find lives since issue 21; before, in rooms
        from mbsr_tui.core.group.listing import find
    except ImportError:
        from mbsr_tui.core.group.rooms import find
    listing, message = find(Path(folder), room_id)
    found = listing is not None
took = time.monotonic() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{took:.3f} {rss:.0f} {found}")
"""


def big_session(where: Path):
    """A valid practice whose room is just under the readers' limit."""
    from mbsr_tui.core.loader import validate

    prompt = "Notice the breath, the body, the sounds around you. " * 9
    steps = "".join(f'[[steps]]\ntitle = "Part {n}"\nprompt = "{prompt}"\nseconds = 5\n\n'
                    for n in range(480))  # fmt: skip
    path = where / "huge.toml"
    path.write_text(f'title = "Huge"\nkind = "sitting"\nposture = "sitting"\n\n{steps}')
    session, problems = validate(path)
    assert session is not None, problems
    return replace(session, source=None)


def build(folder: Path, rooms: int, junk: int) -> str:
    session = replace(load_catalogue().get("body-scan"), source=None)
    host = Seat.open_room(folder, session, 600.0, starts_at=time.time() + 600, name="Anna")
    now = time.time()
    for n in range(junk):
        path = folder / f"junk-{n:06d}"
        path.touch()
        os.chown(path, OTHER, OTHER)
    big = big_session(folder.parent)
    template = replace(host.room, host_member="", session=big)
    for n in range(rooms):
        room = replace(template, id=f"flood-{n:04d}", session=replace(big, title=f"Huge {n}"))
        data = encode(room)
        assert len(data) <= MAX_FILE_BYTES, len(data)
        path = folder / f"{room.id}{ROOM_SUFFIX}"
        path.write_bytes(data)
        os.chown(path, OTHER, OTHER)
        member = f"{n:016x}"
        me = here.Presence(room.id, member, now, now, "Anna", True, OTHER)
        path = folder / here.file_name(room.id, member)
        path.write_bytes(here.encode(me))
        os.chown(path, OTHER, OTHER)
    return host.room.id


def measure(repo: Path, folder: Path, what: str, room_id: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(repo), str(folder), what, room_id],
        capture_output=True, text=True, timeout=600, env={**os.environ, "HOME": "/nonexistent"},
    )  # fmt: skip
    if done.returncode != 0:
        return f"failed: {done.stderr.strip().splitlines()[-1:]}"
    took, rss, found = done.stdout.split()
    return f"{float(took):7.2f} s  max RSS {rss:>4} MB  real room found: {found}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=150, help="other account's 256 KB rooms")
    parser.add_argument("--junk", type=int, default=10_000, help="other account's empty files")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout to measure")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("needs root: the other account's files are chowned to 65534", file=sys.stderr)
        return 2
    top = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="mbsr-bench-rooms-", dir=top) as made:
        Path(made).chmod(0o755)
        folder = Path(made) / "rooms"
        folder.mkdir()
        folder.chmod(0o1777)
        room_id = build(folder, args.rooms, args.junk)
        print(f"{args.repo}: {args.rooms} rooms of ~250 KB and {args.junk} empty files by uid "
              f"{OTHER}, one real room ({room_id}) in {folder}")  # fmt: skip
        print(f"  group list:          {measure(args.repo, folder, 'list', room_id)}")
        print(f"  group join {room_id}: {measure(args.repo, folder, 'join', room_id)}")
        print(f"  group list (again):  {measure(args.repo, folder, 'list', room_id)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
