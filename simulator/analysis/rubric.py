"""Rubric coverage with quoted evidence (pure).

A rubric point is covered when one of its cue phrases occurs in one sentence of the answer: the
cue's words in order, compared by stem, with up to ``MAX_GAP`` other words between them
("I'll personally see it through" matches "see it through"); a trailing ``*`` matches any ending
("apolog*"). Articles and possessives in a cue are optional. Points about a measurable result
also need a number in that sentence. Every decision carries the quote and the cue that made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..bank import Question, RubricPoint
from .text import Token, Unit, content_words, is_number, quote, sentences, stem, units

SYNONYMS_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "synonyms" / "en.yaml"
MAX_GAP = 3
OPTIONAL = {"the", "a", "an", "my", "our", "your", "their", "his", "her", "its", "some"}
NUMERIC_POINTS = {"measurable_result", "before_after", "quantified_result"}


@dataclass(frozen=True)
class Alternative:
    text: str
    stem: str
    prefix: bool


@dataclass(frozen=True)
class CuePart:
    """One word slot of a cue: ``refund``, ``apolog*`` or ``ticket|case|notes`` (any of them)."""

    alternatives: tuple[Alternative, ...]
    stems: frozenset[str]
    """Every stem this slot accepts, synonyms included."""


@cache
def synonym_groups(path: Path = SYNONYMS_FILE) -> dict[str, frozenset[str]]:
    """stem -> every stem it is interchangeable with (data/synonyms/en.yaml)."""
    import yaml

    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, set[str]] = {}
    for group in data.get("groups", []):
        stems = {stem(str(w)) for w in group if " " not in str(w)}
        for s in stems:
            out.setdefault(s, set()).update(stems)
    return {k: frozenset(v) for k, v in out.items()}


def compile_cue(cue: str, synonyms: dict[str, frozenset[str]] | None = None) -> tuple[CuePart, ...]:
    from .text import CONTRACTIONS

    syn = synonym_groups() if synonyms is None else synonyms
    parts = []
    for raw in cue.lower().replace("’", "'").split():
        for w in CONTRACTIONS.get(raw, raw).split():
            if w in OPTIONAL:
                continue
            alts = []
            for a in w.split("|"):
                prefix = a.endswith("*")
                a = a.rstrip("*")
                if a:
                    alts.append(Alternative(a, a if prefix else stem(a), prefix))
            if alts:
                stems = frozenset(s for a in alts if not a.prefix for s in syn.get(a.stem, {a.stem}))
                parts.append(CuePart(tuple(alts), stems))
    return tuple(parts)


def _part_matches(part: CuePart, u: Unit) -> bool:
    return u.stem in part.stems or any(a.prefix and u.norm.startswith(a.text) for a in part.alternatives)


def match_cue(seq: list[Unit], cue: tuple[CuePart, ...], max_gap: int = MAX_GAP) -> tuple[int, int] | None:
    """First (start, end) unit positions in ``seq`` where the cue matches, else None."""
    if not cue:
        return None
    for start, u in enumerate(seq):
        if not _part_matches(cue[0], u):
            continue
        pos, ok = start, True
        for part in cue[1:]:
            nxt = next((k for k in range(pos + 1, min(len(seq), pos + 2 + max_gap)) if _part_matches(part, seq[k])), None)
            if nxt is None:
                ok = False
                break
            pos = nxt
        if ok:
            return start, pos
    return None


@dataclass(frozen=True)
class PointResult:
    id: str
    label: str
    covered: bool
    evidence: str
    start_s: float | None
    end_s: float | None
    cue: str
    why: str
    explanation: str

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "label": self.label, "covered": self.covered, "evidence": self.evidence or None,
                "start_s": None if self.start_s is None else round(self.start_s, 2),
                "end_s": None if self.end_s is None else round(self.end_s, 2), "cue": self.cue or None,
                "why": self.why, "explanation": self.explanation}


@dataclass(frozen=True)
class RubricResult:
    coverage: float
    items: tuple[PointResult, ...]
    relevance: float
    off_topic: bool
    explanation: str

    @property
    def missing(self) -> tuple[PointResult, ...]:
        return tuple(p for p in self.items if not p.covered)

    def to_dict(self) -> dict[str, object]:
        return {"coverage": round(self.coverage, 3), "covered": sum(p.covered for p in self.items),
                "total": len(self.items), "relevance": round(self.relevance, 3), "off_topic": self.off_topic,
                "explanation": self.explanation, "items": [p.to_dict() for p in self.items]}


def topic_vocabulary(q: Question) -> set[str]:
    text = " ".join([q.text, q.strong_answer, *(r.label for r in q.rubric), *(c for r in q.rubric for c in r.cues),
                     *(f.ask for f in q.follow_ups)])
    return {stem(w) for w in content_words([t.strip(".,?!;:'\"").lower() for t in text.split()])}


def relevance(tokens: list[Token], q: Question) -> float:
    """Share of the answer's content words that belong to the question's topic (0..1)."""
    words = [stem(w) for w in content_words([t.norm for t in tokens])]
    if not words:
        return 0.0
    vocab = topic_vocabulary(q)
    return sum(1 for w in words if w in vocab) / len(words)


def _check_point(point: RubricPoint, sents: list[list[Token]], sent_units: list[list[Unit]],
                 tokens: list[Token]) -> PointResult:
    needs_number = point.id in NUMERIC_POINTS
    near_miss: tuple[str, int, int, str] | None = None
    for cue in point.cues:
        compiled = compile_cue(cue)
        for si, seq in enumerate(sent_units):
            m = match_cue(seq, compiled)
            if m is None:
                continue
            a, b = seq[m[0]].token, seq[m[1]].token
            if needs_number:
                nearby = sents[si] + (sents[si + 1] if si + 1 < len(sents) else [])
                if not any(is_number(t.norm) for t in nearby):
                    near_miss = near_miss or (cue, a, b, quote(tokens, a, b))
                    continue
            ev = quote(tokens, a, b)
            return PointResult(point.id, point.label, True, ev, tokens[a].start_s, tokens[b].end_s, cue, point.why,
                               f'Covered: you said "{ev}" (matches "{cue}").')
    if near_miss:
        cue, a, b, ev = near_miss
        return PointResult(point.id, point.label, False, ev, tokens[a].start_s, tokens[b].end_s, cue, point.why,
                           f'Not yet: you described a result ("{ev}") but gave no number. Say how much, how many or how fast.')
    return PointResult(point.id, point.label, False, "", None, None, "", point.why,
                       f"Missed: nothing in your answer showed this. {point.why}".strip())


def analyze_rubric(tokens: list[Token], q: Question, min_relevance: float = 0.0) -> RubricResult | None:
    """None when the question has no rubric."""
    if not q.rubric:
        return None
    sents = sentences(tokens)
    sent_units = [units(s) for s in sents]
    rel = relevance(tokens, q)
    off_topic = rel < min_relevance
    items = []
    for point in q.rubric:
        r = _check_point(point, sents, sent_units, tokens)
        if off_topic and r.covered:
            r = PointResult(point.id, point.label, False, "", None, None, "", point.why,
                            "Not credited: the answer as a whole is not about this question.")
        items.append(r)
    covered = sum(p.covered for p in items)
    if off_topic:
        explanation = (f"Your answer does not seem to address the question (only {rel:.0%} of its key words relate "
                       f"to it), so no point is credited.")
    else:
        missed = [p.label for p in items if not p.covered]
        explanation = f"You covered {covered} of {len(items)} points an interviewer listens for."
        if missed:
            explanation += " Missing: " + "; ".join(missed) + "."
    return RubricResult(covered / len(items), tuple(items), rel, off_topic, explanation)
