"""Question banks: YAML files a user can write, validated with file, line and what to write instead."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import BankError, UsageError
from .yamlfile import Problems, builtin_files, line_of, load_yaml, resolve_data_file

KINDS = ("experience", "behavioral", "scenario", "operational", "general")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
ROOT = Path(__file__).resolve().parent.parent
BANKS_DIR = ROOT / "data" / "banks"


@dataclass(frozen=True)
class RubricPoint:
    id: str
    label: str
    cues: tuple[str, ...] = ()
    why: str = ""


@dataclass(frozen=True)
class FollowUp:
    if_missing: str
    ask: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    target_s: tuple[float, float] | None = None
    star: bool = False
    tags: tuple[str, ...] = ()
    rubric: tuple[RubricPoint, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()
    strong_answer: str = ""
    weak_answer: str = ""
    domain_terms: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)
    """The bank's ``domain_terms`` as (group, words) pairs (words of the job's world: customer*, ticket, rep...):
    rubric evidence must sit near one of them or near a person, so an answer about something else earns nothing."""

    def follow_up_for(self, point_id: str) -> FollowUp | None:
        return next((f for f in self.follow_ups if f.if_missing == point_id), None)


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    questions: tuple[Question, ...]
    description: str = ""
    path: Path | None = field(default=None, compare=False)
    domain_terms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Optional ``domain_terms:`` (a list, or groups of lists by name) as (group, words) pairs; copied onto every
    question for the rubric matcher."""

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        close = [q.id for q in self.questions if question_id.split("-")[0] in q.id][:5]
        hint = f"did you mean {', '.join(close)}?" if close else "list them with: mock-interview questions"
        raise UsageError(f"no question '{question_id}' in bank '{self.id}'", hint)


def _str(p: Problems, d: Any, key: str, where: str, required: bool = True, example: str = "...") -> str:
    v = d.get(key) if isinstance(d, dict) else None
    if v is None:
        if required:
            p.add(line_of(d), f"{where} is missing '{key}'; write: {key}: {example}")
        return ""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = str(v)
    if not isinstance(v, str) or not v.strip():
        p.add(line_of(d, key), f"{where} '{key}' must be text; write: {key}: {example}")
        return ""
    return " ".join(v.split())


def _id(p: Problems, d: Any, where: str, example: str) -> str:
    v = _str(p, d, "id", where, example=example)
    if v and not ID_RE.match(v):
        p.add(line_of(d, "id"), f"{where} id '{v[:40]}' must be lower-case letters, digits, - or _; write: id: {example}")
    return v


def _phrases(p: Problems, d: Any, key: str, where: str) -> tuple[str, ...]:
    v = d.get(key) if isinstance(d, dict) else None
    if v is None:
        return ()
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, (str, int)) and str(x).strip() for x in v):
        p.add(line_of(d, key), f"{where} '{key}' must be a list of phrases; write: {key}: [first phrase, second phrase]")
        return ()
    return tuple(" ".join(str(x).lower().split()) for x in v)


def _question(p: Problems, d: Any, n: int) -> Question | None:
    if not isinstance(d, dict):
        p.add(0, f"question {n} must be a mapping with id, kind and text")
        return None
    qid = _id(p, d, f"question {n}", "transferred-caller")
    where = f"question '{qid or n}'"
    kind = _str(p, d, "kind", where, example="scenario")
    if kind and kind not in KINDS:
        p.add(line_of(d, "kind"), f"{where} kind '{kind[:30]}' is not one of {' | '.join(KINDS)}")
    text = _str(p, d, "text", where, example="The question as the interviewer says it")
    target = d.get("target_s")
    target_s: tuple[float, float] | None = None
    if target is not None:
        ok = (isinstance(target, list) and len(target) == 2
              and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in target)
              and 0 < target[0] < target[1] <= 1800)
        if ok:
            target_s = (float(target[0]), float(target[1]))
        else:
            p.add(line_of(d, "target_s"), f"{where} target_s must be [shortest, longest] seconds; write: target_s: [60, 120]")
    star = d.get("star", kind in ("behavioral", "scenario"))
    if not isinstance(star, bool):
        p.add(line_of(d, "star"), f"{where} star must be true or false")
        star = False
    rubric: list[RubricPoint] = []
    raw_rubric = d.get("rubric") or []
    if not isinstance(raw_rubric, list):
        p.add(line_of(d, "rubric"), f"{where} rubric must be a list of points with id and label")
        raw_rubric = []
    seen: set[str] = set()
    for r in raw_rubric:
        if not isinstance(r, dict):
            p.add(line_of(d, "rubric"), f"{where} each rubric point needs id and label; write: - id: ownership")
            continue
        rid = _id(p, r, f"{where} rubric point", "ownership")
        if rid in seen:
            p.add(line_of(r, "id"), f"{where} has two rubric points with id '{rid}'; give each a unique id")
        seen.add(rid)
        label = _str(p, r, "label", f"{where} rubric point '{rid}'", example="Takes personal ownership")
        rubric.append(RubricPoint(rid, label, _phrases(p, r, "cues", f"rubric point '{rid}'"),
                                  _str(p, r, "why", "", required=False)))
    follow_ups: list[FollowUp] = []
    raw_fu = d.get("follow_ups") or []
    if not isinstance(raw_fu, list):
        p.add(line_of(d, "follow_ups"), f"{where} follow_ups must be a list")
        raw_fu = []
    for f in raw_fu:
        if not isinstance(f, dict):
            p.add(line_of(d, "follow_ups"), f"{where} each follow-up needs if_missing and ask")
            continue
        miss = _str(p, f, "if_missing", f"{where} follow-up", example=rubric[0].id if rubric else "ownership")
        ask = _str(p, f, "ask", f"{where} follow-up", example="Who would own the case from then on?")
        if miss and miss not in seen:
            p.add(line_of(f, "if_missing"), f"{where} follow-up names '{miss}', which is not one of its rubric ids "
                                            f"({', '.join(sorted(seen)) or 'none'})")
        follow_ups.append(FollowUp(miss, ask))
    tags = _phrases(p, d, "tags", where)
    return Question(qid, kind, text, target_s, star, tags, tuple(rubric), tuple(follow_ups),
                    _str(p, d, "strong_answer", "", required=False), _str(p, d, "weak_answer", "", required=False))


def _domain_terms(p: Problems, data: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``domain_terms:`` as a list (one group, "job") or a mapping of group name -> list."""
    v = data.get("domain_terms") if isinstance(data, dict) else None
    if v is None:
        return ()
    if isinstance(v, dict):
        out = []
        for name in v:
            terms = _phrases(p, v, name, f"domain_terms group '{name}'")
            if terms:
                out.append((str(name), terms))
        return tuple(out)
    terms = _phrases(p, data, "domain_terms", "the bank")
    return (("job", terms),) if terms else ()


def load_bank_file(path: Path) -> Bank:
    data = load_yaml(path, "question bank")
    p = Problems(path)
    if not isinstance(data, dict):
        raise BankError(f"question bank {path} must be a mapping with id, title and questions",
                        "see data/banks/customer-service-manager.yaml for the shape")
    bid = _id(p, data, "the bank", "customer-service-manager")
    title = _str(p, data, "title", "the bank", example="Customer Service Manager")
    raw = data.get("questions")
    questions: list[Question] = []
    if not isinstance(raw, list) or not raw:
        p.add(line_of(data, "questions"), "the bank needs a non-empty list 'questions:'")
        raw = []
    seen: dict[str, int] = {}
    for n, qd in enumerate(raw, 1):
        q = _question(p, qd, n)
        if q is None:
            continue
        if q.id and q.id in seen:
            p.add(line_of(qd, "id"), f"question id '{q.id}' is used twice (first at line {seen[q.id]}); ids must be unique")
        seen.setdefault(q.id, line_of(qd, "id"))
        questions.append(q)
    domain_terms = _domain_terms(p, data)
    p.raise_if_any("question bank")
    if domain_terms:
        questions = [replace(q, domain_terms=domain_terms) for q in questions]
    return Bank(bid, title, tuple(questions), _str(p, data, "description", "", required=False), path, domain_terms)


def builtin_banks() -> dict[str, Path]:
    return builtin_files(BANKS_DIR)


def load_bank(spec: str | None) -> Bank:
    """A built-in bank id, or a path to a YAML file."""
    return load_bank_file(resolve_data_file(spec or "customer-service-manager", BANKS_DIR, "question bank", "--bank"))
