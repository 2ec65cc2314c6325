import struct
import wave

import numpy as np
import pytest

from simulator.audio import AudioClip, read_audio, resample, write_wav
from simulator.errors import AudioFileError


def tone(seconds: float, rate: int = 16000, freq: float = 440.0) -> AudioClip:
    t = np.arange(int(seconds * rate)) / rate
    return AudioClip((0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32), rate)


def test_seconds_come_from_sample_counts():
    assert AudioClip.silence(2.5, 16000).num_samples == 40000
    assert AudioClip.silence(2.5, 16000).seconds == 2.5


def test_wav_round_trip_is_exact_in_length(tmp_path):
    clip = tone(1.234)
    write_wav(tmp_path / "a.wav", clip)
    back = read_audio(tmp_path / "a.wav")
    assert back.sample_rate_hz == 16000 and back.num_samples == clip.num_samples
    assert np.max(np.abs(back.samples - clip.samples)) < 1e-4


@pytest.mark.parametrize("width,rate,channels", [(1, 8000, 1), (2, 48000, 2), (3, 44100, 1), (4, 22050, 2)])
def test_reads_any_pcm_width_rate_and_channels(tmp_path, width, rate, channels):
    n = rate // 2
    x = 0.25 * np.sin(2 * np.pi * 300 * np.arange(n) / rate)
    scale = {1: 127, 2: 32767, 3: 8388607, 4: 2147483647}[width]
    ints = np.round(x * scale).astype(np.int64)
    if width == 1:
        raw = (ints + 128).astype(np.uint8).tobytes()
    else:
        raw = b"".join(int(v).to_bytes(width, "little", signed=True) for v in ints)
    frames = b"".join(raw[i * width:(i + 1) * width] * channels for i in range(n))
    with wave.open(str(tmp_path / "x.wav"), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(frames)
    clip = read_audio(tmp_path / "x.wav")
    assert clip.sample_rate_hz == rate and clip.num_samples == n
    assert abs(clip.peak() - 0.25) < 0.02


def test_float_wav(tmp_path):
    data = (0.3 * np.ones(1600)).astype("<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, 16000, 64000, 4, 32)
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", len(data)) + data
    (tmp_path / "f.wav").write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    clip = read_audio(tmp_path / "f.wav")
    assert clip.num_samples == 1600 and abs(clip.peak() - 0.3) < 1e-6


def test_truncated_wav_keeps_what_is_there(tmp_path):
    write_wav(tmp_path / "a.wav", tone(1.0))
    raw = (tmp_path / "a.wav").read_bytes()
    (tmp_path / "t.wav").write_bytes(raw[: 44 + 16000])  # header says 32000 bytes of data
    assert read_audio(tmp_path / "t.wav").num_samples == 8000


@pytest.mark.parametrize("content,needle", [(b"", "empty"), (b"RIFF\x00\x00", "not a WAV"),
                                            (b"hello, this is text", "not a readable audio file")])
def test_bad_files_say_what_is_wrong(tmp_path, content, needle):
    p = tmp_path / "bad.wav"
    p.write_bytes(content)
    with pytest.raises(AudioFileError, match=needle):
        read_audio(p)


def test_missing_file(tmp_path):
    with pytest.raises(AudioFileError, match="does not exist"):
        read_audio(tmp_path / "nope.wav")


def test_resample_lengths_and_frequency():
    x = tone(1.0, 22050, 440).samples
    y = resample(x, 22050, 16000)
    assert len(y) == 16000
    spectrum = np.abs(np.fft.rfft(y))
    assert abs(np.argmax(spectrum) * 16000 / len(y) - 440) < 2


class _GulpingStream:
    """An output stream that takes all the audio it is offered at once (the ALSA plugin of a sound
    server under load did this: 3.8 s of speech in 0.16 s), and records when it was closed."""

    latency = 0.01
    active = True

    def __init__(self, samplerate, callback, **_kw):
        self.callback, self.closed_at = callback, None
        _GulpingStream.last = self

    def __enter__(self):
        import threading

        def pull():  # about forty times faster than real time
            import time
            out = np.zeros((1024, 1), np.float32)
            while self.closed_at is None:
                self.callback(out, 1024, None, None)
                time.sleep(0.001)
        threading.Thread(target=pull, daemon=True).start()
        return self

    def __exit__(self, *exc):
        import time
        self.closed_at = time.monotonic()

    def abort(self):
        pass


def test_playback_is_not_cut_short_by_a_device_that_takes_the_audio_in_one_gulp(monkeypatch):
    import time
    import types

    from simulator import devices

    monkeypatch.setattr(devices, "_sd", lambda: types.SimpleNamespace(OutputStream=_GulpingStream))
    speaker = devices.Speaker(None)
    speaker._resolved = True  # the system default, without asking PortAudio
    for clips in ([tone(0.8)], [tone(0.3), tone(0.5)]):
        t0 = time.monotonic()
        speaker.play_stream(clips)
        # every sample was taken within milliseconds; the stream stays open until they can have played
        assert _GulpingStream.last.closed_at - t0 >= 0.8
