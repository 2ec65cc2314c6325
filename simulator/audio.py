"""Audio value type, file reading and writing, resampling.

Pure: numpy and the standard library only (PyAV, which faster-whisper already depends on, is
imported lazily to decode compressed formats such as FLAC and MP3).
Time is always derived from sample counts: one second is exactly ``sample_rate_hz`` samples.
"""

from __future__ import annotations

import io
import os
import struct
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import AudioFileError

ASR_SAMPLE_RATE_HZ = 16_000


@dataclass(frozen=True, eq=False)
class AudioClip:
    """Mono float32 samples in [-1, 1] at ``sample_rate_hz``."""

    samples: np.ndarray
    sample_rate_hz: int

    def __post_init__(self) -> None:
        samples = np.asarray(self.samples, dtype=np.float32)
        if samples.ndim != 1:
            raise ValueError("AudioClip samples must be mono (1-D)")
        if self.sample_rate_hz <= 0:
            raise ValueError("sample_rate_hz must be positive")
        object.__setattr__(self, "samples", samples)

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate_hz

    @property
    def num_samples(self) -> int:
        return len(self.samples)

    def slice_s(self, start_s: float, end_s: float | None = None) -> AudioClip:
        a = max(0, int(round(start_s * self.sample_rate_hz)))
        b = len(self.samples) if end_s is None else int(round(end_s * self.sample_rate_hz))
        return AudioClip(self.samples[a:b], self.sample_rate_hz)

    def resampled(self, sample_rate_hz: int) -> AudioClip:
        return AudioClip(resample(self.samples, self.sample_rate_hz, sample_rate_hz), sample_rate_hz)

    def peak(self) -> float:
        return float(np.max(np.abs(self.samples))) if len(self.samples) else 0.0

    def rms(self) -> float:
        return float(np.sqrt(np.mean(self.samples.astype(np.float64) ** 2))) if len(self.samples) else 0.0

    @staticmethod
    def silence(seconds: float, sample_rate_hz: int = ASR_SAMPLE_RATE_HZ) -> AudioClip:
        return AudioClip(np.zeros(int(round(seconds * sample_rate_hz)), np.float32), sample_rate_hz)

    @staticmethod
    def concat(clips: list[AudioClip]) -> AudioClip:
        if not clips:
            return AudioClip(np.zeros(0, np.float32), ASR_SAMPLE_RATE_HZ)
        rate = clips[0].sample_rate_hz
        parts = [c.samples if c.sample_rate_hz == rate else c.resampled(rate).samples for c in clips]
        return AudioClip(np.concatenate(parts), rate)


def to_mono(samples: np.ndarray) -> np.ndarray:
    """Average channels; accepts (n,) or (n, channels)."""
    if samples.ndim == 1:
        return samples.astype(np.float32, copy=False)
    return samples.astype(np.float32).mean(axis=1)


def _lowpass_kernel(cutoff: float, taps: int = 63) -> np.ndarray:
    """Windowed-sinc low-pass FIR; cutoff as a fraction of the sample rate (0..0.5)."""
    n = np.arange(taps) - (taps - 1) / 2
    h = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(taps)
    return (h / h.sum()).astype(np.float32)


def resample(samples: np.ndarray, from_hz: int, to_hz: int) -> np.ndarray:
    """Resample mono audio: anti-alias low-pass when going down, then linear interpolation."""
    samples = np.asarray(samples, dtype=np.float32)
    if from_hz == to_hz or len(samples) == 0:
        return samples
    if to_hz < from_hz:
        samples = np.convolve(samples, _lowpass_kernel(0.45 * to_hz / from_hz), mode="same")
    n_out = int(round(len(samples) * to_hz / from_hz))
    t_out = np.arange(n_out, dtype=np.float64) * (from_hz / to_hz)
    return np.interp(t_out, np.arange(len(samples)), samples).astype(np.float32)


def pcm16_bytes(samples: np.ndarray) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2").tobytes()


def write_wav(path: str | os.PathLike[str], clip: AudioClip) -> None:
    """Write 16-bit PCM mono WAV atomically (temp file + rename)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(clip.sample_rate_hz)
        w.writeframes(pcm16_bytes(clip.samples))
    os.replace(tmp, path)


def wav_bytes(clip: AudioClip) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(clip.sample_rate_hz)
        w.writeframes(pcm16_bytes(clip.samples))
    return buf.getvalue()


def _decode_pcm(data: bytes, width: int, channels: int, fmt_tag: int) -> np.ndarray:
    frame = width * channels
    data = data[: len(data) - len(data) % frame]
    if fmt_tag == 3 and width == 4:
        arr = np.frombuffer(data, "<f4").astype(np.float32)
    elif fmt_tag == 3 and width == 8:
        arr = np.frombuffer(data, "<f8").astype(np.float32)
    elif width == 1:
        arr = (np.frombuffer(data, np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 2:
        arr = np.frombuffer(data, "<i2").astype(np.float32) / 32768.0
    elif width == 3:
        raw = np.frombuffer(data, np.uint8).reshape(-1, 3).astype(np.int32)
        val = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
        val = np.where(val >= 1 << 23, val - (1 << 24), val)
        arr = val.astype(np.float32) / float(1 << 23)
    elif width == 4:
        arr = np.frombuffer(data, "<i4").astype(np.float32) / float(1 << 31)
    else:
        raise AudioFileError(f"unsupported WAV sample width of {width} bytes", "convert it to 16-bit PCM WAV")
    return arr.reshape(-1, channels) if channels > 1 else arr


def _iter_wav(path: Path, block_s: float) -> Iterator[AudioClip]:
    """Read PCM/float WAV by walking RIFF chunks, ``block_s`` at a time; tolerant of a truncated data chunk."""
    with open(path, "rb") as f:
        head = f.read(12)
        if len(head) < 12 or head[:4] not in (b"RIFF", b"RIFX") or head[8:12] != b"WAVE":
            raise AudioFileError(f"{path} is not a WAV file")
        fmt: tuple[int, int, int, int] | None = None
        while True:
            chunk = f.read(8)
            if len(chunk) < 8:
                break
            cid, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if cid == b"fmt ":
                body = f.read(size)
                if len(body) < 16:
                    raise AudioFileError(f"{path} has a broken WAV header", "re-export the recording")
                tag, ch, rate, _, _, bits = struct.unpack("<HHIIHH", body[:16])
                if tag == 0xFFFE and len(body) >= 26:
                    tag = struct.unpack("<H", body[24:26])[0]
                fmt = (tag, ch, rate, bits)
            elif cid == b"data":
                if fmt is None:
                    raise AudioFileError(f"{path} has no WAV format header", "re-export the recording")
                tag, ch, rate, bits = fmt
                if tag not in (1, 3) or ch < 1 or rate < 1:
                    raise AudioFileError(f"{path} uses an unsupported WAV encoding", "convert it to PCM WAV")
                width = max(1, bits // 8)
                left = size if size not in (0, 0xFFFFFFFF) else -1  # 0 or -1: written by a recorder that never finished
                step = max(1, int(block_s * rate)) * width * ch
                while left != 0:
                    data = f.read(step if left < 0 else min(step, left))
                    if not data:
                        return
                    left = left - len(data) if left > 0 else left
                    yield AudioClip(to_mono(_decode_pcm(data, width, ch, tag)), rate)
                return
            else:
                f.seek(size + (size & 1), 1)
    raise AudioFileError(f"{path} has no audio data", "re-export the recording")


def _iter_av(path: Path, block_s: float) -> Iterator[AudioClip]:
    try:
        import av  # lazy: only for compressed formats
    except ImportError as exc:  # pragma: no cover - av ships with faster-whisper
        raise AudioFileError(f"cannot decode {path.suffix} files", "install PyAV or convert to WAV") from exc
    chunks: list[np.ndarray] = []
    held = 0
    rate = 0
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioFileError(f"{path} has no audio stream", "pass a WAV, FLAC or MP3 recording")
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="flt", layout="mono")
            try:
                for frame in container.decode(stream):
                    for out in resampler.resample(frame):
                        rate = out.sample_rate
                        chunks.append(out.to_ndarray().reshape(-1))
                        held += chunks[-1].size
                        if held >= block_s * rate:
                            yield AudioClip(np.concatenate(chunks).astype(np.float32), rate)
                            chunks, held = [], 0
            except av.error.InvalidDataError:
                pass  # a truncated file: keep what decoded
    except AudioFileError:
        raise
    except Exception as exc:  # av raises many error types for non-audio input
        raise AudioFileError(f"{path} is not a readable audio file", "pass a WAV, FLAC or MP3 recording") from exc
    if chunks and rate > 0:
        yield AudioClip(np.concatenate(chunks).astype(np.float32), rate)


def iter_audio(path: str | os.PathLike[str], block_s: float = 30.0) -> Iterator[AudioClip]:
    """Stream a recording as mono float32 blocks of about ``block_s`` at the file's own rate, so a
    30-minute recording is never in memory whole. Raises AudioFileError for anything unreadable."""
    path = Path(path)
    if not path.exists():
        raise AudioFileError(f"{path} does not exist", "check the path")
    if path.is_dir():
        raise AudioFileError(f"{path} is a folder", "pass an audio file")
    if path.stat().st_size == 0:
        raise AudioFileError(f"{path} is empty (0 bytes)", "record the answer again")
    with open(path, "rb") as f:
        magic = f.read(4)
    blocks = _iter_wav(path, block_s) if magic in (b"RIFF", b"RIFX") else _iter_av(path, block_s)
    any_samples = False
    for clip in blocks:
        if clip.num_samples == 0:
            continue
        any_samples = True
        if not np.all(np.isfinite(clip.samples)):
            clip = AudioClip(np.nan_to_num(clip.samples, nan=0.0, posinf=1.0, neginf=-1.0), clip.sample_rate_hz)
        yield clip
    if not any_samples:
        if magic in (b"RIFF", b"RIFX"):
            raise AudioFileError(f"{path} holds no audio samples", "record the answer again")
        raise AudioFileError(f"{path} holds no decodable audio", "pass a WAV, FLAC or MP3 recording")


def read_audio(path: str | os.PathLike[str]) -> AudioClip:
    """Read WAV (any PCM/float width, any rate, mono or stereo), FLAC, MP3, OGG...; mono float32."""
    return AudioClip.concat(list(iter_audio(path, block_s=600.0)))


SILENT_DBFS = -60.0
"""A recording whose RMS stays under this is silence (or a muted microphone), not an answer."""


def dbfs(level: float) -> float:
    return 20.0 * float(np.log10(max(level, 1e-10)))
