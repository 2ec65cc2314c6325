#!/usr/bin/env python3
"""Live-path benchmark: answers of 15, 60, 120 and 180 s fed at real-time pace through the real
listening path (endpointer, WAV on disk, streaming faster-whisper transcription), ended the way a
candidate pressing Enter right after the last word would; reports the median wait from that moment
to feedback on screen (analysis + rendering). Also: question audio start latency, cached and
uncached, through the real speaker; peak memory.

    .venv/bin/python scripts/bench_listen.py [--lengths 15 60 120 180] [--runs 3]

Needs a sound server for the speaker part (source scripts/null-sink.sh on a machine without one).
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.analysis import analyze  # noqa: E402
from simulator.asr import WhisperTranscriber  # noqa: E402
from simulator.audio import AudioClip, read_audio, write_wav  # noqa: E402
from simulator.bank import load_bank  # noqa: E402
from simulator.endpoint import EndpointSettings  # noqa: E402
from simulator.evaluation import wer  # noqa: E402
from simulator.fakes import ScriptedMicrophone  # noqa: E402
from simulator.listen import listen  # noqa: E402
from simulator.meaning import attach  # noqa: E402
from simulator.render import summary  # noqa: E402
from simulator.settings import AsrSettings, VoiceSettings  # noqa: E402
from simulator.tts import CachedSynthesizer, PiperSynthesizer, split_sentences, synthesize  # noqa: E402

RATE = 16_000


class EnterAfterLastWord:
    """Presses Enter as soon as the microphone has delivered the last sample of speech."""

    def __init__(self, mic: ScriptedMicrophone, speech_samples: int) -> None:
        self.mic = mic
        self.speech_samples = speech_samples
        self.pressed_at: float | None = None

    def poll(self) -> str | None:
        if self.pressed_at is None and self.mic._pos >= self.speech_samples:
            self.pressed_at = time.monotonic()
            return "enter"
        return None


def build_answer(seconds: float, synth: PiperSynthesizer, bank) -> tuple[AudioClip, str]:
    """Whole sentences of the bank's sample answers, with pauses between them, until the answer is at
    least ``seconds`` long: it ends on the last word of a sentence, as a candidate's answer does.
    Returns the audio and the words spoken (the reference for the word error rate)."""
    parts = [AudioClip.silence(1.0, RATE)]
    said: list[str] = []
    total = 1.0
    for q in bank.questions:
        for sentence in split_sentences(q.strong_answer):
            clip = synthesize(synth, sentence).resampled(RATE)
            pause = AudioClip.silence(0.45 if len(parts) % 3 else 0.9, RATE)
            parts += [clip, pause]
            said.append(sentence)
            total += clip.seconds + pause.seconds
            if total >= seconds:
                return AudioClip.concat(parts[:-1]), " ".join(said)
    return AudioClip.concat(parts), " ".join(said)


def build_answers(lengths: list[float], folder: str) -> list[tuple[str, str]]:
    """In a child process: the candidate's answers as WAV files (path, words spoken). The candidate's
    voice is not part of a session, so it must not count in the benchmark's memory."""
    bank = load_bank(None)
    candidate = PiperSynthesizer(dataclasses.replace(VoiceSettings(), length_scale=1.15))
    out = []
    for length in lengths:
        answer, reference = build_answer(length, candidate, bank)
        path = Path(folder) / f"answer-{length:.0f}.wav"
        write_wav(path, answer)
        out.append((str(path), reference))
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lengths", type=float, nargs="+", default=[15, 60, 120, 180])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--no-speaker", action="store_true")
    args = p.parse_args()
    bank = load_bank(None)
    question = bank.question("transferred-caller")
    answers_dir = tempfile.TemporaryDirectory()
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
        built = child.submit(build_answers, args.lengths, answers_dir.name).result()
    transcriber = WhisperTranscriber(AsrSettings())
    transcriber.transcribe(AudioClip.silence(1.0))
    warm = attach(None, bank, Path(answers_dir.name)).meaning
    if warm is not None:
        warm.warm()  # loaded before the first question, as the interview does
    rows = []
    for length, (answer_path, reference) in zip(args.lengths, built, strict=True):
        answer = read_audio(answer_path)
        # the last sample of speech: Enter is pressed right after it
        voiced = np.where(np.abs(answer.samples) > 0.01)[0]
        last_speech = int(voiced[-1]) + 1
        waits, tails, spent = [], [], []
        for _ in range(args.runs):
            mic = ScriptedMicrophone(sample_rate_hz=RATE, pace=1.0)
            mic.queue_answer(AudioClip.concat([answer, AudioClip.silence(5.0, RATE)]))
            mic.drain()
            controls = EnterAfterLastWord(mic, last_speech)
            with tempfile.TemporaryDirectory() as tmp:
                r = listen(mic, transcriber, Path(tmp) / "a.wav", EndpointSettings(max_answer_s=length + 30), controls)
                assert r.transcript is not None, f"no transcript: the answer ended by {r.ended_by}"
                # the interview's analysis, meaning match included (its sentence cache fresh for every run)
                result = analyze(r.transcript, question, attach(None, bank, Path(tmp)))
                io.StringIO().write(summary(result, question))
                done = time.monotonic()
            waits.append(done - (controls.pressed_at or r.end_monotonic))
            tails.append(r.transcribe_tail_s)
            # what the wait went on: the stretch in progress at Enter, then the tail
            ended_at = last_speech / RATE
            spent.append(", ".join(f"{j.end_s - j.start_s:.1f} s of audio in {j.compute_s:.2f} s"
                                   for j in r.jobs if j.tail or j.end_s > ended_at - 6))
        error_rate = wer(reference, result.transcript.text)
        rows.append((length, statistics.median(waits), min(waits), max(waits), statistics.median(tails),
                     len(result.transcript.words), answer.seconds, error_rate))
        print(f"answer {length:.0f} s ({answer.seconds:.1f} s of audio): median wait {statistics.median(waits):.2f} s "
              f"(min {min(waits):.2f}, max {max(waits):.2f}); words {len(result.transcript.words)}, WER {error_rate:.3f}",
              file=sys.stderr)
        for w, what in zip(waits, spent, strict=True):
            print(f"  wait {w:.2f} s: last transcriptions {what}", file=sys.stderr)

    speaker_rows = []
    if not args.no_speaker:
        from simulator.devices import Speaker

        voice = VoiceSettings()
        with tempfile.TemporaryDirectory() as tmp:
            synth = CachedSynthesizer(PiperSynthesizer(voice), Path(tmp), voice)
            speaker = Speaker(None)
            speaker.index()
            synthesize(synth.inner, "Warm up.")  # the session does this at start-up
            texts = [q.text for q in bank.questions[: max(5, args.runs)]]
            for label, warm in (("uncached", False), ("cached", True)):
                starts = []
                for text in texts:
                    if warm:
                        synth.warm(text)
                    t0 = time.monotonic()
                    first: list[float] = []
                    speaker.play_stream(synth.stream(text), on_start=lambda first=first: first.append(time.monotonic()))
                    starts.append(first[0] - t0)
                    if not warm:
                        for s in split_sentences(text):
                            synth.path_for(s).unlink(missing_ok=True)
                speaker_rows.append((label, statistics.median(starts)))

    # VmHWM, not ru_maxrss: the latter carries a parent process's peak over fork
    hwm = [ln for ln in Path("/proc/self/status").read_text().splitlines() if ln.startswith("VmHWM:")]
    peak_mb = int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("| answer length | median wait after Enter | min | max | median tail transcription | words | WER |")
    print("|---|---|---|---|---|---|---|")
    for length, med, lo, hi, tail, words, audio_s, error_rate in rows:
        print(f"| {length:.0f} s ({audio_s:.1f} s) | {med:.2f} s | {lo:.2f} s | {hi:.2f} s | {tail:.2f} s | {words} "
              f"| {error_rate:.3f} |")
    if len(rows) > 1:
        print(f"\nlongest minus shortest answer, median wait: {rows[-1][1] - rows[0][1]:+.2f} s (goal <= +0.3 s)")
    for label, med in speaker_rows:
        print(f"question audio start, {label}: median {med:.3f} s")
    print(f"peak memory (VmHWM): {peak_mb:.0f} MB (goal < 1024 MB): Whisper, the interviewer's Piper voice, "
          "listening and speaking; the candidate's voice ran in a child process")
    answers_dir.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
