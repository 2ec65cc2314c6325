"""Transcript writers (txt, json, srt, vtt) from one registry, after openai/whisper's get_writer."""

from __future__ import annotations

import json
from collections.abc import Callable

from .asr import Transcript, Word
from .registry import Registry

Writer = Callable[[Transcript], str]
writer: Registry[Writer] = Registry()
WRITERS = writer.items


def cues(words: tuple[Word, ...], max_s: float = 6.0, max_chars: int = 42, gap_s: float = 1.0) -> list[list[Word]]:
    """Group words into subtitle cues: break on long gaps, length, or sentence ends."""
    out: list[list[Word]] = []
    cur: list[Word] = []
    for w in words:
        if cur and (w.start_s - cur[-1].end_s > gap_s or w.end_s - cur[0].start_s > max_s
                    or len(" ".join(x.text for x in cur + [w])) > max_chars):
            out.append(cur)
            cur = []
        cur.append(w)
        if w.text.endswith((".", "?", "!")) and len(cur) > 3:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def timestamp(seconds: float, sep: str) -> str:
    ms = int(round(max(0.0, seconds) * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


@writer("txt")
def to_txt(t: Transcript) -> str:
    return t.text + "\n"


@writer("json")
def to_json(t: Transcript) -> str:
    return json.dumps(t.to_dict(), indent=2, ensure_ascii=False) + "\n"


@writer("srt")
def to_srt(t: Transcript) -> str:
    blocks = []
    for i, cue in enumerate(cues(t.words), 1):
        blocks.append(f"{i}\n{timestamp(cue[0].start_s, ',')} --> {timestamp(cue[-1].end_s, ',')}\n"
                      + " ".join(w.text for w in cue) + "\n")
    return "\n".join(blocks)


@writer("vtt")
def to_vtt(t: Transcript) -> str:
    blocks = ["WEBVTT\n"]
    for cue in cues(t.words):
        blocks.append(f"{timestamp(cue[0].start_s, '.')} --> {timestamp(cue[-1].end_s, '.')}\n"
                      + " ".join(w.text for w in cue) + "\n")
    return "\n".join(blocks)
