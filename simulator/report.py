"""Session reports from one writer registry: html, md, json, srt, vtt.

Every string a report displays is escaped (HTML) or neutralised (Markdown): transcripts are the
candidate's words and may contain anything."""

from __future__ import annotations

import base64
import html
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .analysis import AnalysisSettings, TurnAnalysis
from .analysis.fillers import BAND_HIGH_PER_MIN, BAND_OK_PER_MIN, BAND_SOURCE
from .analysis.text import tokens_from_words
from .progress import AttemptDelta
from .registry import Registry
from .review import SessionView, TurnView
from .transcript_formats import cues, timestamp


@dataclass
class ReportContext:
    view: SessionView
    out_path: Path | None = None
    embed_audio: bool = False
    deltas: dict[str, AttemptDelta] = field(default_factory=dict)
    """Comparison with the previous attempt at the same question, by turn key."""
    settings: AnalysisSettings = field(default_factory=AnalysisSettings)


Writer = Callable[[ReportContext], str]
writer: Registry[Writer] = Registry()
WRITERS = writer.items


def e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def md(value: Any) -> str:
    """Plain text safe inside Markdown: no markup, links or HTML take effect."""
    text = str(value).replace("\n", " ")
    for ch in "\\`*_{}[]<>()#+!|~":
        text = text.replace(ch, "\\" + ch)
    return text


def audio_src(ctx: ReportContext, path: Path | None) -> str:
    if path is None or not path.is_file():
        return ""
    if ctx.embed_audio:
        return "data:audio/wav;base64," + base64.b64encode(path.read_bytes()).decode()
    base = (ctx.out_path.parent if ctx.out_path else ctx.view.folder).resolve()
    try:
        return Path(os.path.relpath(path.resolve(), base)).as_posix()
    except ValueError:
        return path.resolve().as_uri()


def turn_title(t: TurnView) -> str:
    base = f"Question {t.question_index + 1}"
    if t.follow_up:
        base += f", follow-up {t.follow_up}"
    if t.attempt > 1:
        base += f", attempt {t.attempt}"
    return base


# --- JSON -----------------------------------------------------------------------------------------

def session_dict(ctx: ReportContext) -> dict[str, Any]:
    v = ctx.view
    return {
        "schema_version": 1, "id": v.id, "created": v.created, "status": v.status,
        "bank": {"id": v.bank.id, "title": v.bank.title}, "persona": {"id": v.persona_id, "name": v.persona_name},
        "mode": v.mode, "models": v.models, "notes": list(v.notes),
        "turns": [{
            "key": t.key, "question_id": t.question.id, "question": t.question.text, "kind": t.question.kind,
            "question_index": t.question_index, "follow_up": t.follow_up, "attempt": t.attempt, "prompt": t.prompt,
            "status": t.status, "audio_file": str(t.audio_path.relative_to(v.folder)) if t.audio_path else None,
            "follow_up_asked": t.follow_up_asked, "wait_for_feedback_s": t.wait_for_feedback_s,
            "analysis": t.analysis.to_dict() if t.analysis else None,
            "previous_attempt": _delta_dict(ctx.deltas.get(t.key)),
        } for t in v.turns],
    }


def _delta_dict(d: AttemptDelta | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {"previous_session": d.previous.session_id, "d_length_s": d.d_length_s, "d_wpm": d.d_wpm,
            "d_fillers_per_min": d.d_fillers_per_min, "d_coverage": d.d_coverage, "gained": list(d.gained),
            "lost": list(d.lost)}


@writer("json")
def to_json(ctx: ReportContext) -> str:
    return json.dumps(session_dict(ctx), indent=2, ensure_ascii=False) + "\n"


# --- subtitles: the answers one after another, each cue prefixed with its question --------------

def _subtitle_cues(ctx: ReportContext) -> list[tuple[float, float, str]]:
    out = []
    offset = 0.0
    for t in ctx.view.answers:
        a = t.analysis
        assert a is not None
        for cue in cues(a.transcript.words):
            out.append((offset + cue[0].start_s, offset + cue[-1].end_s,
                        f"[Q{t.question_index + 1}{'f' if t.follow_up else ''}] " + " ".join(w.text for w in cue)))
        offset += a.transcript.duration_s
    return out


@writer("srt")
def to_srt(ctx: ReportContext) -> str:
    return "\n".join(f"{i}\n{timestamp(a, ',')} --> {timestamp(b, ',')}\n{text}\n"
                     for i, (a, b, text) in enumerate(_subtitle_cues(ctx), 1))


@writer("vtt")
def to_vtt(ctx: ReportContext) -> str:
    return "WEBVTT\n\n" + "\n".join(f"{timestamp(a, '.')} --> {timestamp(b, '.')}\n{text}\n"
                                    for a, b, text in _subtitle_cues(ctx))


# --- Markdown -------------------------------------------------------------------------------------

def _figures(a: TurnAnalysis, t: TurnView, s: AnalysisSettings) -> list[tuple[str, str, str, str]]:
    """(label, value, short verdict, how it is scored: threshold and source)."""
    out = []
    tm = a.timing
    if tm:
        target = t.question.target_s
        if target and not t.follow_up:
            out.append(("Length", f"{tm.speaking_s:.0f} s", f"{tm.length_verdict} (target {target[0]:.0f}-{target[1]:.0f} s)",
                        "Speaking time from your first to your last sound, against the length a good answer to this "
                        "question takes (set in the question bank)."))
        else:
            out.append(("Length", f"{tm.speaking_s:.0f} s", "follow-up", "Follow-ups have no length target."))
        band = "slow" if tm.wpm < s.slow_wpm else "fast" if tm.wpm > s.fast_wpm else "comfortable"
        out.append(("Pace", f"{tm.wpm:.0f} wpm", band,
                    f"Words a minute over your speaking time, fillers not counted. {s.slow_wpm:.0f}-{s.fast_wpm:.0f} is easy "
                    "to follow in an interview: a coaching rule of thumb, adjustable in the settings."))
        out.append(("Started after", f"{tm.speech_start_s:.1f} s", "thinking time",
                    "Time from the moment listening started to your first sound (from voice activity)."))
        out.append(("Longest pause", f"{tm.longest_pause_s:.1f} s",
                    f"{sum(1 for p in tm.pauses if p.duration_s >= s.long_pause_s)} of {s.long_pause_s:.0f} s or more",
                    f"Silences of {s.min_pause_s:.1f} s or more between stretches of voice activity; those of "
                    f"{s.long_pause_s:.0f} s or more are marked in the transcript. Measured from the audio, so an 'um' "
                    "the recogniser dropped does not count as silence."))
    f = a.fillers
    out.append(("Fillers", f"{f.per_minute:.1f}/min" if f.per_minute is not None else str(f.count), f"{f.count} in all, {f.band}",
                f"um, uh, er, hmm and words like 'you know' or 'like' when used as fillers (context rules keep 'I like my "
                f"team' out). Up to {BAND_OK_PER_MIN:.0f} a minute is fine; {BAND_HIGH_PER_MIN:.0f} or more lowers "
                f"listeners' ratings. Source: {BAND_SOURCE}."))
    out.append(("Hedges", str(len(a.language.hedges)), "I think, maybe, just...", a.language.explanation))
    if a.rubric:
        covered = sum(p.covered for p in a.rubric.items)
        out.append(("Coverage", f"{covered}/{len(a.rubric.items)}", "points covered",
                    "Points an interviewer listens for in this question. A point is credited only with a quote from your "
                    "answer that matches one of its cue phrases (listed in the question bank), shown below."))
    return out


@writer("md")
def to_md(ctx: ReportContext) -> str:
    v = ctx.view
    lines = [f"# Mock interview: {md(v.bank.title)}", "",
             f"Session {md(v.id)}, {md(v.created)}, with {md(v.persona_name)} ({md(v.mode)} mode). "
             f"Speech model: {md(v.models.get('asr', '?'))}.", ""]
    for t in v.turns:
        a = t.analysis
        lines += [f"## {turn_title(t)}: {md(t.question.text if not t.follow_up else t.prompt)}", ""]
        if t.audio_path:
            lines.append(f"Audio: `{md(t.audio_path.name)}`")
        if a is None:
            lines += ["", f"No answer recorded ({md(t.status or 'no speech')}).", ""]
            continue
        lines += ["", "Transcript (fillers in **bold**, long pauses as *(pause)*):", "", "> " + _md_transcript(a, ctx.settings), ""]
        lines += ["| measure | value | what it means |", "|---|---|---|"]
        lines += [f"| {md(k)} | {md(val)}, {md(short)} | {md(why)} |" for k, val, short, why in _figures(a, t, ctx.settings)]
        if a.rubric:
            lines += ["", "What the interviewer listens for:", ""]
            for p in a.rubric.items:
                mark = "x" if p.covered else " "
                quote = f' ("{md(p.evidence)}"' + (f" at {p.start_s:.1f} s)" if p.start_s is not None else ")") if p.covered else ""
                lines.append(f"- [{mark}] {md(p.label)}{quote}")
        if a.star:
            s = a.star
            lines += ["", "STAR: " + ", ".join(f"{k.replace('_', ' ')} {'yes' if getattr(s, k).present else 'no'}"
                                               for k in ("situation", "task", "action", "result", "quantified_result"))]
        if t.follow_up_asked:
            lines += ["", f"Follow-up asked: {md(t.follow_up_asked)}"]
        d = ctx.deltas.get(t.key)
        if d:
            labels = {p.id: p.label for p in t.question.rubric}
            lines += ["", "Against your previous attempt: " + md("; ".join(d.lines(labels)))]
        lines += ["", "Work on next:", ""] + [f"- {md(n)}" for n in a.notes] + [""]
    return "\n".join(lines) + "\n"


def _md_transcript(a: TurnAnalysis, s: AnalysisSettings) -> str:
    fillers = {f.token for f in a.fillers.items}
    pauses = [p for p in (a.timing.pauses if a.timing else ()) if p.duration_s >= s.long_pause_s]
    out = []
    for tok in tokens_from_words(a.transcript.words):
        while pauses and tok.start_s >= pauses[0].end_s - 0.05:
            out.append(f"*(pause {pauses.pop(0).duration_s:.1f} s)*")
        out.append(f"**{md(tok.text)}**" if tok.i in fillers else md(tok.text))
    return " ".join(out)


# --- HTML -----------------------------------------------------------------------------------------

CSS = """
:root{--ink:#1d2430;--muted:#5b6576;--line:#e3e7ee;--bg:#f6f7fb;--card:#fff;--accent:#2f6fde;
--filler:#ffe08a;--hedge:#f7b267;--ev:#c9f0d3;--miss:#f8d7da;--ok:#1f8a4c;--bad:#b3261e}
*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--ink);background:var(--bg)}header{background:#1d2430;color:#fff;padding:20px 16px}
header h1{margin:0 0 4px;font-size:1.4rem}header p{margin:0;color:#c9d1de;font-size:.92rem}
main{max-width:880px;margin:0 auto;padding:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px;margin:14px 0}
h2{font-size:1.1rem;margin:0 0 6px}.q{color:var(--muted);margin:0 0 10px}
.legend{display:flex;flex-wrap:wrap;gap:8px;font-size:.85rem;margin:8px 0 0}
.legend span{padding:2px 8px;border-radius:6px;border:1px solid var(--line);background:#fff}
audio{width:100%;margin:6px 0 10px}
.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:8px;margin:10px 0}
.fig{border:1px solid var(--line);border-radius:8px;padding:8px}.fig b{display:block;font-size:1.15rem}
.fig small{color:var(--muted);font-size:.78rem;display:block}
.transcript{font-size:1.02rem;line-height:1.9}.w{cursor:pointer;border-radius:4px;padding:1px 1px}
.w:hover{outline:2px solid var(--accent)}.filler{background:var(--filler)}.hedge{box-shadow:inset 0 -3px 0 var(--hedge)}
.ev{background:var(--ev)}.pause{display:inline-block;font-size:.8rem;color:var(--muted);border:1px dashed #aab;
border-radius:6px;padding:0 6px;margin:0 3px}.playing{outline:2px solid var(--accent)}
table{width:100%;border-collapse:collapse;font-size:.93rem}td,th{border-top:1px solid var(--line);padding:6px 4px;
text-align:left;vertical-align:top}.yes{color:var(--ok);font-weight:600}.no{color:var(--bad);font-weight:600}
.quote{font-style:italic;cursor:pointer}.why{color:var(--muted);font-size:.85rem}
.notes li{margin:4px 0}.delta{background:#eef3ff;border-radius:8px;padding:8px 10px;font-size:.92rem}
.star span{display:inline-block;margin:2px 6px 2px 0;padding:2px 8px;border-radius:12px;border:1px solid var(--line)}
.star .on{background:var(--ev)}svg{width:100%;height:auto;display:block}
details{margin:4px 0 10px}details summary{cursor:pointer;color:var(--muted)}
dd{margin:0 0 6px 0;color:var(--muted);font-size:.88rem}dt{font-weight:600;font-size:.9rem}
@media (max-width:560px){main{padding:6px}.card{padding:12px}.figs{grid-template-columns:repeat(2,1fr)}}
@media print{header{background:#fff;color:#000}header p{color:#333}audio,.legend{display:none}
.card{break-inside:avoid;border-color:#999}body{background:#fff}}
"""

JS = """
document.querySelectorAll('section.answer').forEach(function(sec){
  var audio=sec.querySelector('audio'); if(!audio) return;
  sec.addEventListener('click',function(ev){
    var el=ev.target.closest('[data-t]'); if(!el||!sec.contains(el)) return;
    audio.currentTime=parseFloat(el.dataset.t); var p=audio.play(); if(p&&p.catch){p.catch(function(){});}
  });
  var words=Array.prototype.slice.call(sec.querySelectorAll('.w'));
  audio.addEventListener('timeupdate',function(){
    var t=audio.currentTime; words.forEach(function(w){
      var on=parseFloat(w.dataset.t)<=t&&t<parseFloat(w.dataset.e); w.classList.toggle('playing',on);});
  });
});
"""


def _html_transcript(a: TurnAnalysis, s: AnalysisSettings) -> str:
    fillers = {f.token for f in a.fillers.items}
    hedge_times = [(h.start_s, h.end_s) for h in a.language.hedges]
    evidence = [(p.start_s, p.end_s if p.end_s is not None else p.start_s, p.label)
                for p in (a.rubric.items if a.rubric else ()) if p.covered and p.start_s is not None]
    pauses = [p for p in (a.timing.pauses if a.timing else ()) if p.duration_s >= s.long_pause_s]
    timed = a.timing is not None
    out = []
    for tok in tokens_from_words(a.transcript.words):
        while pauses and tok.start_s >= pauses[0].end_s - 0.05:
            p = pauses.pop(0)
            out.append(f'<span class="pause" data-t="{p.start_s:.2f}" title="silent pause">'
                       f'pause {p.duration_s:.1f} s</span>')
        classes = ["w"]
        title = ""
        if tok.i in fillers:
            classes.append("filler")
            title = "filler"
        if timed and any(a0 - 0.01 <= tok.start_s <= b0 + 0.01 for a0, b0 in hedge_times):
            classes.append("hedge")
            title = title or "hedge"
        ev = next((lab for a0, b0, lab in evidence if a0 - 0.01 <= tok.start_s <= b0 + 0.01), None) if timed else None
        if ev:
            classes.append("ev")
            title = f"evidence: {ev}"
        out.append(f'<span class="{" ".join(classes)}" data-t="{tok.start_s:.2f}" data-e="{max(tok.end_s, tok.start_s + 0.05):.2f}"'
                   + (f' title="{e(title)}"' if title else "") + f">{e(tok.text)}</span>")
    return " ".join(out)


def _timeline_svg(a: TurnAnalysis, s: AnalysisSettings) -> str:
    """Voice activity, pauses and pace over time (words a minute in 10 s windows)."""
    tm = a.timing
    if tm is None or a.transcript.duration_s <= 0:
        return ""
    dur = a.transcript.duration_s
    width, height, top = 800, 120, 10

    def x(t: float) -> float:
        return 40 + (width - 50) * t / dur

    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="pace and pauses over time">',
             f'<text x="0" y="{top + 10}" font-size="11" fill="#5b6576">pace</text>',
             f'<text x="0" y="{height - 12}" font-size="11" fill="#5b6576">voice</text>']
    for span in a.transcript.speech:
        parts.append(f'<rect x="{x(span.start_s):.1f}" y="{height - 24}" width="{max(1, x(span.end_s) - x(span.start_s)):.1f}"'
                     f' height="12" fill="#2f6fde" opacity=".55"/>')
    for p in tm.pauses:
        color = "#b3261e" if p.duration_s >= s.long_pause_s else "#aab"
        parts.append(f'<rect x="{x(p.start_s):.1f}" y="{height - 28}" width="{max(1, x(p.end_s) - x(p.start_s)):.1f}"'
                     f' height="20" fill="none" stroke="{color}" stroke-dasharray="3 2" data-t="{p.start_s:.2f}">'
                     f'<title>pause {p.duration_s:.1f} s</title></rect>')
    window = 10.0
    points = []
    t0 = 0.0
    words = [w for w in a.transcript.words]
    while t0 < dur:
        n = sum(1 for w in words if t0 <= w.start_s < t0 + window)
        width_s = min(window, dur - t0)
        if width_s >= 3:
            points.append((t0 + width_s / 2, n / width_s * 60))
        t0 += window
    if points:
        hi = max(200.0, max(p[1] for p in points))
        y = lambda v: top + (height - 50) * (1 - v / hi)  # noqa: E731
        for band in (s.slow_wpm, s.fast_wpm):
            parts.append(f'<line x1="40" x2="{width - 10}" y1="{y(band):.1f}" y2="{y(band):.1f}" stroke="#c9d1de" '
                         f'stroke-dasharray="4 3"/><text x="{width - 8}" y="{y(band) + 4:.1f}" font-size="10" '
                         f'text-anchor="end" fill="#8892a3">{band:.0f}</text>')
        path = " ".join(f"{'M' if i == 0 else 'L'}{x(t):.1f},{y(v):.1f}" for i, (t, v) in enumerate(points))
        parts.append(f'<path d="{path}" fill="none" stroke="#1d2430" stroke-width="2"/>')
        for t, v in points:
            parts.append(f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="3" fill="#1d2430"><title>{v:.0f} wpm</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def _html_answer(ctx: ReportContext, t: TurnView) -> str:
    a = t.analysis
    title = turn_title(t)
    prompt = t.prompt if t.follow_up else t.question.text
    head = (f'<section class="card answer" id="{e(t.key)}"><h2>{e(title)}</h2>'
            f'<p class="q">{e(prompt)}</p>')
    src = audio_src(ctx, t.audio_path)
    player = f'<audio controls preload="metadata" src="{e(src)}"></audio>' if src else ""
    if a is None:
        return head + player + f"<p>No answer recorded ({e(t.status or 'no speech')}).</p></section>"
    figures = _figures(a, t, ctx.settings)
    figs = "".join(f'<div class="fig" title="{e(why)}"><small>{e(k)}</small><b>{e(v)}</b><small>{e(short)}</small></div>'
                   for k, v, short, why in figures)
    how = ("<details><summary>How these figures are scored</summary><dl>"
           + "".join(f"<dt>{e(k)}</dt><dd>{e(why)}</dd>" for k, _, _, why in figures) + "</dl></details>")
    rubric = ""
    if a.rubric:
        rows = []
        for p in a.rubric.items:
            if p.covered:
                at = f' data-t="{p.start_s:.2f}"' if p.start_s is not None and a.timing else ""
                quote = f'<div class="quote"{at}>&ldquo;{e(p.evidence)}&rdquo;' + (
                    f" at {p.start_s:.1f} s" if p.start_s is not None and a.timing else "") + "</div>"
                if p.cue == "~meaning":
                    quote += f'<div class="why">{e(p.explanation)}</div>'
                rows.append(f'<tr><td class="yes">&#10003;</td><td>{e(p.label)}{quote}</td></tr>')
            else:
                rows.append(f'<tr><td class="no">&#10007;</td><td>{e(p.label)}<div class="why">{e(p.explanation)}</div></td></tr>')
        rubric = f"<h3>What the interviewer listens for</h3><table>{''.join(rows)}</table>"
        if a.rubric.off_topic:
            rubric += f"<p>{e(a.rubric.explanation)}</p>"
    star = ""
    if a.star:
        s = a.star
        star = ('<h3>STAR</h3><p class="star">' + "".join(
            f'<span class="{"on" if getattr(s, k).present else ""}">{e(k.replace("_", " "))}</span>'
            for k in ("situation", "task", "action", "result", "quantified_result")) + f"</p><p class=\"why\">{e(s.explanation)}</p>")
    follow = f"<p><b>Follow-up asked:</b> {e(t.follow_up_asked)}</p>" if t.follow_up_asked else ""
    d = ctx.deltas.get(t.key)
    delta = ""
    if d:
        labels = {p.id: p.label for p in t.question.rubric}
        delta = '<div class="delta"><b>Against your previous attempt:</b> ' + "<br>".join(e(x) for x in d.lines(labels)) + "</div>"
    notes = "<h3>Work on next</h3><ul class=\"notes\">" + "".join(f"<li>{e(n)}</li>" for n in a.notes) + "</ul>"
    return (head + player + f'<div class="figs">{figs}</div>{how}'
            + f'<div class="transcript">{_html_transcript(a, ctx.settings)}</div>'
            + f"<h3>Pace and pauses</h3>{_timeline_svg(a, ctx.settings)}" + rubric + star + follow + delta + notes
            + "</section>")


@writer("html")
def to_html(ctx: ReportContext) -> str:
    v = ctx.view
    answers = "".join(_html_answer(ctx, t) for t in v.turns)
    legend = ('<div class="legend"><span class="w filler">filler</span><span class="w hedge">hedge</span>'
              '<span class="w ev">rubric evidence</span><span class="pause">pause 2.5 s</span>'
              "<span>click any word to hear it</span></div>")
    notes = "".join(f"<p class=\"why\">{e(n)}</p>" for n in v.notes)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(v.bank.title)} mock interview, {e(v.created)}</title><style>{CSS}</style></head><body>"
            f"<header><h1>{e(v.bank.title)}: mock interview</h1><p>{e(v.created)} &middot; with {e(v.persona_name)} "
            f"&middot; {e(v.mode)} mode &middot; {len(v.answers)} answer(s) &middot; speech model {e(v.models.get('asr', '?'))}"
            f"</p></header><main>{legend}{notes}{answers}"
            f'<p class="why">Made offline by mock-interview from the session files in {e(v.folder)}. '
            "Every figure is computed from your recorded words and their timings; nothing was sent anywhere.</p>"
            f"</main><script>{JS}</script></body></html>\n")
