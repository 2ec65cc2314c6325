"""End-of-answer detection: a pure state machine over audio blocks.

Built for thinking: silence before the first word never ends the answer (a gentle prompt comes
after ``no_speech_prompt_s``), and after speech has started it takes ``end_silence_s`` (3 s by
default) of silence, far longer than a breath or a pause to think, before the answer is over.
Voice activity comes from an energy detector with an adaptive noise floor: pure numpy, so tests
feed exact synthetic audio and time advances by block length, never by the wall clock.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import Enum

import numpy as np


@dataclass(frozen=True)
class EndpointSettings:
    end_silence_s: float = 3.0
    """Silence after speech that ends the answer."""
    max_answer_s: float = 240.0
    """The answer ends here whatever happens."""
    no_speech_prompt_s: float = 12.0
    """With no speech at all by then, the interviewer gives one gentle prompt."""
    no_speech_give_up_s: float = 25.0
    """With still no speech, the question is skipped."""
    min_speech_s: float = 0.25
    """Voiced time needed before the answer counts as started (a cough is not an answer)."""
    block_history: int = 50
    """Blocks over which the noise floor is the minimum (50 x 100 ms = 5 s; speech always has gaps)."""
    threshold_db: float = 12.0
    """A block is voiced when it is this much louder than the noise floor."""
    min_level_dbfs: float = -55.0
    """...and at least this loud in absolute terms."""
    stretch_pause_s: float = 0.35
    """A pause this long closes a stretch of speech that can be transcribed while the candidate goes on."""
    max_stretch_s: float = 8.0
    """A stretch longer than this is cut at its quietest block."""


class Event(Enum):
    NONE = "none"
    SPEECH_STARTED = "speech_started"
    STRETCH = "stretch"
    END_SILENCE = "end_silence"
    MAX_LENGTH = "max_length"
    NO_SPEECH_PROMPT = "no_speech_prompt"
    NO_SPEECH = "no_speech"


@dataclass
class Endpointer:
    """Feed blocks with ``push``; read ``events`` it returns. Positions are in samples."""

    sample_rate_hz: int
    settings: EndpointSettings = field(default_factory=EndpointSettings)
    position: int = 0
    noise_floor_db: float = -70.0
    speech_started_at: int | None = None
    last_voice_end: int | None = None
    voiced_samples: int = 0
    stretch_start: int = 0
    prompted: bool = False
    finished: Event | None = None
    _levels: deque[float] = field(default_factory=deque)
    _quietest: tuple[float, int] = (0.0, 0)
    _pending_voiced: int = 0
    _first_voiced: int | None = None

    def seconds(self, samples: int) -> float:
        return samples / self.sample_rate_hz

    def level_dbfs(self, block: np.ndarray) -> float:
        rms = float(np.sqrt(np.mean(np.square(block, dtype=np.float64)))) if len(block) else 0.0
        return 20.0 * np.log10(max(rms, 1e-10))

    def is_voiced(self, level_db: float) -> bool:
        return level_db > self.noise_floor_db + self.settings.threshold_db and level_db > self.settings.min_level_dbfs

    def push(self, block: np.ndarray) -> list[tuple[Event, int, int]]:
        """Returns events as (event, start sample, end sample). STRETCH gives the stretch bounds."""
        s = self.settings
        rate = self.sample_rate_hz
        n = len(block)
        start = self.position
        self.position += n
        events: list[tuple[Event, int, int]] = []
        if self.finished is not None or n == 0:
            return events
        level = self.level_dbfs(block)
        # Noise floor: the quietest recent block (minimum statistics over the last ~5 s), so a noisy
        # room raises it and speech, which always has gaps, never does for long.
        self.noise_floor_db = min(self._levels) if self._levels else level
        self._levels.append(level)
        if len(self._levels) > s.block_history:
            self._levels.popleft()
        voiced = self.is_voiced(level)
        if voiced:
            self._first_voiced = start if self._first_voiced is None else self._first_voiced
            self._pending_voiced += n
            self.last_voice_end = self.position
            if self.speech_started_at is None and self._pending_voiced >= s.min_speech_s * rate:
                self.speech_started_at = self._first_voiced
                self.stretch_start = max(0, self._first_voiced - int(0.2 * rate))
                events.append((Event.SPEECH_STARTED, self.speech_started_at, self.position))
            self.voiced_samples += n
        elif self.speech_started_at is None and self._first_voiced is not None and \
                start - (self.last_voice_end or start) > 0.5 * rate:
            self._first_voiced, self._pending_voiced = None, 0  # a blip, not the start of an answer
        if self.speech_started_at is not None:
            if not voiced and (self._quietest[1] == 0 or level < self._quietest[0]) and start > self.stretch_start:
                self._quietest = (level, start)
            silence = self.position - (self.last_voice_end or self.position)
            if not voiced and silence >= s.stretch_pause_s * rate and (self.last_voice_end or 0) > self.stretch_start:
                cut = (self.last_voice_end or start) + int(0.15 * rate)
                events.append((Event.STRETCH, self.stretch_start, cut))
                self.stretch_start = cut
                self._quietest = (0.0, 0)
            elif self.position - self.stretch_start >= s.max_stretch_s * rate and self._quietest[1] > self.stretch_start:
                cut = self._quietest[1]
                events.append((Event.STRETCH, self.stretch_start, cut))
                self.stretch_start = cut
                self._quietest = (0.0, 0)
            if silence >= s.end_silence_s * rate:
                self.finished = Event.END_SILENCE
                events.append((Event.END_SILENCE, self.speech_started_at, self.last_voice_end or self.position))
        else:
            if not self.prompted and self.position >= s.no_speech_prompt_s * rate:
                self.prompted = True
                events.append((Event.NO_SPEECH_PROMPT, 0, self.position))
            if self.position >= s.no_speech_give_up_s * rate:
                self.finished = Event.NO_SPEECH
                events.append((Event.NO_SPEECH, 0, self.position))
        if self.finished is None and self.position >= s.max_answer_s * rate:
            self.finished = Event.MAX_LENGTH
            events.append((Event.MAX_LENGTH, self.speech_started_at or 0, self.position))
        return events
