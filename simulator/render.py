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
    evidence_spans = [(p.start_s, p.end_s if p.end_s is not None else p.start_s)
                      for p in (a.rubric.items if a.rubric else ()) if p.covered and p.start_s is not None]
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
                lines.append(f"      \"{p.evidence}\"{at}"
                             + (" (in other words: close in meaning to answers that made this point)"
                                if p.cue == "~meaning" else ""))
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


def review_text(view, deltas: dict | None = None) -> str:  # type: ignore[no-untyped-def]
    """A whole session for the terminal: each answer with highlights, figures and deltas."""
    from .report import turn_title

    deltas = deltas or {}
    lines = [style(f"{view.bank.title}: session {view.id}", "1"),
             f"{view.created}, with {view.persona_name} ({view.mode} mode), {len(view.answers)} answer(s), "
             f"status {view.status}. Files: {view.folder}"]
    lines += [f"note: {n}" for n in view.notes]
    for t in view.turns:
        lines.append("")
        lines.append(style("=" * 100, "2"))
        lines.append(style(turn_title(t), "1") + (f"  [{t.status}]" if t.status != "answered" else ""))
        if t.analysis is None:
            lines.append(f"  {t.prompt}\n  No answer recorded.")
            continue
        if t.follow_up:
            lines.append(f"  Follow-up: {t.prompt}")
        lines.append(summary(t.analysis, t.question))
        if t.audio_path:
            lines.append(f"  audio: {t.audio_path}")
        d = deltas.get(t.key)
        if d:
            labels = {p.id: p.label for p in t.question.rubric}
            lines.append(style("Against your previous attempt", "1") + " (" + d.previous.session_id + ")")
            lines += [f"  {x}" for x in d.lines(labels)]
    return "\n".join(lines)


def progress_text(rows) -> str:  # type: ignore[no-untyped-def]
    from .progress import METRICS, session_series, sparkline, trend_word

    series = session_series(rows)
    lines = [style(f"Progress over {len(series)} session(s), {sum(1 for r in rows if not r.follow_up)} answers", "1"),
             "(oldest to newest; one mark a session)"]
    for m in METRICS:
        values = [v[m.key] for _, v in series]
        real = [x for x in values if x is not None]
        if not real:
            continue
        scale = 100.0 if m.unit == "%" else 1.0
        first, last = real[0] * scale, real[-1] * scale
        trend = trend_word(real[0], real[-1], m.better)
        lines.append(f"  {m.label:18s} {sparkline(values):<20s} first {first:6.1f}{m.unit}  latest {last:6.1f}{m.unit}"
                     + (f"  {trend}" if trend else ""))
    by_q: dict[str, list] = {}
    for r in rows:
        if not r.follow_up and r.coverage is not None:
            by_q.setdefault(r.question_id, []).append(r.coverage)
    if by_q:
        lines.append(style("Rubric coverage by question (attempts in order)", "1"))
        for qid, covs in sorted(by_q.items(), key=lambda kv: kv[1][-1]):
            lines.append(f"  {qid:26s} " + " -> ".join(f"{c * 100:.0f}%" for c in covs[-6:]))
    return "\n".join(lines)


def progress_html(rows) -> str:  # type: ignore[no-untyped-def]
    """Line charts per metric, one point a session; offline, inline SVG."""
    import html as _html

    from .progress import METRICS, session_series

    series = session_series(rows)
    charts = []
    for m in METRICS:
        values = [v[m.key] for _, v in series]
        pts = [(i, v * (100 if m.unit == "%" else 1)) for i, v in enumerate(values) if v is not None]
        if not pts:
            continue
        lo = min(v for _, v in pts)
        hi = max(v for _, v in pts)
        span = (hi - lo) or 1.0
        n = max(1, len(values) - 1)
        coords = [(20 + 560 * i / n, 110 - 90 * (v - lo) / span) for i, v in pts]
        path = " ".join(f"{'M' if k == 0 else 'L'}{x:.1f},{y:.1f}" for k, (x, y) in enumerate(coords))
        dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{v:.1f}{_html.escape(m.unit)}</title></circle>'
                       for (x, y), (_, v) in zip(coords, pts, strict=True))
        charts.append(f"<section><h2>{_html.escape(m.label)}</h2><svg viewBox='0 0 600 130'>"
                      f"<path d='{path}' fill='none' stroke='#2f6fde' stroke-width='2'/>{dots}"
                      f"<text x='0' y='12' font-size='11'>{hi:.1f}</text><text x='0' y='126' font-size='11'>{lo:.1f}"
                      "</text></svg></section>")
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><meta name='viewport' "
            "content='width=device-width, initial-scale=1'><title>Progress</title><style>body{font:16px system-ui;"
            "max-width:720px;margin:0 auto;padding:12px}svg{width:100%;height:auto}</style></head><body>"
            f"<h1>Progress over {len(series)} sessions</h1>{''.join(charts)}</body></html>\n")
