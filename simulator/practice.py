"""`practice` and `demo`: build the adapters once and run the interview loop."""

from __future__ import annotations

import dataclasses
import random
import sys
from dataclasses import dataclass
from typing import Any

from .analysis import AnalysisSettings
from .audio import AudioClip
from .bank import Bank, Question, load_bank
from .dialogue import DialogueManager, DialogueSettings, Listen
from .endpoint import EndpointSettings
from .errors import SimulatorError, UsageError
from .interview import Interview, session_header
from .meaning import attach
from .persona import Persona, load_persona
from .settings import Settings, VoiceSettings
from .store import SessionStore, latest_unfinished, new_session_id


@dataclass(frozen=True)
class PracticeOptions:
    bank: str | None = None
    persona: str | None = None
    questions: int = 5
    kinds: tuple[str, ...] = ()
    question_ids: tuple[str, ...] = ()
    mode: str = "coach"
    resume: str | None = None
    think_time_s: float = 0.0
    follow_up_limit: int | None = None
    end_silence_s: float = 3.0
    max_answer_s: float = 240.0
    seed: int | None = None
    no_audio: bool = False


def pick_questions(bank: Bank, n: int, kinds: tuple[str, ...], ids: tuple[str, ...], rng: random.Random) -> list[Question]:
    if ids:
        return [bank.question(i) for i in ids]
    pool = [q for q in bank.questions if not kinds or q.kind in kinds]
    if not pool:
        raise UsageError(f"no questions of kind {', '.join(kinds)} in bank '{bank.id}'",
                         "see: mock-interview questions --bank " + bank.id)
    if n < 1:
        raise UsageError("--questions must be at least 1", "for example --questions 5")
    # Open with a general question when there is one, like a real interview, then a varied mix.
    general = [q for q in pool if q.kind == "general"]
    rest = [q for q in pool if q.kind != "general"]
    rng.shuffle(general)
    rng.shuffle(rest)
    chosen = (general[:1] + rest)[:n] if general and not kinds else rest[:n] if rest else general[:n]
    if len(chosen) < n:
        chosen += [q for q in pool if q not in chosen][: n - len(chosen)]
    return chosen


def _adapters(settings: Settings, persona: Persona, speak: bool) -> tuple[Any, Any, Any]:
    from .asr import WhisperTranscriber
    from .tts import CachedSynthesizer, PiperSynthesizer, synthesize

    voice = persona.voice_settings(settings.voice, settings.voice.voice if settings.voice.voice != "default" else None)
    synth = CachedSynthesizer(PiperSynthesizer(voice), settings.paths.cache_dir / "tts", voice)
    synthesize(synth.inner, "Hello.")  # the first inference is slow; pay it before the greeting
    transcriber = WhisperTranscriber(settings.asr)
    speaker = None
    if speak:
        from .devices import Speaker

        try:
            speaker = Speaker(settings.audio.output_device)
            speaker.index()
        except SimulatorError as exc:
            print(f"(no speaker: the questions will be shown, not spoken: {exc.one_line()})", file=sys.stderr)
            speaker = None
    return synth, transcriber, speaker


def prepare(settings: Settings, opts: PracticeOptions) -> tuple[Bank, Persona, list[Question], SessionStore, int]:
    home = settings.paths.home
    if opts.resume is not None:
        session_id = opts.resume or latest_unfinished(home)
        if not session_id:
            raise UsageError("there is no unfinished session to resume", "start one with: mock-interview practice")
        store = SessionStore.open(home, session_id)
        if store.data.get("status") == "finished":
            raise UsageError(f"session {session_id} is already finished", "start a new one with: mock-interview practice")
        bank = load_bank(store.data["bank"].get("path") or store.data["bank"]["id"])
        persona = load_persona(store.data["persona"].get("path") or store.data["persona"]["id"])
        questions = [bank.question(q) for q in store.data["plan"]]
        start = int(store.data.get("next_question_index", 0))
        store.set_status("in_progress")
        return bank, persona, questions, store, start
    bank = load_bank(opts.bank)
    persona = load_persona(opts.persona)
    rng = random.Random(opts.seed)
    questions = pick_questions(bank, opts.questions, opts.kinds, opts.question_ids, rng)
    return bank, persona, questions, None, 0  # type: ignore[return-value]


def run_practice(settings: Settings, opts: PracticeOptions, source: Any = None, controls: Any = None,
                 before_listen: Any = None, out: Any = None, speak: bool = True) -> int:
    from .ui import Meter, TerminalControls

    out = out or sys.stdout
    bank, persona, questions, store, start = prepare(settings, opts)
    synth, transcriber, speaker = _adapters(settings, persona, speak and not opts.no_audio)
    analysis = attach(AnalysisSettings(), bank, settings.paths.cache_dir)
    if analysis.meaning is not None:
        analysis.meaning.warm()  # the sentence models, loaded now rather than on the first answer
    endpoint = EndpointSettings(end_silence_s=opts.end_silence_s, max_answer_s=opts.max_answer_s)
    mode = store.data["mode"] if store is not None else opts.mode
    dialogue = DialogueSettings(mode=mode, follow_up_limit=opts.follow_up_limit, think_time_s=opts.think_time_s,
                                title=bank.title)
    if store is None:
        header = session_header(bank, persona, questions, mode,
                                {"asr": settings.asr, "voice": synth.settings, "endpoint": endpoint,
                                 "dialogue": dialogue, "audio": settings.audio},
                                {"asr": transcriber.model_id, "voice": synth.voice_id})
        store = SessionStore.create(settings.paths.home, new_session_id(bank.id), header)
    dm = DialogueManager(persona, tuple(questions), dialogue, random.Random(opts.seed), start_index=start)
    mic = source
    if mic is None:
        from .devices import Microphone

        mic = Microphone(settings.audio.input_device, settings.audio.sample_rate_hz, settings.audio.block_ms)
        mic.open()
        mic.wait_until_live()
    controls = controls or TerminalControls()
    if hasattr(controls, "start"):
        controls.start()
    out.write(f"Session {store.id}: {len(questions)} question(s) from '{bank.title}' with {persona.name} "
              f"({persona.role}), {mode} mode. Files: {store.folder}\n")
    interview = Interview(dm, bank, store, synth, speaker, mic, transcriber, controls, Meter(out), out, endpoint,
                          analysis, before_listen)
    try:
        return interview.run()
    finally:
        if source is None:
            mic.close()


# --- demo: a simulated candidate through the same listening path ---------------------------------

DEMO_HESITATIONS = ("Um,", "Uh,")
"""Said before the first sentences of a weak answer (tiny.en keeps Piper's "um" only some of the time; two give it two chances)."""


def candidate_answer(q: Question, strong: bool, follow_up: int, synth: Any, rate: int = 16_000) -> AudioClip:
    """A simulated spoken answer: the bank's strong answer, or its weak one with fillers and a long
    pause; for a follow-up, the sentence of the strong answer that covers what was missing."""
    from .tts import split_sentences, synthesize

    if follow_up:
        sentences = split_sentences(q.strong_answer)
        text = " ".join(sentences[-2:]) if len(sentences) >= 2 else q.strong_answer
        parts = [AudioClip.silence(1.0, rate), synthesize(synth, text).resampled(rate)]
    elif strong:
        parts = [AudioClip.silence(1.5, rate), synthesize(synth, q.strong_answer).resampled(rate)]
    else:
        sentences = split_sentences(q.weak_answer) or [q.weak_answer]
        parts = [AudioClip.silence(2.5, rate)]
        for i, s in enumerate(sentences):
            if i < len(DEMO_HESITATIONS):
                parts.append(synthesize(synth, DEMO_HESITATIONS[i]).resampled(rate))
                parts.append(AudioClip.silence(0.3, rate))
            parts.append(synthesize(synth, s).resampled(rate))
            parts.append(AudioClip.silence(2.2 if i == 0 else 0.5, rate))
    parts.append(AudioClip.silence(0.2, rate))
    return AudioClip.concat(parts)


def candidate_voice(voice: VoiceSettings) -> Any:
    """The simulated candidate's Piper voice: slower than the interviewer, and without noise, so it says
    exactly the same thing on every run and the demo is repeatable."""
    from .tts import PiperSynthesizer

    return PiperSynthesizer(dataclasses.replace(voice, length_scale=1.3, noise_scale=0.0, noise_w=0.0,
                                                sentence_silence_s=0.25))


def run_demo(settings: Settings, questions: int = 2, fast: bool = False, speak: bool = True, out: Any = None,
             bank_spec: str | None = None) -> int:
    from .fakes import ScriptedMicrophone

    out = out or sys.stdout
    bank = load_bank(bank_spec)
    ids = ("transferred-caller", "process-improvement", "refund-policy", "underperforming-rep", "missed-kpi")
    chosen = tuple(i for i in ids if any(q.id == i for q in bank.questions))[:questions] or tuple(
        q.id for q in bank.questions[:questions])
    candidate = candidate_voice(settings.voice)
    mic = ScriptedMicrophone(sample_rate_hz=settings.audio.sample_rate_hz, pace=0.0 if fast else 1.0)
    strong_first = {qid: i % 2 == 0 for i, qid in enumerate(chosen)}

    def before_listen(action: Listen) -> None:
        clip = candidate_answer(action.question, strong_first[action.question.id], action.follow_up, candidate)
        mic.queue_answer(clip)
        kind = "follow-up" if action.follow_up else ("strong" if strong_first[action.question.id] else "weak")
        out.write(f"(simulated candidate, {kind} answer, {clip.seconds:.0f} s of speech and silence)\n")

    opts = PracticeOptions(bank=bank_spec, persona="warm-coach", question_ids=chosen, mode="coach",
                           end_silence_s=2.5, seed=7)
    return run_practice(settings, opts, source=mic, controls=_NoKeys(), before_listen=before_listen, out=out,
                        speak=speak)


class _NoKeys:
    def poll(self) -> None:
        return None

    def clear(self) -> None:
        return None

