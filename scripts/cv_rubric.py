#!/usr/bin/env python3
"""Cross-validation over the rubric's development sets: leave one set out, build the meaning examples and the
off-topic test from the others, score the one left out. How the meaning margin (analysis.rubric.MEANING_MARGIN)
and the off-topic threshold (scripts/build_examples.py) were chosen; the held-out sets are never read.

    .venv/bin/python scripts/cv_rubric.py [--margins 0.05 0.075 0.1] [--thresholds 0.6 0.7 0.8]

Note: the cues were tuned on every development set, so the cue part of each left-out set is not blind here;
the figures say how much the meaning match and the off-topic test add on top, and at what cost.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_examples import DEV_SETS, OFF_TOPIC_BY_KIND, OFF_TOPIC_SETS, build  # noqa: E402
from eval_rubric import evaluate  # noqa: E402

from simulator.analysis import AnalysisSettings  # noqa: E402
from simulator.analysis.text import plain, tokens_from_words, words_from_text  # noqa: E402
from simulator.bank import load_bank  # noqa: E402
from simulator.meaning import MeaningIndex, SentenceEncoder, default_model_dir, fit_logistic, off_topic_inputs, parse_examples  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--margins", type=float, nargs="+", default=[0.05, 0.075, 0.1])
    p.add_argument("--thresholds", type=float, nargs="+", default=[0.6, 0.7, 0.8, 0.9])
    args = p.parse_args()
    model_dir = default_model_dir()
    if model_dir is None:
        raise SystemExit("the sentence model is not installed: run scripts/setup")
    encoder = SentenceEncoder(model_dir)
    seen: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> np.ndarray:
        need = [t for t in dict.fromkeys(texts) if t not in seen]
        if need:
            seen.update(zip(need, encoder.embed(need, batch=16), strict=True))
        return np.array([seen[t] for t in texts])

    print("meaning match, left-out set: F1 and off-topic credits, cues only then each margin")
    for out in DEV_SETS:
        rest = [s for s in DEV_SETS if s != out]
        sentences, points = parse_examples(build(None, rest))
        index = MeaningIndex(model_dir, sentences, embed(sentences), points)
        index._seen.update(seen)
        row = [evaluate(out, meaning=False)]
        row += [evaluate(out, settings=AnalysisSettings(meaning=index, meaning_margin=m)) for m in args.margins]
        print(f"  {out.name:18s} " + "  ".join(f"{r['f1']:.3f}/{r['off_topic_credits']}" for r in row))

    print("off-topic test (trained on the scenario sets), left-out set: off-topic answers flagged, other answers "
          "flagged (with labelled points), for general/experience questions and for the rest")
    bank = load_bank(None)
    answers = [(s, a) for s in DEV_SETS for a in yaml.safe_load(s.read_text())["answers"]]
    texts = [plain(tokens_from_words(words_from_text(a["text"]))) for _, a in answers]
    X = np.array([off_topic_inputs(e, t)[0] for e, t in zip(embed(texts), texts, strict=True)])
    y = np.array([a["category"] == "off-topic" for _, a in answers], float)
    has_points = np.array([bool(a["covered"]) for _, a in answers])
    personal = np.array([bank.question(a["question"]).kind in OFF_TOPIC_BY_KIND for _, a in answers])
    group = np.array([a["id"].split("-")[0] if "gendev" in s.name else s.name for s, a in answers])
    prob = np.zeros(len(y))
    trainable = np.array([s in OFF_TOPIC_SETS for s, _ in answers])
    for out in sorted(set(group)):
        test = group == out
        w = fit_logistic(X[~test & trainable], y[~test & trainable])
        prob[test] = 1 / (1 + np.exp(-(X[test] @ w[:-1] + w[-1])))
    for th in args.thresholds:
        flagged = prob >= th
        cells = []
        for name, m in (("general/experience", personal), ("other kinds", ~personal)):
            cells.append(f"{name}: {int((flagged & m & (y == 1)).sum())} of {int((m & (y == 1)).sum())} off-topic, "
                       f"{int((flagged & m & (y == 0)).sum())} of {int((m & (y == 0)).sum())} others "
                       f"({int((flagged & m & (y == 0) & has_points).sum())} with points)")
        print(f"  threshold {th:.2f}: " + "; ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
