#!/usr/bin/env python3
"""Accuracy on real human speech (../shared/speech): WER on the control clip, and um/uh/hm
recall and precision over the filler set against references.tsv.

    .venv/bin/python scripts/eval_speech.py [--asr-model NAME|DIR] [--beam N] [--verbose]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.analysis.fillers import count_hesitation_words  # noqa: E402
from simulator.asr import WhisperTranscriber  # noqa: E402
from simulator.audio import read_audio  # noqa: E402
from simulator.evaluation import score_counts, wer  # noqa: E402
from simulator.settings import AsrSettings  # noqa: E402

JFK = "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country."


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--speech", default=str(ROOT.parent / "shared" / "speech"))
    p.add_argument("--asr-model", default="bundled")
    p.add_argument("--beam", type=int, default=AsrSettings().beam_size)
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                   help="any other AsrSettings field, e.g. --set max_tokens_per_s=0 (repeatable)")
    args = p.parse_args()
    speech = Path(args.speech)
    fields = {f.name: f for f in dataclasses.fields(AsrSettings)}
    extra: dict[str, object] = {}
    for item in args.set:
        name, _, value = item.partition("=")
        if name not in fields:
            p.error(f"--set {item}: no AsrSettings field '{name}' (fields: {', '.join(fields)})")
        extra[name] = type(getattr(AsrSettings(), name))(value)
    t = WhisperTranscriber(AsrSettings(model=args.asr_model, beam_size=args.beam, **extra))  # type: ignore[arg-type]
    jfk = t.transcribe(read_audio(speech / "control" / "jfk.flac"))
    jfk_fillers = count_hesitation_words(jfk.words)
    with open(speech / "fillers" / "references.tsv", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    pairs = []
    for r in rows:
        tr = t.transcribe(read_audio(speech / "fillers" / r["file"]))
        found = count_hesitation_words(tr.words)
        pairs.append((int(r["n_um_uh_hm"]), found))
        if args.verbose and found != int(r["n_um_uh_hm"]):
            print(f"  {r['file']}: reference {r['n_um_uh_hm']}, found {found}: {tr.text}")
    s = score_counts(pairs)
    print(f"model: {t.model_id}, beam {args.beam}" + "".join(f", {k}={v}" for k, v in extra.items()))
    print(f"control clip WER: {wer(JFK, jfk.text):.3f} (goal <= 0.10); fillers invented on it: {jfk_fillers}")
    print(f"um/uh/hm over {len(rows)} clips: recall {s.recall:.3f} (goal >= 0.90), precision {s.precision:.3f} "
          f"(goal >= 0.80); TP {s.tp}, FP {s.fp}, FN {s.fn}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
