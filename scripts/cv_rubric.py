#!/usr/bin/env python3
"""Cross-validation over the rubric's development sets: leave one set out, build the meaning examples and the
off-topic test from the others, score the one left out. How the meaning margin (analysis.rubric.MEANING_MARGIN)
and the off-topic threshold (scripts/build_examples.py) were chosen; the held-out sets are never read.

    .venv/bin/python scripts/cv_rubric.py [--margins 0.05 0.075 0.1] [--thresholds 0.6 0.7 0.8]

With --read-sets: leave one of the read sets (build_examples.READ_SETS) out, train the point classifiers, the
examples and the scenario off-topic test on every other development set, score the one left out; how the
classifier's threshold (POINT_THRESHOLD) and the scenario off-topic threshold were chosen.

    .venv/bin/python scripts/cv_rubric.py --read-sets [--cache FILE] [--point-thresholds ...] [--scenario-thresholds ...]

With --scenario-off-topic: the scenario off-topic test alone, in a few minutes. Every answer of the development
sets is scored once with the shipped examples and classifiers but no scenario off-topic test; then, for each read
set left out, the test is trained on the other sets (with MiniLM as before; with multilingual-e5-small on the
answer; on the answer and the answer without its first sentence; and as shipped, with those answers' likeness to
the labelled answers of the other sets too) and the left-out answers it flags lose their points. The shipped
classifiers saw the read sets, so the points are in-sample; only the off-topic test is cross-validated.

    .venv/bin/python scripts/cv_rubric.py --scenario-off-topic [--cache FILE] [--scenario-thresholds ...]

Note: the cues were tuned on every development set, so the cue part of each left-out set is not blind here;
the figures say how much the meaning match and the off-topic test add on top, and at what cost.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_examples import (  # noqa: E402
    DEV_SETS,
    OFF_TOPIC_BY_KIND,
    OFF_TOPIC_SETS,
    READ_SETS,
    SCENARIO_OFF_TOPIC_LAM,
    SCENARIO_OFF_TOPIC_SETS,
    build,
    embedder,
    fit_off_topic,
    off_topic_rows,
    scenario_inputs,
    scenario_rows,
    train_off_topic,
    train_point_models,
    train_scenario_off_topic,
)
from eval_rubric import evaluate  # noqa: E402

from simulator.analysis import AnalysisSettings, analyze  # noqa: E402
from simulator.analysis.text import plain, tokens_from_words, words_from_text  # noqa: E402
from simulator.asr import Transcript  # noqa: E402
from simulator.bank import load_bank  # noqa: E402
from simulator.meaning import (  # noqa: E402
    E5_DIM,
    E5_ID,
    MeaningIndex,
    OffTopicTest,
    SentenceCache,
    SentenceEncoder,
    default_model_dir,
    e5_embed,
    fit_logistic,
    meaning_for_bank,
    neighbours_by_question,
    off_topic_inputs,
    parse_examples,
)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--margins", type=float, nargs="+", default=[0.05, 0.075, 0.1])
    p.add_argument("--thresholds", type=float, nargs="+", default=[0.6, 0.7, 0.8, 0.9])
    p.add_argument("--read-sets", action="store_true", help="cross-validate the point classifiers and the scenario "
                   "off-topic test over the read sets instead")
    p.add_argument("--scenario-off-topic", action="store_true", help="cross-validate the scenario off-topic test "
                   "alone over the read sets (minutes, not an hour)")
    p.add_argument("--point-thresholds", type=float, nargs="+", default=[0.7, 0.8, 0.9])
    p.add_argument("--scenario-thresholds", type=float, nargs="+", default=[0.5, 0.6, 0.7, 0.8, 0.9])
    p.add_argument("--cache", type=Path, help="an SQLite file keeping sentence embeddings between runs")
    args = p.parse_args()
    model_dir = default_model_dir()
    if model_dir is None:
        raise SystemExit("the sentence model is not installed: run scripts/setup")
    encoder = SentenceEncoder(model_dir)
    embed_e5 = embedder(e5_embed, SentenceCache(args.cache, E5_ID) if args.cache else None, E5_DIM)
    if args.scenario_off_topic:
        return scenario_off_topic_cv(args, embed_e5)
    if args.read_sets:
        cached = embedder(lambda texts: encoder.embed(texts, batch=16), SentenceCache(args.cache) if args.cache else None)
        return read_sets_cv(model_dir, cached, embed_e5, args)
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


def read_sets_cv(model_dir: Path, embed: Any, embed_e5: Any, args: argparse.Namespace) -> int:
    general = train_off_topic(embed, OFF_TOPIC_SETS)
    g = (np.array(general["weights"], np.float32), general["threshold"], OFF_TOPIC_BY_KIND)
    rows: dict[str, np.ndarray] = {}

    def add(name: str, index: MeaningIndex, out: Path) -> None:
        r = evaluate(out, settings=AnalysisSettings(meaning=index))
        rows[name] = rows.get(name, np.zeros(4)) + [r["tp"], r["fp"], r["fn"], r["off_topic_credits"]]

    for out in READ_SETS:
        rest = [s for s in DEV_SETS if s != out]
        sentences, points = parse_examples(build(None, rest))
        emb = embed(sentences)
        models = {(qid, pid): np.array(w, np.float32) for qid, ws in train_point_models(embed, None, rest).items()
                  for pid, w in ws.items()}
        trained, near = train_scenario_off_topic(embed_e5, OFF_TOPIC_SETS + [r for r in READ_SETS if r != out])
        scen = np.array(trained["weights"], np.float32)
        neighbours = neighbours_by_question(near["whole"], near["rest"], near["off_topic"], near["question"])
        add("nearest examples only, general off-topic test", MeaningIndex(model_dir, sentences, emb, points, None, *g), out)
        for pt in args.point_thresholds:
            add(f"classifiers at {pt:.2f}, general off-topic test",
                MeaningIndex(model_dir, sentences, emb, points, None, *g, {}, models, pt), out)
            for st in args.scenario_thresholds:
                add(f"classifiers at {pt:.2f}, scenario off-topic test at {st:.2f}",
                    MeaningIndex(model_dir, sentences, emb, points, None, *g,
                                 {"scenario": OffTopicTest(scen, st, E5_ID, True, neighbours)}, models, pt), out)
        print(f"  {out.name} done", file=sys.stderr)
    print(f"left-out read sets pooled ({', '.join(r.name for r in READ_SETS)}):")
    for name, (tp, fp, fn, off) in rows.items():
        prec, rec = tp / (tp + fp), tp / (tp + fn)
        print(f"  {name:55s} P {prec:.3f} R {rec:.3f} F1 {2 * prec * rec / (prec + rec):.3f}, "
              f"{int(off)} points to off-topic answers")
    return 0


def scenario_off_topic_cv(args: argparse.Namespace, embed_e5: Any) -> int:
    import dataclasses

    bank = load_bank(None)
    status = meaning_for_bank(bank.path, None)
    if status.index is None:
        raise SystemExit(f"the meaning match is off: {status.reason}")
    # the shipped index without a scenario test: its general threshold above 1 never flags
    index = dataclasses.replace(status.index, off_topic_models={},
                                off_topic_by_kind={**status.index.off_topic_by_kind, "scenario": 2.0},
                                disk=SentenceCache(args.cache) if args.cache else None)
    settings = AnalysisSettings(meaning=index)
    sets = sorted(set(SCENARIO_OFF_TOPIC_SETS), key=SCENARIO_OFF_TOPIC_SETS.index)
    rows = []  # per answer: set, scenario?, tp, fp, fn, points given to an off-topic answer
    for path in sets:
        for a in yaml.safe_load(path.read_text())["answers"]:
            q = bank.question(a["question"])
            r = analyze(Transcript(words_from_text(a["text"]), 0.0), q, settings, timed=False).rubric
            assert r is not None
            truth = set(a["covered"])
            hits = sum(p.covered and p.id in truth for p in r.items)
            wrong = sum(p.covered and p.id not in truth for p in r.items)
            rows.append((path, q.kind == "scenario", hits, wrong, len(truth) - hits,
                         hits + wrong if a["category"] == "off-topic" else 0))
        print(f"  {path.name} scored", file=sys.stderr)
    names = np.array([r[0].name for r in rows])
    scen = np.array([r[1] for r in rows])
    tp, fp, fn, off = (np.array([r[k] for r in rows]) for k in (2, 3, 4, 5))
    encoder = SentenceEncoder(index.model_dir)
    embed = embedder(lambda texts: encoder.embed(texts, batch=16), SentenceCache(args.cache) if args.cache else None)
    Xm, y = off_topic_rows(embed, sets)
    Xe, _ = off_topic_rows(embed_e5, sets)
    Xr, _ = off_topic_rows(embed_e5, sets, rest=True)
    near = scenario_rows(embed_e5, sets)
    variants: dict[str, Any] = {
        "MiniLM": (Xm, False, 0.1), "e5, standardised": (Xe, True, SCENARIO_OFF_TOPIC_LAM),
        "e5 with the rest, standardised": (Xr, True, SCENARIO_OFF_TOPIC_LAM),
        # as shipped: the neighbours of a left-out answer come from the other sets only
        "e5, rest and neighbours (shipped)": (None, True, SCENARIO_OFF_TOPIC_LAM)}
    test = np.isin(names, [r.name for r in READ_SETS]) & scen
    print(f"scenario off-topic test, each read set left out in turn ({int((test & (y == 1)).sum())} off-topic and "
          f"{int((test & (y == 0)).sum())} other answers to the scenario questions of {len(READ_SETS)} sets):")
    for label, (X, standardise, lam) in variants.items():
        prob = np.zeros(len(rows))
        for out in READ_SETS:
            held = names == out.name
            Xf = scenario_inputs(near, ~held) if X is None else X
            w = fit_off_topic(Xf[~held], y[~held], standardise, lam)
            prob[held] = 1 / (1 + np.exp(-(Xf[held] @ w[:-1] + w[-1])))
        for th in args.scenario_thresholds:
            kept = test & (prob < th)
            t_p, f_p, f_n = tp[kept].sum(), fp[kept].sum(), fn[test].sum() + tp[test & ~kept].sum()
            prec, rec = t_p / max(1, t_p + f_p), t_p / max(1, t_p + f_n)
            print(f"  {label:34s} at {th:.2f}: P {prec:.3f} R {rec:.3f} F1 {2 * prec * rec / (prec + rec):.3f}, "
                  f"{int(off[kept].sum())} points to {int((kept & (off > 0)).sum())} off-topic answers, "
                  f"{int((test & (y == 0) & (prob >= th)).sum())} other answers flagged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
