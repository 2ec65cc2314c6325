#!/usr/bin/env python3
"""Speech stack benchmark: Whisper load time and real-time factor on a 60 s answer, Piper time
to first audio and real-time factor. Medians over several runs; prints a Markdown table.

    .venv/bin/python scripts/bench_speech.py [--runs 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.asr import WhisperTranscriber  # noqa: E402
from simulator.audio import AudioClip  # noqa: E402
from simulator.settings import AsrSettings, VoiceSettings  # noqa: E402
from simulator.tts import PiperSynthesizer, synthesize  # noqa: E402

QUESTION = ("A customer calls in furious about a problem that has dragged on for weeks. "
            "How would you handle that call?")
ANSWER = (
    "Um, the first thing I would do is let the customer tell me the whole story once, without interrupting, "
    "and I would apologise that they have been passed around so many times. Then I would tell them that I am "
    "their single point of contact from now on, and I would give them my direct line. Uh, while we are still "
    "on the call I would pull up the case history to see why it bounced between teams. In my last job we had "
    "exactly this problem with billing disputes, and about one in five of them was transferred three or more "
    "times. I mapped the routing rules with the team leads, found two queues that kept sending cases to each "
    "other, and fixed the rules. Within two months repeat transfers dropped by sixty percent, and our "
    "satisfaction score on those calls went from seventy one to eighty four. So for this caller, I would agree "
    "a clear next step, a call back by the end of the next day, and I would make that call myself even if the "
    "fix was not finished yet, so they always know where things stand."
)


def median_time(fn, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--seconds", type=float, default=60.0, help="answer length to transcribe")
    args = p.parse_args()
    rows: list[tuple[str, str, str]] = []
    print(f"machine: {os.cpu_count()} cores; runs: {args.runs}", file=sys.stderr)

    load, _ = median_time(lambda: WhisperTranscriber(AsrSettings()), args.runs)
    rows.append(("Whisper tiny.en load (int8)", f"{load:.2f} s", "-"))
    voice_load, _ = median_time(lambda: PiperSynthesizer(VoiceSettings()), args.runs)
    rows.append(("Piper en_US-joe-medium load", f"{voice_load:.2f} s", "-"))

    synth = PiperSynthesizer(VoiceSettings())
    candidate = PiperSynthesizer(dataclasses.replace(VoiceSettings(), length_scale=1.1))
    once = synthesize(candidate, ANSWER)
    reps = []
    total = 0.0
    while total < args.seconds:
        part = once if total + once.seconds <= args.seconds else once.slice_s(0, args.seconds - total)
        reps += [part, AudioClip.silence(0.8, once.sample_rate_hz)]
        total += part.seconds + 0.8
    answer = AudioClip.concat(reps).slice_s(0, args.seconds)

    for beam in (5, 1):
        t = WhisperTranscriber(AsrSettings(beam_size=beam))
        t.transcribe(answer.slice_s(0, 5))  # warm-up
        med, _ = median_time(lambda t=t: t.transcribe(answer), args.runs)
        label = f"Whisper transcription of a {answer.seconds:.0f} s answer, beam {beam}" + (" (default)" if beam == 5 else "")
        rows.append((label, f"{med:.2f} s", f"RTF {med / answer.seconds:.3f} (goal <= 0.12)"))

    def first_audio() -> None:
        next(iter(synth.stream(QUESTION)))

    first_audio()  # warm-up
    ttfa, _ = median_time(first_audio, args.runs)
    rows.append(("Piper time to first audio, two-sentence question", f"{ttfa:.3f} s", "goal <= 0.5 s"))
    whole, _ = median_time(lambda: synthesize(synth, QUESTION), args.runs)
    q_seconds = synthesize(synth, QUESTION).seconds
    rows.append((f"Piper whole question ({q_seconds:.1f} s of audio)", f"{whole:.3f} s", f"RTF {whole / q_seconds:.3f}"))

    print("| measure | median | note |\n|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
