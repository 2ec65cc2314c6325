"""Build realistic session folders without models or audio devices: words with timings, voice
activity and a WAV per answer, written through the same store the interview uses."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from simulator.analysis import analyze
from simulator.asr import SpeechSpan, Transcript, Word
from simulator.audio import AudioClip, write_wav
from simulator.bank import load_bank
from simulator.interview import transcript_to_dict
from simulator.store import SessionStore

BANK = load_bank(None)


def timed_transcript(text: str, start_s: float = 1.0, word_s: float = 0.38, pause_every: int = 0,
                     pause_s: float = 2.5) -> Transcript:
    words, spans = [], []
    t = start_s
    span_start = t
    for i, w in enumerate(text.split()):
        if pause_every and i and i % pause_every == 0:
            spans.append(SpeechSpan(span_start, t))
            t += pause_s
            span_start = t
        words.append(Word(w, t, t + word_s * 0.8, 0.95))
        t += word_s
    spans.append(SpeechSpan(span_start, t))
    return Transcript(tuple(words), t + 1.5, tuple(spans), (), "tiny.en (test)")


def make_session(home: Path, answers: list[tuple[str, str]], when: datetime, persona: str = "warm-coach",
                 pause_every: int = 0) -> SessionStore:
    """``answers``: (question id, spoken text) pairs."""
    header = {"bank": {"id": BANK.id, "title": BANK.title, "path": None}, "persona": {"id": persona, "name": "Maya"},
              "mode": "coach", "plan": [q for q, _ in answers], "next_question_index": len(answers),
              "models": {"asr": "tiny.en (test)", "voice": "test"}, "settings": {}}
    store = SessionStore.create(home, f"{when:%Y%m%d-%H%M%S}-{BANK.id}", header)
    store.data["created"] = when.isoformat(timespec="seconds")
    for i, (qid, text) in enumerate(answers):
        q = BANK.question(qid)
        tr = timed_transcript(text, pause_every=pause_every)
        path = store.answer_path(i + 1, qid, 1)
        rng = np.random.default_rng(i)
        write_wav(path, AudioClip((0.1 * rng.standard_normal(int(tr.duration_s * 16000))).astype(np.float32), 16000))
        store.add_turn({"key": f"t{i + 1}", "question_index": i, "question_id": qid, "follow_up": 0, "attempt": 1,
                        "prompt": q.text, "audio_file": str(path.relative_to(store.folder)), "status": "answered",
                        "started": (when + timedelta(minutes=2 * i)).isoformat(timespec="seconds"),
                        "transcript": transcript_to_dict(tr), "analysis": analyze(tr, q).to_dict(),
                        "ended_by": "enter", "wait_for_feedback_s": 0.5})
    store.set_status("finished")
    return store
