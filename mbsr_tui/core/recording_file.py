"""A person's own recording, read without playing it: its format and its length.

Core, so no pygame: a WAV's chunks are read here; OGG, MP3 (and FLAC) through `mutagen`,
a small pure-Python library, imported only when such a file is read. The format is told by the
file's first bytes, not its name. Playing is pygame's business (audio/recording.py).
"""

from __future__ import annotations

import math
import os
import stat
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from mbsr_tui.core.words import plural

FORMATS = "WAV, OGG or MP3"  # what the messages name; FLAC plays too


class RecordingProblem(Exception):
    """Why a recording cannot be used, in words for the person (no path: the caller
    names the file)."""


@dataclass(frozen=True)
class RecordingInfo:
    format: str  # "WAV", "OGG", "MP3" or "FLAC"
    seconds: float


def sniff(head: bytes) -> str | None:
    """The format of a file starting with `head` (its first 12 bytes or more)."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "WAV"
    if head[:4] == b"OggS":
        return "OGG"
    if head[:4] == b"fLaC":
        return "FLAC"
    if head[:3] == b"ID3" or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "MP3"
    return None


def read_recording(path: Path) -> RecordingInfo:
    """The format and length of the recording at `path`; `RecordingProblem` says why not.

    The length is what can be played: a header is someone's claim, and a file cut short
    (a copy interrupted, a crafted header) holds less than it says. A WAV's length is
    counted from the sound bytes present; an MP3's is held to what its bytes can carry at
    its bit rate; an OGG or FLAC whose header claims more than its bytes could hold at
    any bit rate is refused as damaged.
    """
    try:
        # Never waits on a FIFO or a device: only a regular file is read.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        raise RecordingProblem(f"cannot read the file ({err.strerror or err})") from None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise RecordingProblem("not a file")
            head = handle.read(12)
        except OSError as err:
            raise RecordingProblem(f"cannot read the file ({err.strerror or err})") from None
        return _read(handle, head, info.st_size)


def _read(handle: BinaryIO, head: bytes, size: int) -> RecordingInfo:
    if not head:
        raise RecordingProblem("the file is empty")
    kind = sniff(head)
    if kind is None:
        raise RecordingProblem(f"not a recording mbsr-tui can play ({FORMATS})")
    try:
        seconds = _wav_seconds(handle, size) if kind == "WAV" else None
        if seconds is None:
            handle.seek(0)
            seconds = _mutagen_seconds(handle, kind, size)
    except RecordingProblem:
        raise
    except Exception as err:  # a damaged header: each library words it its own way
        raise RecordingProblem(f"a damaged {kind} file ({_said(err)})") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise RecordingProblem(f"the {kind} file holds no sound (its length is 0 seconds)")
    return RecordingInfo(kind, float(seconds))


# WAVE format tags SDL_mixer 2.6 decodes: PCM, MS ADPCM, IEEE float, A-law, mu-law, IMA
# ADPCM, and "extensible" (PCM or float inside). Any other (an MP3 or AC-3 stream in a
# WAV) has a readable header but would fail only when played.
PLAYABLE_WAV_TAGS = {0x0001, 0x0002, 0x0003, 0x0006, 0x0007, 0x0011, 0xFFFE}
# Formats of whole sample frames (`block_align` bytes each); the ADPCMs are counted by
# their average byte rate.
FRAMED_WAV_TAGS = {0x0001, 0x0003, 0x0006, 0x0007, 0xFFFE}
MAX_WAV_CHUNKS = 1000  # chunks walked before the sound; a real WAV has a handful
# No codec mbsr-tui plays carries sound in fewer bits a second than this (silence in FLAC
# or Vorbis comes near 1,000): an OGG or FLAC claiming a length its bytes could not hold
# even at this rate has a header that is not telling the truth.
MIN_BITS_PER_SECOND = 500


def _wav_seconds(handle: BinaryIO, size: int) -> float:
    """The length of the sound bytes a WAV holds: its `data` chunk, as far as the file
    goes (the chunk's size in the header is only an upper bound)."""
    fmt: bytes | None = None
    at = 12
    for _ in range(MAX_WAV_CHUNKS):
        handle.seek(at)
        header = handle.read(8)
        if len(header) < 8:
            break
        name, length = header[:4], int.from_bytes(header[4:], "little")
        body = at + 8
        if name == b"fmt ":
            fmt = handle.read(min(length, 40))
        elif name == b"data":
            if fmt is None:
                raise RecordingProblem("a damaged WAV file (its sound comes before its format)")
            return _wav_length(fmt, max(0, min(length, size - body)))
        at = body + length + (length & 1)
        if at >= size:
            break
    raise RecordingProblem("a damaged WAV file (it holds no sound data)")


def _wav_length(fmt: bytes, present: int) -> float:
    if len(fmt) < 16:
        raise RecordingProblem("a damaged WAV file (its format is cut short)")
    tag, _channels, rate, byte_rate, block_align, _bits = struct.unpack("<HHIIHH", fmt[:16])
    if tag not in PLAYABLE_WAV_TAGS:
        raise RecordingProblem(f"a WAV file in a format mbsr-tui cannot play (format 0x{tag:04X})")
    if rate <= 0:
        raise RecordingProblem("a damaged WAV file (its sample rate is 0)")
    if tag in FRAMED_WAV_TAGS and block_align > 0:
        return (present // block_align) / rate
    if byte_rate <= 0:
        raise RecordingProblem("a damaged WAV file (its byte rate is 0)")
    return present / byte_rate


def _mutagen_seconds(handle: BinaryIO, kind: str, size: int) -> float:
    try:
        import mutagen
    except ImportError:  # a dependency; missing only in a broken install
        raise RecordingProblem(f"reading {kind} files needs the mutagen package") from None
    if kind == "MP3":
        from mutagen.mp3 import MP3

        found = MP3(handle)
    else:
        found = mutagen.File(handle)
        if found is None:
            raise RecordingProblem(f"an {kind} file of a kind mbsr-tui cannot play")
    seconds = float(found.info.length)
    bitrate = float(getattr(found.info, "bitrate", 0) or 0)
    if kind == "MP3" and bitrate > 0:
        # An MP3's frames carry a fixed number of bits a second: a file cut short (or a
        # VBR header claiming more frames than there are) holds only what its bytes carry.
        return min(seconds, size * 8 / bitrate)
    if seconds > size * 8 / MIN_BITS_PER_SECOND:
        raise RecordingProblem(
            f"a damaged {kind} file (its header claims {plural(round(seconds / 60), 'minute')}, "
            f"more than its {size:,} bytes can hold)"
        )
    return seconds


def _said(err: Exception) -> str:
    text = str(err).strip().rstrip(".") or type(err).__name__
    return text[:80]
