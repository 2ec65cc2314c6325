"""Interviewer personas (voices/*.yaml): voice, speaking rate and their own way of speaking."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import BankError
from .settings import VoiceSettings
from .yamlfile import Problems, builtin_files, line_of, load_yaml, resolve_data_file

VOICES_DIR = Path(__file__).resolve().parent.parent / "voices"
LINE_KINDS = ("greeting", "question_intro", "last_question_intro", "follow_up_intro", "acknowledgement",
              "encouragement", "no_speech_prompt", "skip", "repeat", "think_time", "closing", "act_probe",
              "redirect_probe")
PLACEHOLDERS = {"name", "title", "total", "index"}


@dataclass(frozen=True)
class Persona:
    id: str
    name: str
    role: str
    description: str
    voice: str = "default"
    length_scale: float = 1.0
    noise_scale: float = 0.667
    noise_w: float = 0.8
    sentence_silence_s: float = 0.3
    follow_up_limit: int = 1
    lines: dict[str, tuple[str, ...]] = field(default_factory=dict)
    path: Path | None = field(default=None, compare=False)

    def voice_settings(self, base: VoiceSettings, voice_override: str | None = None) -> VoiceSettings:
        """The persona's voice and rate; a voice given on the command line wins."""
        voice = voice_override if voice_override and voice_override != "default" else self.voice
        if voice != "default" and self.path is not None and not Path(voice).is_absolute() and voice_override is None:
            voice = str((self.path.parent / voice).resolve())
        return replace(base, voice=voice, length_scale=self.length_scale, noise_scale=self.noise_scale,
                       noise_w=self.noise_w, sentence_silence_s=self.sentence_silence_s)

    def line(self, kind: str, rng: random.Random | None = None, **values: Any) -> str:
        options = self.lines.get(kind) or DEFAULT_LINES[kind]
        text = (rng or random).choice(options)
        return text.format_map({"name": self.name, **{k: v for k, v in values.items()}, **_Missing()})


class _Missing(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return ""


DEFAULT_LINES: dict[str, tuple[str, ...]] = {
    "greeting": ("Hello, I'm {name}. We'll go through {total} questions for the {title} role.",),
    "question_intro": ("Question {index} of {total}.",),
    "last_question_intro": ("Last question.",),
    "follow_up_intro": ("One more thing on that.",),
    "acknowledgement": ("Thank you.",),
    "encouragement": ("Good.",),
    "no_speech_prompt": ("Take your time. Go ahead whenever you're ready.",),
    "skip": ("Let's move on.",),
    "repeat": ("Here it is again.",),
    "think_time": ("Take a moment to think.",),
    "closing": ("That's all my questions. Thank you.",),
    "act_probe": ("What would you do yourself, as the manager, step by step?",),
    "redirect_probe": ("And in this job, as the manager, how would you handle it?",),
}


def _number(p: Problems, d: dict[str, Any], key: str, default: float, lo: float, hi: float) -> float:
    v = d.get(key, default)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not lo <= v <= hi:
        p.add(line_of(d, key), f"'{key}' must be a number from {lo} to {hi}; write: {key}: {default}")
        return default
    return float(v)


def load_persona_file(path: Path) -> Persona:
    data = load_yaml(path, "persona")
    p = Problems(path)
    if not isinstance(data, dict):
        raise BankError(f"persona {path} must be a mapping with id, name and lines", "see voices/warm-coach.yaml")
    texts: dict[str, str] = {}
    for key, required in (("id", True), ("name", True), ("role", False), ("description", False), ("voice", False)):
        v = data.get(key)
        if v is None:
            if required:
                p.add(line_of(data), f"missing '{key}'; write: {key}: ...")
            continue
        if not isinstance(v, str) or not v.strip():
            p.add(line_of(data, key), f"'{key}' must be text")
            continue
        texts[key] = " ".join(v.split())
    lines: dict[str, tuple[str, ...]] = {}
    raw = data.get("lines", {})
    if not isinstance(raw, dict):
        p.add(line_of(data, "lines"), "'lines' must be a mapping of line kinds to lists of sentences")
        raw = {}
    for kind, values in raw.items():
        if kind not in LINE_KINDS:
            p.add(line_of(raw, kind), f"unknown line kind '{kind[:30]}'; use one of {', '.join(LINE_KINDS)}")
            continue
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not values or not all(isinstance(x, str) and x.strip() for x in values):
            p.add(line_of(raw, kind), f"lines.{kind} must be a list of sentences")
            continue
        for text in values:
            try:
                names = {f[1] for f in string.Formatter().parse(text) if f[1] is not None}
            except ValueError:
                names = {"?"}
            bad = names - PLACEHOLDERS
            if bad:
                p.add(line_of(raw, kind), f"lines.{kind} uses unknown placeholder(s) {sorted(bad)}; "
                                          f"only {{name}} {{title}} {{total}} {{index}} are filled in")
        lines[kind] = tuple(" ".join(x.split()) for x in values)
    limit = data.get("follow_up_limit", 1)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 <= limit <= 5:
        p.add(line_of(data, "follow_up_limit"), "'follow_up_limit' must be a whole number from 0 to 5")
        limit = 1
    persona = Persona(
        id=texts.get("id", ""), name=texts.get("name", ""), role=texts.get("role", ""),
        description=texts.get("description", ""), voice=texts.get("voice", "default"),
        length_scale=_number(p, data, "length_scale", 1.0, 0.5, 2.0),
        noise_scale=_number(p, data, "noise_scale", 0.667, 0.0, 1.5),
        noise_w=_number(p, data, "noise_w", 0.8, 0.0, 1.5),
        sentence_silence_s=_number(p, data, "sentence_silence_s", 0.3, 0.0, 2.0),
        follow_up_limit=limit, lines=lines, path=path,
    )
    p.raise_if_any("persona")
    return persona


def builtin_personas() -> dict[str, Path]:
    return builtin_files(VOICES_DIR)


def load_persona(spec: str | None) -> Persona:
    """A built-in persona id, or a path to a YAML file."""
    return load_persona_file(resolve_data_file(spec or "warm-coach", VOICES_DIR, "persona", "--persona"))
