"""Language: hedges and weak words, repeated words and phrases, "we" versus "I" (pure)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .fillers import HESITATION_NORMS
from .text import Token, quote

HEDGES: tuple[tuple[str, ...], ...] = (
    ("i", "think"), ("i", "guess"), ("i", "feel", "like"), ("i", "suppose"), ("i", "believe"), ("maybe",),
    ("perhaps",), ("probably",), ("just",), ("hopefully",), ("kind", "of"), ("sort", "of"), ("a", "little", "bit"),
    ("i'm", "not", "sure"), ("i", "would", "say"), ("i'd", "say"), ("somewhat",), ("possibly",), ("try", "to"),
)
I_WORDS = {"i", "i'd", "i'll", "i'm", "i've", "me", "my", "myself"}
WE_WORDS = {"we", "we'd", "we'll", "we're", "we've", "us", "our", "ourselves"}


@dataclass(frozen=True)
class Evidence:
    text: str
    quote: str
    start_s: float
    end_s: float

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "quote": self.quote, "start_s": round(self.start_s, 2), "end_s": round(self.end_s, 2)}


@dataclass(frozen=True)
class Language:
    hedges: tuple[Evidence, ...]
    repeated_words: tuple[Evidence, ...]
    repeated_phrases: tuple[tuple[str, int], ...]
    i_count: int
    we_count: int
    ownership_note: str
    explanation: str

    def to_dict(self) -> dict[str, object]:
        return {"hedges": [h.to_dict() for h in self.hedges], "hedge_count": len(self.hedges),
                "repeated_words": [r.to_dict() for r in self.repeated_words],
                "repeated_phrases": [{"phrase": p, "count": c} for p, c in self.repeated_phrases],
                "i_count": self.i_count, "we_count": self.we_count, "ownership_note": self.ownership_note,
                "explanation": self.explanation}


def analyze_language(tokens: list[Token], kind: str = "") -> Language:
    norms = [t.norm for t in tokens]
    hedges: list[Evidence] = []
    i = 0
    while i < len(tokens):
        for h in HEDGES:
            if tuple(norms[i:i + len(h)]) == h:
                # "just" as in "a just decision" is rare in speech; "I think" before a noun ("I think of") is not a hedge
                if h == ("i", "think") and i + 2 < len(norms) and norms[i + 2] in ("of", "about"):
                    break
                end = i + len(h) - 1
                hedges.append(Evidence(" ".join(tokens[k].text for k in range(i, end + 1)).strip(".,?!"),
                                       quote(tokens, i, end), tokens[i].start_s, tokens[end].end_s))
                i = end
                break
        i += 1
    repeats: list[Evidence] = []
    content = [t for t in tokens if t.norm not in HESITATION_NORMS]
    for a, b in zip(content, content[1:], strict=False):
        if a.norm == b.norm and a.norm.isalpha() and a.norm not in ("that", "had", "very", "really", "no", "bye"):
            repeats.append(Evidence(f"{a.text.strip('.,?!')} {b.text.strip('.,?!')}", quote(tokens, a.i, b.i),
                                    a.start_s, b.end_s))
    grams: Counter[str] = Counter()
    words = [t.norm for t in content]
    for n in (3, 4):
        for k in range(len(words) - n + 1):
            gram = words[k:k + n]
            if sum(1 for w in gram if len(w) > 3) >= 2:
                grams[" ".join(gram)] += 1
    phrases = tuple((g, c) for g, c in grams.most_common(5) if c >= 3)
    i_count = sum(1 for n in norms if n in I_WORDS)
    we_count = sum(1 for n in norms if n in WE_WORDS)
    note = ""
    if kind in ("behavioral", "experience") and we_count > i_count and we_count >= 3:
        note = (f'You said "we" {we_count} times and "I" {i_count} times. Interviewers want to know what you did: '
                f'say "I" for your own actions and keep "we" for the team\'s.')
    per100 = len(hedges) / max(1, len(content)) * 100
    explanation = (f"{len(hedges)} hedge(s) ({per100:.1f} per 100 words). "
                   + ("Hedges like \"I think\" and \"maybe\" make a confident answer sound unsure; state it plainly."
                      if per100 > 2 else "Few hedges: you sound sure of what you say."))
    return Language(tuple(hedges), tuple(repeats), phrases, i_count, we_count, note, explanation)
