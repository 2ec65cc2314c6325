"""`mock-interview demo`: hear a question and watch a simulated answer go through transcription."""

from __future__ import annotations

import dataclasses

from .audio import AudioClip
from .errors import SimulatorError
from .settings import Settings

DEMO_QUESTION = ("A customer calls, furious. They have been transferred four times about the same problem. "
                 "How do you handle the call?")
DEMO_ANSWER = ("Um, first I would let her explain the whole problem without interrupting, and I would apologise "
               "that she was passed around. Then I would tell her I'll be her single point of contact, uh, and give "
               "her my direct line. I would look into why the case bounced between teams, fix the routing, and call "
               "her back within a day with the answer.")


def run_demo(settings: Settings, speak: bool = True) -> int:
    from .asr import WhisperTranscriber
    from .tts import PiperSynthesizer, synthesize

    interviewer = PiperSynthesizer(settings.voice)
    print(f"Interviewer ({interviewer.voice_id}): {DEMO_QUESTION}")
    if speak:
        try:
            from .devices import Speaker

            Speaker(settings.audio.output_device).play_stream(interviewer.stream(DEMO_QUESTION))
        except SimulatorError as exc:
            print(f"(not playing the question aloud: {exc.one_line()})")
    candidate = PiperSynthesizer(dataclasses.replace(settings.voice, length_scale=1.15, noise_scale=0.5))
    answer = AudioClip.concat([AudioClip.silence(1.2, candidate.sample_rate_hz), synthesize(candidate, DEMO_ANSWER)])
    print(f"Simulated candidate answers ({answer.seconds:.1f} s of audio)...")
    transcriber = WhisperTranscriber(settings.asr)
    transcript = transcriber.transcribe(answer)
    print(f"\nTranscript ({transcriber.model_id}):\n  {transcript.text}\n")
    if transcript.words:
        first, last = transcript.words[0], transcript.words[-1]
        speaking = last.end_s - first.start_s
        fillers = [w for w in transcript.words if w.norm in {"um", "uh", "er", "ah", "hmm", "hm"}]
        print(f"  started speaking after {first.start_s:.1f} s, spoke for {speaking:.1f} s, "
              f"{len(transcript.words)} words, {len(fillers)} fillers: "
              + ", ".join(f"'{w.text}' at {w.start_s:.1f} s" for w in fillers))
    return 0
