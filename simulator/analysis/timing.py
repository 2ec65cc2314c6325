"""Timing: when the answer started, how long, how fast, and where the candidate paused (pure).

Pauses and the start come from voice activity (Silero VAD spans stored with the transcript), not
only from gaps between words: a filler Whisper dropped still reads as sound, not silence, and
words the gates removed as invented never count.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..asr import SpeechSpan, Transcript
from .fillers import HESITATION_NORMS


@dataclass(frozen=True)
class Pause(SpeechSpan):
    """A silence between two stretches of voice activity (same shape as a span; its dict has the length)."""

    def to_dict(self) -> dict[str, float]:
        return {"start_s": round(self.start_s, 2), "end_s": round(self.end_s, 2), "duration_s": round(self.duration_s, 2)}


@dataclass(frozen=True)
class Timing:
    duration_s: float
    speech_start_s: float
    speech_end_s: float
    speaking_s: float
    voiced_s: float
    word_count: int
    wpm: float
    pauses: tuple[Pause, ...]
    longest_pause_s: float
    target_s: tuple[float, float] | None
    length_verdict: str
    """"short", "ok" or "long" against the question's target; "" when there is none."""

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["pauses"] = [p.to_dict() for p in self.pauses]
        for k in ("duration_s", "speech_start_s", "speech_end_s", "speaking_s", "voiced_s", "wpm", "longest_pause_s"):
            d[k] = round(d[k], 2)
        d["target_s"] = list(self.target_s) if self.target_s else None
        return d


def speech_regions(t: Transcript, min_blip_s: float = 0.15) -> list[SpeechSpan]:
    """Voice activity that belongs to the answer: VAD spans, dropping tiny isolated blips (a click,
    a breath) that hold no recognised word. Falls back to word times when there is no VAD."""
    if not t.speech:
        return [SpeechSpan(w.start_s, w.end_s) for w in t.words]
    out = []
    for s in t.speech:
        has_word = any(w.start_s <= s.end_s + 0.1 and w.end_s >= s.start_s - 0.1 for w in t.words)
        if has_word or s.duration_s >= min_blip_s:
            out.append(s)
    return out


def analyze_timing(t: Transcript, target_s: tuple[float, float] | None = None, min_pause_s: float = 0.5) -> Timing | None:
    """None when nothing was said (the caller reports "no answer" instead of made-up figures)."""
    if not t.words:
        return None
    regions = speech_regions(t)
    if not regions:
        return None
    start = regions[0].start_s
    end = regions[-1].end_s
    pauses = tuple(Pause(a.end_s, b.start_s) for a, b in zip(regions, regions[1:], strict=False)
                   if b.start_s - a.end_s >= min_pause_s)
    speaking = max(end - start, 1e-6)
    count = sum(1 for w in t.words if w.norm not in HESITATION_NORMS)
    verdict = ""
    if target_s:
        verdict = "short" if speaking < target_s[0] else "long" if speaking > target_s[1] else "ok"
    return Timing(
        duration_s=t.duration_s, speech_start_s=start, speech_end_s=end, speaking_s=speaking,
        voiced_s=sum(r.duration_s for r in regions), word_count=count, wpm=count / speaking * 60.0,
        pauses=pauses, longest_pause_s=max((p.duration_s for p in pauses), default=0.0),
        target_s=target_s, length_verdict=verdict,
    )
