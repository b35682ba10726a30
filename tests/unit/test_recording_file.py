"""A session's own recording (issue 12): read without pygame, named in `check`."""

from __future__ import annotations

import importlib.util
import math
import struct
import wave
from pathlib import Path

import pytest

from mbsr_tui.core.loader import load_session, validate
from mbsr_tui.core.recording_file import RecordingProblem, read_recording, sniff
from mbsr_tui.core.timeline import Timeline

# pygame ships small example recordings: real OGG Vorbis and MP3 files to read.
PYGAME_DATA = Path(importlib.util.find_spec("pygame").origin).parent / "examples" / "data"


def write_wav(path: Path, seconds: float, bursts=(), rate: int = 44100) -> Path:
    frames = bytearray(int(seconds * rate) * 2)
    for at in bursts:
        for i in range(int(0.05 * rate)):
            value = int(12000 * math.sin(2 * math.pi * 880 * i / rate))
            struct.pack_into("<h", frames, (int(at * rate) + i) * 2, value)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


def test_a_wav_is_read_by_the_standard_library(tmp_path):
    info = read_recording(write_wav(tmp_path / "a.wav", 2.5))
    assert (info.format, info.seconds) == ("WAV", 2.5)


@pytest.mark.parametrize("name, kind", [("house_lo.ogg", "OGG"), ("house_lo.mp3", "MP3")])
def test_ogg_and_mp3_are_read_by_mutagen(name, kind):
    info = read_recording(PYGAME_DATA / name)
    assert info.format == kind
    assert 7.0 < info.seconds < 7.4


def test_the_format_is_told_by_the_content_not_the_name(tmp_path):
    disguised = tmp_path / "talk.mp3"
    disguised.write_bytes((PYGAME_DATA / "house_lo.ogg").read_bytes())
    assert read_recording(disguised).format == "OGG"
    assert sniff(b"RIFF\0\0\0\0WAVE") == "WAV"
    assert sniff(b"fLaC\0\0\0\0\0\0\0\0") == "FLAC"
    assert sniff(b"hello, world") is None


@pytest.mark.parametrize(
    "content, said",
    [
        (b"", "the file is empty"),
        (b"just some text\n", "not a recording mbsr-tui can play (WAV, OGG or MP3)"),
        (b"\xff\xfb" + b"junk" * 200, "a damaged MP3 file"),
        (b"OggS" + b"\0" * 40, "an OGG file of a kind mbsr-tui cannot play"),
        (b"RIFF\x10\0\0\0WAVEjunkjunk", "a damaged WAV file"),
    ],
)
def test_what_cannot_be_played_is_said_plainly(tmp_path, content, said):
    path = tmp_path / "bad.ogg"
    path.write_bytes(content)
    with pytest.raises(RecordingProblem) as problem:
        read_recording(path)
    assert str(problem.value).startswith(said)


def test_a_silent_wav_of_no_length_is_refused(tmp_path):
    with pytest.raises(RecordingProblem, match="holds no sound"):
        read_recording(write_wav(tmp_path / "none.wav", 0))


# -- in a session file ------------------------------------------------------------------


def session_file(folder: Path, audio: str, extra: str = "") -> Path:
    path = folder / "own.toml"
    path.write_text(f'title = "My teacher"\nprepare_seconds = 0\n{extra}\naudio = "{audio}"\n')
    return path


def test_the_practice_lasts_as_long_as_its_recording(tmp_path):
    write_wav(tmp_path / "clicks.wav", 8.0, bursts=(2, 6))
    session = load_session(session_file(tmp_path, "clicks.wav"))
    assert session.audio == tmp_path / "clicks.wav"
    assert session.audio_seconds == 8.0
    timeline = Timeline(session)
    assert timeline.length == 8.0
    assert [e.at for e in timeline.events if e.sound] == [0.0, 8.0]  # start and end bells


def test_minutes_or_steps_say_otherwise(tmp_path):
    write_wav(tmp_path / "clicks.wav", 8.0)
    assert load_session(session_file(tmp_path, "clicks.wav", "minutes = 1")).default_seconds == 60
    stepped = tmp_path / "stepped.toml"
    stepped.write_text(
        'title = "T"\naudio = "clicks.wav"\n[[steps]]\ntitle = "Feet"\nprompt = ""\nseconds = 5\n'
    )
    assert load_session(stepped).default_seconds == 5


def test_an_absolute_path_is_taken_as_it_is(tmp_path):
    elsewhere = tmp_path / "music"
    elsewhere.mkdir()
    recording = write_wav(elsewhere / "scan.wav", 3.0)
    folder = tmp_path / "sessions"
    folder.mkdir()
    assert load_session(session_file(folder, str(recording))).audio == recording


def test_check_names_a_missing_recording_with_its_line(tmp_path):
    path = session_file(tmp_path, "nowhere/my-body-scan.ogg")
    session, problems = validate(path)
    assert session is None
    assert [str(p) for p in problems] == [
        f"{path}:4: 'audio' names 'nowhere/my-body-scan.ogg', which does not exist "
        f"(looked for {tmp_path / 'nowhere' / 'my-body-scan.ogg'})"
    ]


def test_check_names_an_unplayable_recording_with_its_line(tmp_path):
    (tmp_path / "scan.mp3").write_bytes(b"\xff\xfb" + b"junk" * 200)
    path = session_file(tmp_path, "scan.mp3")
    _, problems = validate(path)
    assert [str(p) for p in problems] == [
        f"{path}:4: 'audio': 'scan.mp3' cannot be played: a damaged MP3 file "
        "(can't sync to MPEG frame)"
    ]


def test_check_refuses_an_empty_name_and_a_folder(tmp_path):
    _, problems = validate(session_file(tmp_path, ""))
    assert "'audio' is empty" in str(problems[0])
    (tmp_path / "folder").mkdir()
    _, problems = validate(session_file(tmp_path, "folder"))
    assert "which is not a file" in str(problems[0])


def test_a_wav_whose_sound_pygame_cannot_decode_is_refused_by_check(tmp_path):
    """An AC-3 stream in a WAV: its header reads, its sound would fail only when played."""
    data = b"\0" * 44100 * 2
    fmt = struct.pack("<HHIIHH", 0x2000, 1, 44100, 88200, 2, 16)
    body = b"WAVEfmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(data)) + data
    path = tmp_path / "ac3.wav"
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    with pytest.raises(RecordingProblem, match=r"a WAV file in a format .* \(format 0x2000\)"):
        read_recording(path)


# -- the length is what can be played (issue 21, item 18) -------------------------------------


def _claiming(path: Path, seconds: float, rate: int = 44100, block: int = 2) -> Path:
    """`path` (a WAV written by `write_wav`) with its header claiming `seconds` of sound."""
    data = bytearray(path.read_bytes())
    claimed = int(seconds * rate) * block
    at = data.index(b"data")
    data[at + 4 : at + 8] = claimed.to_bytes(4, "little")
    data[4:8] = (claimed + at).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def test_a_wav_whose_header_claims_ten_minutes_but_holds_one_second_lasts_one_second(tmp_path):
    wav = _claiming(write_wav(tmp_path / "claims.wav", 1.0), 600)
    assert read_recording(wav).seconds == pytest.approx(1.0)
    session_file = tmp_path / "talk.toml"
    session_file.write_text('title = "Talk"\naudio = "claims.wav"\n')
    session, problems = validate(session_file)
    assert problems == [] and session is not None
    assert session.audio_seconds == pytest.approx(1.0) and session.default_minutes == 1
    assert Timeline(session).length == pytest.approx(1.0)


def test_a_streamed_wav_of_unknown_size_is_as_long_as_its_bytes(tmp_path):
    wav = write_wav(tmp_path / "stream.wav", 2.0)
    data = bytearray(wav.read_bytes())
    at = data.index(b"data")
    data[at + 4 : at + 8] = b"\xff\xff\xff\xff"  # "to the end", as a recorder writing live does
    wav.write_bytes(bytes(data))
    assert read_recording(wav).seconds == pytest.approx(2.0)


def test_a_wav_cut_mid_frame_counts_whole_frames_and_ignores_what_follows_its_sound(tmp_path):
    wav = write_wav(tmp_path / "cut.wav", 1.0)
    wav.write_bytes(wav.read_bytes()[:-4411])  # 2,205 frames and half of another gone
    assert read_recording(wav).seconds == pytest.approx((44100 - 2206) / 44100)
    tail = write_wav(tmp_path / "tail.wav", 1.0)
    tail.write_bytes(tail.read_bytes() + b"LIST" + (1000).to_bytes(4, "little") + b"\0" * 1000)
    assert read_recording(tail).seconds == pytest.approx(1.0)


def test_chunks_before_the_sound_are_walked_over(tmp_path):
    wav = write_wav(tmp_path / "list.wav", 1.5)
    data = wav.read_bytes()
    at = data.index(b"data")
    note = b"LIST" + (7).to_bytes(4, "little") + b"INFOabc" + b"\0"  # odd size: padded
    wav.write_bytes(data[:at] + note + data[at:])
    assert read_recording(wav).seconds == pytest.approx(1.5)


def test_a_wav_without_its_sound_or_format_is_refused(tmp_path):
    wav = write_wav(tmp_path / "nodata.wav", 1.0)
    data = wav.read_bytes()
    wav.write_bytes(data[: data.index(b"data")])
    with pytest.raises(RecordingProblem, match="holds no sound data"):
        read_recording(wav)


def _mp3_claiming(seconds: float, holding: float) -> bytes:
    """MPEG-1 layer III frames (128 kbit/s, 44.1 kHz) after a VBR (Xing) header that says
    how many frames there are: it claims `seconds`, the file holds `holding`."""
    header, size = bytes([0xFF, 0xFB, 0x90, 0x00]), 417

    def frame(body: bytes = b"") -> bytes:
        return (header + body).ljust(size, b"\0")

    claimed = int(seconds * 44100 / 1152)
    xing = frame(b"\0" * 32 + b"Xing" + (1).to_bytes(4, "big") + claimed.to_bytes(4, "big"))
    return xing + frame() * int(holding * 44100 / 1152)


def test_an_mp3_whose_vbr_header_claims_ten_minutes_lasts_what_its_frames_hold(tmp_path):
    mp3 = tmp_path / "claims.mp3"
    mp3.write_bytes(_mp3_claiming(600, 1.0))
    assert read_recording(mp3).seconds == pytest.approx(1.0, abs=0.05)
    honest = tmp_path / "honest.mp3"
    honest.write_bytes(_mp3_claiming(1.0, 1.0))
    assert read_recording(honest).seconds == pytest.approx(1.0, abs=0.05)


def test_an_mp3_cut_short_lasts_what_is_left(tmp_path):
    cut = tmp_path / "cut.mp3"
    cut.write_bytes((PYGAME_DATA / "house_lo.mp3").read_bytes()[: 116320 // 4])
    assert read_recording(cut).seconds == pytest.approx(7.27 / 4, abs=0.1)


def test_an_ogg_whose_last_page_claims_hours_is_refused_as_damaged(tmp_path):
    data = bytearray((PYGAME_DATA / "house_lo.ogg").read_bytes())
    last = data.rindex(b"OggS")
    ten_hours = 10 * 3600 * 11025  # in samples at the file's rate
    data[last + 6 : last + 14] = ten_hours.to_bytes(8, "little")  # the page's granule position
    ogg = tmp_path / "claims.ogg"
    ogg.write_bytes(bytes(data))
    with pytest.raises(RecordingProblem, match=r"a damaged OGG file .* claims 600 minutes"):
        read_recording(ogg)


def test_a_fifo_named_as_a_recording_is_refused_without_waiting(tmp_path):
    import os

    fifo = tmp_path / "talk.wav"
    os.mkfifo(fifo)
    with pytest.raises(RecordingProblem, match="not a file"):
        read_recording(fifo)
