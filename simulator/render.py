"""Plain-terminal rendering of analyses (no colours unless the terminal supports them)."""

from __future__ import annotations

import os
import sys
import textwrap

from .analysis import TurnAnalysis
from .bank import Question


def _use_color() -> bool:
    return sys.stdout.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"


def style(text: str, code: str) -> str:
    return f"\033[{code}m{text}\033[0m" if _use_color() else text


def mark(ok: bool) -> str:
    return style("[x]", "32") if ok else style("[ ]", "31")


def highlighted_transcript(a: TurnAnalysis, long_pause_s: float = 2.0) -> str:
    """Transcript with fillers in [brackets], long pauses as (... 2.3 s ...), evidence underlined."""
    filler_idx = {f.token for f in a.fillers.items}
    pauses = {round(p.start_s, 2): p for p in (a.timing.pauses if a.timing else ()) if p.duration_s >= long_pause_s}
    evidence_spans = [(p.start_s, p.end_s) for p in (a.rubric.items if a.rubric else ()) if p.covered and p.start_s is not None]
    from .analysis.text import tokens_from_words

    out = []
    tokens = tokens_from_words(a.transcript.words)
    for t in tokens:
        for ps, p in list(pauses.items()):
            if t.start_s >= ps + p.duration_s - 0.05:
                out.append(style(f"(... {p.duration_s:.1f} s ...)", "2"))
                del pauses[ps]
        text = t.text
        if t.i in filler_idx:
            text = style(f"[{text}]", "33")
        elif any(s - 0.01 <= t.start_s <= e + 0.01 for s, e in evidence_spans) and a.timing is not None:
            text = style(text, "4")
        out.append(text)
    return textwrap.fill(" ".join(out), width=100, initial_indent="  ", subsequent_indent="  ")


def summary(a: TurnAnalysis, q: Question) -> str:
    lines = [style(f"Question ({q.kind}): ", "1") + q.text, ""]
    if not a.answered:
        lines.append("No answer was heard: nothing to score.")
        lines.extend(f"  - {n}" for n in a.notes)
        return "\n".join(lines)
    lines.append(style("Transcript", "1") + " (fillers in [brackets]" + (", long pauses shown" if a.timing else "") + "):")
    lines.append(highlighted_transcript(a))
    lines.append("")
    t = a.timing
    if t:
        target = f" (target {t.target_s[0]:.0f}-{t.target_s[1]:.0f} s: {t.length_verdict})" if t.target_s else ""
        lines.append(style("Timing", "1"))
        lines.append(f"  started after {t.speech_start_s:.1f} s; spoke for {t.speaking_s:.1f} s{target}")
        lines.append(f"  {t.word_count} words, {t.wpm:.0f} words a minute; {len(t.pauses)} pause(s) of 0.5 s or more, "
                     f"longest {t.longest_pause_s:.1f} s")
    lines.append(style("Fillers", "1") + f"  {a.fillers.count}" + (f" ({a.fillers.per_minute:.1f} a minute, {a.fillers.band})"
                                                                    if a.fillers.per_minute is not None else ""))
    lines.append(textwrap.fill(a.fillers.explanation, 100, initial_indent="  ", subsequent_indent="  "))
    lines.append(style("Language", "1") + f"  {a.language.explanation}")
    if a.rubric:
        r = a.rubric
        lines.append(style("What the interviewer listens for", "1") + f"  {sum(p.covered for p in r.items)}/{len(r.items)}")
        for p in r.items:
            at = f" at {p.start_s:.1f} s" if p.covered and p.start_s is not None and a.timing else ""
            lines.append(f"  {mark(p.covered)} {p.label}")
            if p.covered:
                lines.append(f"      \"{p.evidence}\"{at}")
        if r.off_topic:
            lines.append("  " + r.explanation)
    if a.star:
        s = a.star
        parts = " ".join(f"{mark(getattr(s, k).present)} {k.replace('_', ' ')}"
                         for k in ("situation", "task", "action", "result", "quantified_result"))
        lines.append(style("STAR", "1") + "  " + parts)
    lines.append("")
    lines.append(style("Work on next", "1"))
    for n in a.notes:
        lines.append(textwrap.fill(n, 100, initial_indent="  - ", subsequent_indent="    "))
    return "\n".join(lines)
