"""Speaker and microphone over sounddevice (PortAudio). ``sounddevice`` is imported here only.

The audio callback only copies and queues; everything else happens on the caller's thread.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .audio import AudioClip, resample
from .errors import DeviceError, NoDeviceError

PORTAUDIO_FIX = "install PortAudio: sudo apt-get install libportaudio2 (Debian/Ubuntu) or brew install portaudio (macOS)"


def _sd() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # raised when libportaudio is missing
        raise DeviceError("PortAudio is not installed", PORTAUDIO_FIX) from exc
    except ImportError as exc:
        raise DeviceError("the sounddevice package is not installed", "run scripts/setup") from exc
    return sounddevice


@dataclass(frozen=True)
class DeviceInfo:
    index: int
    name: str
    hostapi: str
    max_input_channels: int
    max_output_channels: int
    default_samplerate_hz: float
    is_default_input: bool
    is_default_output: bool


def list_devices() -> list[DeviceInfo]:
    sd = _sd()
    try:
        devices = sd.query_devices()
        apis = sd.query_hostapis()
        default_in, default_out = sd.default.device
    except Exception as exc:
        raise DeviceError(f"PortAudio could not list audio devices ({exc})", "check that a sound server is running") from exc
    return [
        DeviceInfo(i, d["name"], apis[d["hostapi"]]["name"], d["max_input_channels"], d["max_output_channels"],
                   float(d["default_samplerate"]), i == default_in, i == default_out)
        for i, d in enumerate(devices)
    ]


def resolve_device(spec: str | None, kind: str) -> int | None:
    """Pick a device by index or by (part of) its name; None means the system default.
    ``kind`` is "input" or "output". Raise a DeviceError that lists the candidates."""
    devices = list_devices()
    channels = (lambda d: d.max_input_channels) if kind == "input" else (lambda d: d.max_output_channels)
    usable = [d for d in devices if channels(d) > 0]
    if not usable:
        what = "microphone (input device)" if kind == "input" else "speaker (output device)"
        raise NoDeviceError(f"no {what} found",
                          "plug one in or start the sound server, then run: mock-interview devices")
    if spec is None or spec == "":
        default = next((d for d in usable if (d.is_default_input if kind == "input" else d.is_default_output)), None)
        return default.index if default else usable[0].index
    names = ", ".join(f"{d.index}: {d.name}" for d in usable)
    if spec.strip().isdigit():
        idx = int(spec)
        if any(d.index == idx for d in usable):
            return idx
        raise DeviceError(f"there is no {kind} device with index {idx}", f"choose one of [{names}]")
    matches = [d for d in usable if spec.lower() in d.name.lower()]
    if not matches:
        raise DeviceError(f"no {kind} device matches '{spec}'", f"choose one of [{names}]")
    return matches[0].index


def _open_error(exc: Exception, kind: str) -> DeviceError:
    return DeviceError(f"could not open the {kind} ({exc})",
                       f"check it is connected, pick another with --{'input' if kind == 'microphone' else 'output'}, "
                       "and see: mock-interview devices")


@dataclass
class Speaker:
    """Plays audio to an output device; ``play`` blocks until the last sample has been played."""

    device: str | None = None
    _index: int | None = None
    _resolved: bool = False

    def index(self) -> int | None:
        if not self._resolved:
            self._index = resolve_device(self.device, "output")
            self._resolved = True
        return self._index

    def play(self, clip: AudioClip, stop: threading.Event | None = None) -> None:
        self.play_stream([clip], stop)

    def play_stream(self, clips: Iterable[AudioClip], stop: threading.Event | None = None,
                    on_start: Any = None) -> None:
        """Play clips as they are produced (sentence by sentence) and return once the last sample
        has left the speaker. ``on_start`` is called when the stream starts."""
        sd = _sd()
        stop = stop or threading.Event()
        it = iter(clips)
        first = next(it, None)
        if first is None:
            return
        rate = first.sample_rate_hz
        pending: queue.Queue[np.ndarray] = queue.Queue()
        pending.put(first.samples)
        buf = np.zeros(0, np.float32)
        errors: list[BaseException] = []
        total_s = [first.seconds]
        # Counted in frames, by one writer each (no race between the queue and the buffer): real
        # frames queued; real frames handed to the device; all frames handed (real and silence); and
        # all frames handed up to the last real one. The device plays in real time, so that frame
        # cannot have been heard before start + its position / rate.
        queued, real, handed, last_end = [len(first.samples)], [0], [0], [0]

        def callback(outdata: np.ndarray, frames: int, _time: Any, _status: Any) -> None:
            # Only copy: the buffer, or silence while the next sentence is being synthesised.
            nonlocal buf
            try:
                while len(buf) < frames and not pending.empty():
                    buf = np.concatenate([buf, pending.get_nowait()])
                n = min(frames, len(buf))
                outdata[:n, 0] = buf[:n]
                outdata[n:, 0] = 0.0
                buf = buf[n:]
                if n:
                    real[0] += n
                    last_end[0] = handed[0] + n
                handed[0] += frames
            except BaseException as exc:  # never let the audio thread die silently
                errors.append(exc)
                outdata.fill(0)

        try:
            stream = sd.OutputStream(samplerate=rate, channels=1, dtype="float32", device=self.index(),
                                     callback=callback)
        except Exception as exc:
            if "sample rate" in str(exc).lower():
                target = int(sd.query_devices(self.index(), "output")["default_samplerate"])
                return self.play_stream((AudioClip(resample(c.samples, c.sample_rate_hz, target), target)
                                         for c in [first, *it]), stop, on_start)
            raise _open_error(exc, "speaker") from exc
        started = time.monotonic()
        with stream:
            if on_start:
                on_start()
            for clip in it:
                if stop.is_set():
                    break
                samples = clip.samples if clip.sample_rate_hz == rate else resample(clip.samples,
                                                                                     clip.sample_rate_hz, rate)
                queued[0] += len(samples)
                pending.put(samples)
                total_s[0] += clip.seconds
            # Wait until every real frame has been handed over, then until the last sample can have been
            # played, so that closing the stream does not cut the last sentence short: the device's
            # own latency after the real-time position of that sample (a sound server under load can
            # take seconds of audio in one gulp and would drop it on close). A device that stops
            # pulling audio (unplugged, a stalled sound server) is an error, never a hang.
            deadline = time.monotonic() + total_s[0] + 5.0
            while real[0] < queued[0] and not stop.is_set():
                if errors or not stream.active or time.monotonic() > deadline:
                    stream.abort()
                    why = repr(errors[0]) if errors else "the device stopped taking audio"
                    raise DeviceError(f"playback failed ({why})",
                                      "check the speaker is connected, or pick another with --output")
                time.sleep(0.02)
            drain_until = max(time.monotonic(), started + last_end[0] / rate) + float(stream.latency) + 0.1
            while time.monotonic() < drain_until and not stop.is_set():
                time.sleep(0.02)
            if stop.is_set():
                stream.abort()


@dataclass
class Microphone:
    """Records mono float32 blocks from an input device into a queue (callback only copies)."""

    device: str | None = None
    sample_rate_hz: int = 16_000
    block_ms: int = 100
    _stream: Any = None
    _queue: queue.Queue[np.ndarray] = field(default_factory=queue.Queue)
    _status: list[str] = field(default_factory=list)
    _device_rate: int = 16_000
    stall_s: float = 2.0
    """No block for this long while the stream should be running means the device is gone."""
    _last_block: float = 0.0

    def __enter__(self) -> Microphone:
        self.open()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def open(self) -> None:
        sd = _sd()
        index = resolve_device(self.device, "input")

        def callback(indata: np.ndarray, _frames: int, _time: Any, status: Any) -> None:
            if status:
                self._status.append(str(status))
            self._queue.put_nowait(indata[:, 0].copy())

        rate = self.sample_rate_hz
        for attempt in (rate, None):
            try:
                if attempt is None:
                    rate = int(sd.query_devices(index, "input")["default_samplerate"])
                self._stream = sd.InputStream(samplerate=rate, channels=1, dtype="float32", device=index,
                                              blocksize=int(rate * self.block_ms / 1000), callback=callback)
                break
            except Exception as exc:
                if attempt is None or "sample rate" not in str(exc).lower():
                    raise _open_error(exc, "microphone") from exc
        self._device_rate = rate
        try:
            self._stream.start()
        except Exception as exc:
            raise _open_error(exc, "microphone") from exc

    def read(self, timeout_s: float = 1.0) -> AudioClip | None:
        """The next block at ``sample_rate_hz``, or None when nothing arrived in ``timeout_s``.
        Raises DeviceError when the device stopped delivering (unplugged)."""
        try:
            block = self._queue.get(timeout=timeout_s)
        except queue.Empty:
            stalled = self._last_block and time.monotonic() - self._last_block > self.stall_s
            if (self._stream is not None and not self._stream.active) or stalled:
                raise DeviceError("the microphone stopped delivering audio",
                                  "check it is still connected; what was recorded so far is kept") from None
            return None
        self._last_block = time.monotonic()
        if self._device_rate != self.sample_rate_hz:
            block = resample(block, self._device_rate, self.sample_rate_hz)
        return AudioClip(block, self.sample_rate_hz)

    def wait_until_live(self, timeout_s: float = 5.0) -> float:
        """Block until the device delivers its first block (some sound servers take over a
        second to start a capture stream), then discard what came so far. Returns seconds waited."""
        t0 = time.monotonic()
        while self.read(min(0.5, timeout_s)) is None:
            if time.monotonic() - t0 > timeout_s:
                raise DeviceError(f"the microphone delivered no audio within {timeout_s:.0f} s",
                                  "check it is connected and not used by another program: mock-interview doctor")
        self.drain()
        return time.monotonic() - t0

    def drain(self) -> None:
        if self._last_block:
            self._last_block = time.monotonic()
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return

    def blocks(self, timeout_s: float = 1.0) -> Iterator[AudioClip | None]:
        while True:
            yield self.read(timeout_s)

    def close(self) -> None:
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            except Exception:
                pass
            self._stream = None


def record_level(device: str | None, seconds: float = 1.0, sample_rate_hz: int = 16_000) -> AudioClip:
    """Record ``seconds`` of audio (for the doctor's microphone level test)."""
    parts: list[AudioClip] = []
    with Microphone(device, sample_rate_hz) as mic:
        mic.wait_until_live()
        t_end = time.monotonic() + seconds + 2.0
        while sum(p.seconds for p in parts) < seconds and time.monotonic() < t_end:
            block = mic.read(0.5)
            if block is not None:
                parts.append(block)
    return AudioClip.concat(parts) if parts else AudioClip.silence(0.0, sample_rate_hz)
