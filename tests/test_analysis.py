import json

import pytest

from simulator.analysis import analyze
from simulator.analysis.text import words_from_text
from simulator.asr import Transcript
from simulator.audio import AudioClip, write_wav
from simulator.bank import load_bank
from simulator.evaluation import score_counts
from tests.conftest import run_cli

BANK = load_bank(None)


def typed(text, qid):
    return analyze(Transcript(words_from_text(text), 0.0), BANK.question(qid), timed=False)


def covered(result):
    return {p.id for p in result.rubric.items if p.covered}


def test_paraphrase_without_the_word_ownership():
    r = typed("I'd apologise, and then I'd be her single point of contact until it's fixed.", "transferred-caller")
    assert "ownership" in covered(r)
    item = next(p for p in r.rubric.items if p.id == "ownership")
    assert "single point of contact" in item.evidence


def test_off_topic_answer_sharing_words_gets_nothing():
    r = typed("Honestly I personally own a small bakery. I listen to podcasts while the bread proves, and my "
              "favourite is sourdough with a long cold rise.", "transferred-caller")
    assert covered(r) == set()


def test_star_and_quantified_result():
    r = typed("In my last role our first call resolution was slipping. My goal was to get it back. I mapped the "
              "top ten call reasons and rewrote the guides. As a result first call resolution went up by 18 percent "
              "in three months.", "process-improvement")
    assert r.star.situation.present and r.star.task.present and r.star.action.present
    assert r.star.result.present and r.star.quantified_result.present
    vague = typed("In my last role I improved the process and the result was better service.", "process-improvement")
    assert vague.star.result.present and not vague.star.quantified_result.present
    assert any("number" in n for n in vague.notes)


def test_analyze_json_schema():
    res = run_cli("analyze", "--question", "refund-policy", "--json", "--text",
                  "I understand why you're upset. I'd explain the policy and offer an exchange or store credit.")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert set(out["transcript"]) == {"text", "words"}
    assert {"count", "per_minute", "items"} <= set(out["fillers"])
    assert {"coverage", "items"} <= set(out["rubric"])
    assert {"id", "label", "covered", "evidence"} <= set(out["rubric"]["items"][0])
    assert set(out["star"]) >= {"situation", "task", "action", "result", "quantified_result"}
    assert out["timing"] is None  # typed: no invented timing


def test_empty_text_and_silent_audio(tmp_path):
    res = run_cli("analyze", "--question", "refund-policy", "--text", "   ")
    assert res.returncode == 2 and "empty" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    write_wav(tmp_path / "s.wav", AudioClip.silence(4.0))
    res = run_cli("analyze", str(tmp_path / "s.wav"), "--question", "refund-policy")
    assert res.returncode == 1 and "no answer" in res.stderr and "Traceback" not in res.stderr


def test_no_words_is_an_honest_no_answer():
    r = analyze(Transcript((), 5.0), BANK.question("refund-policy"))
    assert not r.answered and r.rubric is None and r.timing is None and "No answer" in r.notes[0]


@pytest.mark.models
def test_analyze_audio_json_timing(speech_dir):
    res = run_cli("analyze", str(speech_dir / "fillers" / "mfa_uhum.flac"), "--question", "about-yourself", "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    t = out["timing"]
    assert set(t) >= {"duration_s", "speech_start_s", "speech_end_s", "speaking_s", "word_count", "wpm", "pauses",
                      "longest_pause_s"}
    assert 0.5 < t["speech_start_s"] < 1.5
    assert out["fillers"]["count"] >= 5


@pytest.mark.models
def test_fillers_through_analysis_on_real_speech(filler_transcripts, filler_references):
    q = BANK.question("about-yourself")
    pairs = []
    for r in filler_references:
        a = analyze(filler_transcripts[r["file"]], q)
        pairs.append((int(r["n_um_uh_hm"]), sum(1 for f in a.fillers.items if f.kind == "hesitation")))
    s = score_counts(pairs)
    assert s.recall >= 0.90 and s.precision >= 0.80, s


@pytest.mark.models
def test_no_filler_invented_on_read_speech(transcriber, speech_dir):
    from simulator.audio import read_audio

    a = analyze(transcriber.transcribe(read_audio(speech_dir / "control" / "jfk.flac")), BANK.question("about-yourself"))
    assert [f for f in a.fillers.items if f.kind == "hesitation"] == []


def test_a_hyphenated_number_word_quantifies_a_result():
    r = typed("Handle times were too long, so I rewrote the guides. As a result we cut handle time by fifty-eight "
              "seconds.", "process-improvement")
    assert r.star.quantified_result.present
