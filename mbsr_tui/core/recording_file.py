"""A person's own recording, read without playing it: its format and its length.

Core, so no pygame: WAV through the standard library's `wave`; OGG, MP3 (and FLAC, and
WAVs `wave` cannot read: float or WAVE_FORMAT_EXTENSIBLE) through `mutagen`, a small
pure-Python library, imported only when such a file is read. The format is told by the
file's first bytes, not its name. Playing is pygame's business (audio/recording.py).
"""

from __future__ import annotations

import math
import wave
from dataclasses import dataclass
from pathlib import Path

from mbsr_tui.core.safe_read import read_bytes

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
    """The format and length of the recording at `path`; `RecordingProblem` says why not."""
    try:
        head = read_bytes(path, 11, follow_links=True)  # never waits on a FIFO
    except OSError as err:
        raise RecordingProblem(f"cannot read the file ({err.strerror or err})") from None
    if not head:
        raise RecordingProblem("the file is empty")
    kind = sniff(head)
    if kind is None:
        raise RecordingProblem(f"not a recording mbsr-tui can play ({FORMATS})")
    try:
        seconds = _wav_seconds(path) if kind == "WAV" else None
        if seconds is None:
            seconds = _mutagen_seconds(path, kind)
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


def _wav_format_tag(path: Path) -> int | None:
    """The format tag of a WAV's `fmt ` chunk (None if there is none to be found)."""
    with open(path, "rb") as handle:
        head = handle.read(64 * 1024)
    at = 12
    while at + 8 <= len(head):
        size = int.from_bytes(head[at + 4 : at + 8], "little")
        if head[at : at + 4] == b"fmt " and at + 10 <= len(head):
            return int.from_bytes(head[at + 8 : at + 10], "little")
        at += 8 + size + (size & 1)
    return None


def _wav_seconds(path: Path) -> float | None:
    """The length of a PCM WAV, or None where `wave` cannot read the format."""
    tag = _wav_format_tag(path)
    if tag is not None and tag not in PLAYABLE_WAV_TAGS:
        raise RecordingProblem(f"a WAV file in a format mbsr-tui cannot play (format 0x{tag:04X})")
    try:
        with wave.open(str(path), "rb") as source:
            rate = source.getframerate()
            if rate <= 0:
                raise RecordingProblem("a damaged WAV file (its sample rate is 0)")
            return source.getnframes() / rate
    except wave.Error as err:
        if "unknown format" in str(err):
            return None  # float or extensible WAV: mutagen reads its header
        raise


def _mutagen_seconds(path: Path, kind: str) -> float:
    try:
        import mutagen
    except ImportError:  # a dependency; missing only in a broken install
        raise RecordingProblem(f"reading {kind} files needs the mutagen package") from None
    if kind == "MP3":
        from mutagen.mp3 import MP3

        found = MP3(path)
    elif kind == "WAV":
        from mutagen.wave import WAVE

        found = WAVE(path)
    else:
        found = mutagen.File(path)
        if found is None:
            raise RecordingProblem(f"an {kind} file of a kind mbsr-tui cannot play")
    return float(found.info.length)


def _said(err: Exception) -> str:
    text = str(err).strip().rstrip(".") or type(err).__name__
    return text[:80]
