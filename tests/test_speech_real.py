"""The real Whisper model on real human recordings (../shared/speech, references.tsv)."""

import json

import pytest

from simulator.evaluation import count_hesitations, score_counts, wer, words_of
from tests.conftest import run_cli

pytestmark = pytest.mark.models

JFK = "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country."


def test_transcribe_cli_json_on_control_clip(speech_dir):
    res = run_cli("transcribe", str(speech_dir / "control" / "jfk.flac"), "--format", "json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert set(out) == {"text", "words"}
    assert set(out["words"][0]) == {"text", "start_s", "end_s", "probability"}
    assert wer(JFK, out["text"]) <= 0.10
    assert count_hesitations(words_of(out["text"])) == 0, "no filler may be invented on read speech"
    starts = [w["start_s"] for w in out["words"]]
    assert starts == sorted(starts) and out["words"][-1]["end_s"] <= 11.1


def test_fillers_kept_on_real_speech(filler_transcripts, filler_references):
    pairs = [(int(r["n_um_uh_hm"]), count_hesitations([w.norm for w in filler_transcripts[r["file"]].words]))
             for r in filler_references]
    score = score_counts(pairs)
    assert score.recall >= 0.90, score
    assert score.precision >= 0.80, score


def test_srt_and_vtt(speech_dir):
    res = run_cli("transcribe", str(speech_dir / "control" / "jfk.flac"), "--format", "vtt")
    assert res.returncode == 0 and res.stdout.startswith("WEBVTT") and " --> " in res.stdout
    res = run_cli("transcribe", str(speech_dir / "control" / "jfk.flac"), "--format", "srt")
    assert res.returncode == 0 and res.stdout.startswith("1\n00:00:") and "," in res.stdout.splitlines()[1]


def test_trailing_silence_invents_nothing(transcriber, synth):
    from simulator.audio import AudioClip
    from simulator.tts import synthesize

    said = synthesize(synth, "I would call the customer back the same day.")
    clip = AudioClip.concat([AudioClip.silence(1.0, said.sample_rate_hz), said,
                             AudioClip.silence(8.0, said.sample_rate_hz)])
    t = transcriber.transcribe(clip)
    assert wer("I would call the customer back the same day.", t.text) <= 0.2
    assert all(w.end_s < 1.0 + said.seconds + 0.6 for w in t.words), t.words
    assert t.words[0].start_s >= 0.8


def test_silence_gives_no_words(transcriber):
    from simulator.audio import AudioClip

    t = transcriber.transcribe(AudioClip.silence(5.0))
    assert t.words == () and not t.has_speech
