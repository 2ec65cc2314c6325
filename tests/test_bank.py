import pytest

from simulator.bank import KINDS, load_bank, load_bank_file
from simulator.errors import BankError, UsageError
from tests.conftest import run_cli

SCENARIOS = {"transferred-caller", "negative-review", "training-rollout", "missed-kpi", "refund-policy"}


def test_builtin_bank_is_complete():
    bank = load_bank("customer-service-manager")
    ids = [q.id for q in bank.questions]
    assert len(ids) == len(set(ids)) and len(ids) >= 35
    assert SCENARIOS <= set(ids)
    assert {q.kind for q in bank.questions} == set(KINDS)
    for q in bank.questions:
        assert 3 <= len(q.rubric) <= 6, q.id
        assert q.follow_ups, q.id
        assert all(q.follow_up_for(f.if_missing) for f in q.follow_ups)
        assert all(p.cues for p in q.rubric), q.id


def write(tmp_path, text):
    p = tmp_path / "bank.yaml"
    p.write_text(text)
    return p


def test_every_problem_is_reported_with_its_line(tmp_path):
    p = write(tmp_path, """id: mine
title: Mine
questions:
  - id: q1
    kind: scenario
    text: First question?
    rubric:
      - id: a
        label: Point A
        cues: [one phrase]
    follow_ups:
      - if_missing: b
        ask: What about B?
  - id: q1
    kind: chat
    text: Second?
    target_s: [90, 30]
""")
    with pytest.raises(BankError) as err:
        load_bank_file(p)
    msg = err.value.one_line()
    assert "\n" not in msg
    assert "4 problems" in msg
    assert "line 12: question 'q1' follow-up names 'b'" in msg
    assert "line 14: question id 'q1' is used twice (first at line 4)" in msg
    assert "line 15: question 'q1' kind 'chat' is not one of" in msg
    assert "line 17: question 'q1' target_s must be [shortest, longest] seconds; write: target_s: [60, 120]" in msg


@pytest.mark.parametrize("text,needle", [
    ("id: x\ntitle: [unclosed\n", "not valid YAML"),
    ("- just\n- a list\n", "must be a mapping"),
    ("id: x\ntitle: T\nquestions: []\n", "non-empty list"),
    ("id: x\ntitle: T\nquestions:\n  - id: q\n    kind: general\n", "missing 'text'"),
    ("id: Bad Id!\ntitle: T\nquestions:\n  - {id: q, kind: general, text: 'Hi?'}\n", "must be lower-case"),
    ("id: x\ntitle: T\nquestions:\n  - {id: q, kind: general, text: 'Hi?', rubric: [{id: a, label: A, cues: {x: 1}}]}\n",
     "must be a list of phrases"),
])
def test_malformed_banks(tmp_path, text, needle):
    with pytest.raises(BankError, match="bank") as err:
        load_bank_file(write(tmp_path, text))
    assert needle in err.value.one_line()


def test_cli_reports_a_malformed_bank_on_one_line(tmp_path):
    p = write(tmp_path, "id: x\ntitle: T\nquestions:\n  - {id: q, kind: nope, text: 'Hi?'}\n")
    res = run_cli("questions", "--bank", str(p))
    assert res.returncode == 1 and len(res.stderr.strip().splitlines()) == 1
    assert "line 4" in res.stderr and "kind 'nope'" in res.stderr


def test_unknown_question_and_bank():
    bank = load_bank(None)
    with pytest.raises(UsageError, match="no question 'refund'"):
        bank.question("refund")
    with pytest.raises(UsageError, match="no question bank"):
        load_bank("astronaut")
    res = run_cli("analyze", "--question", "nope", "--text", "hello")
    assert res.returncode == 2 and "no question 'nope'" in res.stderr


def test_questions_command_filters_by_kind():
    res = run_cli("questions", "--kind", "scenario")
    assert res.returncode == 0
    lines = res.stdout.strip().splitlines()
    assert {line.split()[0] for line in lines} >= SCENARIOS
    assert all(" scenario " in line for line in lines)


def test_huge_bank_is_refused(tmp_path):
    p = tmp_path / "big.yaml"
    p.write_text("id: x\ntitle: T\nquestions:\n" + "  - {id: q, kind: general, text: 'Hi?'}\n" * 80_000)
    with pytest.raises(BankError, match="too large"):
        load_bank_file(p)
