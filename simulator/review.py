"""A stored session, re-analysed from its facts (words with timings and voice activity) against the
current bank and settings. No speech model is loaded unless re-transcription is asked for."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analysis import AnalysisSettings, TurnAnalysis, analyze, with_earlier_coverage
from .bank import Bank, Question, load_bank
from .errors import SimulatorError, UsageError
from .interview import transcript_from_dict
from .store import SessionStore, session_ids


@dataclass(frozen=True)
class TurnView:
    key: str
    question: Question
    question_index: int
    follow_up: int
    attempt: int
    prompt: str
    status: str
    audio_path: Path | None
    analysis: TurnAnalysis | None
    follow_up_asked: str | None
    wait_for_feedback_s: float | None
    started: str

    @property
    def answered(self) -> bool:
        return self.analysis is not None and self.analysis.answered


@dataclass(frozen=True)
class SessionView:
    id: str
    folder: Path
    created: str
    status: str
    bank: Bank
    persona_name: str
    persona_id: str
    mode: str
    models: dict[str, str]
    turns: tuple[TurnView, ...]
    notes: tuple[str, ...] = ()

    @property
    def answers(self) -> tuple[TurnView, ...]:
        return tuple(t for t in self.turns if t.answered)


def _bank_for(data: dict[str, Any], bank: Bank | None) -> tuple[Bank, list[str]]:
    if bank is not None:
        return bank, []
    info = data.get("bank") or {}
    notes: list[str] = []
    for spec in (info.get("path"), info.get("id")):
        if not spec:
            continue
        try:
            return load_bank(spec), notes
        except SimulatorError as exc:
            notes.append(f"bank {spec} could not be loaded ({exc.one_line()})")
    raise SimulatorError(f"the question bank of session {data.get('id')} is not available ({'; '.join(notes)})",
                         "pass --bank with the bank the session used")


def load_session_view(store: SessionStore, bank: Bank | None = None, settings: AnalysisSettings | None = None,
                      retranscribe: Any = None) -> SessionView:
    """``retranscribe``: a Transcriber to re-run on the stored audio (only when asked)."""
    data = store.data
    bank, notes = _bank_for(data, bank)
    if settings is None:
        from .meaning import attach

        settings = attach(None, bank, store.folder.parent.parent / "cache")
    views: list[TurnView] = []
    by_question: dict[int, list[TurnAnalysis]] = {}
    for raw in data.get("turns", []):
        if not isinstance(raw, dict):
            continue
        try:
            question = bank.question(str(raw.get("question_id")))
        except UsageError:
            notes.append(f"question {raw.get('question_id')} is no longer in the bank; its answer is skipped")
            continue
        audio = store.folder / raw["audio_file"] if raw.get("audio_file") else None
        analysis = None
        transcript = None
        if retranscribe is not None and audio is not None and audio.is_file():
            from .audio import read_audio

            try:
                transcript = retranscribe.transcribe(read_audio(audio))
            except SimulatorError as exc:
                notes.append(f"{raw.get('audio_file')}: {exc.one_line()}")
        elif isinstance(raw.get("transcript"), dict):
            transcript = transcript_from_dict(raw["transcript"])
        if transcript is not None and transcript.words:
            idx = int(raw.get("question_index", 0))
            if int(raw.get("follow_up", 0)):
                analysis = with_earlier_coverage(
                    analyze(transcript, dataclasses.replace(question, target_s=None), settings),
                    by_question.get(idx, []))
            else:
                analysis = analyze(transcript, question, settings)
            by_question.setdefault(idx, []).append(analysis)
        views.append(TurnView(
            key=str(raw.get("key", "")), question=question, question_index=int(raw.get("question_index", 0)),
            follow_up=int(raw.get("follow_up", 0)), attempt=int(raw.get("attempt", 1)), prompt=str(raw.get("prompt", "")),
            status=str(raw.get("status", "")), audio_path=audio, analysis=analysis,
            follow_up_asked=raw.get("follow_up_asked"), wait_for_feedback_s=raw.get("wait_for_feedback_s"),
            started=str(raw.get("started", "")),
        ))
    persona = data.get("persona") or {}
    return SessionView(str(data.get("id")), store.folder, str(data.get("created", "")), str(data.get("status", "")),
                       bank, str(persona.get("name", "")), str(persona.get("id", "")), str(data.get("mode", "")),
                       dict(data.get("models") or {}), tuple(views), tuple(notes))


def resolve_session(home: Path, session_id: str | None) -> SessionStore:
    """A session by id, by unique prefix, or the latest one."""
    ids = session_ids(home)
    if not session_id:
        # the newest one that reads: only the folders after it are opened
        for sid in reversed(ids):
            try:
                return SessionStore.open(home, sid)
            except SimulatorError:
                continue
        raise UsageError(f"no sessions in {home / 'sessions'}", "run one with: mock-interview practice (or demo)")
    matches = [sid for sid in ids if sid == session_id] or [sid for sid in ids if sid.startswith(session_id)]
    if not matches:
        raise UsageError(f"no session '{session_id}'", "list them with: mock-interview sessions")
    if len(matches) > 1:
        raise UsageError(f"'{session_id}' matches {len(matches)} sessions", "give more of the id")
    return SessionStore.open(home, matches[0])
