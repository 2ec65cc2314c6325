"""Measuring the recogniser against references: word error rate and filler counts (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

HESITATIONS = frozenset({"um", "uh", "hm", "hmm", "mm", "er", "erm", "ah", "uhm", "umm", "uhh", "ahh", "hmmm", "mhm"})
"""Spellings Whisper uses for the um/uh/hm family, all counted as one hesitation each."""


def words_of(text: str) -> list[str]:
    """Lower-case word tokens for WER: punctuation dropped, hyphens split, apostrophes kept."""
    text = text.lower().replace("’", "'").replace("-", " ")
    return [w.strip("'") for w in re.findall(r"[a-z0-9']+", text) if w.strip("'")]


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


def wer(reference: str, hypothesis: str) -> float:
    ref, hyp = words_of(reference), words_of(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)


def count_hesitations(tokens: list[str]) -> int:
    return sum(1 for t in tokens if t in HESITATIONS)


@dataclass(frozen=True)
class CountScore:
    """Precision/recall from per-clip counts (a clip with 3 found and 2 true = 2 TP + 1 FP)."""

    tp: int
    fp: int
    fn: int

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0


def score_counts(pairs: list[tuple[int, int]]) -> CountScore:
    """``pairs`` are (reference count, found count) per clip."""
    tp = sum(min(r, f) for r, f in pairs)
    fp = sum(max(0, f - r) for r, f in pairs)
    fn = sum(max(0, r - f) for r, f in pairs)
    return CountScore(tp, fp, fn)
