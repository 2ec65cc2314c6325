"""The interview loop: the only place that sequences I/O. It asks the DialogueManager what to do,
speaks, listens, analyses, stores, and shows feedback."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from .analysis import AnalysisSettings, TurnAnalysis, analyze, with_earlier_coverage
from .asr import SpeechSpan, Transcriber, Transcript, Word
from .bank import Bank
from .dialogue import DialogueManager, Finish, Listen, Say, ShowFeedback
from .endpoint import EndpointSettings
from .errors import DeviceError, SimulatorError
from .listen import BlockSource, ListenResult, listen
from .memory import release_free_memory
from .render import summary
from .store import SessionStore
from .tts import split_sentences

SPOKEN_COMMANDS = {
    "repeat": ("repeat the question", "repeat that", "say that again", "could you repeat", "can you repeat"),
    "skip": ("skip this question", "skip the question", "next question", "skip this one", "pass on this one"),
    "retry": ("start again", "start over", "let me start again", "let me try again", "try that again"),
    "quit": ("stop the interview", "end the interview", "pause the interview"),
}


def spoken_command(transcript: Transcript) -> str | None:
    """A short answer that is only a request ("could you repeat the question?") is a command."""
    words = [w.norm for w in transcript.words if w.norm not in ("um", "uh", "please", "sorry")]
    if not words or len(words) > 7:
        return None
    text = " ".join(words)
    for command, phrases in SPOKEN_COMMANDS.items():
        if any(p in text for p in phrases):
            return command
    return None


def transcript_to_dict(t: Transcript) -> dict[str, Any]:
    return {"text": t.text, "words": [w.to_dict() for w in t.words], "speech": [s.to_dict() for s in t.speech],
            "dropped": [w.to_dict() for w in t.dropped], "duration_s": round(t.duration_s, 3), "model_id": t.model_id}


def transcript_from_dict(d: dict[str, Any]) -> Transcript:
    return Transcript(tuple(Word.from_dict(w) for w in d.get("words", [])), float(d.get("duration_s", 0.0)),
                      tuple(SpeechSpan(float(s["start_s"]), float(s["end_s"])) for s in d.get("speech", [])),
                      tuple(Word.from_dict(w) for w in d.get("dropped", [])), str(d.get("model_id", "")))


@dataclass
class Interview:
    dm: DialogueManager
    bank: Bank
    store: SessionStore
    synth: Any
    speaker: Any
    source: BlockSource
    transcriber: Transcriber
    controls: Any
    meter: Any
    out: TextIO
    endpoint: EndpointSettings = field(default_factory=EndpointSettings)
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
    before_listen: Callable[[Listen], None] | None = None
    """Hook run just before the microphone is read (the demo queues its simulated answer here)."""
    _turn: dict[str, Any] | None = None
    _prompted: bool = False
    _last_end: float = 0.0
    _answers: dict[int, list[TurnAnalysis]] = field(default_factory=dict)

    def say(self, text: str, kind: str) -> dict[str, float]:
        self.out.write(f"\n{self.dm.persona.name}: {text}\n")
        self.out.flush()
        t0 = time.monotonic()
        first: list[float] = []
        cached = all(getattr(self.synth, "is_cached", lambda _s: False)(s) for s in split_sentences(text))
        warm = None
        if kind == "question" and hasattr(self.synth, "warm"):
            nxt = self.dm.index + 1
            if nxt < self.dm.total:
                warm = threading.Thread(target=self._warm, args=(self.dm.questions[nxt].text,), daemon=True)
                warm.start()
        if self.speaker is not None:
            try:
                self.speaker.play_stream(self.synth.stream(text), on_start=lambda: first.append(time.monotonic()))
            except DeviceError as exc:
                self.out.write(f"(speaker unavailable, reading the question instead: {exc.one_line()})\n")
                self.speaker = None
        if warm is not None:
            warm.join(timeout=0.1)
        return {"first_audio_s": round(first[0] - t0, 3) if first else -1.0, "cached": float(cached),
                "spoken_s": round(time.monotonic() - t0, 3)}

    def _warm(self, text: str) -> None:
        for sentence in split_sentences(text):
            try:
                self.synth.warm(sentence)
            except Exception:
                return  # a failed pre-synthesis only costs speed later

    def run(self) -> int:
        try:
            while True:
                action = self.dm.next_action()
                if isinstance(action, Say):
                    timings = self.say(action.text, action.kind)
                    if action.kind == "question":
                        self.store.data.setdefault("speech_timings", []).append(timings)
                elif isinstance(action, Listen):
                    self.handle_listen(action)
                elif isinstance(action, ShowFeedback):
                    self.show_feedback(action)
                elif isinstance(action, Finish):
                    if self.dm.index >= self.dm.total:
                        self.store.data["next_question_index"] = self.dm.total
                        self.store.set_status("finished")
                    else:
                        self.store.set_status("interrupted")
                    self.out.write(f"\nSession saved: {self.store.folder}\n")
                    if self.store.data["status"] == "interrupted":
                        self.out.write(f"Resume it with: mock-interview practice --resume {self.store.id}\n")
                    return 0
        except SimulatorError:
            # a device or disk fault: the answer audio is on disk; mark the session resumable
            try:
                self.store.set_status("interrupted")
                self.out.write(f"\nEverything recorded so far is saved in {self.store.folder}\n"
                               f"Resume with: mock-interview practice --resume {self.store.id}\n")
                self.out.flush()
            except SimulatorError:
                pass
            raise
        except KeyboardInterrupt:
            if self._turn is not None and self._turn.get("status") == "recording":
                self._turn["status"] = "interrupted"
                self.store.update_turn(self._turn)
            self.store.set_status("interrupted")
            self.out.write(f"\nStopped. Every answer so far is saved in {self.store.folder}\n"
                           f"Resume with: mock-interview practice --resume {self.store.id}\n")
            self.out.flush()
            raise

    def handle_listen(self, action: Listen) -> None:
        q = action.question
        # numbered across the whole session, so a resumed session never reuses an earlier turn's key
        number = len(self.store.data["turns"]) + 1
        path = self.store.answer_path(action.question_index + 1, q.id, action.attempt, action.follow_up)
        if path.exists():
            path = path.with_name(f"{path.stem}-{number}{path.suffix}")
        turn: dict[str, Any] = {
            "key": f"t{number}", "question_index": action.question_index, "question_id": q.id,
            "follow_up": action.follow_up, "attempt": action.attempt, "prompt": action.prompt,
            "audio_file": str(path.relative_to(self.store.folder)), "status": "recording",
            "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        self._turn = turn
        self.store.add_turn(turn)
        release_free_memory()  # what the last answer's transcription freed goes back to the system
        if action.think_time_s > 0:
            time.sleep(action.think_time_s)
        if self.before_listen:
            self.before_listen(action)
        self.controls.clear()
        self.source.drain()
        self.meter.start("follow-up" if action.follow_up else f"question {action.question_index + 1} of {self.dm.total}")
        if hasattr(self.controls, "listening"):
            self.controls.listening(True)
        try:
            result = listen(self.source, self.transcriber, path, self.endpoint, self.controls, self.meter.update,
                            prompted=self._prompted)
        finally:
            if hasattr(self.controls, "listening"):
                self.controls.listening(False)
            self.meter.stop()
        self._finish_turn(action, turn, result)

    def _finish_turn(self, action: Listen, turn: dict[str, Any], r: ListenResult) -> None:
        turn.update({"ended_by": r.ended_by, "audio_s": round(r.audio_s, 2), "transcribe_tail_s": round(r.transcribe_tail_s, 3)})
        transcript = r.transcript
        if transcript is not None:
            turn["transcript"] = transcript_to_dict(transcript)
        command = r.ended_by if r.ended_by in ("repeat", "retry", "skip", "quit") else None
        if transcript is not None and not command:
            command = spoken_command(transcript)
            if command:
                turn["spoken_command"] = command
        if r.ended_by == "disk_full":
            from .store import SessionError

            turn["status"] = "interrupted"
            turn["error"] = r.error
            try:
                self.store.update_turn(turn)
            except SessionError:
                pass  # the disk is full: the answer audio written so far is what we keep
            raise SessionError(f"the disk is full: {r.error}",
                               "free some space, then resume with: mock-interview practice --resume; "
                               "everything recorded before is on disk")
        if r.ended_by == "device_error":
            turn["status"] = "interrupted"
            turn["error"] = r.error
            self.store.update_turn(turn)
            raise DeviceError(r.error.split(":")[0], "what you said so far is saved; reconnect it and resume")
        if command in ("repeat", "retry", "skip") or (command == "quit" and not (transcript and transcript.words)):
            turn["status"] = command
            self.store.update_turn(turn)
            self._prompted = False
            self.dm.on_command(action, command)
            return
        if transcript is None or not transcript.words:
            turn["status"] = "no_speech"
            self.store.update_turn(turn)
            gave_up = r.ended_by != "no_speech_prompt"
            self._prompted = not gave_up
            self.dm.on_no_speech(action, gave_up=gave_up)
            return
        self._prompted = False
        if action.follow_up:
            # judged together with the main answer; no length target for a follow-up
            question = dataclasses.replace(action.question, target_s=None)
            result = with_earlier_coverage(analyze(transcript, question, self.analysis),
                                           self._answers.get(action.question_index, []))
        else:
            result = analyze(transcript, action.question, self.analysis)
        self._answers.setdefault(action.question_index, []).append(result)
        turn["analysis"] = result.to_dict()
        turn["status"] = "answered"
        self._last_end = r.end_monotonic
        self.store.update_turn(turn)
        asked = self.dm.on_answer(action, result)
        if asked:
            turn["follow_up_asked"] = asked
        if command == "quit":
            self.dm.on_command(action, "quit")
        if self.dm.settings.mode != "coach":
            turn["wait_for_feedback_s"] = round(time.monotonic() - r.end_monotonic, 3)
        self.store.data["next_question_index"] = self.dm.index if not asked else action.question_index
        self.store.update_turn(turn)

    def show_feedback(self, action: ShowFeedback) -> None:
        if action.final:
            self.out.write("\n=== Feedback on the whole interview ===\n")
        for a in action.analyses:
            q = self.bank.question(a.question_id)
            self.out.write("\n" + summary(a, q) + "\n")
        self.out.flush()
        if not action.final and self._turn is not None:
            self._turn["wait_for_feedback_s"] = round(time.monotonic() - self._last_end, 3)
            self.store.update_turn(self._turn)


def session_header(bank: Bank, persona: Any, questions: list[Any], mode: str, settings: Any, model_ids: dict[str, str],
                   extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "bank": {"id": bank.id, "title": bank.title, "path": str(bank.path) if bank.path else None},
        "persona": {"id": persona.id, "name": persona.name, "path": str(persona.path) if persona.path else None},
        "mode": mode,
        "plan": [q.id for q in questions],
        "next_question_index": 0,
        "models": model_ids,
        "settings": {k: _jsonable(v) for k, v in settings.items()},
        **(extra or {}),
    }


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)

