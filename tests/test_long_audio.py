"""A 30-minute recording is transcribed and analysed in pieces, never loaded whole."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from simulator.asr import SpeechSpan, Transcript, Word, transcribe_stream
from simulator.audio import AudioClip, iter_audio, pcm16_bytes, read_audio

SPEECH = Path(__file__).resolve().parents[2] / "shared" / "speech"
RATE = 16_000


def write_long_wav(path: Path, minutes: float, inserts: dict[float, np.ndarray], rate: int = RATE) -> None:
    """Quiet room noise for ``minutes``, with clips dropped in at the given seconds; written a minute at a time."""
    rng = np.random.default_rng(1)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        for m in range(int(minutes)):
            block = (0.0005 * rng.standard_normal(60 * rate)).astype(np.float32)
            for at, clip in inserts.items():
                if m * 60 <= at < (m + 1) * 60:
                    i = int((at - m * 60) * rate)
                    block[i:i + len(clip)] += clip[: len(block) - i]
            w.writeframes(pcm16_bytes(block))


@dataclass
class RecordingTranscriber:
    """Notes the longest piece it is handed; 'hears' a word wherever the audio is loud."""

    pieces: list[float] = field(default_factory=list)
    model_id: str = "fake"

    def transcribe(self, clip: AudioClip, *, prompt: str | None = None) -> Transcript:
        self.pieces.append(clip.seconds)
        loud = np.where(np.abs(clip.samples) > 0.1)[0]
        if not len(loud):
            return Transcript((), clip.seconds, (), (), self.model_id)
        t = loud[0] / clip.sample_rate_hz
        return Transcript((Word("beep", t, t + 0.5, 0.9),), clip.seconds, (SpeechSpan(t, t + 0.5),), (), self.model_id)


def test_thirty_minutes_stream_in_pieces_with_exact_times(tmp_path):
    beep = (0.5 * np.sin(2 * np.pi * 440 * np.arange(RATE // 2) / RATE)).astype(np.float32)
    at = [5.0, 61.3, 599.9, 1200.0, 1795.0]
    path = tmp_path / "long.wav"
    write_long_wav(path, 30, {s: beep for s in at})
    fake = RecordingTranscriber()
    transcript, stats = transcribe_stream(fake, iter_audio(path))
    assert stats.duration_s == pytest.approx(1800.0)
    assert max(fake.pieces) <= 60.0 + 30.0 and stats.largest_piece_s <= 90.0  # never more than one piece held
    assert len(fake.pieces) >= 25
    starts = [w.start_s for w in transcript.words]
    assert len(starts) == len(at)
    assert starts == pytest.approx(at, abs=0.01)  # pieces are stitched back on the exact sample clock


def test_blocks_are_bounded_and_match_the_whole_file(tmp_path):
    rng = np.random.default_rng(2)
    stereo = (0.2 * rng.standard_normal((48_000 * 7, 2))).astype(np.float32)
    path = tmp_path / "stereo48k.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(48_000)
        w.writeframes((np.clip(stereo, -1, 1) * 32767).round().astype("<i2").tobytes())
    blocks = list(iter_audio(path, block_s=2.0))
    assert [b.num_samples for b in blocks] == [96_000, 96_000, 96_000, 48_000]
    whole = read_audio(path)
    assert np.array_equal(np.concatenate([b.samples for b in blocks]), whole.samples)


@pytest.mark.skipif(not (SPEECH / "control" / "jfk.flac").exists(), reason="needs ../shared/speech")
def test_transcribe_a_thirty_minute_recording_through_the_cli(tmp_path):
    jfk = read_audio(SPEECH / "control" / "jfk.flac").resampled(RATE).samples
    at = [30.0, 900.0, 1760.0]
    path = tmp_path / "thirty-minutes.wav"
    write_long_wav(path, 30, {s: jfk for s in at})
    # run in its own interpreter that reports its own peak: VmHWM belongs to this program's memory
    # (ru_maxrss would carry over the pytest process's peak through fork)
    code = ("import sys\nfrom pathlib import Path\nfrom simulator.cli import main\nrc = main(sys.argv[1:])\n"
            "hwm = [l for l in Path('/proc/self/status').read_text().splitlines() if l.startswith('VmHWM')]\n"
            "sys.stderr.write(f'PEAK_KB {hwm[0].split()[1]}\\n')\nsys.exit(rc)")
    res = subprocess.run([sys.executable, "-c", code, "transcribe", "--format", "json", str(path)],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    peak_mb = int(res.stderr.rsplit("PEAK_KB ", 1)[1].split()[0]) / 1024
    words = json.loads(res.stdout)["words"]
    firsts = [w["start_s"] for w in words if w["text"].strip(",.").lower() == "fellow"]
    assert len(firsts) == 3
    for want, got in zip(at, firsts, strict=True):
        assert want < got < want + 4.0
    print(f"30-minute transcribe: peak memory {peak_mb:.0f} MB")
    assert peak_mb < 900, f"peak memory {peak_mb:.0f} MB"
