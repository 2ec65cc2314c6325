"""Timing on exact synthetic answers: pure transcripts with known spans, and real audio built
from Piper sentences, inserted silences and real recorded fillers."""

import numpy as np
import pytest

from simulator.analysis import analyze
from simulator.analysis.timing import analyze_timing
from simulator.asr import SpeechSpan, Transcript, Word
from simulator.audio import AudioClip, read_audio
from simulator.bank import load_bank


def test_pure_timing_from_voice_activity():
    words = (Word("I", 2.0, 2.2), Word("called", 2.2, 2.6), Word("her,", 2.6, 2.9), Word("um,", 3.0, 3.3),
             Word("back.", 5.0, 5.4), Word("Then", 7.9, 8.1), Word("fixed", 8.1, 8.5), Word("it.", 8.5, 8.8))
    # VAD heard a sound at 3.4-3.9 that Whisper dropped (a filler): that is not silence.
    speech = (SpeechSpan(2.0, 3.3), SpeechSpan(3.4, 3.9), SpeechSpan(5.0, 5.4), SpeechSpan(7.9, 8.8))
    t = analyze_timing(Transcript(words, 10.0, speech), target_s=(60, 120))
    assert t.speech_start_s == 2.0 and t.speech_end_s == 8.8
    assert [(p.start_s, p.end_s) for p in t.pauses] == [(3.9, 5.0), (5.4, 7.9)]
    assert t.longest_pause_s == pytest.approx(2.5)
    assert t.word_count == 7  # "um" is not a word of content
    assert t.wpm == pytest.approx(7 / 6.8 * 60)
    assert t.length_verdict == "short"


def test_no_words_means_no_timing():
    assert analyze_timing(Transcript((), 5.0, (SpeechSpan(1.0, 1.1),))) is None


def test_invented_words_do_not_count():
    # The transcriber gates words outside voice activity; timing uses only what is kept.
    t = analyze_timing(Transcript((Word("Yes.", 1.0, 1.4),), 30.0, (SpeechSpan(1.0, 1.4),)))
    assert t.speech_end_s == 1.4 and t.pauses == ()


def onsets(clip: AudioClip, threshold: float = 0.02, frame_s: float = 0.01) -> tuple[float, float]:
    """First and last sample above threshold: ground truth from the samples themselves."""
    idx = np.where(np.abs(clip.samples) > threshold)[0]
    return idx[0] / clip.sample_rate_hz, idx[-1] / clip.sample_rate_hz


@pytest.mark.models
def test_timing_on_a_built_answer(transcriber, synth, speech_dir):
    from simulator.tts import synthesize

    rate = 16000
    parts_spec = [
        ("silence", 2.5),
        ("say", "When a customer has been transferred many times, I take the case myself."),
        ("silence", 1.2),
        ("say", "Ummmm,"),
        ("silence", 0.3),
        ("say", "I give them my direct line and I call back the same day."),
        ("silence", 2.0),
        ("file", "fillers/mfa_uh.flac"),  # real speech with one "uh"
        ("silence", 1.5),
        ("say", "Then I fix the routing so it does not happen again."),
        ("silence", 1.0),
    ]
    clips, bounds, t = [], [], 0.0
    for kind, value in parts_spec:
        if kind == "silence":
            clip = AudioClip.silence(value, rate)
        elif kind == "say":
            clip = synthesize(synth, value).resampled(rate)
        else:
            clip = read_audio(speech_dir / value).resampled(rate)
        if kind != "silence":
            a, b = onsets(clip)
            bounds.append((t + a, t + b))
        clips.append(clip)
        t += clip.seconds
    answer = AudioClip.concat(clips)
    truth_start = bounds[0][0]
    truth_pauses = [(bounds[i][1], bounds[i + 1][0]) for i in range(len(bounds) - 1)
                    if bounds[i + 1][0] - bounds[i][1] >= 1.0]
    assert len(truth_pauses) == 3

    question = load_bank(None).question("transferred-caller")
    result = analyze(transcriber.transcribe(answer), question)
    timing = result.timing
    assert abs(timing.speech_start_s - truth_start) <= 0.3, (timing.speech_start_s, truth_start)
    for a, b in truth_pauses:
        match = [p for p in timing.pauses if abs(p.start_s - a) <= 0.3 and abs(p.end_s - b) <= 0.3]
        assert match, (a, b, timing.pauses)
    um_uh = sum(1 for f in result.fillers.items if f.kind == "hesitation")
    assert abs(um_uh - 2) <= 1, result.fillers.items
