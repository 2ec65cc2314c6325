"""Listening to one answer: blocks from a microphone -> WAV on disk as they arrive -> endpointer ->
finished stretches of speech transcribed in the background while the candidate is still talking.

When the answer ends (Enter, the silence rule, or the maximum length) only the tail since the last
stretch is left to transcribe, so the wait for feedback does not grow with the answer's length.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from .asr import Transcriber, Transcript
from .audio import AudioClip
from .endpoint import Endpointer, EndpointSettings, Event
from .store import WavAppender


class BlockSource(Protocol):
    sample_rate_hz: int

    def read(self, timeout_s: float = 1.0) -> AudioClip | None: ...

    def drain(self) -> None: ...


class Controls(Protocol):
    def poll(self) -> str | None:
        """'enter', 'repeat', 'retry', 'skip', 'pause', 'quit' or None."""
        ...


class NoControls:
    def poll(self) -> str | None:
        return None


MERGE_MAX_S = 30.0
"""Whisper reads 30 s at a time: a merged tail up to that long costs one pass."""


@dataclass(frozen=True)
class StretchJob:
    """One transcription the worker ran: which audio (seconds into the answer) and how long it took."""

    start_s: float
    end_s: float
    compute_s: float
    tail: bool
    """Run after the answer had ended (the candidate was waiting for it)."""


@dataclass
class StreamingTranscriber:
    """Transcribes stretches of one answer on a worker thread as they are finished.

    Stretches wait in ``_pending`` until the worker takes them. When the answer ends, the stretches
    the worker has not started yet are merged with the tail into one job (up to ``MERGE_MAX_S``): one
    model pass instead of several, so the wait after the last word is the stretch in progress, if
    any, plus one pass."""

    transcriber: Transcriber
    sample_rate_hz: int
    _audio: list[np.ndarray] = field(default_factory=list)
    _total: int = 0
    _pending: list[tuple[int, int]] = field(default_factory=list)
    _ended: bool = False
    """The answer is over: what is pending is the last work, and the candidate is waiting for it."""
    _parts: list[tuple[int, Transcript]] = field(default_factory=list)
    _error: list[BaseException] = field(default_factory=list)
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _wake: threading.Condition = field(init=False)
    submitted_to: int = 0
    jobs: list[StretchJob] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._wake = threading.Condition(self._lock)

    @property
    def min_job(self) -> int:
        return int(0.2 * self.sample_rate_hz)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._work, name="transcribe", daemon=True)
        self._thread.start()

    def append(self, samples: np.ndarray) -> None:
        with self._lock:
            self._audio.append(samples)
            self._total += len(samples)

    def audio(self) -> np.ndarray:
        with self._lock:
            if len(self._audio) > 1:
                self._audio = [np.concatenate(self._audio)]
            return self._audio[0] if self._audio else np.zeros(0, np.float32)

    def submit(self, start: int, end: int) -> None:
        with self._wake:
            start = max(start, self.submitted_to)
            if end - start < self.min_job:
                return
            self.submitted_to = end
            self._pending.append((start, end))
            self._wake.notify()

    def _work(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._ended:
                    self._wake.wait()
                if not self._pending:
                    return
                start, end = self._pending.pop(0)
                tail = self._ended
            t0 = time.perf_counter()
            try:
                clip = AudioClip(self.audio()[start:end], self.sample_rate_hz)
                t = self.transcriber.transcribe(clip)
                self._parts.append((start, t.shifted(start / self.sample_rate_hz)))
            except BaseException as exc:  # surfaced in finish()
                self._error.append(exc)
            rate = self.sample_rate_hz
            self.jobs.append(StretchJob(start / rate, end / rate, time.perf_counter() - t0, tail))

    def finish(self, end: int) -> Transcript:
        """Transcribe the tail up to ``end`` and return the whole answer's transcript."""
        with self._wake:
            self._ended = True
            # the tail and the stretches not started yet just before it: one job, up to one Whisper window
            start = self.submitted_to
            while self._pending and end - self._pending[-1][0] <= MERGE_MAX_S * self.sample_rate_hz:
                start = self._pending.pop()[0]
            if end - start >= self.min_job:
                self._pending.append((start, end))
                self.submitted_to = max(self.submitted_to, end)
            self._wake.notify()
        if self._thread is not None:
            self._thread.join()
        if self._error:
            raise self._error[0]
        parts = [t for _, t in sorted(self._parts, key=lambda p: p[0])]
        model_id = parts[0].model_id if parts else getattr(self.transcriber, "model_id", "")
        return Transcript.merge(parts, duration_s=self._total / self.sample_rate_hz, model_id=model_id)


@dataclass
class ListenResult:
    ended_by: str
    """enter | silence | max_length | no_speech | no_speech_prompt | repeat | retry | skip | quit | device_error | disk_full"""
    audio_s: float
    speech_started: bool
    end_monotonic: float
    """Wall time when the answer ended (Enter pressed or the silence rule fired)."""
    transcript: Transcript | None = None
    transcribe_tail_s: float = 0.0
    """Seconds from the end of the answer to its finished transcript."""
    wav_path: Path | None = None
    error: str = ""
    jobs: tuple[StretchJob, ...] = ()
    """Every transcription run for this answer, in order (what the wait after the answer was spent on)."""


def listen(source: BlockSource, transcriber: Transcriber, wav_path: Path, settings: EndpointSettings,
           controls: Controls | None = None, on_block: Callable[[float, float, bool], None] | None = None,
           prompted: bool = False) -> ListenResult:
    """Record one answer. ``on_block(elapsed_s, level_dbfs, speaking)`` drives the level meter.
    ``prompted``: the gentle no-speech prompt was already given for this question."""
    from .errors import DeviceError

    controls = controls or NoControls()
    rate = source.sample_rate_hz
    ep = Endpointer(rate, settings)
    ep.prompted = prompted
    wav = WavAppender(wav_path, rate)
    stream = StreamingTranscriber(transcriber, rate)
    stream.start()
    ended_by = ""
    error = ""
    end_time = time.monotonic()
    try:
        while not ended_by:
            command = controls.poll()
            if command:
                end_time = time.monotonic()
                ended_by = command
                break
            try:
                block = source.read(0.25)
            except DeviceError as exc:
                ended_by, error, end_time = "device_error", exc.one_line(), time.monotonic()
                break
            if block is None:
                continue
            try:
                wav.write(block.samples)
            except OSError as exc:  # disk full, folder removed: stop, keep what is on disk
                ended_by, end_time = "disk_full", time.monotonic()
                error = f"could not write {wav_path.name} ({exc.strerror or exc})"
                break
            stream.append(block.samples)
            for event, a, b in ep.push(block.samples):
                if event == Event.STRETCH:
                    stream.submit(a, b)
                elif event == Event.END_SILENCE:
                    ended_by, end_time = "silence", time.monotonic()
                elif event == Event.MAX_LENGTH:
                    ended_by, end_time = "max_length", time.monotonic()
                elif event == Event.NO_SPEECH_PROMPT:
                    ended_by, end_time = "no_speech_prompt", time.monotonic()
                elif event == Event.NO_SPEECH:
                    ended_by, end_time = "no_speech", time.monotonic()
            if on_block is not None:
                on_block(ep.seconds(ep.position), ep.level_dbfs(block.samples), ep.speech_started_at is not None)
    finally:
        try:
            wav.close()
        except OSError as exc:
            ended_by = ended_by or "disk_full"
            error = error or f"could not finish {wav_path.name} ({exc.strerror or exc})"
    t0 = time.monotonic()
    transcript = None
    keep = ended_by in ("enter", "silence", "max_length", "pause", "quit", "device_error", "skip", "disk_full")
    if ep.speech_started_at is not None and keep:
        transcript = stream.finish(ep.position)
    else:
        stream.finish(0)
    return ListenResult(ended_by, ep.seconds(ep.position), ep.speech_started_at is not None, end_time, transcript,
                        time.monotonic() - t0, wav_path, error, tuple(stream.jobs))
