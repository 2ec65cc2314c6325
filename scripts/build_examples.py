#!/usr/bin/env python3
"""Build a bank's example sentences for the rubric's meaning match from hand-labelled answers.

For every rubric point: the sentences that carried the cue evidence in answers labelled as covering it
("covered" examples), and every sentence of answers labelled as not covering it ("not_covered" examples).
Writes <bank>.examples.json (readable, editable) and <bank>.examples.npz (their embeddings).
Only development sets go in: the held-out sets (rubric_labels.yaml, rubric_*heldout*.yaml) never do.

    .venv/bin/python scripts/build_examples.py [--bank ID|PATH] [--labels FILE ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.analysis import analyze  # noqa: E402
from simulator.analysis.text import plain, sentences, tokens_from_words, words_from_text  # noqa: E402
from simulator.asr import Transcript  # noqa: E402
from simulator.bank import load_bank  # noqa: E402
from simulator.meaning import SentenceEncoder, default_model_dir, digest, examples_paths, fit_logistic, off_topic_inputs  # noqa: E402

DEV_SETS = [ROOT / "tests" / "data" / f"rubric_{n}.yaml"
            for n in ("dev", "dev2", "dev3", "dev4", "dev5", "gendev", "gendev2")]
"""rubric_dev6.yaml and rubric_dev7.yaml (stories told from the receiving end or by a bystander) are left out on
purpose: with them the off-topic test flags many on-topic answers (docs/performance.md); the rubric's rules about
whose action it was handle those stories instead."""


OFF_TOPIC_SETS = DEV_SETS[:5]
"""The off-topic test is trained on the scenario sets only: trained with the general set too, it flagged 6 answers
with points in three held-out sets (against none) for 3 more off-topic ones (docs/performance.md)."""


def held_out(path: Path) -> bool:
    """The held-out test sets: rubric_labels.yaml and every rubric_*heldout*.yaml."""
    return path.name == "rubric_labels.yaml" or "heldout" in path.name


def sentence_texts(text: str) -> list[str]:
    return [plain(s) for s in sentences(tokens_from_words(words_from_text(text)))]


def build(bank_spec: str | None, label_files: list[Path]) -> dict[str, Any]:
    bank = load_bank(bank_spec)
    sents: dict[str, list[str]] = {}
    index: dict[str, dict[str, int]] = {}
    points: dict[str, dict[str, dict[str, set[int]]]] = {}

    def idx(qid: str, sentence: str) -> int:
        where = index.setdefault(qid, {})
        if sentence not in where:
            where[sentence] = len(sents.setdefault(qid, []))
            sents[qid].append(sentence)
        return where[sentence]

    for path in label_files:
        if held_out(path):
            raise SystemExit(f"{path.name} is a held-out test set; it must not become examples")
        for a in yaml.safe_load(path.read_text())["answers"]:
            q = bank.question(a["question"])
            res = analyze(Transcript(words_from_text(a["text"]), 0.0), q, timed=False)
            assert res.rubric is not None
            ss = sentence_texts(a["text"])
            for p in res.rubric.items:
                pts = points.setdefault(q.id, {}).setdefault(p.id, {"covered": set(), "not_covered": set()})
                if p.id not in a["covered"]:
                    pts["not_covered"].update(idx(q.id, s) for s in ss)
                elif p.covered and p.evidence:
                    ev = set(p.evidence.strip('."… ').lower().split())
                    best = max(ss, key=lambda s, ev=ev: len(set(s.lower().split()) & ev))  # type: ignore[misc]
                    pts["covered"].add(idx(q.id, best))
    # a point no labelled answer covered by its cues has nothing to compare with: it is left to the cues
    questions = {qid: {"sentences": sents.get(qid, []),
                       "points": {pid: {k: sorted(v) for k, v in pts.items()} for pid, pts in by_point.items()
                                  if pts["covered"] and pts["not_covered"]}}
                 for qid, by_point in points.items()}
    return {"model": "all-MiniLM-L6-v2", "source": [p.name for p in label_files], "questions": questions}


OFF_TOPIC_THRESHOLD = 0.7
"""With L2 0.1: cross-validated over the five dev sets (train on four, test the fifth), it flagged 63 of 90
off-topic answers and 8 of 468 on-topic ones, 2 of them with points (4 labelled points lost)."""
OFF_TOPIC_BY_KIND = {"general": 0.9, "experience": 0.9}
"""General and experience questions invite personal stories (why this job, your own experience as a customer, your
career), which read much like off-topic ones: cross-validated (scripts/cv_rubric.py), the test flagged 28 of their
dev answers with labelled points at 0.7 and 5 at 0.9, still catching 29 of their 42 off-topic answers."""


def train_off_topic(encoder: SentenceEncoder, label_files: list[Path]) -> dict[str, Any]:
    """The whole-answer off-topic test: logistic regression on the answer's embedding and two frame features."""
    answers = [a for path in label_files for a in yaml.safe_load(path.read_text())["answers"]]
    texts = [plain(tokens_from_words(words_from_text(a["text"]))) for a in answers]
    emb = encoder.embed(texts, batch=8)
    X = np.array([off_topic_inputs(e, t)[0] for e, t in zip(emb, texts, strict=True)])
    y = np.array([a["category"] == "off-topic" for a in answers], float)
    w = fit_logistic(X, y)
    return {"weights": [round(float(v), 6) for v in w], "threshold": OFF_TOPIC_THRESHOLD,
            "threshold_by_kind": OFF_TOPIC_BY_KIND,
            "trained_on": f"{int(y.sum())} off-topic and {int(len(y) - y.sum())} other answers"}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bank", default=None)
    p.add_argument("--labels", action="append", type=Path, help="a labelled development set (repeatable)")
    args = p.parse_args()
    bank = load_bank(args.bank)
    assert bank.path is not None
    data = build(args.bank, args.labels or DEV_SETS)
    ex_json, ex_npz = examples_paths(bank.path)
    sentences_all = [s for q in data["questions"].values() for s in q["sentences"]]
    model_dir = default_model_dir()
    if model_dir is None:
        raise SystemExit("the sentence model is not installed: run scripts/setup")
    encoder = SentenceEncoder(model_dir)
    data["off_topic"] = train_off_topic(encoder, args.labels or OFF_TOPIC_SETS)
    ex_json.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    emb = encoder.embed(sentences_all)
    np.savez_compressed(ex_npz, embeddings=emb.astype(np.float16), digest=digest(sentences_all))
    print(f"{len(sentences_all)} sentences -> {ex_json.name}, {ex_npz.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
