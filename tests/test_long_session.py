"""Long use: a long practice session through the real interview loop (fakes at the edges) holds no
answer's audio once that answer is done, so Python's memory stays flat while the session grows by
words and analysis only. (Native memory of the real models: scripts/bench_long_use.py.)"""

from __future__ import annotations

import io
import random
import tracemalloc

import numpy as np

from simulator.analysis import AnalysisSettings
from simulator.asr import SpeechSpan, Transcript, Word
from simulator.audio import AudioClip
from simulator.bank import load_bank
from simulator.dialogue import DialogueManager, DialogueSettings
from simulator.endpoint import EndpointSettings
from simulator.fakes import ScriptedMicrophone, SilentSynthesizer
from simulator.interview import Interview, session_header
from simulator.persona import load_persona
from simulator.practice import _NoKeys
from simulator.store import SessionStore
from simulator.ui import Meter

RATE = 16_000
ANSWER_S = 60.0


def spoken(seconds: float) -> AudioClip:
    """Sentences of a steady tone 4 s long with 0.6 s pauses: the endpointer closes a stretch at each."""
    rng = np.random.default_rng(0)
    parts = [AudioClip.silence(0.5, RATE)]
    t = np.arange(int(4.0 * RATE)) / RATE
    sentence = AudioClip((0.3 * np.sin(2 * np.pi * 170 * t)).astype(np.float32), RATE)
    while sum(p.seconds for p in parts) < seconds:
        parts += [sentence, AudioClip((1e-4 * rng.standard_normal(int(0.6 * RATE))).astype(np.float32), RATE)]
    return AudioClip.concat(parts)


class WordsOverSound:
    """Any clip with sound reads as ten words spread over its loud part."""

    model_id = "fake"

    def transcribe(self, clip: AudioClip, *, prompt: str | None = None) -> Transcript:
        loud = np.where(np.abs(clip.samples) > 0.05)[0]
        if not len(loud):
            return Transcript((), clip.seconds, (), (), self.model_id)
        start, end = loud[0] / RATE, loud[-1] / RATE
        text = "I would apologise, own the case, call her back by noon, and fix the routing".split()
        step = (end - start) / len(text)
        words = tuple(Word(w, start + i * step, start + (i + 0.8) * step, 0.95) for i, w in enumerate(text))
        return Transcript(words, clip.seconds, (SpeechSpan(start, end),), (), self.model_id)


class DiscardingSpeaker:
    """Plays nothing and, unlike the fakes' NullSpeaker, keeps nothing it was given."""

    def play_stream(self, clips, stop=None, on_start=None) -> None:
        for i, _ in enumerate(clips):
            if i == 0 and on_start:
                on_start()


def test_a_long_session_keeps_no_answer_audio(tmp_path):
    bank = load_bank(None)
    persona = load_persona("warm-coach")
    questions = tuple(q for q in bank.questions if q.rubric)[:16]
    header = session_header(bank, persona, list(questions), "coach", {}, {"asr": "fake", "voice": "silent"})
    store = SessionStore.create(tmp_path, "20260101-000000-long", header)
    # no follow-ups: every question gets exactly one answer
    dm = DialogueManager(persona, questions, DialogueSettings(mode="coach", title=bank.title, follow_up_limit=0),
                         random.Random(1))
    mic = ScriptedMicrophone(sample_rate_hz=RATE)
    answer = spoken(ANSWER_S)
    samples: list[int] = []

    def before_listen(action) -> None:
        samples.append(tracemalloc.get_traced_memory()[0])
        mic.queue_answer(answer)

    out = io.StringIO()
    interview = Interview(dm, bank, store, SilentSynthesizer(sample_rate_hz=RATE), DiscardingSpeaker(), mic, WordsOverSound(),
                          _NoKeys(), Meter(out), out, EndpointSettings(end_silence_s=1.0, max_answer_s=ANSWER_S + 10),
                          AnalysisSettings(), before_listen)
    tracemalloc.start()
    try:
        assert interview.run() == 0
        samples.append(tracemalloc.get_traced_memory()[0])
    finally:
        tracemalloc.stop()
    answered = [t for t in store.data["turns"] if t["status"] == "answered"]
    assert len(answered) == len(questions) and all(t["audio_s"] >= ANSWER_S - 1 for t in answered)
    one_answer_audio = ANSWER_S * RATE * 4  # float32 samples of one answer: ~3.8 MB
    growth = samples[-1] - samples[2]
    # what a session rightly keeps (words, analysis) is far less than one answer's audio per answer
    assert growth < 0.25 * one_answer_audio * (len(samples) - 3), [round(s / 1e6, 1) for s in samples]
    assert max(samples[2:]) - samples[2] < 2 * one_answer_audio, [round(s / 1e6, 1) for s in samples]
