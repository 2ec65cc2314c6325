"""Command line: parses flags, resolves settings once, builds adapters, maps errors to exit codes.

Exit codes: 0 ok, 1 an error the user can fix (one line on stderr), 2 usage error, 130 Ctrl-C.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import NoSpeechError, SimulatorError, UsageError
from .settings import Settings, load_config, resolve

Handler = Callable[[argparse.Namespace, Settings], int]


class ArgumentParser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of printing its own multi-line message."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        raise UsageError(f"{message}", f"see: {self.prog} --help")


def _settings_from(args: argparse.Namespace) -> Settings:
    config = load_config(Path(args.config)) if getattr(args, "config", None) else {}
    overrides: dict[str, Any] = {"asr": {}, "voice": {}, "audio": {}}
    if getattr(args, "asr_model", None):
        overrides["asr"]["model"] = args.asr_model
    if getattr(args, "voice", None):
        overrides["voice"]["voice"] = args.voice
    if getattr(args, "input", None) is not None:
        overrides["audio"]["input_device"] = args.input
    if getattr(args, "output", None) is not None:
        overrides["audio"]["output_device"] = args.output
    home = Path(args.home).expanduser() if getattr(args, "home", None) else None
    return resolve(config, overrides, home=home)


# --- commands ---------------------------------------------------------------------------------

def cmd_transcribe(args: argparse.Namespace, settings: Settings) -> int:
    from .transcript_formats import WRITERS

    transcript = transcribe_file(args.audio, settings, "")
    sys.stdout.write(WRITERS[args.format](transcript))
    return 0


def transcribe_file(path: str, settings: Settings, what: str) -> Any:
    """A recording of any length, streamed in pieces; silence and no speech are one-line errors.
    ``what`` prefixes the message (analyze passes "no answer: ")."""
    from .asr import WhisperTranscriber, resolve_model, transcribe_stream
    from .audio import SILENT_DBFS, dbfs, iter_audio

    resolve_model(settings.asr.model)  # a wrong --asr-model is reported before any work is done
    blocks = iter_audio(path)
    first = next(blocks)  # an unreadable file is reported before the model loads
    transcript, stats = transcribe_stream(WhisperTranscriber(settings.asr), itertools.chain([first], blocks))
    if dbfs(stats.rms) < SILENT_DBFS:
        raise NoSpeechError(f"{what}{path} is silent ({stats.duration_s:.1f} s of near-zero audio)",
                            "record the answer again and check the microphone with: mock-interview doctor")
    if not transcript.has_speech:
        raise NoSpeechError(f"{what}no speech found in {path} ({stats.duration_s:.1f} s)",
                            "speak closer to the microphone, or check it with: mock-interview doctor")
    return transcript


def cmd_say(args: argparse.Namespace, settings: Settings) -> int:
    from .audio import write_wav
    from .tts import PiperSynthesizer, synthesize

    text = " ".join(args.text).strip()
    if not text:
        raise UsageError("nothing to say", 'pass the text, e.g. mock-interview say "Tell me about yourself."')
    synth = PiperSynthesizer(settings.voice)
    if args.out:
        write_wav(args.out, synthesize(synth, text))
        print(f"wrote {args.out}")
        return 0
    from .devices import Speaker

    Speaker(settings.audio.output_device).play_stream(synth.stream(text))
    return 0


def cmd_devices(args: argparse.Namespace, settings: Settings) -> int:
    from .devices import list_devices

    for d in list_devices():
        marks = ("<in " if d.is_default_input else "    ") + ("out>" if d.is_default_output else "    ")
        print(f"{marks} {d.index:3d}  {d.name}  ({d.hostapi}; in {d.max_input_channels}, "
              f"out {d.max_output_channels}, {d.default_samplerate_hz:.0f} Hz)")
    print("select with --input N|NAME and --output N|NAME")
    return 0


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from .doctor import run_checks

    results = run_checks(settings, mic_seconds=args.mic_seconds)
    width = max(len(r.name) for r in results)
    for r in results:
        print(f"{'ok  ' if r.ok else 'FAIL'}  {r.name.ljust(width)}  {r.detail}" + (f"\n      fix: {r.fix}" if r.fix else ""))
    failed = [r for r in results if not r.ok]
    print("all checks passed" if not failed else f"{len(failed)} check(s) failed")
    return 1 if failed else 0


def cmd_analyze(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from .analysis import analyze
    from .analysis.text import words_from_text
    from .asr import Transcript
    from .bank import load_bank
    from .meaning import attach
    from .render import summary

    bank = load_bank(args.bank)
    question = bank.question(args.question)
    if args.text is not None and args.audio:
        raise UsageError("give either AUDIO or --text, not both", "see: mock-interview analyze --help")
    if args.text is not None:
        if not args.text.strip():
            raise UsageError("the --text answer is empty", 'type the answer, e.g. --text "I would first listen..."')
        result = analyze(Transcript(words_from_text(args.text), 0.0), question,
                         attach(None, bank, settings.paths.cache_dir), timed=False)
    elif args.audio:
        result = analyze(transcribe_file(args.audio, settings, "no answer: "), question,
                         attach(None, bank, settings.paths.cache_dir))
    else:
        raise UsageError("nothing to analyze", 'pass an AUDIO file or --text "your answer"')
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(summary(result, question))
    return 0


def cmd_banks(args: argparse.Namespace, settings: Settings) -> int:
    from .bank import builtin_banks, load_bank_file

    for bank_id, path in builtin_banks().items():
        bank = load_bank_file(path)
        print(f"{bank_id:28s} {len(bank.questions):3d} questions  {bank.title}")
    print("use with --bank ID, or --bank path/to/your-bank.yaml")
    return 0


def _kinds(values: list[str] | None) -> tuple[str, ...]:
    """--kind values (repeatable, comma-separated), checked against the bank's kinds."""
    from .bank import KINDS

    kinds = tuple(k.strip() for group in (values or []) for k in group.split(",") if k.strip())
    bad = set(kinds) - set(KINDS)
    if bad:
        raise UsageError(f"unknown kind {', '.join(sorted(bad))}", f"use {' | '.join(KINDS)}")
    return kinds


def cmd_questions(args: argparse.Namespace, settings: Settings) -> int:
    from .bank import load_bank

    bank = load_bank(args.bank)
    kinds = set(_kinds(args.kind))
    for q in bank.questions:
        if kinds and q.kind not in kinds:
            continue
        target = f"{q.target_s[0]:.0f}-{q.target_s[1]:.0f}s" if q.target_s else "-"
        print(f"{q.id:26s} {q.kind:12s} {target:>8s}  {len(q.rubric)} points  {q.text}")
    return 0


def cmd_personas(args: argparse.Namespace, settings: Settings) -> int:
    from .persona import builtin_personas, load_persona_file

    for pid, path in builtin_personas().items():
        p = load_persona_file(path)
        print(f"{pid:14s} {p.name:8s} {p.role} (rate {p.length_scale:g}, voice {p.voice})\n{'':14s} {p.description}")
    print("use with --persona ID, or --persona path/to/persona.yaml")
    return 0


def _home(settings: Settings) -> Path:
    return settings.paths.home


def _deltas(home: Path, view: Any) -> dict[str, Any]:
    """Comparison of each answer with the previous attempt at the same question (from the index)."""
    from .history import all_answers, sync
    from .progress import compare, previous_attempt

    sync(home)
    rows = all_answers(home)
    mine = {r.key: r for r in rows if r.session_id == view.id}
    out = {}
    for t in view.answers:
        cur = mine.get(t.key)
        if cur is None or cur.follow_up:
            continue
        prev = previous_attempt(rows, cur)
        if prev is not None:
            out[t.key] = compare(prev, cur)
    return out


def _view(args: argparse.Namespace, settings: Settings) -> Any:
    from .bank import load_bank
    from .review import load_session_view, resolve_session

    store = resolve_session(_home(settings), getattr(args, "session", None))
    bank = load_bank(args.bank) if getattr(args, "bank", None) else None
    transcriber = None
    if getattr(args, "retranscribe", False):
        from .asr import WhisperTranscriber

        transcriber = WhisperTranscriber(settings.asr)
    return load_session_view(store, bank, retranscribe=transcriber)


def cmd_sessions(args: argparse.Namespace, settings: Settings) -> int:
    from .history import sessions_summary, sync

    home = _home(settings)
    problems = sync(home)
    rows = sessions_summary(home)
    if not rows and not problems:
        print(f"no sessions yet in {home / 'sessions'}; start one with: mock-interview practice (or demo)")
        return 0
    print(f"{'session':42s} {'status':11s} {'persona':12s} {'answers':>7s} {'coverage':>8s} {'pace':>8s} {'fillers':>9s}")
    for r in rows:
        cov = f"{r['coverage'] * 100:.0f}%" if r["coverage"] is not None else "-"
        wpm = f"{r['wpm']:.0f} wpm" if r["wpm"] is not None else "-"
        fpm = f"{r['fillers_per_min']:.1f}/min" if r["fillers_per_min"] is not None else "-"
        print(f"{r['id']:42s} {r['status']:11s} {str(r['persona']):12s} {r['answers']:7d} {cov:>8s} {wpm:>8s} {fpm:>9s}")
    for p in problems:
        print(f"damaged: {p}")
    return 0


def cmd_review(args: argparse.Namespace, settings: Settings) -> int:
    from .render import review_text

    view = _view(args, settings)
    print(review_text(view, _deltas(_home(settings), view)))
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from .report import WRITERS, ReportContext

    view = _view(args, settings)
    out = Path(args.output).expanduser() if args.output and args.output != "-" else None
    if out is None and args.output is None and args.format == "html":
        out = view.folder / "report.html"
    ctx = ReportContext(view, out, embed_audio=args.embed_audio, deltas=_deltas(_home(settings), view))
    text = WRITERS[args.format](ctx)
    if out is None:
        sys.stdout.write(text)
        return 0
    from .store import atomic_write_text

    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out, text)
    print(f"wrote {out}")
    return 0


def cmd_progress(args: argparse.Namespace, settings: Settings) -> int:
    from .history import all_answers, rebuild, sync
    from .render import progress_text

    home = _home(settings)
    problems = rebuild(home) if args.rebuild else sync(home)
    rows = all_answers(home)
    if not rows:
        print("no answers yet; start with: mock-interview practice (or demo)")
        return 0
    print(progress_text(rows))
    if args.html:
        from .render import progress_html
        from .store import atomic_write_text

        atomic_write_text(Path(args.html), progress_html(rows))
        print(f"wrote {args.html}")
    for p in problems:
        print(f"damaged: {p}")
    return 0


def cmd_drill(args: argparse.Namespace, settings: Settings) -> int:
    from .bank import load_bank
    from .history import all_answers, sync
    from .progress import drill

    home = _home(settings)
    sync(home)
    bank = load_bank(args.bank)
    plan = drill([r for r in all_answers(home)], bank, args.questions)
    print("Your next session, aimed at what is weakest:")
    for reason in plan.reasons:
        print(f"  - {reason}")
    if plan.skills:
        print("Skills by coverage so far: " + ", ".join(f"{t} {c * 100:.0f}%" for t, c in plan.skills[:6]))
    for d in plan.delivery:
        print(f"Delivery: {d}")
    command = "mock-interview practice " + " ".join(f"--question {q.id}" for q in plan.questions)
    print(f"\nRun it with:\n  {command}")
    if args.run:
        from .practice import PracticeOptions, run_practice

        return run_practice(settings, PracticeOptions(bank=args.bank, question_ids=tuple(q.id for q in plan.questions)))
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    import zipfile

    from .review import resolve_session

    store = resolve_session(_home(settings), args.session)
    out = Path(args.output or f"{store.id}.zip").expanduser()
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(store.folder.rglob("*")):
            if f.is_file() and not f.name.endswith((".tmp", ".part")):
                z.write(f, f"{store.id}/{f.relative_to(store.folder)}")
    tmp.replace(out)
    print(f"wrote {out}")
    return 0


def cmd_delete(args: argparse.Namespace, settings: Settings) -> int:
    import shutil

    from .history import sync
    from .review import resolve_session

    if not args.session:
        raise UsageError("name the session to delete", "see: mock-interview sessions")
    store = resolve_session(_home(settings), args.session)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"deleting {store.id} needs confirmation", "add --yes")
        answer = input(f"Delete session {store.id} and all its recordings? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("kept")
            return 0
    shutil.rmtree(store.folder)
    sync(_home(settings))
    print(f"deleted {store.id}")
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from .practice import run_demo

    return run_demo(settings, questions=args.questions, fast=args.fast, speak=not args.no_audio, bank_spec=args.bank)


def cmd_practice(args: argparse.Namespace, settings: Settings) -> int:
    from .practice import PracticeOptions, run_practice

    kinds = _kinds(args.kind)
    opts = PracticeOptions(bank=args.bank, persona=args.persona, questions=args.questions, kinds=kinds,
                           question_ids=tuple(args.question or ()), mode=args.mode, resume=args.resume,
                           think_time_s=args.think_time, follow_up_limit=args.follow_ups,
                           end_silence_s=args.end_silence, max_answer_s=args.max_answer, seed=args.seed,
                           no_audio=args.no_audio)
    if not args.resume:
        from .devices import resolve_device
        from .errors import NoDeviceError

        try:
            resolve_device(settings.audio.input_device, "input")
        except NoDeviceError as exc:
            print(f"mock-interview: {exc.one_line()}.\nNo microphone, so here is the demo instead: a simulated candidate "
                  "answers. Plug in a microphone and run mock-interview practice again to answer yourself.\n", file=sys.stderr)
            from .practice import run_demo

            return run_demo(settings, questions=2, speak=not args.no_audio, bank_spec=args.bank)
    return run_practice(settings, opts)


# --- parser -----------------------------------------------------------------------------------

def build_parser() -> ArgumentParser:
    common = ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show tracebacks")
    common.add_argument("--config", metavar="FILE", help="settings file (TOML); flags override it")
    asr = ArgumentParser(add_help=False)
    asr.add_argument("--asr-model", metavar="NAME|DIR",
                     help="faster-whisper model name or folder (default: bundled tiny.en)")
    voice = ArgumentParser(add_help=False)
    voice.add_argument("--voice", metavar="FILE.onnx", help="Piper voice file (default: bundled en_US-joe-medium)")
    out_dev = ArgumentParser(add_help=False)
    out_dev.add_argument("--output", metavar="N|NAME", help="speaker: device index or part of its name")
    in_dev = ArgumentParser(add_help=False)
    in_dev.add_argument("--input", metavar="N|NAME", help="microphone: device index or part of its name")
    home = ArgumentParser(add_help=False)
    home.add_argument("--home", metavar="DIR", help="data folder (default: $MOCK_INTERVIEW_HOME or the user data folder)")

    p = ArgumentParser(prog="mock-interview", description="Local voice mock-interview simulator: "
                       "an interviewer asks aloud, you answer aloud, and you get evidence-backed feedback. "
                       "Everything runs offline on this machine.", parents=[common])
    p.add_argument("--version", action="version", version=f"mock-interview {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)

    s = sub.add_parser("transcribe", parents=[common, asr], help="transcribe an audio file (WAV, FLAC, MP3...)",
                       description="Transcribe a recording with word timings, keeping fillers (um, uh).")
    s.add_argument("audio", metavar="AUDIO", help="audio file: WAV, FLAC, MP3, any rate, mono or stereo")
    s.add_argument("--format", choices=["txt", "json", "srt", "vtt"], default="txt", help="output format (default: txt)")
    s.set_defaults(handler=cmd_transcribe)

    s = sub.add_parser("say", parents=[common, voice, out_dev], help="speak text with the interviewer's voice",
                       description="Speak text through the speaker, or write it to a WAV file.")
    s.add_argument("text", nargs="+", metavar="TEXT")
    s.add_argument("-o", "--out", metavar="OUT.wav", help="write a WAV file instead of playing")
    s.set_defaults(handler=cmd_say)

    s = sub.add_parser("devices", parents=[common], help="list audio devices")
    s.set_defaults(handler=cmd_devices)

    s = sub.add_parser("doctor", parents=[common, asr, voice, in_dev, out_dev],
                       help="check PortAudio, devices, models and the microphone level",
                       description="Check everything the interview needs and say how to fix what is wrong.")
    s.add_argument("--mic-seconds", type=float, default=1.5, help="length of the microphone level test")
    s.set_defaults(handler=cmd_doctor)

    bank = ArgumentParser(add_help=False)
    bank.add_argument("--bank", metavar="ID|FILE", help="question bank id or YAML path (default: customer-service-manager)")

    s = sub.add_parser("analyze", parents=[common, asr, bank], help="analyze one answer (audio or typed text)",
                       description="Timing, fillers, language, rubric coverage and STAR for one answer.")
    s.add_argument("audio", nargs="?", metavar="AUDIO", help="the recorded answer (WAV, FLAC, MP3...)")
    s.add_argument("--question", required=True, metavar="ID", help="question id (see: mock-interview questions)")
    s.add_argument("--text", metavar="ANSWER", help="analyze a typed answer instead of audio (no timing)")
    s.add_argument("--json", action="store_true", help="print one JSON object (schema: docs/analysis-schema.md)")
    s.set_defaults(handler=cmd_analyze)

    s = sub.add_parser("banks", parents=[common], help="list question banks")
    s.set_defaults(handler=cmd_banks)
    s = sub.add_parser("questions", parents=[common, bank], help="list a bank's questions")
    s.add_argument("--kind", action="append", metavar="KIND",
                   help="only this kind (experience, behavioral, scenario, operational, general); repeatable")
    s.set_defaults(handler=cmd_questions)
    s = sub.add_parser("personas", parents=[common], help="list interviewer personas")
    s.set_defaults(handler=cmd_personas)

    s = sub.add_parser("practice", parents=[common, asr, voice, in_dev, out_dev, home, bank],
                       help="the mock interview: questions aloud, your answers, instant feedback",
                       description="Run a mock interview. Answer aloud; press Enter when you finish, or stay quiet "
                                   "for a few seconds. Keys while answering: r repeat the question, t retry, s skip, "
                                   "q pause and quit (resume later with --resume). Ctrl-C keeps every answer given.")
    s.add_argument("--persona", metavar="ID|FILE", help="interviewer (see: mock-interview personas; default warm-coach)")
    s.add_argument("--questions", type=int, default=5, metavar="N", help="how many questions (default 5)")
    s.add_argument("--kind", action="append", metavar="KIND", help="only these kinds, e.g. --kind scenario; repeatable")
    s.add_argument("--question", action="append", metavar="ID", help="ask exactly these questions, in order; repeatable")
    s.add_argument("--mode", choices=["coach", "interview"], default="coach",
                   help="coach: feedback after each answer; interview: all feedback at the end (default coach)")
    s.add_argument("--resume", nargs="?", const="", metavar="SESSION",
                   help="continue an interrupted session (default: the latest)")
    s.add_argument("--think-time", type=float, default=0.0, metavar="S", help="quiet seconds to think before listening")
    s.add_argument("--follow-ups", type=int, default=None, metavar="N", help="follow-ups per question (default: the persona's)")
    s.add_argument("--end-silence", type=float, default=3.0, metavar="S",
                   help="seconds of silence after you speak that end the answer (default 3)")
    s.add_argument("--max-answer", type=float, default=240.0, metavar="S", help="longest answer in seconds (default 240)")
    s.add_argument("--seed", type=int, default=None, help="fix the question order and wording")
    s.add_argument("--no-audio", action="store_true", help="show the questions instead of speaking them")
    s.set_defaults(handler=cmd_practice)

    s = sub.add_parser("sessions", parents=[common, home], help="list your sessions with headline figures")
    s.set_defaults(handler=cmd_sessions)

    session = ArgumentParser(add_help=False)
    session.add_argument("session", nargs="?", metavar="SESSION", help="session id or its start (default: the latest)")
    reanalysis = ArgumentParser(add_help=False)
    reanalysis.add_argument("--retranscribe", action="store_true",
                            help="run speech recognition again on the stored audio (loads the model)")

    s = sub.add_parser("review", parents=[common, home, session, bank, asr, reanalysis],
                       help="a session in the terminal: transcripts with highlights, figures, what to work on",
                       description="Review a session. Analysis is recomputed from the stored words and timings "
                                   "with the current bank and settings; no speech model is loaded unless --retranscribe.")
    s.set_defaults(handler=cmd_review)

    s = sub.add_parser("report", parents=[common, home, session, bank, asr, reanalysis],
                       help="write a report: html (offline, with audio), md, json, srt or vtt")
    s.add_argument("--format", choices=["html", "md", "json", "srt", "vtt"], default="html")
    s.add_argument("-o", "--output", metavar="FILE",
                   help="output file, - for stdout (default: SESSION/report.html for html, stdout otherwise)")
    s.add_argument("--embed-audio", action="store_true", help="put the recordings inside the HTML file")
    s.set_defaults(handler=cmd_report)

    s = sub.add_parser("progress", parents=[common, home], help="trends per metric over your sessions")
    s.add_argument("--html", metavar="FILE", help="also write an HTML page with the charts")
    s.add_argument("--rebuild", action="store_true", help="rebuild the history index from the session files")
    s.set_defaults(handler=cmd_progress)

    s = sub.add_parser("drill", parents=[common, home, bank, asr, voice, in_dev, out_dev],
                       help="pick the questions and skills you are weakest at for the next session")
    s.add_argument("--questions", type=int, default=4, metavar="N")
    s.add_argument("--run", action="store_true", help="start that practice session now")
    s.set_defaults(handler=cmd_drill)

    s = sub.add_parser("export", parents=[common, home], help="export a session (JSON + recordings) as one .zip")
    s.add_argument("session", metavar="SESSION")
    s.add_argument("-o", "--output", metavar="FILE.zip")
    s.set_defaults(handler=cmd_export)

    s = sub.add_parser("delete", parents=[common, home], help="delete a session and its recordings completely")
    s.add_argument("session", nargs="?", metavar="SESSION")
    s.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    s.set_defaults(handler=cmd_delete)

    s = sub.add_parser("demo", parents=[common, asr, voice, out_dev, home, bank],
                       help="a short interview with a simulated candidate (no microphone needed)",
                       description="A full short interview: the interviewer asks aloud, a simulated candidate answers "
                                   "(one strong, one weak answer), and the answers go through the same listening, "
                                   "transcription and analysis path as a microphone. Writes a normal session.")
    s.add_argument("--questions", type=int, default=2, metavar="N", help="how many questions (default 2)")
    s.add_argument("--fast", action="store_true", help="feed the simulated answers faster than real time")
    s.add_argument("--no-audio", action="store_true", help="do not play the interviewer's voice")
    s.set_defaults(handler=cmd_demo)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "command", None):
            parser.print_help()
            return 2
        settings = _settings_from(args)
        return int(args.handler(args, settings))
    except SimulatorError as exc:
        if debug:
            traceback.print_exc()
        print(f"mock-interview: error: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("\nmock-interview: stopped (Ctrl-C); everything recorded so far is saved", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # an unexpected bug: still one line unless --debug
        if debug:
            traceback.print_exc()
        print(f"mock-interview: internal error: {type(exc).__name__}: {exc} "
              "(run again with --debug and report the traceback)", file=sys.stderr)
        return 1
