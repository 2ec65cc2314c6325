#!/usr/bin/env python3
"""Rubric coverage against the hand-labelled answer set (tests/data/rubric_labels.yaml, written
blind to the cues): precision, recall and F1 over every (answer, rubric point) pair, per category,
and how many points off-topic answers were credited.

    .venv/bin/python scripts/eval_rubric.py [--labels FILE] [--errors]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.analysis import AnalysisSettings, analyze  # noqa: E402
from simulator.analysis.text import words_from_text  # noqa: E402
from simulator.asr import Transcript  # noqa: E402
from simulator.bank import load_bank  # noqa: E402
from simulator.meaning import attach  # noqa: E402


def evaluate(labels_path: Path | list[Path], bank_spec: str | None = None, settings: AnalysisSettings | None = None,
             show_errors: bool = False, questions: list[str] | None = None,
             show_text: bool = False, meaning: bool = True) -> dict[str, object]:
    bank = load_bank(bank_spec)
    if settings is None and meaning:
        settings = attach(None, bank)
    paths = labels_path if isinstance(labels_path, list) else [labels_path]
    answers = [a for path in paths for a in yaml.safe_load(path.read_text())["answers"]
               if not questions or a["question"] in questions]
    tp = fp = fn = tn = 0
    by_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    off_topic_credits = 0
    errors: list[str] = []
    for a in answers:
        q = bank.question(a["question"])
        result = analyze(Transcript(words_from_text(a["text"]), 0.0), q, settings, timed=False)
        assert result.rubric is not None
        truth = set(a["covered"])
        wrong_here = len(errors)
        for p in result.rubric.items:
            got, want = p.covered, p.id in truth
            tp += got and want
            fp += got and not want
            fn += want and not got
            tn += not got and not want
            c = by_cat[a["category"]]
            c[0] += got and want
            c[1] += got and not want
            c[2] += want and not got
            if got != want:
                # a miss that the matcher set aside (negated, hedged, vetoed, off-context) says so
                set_aside = not got and ("came close" in p.explanation or "opposite" in p.explanation)
                errors.append(f"{a['id']} {p.id}: {'FALSE CREDIT' if got else 'MISSED'}"
                              + (f' via "{p.cue}" in "{p.evidence}"' if got else "")
                              + (f" ({p.explanation.removesuffix(p.why).strip()})" if set_aside else ""))
            if a["category"] == "off-topic" and got:
                off_topic_credits += 1
        if show_text and len(errors) > wrong_here:
            errors.append(f"    [{a['category']}] {' '.join(a['text'].split())}\n")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if show_errors:
        print("\n".join(errors))
    return {"answers": len(answers), "pairs": tp + fp + fn + tn, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": precision, "recall": recall, "f1": f1, "off_topic_credits": off_topic_credits,
            "by_category": dict(by_cat)}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--labels", action="append", help="a labelled set (repeat to pool several); "
                   "default tests/data/rubric_labels.yaml")
    p.add_argument("--bank", default=None)
    p.add_argument("--question", action="append", help="only answers to this question id (repeatable)")
    p.add_argument("--errors", action="store_true", help="list every disagreement")
    p.add_argument("--text", action="store_true", help="with --errors: print each wrong answer's text")
    p.add_argument("--no-meaning", action="store_true", help="cues only: leave out the meaning match")
    args = p.parse_args()
    labels = [Path(x) for x in (args.labels or [str(ROOT / "tests" / "data" / "rubric_labels.yaml")])]
    r = evaluate(labels, args.bank, show_errors=args.errors or args.text, questions=args.question,
                 show_text=args.text, meaning=not args.no_meaning)
    print(f"{r['answers']} answers, {r['pairs']} (answer, point) pairs: precision {r['precision']:.3f}, "
          f"recall {r['recall']:.3f}, F1 {r['f1']:.3f} (goal >= 0.90); off-topic answers credited with "
          f"{r['off_topic_credits']} point(s) (goal 0)")
    for cat, (tp, fp, fn) in sorted(r["by_category"].items()):  # type: ignore[attr-defined]
        print(f"  {cat:12s} TP {tp:3d}  FP {fp:3d}  FN {fn:3d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
