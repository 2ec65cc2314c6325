"""STAR structure: situation, task, action, result, and whether the result has a number (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from .rubric import compile_cue, match_cue
from .text import Token, is_number, quote, sentences, units

MARKERS: dict[str, tuple[str, ...]] = {
    "situation": ("when i was", "in my last role", "in my previous role", "in my last job", "in my previous job",
                  "in my current role", "at my last company", "at my previous company", "at my current company",
                  "there was a time", "last year", "years ago", "months ago", "one time", "a time when", "once had",
                  "we had a customer", "there was a customer", "i was working", "i was leading", "i was managing",
                  "i managed a team", "i was a team lead", "at the time", "back when", "a customer called",
                  "a customer came", "we were facing", "we had a problem", "i remember"),
    "task": ("my goal was", "i was responsible", "i needed to", "i had to", "my job was", "my role was", "the task was",
             "i was asked to", "i was tasked", "the challenge was", "we needed to", "the problem was",
             "my responsibility", "i wanted to", "i set out to", "the aim was", "the goal was", "it was on me",
             "my priority was", "i knew i had to"),
    "action": ("i decided", "i started", "i set up", "i created", "i introduced", "i spoke", "i called", "i met",
               "i worked with", "i organized", "i organised", "i put together", "i trained", "i listened",
               "i apologized", "i apologised", "i took", "i offered", "i built", "i rolled out", "i changed",
               "i analyzed", "i analysed", "i reviewed", "i coached", "i mapped", "i asked", "i gave", "i made",
               "i brought", "i ran", "i launched", "i implemented", "i rewrote", "i sat down", "i escalated",
               "i would", "i will", "first i", "then i", "i'd start", "i'd make", "my first step"),
    "result": ("as a result", "which led to", "led to", "resulted in", "the result", "in the end", "outcome",
               "reduced", "increased", "improved", "went from", "went up", "went down", "dropped", "rose",
               "saved", "cut", "by the end", "ended up", "since then", "within", "we hit", "we reached", "we met",
               "we exceeded", "raised", "lowered", "fell", "grew", "turned around", "came back", "renewed",
               "thanked me", "was happy", "satisfaction score"),
}


@dataclass(frozen=True)
class StarPart:
    present: bool
    evidence: str
    start_s: float | None

    def to_dict(self) -> dict[str, object]:
        return {"present": self.present, "evidence": self.evidence or None,
                "start_s": None if self.start_s is None else round(self.start_s, 2)}


@dataclass(frozen=True)
class Star:
    situation: StarPart
    task: StarPart
    action: StarPart
    result: StarPart
    quantified_result: StarPart
    explanation: str

    def to_dict(self) -> dict[str, object]:
        return {"situation": self.situation.present, "task": self.task.present, "action": self.action.present,
                "result": self.result.present, "quantified_result": self.quantified_result.present,
                "evidence": {k: getattr(self, k).to_dict() for k in
                             ("situation", "task", "action", "result", "quantified_result")},
                "explanation": self.explanation}


_COMPILED = {k: [compile_cue(m, {}) for m in v] for k, v in MARKERS.items()}
_NONE = StarPart(False, "", None)


def analyze_star(tokens: list[Token], hypothetical: bool = False) -> Star:
    sents = sentences(tokens)
    sent_units = [units(s) for s in sents]
    found: dict[str, StarPart] = {}
    result_sentences: list[int] = []
    for part, cues in _COMPILED.items():
        for si, seq in enumerate(sent_units):
            for cue in cues:
                m = match_cue(seq, cue, max_gap=1)
                if m is not None:
                    a, b = seq[m[0]].token, seq[m[1]].token
                    if part not in found:
                        found[part] = StarPart(True, quote(tokens, a, b), tokens[a].start_s)
                    if part == "result":
                        result_sentences.append(si)
                    break
    quantified = _NONE
    for si in result_sentences:
        for t in sents[si]:
            if is_number(t.norm):
                quantified = StarPart(True, quote(tokens, sents[si][0].i, sents[si][-1].i, 0), sents[si][0].start_s)
                break
        if quantified.present:
            break
    parts = {k: found.get(k, _NONE) for k in ("situation", "task", "action", "result")}
    have = [k for k, v in parts.items() if v.present]
    lacking = [k for k, v in parts.items() if not v.present]
    if len(have) == 4:
        explanation = "A full STAR story: situation, task, action and result."
    else:
        explanation = f"STAR parts heard: {', '.join(have) or 'none'}; missing: {', '.join(lacking)}."
        if hypothetical and "situation" in lacking:
            explanation += (" For a 'what would you do' question, a short real example of when you did it"
                            " makes the answer stronger.")
    if parts["result"].present and not quantified.present:
        explanation += " Your result has no number: say how much it improved (a percentage, a time, a count)."
    elif quantified.present:
        explanation += " Your result is measurable, which interviewers remember."
    return Star(parts["situation"], parts["task"], parts["action"], parts["result"], quantified, explanation)
