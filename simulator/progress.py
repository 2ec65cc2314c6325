"""Attempts, progress over time and drills, computed from the history index (pure functions over
``AnswerRow`` lists; the caller reads the index)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from .bank import Bank, Question
from .history import AnswerRow

SPARKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class AttemptDelta:
    previous: AnswerRow
    current: AnswerRow
    d_length_s: float | None
    d_wpm: float | None
    d_fillers_per_min: float | None
    d_coverage: float | None
    gained: tuple[str, ...]
    lost: tuple[str, ...]

    def lines(self, labels: dict[str, str] | None = None) -> list[str]:
        labels = labels or {}

        def fmt(v: float | None, unit: str, better_low: bool = False) -> str:
            if v is None:
                return "n/a"
            arrow = "" if abs(v) < 1e-9 else ("better" if (v < 0) == better_low else "worse") if unit != "s" else ""
            return f"{v:+.1f}{unit}" + (f" ({arrow})" if arrow else "")

        out = [f"length {fmt(self.d_length_s, 's')}, pace {fmt(self.d_wpm, ' wpm')}, "
               f"fillers {fmt(self.d_fillers_per_min, '/min', better_low=True)}"
               + (f", coverage {self.d_coverage * 100:+.0f} points" if self.d_coverage is not None else "")]
        if self.gained:
            out.append("gained: " + "; ".join(labels.get(g, g) for g in self.gained))
        if self.lost:
            out.append("lost: " + "; ".join(labels.get(x, x) for x in self.lost))
        return out


def _d(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else b - a


def compare(previous: AnswerRow, current: AnswerRow) -> AttemptDelta:
    return AttemptDelta(previous, current, _d(previous.speaking_s, current.speaking_s), _d(previous.wpm, current.wpm),
                        _d(previous.fillers_per_min, current.fillers_per_min), _d(previous.coverage, current.coverage),
                        tuple(c for c in current.covered if c not in previous.covered),
                        tuple(c for c in previous.covered if c not in current.covered))


def previous_attempt(rows: list[AnswerRow], current: AnswerRow) -> AnswerRow | None:
    """The latest main answer to the same question before ``current`` (this session or earlier)."""
    before = [r for r in rows if r.question_id == current.question_id and r.follow_up == 0
              and (r.started, r.session_id, r.key) < (current.started, current.session_id, current.key)]
    return before[-1] if before else None


def sparkline(values: list[float | None]) -> str:
    real = [v for v in values if v is not None]
    if not real:
        return ""
    lo, hi = min(real), max(real)
    span = (hi - lo) or 1.0
    return "".join(" " if v is None else SPARKS[int((v - lo) / span * (len(SPARKS) - 1))] for v in values)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    better: str  # "high" | "low" | "band"
    unit: str


METRICS = (
    Metric("coverage", "rubric coverage", "high", "%"),
    Metric("fillers_per_min", "fillers a minute", "low", "/min"),
    Metric("wpm", "pace", "band", " wpm"),
    Metric("longest_pause_s", "longest pause", "low", " s"),
    Metric("speaking_s", "answer length", "band", " s"),
    Metric("hedges", "hedges an answer", "low", ""),
)


def session_series(rows: list[AnswerRow]) -> list[tuple[str, dict[str, float | None]]]:
    """Per session (in time order), the mean of each metric over its main answers."""
    by_session: dict[str, list[AnswerRow]] = defaultdict(list)
    order: list[str] = []
    for r in rows:
        if r.follow_up:
            continue
        if r.session_id not in by_session:
            order.append(r.session_id)
        by_session[r.session_id].append(r)
    out = []
    for sid in order:
        group = by_session[sid]
        values: dict[str, float | None] = {}
        for m in METRICS:
            vals = [getattr(r, m.key) for r in group if getattr(r, m.key) is not None]
            values[m.key] = statistics.fmean(vals) if vals else None
        out.append((sid, values))
    return out


def trend_word(first: float | None, last: float | None, better: str) -> str:
    if first is None or last is None or better == "band":
        return ""
    if abs(last - first) < 1e-6:
        return "steady"
    improving = (last > first) if better == "high" else (last < first)
    return "improving" if improving else "slipping"


@dataclass(frozen=True)
class Drill:
    questions: tuple[Question, ...]
    reasons: tuple[str, ...]
    skills: tuple[tuple[str, float], ...]
    delivery: tuple[str, ...]


def drill(rows: list[AnswerRow], bank: Bank, n: int = 4) -> Drill:
    """Pick the questions and skills the candidate is weakest at: the lowest latest coverage, the
    rubric points missed most, skills (tags) with the lowest coverage, and untried questions that
    train those skills."""
    main = [r for r in rows if r.follow_up == 0 and r.coverage is not None]
    latest: dict[str, AnswerRow] = {}
    for r in main:
        latest[r.question_id] = r
    tag_cov: dict[str, list[float]] = defaultdict(list)
    for r in main:
        for t in r.tags:
            tag_cov[t].append(r.coverage or 0.0)
    skills = tuple(sorted(((t, statistics.fmean(v)) for t, v in tag_cov.items()), key=lambda kv: kv[1]))
    misses: dict[tuple[str, str], int] = defaultdict(int)
    for r in main:
        for m in r.missed:
            misses[(r.question_id, m)] += 1
    chosen: list[Question] = []
    reasons: list[str] = []
    ranked = sorted(latest.values(), key=lambda r: (r.coverage or 0.0, r.started))
    for r in ranked:
        if len(chosen) >= n or (r.coverage or 0.0) >= 0.8:
            break
        try:
            q = bank.question(r.question_id)
        except Exception:
            continue
        chosen.append(q)
        often = [m for (qid, m), c in sorted(misses.items(), key=lambda kv: -kv[1]) if qid == q.id][:2]
        labels = {p.id: p.label for p in q.rubric}
        reasons.append(f"{q.id}: last covered {(r.coverage or 0) * 100:.0f}%"
                       + (f"; keeps missing: {'; '.join(labels.get(m, m) for m in often)}" if often else ""))
    weak_tags = [t for t, c in skills if c < 0.7][:3]
    for tag in weak_tags:
        for q in bank.questions:
            if len(chosen) >= n:
                break
            if tag in q.tags and q not in chosen and q.id not in latest:
                chosen.append(q)
                reasons.append(f"{q.id}: new question for a weak skill, {tag} ({dict(skills)[tag] * 100:.0f}% so far)")
                break
    if not chosen:
        untried = [q for q in bank.questions if q.id not in latest]
        for q in untried[:n]:
            chosen.append(q)
            reasons.append(f"{q.id}: not practised yet")
    delivery = []
    fpm = [r.fillers_per_min for r in main if r.fillers_per_min is not None]
    if fpm and statistics.fmean(fpm) > 5:
        delivery.append(f"fillers: {statistics.fmean(fpm):.1f} a minute on average (aim for 5 or fewer): "
                        "pause silently instead of saying um")
    wpm = [r.wpm for r in main if r.wpm is not None]
    if wpm and statistics.fmean(wpm) > 170:
        delivery.append(f"pace: {statistics.fmean(wpm):.0f} words a minute; slow down to 130-160")
    elif wpm and statistics.fmean(wpm) < 110:
        delivery.append(f"pace: {statistics.fmean(wpm):.0f} words a minute; a little faster, 130-160")
    short = [r for r in main if r.target_s and r.speaking_s is not None and r.speaking_s < r.target_s[0]]
    if main and len(short) / len(main) > 0.4:
        delivery.append(f"length: {len(short)} of {len(main)} answers ran short of their target; add a concrete example")
    star = [r for r in main if r.star_parts is not None]
    if star and sum(r.quantified for r in star) / len(star) < 0.5:
        delivery.append("results: most stories end without a number; say how much things improved")
    return Drill(tuple(chosen), tuple(reasons), skills, tuple(delivery))
