"""Ctrl-C and SIGKILL at every step of a turn, on the real interview loop with fakes at the edges.

A tripwire counts the steps of a clean run (the interviewer speaking, every microphone block read,
every transcription, every save of session.json, every feedback shown, the think-time hook). Then:

* Ctrl-C: for every step in turn, a run that raises KeyboardInterrupt at that step. The session
  must be marked interrupted, every block the microphone delivered must be in the answer's WAV,
  and resuming must finish the interview without touching anything saved before.
* SIGKILL: during one clean run, the session folder is copied at every step, which is exactly what
  a killed process leaves on disk (session.json is replaced atomically, the WAV header is rewritten
  at each flush). Every copy must read back and resume to the end.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from simulator import interview as interview_module
from simulator.analysis import AnalysisSettings
from simulator.asr import SpeechSpan, Transcript, Word
from simulator.audio import AudioClip, read_audio
from simulator.bank import load_bank
from simulator.dialogue import DialogueManager, DialogueSettings
from simulator.endpoint import EndpointSettings
from simulator.fakes import NullSpeaker, ScriptedMicrophone, SilentSynthesizer
from simulator.interview import Interview, session_header
from simulator.persona import load_persona
from simulator.review import load_session_view
from simulator.store import SessionStore

RATE = 16_000
QUESTIONS = ("refund-policy", "missed-kpi")


class Tripwire:
    """Counts steps by kind; raises KeyboardInterrupt at the chosen one, or calls ``on_step``."""

    def __init__(self, target: tuple[str, int] | None = None, on_step=None) -> None:
        self.target = target
        self.on_step = on_step
        self.counts: dict[str, int] = {}

    def step(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.on_step is not None:
            self.on_step(kind, self.counts[kind])
        if self.target == (kind, self.counts[kind]):
            raise KeyboardInterrupt


def voiced(seconds: float) -> AudioClip:
    """A steady tone the endpointer hears as speech, after 0.5 s of quiet."""
    t = np.arange(int(seconds * RATE)) / RATE
    tone = (0.3 * np.sin(2 * np.pi * 180 * t)).astype(np.float32)
    return AudioClip.concat([AudioClip.silence(0.5, RATE), AudioClip(tone, RATE)])


@dataclass
class FixedTranscriber:
    """Any clip with sound in it reads as the given answer, spread over the loud part."""

    trip: Tripwire
    text: str
    model_id: str = "fixed"

    def transcribe(self, clip: AudioClip, *, prompt: str | None = None) -> Transcript:
        self.trip.step("transcribe")
        loud = np.where(np.abs(clip.samples) > 0.05)[0]
        if not len(loud):
            return Transcript((), clip.seconds, (), (), self.model_id)
        start, end = loud[0] / RATE, loud[-1] / RATE
        tokens = self.text.split()
        step = (end - start) / len(tokens)
        words = tuple(Word(w, start + i * step, start + (i + 0.8) * step, 0.95) for i, w in enumerate(tokens))
        return Transcript(words, clip.seconds, (SpeechSpan(start, end),), (), self.model_id)


@dataclass
class CountingMicrophone:
    """ScriptedMicrophone that counts each read as a step and remembers what it delivered per answer."""

    trip: Tripwire
    inner: ScriptedMicrophone = field(default_factory=lambda: ScriptedMicrophone(sample_rate_hz=RATE))
    delivered: list[int] = field(default_factory=list)

    @property
    def sample_rate_hz(self) -> int:
        return self.inner.sample_rate_hz

    def drain(self) -> None:
        self.inner.drain()
        self.delivered.append(0)

    def read(self, timeout_s: float = 1.0) -> AudioClip | None:
        self.trip.step("listen")
        block = self.inner.read(timeout_s)
        if block is not None:
            self.delivered[-1] += len(block.samples)
        return block


@dataclass
class CountingSpeaker:
    trip: Tripwire
    inner: NullSpeaker = field(default_factory=NullSpeaker)

    def play_stream(self, clips, stop=None, on_start=None) -> None:
        self.trip.step("speak")
        self.inner.play_stream(clips, stop=stop, on_start=on_start)


class QuietControls:
    def poll(self) -> str | None:
        return None

    def clear(self) -> None:
        pass


class CountingStore(SessionStore):
    trip: Tripwire | None = None

    def save(self) -> None:
        if self.trip is not None:
            self.trip.step("save")
        super().save()


def build(home: Path, trip: Tripwire, store: SessionStore | None = None, start: int = 0) -> tuple[Interview, CountingMicrophone]:
    bank = load_bank(None)
    persona = load_persona("warm-coach")
    if store is None:
        questions = [bank.question(q) for q in QUESTIONS]
        header = session_header(bank, persona, questions, "coach", {}, {"asr": "fixed", "voice": "silent"})
        created = SessionStore.create(home, "20260101-000000-test", header)
        store = CountingStore(created.folder, created.data)
    else:
        store = CountingStore(store.folder, store.data)
    store.trip = trip
    questions = tuple(bank.question(q) for q in store.data["plan"])
    dm = DialogueManager(persona, questions, DialogueSettings(mode="coach", title=bank.title), random.Random(3),
                         start_index=start)
    mic = CountingMicrophone(trip)
    for _ in questions[start:]:
        mic.inner.queue_answer(voiced(2.0))
        mic.inner.queue_answer(voiced(1.5))  # for a follow-up, if one is asked
    strong = {q.id: q.strong_answer for q in questions}
    transcriber = FixedTranscriber(trip, "")

    def before_listen(action) -> None:
        trip.step("think")
        transcriber.text = strong[action.question.id]

    from simulator.ui import Meter

    out = io.StringIO()
    interview = Interview(dm, bank, store, SilentSynthesizer(sample_rate_hz=RATE), CountingSpeaker(trip), mic,
                          transcriber, QuietControls(), Meter(out), out,
                          EndpointSettings(end_silence_s=1.0, max_answer_s=30.0), AnalysisSettings(), before_listen)
    return interview, mic


@pytest.fixture(autouse=True)
def counted_feedback(monkeypatch):
    """Showing feedback is a step too."""
    state: dict[str, Tripwire] = {}
    real = interview_module.summary

    def summary(*args, **kwargs):
        if "trip" in state:
            state["trip"].step("feedback")
        return real(*args, **kwargs)

    monkeypatch.setattr(interview_module, "summary", summary)
    return state


def samples_in(wav: Path) -> int:
    """Samples a WAV on disk holds (a header alone is a valid empty recording)."""
    return 0 if wav.stat().st_size <= 44 else len(read_audio(wav).samples)


def wav_hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((folder / "answers").glob("*.wav"))}


def resume_to_the_end(home: Path, folder: Path, counted_feedback) -> dict:
    """What `practice --resume` does, with fresh fakes: it must finish and keep everything saved before."""
    before = json.loads((folder / "session.json").read_text())
    hashes = wav_hashes(folder)
    store = SessionStore.open(home, folder.name)
    store.set_status("in_progress")
    trip = Tripwire()
    counted_feedback["trip"] = trip
    interview, _ = build(home, trip, store, start=int(store.data.get("next_question_index", 0)))
    assert interview.run() == 0
    after = json.loads((folder / "session.json").read_text())
    assert after["status"] == "finished"
    # nothing saved before was overwritten: the earlier turns are a prefix, the earlier WAVs unchanged
    assert after["turns"][: len(before["turns"])] == before["turns"]
    assert {k: v for k, v in wav_hashes(folder).items() if k in hashes} == hashes
    answered = {t["question_id"] for t in after["turns"] if t["status"] == "answered"}
    assert answered == set(after["plan"])
    assert len({t["key"] for t in after["turns"]}) == len(after["turns"])
    load_session_view(SessionStore.open(home, folder.name))  # review reads it
    return after


def clean_run_counts(tmp_path: Path, counted_feedback) -> dict[str, int]:
    trip = Tripwire()
    counted_feedback["trip"] = trip
    interview, _ = build(tmp_path / "clean", trip)
    assert interview.run() == 0
    return dict(trip.counts)


def every_step(counts: dict[str, int]) -> list[tuple[str, int]]:
    steps = []
    for kind, n in sorted(counts.items()):
        picks = range(1, n + 1) if kind != "listen" else sorted({1, 2, *np.linspace(3, n, 12).astype(int)})
        steps += [(kind, k) for k in picks]
    return steps


def test_ctrl_c_at_every_step_keeps_what_was_said_and_resumes(tmp_path, counted_feedback):
    counts = clean_run_counts(tmp_path, counted_feedback)
    assert {"speak", "listen", "transcribe", "save", "feedback", "think"} <= set(counts)
    for n, (kind, k) in enumerate(every_step(counts)):
        home = tmp_path / f"run{n}"
        trip = Tripwire((kind, k))
        counted_feedback["trip"] = trip
        interview, mic = build(home, trip)
        with pytest.raises(KeyboardInterrupt):
            interview.run()
        folder = next((home / "sessions").iterdir())
        session = json.loads((folder / "session.json").read_text())
        where = f"Ctrl-C at {kind} #{k}"
        if kind != "save" or k > 1:  # Ctrl-C before the very first save leaves the session as created
            assert session["status"] == "interrupted", where
        # every block the microphone delivered is in the answer's WAV
        recorded = [t for t in session["turns"] if (folder / t["audio_file"]).exists()]
        for turn, delivered in zip(recorded, mic.delivered, strict=True):
            assert samples_in(folder / turn["audio_file"]) == delivered, where
        resume_to_the_end(home, folder, counted_feedback)


def test_sigkill_at_every_step_leaves_a_readable_resumable_session(tmp_path, counted_feedback):
    home = tmp_path / "live"
    snapshots: list[Path] = []

    def snapshot(kind: str, k: int) -> None:
        if kind == "listen" and k % 7:
            return
        sessions = home / "sessions"
        if sessions.is_dir():
            for folder in sessions.iterdir():
                copy = tmp_path / "killed" / f"{len(snapshots):03d}-{kind}{k}" / "sessions" / folder.name
                shutil.copytree(folder, copy)
                snapshots.append(copy)

    trip = Tripwire(on_step=snapshot)
    counted_feedback["trip"] = trip
    interview, _ = build(home, trip)
    assert interview.run() == 0
    assert len(snapshots) > 30
    for copy in snapshots:
        data = json.loads((copy / "session.json").read_text())
        for turn in data["turns"]:
            wav = copy / turn["audio_file"]
            if wav.exists():
                samples_in(wav)
        if data["status"] != "finished":
            resume_to_the_end(copy.parent.parent, copy, counted_feedback)
