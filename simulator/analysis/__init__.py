"""Answer analysis: pure functions from a transcript (words with times + voice activity) and a
question to evidence a candidate can check. Nothing here touches audio devices or models."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..asr import Transcript
from ..bank import Question
from .fillers import Fillers, FillerSpec, analyze_fillers
from .language import Language, analyze_language
from .rubric import MEANING_MARGIN, MeaningScorer, RubricResult, analyze_rubric
from .star import Star, analyze_star
from .text import tokens_from_words
from .timing import Timing, analyze_timing

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class AnalysisSettings:
    min_pause_s: float = 0.5
    """Silences at least this long are reported as pauses."""
    long_pause_s: float = 2.0
    """Pauses at least this long are called out as long (a hesitation signal)."""
    min_relevance: float = 0.12
    """Below this share of on-topic words an answer is treated as off-topic and gets no rubric credit."""
    slow_wpm: float = 110.0
    fast_wpm: float = 170.0
    fillers: FillerSpec = field(default_factory=FillerSpec)
    meaning: MeaningScorer | None = field(default=None, compare=False, repr=False)
    """Example-sentence matcher for paraphrases (``simulator.meaning.attach`` sets it); None = cues only."""
    meaning_margin: float = MEANING_MARGIN


@dataclass(frozen=True)
class TurnAnalysis:
    question_id: str
    transcript: Transcript
    answered: bool
    timing: Timing | None
    fillers: Fillers
    language: Language
    rubric: RubricResult | None
    star: Star | None
    notes: tuple[str, ...]
    """Plain-language advice, most important first."""

    def to_dict(self) -> dict[str, object]:
        return {
            "schema_version": SCHEMA_VERSION,
            "question_id": self.question_id,
            "answered": self.answered,
            "transcript": self.transcript.to_dict(),
            "timing": self.timing.to_dict() if self.timing else None,
            "fillers": self.fillers.to_dict(),
            "language": self.language.to_dict(),
            "rubric": self.rubric.to_dict() if self.rubric else None,
            "star": self.star.to_dict() if self.star else None,
            "notes": list(self.notes),
        }


def analyze(transcript: Transcript, question: Question, settings: AnalysisSettings | None = None,
            timed: bool = True) -> TurnAnalysis:
    """``timed`` is False for typed answers (no audio): no timing or per-minute figures."""
    s = settings or AnalysisSettings()
    tokens = tokens_from_words(transcript.words)
    answered = bool(tokens)
    timing = analyze_timing(transcript, question.target_s, s.min_pause_s) if timed and answered else None
    fillers = analyze_fillers(transcript.words, timing.speaking_s if timing else None, s.fillers)
    language = analyze_language(tokens, question.kind)
    rubric = analyze_rubric(tokens, question, s.min_relevance, s.meaning, s.meaning_margin) if answered else None
    star = analyze_star(tokens, hypothetical=question.kind == "scenario") if answered and question.star else None
    notes = advice(timing, fillers, language, rubric, star, s) if answered else (
        "No answer was heard, so there is nothing to score. Check the microphone (mock-interview doctor) and try again.",)
    return TurnAnalysis(question.id, transcript, answered, timing, fillers, language, rubric, star, tuple(notes))


def with_earlier_coverage(result: TurnAnalysis, earlier: list[TurnAnalysis]) -> TurnAnalysis:
    """For a follow-up answer: a rubric point covered in the main answer (or an earlier follow-up)
    stays covered, with its original evidence, so feedback asks only for what is still missing."""
    from dataclasses import replace

    from .rubric import RubricResult

    if result.rubric is None:
        return result
    items = []
    for item in result.rubric.items:
        if not item.covered:
            prior = next((p for e in earlier if e.rubric for p in e.rubric.items if p.id == item.id and p.covered), None)
            if prior is not None:
                item = replace(prior, explanation=f"Covered in your first answer: \"{prior.evidence}\".")
        items.append(item)
    covered = sum(p.covered for p in items)
    missed = [p.label for p in items if not p.covered]
    explanation = f"With the follow-up you covered {covered} of {len(items)} points."
    if missed:
        explanation += " Still missing: " + "; ".join(missed) + "."
    rubric = RubricResult(covered / len(items), tuple(items), result.rubric.relevance, result.rubric.off_topic, explanation,
                          result.rubric.off_topic_reason)
    notes = [n for n in result.notes if not n.startswith("Cover next time")]
    if missed and not rubric.off_topic:
        notes.insert(0, "Cover next time: " + "; ".join(missed) + ".")
    return replace(result, rubric=rubric, notes=tuple(notes) or ("A solid answer: keep this structure.",))


def advice(timing: Timing | None, fillers: Fillers, language: Language, rubric: RubricResult | None,
           star: Star | None, s: AnalysisSettings) -> list[str]:
    notes: list[str] = []
    if rubric is not None:
        if rubric.off_topic:
            notes.append(rubric.explanation)
        elif rubric.missing:
            notes.append("Cover next time: " + "; ".join(p.label for p in rubric.missing) + ".")
    if star is not None and star.result.present and not star.quantified_result.present:
        notes.append("Put a number on your result (a percentage, a time, a count).")
    if timing is not None:
        if timing.length_verdict == "short" and timing.target_s:
            lo, hi = timing.target_s
            notes.append(f"Your answer ran {timing.speaking_s:.0f} s; aim for {lo:.0f}-{hi:.0f} s "
                         "so there is room for a real example.")
        elif timing.length_verdict == "long" and timing.target_s:
            notes.append(f"Your answer ran {timing.speaking_s:.0f} s, past the {timing.target_s[1]:.0f} s an interviewer "
                         "expects; lead with the result and trim the set-up.")
        if timing.wpm < s.slow_wpm:
            notes.append(f"You spoke at {timing.wpm:.0f} words a minute, on the slow side (under {s.slow_wpm:.0f}).")
        elif timing.wpm > s.fast_wpm:
            notes.append(f"You spoke at {timing.wpm:.0f} words a minute, on the fast side "
                         f"(over {s.fast_wpm:.0f}); slow down.")
        long_pauses = [p for p in timing.pauses if p.duration_s >= s.long_pause_s]
        if long_pauses:
            notes.append(f"{len(long_pauses)} long pause(s) of {s.long_pause_s:.0f} s or more, the longest "
                         f"{timing.longest_pause_s:.1f} s at {long_pauses[0].start_s:.0f} s.")
    if fillers.band in ("noticeable", "high"):
        notes.append(fillers.explanation)
    if language.ownership_note:
        notes.append(language.ownership_note)
    if len(language.hedges) >= 3:
        notes.append(f"{len(language.hedges)} hedges (\"{language.hedges[0].text}\"...): say it plainly.")
    if not notes:
        notes.append("A solid answer: keep this structure.")
    return notes
