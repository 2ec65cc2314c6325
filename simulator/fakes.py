"""Fakes for tests and the demo: a scripted microphone, a silent speaker and synthesizer, a
scripted transcriber. Pure Python; time advances by audio length, not the wall clock, unless a
real-time pace is asked for."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from .asr import SpeechSpan, Transcript, Word
from .audio import AudioClip


@dataclass
class ScriptedMicrophone:
    """Yields the next scripted answer block by block when listening starts, then silence.

    ``pace`` 1.0 delivers blocks in real time (as a microphone would), 0 as fast as they are read."""

    answers: list[AudioClip] = field(default_factory=list)
    sample_rate_hz: int = 16_000
    block_ms: int = 100
    pace: float = 0.0
    noise_dbfs: float = -75.0
    _current: np.ndarray | None = None
    _pos: int = 0
    _next_due: float = 0.0
    _rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))
    live: threading.Event = field(default_factory=threading.Event)

    def queue_answer(self, clip: AudioClip) -> None:
        self.answers.append(clip.resampled(self.sample_rate_hz))

    def drain(self) -> None:
        """Called when listening starts: the next scripted answer begins now."""
        self._current = self.answers.pop(0).samples if self.answers else None
        self._pos = 0
        self._next_due = time.monotonic()

    def read(self, timeout_s: float = 1.0) -> AudioClip | None:
        n = int(self.sample_rate_hz * self.block_ms / 1000)
        if self.pace > 0:
            delay = self._next_due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next_due = max(self._next_due, time.monotonic() - 1.0) + n / self.sample_rate_hz * self.pace
        noise = (10 ** (self.noise_dbfs / 20) * self._rng.standard_normal(n)).astype(np.float32)
        if self._current is not None and self._pos < len(self._current):
            chunk = self._current[self._pos:self._pos + n]
            self._pos += n
            noise[: len(chunk)] += chunk
        return AudioClip(noise, self.sample_rate_hz)


@dataclass
class NullSpeaker:
    """A speaker with no device: plays nothing, instantly (or in real time with ``pace``)."""

    pace: float = 0.0
    played: list[AudioClip] = field(default_factory=list)

    def play_stream(self, clips: Iterable[AudioClip], stop: threading.Event | None = None, on_start=None) -> None:
        first = True
        for c in clips:
            if first and on_start:
                on_start()
            first = False
            self.played.append(c)
            if self.pace:
                time.sleep(c.seconds * self.pace)


@dataclass
class SilentSynthesizer:
    """Text -> silence of a plausible length (60 ms a character)."""

    voice_id: str = "silent"
    sample_rate_hz: int = 16_000

    def stream(self, text: str) -> Iterator[AudioClip]:
        yield AudioClip.silence(min(0.06 * len(text), 10.0), self.sample_rate_hz)


@dataclass
class ScriptedTranscriber:
    """Returns the scripted texts in order, one word every 0.4 s from the first voiced sample."""

    texts: list[str] = field(default_factory=list)
    model_id: str = "scripted"

    def transcribe(self, clip: AudioClip, *, prompt: str | None = None) -> Transcript:
        loud = np.where(np.abs(clip.samples) > 0.01)[0]
        if not len(loud) or not self.texts:
            return Transcript((), clip.seconds, (), (), self.model_id)
        start = loud[0] / clip.sample_rate_hz
        words = tuple(Word(w, start + 0.4 * i, start + 0.4 * i + 0.3, 0.99) for i, w in enumerate(self.texts.pop(0).split()))
        end = words[-1].end_s if words else start
        return Transcript(words, clip.seconds, (SpeechSpan(start, end),), (), self.model_id)
