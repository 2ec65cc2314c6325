"""The hand-labelled answer sets used to measure the rubric (scripts/eval_rubric.py) are well formed: unique ids,
known questions and points, one of the five categories, nothing credited to an off-topic answer."""

from pathlib import Path

import pytest
import yaml

from simulator.bank import load_bank

DATA = Path(__file__).resolve().parent / "data"
SETS = sorted(DATA.glob("rubric_*.yaml"))
CATEGORIES = {"good", "weak", "partial", "paraphrased", "off-topic"}


def test_the_sets_are_there():
    names = {p.name for p in SETS}
    assert {"rubric_dev.yaml", "rubric_dev5.yaml", "rubric_labels.yaml", "rubric_heldout5.yaml"} <= names


@pytest.mark.parametrize("path", SETS, ids=[p.stem for p in SETS])
def test_a_labelled_set_is_well_formed(path):
    bank = load_bank(None)
    answers = yaml.safe_load(path.read_text())["answers"]
    assert len(answers) >= 40
    ids = [a["id"] for a in answers]
    assert len(ids) == len(set(ids)), "answer ids must be unique"
    for a in answers:
        points = {p.id for p in bank.question(a["question"]).rubric}
        assert a["category"] in CATEGORIES, a["id"]
        assert set(a["covered"]) <= points, (a["id"], set(a["covered"]) - points)
        assert a["text"].strip(), a["id"]
        if a["category"] == "off-topic":
            assert not a["covered"], a["id"]
